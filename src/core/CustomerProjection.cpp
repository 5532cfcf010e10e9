#include "CustomerProjection.h"

#include "Timestamp.h"

namespace hindsight {

QString customerStatusName(CustomerStatus status)
{
    return status == CustomerStatus::Active ? QStringLiteral("ACTIVE") : QStringLiteral("DELETED");
}

Result<CustomerRecord> applyEvent(const std::optional<CustomerRecord>& before, const Event& event)
{
    return applyEvent(before ? &*before : nullptr, event);
}

Result<CustomerRecord> applyEvent(const CustomerRecord* before, const Event& event)
{
    const auto refuse = [&](const QString& why) {
        return makeError(ErrorCode::Validation,
                         QStringLiteral("event %1 (%2 of customer %3 at %4) cannot be applied: %5")
                             .arg(event.eventId(), statusName(event.type()), event.customerId(),
                                  Timestamp::format(event.recordedAtMs()), why));
    };
    const qint64 expectedVersion = before ? before->version + 1 : 1;
    if (event.version() != 0 && event.version() != expectedVersion)
        return refuse(QStringLiteral("its version is %1 but the stream expects %2").arg(event.version()).arg(expectedVersion));
    if (before && event.recordedAtMs() <= before->updatedAtMs) {
        return refuse(QStringLiteral("it is not later than the customer's previous event (%1)")
                          .arg(Timestamp::format(before->updatedAtMs)));
    }
    CustomerRecord after;
    switch (event.type()) {
    case EventType::Created:
        if (before)
            return refuse(QStringLiteral("the customer exists already"));
        after.customerId = event.customerId();
        after.createdAtMs = event.recordedAtMs();
        after.status = CustomerStatus::Active;
        break;
    case EventType::Updated:
    case EventType::Deleted:
        if (!before)
            return refuse(QStringLiteral("the customer has not been created"));
        if (before->status == CustomerStatus::Deleted)
            return refuse(QStringLiteral("the customer is deleted"));
        after = *before;
        after.status = event.type() == EventType::Deleted ? CustomerStatus::Deleted : CustomerStatus::Active;
        break;
    }
    after.data = event.data();
    after.version = expectedVersion;
    after.updatedAtMs = event.recordedAtMs();
    return after;
}

Result<void> CustomerProjection::apply(const Event& event)
{
    if (auto after = applyEventIn(m_customers, event); !after)
        return after.error();
    return {};
}

CustomerList CustomerProjection::customers() const
{
    return m_customers.values();
}

std::optional<CustomerRecord> CustomerProjection::customer(const QString& customerId) const
{
    const auto it = m_customers.constFind(customerId);
    if (it == m_customers.cend())
        return std::nullopt;
    return *it;
}

Result<CustomerProjection> CustomerProjection::replay(const EventList& events)
{
    CustomerProjection projection;
    for (const Event& event : events) {
        if (auto applied = projection.apply(event); !applied)
            return applied.error();
    }
    return projection;
}

} // namespace hindsight
