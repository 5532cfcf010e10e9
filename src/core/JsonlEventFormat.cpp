#include "JsonlEventFormat.h"

#include "FileSegments.h"
#include "JsonFieldReader.h"
#include "JsonRecordSplitter.h"
#include "JsonText.h"
#include "ParallelPieces.h"
#include "TextPool.h"
#include "Timestamp.h"

#include <QIODevice>

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

namespace hindsight {

namespace {

/** The fields of Hindsight's JSON Lines event, by key. */
enum class Key { EventId, CustomerId, RecordedAt, Type, FirstName, LastName, Address, Dob, Version, Position, StoreHead, Count };

std::optional<Key> keyOf(std::string_view key)
{
    static constexpr std::pair<std::string_view, Key> Keys[] = {
        {"eventId", Key::EventId},     {"customerId", Key::CustomerId}, {"recordedAt", Key::RecordedAt}, {"type", Key::Type},
        {"firstName", Key::FirstName}, {"lastName", Key::LastName},     {"address", Key::Address},       {"dob", Key::Dob},
        {"version", Key::Version},     {"position", Key::Position},     {"storeHead", Key::StoreHead},
    };
    for (const auto& [name, k] : Keys) {
        if (name == key)
            return k;
    }
    return std::nullopt;
}

QString textOf(std::string_view utf8)
{
    return QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
}

/**
 * Reads lines [@p begin, @p end) of @p bytes with simdjson, one object per line: nothing when a line is anything
 * but a plain event (or the store head) the way export writes one, and the general reader must decide.
 */
bool readPlainLines(const QByteArray& bytes, qsizetype begin, qsizetype end, qint64 firstLine, SourcedEventList& out,
                    qsizetype slot)
{
    simdjson::ondemand::parser parser;
    TextPool pool;
    const auto shared = [&pool](std::string_view utf8) -> const QString& {
        return pool.fromUtf8(QByteArrayView(utf8.data(), qsizetype(utf8.size())));
    };
    const char* data = bytes.constData();
    simdjson::padded_string copy; // a last line too close to the end of the buffer for simdjson's padding
    qint64 line = firstLine;
    for (qsizetype start = begin; start < end; ++line) {
        qsizetype stop = bytes.indexOf('\n', start);
        stop = stop < 0 || stop >= end ? end : stop;
        const qsizetype next = stop + 1;
        qsizetype length = stop - start;
        while (length > 0 && (data[start + length - 1] == '\r' || data[start + length - 1] == ' ' || data[start + length - 1] == '\t'))
            --length;
        qsizetype first = start;
        while (first < start + length && (data[first] == ' ' || data[first] == '\t'))
            ++first;
        length -= first - start;
        const QByteArrayView text(data + first, length);
        start = next;
        if (length == 0)
            continue;
        // Escapes of code points and a raw byte-order mark are the general reader's to interpret.
        const std::string_view raw(text.data(), size_t(text.size()));
        if (text.front() != '{' || raw.find("\\u") != raw.npos || raw.find("\xEF\xBB\xBF") != raw.npos)
            return false;
        const size_t capacity = size_t(bytes.size() - first);
        simdjson::padded_string_view view;
        if (capacity >= size_t(length) + simdjson::SIMDJSON_PADDING) {
            view = simdjson::padded_string_view(text.data(), size_t(length), capacity);
        } else {
            copy = simdjson::padded_string(text.data(), size_t(length));
            view = copy;
        }
        simdjson::ondemand::document doc;
        simdjson::ondemand::object object;
        if (parser.iterate(view).get(doc) || doc.get_object().get(object))
            return false;
        std::array<std::optional<std::string_view>, size_t(Key::Count)> strings;
        std::array<qint64, 2> numbers{0, 0}; // version, position
        std::array<bool, size_t(Key::Count)> seen{};
        for (auto field : object) {
            std::string_view name;
            if (field.unescaped_key().get(name))
                return false;
            const auto key = keyOf(name);
            if (!key || seen[size_t(*key)])
                return false;
            seen[size_t(*key)] = true;
            if (*key == Key::StoreHead) {
                // The head an export recorded, {"storeHead":{"position":N,"sha256":"…"}}, skipped; read to its end, as
                // on-demand parsing does not check what it skips. Any other head is the general reader's.
                simdjson::ondemand::object head;
                if (field.value().get_object().get(head))
                    return false;
                int headFields = 0;
                for (auto headField : head) {
                    std::string_view headKey;
                    if (headField.unescaped_key().get(headKey))
                        return false;
                    int64_t position = 0;
                    std::string_view digest;
                    if (headKey == "position" && !(headFields & 1) && !headField.value().get_int64().get(position))
                        headFields |= 1;
                    else if (headKey == "sha256" && !(headFields & 2) && !headField.value().get_string().get(digest))
                        headFields |= 2;
                    else
                        return false;
                }
                if (headFields != 3)
                    return false;
                continue;
            }
            if (*key == Key::Version || *key == Key::Position) {
                int64_t n = 0;
                if (field.value().get_int64().get(n) || n < 1 || n > (int64_t(1) << 53))
                    return false;
                numbers[*key == Key::Version ? 0 : 1] = n;
                continue;
            }
            std::string_view value;
            if (field.value().get_string().get(value))
                return false;
            strings[size_t(*key)] = value;
        }
        // Nothing may follow the object on its line.
        const char* trailing = nullptr;
        if (doc.current_location().get(trailing) != simdjson::OUT_OF_BOUNDS)
            return false;
        if (seen[size_t(Key::StoreHead)]) {
            if (std::count(seen.begin(), seen.end(), true) != 1)
                return false;
            continue;
        }
        for (const Key required : {Key::EventId, Key::CustomerId, Key::RecordedAt, Key::Type, Key::FirstName, Key::LastName,
                                   Key::Address, Key::Dob}) {
            if (!strings[size_t(required)])
                return false;
        }
        const QString eventId = textOf(*strings[size_t(Key::EventId)]).trimmed();
        const QString customerId = shared(*strings[size_t(Key::CustomerId)]).trimmed();
        const auto recordedAt = Timestamp::parse(textOf(*strings[size_t(Key::RecordedAt)]));
        const auto type = eventTypeFromString(textOf(*strings[size_t(Key::Type)]));
        const auto dob = Timestamp::parseDate(textOf(*strings[size_t(Key::Dob)]));
        if (eventId.isEmpty() || customerId.isEmpty() || !recordedAt || *recordedAt < Timestamp::FirstWritableMs
            || *recordedAt > Timestamp::LastWritableMs || !type || !dob)
            return false;
        CustomerData customer{shared(*strings[size_t(Key::FirstName)]), shared(*strings[size_t(Key::LastName)]),
                              shared(*strings[size_t(Key::Address)]), *dob};
        out.setSlot(slot++, Event(eventId, customerId, *type, *recordedAt, std::move(customer), numbers[0], numbers[1]), line);
    }
    return true;
}

/**
 * The plain-lines reading of @p bytes from @p begin (where line @p firstLine starts), in pieces on every core, into
 * new slots of @p out; false when any piece says no.
 */
bool readPlainPart(const QByteArray& bytes, qsizetype begin, qint64 firstLine, const QString& sourceName, SourcedEventList& out)
{
    constexpr qsizetype MinBytesPerPiece = 1 << 20;
    const qsizetype pieces = piecesFor(bytes.size() - begin, MinBytesPerPiece);
    // Cut after line breaks, each piece knowing the line it starts on and the slots of its lines.
    struct Cut {
        qsizetype offset;
        qint64 line;
        qsizetype slot;
    };
    std::vector<Cut> cuts{{begin, firstLine, 0}};
    qint64 line = firstLine;
    qsizetype from = begin;
    for (qsizetype p = 1; p < pieces; ++p) {
        const qsizetype target = begin + (bytes.size() - begin) * p / pieces;
        qsizetype cut = bytes.indexOf('\n', std::max(target, from));
        if (cut < 0)
            break;
        line += countLineBreaks(QByteArrayView(bytes).sliced(from, cut + 1 - from));
        from = cut + 1;
        cuts.push_back({from, line, qsizetype(line - firstLine)});
    }
    // The last piece's lines: those it starts, one more when the part does not end with a line break.
    cuts.push_back({bytes.size(), 0, qsizetype(line - firstLine + 1 + countLineBreaks(QByteArrayView(bytes).sliced(from)))});
    out.prepareSlots(cuts.back().slot, sourceName);
    std::vector<char> ok(cuts.size() - 1, 0);
    runPieces(qsizetype(ok.size()), [&](qsizetype piece) {
        const size_t p = size_t(piece);
        ok[p] = readPlainLines(bytes, cuts[p].offset, cuts[p + 1].offset, cuts[p].line, out, cuts[p].slot);
    });
    out.dropEmptySlots();
    return std::find(ok.begin(), ok.end(), 0) == ok.end();
}

/** The plain-lines reading of a whole file; nothing when any line is not plain. */
std::optional<SourcedEventList> readPlainFile(const QByteArray& bytes, const QString& sourceName)
{
    SourcedEventList events(EventFileFormat::Jsonl);
    if (!readPlainPart(bytes, bytes.startsWith("\xEF\xBB\xBF") ? 3 : 0, 1, sourceName, events))
        return std::nullopt;
    return events;
}

} // namespace

Result<SourcedEventList> JsonlEventFormat::read(const QByteArray& bytes, const QString& sourceName)
{
    if (auto plain = readPlainFile(bytes, sourceName))
        return std::move(*plain);
    return readWithQtJson(bytes, sourceName);
}

Result<SourcedEventList> JsonlEventFormat::read(QIODevice& device, const QString& sourceName, qsizetype segmentBytes)
{
    // A segment of the file at a time, as long as every line is plain; otherwise the whole file, as above.
    FileSegments segments(device, sourceName, FileSegments::Ends::Lines, segmentBytes);
    SourcedEventList events(EventFileFormat::Jsonl);
    for (bool first = true;; first = false) {
        auto segment = segments.next();
        if (!segment)
            return segment.error();
        if (segment->isEmpty())
            return events;
        const qsizetype begin = first && segment->startsWith("\xEF\xBB\xBF") ? 3 : 0;
        if (!readPlainPart(*segment, begin, segments.firstLine(), sourceName, events))
            break;
    }
    events = SourcedEventList();
    if (!device.seek(0))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(sourceName, device.errorString()));
    return read(device.readAll(), sourceName);
}

Result<SourcedEventList> JsonlEventFormat::readWithQtJson(const QByteArray& bytes, const QString& sourceName)
{
    auto events = JsonRecordSplitter::readEvents(bytes, sourceName,
                                          [&](const QJsonObject& o, const JsonFieldReader& f) -> Result<std::optional<Event>> {
        if (o.contains(u"storeHead")) {
            // The head an export recorded (StoreHeadRecord): not an event, and a line that holds one holds nothing
            // else. Skipping a line of both would lose its event without a word.
            if (o.size() > 1) {
                const QStringList keys = o.keys();
                const QString other = keys.first() == u"storeHead" ? keys.at(1) : keys.first();
                return f.error(QStringLiteral("storeHead"),
                               QStringLiteral("the store head an export ends with stands on a line of its own; this line holds "
                                              "\"%1\" too, as an event would")
                                   .arg(other));
            }
            return std::optional<Event>();
        }
        auto eventId = f.identifier(o.value(u"eventId"), QStringLiteral("eventId"));
        if (!eventId)
            return eventId.error();
        auto customerId = f.sharedIdentifier(o.value(u"customerId"), QStringLiteral("customerId"));
        if (!customerId)
            return customerId.error();
        auto recordedAt = f.time(o.value(u"recordedAt"), QStringLiteral("recordedAt"));
        if (!recordedAt)
            return recordedAt.error();
        auto type = f.type(o.value(u"type"), QStringLiteral("type"));
        if (!type)
            return type.error();
        auto firstName = f.sharedString(o.value(u"firstName"), QStringLiteral("firstName"));
        if (!firstName)
            return firstName.error();
        auto lastName = f.sharedString(o.value(u"lastName"), QStringLiteral("lastName"));
        if (!lastName)
            return lastName.error();
        auto address = f.sharedString(o.value(u"address"), QStringLiteral("address"));
        if (!address)
            return address.error();
        auto dob = f.date(o.value(u"dob"), QStringLiteral("dob"));
        if (!dob)
            return dob.error();
        auto version = f.optionalPositive(o.value(u"version"), QStringLiteral("version"));
        if (!version)
            return version.error();
        auto position = f.optionalPositive(o.value(u"position"), QStringLiteral("position"));
        if (!position)
            return position.error();
        CustomerData data{std::move(firstName).value(), std::move(lastName).value(), std::move(address).value(), *dob};
        return std::optional<Event>(Event(std::move(eventId).value(), std::move(customerId).value(), *type, *recordedAt, std::move(data),
                              *version, *position));
    });
    if (events)
        events.value().setFormat(EventFileFormat::Jsonl);
    return events;
}

void JsonlEventFormat::appendLine(QByteArray& out, const Event& e)
{
    // Position and version are the store's; an event not yet stored has neither, and then they are left out.
    out.append('{');
    if (e.position() > 0) {
        out.append("\"position\":");
        out.append(QByteArray::number(e.position()));
        out.append(',');
    }
    out.append("\"eventId\":");
    JsonText::appendString(out, e.eventId());
    out.append(",\"customerId\":");
    JsonText::appendString(out, e.customerId());
    if (e.version() > 0) {
        out.append(",\"version\":");
        out.append(QByteArray::number(e.version()));
    }
    out.append(",\"recordedAt\":");
    JsonText::appendString(out, Timestamp::format(e.recordedAtMs()));
    out.append(",\"type\":");
    JsonText::appendString(out, eventTypeName(e.type()));
    out.append(",\"firstName\":");
    JsonText::appendString(out, e.data().firstName);
    out.append(",\"lastName\":");
    JsonText::appendString(out, e.data().lastName);
    out.append(",\"address\":");
    JsonText::appendString(out, e.data().address);
    out.append(",\"dob\":");
    JsonText::appendString(out, Timestamp::formatDate(e.data().dateOfBirth));
    out.append("}\n");
}

} // namespace hindsight
