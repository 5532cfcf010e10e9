#include "Timestamp.h"

#include <QDateTime>
#include <QRegularExpression>

#include <optional>

namespace hindsight::Timestamp {

namespace {

constexpr qint64 MsPerDay = 86400000;
constexpr qint64 UnixEpochJulianDay = 2440588;

/** The value of @p count ASCII digits at @p text[at], or -1. */
int digits(QStringView text, qsizetype at, qsizetype count)
{
    int value = 0;
    for (qsizetype i = at; i < at + count; ++i) {
        const char16_t c = text[i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

/**
 * The forms every file and the store itself use, "2023-04-05", "2023-04-05T08:47:30Z" and
 * "2023-04-05T08:47:30.718Z", read without a regular expression: imports parse one per event. Anything else
 * (or anything out of range) returns nothing and goes the general way, which also words the errors.
 */
std::optional<qint64> parseCommonForm(QStringView t)
{
    const qsizetype n = t.size();
    if (n < 10 || t[4] != u'-' || t[7] != u'-')
        return std::nullopt;
    const int year = digits(t, 0, 4);
    const int month = digits(t, 5, 2);
    const int day = digits(t, 8, 2);
    if (year < 0 || month < 0 || day < 0)
        return std::nullopt;
    const QDate date(year, month, day);
    if (!date.isValid())
        return std::nullopt;
    qint64 ms = (date.toJulianDay() - UnixEpochJulianDay) * MsPerDay;
    if (n == 10)
        return ms;
    if (n < 20 || t[10] != u'T' || t[13] != u':' || t[16] != u':' || t[n - 1] != u'Z')
        return std::nullopt;
    const int hour = digits(t, 11, 2);
    const int minute = digits(t, 14, 2);
    const int second = digits(t, 17, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
        return std::nullopt;
    int msec = 0;
    if (n > 20) {
        const qsizetype fractionDigits = n - 21;
        if (t[19] != u'.' || fractionDigits < 1 || fractionDigits > 9 || digits(t, 20, fractionDigits) < 0)
            return std::nullopt;
        for (qsizetype i = 0; i < 3; ++i)
            msec = msec * 10 + (i < fractionDigits ? t[20 + i].unicode() - u'0' : 0);
    }
    return ms + hour * 3600000LL + minute * 60000LL + second * 1000LL + msec;
}

void appendDigits(char16_t*& out, int value, int count)
{
    for (int i = count - 1; i >= 0; --i) {
        out[i] = char16_t(u'0' + value % 10);
        value /= 10;
    }
    out += count;
}

} // namespace

Result<qint64> parse(QStringView text)
{
    if (const auto common = parseCommonForm(text.trimmed()))
        return *common;
    static const QRegularExpression pattern(QStringLiteral(
        R"(^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$)"));
    const QString trimmed = text.trimmed().toString();
    const auto m = pattern.match(trimmed);
    if (!m.hasMatch()) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("\"%1\" is not an ISO-8601 time; expected e.g. 2022-12-01, "
                                        "2022-12-01T10:00:00Z or 2022-12-01T10:00:00.123Z")
                             .arg(trimmed));
    }
    const QDate date(m.capturedView(1).toInt(), m.capturedView(2).toInt(), m.capturedView(3).toInt());
    if (!date.isValid())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("\"%1\" has no such calendar date").arg(trimmed));
    int msec = 0;
    if (m.capturedLength(7) > 0) {
        QString fraction = m.captured(7).left(3);
        while (fraction.size() < 3)
            fraction.append(QLatin1Char('0'));
        msec = fraction.toInt();
    }
    const QTime time(m.capturedLength(4) ? m.capturedView(4).toInt() : 0, m.capturedLength(5) ? m.capturedView(5).toInt() : 0,
                     m.capturedLength(6) ? m.capturedView(6).toInt() : 0, msec);
    if (!time.isValid())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("\"%1\" has no such time of day").arg(trimmed));
    int offsetSeconds = 0;
    const QStringView zone = m.capturedView(8);
    if (!zone.isEmpty() && zone != u"Z") {
        const QString digits = zone.mid(1).toString().remove(QLatin1Char(':'));
        const int hours = digits.left(2).toInt();
        const int minutes = digits.mid(2, 2).toInt();
        if (hours > 23 || minutes > 59)
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("\"%1\" has an impossible UTC offset").arg(trimmed));
        offsetSeconds = (hours * 3600 + minutes * 60) * (zone.front() == u'-' ? -1 : 1);
    }
    const QDateTime utc(date, time, Qt::UTC);
    return utc.toMSecsSinceEpoch() - qint64(offsetSeconds) * 1000;
}

QString format(qint64 msSinceEpoch)
{
    // By hand for years 1-9999 (QDateTime::toString costs more than the rest of an export line); the same text.
    const qint64 days = msSinceEpoch >= 0 ? msSinceEpoch / MsPerDay : -((-msSinceEpoch + MsPerDay - 1) / MsPerDay);
    const qint64 msOfDay = msSinceEpoch - days * MsPerDay;
    const QDate date = QDate::fromJulianDay(days + UnixEpochJulianDay);
    int year = 0;
    int month = 0;
    int day = 0;
    date.getDate(&year, &month, &day);
    if (!date.isValid() || year < 1 || year > 9999)
        return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
    char16_t text[24];
    char16_t* out = text;
    appendDigits(out, year, 4);
    *out++ = u'-';
    appendDigits(out, month, 2);
    *out++ = u'-';
    appendDigits(out, day, 2);
    *out++ = u'T';
    appendDigits(out, int(msOfDay / 3600000), 2);
    *out++ = u':';
    appendDigits(out, int(msOfDay / 60000 % 60), 2);
    *out++ = u':';
    appendDigits(out, int(msOfDay / 1000 % 60), 2);
    *out++ = u'.';
    appendDigits(out, int(msOfDay % 1000), 3);
    *out++ = u'Z';
    return QString(reinterpret_cast<const QChar*>(text), out - text);
}

Result<QDate> parseDate(QStringView text)
{
    // "1966-04-12" and "1966/04/12" without a regular expression: imports read one per event.
    const QStringView t = text.trimmed();
    if (t.size() == 10 && (t[4] == u'-' || t[4] == u'/') && (t[7] == u'-' || t[7] == u'/')) {
        const int year = digits(t, 0, 4);
        const int month = digits(t, 5, 2);
        const int day = digits(t, 8, 2);
        if (year >= 0 && month >= 0 && day >= 0) {
            const QDate date(year, month, day);
            if (date.isValid())
                return date;
        }
    }
    static const QRegularExpression pattern(QStringLiteral(R"(^(\d{4})[-/](\d{2})[-/](\d{2})$)"));
    const QString trimmed = text.trimmed().toString();
    const auto m = pattern.match(trimmed);
    if (!m.hasMatch()) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("\"%1\" is not a date; expected YYYY-MM-DD or YYYY/MM/DD").arg(trimmed));
    }
    const QDate date(m.capturedView(1).toInt(), m.capturedView(2).toInt(), m.capturedView(3).toInt());
    if (!date.isValid())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("\"%1\" is not a calendar date").arg(trimmed));
    return date;
}

QString formatDate(QDate date)
{
    // Written by hand for the common years: QDate::toString goes through a printf per call, which showed in
    // bulk appends (every event's date of birth is formatted for its row and its chain hash).
    int year = 0;
    int month = 0;
    int day = 0;
    date.getDate(&year, &month, &day);
    if (!date.isValid() || year < 1 || year > 9999)
        return date.toString(Qt::ISODate);
    const char16_t text[10] = {char16_t(u'0' + year / 1000),      char16_t(u'0' + year / 100 % 10),
                               char16_t(u'0' + year / 10 % 10),   char16_t(u'0' + year % 10),
                               u'-',
                               char16_t(u'0' + month / 10),       char16_t(u'0' + month % 10),
                               u'-',
                               char16_t(u'0' + day / 10),         char16_t(u'0' + day % 10)};
    return QString(reinterpret_cast<const QChar*>(text), 10);
}

} // namespace hindsight::Timestamp
