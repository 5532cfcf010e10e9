#include "AccountService.h"

#include "CustomerAggregate.h"

#include <QDateTime>
#include <QRandomGenerator>

namespace hindsight {

AccountService::AccountService(EventStore& store, const Clock& clock)
    : m_store(store)
    , m_clock(clock)
{
}

QDate AccountService::today() const
{
    return QDateTime::fromMSecsSinceEpoch(m_clock.nowMs(), Qt::UTC).date();
}

Result<QString> AccountService::newCustomerId()
{
    for (int attempt = 0; attempt < 100; ++attempt) {
        const quint64 n = QRandomGenerator::global()->bounded(Q_UINT64_C(10000000000));
        const QString digits = QStringLiteral("%1").arg(n, 10, 10, QLatin1Char('0'));
        const QString id = digits.left(3) % QLatin1Char('-') % digits.mid(3, 3) % QLatin1Char('-') % digits.mid(6);
        auto existing = m_store.customer(id);
        if (!existing)
            return existing.error();
        if (!existing->has_value())
            return id;
    }
    return makeError(ErrorCode::Io, QStringLiteral("could not find a free customer id"));
}

Result<Event> AccountService::createCustomer(const CustomerData& data, const QString& customerId)
{
    QString id = customerId.trimmed();
    if (id.isEmpty()) {
        auto fresh = newCustomerId();
        if (!fresh)
            return fresh.error();
        id = *fresh;
    }
    auto state = m_store.customer(id);
    if (!state)
        return state.error();
    auto event = CustomerAggregate(id, *state).create(data, m_clock.nowMs(), today());
    if (!event)
        return event;
    return appendOne(*event, EventStore::NoStream);
}

Result<Event> AccountService::updateCustomer(const QString& customerId, const CustomerData& data, qint64 expectedVersion)
{
    auto loaded = load(customerId, expectedVersion);
    if (!loaded)
        return loaded.error();
    const CustomerAggregate& aggregate = *loaded;
    auto event = aggregate.update(data, m_clock.nowMs(), today());
    if (!event)
        return event;
    return appendOne(*event, aggregate.version());
}

Result<Event> AccountService::deleteCustomer(const QString& customerId, qint64 expectedVersion)
{
    auto loaded = load(customerId, expectedVersion);
    if (!loaded)
        return loaded.error();
    const CustomerAggregate& aggregate = *loaded;
    auto event = aggregate.remove(m_clock.nowMs());
    if (!event)
        return event;
    return appendOne(*event, aggregate.version());
}

Result<CustomerAggregate> AccountService::load(const QString& customerId, qint64 expectedVersion) const
{
    auto state = m_store.customer(customerId);
    if (!state)
        return state.error();
    CustomerAggregate aggregate(customerId, *state);
    if (expectedVersion != EventStore::AnyVersion && expectedVersion != aggregate.version()) {
        Error conflict = makeError(ErrorCode::Conflict,
                                   QStringLiteral("customer %1 changed meanwhile: it is at version %2, not %3; nothing was written")
                                       .arg(customerId)
                                       .arg(aggregate.version())
                                       .arg(expectedVersion));
        conflict.currentVersion = aggregate.version();
        return conflict;
    }
    return aggregate;
}

Result<Event> AccountService::appendOne(const Event& event, qint64 expectedVersion)
{
    // The version the rules were checked against goes with the append: if another writer got in between,
    // the store refuses with a Conflict instead of applying a command checked against a stale state.
    auto outcome = m_store.append(event.customerId(), expectedVersion, {event});
    if (!outcome)
        return outcome.error();
    return outcome->events.first();
}

} // namespace hindsight
