#pragma once

#include "Clock.h"
#include "CustomerAggregate.h"
#include "EventStore.h"

namespace hindsight {

/**
 * The commands people give: create, update, delete a customer. Each loads the customer, checks the rules
 * (CustomerAggregate), and appends one event with optimistic concurrency. Used by the CLI and the GUI alike.
 */
class AccountService
{
public:
    explicit AccountService(EventStore& store, const Clock& clock = SystemClock::instance());

    /** Creates a customer; a new id of the form 100-255-8730 is chosen when @p customerId is empty. */
    Result<Event> createCustomer(const CustomerData& data, const QString& customerId = {});
    /** Replaces the customer's attributes with @p data; refused when nothing changed. */
    Result<Event> updateCustomer(const QString& customerId, const CustomerData& data,
                                 qint64 expectedVersion = EventStore::AnyVersion);
    Result<Event> deleteCustomer(const QString& customerId, qint64 expectedVersion = EventStore::AnyVersion);

    /** A fresh id of the form NNN-NNN-NNNN that no customer has. */
    Result<QString> newCustomerId();

private:
    /** The customer's aggregate, or a Conflict when it is no longer at @p expectedVersion. */
    Result<CustomerAggregate> load(const QString& customerId, qint64 expectedVersion) const;
    Result<Event> appendOne(const Event& event, qint64 expectedVersion);
    QDate today() const;

    EventStore& m_store;
    const Clock& m_clock;
};

} // namespace hindsight
