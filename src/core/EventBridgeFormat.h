#pragma once

#include "CsvEventReader.h"
#include "JsonRecordSplitter.h"

#include <QByteArray>

namespace hindsight {

/**
 * Amazon EventBridge events as the source document's service publishes them, one JSON object per line or one
 * JSON array of them:
 *
 *     {"version":"0","id":"6a7e8feb-…","detail-type":"AccountUpdated","source":"customer.service",
 *      "time":"2023-04-05T08:47:30Z","detail":{"metadata":{"created":"2023-04-05T08:47:30.718Z"},
 *      "data":{"customerId":"100-255-8730","firstName":"Joe","lastName":"Bloke",
 *              "address":"99, Edge Lane, London","dob":"1966-04-12"}}}
 *
 * id is the event id; detail-type AccountCreated / AccountUpdated / AccountDeleted the type; recorded-at is
 * detail.metadata.created when present, otherwise time; the customer comes from detail.data, or from detail
 * itself when it has no data. Import only.
 */
class EventBridgeFormat
{
public:
    static Result<SourcedEventList> read(const QByteArray& bytes, const QString& sourceName);
    /** The same for a file read a part at a time through @p next, never held whole (one JSON array excepted). */
    static Result<SourcedEventList> read(const JsonRecordSplitter::ChunkReader& next, const QString& sourceName);
};

} // namespace hindsight
