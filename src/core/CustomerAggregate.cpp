#include "CustomerAggregate.h"

#include "Timestamp.h"

#include <QDateTime>

namespace hindsight {

CustomerAggregate::CustomerAggregate(QString customerId, std::optional<CustomerRecord> state)
    : m_customerId(std::move(customerId))
    , m_state(std::move(state))
{
}

Result<void> CustomerAggregate::validate(const CustomerData& data, QDate today)
{
    if (data.firstName.trimmed().isEmpty())
        return makeError(ErrorCode::Validation, QStringLiteral("First name must not be blank."), QStringLiteral("firstName"));
    if (data.lastName.trimmed().isEmpty())
        return makeError(ErrorCode::Validation, QStringLiteral("Last name must not be blank."), QStringLiteral("lastName"));
    // A lone UTF-16 surrogate has no UTF-8 form: the store would keep "?" instead (import refuses it too).
    struct Text {
        const QString& value;
        const char* shown;
        const char* field;
    };
    for (const Text& text : {Text{data.firstName, "First name", "firstName"}, Text{data.lastName, "Last name", "lastName"},
                             Text{data.address, "Address", "address"}}) {
        if (!text.value.isValidUtf16()) {
            return makeError(ErrorCode::Validation,
                             QStringLiteral("%1 holds a broken character (an unpaired UTF-16 surrogate) that cannot be stored.")
                                 .arg(QLatin1String(text.shown)),
                             QString::fromLatin1(text.field));
        }
    }
    if (!data.dateOfBirth.isValid()) {
        return makeError(ErrorCode::Validation, QStringLiteral("Date of birth must be a real date (YYYY-MM-DD)."),
                         QStringLiteral("dob"));
    }
    if (data.dateOfBirth > today) {
        return makeError(ErrorCode::Validation,
                         QStringLiteral("Date of birth %1 is in the future.").arg(Timestamp::formatDate(data.dateOfBirth)),
                         QStringLiteral("dob"));
    }
    return {};
}

Result<void> CustomerAggregate::validateCustomerId(const QString& customerId)
{
    if (customerId.trimmed().isEmpty())
        return makeError(ErrorCode::Validation, QStringLiteral("Customer ID must not be blank."), QStringLiteral("id"));
    if (!customerId.isValidUtf16()) {
        return makeError(ErrorCode::Validation, QStringLiteral("Customer ID holds a broken character (an unpaired UTF-16 surrogate)."),
                         QStringLiteral("id"));
    }
    if (customerId.size() > 64)
        return makeError(ErrorCode::Validation, QStringLiteral("Customer ID is longer than 64 characters."), QStringLiteral("id"));
    for (QChar c : customerId) {
        if (c.isSpace() || c.category() == QChar::Other_Control) {
            return makeError(ErrorCode::Validation, QStringLiteral("Customer ID \"%1\" contains spaces or control characters.").arg(customerId),
                             QStringLiteral("id"));
        }
    }
    return {};
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
