#pragma once

#include "Event.h"
#include "Result.h"

namespace hindsight {

/** An event read from a file, with the line it started on, for messages. */
struct SourcedEvent {
    Event event;
    qint64 line = 0;
    QString source; ///< the file it came from, as messages name it (empty when not known)
};
using SourcedEventList = QList<SourcedEvent>;

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
};

/** Orders events by customer, then recorded-at: the order in which streams are appended. */
void sortByCustomerAndTime(SourcedEventList& events);

} // namespace hindsight
