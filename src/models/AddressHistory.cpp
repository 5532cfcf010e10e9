#include "AddressHistory.h"

namespace hindsight::AddressHistory {

void apply(AddressPeriods& periods, const Event& event)
{
    switch (event.type()) {
    case EventType::Created:
        periods.append({event.data().address, event.recordedAtMs(), 0, event.version(), false});
        break;
    case EventType::Updated:
        if (periods.isEmpty()) {
            periods.append({event.data().address, event.recordedAtMs(), 0, event.version(), false});
        } else if (periods.last().address != event.data().address) {
            periods.last().toMs = event.recordedAtMs();
            periods.append({event.data().address, event.recordedAtMs(), 0, event.version(), false});
        }
        break;
    case EventType::Deleted:
        if (!periods.isEmpty() && periods.last().isCurrent()) {
            periods.last().toMs = event.recordedAtMs();
            periods.last().endedByDeletion = true;
        }
        break;
    }
}

AddressPeriods fromStream(const EventList& stream)
{
    AddressPeriods periods;
    for (const Event& e : stream)
        apply(periods, e);
    return periods;
}

} // namespace hindsight::AddressHistory
