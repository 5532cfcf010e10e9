#pragma once

#include "Event.h"
#include "Result.h"

#include <QDate>

namespace hindsight {

/**
 * The limits on a customer's fields, in UTF-16 code units (what QString::size() and QLineEdit::maxLength count;
 * a character outside the Basic Multilingual Plane, such as an emoji, counts twice). One header, so that the
 * window's dialog, the CLI and every import format agree.
 */
struct FieldLimits {
    /**
     * Customer and event ids. A UUID is 36 characters and the ids Hindsight makes (100-255-8730) 12; DynamoDB and
     * EventBridge ids seen in exports stay under 64, which leaves room for a prefix.
     */
    static constexpr qsizetype MaxIdLength = 64;
    /**
     * First name and last name, each. Passports print at most 39 characters of a name (ICAO 9303) and registries
     * record the longest names in use at well under 200; 200 holds any of them with room for several given names.
     */
    static constexpr qsizetype MaxNameLength = 200;
    /**
     * The address. A full postal address (recipient's building, street, locality, region, postcode, country) fits
     * in 6 lines of at most 40-70 characters (UPU S42, the UK's PAF); 1,000 holds that three times over.
     */
    static constexpr qsizetype MaxAddressLength = 1000;
    /**
     * The earliest date of birth, 1 January of this year. Earlier dates are typing errors (0966 for 1966) or
     * placeholders (0001-01-01); the oldest person on record was born in 1875, and 1800 leaves room for historical
     * records (a test customer is Ada Lovelace, born 1815).
     */
    static constexpr int EarliestBirthYear = 1800;
};

/**
 * The rules every customer event must keep, whichever way it enters: the window and the CLI (through
 * AccountService and CustomerAggregate) and every import format (EventImporter::plan). One home, so that they agree.
 *
 * - Ids (customer and event): not blank, at most FieldLimits::MaxIdLength, visible characters only: no spaces and
 *   no control, format (invisible) or broken (lone surrogate) characters.
 * - First and last name: not blank, at most FieldLimits::MaxNameLength; address: at most FieldLimits::MaxAddressLength
 *   (it may be blank). None may hold a control character (C0 including TAB, CR and LF, DEL, C1); the address alone may
 *   hold line breaks ('\n'). None may hold a bidirectional control (U+061C, U+200E, U+200F, U+202A-U+202E,
 *   U+2066-U+2069), a zero-width character (U+200B-U+200D, U+2060), a byte-order mark (U+FEFF), a line or paragraph
 *   separator (U+2028, U+2029) or a lone UTF-16 surrogate: they let two different texts look the same, or change how
 *   a terminal or the table shows the text around them.
 * - Date of birth: a real date, not after the day the event was recorded nor after today, and not before
 *   FieldLimits::EarliestBirthYear.
 *
 * A refusal is a Validation error whose field is "id", "eventId", "firstName", "lastName", "address" or "dob".
 */
class AccountRules
{
public:
    static Result<void> checkCustomerId(QStringView customerId);
    static Result<void> checkEventId(QStringView eventId);
    /** Names, address and date of birth, for an event recorded on @p recordedOn (UTC) when it is @p today. */
    static Result<void> checkData(const CustomerData& data, QDate recordedOn, QDate today);
    /** Everything @p event carries: both ids and its data, as recorded at its own time. */
    static Result<void> checkEvent(const Event& event, QDate today);

    /** The UTC day of a time in milliseconds since the epoch. */
    static QDate dayOf(qint64 msSinceEpoch);
};

} // namespace hindsight
