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

} // namespace hindsight
