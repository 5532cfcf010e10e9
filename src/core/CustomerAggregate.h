#pragma once

#include "CustomerRecord.h"
#include "Result.h"

#include <optional>

namespace hindsight {

/**
 * The rules a command must pass before any event is written. Built from the customer's current state
 * (none for an unknown customer); each command returns the event to append, or a Validation error that names
 * the field at fault.
 */
class CustomerAggregate
{
public:
    CustomerAggregate(QString customerId, std::optional<CustomerRecord> state);

    /** Checks attributes alone, as AccountRules::checkData() for an event recorded @p today. */
    static Result<void> validate(const CustomerData& data, QDate today);
    /** A customer id, as AccountRules::checkCustomerId(). */
    static Result<void> validateCustomerId(const QString& customerId);

    Result<Event> create(const CustomerData& data, qint64 nowMs, QDate today) const;
    /** The full new state. Refused when nothing changed. */
    Result<Event> update(const CustomerData& data, qint64 nowMs, QDate today) const;
    Result<Event> remove(qint64 nowMs) const;

    const QString& customerId() const { return m_customerId; }
    qint64 version() const { return m_state ? m_state->version : 0; }
    const std::optional<CustomerRecord>& state() const { return m_state; }

private:
    Result<void> requireLive(const QString& action) const;
    /** Recorded-at for the next event: now, but never before the stream's latest event. */
    qint64 nextRecordedAt(qint64 nowMs) const;

    QString m_customerId;
    std::optional<CustomerRecord> m_state;
};

} // namespace hindsight
