#include "CustomerFieldUpdate.h"

#include "AccountService.h"

#include <QDir>

namespace hindsight {

CustomerData CustomerFieldUpdate::appliedTo(const CustomerData& current) const
{
    CustomerData data = current;
    if (firstName)
        data.firstName = *firstName;
    if (lastName)
        data.lastName = *lastName;
    if (address)
        data.address = *address;
    if (dateOfBirth)
        data.dateOfBirth = *dateOfBirth;
    return data;
}

Result<Event> CustomerFieldUpdate::writeTo(EventStore& store, const QString& customerId, qint64 expectedVersion,
                                           const Clock& clock, const BeforeAppend& beforeAppend) const
{
    AccountService service(store, clock);
    std::optional<Error> lastConflict;
    for (int attempt = 1; attempt <= MaxAttempts; ++attempt) {
        auto current = store.customer(customerId);
        if (!current)
            return current.error();
        if (!current->has_value()) {
            return makeError(ErrorCode::NotFound, QStringLiteral("there is no customer %1 in %2")
                                                      .arg(customerId, QDir::toNativeSeparators(store.location())));
        }
        const CustomerData data = appliedTo((*current)->data);
        if (beforeAppend)
            beforeAppend(attempt);
        // The fields not given were read at this version: the append is refused if another writer got in first,
        // rather than writing their old values back.
        const qint64 basedOn = expectedVersion == EventStore::AnyVersion ? (*current)->version : expectedVersion;
        auto event = service.updateCustomer(customerId, data, basedOn);
        if (event || event.error().code != ErrorCode::Conflict || expectedVersion != EventStore::AnyVersion)
            return event;
        lastConflict = event.error();
    }
    Error gaveUp = *lastConflict;
    gaveUp.message = QStringLiteral("customer %1 was changed by other writers each of the %2 times this change was tried; "
                                    "nothing was written")
                         .arg(customerId)
                         .arg(MaxAttempts);
    return gaveUp;
}

} // namespace hindsight
