#include "JsonFieldReader.h"

#include "JsonRecordSplitter.h"
#include "TextPool.h"
#include "Timestamp.h"

namespace hindsight {

namespace {

QString describe(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a true/false value");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

} // namespace

JsonFieldReader::JsonFieldReader(const QString& sourceName, qint64 line, TextPool* pool)
    : m_sourceName(sourceName)
    , m_line(line)
    , m_pool(pool)
{
}

QString JsonFieldReader::shared(const QString& text) const
{
    return m_pool ? m_pool->shared(text) : text;
}

Result<QString> JsonFieldReader::sharedString(const QJsonValue& value, const QString& field) const
{
    auto s = string(value, field);
    if (!s)
        return s;
    return shared(*s);
}

Result<QString> JsonFieldReader::sharedIdentifier(const QJsonValue& value, const QString& field) const
{
    auto s = identifier(value, field);
    if (!s)
        return s;
    return shared(*s);
}

Error JsonFieldReader::error(const QString& field, const QString& what) const
{
    return JsonRecordSplitter::error(m_sourceName, m_line, field, what);
}

Result<QString> JsonFieldReader::text(const QJsonValue& value, const QString& field, const QString& expected) const
{
    if (value.isUndefined())
        return error(field, QStringLiteral("missing; expected %1").arg(expected));
    if (!value.isString())
        return error(field, QStringLiteral("found %1; expected %2").arg(describe(value), expected));
    QString text = value.toString();
    // JSON can spell a lone UTF-16 surrogate (\ud800); no UTF-8 file or store can hold one.
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            ++i;
        } else if (c.isSurrogate()) {
            return error(field, QStringLiteral("holds the unpaired surrogate \\u%1; expected valid Unicode text")
                                    .arg(c.unicode(), 4, 16, QLatin1Char('0')));
        }
    }
    return text;
}

Result<QString> JsonFieldReader::string(const QJsonValue& value, const QString& field) const
{
    return text(value, field, QStringLiteral("a string"));
}

Result<QString> JsonFieldReader::identifier(const QJsonValue& value, const QString& field) const
{
    auto s = text(value, field, QStringLiteral("a string"));
    if (!s)
        return s;
    const QString trimmed = s->trimmed();
    if (trimmed.isEmpty())
        return error(field, QStringLiteral("is empty; expected an id"));
    return trimmed;
}

Result<qint64> JsonFieldReader::time(const QJsonValue& value, const QString& field) const
{
    auto s = text(value, field, QStringLiteral("an ISO-8601 time such as 2023-04-05T08:47:30.718Z"));
    if (!s)
        return s.error();
    auto parsed = Timestamp::parse(*s);
    if (!parsed)
        return error(field, parsed.error().message);
    if (*parsed < Timestamp::FirstWritableMs || *parsed > Timestamp::LastWritableMs)
        return error(field, QStringLiteral("\"%1\" lies outside the years 1 to 9999 (UTC)").arg(*s));
    return *parsed;
}

Result<QDate> JsonFieldReader::date(const QJsonValue& value, const QString& field) const
{
    auto s = text(value, field, QStringLiteral("a date such as 1966-04-12"));
    if (!s)
        return s.error();
    auto parsed = Timestamp::parseDate(*s);
    if (!parsed)
        return error(field, parsed.error().message);
    return *parsed;
}

Result<EventType> JsonFieldReader::type(const QJsonValue& value, const QString& field) const
{
    const QString expected = QStringLiteral("CREATED, UPDATED or DELETED (or AccountCreated, AccountUpdated, AccountDeleted)");
    auto s = text(value, field, expected);
    if (!s)
        return s.error();
    if (const auto t = eventTypeFromString(*s))
        return *t;
    return error(field, QStringLiteral("\"%1\" is not %2").arg(*s, expected));
}

Result<qint64> JsonFieldReader::optionalPositive(const QJsonValue& value, const QString& field) const
{
    if (value.isUndefined())
        return qint64(0);
    bool ok = false;
    qint64 n = 0;
    if (value.isDouble()) {
        const double d = value.toDouble();
        ok = d >= 1 && d <= 9007199254740992.0 && d == double(qint64(d));
        n = ok ? qint64(d) : 0;
    } else if (value.isString()) {
        n = value.toString().toLongLong(&ok);
        ok = ok && n >= 1;
    }
    if (!ok)
        return error(field, QStringLiteral("found %1; expected a whole number of at least 1").arg(describe(value)));
    return n;
}

} // namespace hindsight
