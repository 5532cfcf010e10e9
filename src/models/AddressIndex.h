#pragma once

#include "AddressHistory.h"
#include "EventStore.h"

#include <QHash>

namespace hindsight {

/**
 * Every address every customer ever had, with its period: what lets a search for "Leeds" find a customer who
 * has moved away since. Built once from the whole log on a worker thread and then kept up to date with the
 * events appended after it. Periods carry their times, so the same index answers "who lived in Leeds as of T".
 */
class AddressIndex
{
public:
    /** Folds one event into the index; events must come in global order. */
    void apply(const Event& event);
    /** The same from a bulk reader's view of the event (EventStore::forEachEventRecord). */
    void apply(const EventRecordView& event);
    /** Room for @p customers customers, when their number is known before reading. */
    void reserve(qsizetype customers) { m_periods.reserve(customers); }

    /** The customer's periods, oldest first; nullptr for a customer the index has not seen. */
    const AddressPeriods* periodsOf(const QString& customerId) const;

    /** Global position of the newest event folded in. */
    qint64 headPosition() const { return m_headPosition; }
    qsizetype customerCount() const { return m_periods.size(); }

private:
    QHash<QString, AddressPeriods> m_periods;
    qint64 m_headPosition = 0;
};

} // namespace hindsight
