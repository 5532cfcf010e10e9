#pragma once

#include "CustomerRecord.h"
#include "Result.h"

#include <QMap>

namespace hindsight {

/**
 * Folds one event into the customer it concerns. This is the single definition of what an event does to the
 * customer table; the stores' maintained projections and every replay go through it.
 * Refuses an event that cannot follow @p before: a create of an existing customer, an update or delete of an
 * unknown or deleted one, a version out of sequence, or a recorded-at that goes backwards.
 */
Result<CustomerRecord> applyEvent(const std::optional<CustomerRecord>& before, const Event& event);
/** The same, with @p before a customer's row where it is kept (nullptr: none), for loops that must not copy it. */
Result<CustomerRecord> applyEvent(const CustomerRecord* before, const Event& event);

/**
 * applyEvent() on the row that @p rows (a QHash or QMap by customer id) keeps for the event's customer: looked up
 * once, read and replaced in place, or added. Returns the row as it now is, valid until @p rows next grows.
 */
template <typename Rows>
Result<const CustomerRecord*> applyEventIn(Rows& rows, const Event& event)
{
    const auto it = rows.find(event.customerId());
    const bool known = it != rows.end();
    auto after = applyEvent(known ? &*it : nullptr, event);
    if (!after)
        return after.error();
    if (known) {
        *it = std::move(after).value();
        return &*it;
    }
    return &*rows.insert(event.customerId(), std::move(after).value());
}

/** The customer table rebuilt in memory by replaying events in order. */
class CustomerProjection
{
public:
    Result<void> apply(const Event& event);
    /** Every customer seen so far, sorted by customer id. */
    CustomerList customers() const;
    std::optional<CustomerRecord> customer(const QString& customerId) const;

    /** Replays @p events (in stream order per customer) from nothing. */
    static Result<CustomerProjection> replay(const EventList& events);

private:
    QMap<QString, CustomerRecord> m_customers;
};

} // namespace hindsight
