#include "CustomerDiff.h"

#include "Timestamp.h"

#include <QCoreApplication>

namespace hindsight::CustomerDiff {

namespace {

QString label(const char* text)
{
    return QCoreApplication::translate("CustomerDiff", text);
}

void compare(FieldChanges& out, const char* field, const char* title, const QString& before, const QString& after)
{
    if (before != after)
        out.append({QString::fromLatin1(field), label(title), before, after});
}

QString dateText(QDate date)
{
    return date.isValid() ? Timestamp::formatDate(date) : QString();
}

} // namespace

FieldChanges between(const CustomerData& before, const CustomerData& after)
{
    FieldChanges changes;
    compare(changes, "firstName", "First name", before.firstName, after.firstName);
    compare(changes, "lastName", "Last name", before.lastName, after.lastName);
    compare(changes, "address", "Address", before.address, after.address);
    compare(changes, "dob", "DOB", dateText(before.dateOfBirth), dateText(after.dateOfBirth));
    return changes;
}

FieldChanges between(const std::optional<CustomerRecord>& before, const std::optional<CustomerRecord>& after)
{
    const CustomerData none;
    FieldChanges changes = between(before ? before->data : none, after ? after->data : none);
    const QString statusBefore = before ? customerStatusName(before->status) : QString();
    const QString statusAfter = after ? customerStatusName(after->status) : QString();
    compare(changes, "status", "Status", statusBefore, statusAfter);
    return changes;
}

QStringList describe(const FieldChanges& changes)
{
    QStringList lines;
    const QString none = QCoreApplication::translate("CustomerDiff", "(none)");
    for (const FieldChange& c : changes) {
        lines.append(QStringLiteral("%1: %2 \u2192 %3").arg(c.label, c.before.isEmpty() ? none : c.before,
                                                                 c.after.isEmpty() ? none : c.after));
    }
    return lines;
}

} // namespace hindsight::CustomerDiff
