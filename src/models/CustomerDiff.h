#pragma once

#include "CustomerRecord.h"

#include <QMetaType>

namespace hindsight {

/** One attribute that differs between two states of a customer. */
struct FieldChange {
    QString field;   ///< "firstName", "lastName", "address", "dob", "status"
    QString label;   ///< "First name", ... for people
    QString before;  ///< empty when the field had no value (before a create)
    QString after;

    friend bool operator==(const FieldChange&, const FieldChange&) = default;
};

using FieldChanges = QList<FieldChange>;

/** What differs between two states of a customer, field by field, in the order of Table 3-1. */
namespace CustomerDiff {

/** Only the attributes that changed from @p before to @p after. */
FieldChanges between(const CustomerData& before, const CustomerData& after);

/** Attributes and status; a missing side (no customer yet) lists every field of the other. */
FieldChanges between(const std::optional<CustomerRecord>& before, const std::optional<CustomerRecord>& after);

/** "Address: 15, Nice Road, Cardiff → 34, Fine Way, Leeds", one line per change. */
QStringList describe(const FieldChanges& changes);

} // namespace CustomerDiff

} // namespace hindsight

Q_DECLARE_METATYPE(hindsight::FieldChange)
