#include "CustomerAggregate.h"

#include "AccountRules.h"

#include <QDateTime>

namespace hindsight {

CustomerAggregate::CustomerAggregate(QString customerId, std::optional<CustomerRecord> state)
    : m_customerId(std::move(customerId))
    , m_state(std::move(state))
{
}

Result<void> CustomerAggregate::validate(const CustomerData& data, QDate today)
{
    // What a person types is recorded now: the day of the event is today.
    return AccountRules::checkData(data, today, today);
}

Result<void> CustomerAggregate::validateCustomerId(const QString& customerId)
{
    return AccountRules::checkCustomerId(customerId);
}

Result<void> CustomerAggregate::requireLive(const QString& action) const
{
    if (!m_state)
        return makeError(ErrorCode::NotFound, QStringLiteral("Cannot %1 customer %2: there is no such customer.").arg(action, m_customerId));
    if (m_state->status == CustomerStatus::Deleted)
        return makeError(ErrorCode::Validation, QStringLiteral("Cannot %1 customer %2: the customer is deleted.").arg(action, m_customerId));
    return {};
}

qint64 CustomerAggregate::nextRecordedAt(qint64 nowMs) const
{
    return m_state ? std::max(nowMs, m_state->updatedAtMs + 1) : nowMs;
}

Result<Event> CustomerAggregate::create(const CustomerData& data, qint64 nowMs, QDate today) const
{
    if (auto r = validateCustomerId(m_customerId); !r)
        return r.error();
    if (m_state) {
        return makeError(ErrorCode::Validation, QStringLiteral("Customer %1 exists already.").arg(m_customerId),
                         QStringLiteral("id"));
    }
    if (auto r = validate(data, today); !r)
        return r.error();
    return Event(Event::newEventId(), m_customerId, EventType::Created, nextRecordedAt(nowMs), data);
}

Result<Event> CustomerAggregate::update(const CustomerData& data, qint64 nowMs, QDate today) const
{
    if (auto r = requireLive(QStringLiteral("update")); !r)
        return r.error();
    if (auto r = validate(data, today); !r)
        return r.error();
    if (data == m_state->data)
        return makeError(ErrorCode::Validation, QStringLiteral("Nothing changed: customer %1 already has these details.").arg(m_customerId));
    return Event(Event::newEventId(), m_customerId, EventType::Updated, nextRecordedAt(nowMs), data);
}

Result<Event> CustomerAggregate::remove(qint64 nowMs) const
{
    if (auto r = requireLive(QStringLiteral("delete")); !r)
        return r.error();
    return Event(Event::newEventId(), m_customerId, EventType::Deleted, nextRecordedAt(nowMs), m_state->data);
}

} // namespace hindsight
