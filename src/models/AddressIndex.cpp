#include "AddressIndex.h"

namespace hindsight {

void AddressIndex::apply(const Event& event)
{
    if (event.position() != 0 && event.position() <= m_headPosition)
        return; // folded in already
    AddressHistory::apply(m_periods[event.customerId()], event);
    m_headPosition = std::max(m_headPosition, event.position());
}

void AddressIndex::apply(const EventRecordView& event)
{
    if (event.position <= m_headPosition)
        return;
    AddressHistory::apply(m_periods[QString::fromUtf8(event.customerId)], event.type, event.recordedAtMs, event.version,
                          QString::fromUtf8(event.address));
    m_headPosition = event.position;
}

const AddressPeriods* AddressIndex::periodsOf(const QString& customerId) const
{
    const auto it = m_periods.constFind(customerId);
    return it == m_periods.cend() ? nullptr : &*it;
}

} // namespace hindsight
