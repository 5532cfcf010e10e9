#pragma once

#include "CsvEventReader.h"

#include <QByteArray>

class QIODevice;

namespace hindsight {

/**
 * Hindsight's own event format: JSON Lines, one event per line with every field, in the store's global order:
 *
 *     {"position":1,"eventId":"…","customerId":"100-255-8730","version":1,"recordedAt":"2022-06-15T18:57:43.148Z",
 *      "type":"AccountCreated","firstName":"Joe","lastName":"Bloke","address":"15, Nice Road, Cardiff","dob":"1966-04-12"}
 *
 * An export ends with the store head it reached, {"storeHead":{…}} (StoreHeadRecord), which reading skips.
 * On reading, position and version are optional (a hand-written file may leave them out); type also accepts
 * CREATED / UPDATED / DELETED, dob also 1966/04/12.
 */
class JsonlEventFormat
{
public:
    /**
     * Reads the events of @p bytes. A file of plain JSON Lines, the way export writes them, is read by simdjson
     * on every core; anything else it does not take as is (a record over several lines, an array, a key it does
     * not know, a \\u escape, a value to convert or refuse) sends the whole file through readWithQtJson(), which
     * reads every spelling and names the first error. Both give the same events for any file the first takes.
     */
    static Result<SourcedEventList> read(const QByteArray& bytes, const QString& sourceName);
    /** The same for a file read a segment at a time (FileSegments), so that its bytes are never held all at once. */
    static Result<SourcedEventList> read(QIODevice& device, const QString& sourceName, qsizetype segmentBytes = SegmentBytes);
    /** About how much of a file read(QIODevice&) holds at a time. */
    static constexpr qsizetype SegmentBytes = qsizetype(32) << 20;
    /** The general reader: QJsonDocument per record (JsonRecordSplitter::readEvents). */
    static Result<SourcedEventList> readWithQtJson(const QByteArray& bytes, const QString& sourceName);
    /** One event as a line (with its LF), appended to @p out. */
    static void appendLine(QByteArray& out, const Event& event);
};

} // namespace hindsight
