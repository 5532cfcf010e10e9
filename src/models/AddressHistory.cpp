#include "AddressHistory.h"

namespace hindsight::AddressHistory {

void apply(AddressPeriods& periods, EventType type, qint64 recordedAtMs, qint64 version, const QString& address)
{
    switch (type) {
    case EventType::Created:
        periods.append({address, recordedAtMs, 0, version, false});
        break;
    case EventType::Updated:
        if (periods.isEmpty()) {
            periods.append({address, recordedAtMs, 0, version, false});
        } else if (periods.last().address != address) {
            periods.last().toMs = recordedAtMs;
            periods.append({address, recordedAtMs, 0, version, false});
        }
        break;
    case EventType::Deleted:
        if (!periods.isEmpty() && periods.last().isCurrent()) {
            periods.last().toMs = recordedAtMs;
            periods.last().endedByDeletion = true;
        }
        break;
    }
}

void apply(AddressPeriods& periods, const Event& event)
{
    apply(periods, event.type(), event.recordedAtMs(), event.version(), event.data().address);
}

AddressPeriods fromStream(const EventList& stream)
{
    AddressPeriods periods;
    for (const Event& e : stream)
        apply(periods, e);
    return periods;
}

} // namespace hindsight::AddressHistory
