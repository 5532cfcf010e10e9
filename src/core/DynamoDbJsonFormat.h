#pragma once

#include "CsvEventReader.h"

#include <QByteArray>

namespace hindsight {

/**
 * The events of the source document's DynamoDB table in DynamoDB JSON, as an export to S3 writes them: one
 * item per line, every attribute typed,
 *
 *     {"Item":{"PK":{"S":"100-255-8730"},"SK":{"S":"2023-04-05T08:47:30.718Z"},"EventId":{"S":"Hru343t5-jvcj"},
 *              "FirstName":{"S":"Joe"},"LastName":{"S":"Bloke"},"Address":{"S":"99, Edge Lane, London"},
 *              "DOB":{"S":"1966/04/12"},"Status":{"S":"UPDATED"}}}
 *
 * Data files may be gzipped (.json.gz). A whole export folder reads through its manifest-files.json.
 * Attribute names are matched ignoring case, spaces and underscores.
 */
class DynamoDbJsonFormat
{
public:
    /** The items of one data file, gzipped or not. */
    static Result<SourcedEventList> read(const QByteArray& bytes, const QString& sourceName);

    /** Whether @p folder looks like a DynamoDB export: manifest-files.json, or a data folder of .json.gz files. */
    static bool isExportFolder(const QString& folder);
    /**
     * The items of an export folder: the data files manifest-files.json lists (looked up under data/), each
     * checked against the item count the manifest gives; without a manifest, every .json.gz under data/, by name.
     */
    static Result<SourcedEventList> readExportFolder(const QString& folder);

    /** One event as an item line (with its LF), appended to @p out. */
    static void appendLine(QByteArray& out, const Event& event);
};

} // namespace hindsight
