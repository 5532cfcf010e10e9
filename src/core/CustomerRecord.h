#pragma once

#include "Event.h"

namespace hindsight {

enum class CustomerStatus { Active, Deleted };

/** "ACTIVE" or "DELETED", as in the Status column of Table 3-1. */
QString customerStatusName(CustomerStatus status);

/** One row of the customer table (Table 3-1): a customer as the events so far leave it. */
struct CustomerRecord {
    QString customerId;
    CustomerData data;
    CustomerStatus status = CustomerStatus::Active;
    qint64 version = 0;       ///< version of the latest event applied
    qint64 createdAtMs = 0;   ///< recorded-at of the AccountCreated event
    qint64 updatedAtMs = 0;   ///< recorded-at of the latest event applied

    friend bool operator==(const CustomerRecord&, const CustomerRecord&) = default;
};

using CustomerList = QList<CustomerRecord>;

} // namespace hindsight
