#pragma once

#include "Clock.h"
#include "EventStore.h"

#include <functional>
#include <optional>

namespace hindsight {

/**
 * What `hindsight-cli update` was asked: the fields given change, the others stay as the customer has them when
 * the change is written.
 *
 * Without an expected version the request is "set these fields now": when another writer gets in between reading
 * the customer and appending, the customer is read again and the change applied to what is there now, so the
 * fields not given keep the other writer's values (never the old ones written back) and nothing of theirs is
 * lost. With an expected version the request is "change the customer as it was at that version": a customer that
 * moved on is ErrorCode::Conflict and nothing is written.
 */
class CustomerFieldUpdate
{
public:
    /** How often a change is tried before giving up with a Conflict (each failed try means another writer won). */
    static constexpr int MaxAttempts = 100;

    std::optional<QString> firstName;
    std::optional<QString> lastName;
    std::optional<QString> address;
    std::optional<QDate> dateOfBirth;

    bool isEmpty() const { return !firstName && !lastName && !address && !dateOfBirth; }
    /** @p current with the given fields replaced. */
    CustomerData appliedTo(const CustomerData& current) const;

    /**
     * For tests: called with the attempt (1, 2, …) after the customer was read and before the change is
     * appended, where another writer may get in.
     */
    using BeforeAppend = std::function<void(int attempt)>;

    /**
     * Appends the change to @p customerId's stream as an AccountUpdated event. ErrorCode::NotFound for an unknown
     * customer; the rules' refusals (a deleted customer, nothing changed) as AccountService gives them.
     */
    Result<Event> writeTo(EventStore& store, const QString& customerId, qint64 expectedVersion = EventStore::AnyVersion,
                          const Clock& clock = SystemClock::instance(), const BeforeAppend& beforeAppend = {}) const;
};

} // namespace hindsight
