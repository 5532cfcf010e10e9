#pragma once

#include "Result.h"
#include "SourcedEventList.h"

class QIODevice;

namespace hindsight {

/**
 * Reads events in the layout of the event store table (Table 3-2): a header row naming PK, SK, Event ID,
 * First name, Last name, Address, DOB, Status (any order, case and spaces ignored), then one event per record.
 * RFC 4180 quoting (through libcsv), UTF-8 with or without a byte-order mark, LF or CRLF.
 * Errors name the source, the line and the field, and what was expected.
 */
class CsvEventReader
{
public:
    static Result<SourcedEventList> read(const QByteArray& bytes, const QString& sourceName);
    /**
     * The same for a file read a segment at a time (FileSegments), so that its bytes are never held all at once:
     * a million events' import then needs the events and a segment, not the events and the whole file.
     */
    static Result<SourcedEventList> read(QIODevice& device, const QString& sourceName, qsizetype segmentBytes = SegmentBytes);
    /** About how much of a file read(QIODevice&) holds at a time. */
    static constexpr qsizetype SegmentBytes = qsizetype(32) << 20;
};

} // namespace hindsight
