#include "AccountRules.h"

#include "Timestamp.h"

namespace hindsight {

namespace {

/** How a field is named in messages, and its key in Error::field. */
struct Field {
    const char* shown;
    const char* key;
};

constexpr Field CustomerIdField{"Customer ID", "id"};
constexpr Field EventIdField{"Event ID", "eventId"};
constexpr Field FirstNameField{"First name", "firstName"};
constexpr Field LastNameField{"Last name", "lastName"};
constexpr Field AddressField{"Address", "address"};
constexpr Field DobField{"Date of birth", "dob"};

Error refusal(const Field& field, const QString& message)
{
    return makeError(ErrorCode::Validation, message, QString::fromLatin1(field.key));
}

/** Characters that make two texts look alike or change how the text around them shows: no field may hold one. */
bool isInvisibleOrBidi(char16_t c)
{
    switch (c) {
    case 0x061C: // ARABIC LETTER MARK
    case 0x200B: // ZERO WIDTH SPACE
    case 0x200C: // ZERO WIDTH NON-JOINER
    case 0x200D: // ZERO WIDTH JOINER
    case 0x200E: // LEFT-TO-RIGHT MARK
    case 0x200F: // RIGHT-TO-LEFT MARK
    case 0x2028: // LINE SEPARATOR
    case 0x2029: // PARAGRAPH SEPARATOR
    case 0x2060: // WORD JOINER
    case 0xFEFF: // ZERO WIDTH NO-BREAK SPACE, the byte-order mark
        return true;
    default:
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069); // embeddings, overrides, isolates
    }
}

/** "U+001B" */
QString codePoint(char32_t c)
{
    return QStringLiteral("U+") + QStringLiteral("%1").arg(uint(c), 4, 16, QLatin1Char('0')).toUpper();
}

QString describe(char32_t c)
{
    if (c == '\n')
        return QStringLiteral("a line break (U+000A)");
    if (c == '\r')
        return QStringLiteral("a carriage return (U+000D)");
    if (c == '\t')
        return QStringLiteral("a tab (U+0009)");
    if (c == 0x1B)
        return QStringLiteral("an escape character (U+001B)");
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
        return QStringLiteral("a control character (%1)").arg(codePoint(c));
    if (c >= 0xD800 && c <= 0xDFFF)
        return QStringLiteral("a broken character (an unpaired UTF-16 surrogate %1)").arg(codePoint(c));
    if (c == 0xFEFF)
        return QStringLiteral("a byte-order mark (U+FEFF)");
    if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C)
        return QStringLiteral("a bidirectional control (%1)").arg(codePoint(c));
    if (c == 0x2028 || c == 0x2029)
        return QStringLiteral("a line or paragraph separator (%1)").arg(codePoint(c));
    if (QChar::isSpace(c))
        return QStringLiteral("a space (%1)").arg(codePoint(c));
    return QStringLiteral("an invisible character (%1)").arg(codePoint(c));
}

enum class Kind { Id, Name, Address };

/**
 * The first character of @p text the field may not hold, as an index, or -1. Ids hold visible characters only;
 * names and the address no control, invisible or bidirectional character, the address line breaks excepted.
 */
qsizetype firstForbidden(QStringView text, Kind kind)
{
    const qsizetype n = text.size();
    const char16_t* p = text.utf16();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = p[i];
        if (c > 0x20 && c < 0x7F)
            continue; // printable ASCII: the common case, decided at once
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
            if (kind == Kind::Address && c == '\n')
                continue;
            return i;
        }
        if (c == 0x20) {
            if (kind == Kind::Id)
                return i;
            continue;
        }
        if (QChar::isHighSurrogate(c)) {
            if (i + 1 < n && QChar::isLowSurrogate(p[i + 1])) {
                const char32_t full = QChar::surrogateToUcs4(c, p[i + 1]);
                if (kind == Kind::Id && (QChar::category(full) == QChar::Other_Format || QChar::isSpace(full)))
                    return i;
                ++i;
                continue;
            }
            return i;
        }
        if (QChar::isLowSurrogate(c) || isInvisibleOrBidi(c))
            return i;
        if (kind == Kind::Id && (QChar::isSpace(c) || QChar::category(c) == QChar::Other_Format))
            return i;
    }
    return -1;
}

char32_t codePointAt(QStringView text, qsizetype i)
{
    const QChar c = text[i];
    if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate())
        return QChar::surrogateToUcs4(c, text[i + 1]);
    return c.unicode();
}

Result<void> checkText(QStringView text, const Field& field, Kind kind, qsizetype maxLength, bool mayBeBlank)
{
    const QString shown = QString::fromLatin1(field.shown);
    if (!mayBeBlank && text.trimmed().isEmpty())
        return refusal(field, QStringLiteral("%1 must not be blank.").arg(shown));
    if (text.size() > maxLength) {
        return refusal(field, QStringLiteral("%1 is longer than %2 characters (it has %3).").arg(shown).arg(maxLength).arg(text.size()));
    }
    if (const qsizetype bad = firstForbidden(text, kind); bad >= 0) {
        return refusal(field, QStringLiteral("%1 holds %2 at character %3; %4")
                                  .arg(shown, describe(codePointAt(text, bad)))
                                  .arg(bad + 1)
                                  .arg(kind == Kind::Id ? QStringLiteral("an id holds visible characters only, without spaces.")
                                       : kind == Kind::Address
                                           ? QStringLiteral("an address may hold line breaks, but no other control or invisible character.")
                                           : QStringLiteral("a name may not hold control or invisible characters.")));
    }
    return {};
}

} // namespace

QDate AccountRules::dayOf(qint64 msSinceEpoch)
{
    constexpr qint64 MsPerDay = 86400000;
    constexpr qint64 UnixEpochJulianDay = 2440588;
    const qint64 days = msSinceEpoch >= 0 ? msSinceEpoch / MsPerDay : -((-msSinceEpoch + MsPerDay - 1) / MsPerDay);
    return QDate::fromJulianDay(UnixEpochJulianDay + days);
}

Result<void> AccountRules::checkCustomerId(QStringView customerId)
{
    return checkText(customerId, CustomerIdField, Kind::Id, FieldLimits::MaxIdLength, false);
}

Result<void> AccountRules::checkEventId(QStringView eventId)
{
    return checkText(eventId, EventIdField, Kind::Id, FieldLimits::MaxIdLength, false);
}

Result<void> AccountRules::checkData(const CustomerData& data, QDate recordedOn, QDate today)
{
    if (auto r = checkText(data.firstName, FirstNameField, Kind::Name, FieldLimits::MaxNameLength, false); !r)
        return r;
    if (auto r = checkText(data.lastName, LastNameField, Kind::Name, FieldLimits::MaxNameLength, false); !r)
        return r;
    if (auto r = checkText(data.address, AddressField, Kind::Address, FieldLimits::MaxAddressLength, true); !r)
        return r;
    const QDate dob = data.dateOfBirth;
    if (!dob.isValid())
        return refusal(DobField, QStringLiteral("Date of birth must be a real date (YYYY-MM-DD)."));
    if (dob > today)
        return refusal(DobField, QStringLiteral("Date of birth %1 is in the future.").arg(Timestamp::formatDate(dob)));
    if (dob > recordedOn) {
        return refusal(DobField, QStringLiteral("Date of birth %1 is after the day the event was recorded (%2).")
                                     .arg(Timestamp::formatDate(dob), Timestamp::formatDate(recordedOn)));
    }
    if (dob < QDate(FieldLimits::EarliestBirthYear, 1, 1)) {
        return refusal(DobField, QStringLiteral("Date of birth %1 is before %2-01-01; expected a date of birth of someone alive then.")
                                     .arg(Timestamp::formatDate(dob))
                                     .arg(FieldLimits::EarliestBirthYear));
    }
    return {};
}

Result<void> AccountRules::checkEvent(const Event& event, QDate today)
{
    if (auto r = checkEventId(event.eventId()); !r)
        return r;
    if (auto r = checkCustomerId(event.customerId()); !r)
        return r;
    return checkData(event.data(), dayOf(event.recordedAtMs()), today);
}

} // namespace hindsight
