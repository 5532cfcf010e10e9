#pragma once

#include "Event.h"

namespace hindsight {

/** One address a customer had, and when: from the event that set it until the event that replaced it. */
struct AddressPeriod {
    QString address;
    qint64 fromMs = 0;       ///< recorded-at of the event that set this address
    qint64 toMs = 0;         ///< recorded-at of the event that ended it; 0 while it is still the address
    qint64 fromVersion = 0;  ///< stream version that set it
    bool endedByDeletion = false;

    bool isCurrent() const { return toMs == 0; }
    /** Whether this was the customer's address at @p asOfMs. */
    bool validAt(qint64 asOfMs) const { return fromMs <= asOfMs && (toMs == 0 || asOfMs < toMs); }

    friend bool operator==(const AddressPeriod&, const AddressPeriod&) = default;
};

using AddressPeriods = QList<AddressPeriod>;

/** Derives the periods of a customer's addresses from the customer's events. */
namespace AddressHistory {

/** Folds one event of the customer's stream (in stream order) into @p periods, oldest first. */
void apply(AddressPeriods& periods, const Event& event);
/** The same, from the parts of an event that matter here. */
void apply(AddressPeriods& periods, EventType type, qint64 recordedAtMs, qint64 version, const QString& address);

/** The periods of a whole stream (oldest first in, oldest first out). */
AddressPeriods fromStream(const EventList& stream);

} // namespace AddressHistory

} // namespace hindsight
