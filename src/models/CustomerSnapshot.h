#pragma once

#include "AddressIndex.h"
#include "CustomerRecord.h"

#include <memory>

namespace hindsight {

/**
 * The customer table at one moment, immutable once built: the rows (sorted by customer id), the index of every
 * address each customer ever had, and where in the log it stands. Built on worker threads and handed to the
 * GUI thread whole, so the table changes in one step. The present and any past moment (the as-of engine) are
 * both just snapshots.
 */
class CustomerSnapshot
{
public:
    /** asOfMs of a snapshot of the present. */
    static constexpr qint64 Now = -1;

    CustomerSnapshot() = default;
    /** @p records must be sorted by customer id. */
    CustomerSnapshot(CustomerList records, std::shared_ptr<const AddressIndex> addresses, qint64 headPosition,
                     qint64 eventCount, qint64 asOfMs = Now);

    const CustomerList& records() const { return m_records; }
    qsizetype size() const { return m_records.size(); }
    const CustomerRecord& at(qsizetype index) const { return m_records.at(index); }
    /** Index of the customer in records(), or -1. */
    qsizetype indexOf(const QString& customerId) const;

    /** Every address ever, or nullptr while the index is still being built. */
    const std::shared_ptr<const AddressIndex>& addresses() const { return m_addresses; }

    /** Global position of the newest event the rows reflect (they may reflect later ones too). */
    qint64 headPosition() const { return m_headPosition; }
    qint64 eventCount() const { return m_eventCount; }
    /** The moment shown: Now, or milliseconds since the epoch for the table as it was then. */
    qint64 asOfMs() const { return m_asOfMs; }
    bool isPast() const { return m_asOfMs != Now; }

    qint64 activeCount() const { return m_activeCount; }
    qint64 deletedCount() const { return m_deletedCount; }

private:
    CustomerList m_records;
    std::shared_ptr<const AddressIndex> m_addresses;
    qint64 m_headPosition = 0;
    qint64 m_eventCount = 0;
    qint64 m_asOfMs = Now;
    qint64 m_activeCount = 0;
    qint64 m_deletedCount = 0;
};

using CustomerSnapshotPtr = std::shared_ptr<const CustomerSnapshot>;

/**
 * Drops @p snapshot on a worker thread: freeing 100,000 rows takes longer than a frame, and the GUI thread
 * may hold the last reference when it swaps in a newer snapshot.
 */
void releaseOffThread(CustomerSnapshotPtr snapshot);

} // namespace hindsight
