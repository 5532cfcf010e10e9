#include "Timestamp.h"

#include <QDateTime>
#include <QRegularExpression>

namespace hindsight::Timestamp {

Result<qint64> parse(QStringView text)
{
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
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}

Result<QDate> parseDate(QStringView text)
{
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
