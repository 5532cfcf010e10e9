#include "CsvEventReader.h"

#include "FileSegments.h"
#include "ParallelPieces.h"
#include "TextPool.h"
#include "Timestamp.h"


#include <simdjson.h>

#include <QIODevice>

#include <algorithm>
#include <array>
#include <csv.h>
#include <optional>
#include <string>
#include <vector>

namespace hindsight {

namespace {

enum class Column { Pk, Sk, EventId, FirstName, LastName, Address, Dob, Status };
constexpr int ColumnCount = 8;

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

/** Offset of the first byte that does not belong to well-formed UTF-8, or -1. */
qsizetype firstInvalidUtf8(const QByteArray& bytes, qsizetype from)
{
    // simdjson's validator answers for the whole file at memory speed; only a file that fails it is walked byte by
    // byte, to name the offending byte.
    if (simdjson::validate_utf8(bytes.constData() + from, size_t(bytes.size() - from)))
        return -1;
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.constData());
    const qsizetype n = bytes.size();
    qsizetype i = from;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        qsizetype length = 0;
        unsigned int min = 0;
        unsigned int cp = 0;
        if ((c & 0xE0) == 0xC0) {
            length = 2, min = 0x80, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            length = 3, min = 0x800, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            length = 4, min = 0x10000, cp = c & 0x07;
        } else {
            return i;
        }
        if (i + length > n)
            return i;
        for (qsizetype k = 1; k < length; ++k) {
            if ((p[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += length;
    }
    return -1;
}

QString normalizedHeader(const QString& header)
{
    QString key;
    for (QChar c : header) {
        if (c.isLetterOrNumber())
            key.append(c.toLower());
    }
    return key;
}

/**
 * What the libcsv callbacks build: the header's column map from the first record, then one event per record,
 * converted as soon as the record ends so that no table of strings is held for the whole file. Events go to
 * slots [nextSlot, endSlot) of the output list, which this piece alone fills.
 */
struct ParseState {
    QString sourceName;
    std::vector<std::string> fields; // reused from record to record
    size_t fieldCount = 0;
    qint64 currentLine = 1;
    qint64 rowStartLine = 0;
    bool haveHeader = false;
    qsizetype headerSize = 0;
    std::array<qsizetype, ColumnCount> index{};
    SourcedEventList* out = nullptr;
    qsizetype nextSlot = 0;
    qsizetype endSlot = 0;
    TextPool pool;
    std::optional<Error> error;

    Error parseError(qint64 line, const QString& field, const QString& what) const
    {
        Error e = makeError(ErrorCode::Parse,
                            field.isEmpty() ? QStringLiteral("%1, line %2: %3").arg(sourceName).arg(line).arg(what)
                                            : QStringLiteral("%1, line %2, field %3: %4").arg(sourceName).arg(line).arg(field, what),
                            field);
        e.line = line;
        return e;
    }

    /**
     * A field as text. The whole input is valid UTF-8 (read() checks it first), so it converts as is, a leading
     * U+FEFF included: that is content, not a byte-order mark.
     */
    static QString text(const std::string& f) { return TextPool::decode(QByteArrayView(f.data(), qsizetype(f.size()))); }
    QString field(Column c) const { return text(fields[size_t(index[size_t(c)])]); }
    /** A field whose text repeats from event to event (ids, names, addresses): one string for each distinct text. */
    QString sharedField(Column c)
    {
        const std::string& f = fields[size_t(index[size_t(c)])];
        return pool.fromUtf8(QByteArrayView(f.data(), qsizetype(f.size())));
    }

    void readHeader(qint64 line)
    {
        std::array<bool, ColumnCount> found{};
        for (size_t i = 0; i < fieldCount; ++i) {
            const QString key = normalizedHeader(text(fields[i]));
            for (const ColumnName& c : Columns) {
                for (const char* alias : c.aliases) {
                    if (key != QLatin1String(alias))
                        continue;
                    if (found[size_t(c.column)]) {
                        error = parseError(line, QString::fromUtf8(c.shown), QStringLiteral("the column appears twice in the header"));
                        return;
                    }
                    found[size_t(c.column)] = true;
                    index[size_t(c.column)] = qsizetype(i);
                }
            }
        }
        for (const ColumnName& c : Columns) {
            if (!found[size_t(c.column)]) {
                error = parseError(line, QString::fromUtf8(c.shown), QStringLiteral("the header has no such column"));
                return;
            }
        }
        headerSize = qsizetype(fieldCount);
        haveHeader = true;
    }

    void readEvent(qint64 line)
    {
        if (fieldCount == 1 && text(fields[0]).trimmed().isEmpty())
            return;
        if (qsizetype(fieldCount) != headerSize) {
            error = parseError(line, {}, QStringLiteral("expected %1 fields as in the header, found %2").arg(headerSize).arg(fieldCount));
            return;
        }
        const QString customerId = sharedField(Column::Pk).trimmed();
        if (customerId.isEmpty()) {
            error = parseError(line, QStringLiteral("PK"), QStringLiteral("the customer id is empty"));
            return;
        }
        const QString sk = field(Column::Sk);
        auto recordedAt = Timestamp::parse(sk);
        if (!recordedAt) {
            error = parseError(line, QStringLiteral("SK"), recordedAt.error().message);
            return;
        }
        if (*recordedAt < Timestamp::FirstWritableMs || *recordedAt > Timestamp::LastWritableMs) {
            error = parseError(line, QStringLiteral("SK"), QStringLiteral("\"%1\" lies outside the years 1 to 9999 (UTC)").arg(sk.trimmed()));
            return;
        }
        const QString eventId = field(Column::EventId).trimmed();
        if (eventId.isEmpty()) {
            error = parseError(line, QStringLiteral("Event ID"), QStringLiteral("the event id is empty"));
            return;
        }
        auto dob = Timestamp::parseDate(field(Column::Dob));
        if (!dob) {
            error = parseError(line, QStringLiteral("DOB"), dob.error().message);
            return;
        }
        const QString status = field(Column::Status);
        const auto type = eventTypeFromString(status);
        if (!type) {
            error = parseError(line, QStringLiteral("Status"), QStringLiteral("\"%1\" is not CREATED, UPDATED or DELETED").arg(status));
            return;
        }
        if (nextSlot >= endSlot) {
            // Slots are made for every line a piece starts; a record starts on a line of its own.
            error = parseError(line, {}, QStringLiteral("more records than lines (an internal error)"));
            return;
        }
        CustomerData data{sharedField(Column::FirstName), sharedField(Column::LastName), sharedField(Column::Address), *dob};
        out->setSlot(nextSlot++, Event(eventId, customerId, *type, *recordedAt, std::move(data)), line);
    }
};

void onField(void* data, size_t length, void* state)
{
    auto* s = static_cast<ParseState*>(state);
    if (s->fieldCount == 0 && s->rowStartLine == 0)
        s->rowStartLine = s->currentLine;
    if (s->fieldCount < s->fields.size())
        s->fields[s->fieldCount].assign(static_cast<const char*>(data), length);
    else
        s->fields.emplace_back(static_cast<const char*>(data), length);
    ++s->fieldCount;
}

void onRow(int, void* state)
{
    auto* s = static_cast<ParseState*>(state);
    const qint64 line = s->rowStartLine ? s->rowStartLine : s->currentLine;
    if (!s->error) {
        if (!s->haveHeader)
            s->readHeader(line);
        else
            s->readEvent(line);
    }
    s->fieldCount = 0;
    s->rowStartLine = 0;
}

} // namespace

namespace {

/**
 * Feeds bytes [@p start, @p end) to libcsv one physical line at a time, so that every record knows the line it
 * started on (@p state's currentLine is the line at @p start). With @p untilHeader it stops after the line that
 * completed the header; @p stoppedAt receives where it stopped. Returns the parse error, if any.
 */
std::optional<Error> parseRange(ParseState& state, const QByteArray& bytes, qsizetype start, qsizetype end, bool untilHeader,
                                qsizetype* stoppedAt = nullptr)
{
    csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return makeError(ErrorCode::Io, QStringLiteral("cannot start the CSV parser"));
    // libcsv grows a field's buffer 128 bytes at a time by default: a field of megabytes (refused later, by the
    // rules) took tens of thousands of reallocations, each copying the field so far. 64 KiB steps keep that linear.
    csv_set_blk_size(&parser, 64 * 1024);
    while (start < end && !state.error && !(untilHeader && state.haveHeader)) {
        qsizetype lineEnd = bytes.indexOf('\n', start);
        lineEnd = lineEnd < 0 || lineEnd >= end ? end : lineEnd + 1;
        const size_t length = size_t(lineEnd - start);
        if (csv_parse(&parser, bytes.constData() + start, length, onField, onRow, &state) != length) {
            const QString why = QString::fromUtf8(csv_strerror(csv_error(&parser)));
            csv_free(&parser);
            return state.parseError(state.currentLine, {}, QStringLiteral("malformed quoting (%1)").arg(why));
        }
        ++state.currentLine;
        start = lineEnd;
    }
    if (stoppedAt)
        *stoppedAt = start;
    if (!state.error && !(untilHeader && state.haveHeader) && csv_fini(&parser, onField, onRow, &state) != 0) {
        csv_free(&parser);
        return state.parseError(state.rowStartLine ? state.rowStartLine : state.currentLine, {},
                                QStringLiteral("a quoted field is not closed before the end of the file"));
    }
    csv_free(&parser);
    return state.error;
}

/** Reads the whole file on this thread: the reference, and what tells the first error of a file. */
Result<SourcedEventList> readSerially(const QByteArray& bytes, qsizetype begin, const QString& sourceName)
{
    SourcedEventList events(EventFileFormat::Csv);
    events.prepareSlots(countLineBreaks(bytes) + 1, sourceName);
    ParseState state;
    state.sourceName = sourceName;
    state.out = &events;
    state.endSlot = events.size();
    if (auto failed = parseRange(state, bytes, begin, bytes.size(), false))
        return *failed;
    if (!state.haveHeader)
        return state.parseError(1, {}, QStringLiteral("the file is empty; expected a header row PK,SK,Event ID,First name,Last name,Address,DOB,Status"));
    events.dropEmptySlots();
    return events;
}

/**
 * Where to cut [@p from, end) into @p pieces parts at record boundaries: after a line break outside quotes,
 * that is, with an even number of quote characters before it (RFC 4180 has no other use for them). Each cut
 * comes with the line number that starts there, counting from @p fromLine.
 */
std::vector<std::pair<qsizetype, qint64>> recordCuts(const QByteArray& bytes, qsizetype from, qint64 fromLine, qsizetype pieces)
{
    std::vector<std::pair<qsizetype, qint64>> cuts{{from, fromLine}};
    const char* data = bytes.constData();
    const qsizetype n = bytes.size();
    bool quoted = false;
    qint64 line = fromLine;
    qsizetype next = 1;
    for (qsizetype i = from; i < n && next < pieces; ++i) {
        const char c = data[i];
        if (c == '"') {
            quoted = !quoted;
        } else if (c == '\n') {
            ++line;
            if (!quoted && i + 1 >= from + (n - from) * next / pieces) {
                cuts.emplace_back(i + 1, line);
                ++next;
            }
        }
    }
    cuts.emplace_back(n, -1);
    return cuts;
}

} // namespace

namespace {

/**
 * The records of @p bytes from @p from (where line @p firstLine starts), after the header @p header read: in pieces
 * parsed on every core, each filling the slots of the lines it starts in @p out, so that no piece's events are
 * copied when they are joined. False when any piece failed: the serial reader then names the first error.
 */
bool readBody(const QByteArray& bytes, qsizetype from, qint64 firstLine, const ParseState& header, const QString& sourceName,
              SourcedEventList& out)
{
    constexpr qsizetype MinBytesPerPiece = 1 << 20;
    const auto cuts = recordCuts(bytes, from, firstLine, piecesFor(bytes.size() - from, MinBytesPerPiece));
    const size_t pieceCount = cuts.size() - 1;
    std::vector<qsizetype> firstSlot(pieceCount + 1, 0);
    for (size_t p = 0; p < pieceCount; ++p) {
        const QByteArrayView piece = QByteArrayView(bytes).sliced(cuts[p].first, cuts[p + 1].first - cuts[p].first);
        firstSlot[p + 1] = firstSlot[p] + countLineBreaks(piece) + 1;
    }
    out.prepareSlots(firstSlot[pieceCount], sourceName);
    std::vector<bool> failed(pieceCount, false);
    runPieces(qsizetype(pieceCount), [&](qsizetype piece) {
        const size_t p = size_t(piece);
        ParseState state;
        state.sourceName = sourceName;
        state.haveHeader = true;
        state.headerSize = header.headerSize;
        state.index = header.index;
        state.currentLine = cuts[p].second;
        state.out = &out;
        state.nextSlot = firstSlot[p];
        state.endSlot = firstSlot[p + 1];
        failed[p] = parseRange(state, bytes, cuts[p].first, cuts[p + 1].first, false).has_value();
    });
    out.dropEmptySlots();
    return std::find(failed.begin(), failed.end(), true) == failed.end();
}

} // namespace

Result<SourcedEventList> CsvEventReader::read(const QByteArray& bytes, const QString& sourceName)
{
    const qsizetype begin = bytes.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    if (const qsizetype bad = firstInvalidUtf8(bytes, begin); bad >= 0) {
        ParseState state;
        state.sourceName = sourceName;
        return state.parseError(bytes.left(bad).count('\n') + 1, {},
                                QStringLiteral("byte 0x%1 is not UTF-8; expected UTF-8 text").arg(uchar(bytes[bad]), 2, 16, QLatin1Char('0')));
    }
    // Small files, or more than one core not to be had: one pass.
    constexpr qsizetype MinBytesPerPiece = 1 << 20;
    if (piecesFor(bytes.size(), MinBytesPerPiece) == 1)
        return readSerially(bytes, begin, sourceName);

    // The header first, then the records in pieces parsed on every core and joined in file order. Any error sends
    // the file through the serial reader, so that the first error in the file is the one reported.
    ParseState header;
    header.sourceName = sourceName;
    qsizetype bodyStart = begin;
    if (parseRange(header, bytes, begin, bytes.size(), true, &bodyStart) || !header.haveHeader)
        return readSerially(bytes, begin, sourceName);
    SourcedEventList events(EventFileFormat::Csv);
    if (!readBody(bytes, bodyStart, header.currentLine, header, sourceName, events)) {
        events = SourcedEventList();
        return readSerially(bytes, begin, sourceName);
    }
    return events;
}

Result<SourcedEventList> CsvEventReader::read(QIODevice& device, const QString& sourceName, qsizetype segmentBytes)
{
    // A segment of the file at a time: the events of the whole file, but never all of its bytes at once. Anything
    // out of the ordinary (an error, a header longer than a segment, an empty file) reads the whole file as above,
    // which names the first error just as it would have.
    const auto wholeFile = [&]() -> Result<SourcedEventList> {
        if (!device.seek(0))
            return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(sourceName, device.errorString()));
        return read(device.readAll(), sourceName);
    };
    FileSegments segments(device, sourceName, FileSegments::Ends::CsvRecords, segmentBytes);
    SourcedEventList events(EventFileFormat::Csv);
    ParseState header;
    header.sourceName = sourceName;
    while (true) {
        auto segment = segments.next();
        if (!segment)
            return segment.error();
        if (segment->isEmpty())
            break;
        qsizetype from = 0;
        qint64 line = segments.firstLine();
        if (!header.haveHeader) {
            from = segment->startsWith("\xEF\xBB\xBF") ? 3 : 0;
            if (firstInvalidUtf8(*segment, from) >= 0 || parseRange(header, *segment, from, segment->size(), true, &from)
                || !header.haveHeader)
                return wholeFile();
            line = header.currentLine;
        } else if (firstInvalidUtf8(*segment, 0) >= 0) {
            return wholeFile();
        }
        if (!readBody(*segment, from, line, header, sourceName, events)) {
            events = SourcedEventList();
            return wholeFile();
        }
    }
    if (!header.haveHeader)
        return wholeFile();
    return events;
}

} // namespace hindsight
