#include "CsvEventReader.h"

#include "Timestamp.h"

#include <QHash>

#include <algorithm>
#include <csv.h>

namespace hindsight {

namespace {

enum class Column { Pk, Sk, EventId, FirstName, LastName, Address, Dob, Status };

struct ColumnName {
    Column column;
    const char* shown;
    std::initializer_list<const char*> aliases;
};

const ColumnName Columns[] = {
    {Column::Pk, "PK", {"pk", "customerid"}},
    {Column::Sk, "SK", {"sk", "recordedat", "timestamp"}},
    {Column::EventId, "Event ID", {"eventid"}},
    {Column::FirstName, "First name", {"firstname"}},
    {Column::LastName, "Last name", {"lastname"}},
    {Column::Address, "Address", {"address"}},
    {Column::Dob, "DOB", {"dob", "dateofbirth"}},
    {Column::Status, "Status", {"status", "type", "eventtype"}},
};

QString normalizedHeader(const QString& header)
{
    QString key;
    for (QChar c : header) {
        if (c.isLetterOrNumber())
            key.append(c.toLower());
    }
    return key;
}

struct ParseState {
    QList<QString> fields;
    QList<QList<QString>> rows;
    QList<qint64> rowLines;
    qint64 currentLine = 1;
    qint64 rowStartLine = 0;
};

void onField(void* data, size_t length, void* state)
{
    auto* s = static_cast<ParseState*>(state);
    if (s->fields.isEmpty() && s->rowStartLine == 0)
        s->rowStartLine = s->currentLine;
    s->fields.append(QString::fromUtf8(static_cast<const char*>(data), qsizetype(length)));
}

void onRow(int, void* state)
{
    auto* s = static_cast<ParseState*>(state);
    s->rows.append(std::move(s->fields));
    s->rowLines.append(s->rowStartLine ? s->rowStartLine : s->currentLine);
    s->fields.clear();
    s->rowStartLine = 0;
}

} // namespace

Result<SourcedEventList> CsvEventReader::read(const QByteArray& input, const QString& sourceName)
{
    const auto parseError = [&](qint64 line, const QString& field, const QString& what) {
        Error e = makeError(ErrorCode::Parse,
                            field.isEmpty() ? QStringLiteral("%1, line %2: %3").arg(sourceName).arg(line).arg(what)
                                            : QStringLiteral("%1, line %2, field %3: %4").arg(sourceName).arg(line).arg(field, what),
                            field);
        e.line = line;
        return e;
    };

    QByteArray bytes = input;
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);

    csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return makeError(ErrorCode::Io, QStringLiteral("cannot start the CSV parser"));
    ParseState state;
    // Feed one physical line at a time so that every record knows the line it started on.
    qsizetype start = 0;
    while (start < bytes.size()) {
        qsizetype end = bytes.indexOf('\n', start);
        end = end < 0 ? bytes.size() : end + 1;
        const size_t length = size_t(end - start);
        if (csv_parse(&parser, bytes.constData() + start, length, onField, onRow, &state) != length) {
            const QString why = QString::fromUtf8(csv_strerror(csv_error(&parser)));
            csv_free(&parser);
            return parseError(state.currentLine, {}, QStringLiteral("malformed quoting (%1)").arg(why));
        }
        ++state.currentLine;
        start = end;
    }
    if (csv_fini(&parser, onField, onRow, &state) != 0) {
        csv_free(&parser);
        return parseError(state.rowStartLine ? state.rowStartLine : state.currentLine, {},
                          QStringLiteral("a quoted field is not closed before the end of the file"));
    }
    csv_free(&parser);

    if (state.rows.isEmpty())
        return parseError(1, {}, QStringLiteral("the file is empty; expected a header row PK,SK,Event ID,First name,Last name,Address,DOB,Status"));

    // Map the header.
    QHash<Column, qsizetype> index;
    const QList<QString>& header = state.rows.first();
    for (qsizetype i = 0; i < header.size(); ++i) {
        const QString key = normalizedHeader(header[i]);
        for (const ColumnName& c : Columns) {
            for (const char* alias : c.aliases) {
                if (key == QLatin1String(alias)) {
                    if (index.contains(c.column))
                        return parseError(state.rowLines.first(), QString::fromUtf8(c.shown), QStringLiteral("the column appears twice in the header"));
                    index.insert(c.column, i);
                }
            }
        }
    }
    for (const ColumnName& c : Columns) {
        if (!index.contains(c.column))
            return parseError(state.rowLines.first(), QString::fromUtf8(c.shown), QStringLiteral("the header has no such column"));
    }

    SourcedEventList events;
    events.reserve(state.rows.size() - 1);
    for (qsizetype r = 1; r < state.rows.size(); ++r) {
        const QList<QString>& row = state.rows[r];
        const qint64 line = state.rowLines[r];
        if (row.size() == 1 && row.first().trimmed().isEmpty())
            continue;
        if (row.size() != header.size()) {
            return parseError(line, {}, QStringLiteral("expected %1 fields as in the header, found %2").arg(header.size()).arg(row.size()));
        }
        const auto field = [&](Column c) { return row[index.value(c)]; };
        const QString customerId = field(Column::Pk).trimmed();
        if (customerId.isEmpty())
            return parseError(line, QStringLiteral("PK"), QStringLiteral("the customer id is empty"));
        auto recordedAt = Timestamp::parse(field(Column::Sk));
        if (!recordedAt)
            return parseError(line, QStringLiteral("SK"), recordedAt.error().message);
        const QString eventId = field(Column::EventId).trimmed();
        if (eventId.isEmpty())
            return parseError(line, QStringLiteral("Event ID"), QStringLiteral("the event id is empty"));
        auto dob = Timestamp::parseDate(field(Column::Dob));
        if (!dob)
            return parseError(line, QStringLiteral("DOB"), dob.error().message);
        const auto type = eventTypeFromString(field(Column::Status));
        if (!type) {
            return parseError(line, QStringLiteral("Status"),
                              QStringLiteral("\"%1\" is not CREATED, UPDATED or DELETED").arg(field(Column::Status)));
        }
        CustomerData data{field(Column::FirstName), field(Column::LastName), field(Column::Address), *dob};
        events.append({Event(eventId, customerId, *type, *recordedAt, std::move(data)), line});
    }
    return events;
}

void sortByCustomerAndTime(SourcedEventList& events)
{
    std::stable_sort(events.begin(), events.end(), [](const SourcedEvent& a, const SourcedEvent& b) {
        if (a.event.customerId() != b.event.customerId())
            return a.event.customerId() < b.event.customerId();
        return a.event.recordedAtMs() < b.event.recordedAtMs();
    });
}

} // namespace hindsight
