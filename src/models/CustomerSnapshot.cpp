#include "CustomerSnapshot.h"

#include <QThreadPool>

#include <algorithm>

namespace hindsight {

CustomerSnapshot::CustomerSnapshot(CustomerList records, std::shared_ptr<const AddressIndex> addresses, qint64 headPosition,
                                   qint64 eventCount, qint64 asOfMs)
    : m_records(std::move(records))
    , m_addresses(std::move(addresses))
    , m_headPosition(headPosition)
    , m_eventCount(eventCount)
    , m_asOfMs(asOfMs)
{
    for (const CustomerRecord& r : std::as_const(m_records)) {
        if (r.status == CustomerStatus::Deleted)
            ++m_deletedCount;
        else
            ++m_activeCount;
    }
}

qsizetype CustomerSnapshot::indexOf(const QString& customerId) const
{
    const auto it = std::lower_bound(m_records.cbegin(), m_records.cend(), customerId,
                                     [](const CustomerRecord& r, const QString& id) { return r.customerId < id; });
    if (it == m_records.cend() || it->customerId != customerId)
        return -1;
    return it - m_records.cbegin();
}

void releaseOffThread(CustomerSnapshotPtr snapshot)
{
    if (!snapshot || snapshot.use_count() > 1 || snapshot->size() < 1000)
        return; // someone else still holds it, or it is cheap: let it go here
    QThreadPool::globalInstance()->start([doomed = std::move(snapshot)]() mutable { doomed.reset(); });
}

} // namespace hindsight
