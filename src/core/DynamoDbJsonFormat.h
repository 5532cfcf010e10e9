#pragma once

#include "CsvEventReader.h"
#include "JsonRecordSplitter.h"

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
 * Data files may be gzipped (.json.gz): they are inflated piece by piece as their items are read, within
 * Gzip::limits() for the whole import. A whole export folder reads through its manifest-files.json, and only files
 * inside the folder are read. Attribute names are matched ignoring case, spaces and underscores.
 */
class DynamoDbJsonFormat
{
public:
    /** The items of one data file, gzipped or not. */
    static Result<SourcedEventList> read(const QByteArray& bytes, const QString& sourceName);
    /** The items of a data file (not gzipped) read a part at a time through @p next, never held whole. */
    static Result<SourcedEventList> read(const JsonRecordSplitter::ChunkReader& next, const QString& sourceName);

    /** Whether @p folder looks like a DynamoDB export: manifest-files.json, or a data folder of .json.gz files. */
    static bool isExportFolder(const QString& folder);
    /**
     * The items of an export folder: the data files manifest-files.json lists, each checked against the item count
     * the manifest gives; without a manifest, every .json.gz under data/, by name. A manifest names a data file by
     * its S3 key (export-prefix/AWSDynamoDB/<export id>/data/<file>.json.gz), looked up in the folder's data/ by its
     * file name. A key that is an absolute path or climbs out with "..", and a file that is a link leading out of the
     * folder, are refused before anything is read from them; errors name the file as it is in the folder.
     */
    static Result<SourcedEventList> readExportFolder(const QString& folder);

    /** One event as an item line (with its LF), appended to @p out. */
    static void appendLine(QByteArray& out, const Event& event);
};

} // namespace hindsight
