#pragma once

#include "Event.h"
#include "Result.h"

#include <QJsonValue>

namespace hindsight {

class TextPool;

/**
 * Reads the typed fields of one JSON record of an event file. Every error names the file, the line and the
 * field (as a path, e.g. detail.data.firstName) and says what was expected.
 */
class JsonFieldReader
{
public:
    /** @p pool, when given, holds one string for each distinct text of the fields read with sharedString(). */
    JsonFieldReader(const QString& sourceName, qint64 line, TextPool* pool = nullptr);

    Error error(const QString& field, const QString& what) const;

    /** A JSON string (possibly empty). */
    Result<QString> string(const QJsonValue& value, const QString& field) const;
    /** As string(), for text that repeats from event to event (names, addresses): one copy of each distinct text. */
    Result<QString> sharedString(const QJsonValue& value, const QString& field) const;
    /** A JSON string that is not blank, trimmed: ids. */
    Result<QString> identifier(const QJsonValue& value, const QString& field) const;
    /** As identifier(), for ids that repeat from event to event (customer ids). */
    Result<QString> sharedIdentifier(const QJsonValue& value, const QString& field) const;
    /** @p text, or the equal text read before when there is a pool. */
    QString shared(const QString& text) const;
    /** An ISO-8601 time string, as milliseconds since the epoch. */
    Result<qint64> time(const QJsonValue& value, const QString& field) const;
    /** A date string, YYYY-MM-DD or YYYY/MM/DD. */
    Result<QDate> date(const QJsonValue& value, const QString& field) const;
    /** CREATED / UPDATED / DELETED or AccountCreated / AccountUpdated / AccountDeleted. */
    Result<EventType> type(const QJsonValue& value, const QString& field) const;
    /** A whole number of at least 1, as a JSON number or a string of digits; 0 when the field is absent. */
    Result<qint64> optionalPositive(const QJsonValue& value, const QString& field) const;

    qint64 line() const { return m_line; }

private:
    Result<QString> text(const QJsonValue& value, const QString& field, const QString& expected) const;

    QString m_sourceName;
    qint64 m_line;
    TextPool* m_pool;
};

} // namespace hindsight
