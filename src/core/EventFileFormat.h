#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace hindsight {

/** The layouts events are imported from and exported to (issue 5). */
enum class EventFileFormat {
    Auto,        ///< import only: decided from the file's name and content
    Csv,         ///< Table 3-2: PK, SK, Event ID, First name, Last name, Address, DOB, Status
    Jsonl,       ///< Hindsight's own lossless format, one event per line
    DynamoDb,    ///< DynamoDB JSON, one {"Item":{…}} per line, as in an export to S3 (gzipped or not)
    EventBridge, ///< Amazon EventBridge events, one per line or one JSON array (import only)
};

/** "auto", "csv", "jsonl", "dynamodb", "eventbridge". */
inline QString eventFileFormatName(EventFileFormat format)
{
    switch (format) {
    case EventFileFormat::Auto:
        return QStringLiteral("auto");
    case EventFileFormat::Csv:
        return QStringLiteral("csv");
    case EventFileFormat::Jsonl:
        return QStringLiteral("jsonl");
    case EventFileFormat::DynamoDb:
        return QStringLiteral("dynamodb");
    case EventFileFormat::EventBridge:
        return QStringLiteral("eventbridge");
    }
    return {};
}

/** The format named @p text (any case), or nothing. */
inline std::optional<EventFileFormat> eventFileFormatFromName(QStringView text)
{
    for (EventFileFormat f : {EventFileFormat::Auto, EventFileFormat::Csv, EventFileFormat::Jsonl, EventFileFormat::DynamoDb,
                              EventFileFormat::EventBridge}) {
        if (text.compare(eventFileFormatName(f), Qt::CaseInsensitive) == 0)
            return f;
    }
    return std::nullopt;
}

/** The fields of an event, for naming them in messages as each format spells them. */
enum class EventField { CustomerId, RecordedAt, EventId, FirstName, LastName, Address, DateOfBirth, Type, Version };

/** How @p format names @p field (Auto: the domain's name, as JSON Lines spells it), e.g. "First name" in CSV. */
inline QString eventFieldName(EventFileFormat format, EventField field)
{
    struct Names {
        const char* csv;
        const char* jsonl;
        const char* dynamoDb;
        const char* eventBridge;
    };
    static constexpr Names table[] = {
        {"PK", "customerId", "Item.PK", "detail.data.customerId"},
        {"SK", "recordedAt", "Item.SK", "detail.metadata.created"},
        {"Event ID", "eventId", "Item.EventId", "id"},
        {"First name", "firstName", "Item.FirstName", "detail.data.firstName"},
        {"Last name", "lastName", "Item.LastName", "detail.data.lastName"},
        {"Address", "address", "Item.Address", "detail.data.address"},
        {"DOB", "dob", "Item.DOB", "detail.data.dob"},
        {"Status", "type", "Item.Status", "detail-type"},
        {"version", "version", "version", "version"},
    };
    const Names& n = table[static_cast<int>(field)];
    switch (format) {
    case EventFileFormat::Csv:
        return QString::fromLatin1(n.csv);
    case EventFileFormat::DynamoDb:
        return QString::fromLatin1(n.dynamoDb);
    case EventFileFormat::EventBridge:
        return QString::fromLatin1(n.eventBridge);
    case EventFileFormat::Jsonl:
    case EventFileFormat::Auto:
        break;
    }
    return QString::fromLatin1(n.jsonl);
}

} // namespace hindsight
