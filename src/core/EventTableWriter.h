#pragma once

#include "Event.h"
#include "TableFormat.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

namespace hindsight {

/**
 * Writes events in the layout of the event store table (Table 3-2): the CLI's `history`, CSV export and the GUI.
 *
 * CSV: `PK,SK,Event ID,First name,Last name,Address,DOB,Status` (SK as Timestamp::format, DOB as YYYY-MM-DD), with
 * `Version,Position` after them when asked for. JSON: an array of objects with the keys customerId, recordedAt,
 * eventId, firstName, lastName, address, dob, status, version, position.
 */
class EventTableWriter
{
public:
    enum class Columns {
        EventStore, ///< Table 3-2's eight columns: what CsvEventReader reads back
        WithStream, ///< the eight, then Version and Position
    };

    static QStringList csvHeader(Columns columns);
    /** One event as a CSV record (UTF-8, LF), appended to @p out. */
    static void appendCsv(QByteArray& out, const Event& event, Columns columns);
    /** Header and one record per event, in the order given. */
    static QByteArray toCsv(const EventList& events, Columns columns);

    static QJsonObject toJsonObject(const Event& event);
    static QByteArray toJson(const EventList& events);
    static QByteArray write(const EventList& events, TableFormat format, Columns columns = Columns::WithStream);
};

} // namespace hindsight
