#include "JsonRecordSplitter.h"

#include "JsonFieldReader.h"
#include "ParallelPieces.h"

#include "TextPool.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace hindsight {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/** Walks the bytes, counting lines. */
class Scanner
{
public:
    Scanner(const QByteArray& bytes, qsizetype start, qint64 firstLine = 1)
        : m_data(bytes.constData())
        , m_size(bytes.size())
        , m_pos(start)
        , m_line(firstLine)
    {
    }

    bool atEnd() const { return m_pos >= m_size; }
    /** Moves past one character that is not a line break. */
    void advance() { ++m_pos; }
    char peek() const { return m_data[m_pos]; }
    qsizetype pos() const { return m_pos; }
    qint64 line() const { return m_line; }

    void skipSpace()
    {
        while (m_pos < m_size && isSpace(m_data[m_pos])) {
            if (m_data[m_pos] == '\n')
                ++m_line;
            ++m_pos;
        }
    }

    /**
     * Moves past one value starting at the current position. Returns an empty string on success, otherwise
     * what went wrong (the line is then where the trouble was noticed).
     */
    QString skipValue()
    {
        const char first = m_data[m_pos];
        if (first == '}' || first == ']' || first == ',' || first == ':')
            return QStringLiteral("unexpected '%1'; expected a JSON object").arg(QLatin1Char(first));
        if (first != '{' && first != '[' && first != '"') {
            // A bare word or number: up to the next delimiter. The parser says what is wrong with it.
            while (m_pos < m_size && !isSpace(m_data[m_pos]) && m_data[m_pos] != ',' && m_data[m_pos] != ']'
                   && m_data[m_pos] != '}' && m_data[m_pos] != '{' && m_data[m_pos] != '[')
                ++m_pos;
            return {};
        }
        qint64 depth = 0;
        while (m_pos < m_size) {
            const char c = m_data[m_pos++];
            if (c == '\n') {
                ++m_line;
            } else if (c == '"') {
                if (!skipStringRest())
                    return QStringLiteral("the record that starts here has a string that is not closed before the end of the file");
                if (depth == 0)
                    return {};
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return {};
            }
        }
        return QStringLiteral("the record that starts here is not closed before the end of the file");
    }

private:
    /** After an opening quote: moves past the closing one. */
    bool skipStringRest()
    {
        while (m_pos < m_size) {
            const char c = m_data[m_pos++];
            if (c == '\\') {
                ++m_pos;
            } else if (c == '"') {
                return true;
            } else if (c == '\n') {
                ++m_line;
            }
        }
        return false;
    }

    const char* m_data;
    qsizetype m_size;
    qsizetype m_pos;
    qint64 m_line;
};

/** A key with escapes, as a JSON reader sees it: its bytes, the escapes decoded. */
std::string decodedKey(QByteArrayView raw)
{
    const QByteArray array = "[\"" + raw.toByteArray() + "\"]";
    return QJsonDocument::fromJson(array).array().at(0).toString().toStdString();
}

/**
 * The first key that appears twice in one object of @p text (valid JSON), with the line it is on, counting from
 * @p firstLine. Objects hold a handful of keys, so each new key is compared with those before it in its object (an
 * object of very many keys goes through a hash set). Keys are compared as written unless they hold an escape, and
 * the buffers are kept from record to record: the check costs little beside the parse it follows.
 */
std::optional<std::pair<QString, qint64>> firstRepeatedKey(QByteArrayView text, qint64 firstLine)
{
    struct Level {
        bool object;
        size_t firstKey;
        std::unordered_set<std::string_view>* many; // once an object holds ManyKeys keys
    };
    constexpr size_t ManyKeys = 32;
    thread_local std::vector<Level> levels;
    thread_local std::vector<std::string_view> keys;
    thread_local std::deque<std::string> decoded; // the decoded text of keys with escapes, which keys views
    thread_local std::deque<std::unordered_set<std::string_view>> sets;
    levels.clear();
    keys.clear();
    decoded.clear();
    sets.clear();
    bool expectKey = false;
    qint64 line = firstLine;
    const char* p = text.data();
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        switch (p[i]) {
        case '\n':
            ++line;
            break;
        case '{':
        case '[':
            levels.push_back({p[i] == '{', keys.size(), nullptr});
            expectKey = p[i] == '{';
            break;
        case '}':
        case ']':
            if (!levels.empty()) {
                keys.resize(levels.back().firstKey);
                levels.pop_back();
            }
            expectKey = false;
            break;
        case ',':
            expectKey = !levels.empty() && levels.back().object;
            break;
        case '"': {
            qsizetype j = i + 1;
            bool escaped = false;
            while (j < n && p[j] != '"') {
                escaped = escaped || p[j] == '\\';
                j += p[j] == '\\' ? 2 : 1;
            }
            j = std::min(j, n);
            if (expectKey && !levels.empty()) {
                Level& level = levels.back();
                std::string_view key(p + i + 1, size_t(j - i - 1));
                if (escaped)
                    key = decoded.emplace_back(decodedKey(QByteArrayView(p + i + 1, j - i - 1)));
                bool repeated = false;
                if (level.many) {
                    repeated = !level.many->insert(key).second;
                } else {
                    repeated = std::find(keys.begin() + qsizetype(level.firstKey), keys.end(), key) != keys.end();
                    if (!repeated && keys.size() - level.firstKey + 1 >= ManyKeys) {
                        level.many = &sets.emplace_back(keys.begin() + qsizetype(level.firstKey), keys.end());
                        level.many->insert(key);
                    }
                }
                if (repeated)
                    return std::make_pair(QString::fromUtf8(key.data(), qsizetype(key.size())), line);
                keys.push_back(key);
                expectKey = false;
            }
            i = j;
            break;
        }
        default:
            break;
        }
    }
    return std::nullopt;
}

/**
 * The records of a file, as far as they could be found: when the file breaks off or holds something that is not a
 * record, the records before it and the error. Readers parse those records first, so that the error they report
 * is the first one in the file, whether it is a broken record or broken structure.
 */
struct Split {
    QList<JsonRecord> records;
    std::optional<Error> error;
    qsizetype stoppedAt = 0; ///< for a part of a file: where the record the next part may go on starts
    qint64 stoppedLine = 1;
};

/**
 * The records of @p bytes from @p from, read as JSON Lines or values one after another, the line at @p from being
 * @p firstLine. With @p atEnd false the bytes are a part of a longer file: a record that may go on past them is
 * left for the next part, where stoppedAt and stoppedLine say.
 */
Split splitLines(const QByteArray& bytes, qsizetype from, qint64 firstLine, const QString& sourceName, bool atEnd)
{
    Scanner s(bytes, from, firstLine);
    Split out;
    s.skipSpace();
    while (!s.atEnd()) {
        const qsizetype offset = s.pos();
        const qint64 line = s.line();
        const char first = s.peek();
        const QString why = s.skipValue();
        if (why.startsWith(u"unexpected")) {
            out.error = JsonRecordSplitter::error(sourceName, s.line(), {}, why);
            return out;
        }
        const bool bare = first != '{' && first != '[' && first != '"';
        if (!atEnd && (!why.isEmpty() || (bare && s.atEnd()))) {
            // Unclosed, or a bare word the next part may continue.
            out.stoppedAt = offset;
            out.stoppedLine = line;
            return out;
        }
        if (!why.isEmpty()) {
            // A record that runs to the end of the file is reported where it starts, which is where to look.
            out.error = JsonRecordSplitter::error(sourceName, line, {}, why);
            return out;
        }
        out.records.append({offset, s.pos() - offset, line});
        s.skipSpace();
    }
    out.stoppedAt = s.pos();
    out.stoppedLine = s.line();
    return out;
}

/** The records of a whole file: JSON Lines, values one after another, or the elements of one array. */
Split splitFile(const QByteArray& bytes, const QString& sourceName)
{
    Scanner s(bytes, bytes.startsWith("\xEF\xBB\xBF") ? 3 : 0);
    s.skipSpace();
    if (s.atEnd())
        return {};
    if (s.peek() != '[')
        return splitLines(bytes, s.pos(), s.line(), sourceName, true);

    // One array: its elements are the records.
    Split out;
    const auto fail = [&](qint64 line, const QString& what) {
        out.error = JsonRecordSplitter::error(sourceName, line, {}, what);
        return out;
    };
    const qint64 arrayLine = s.line();
    const QString notClosed = QStringLiteral("the array opened on line %1 is not closed before the end of the file").arg(arrayLine);
    s.advance();
    s.skipSpace();
    if (!s.atEnd() && s.peek() == ']') {
        s.advance();
    } else {
        while (true) {
            if (s.atEnd())
                return fail(s.line(), notClosed);
            const qsizetype offset = s.pos();
            const qint64 recordLine = s.line();
            if (const QString why = s.skipValue(); !why.isEmpty())
                return fail(why.startsWith(u"unexpected") ? s.line() : recordLine, why);
            out.records.append({offset, s.pos() - offset, recordLine});
            s.skipSpace();
            if (s.atEnd())
                return fail(s.line(), notClosed);
            if (s.peek() == ']') {
                s.advance();
                break;
            }
            if (s.peek() != ',')
                return fail(s.line(), QStringLiteral("expected ',' or ']' after the record"));
            s.advance();
            s.skipSpace();
        }
    }
    s.skipSpace();
    if (!s.atEnd())
        return fail(s.line(), QStringLiteral("unexpected text after the array that ends before it"));
    return out;
}

} // namespace

Error JsonRecordSplitter::error(const QString& sourceName, qint64 line, const QString& field, const QString& what)
{
    Error e = makeError(ErrorCode::Parse,
                        field.isEmpty() ? QStringLiteral("%1, line %2: %3").arg(sourceName).arg(line).arg(what)
                                        : QStringLiteral("%1, line %2, field %3: %4").arg(sourceName).arg(line).arg(field, what),
                        field);
    e.line = line;
    return e;
}

Result<QList<JsonRecord>> JsonRecordSplitter::split(const QByteArray& bytes, const QString& sourceName)
{
    Split split = splitFile(bytes, sourceName);
    if (split.error)
        return *split.error;
    return split.records;
}

std::optional<JsonRecord> JsonRecordSplitter::firstRecord(const QByteArray& bytes)
{
    Scanner s(bytes, bytes.startsWith("\xEF\xBB\xBF") ? 3 : 0);
    s.skipSpace();
    if (s.atEnd())
        return std::nullopt;
    if (s.peek() == '[') {
        s.advance();
        s.skipSpace();
        if (s.atEnd() || s.peek() == ']')
            return std::nullopt;
    }
    const qsizetype offset = s.pos();
    const qint64 line = s.line();
    if (!s.skipValue().isEmpty())
        return std::nullopt;
    return JsonRecord{offset, s.pos() - offset, line};
}

Result<QJsonObject> JsonRecordSplitter::parseObject(const QByteArray& bytes, const JsonRecord& record, const QString& sourceName)
{
    const QByteArray text = QByteArray::fromRawData(bytes.constData() + record.offset, record.length);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const qsizetype at = std::clamp<qsizetype>(parseError.offset, 0, text.size());
        const qint64 line = record.line + text.left(at).count('\n');
        return error(sourceName, line, {}, QStringLiteral("not valid JSON (%1); expected one JSON object per record")
                                               .arg(parseError.errorString()));
    }
    if (!doc.isObject())
        return error(sourceName, record.line, {}, QStringLiteral("expected a JSON object {…}"));
    if (const auto repeated = firstRepeatedKey(text, record.line)) {
        return error(sourceName, repeated->second, {},
                     QStringLiteral("the key \"%1\" appears twice in one object; expected each key once").arg(repeated->first));
    }
    return doc.object();
}

namespace {

/**
 * Parses @p records of @p bytes and reads each with @p read into new slots of @p out. Records are independent, so
 * they are parsed in contiguous pieces on as many threads as there are cores, each into its own slots. Each piece
 * stops at its first error and the first piece that failed tells: the same answer as one record after another.
 */
std::optional<Error> readRecords(const QByteArray& bytes, const QList<JsonRecord>& records, const QString& sourceName,
                                 const JsonRecordSplitter::ObjectReader& read, SourcedEventList& out)
{
    constexpr qsizetype MinRecordsPerPiece = 4096;
    const qsizetype n = records.size();
    const qsizetype pieces = piecesFor(n, MinRecordsPerPiece);
    std::vector<std::optional<Error>> errors(static_cast<size_t>(pieces));
    out.prepareSlots(n, sourceName);
    const auto readPiece = [&](qsizetype p) {
        TextPool pool;
        const qsizetype begin = n * p / pieces;
        const qsizetype end = n * (p + 1) / pieces;
        for (qsizetype i = begin; i < end; ++i) {
            const JsonRecord& record = records.at(i);
            auto object = JsonRecordSplitter::parseObject(bytes, record, sourceName);
            if (!object) {
                errors[size_t(p)] = object.error();
                return;
            }
            auto event = read(*object, JsonFieldReader(sourceName, record.line, &pool));
            if (!event) {
                errors[size_t(p)] = event.error();
                return;
            }
            if (std::optional<Event> e = std::move(event).value())
                out.setSlot(i, std::move(*e), record.line);
        }
    };
    runPieces(pieces, readPiece);
    out.dropEmptySlots();
    for (std::optional<Error>& e : errors) {
        if (e)
            return std::move(e);
    }
    return std::nullopt;
}

} // namespace

Result<SourcedEventList> JsonRecordSplitter::readEvents(const QByteArray& bytes, const QString& sourceName, const ObjectReader& read)
{
    // The records before any break in the file's structure are read first: the first error in the file is reported.
    const Split split = splitFile(bytes, sourceName);
    SourcedEventList events;
    if (auto failed = readRecords(bytes, split.records, sourceName, read, events))
        return *failed;
    if (split.error)
        return *split.error;
    return events;
}

Result<SourcedEventList> JsonRecordSplitter::readEvents(const ChunkReader& next, const QString& sourceName, const ObjectReader& read,
                                                      qsizetype partBytes)
{
    const qsizetype chunkBytes = std::max<qsizetype>(partBytes, 1);
    QByteArray buffer;
    bool more = true;
    const auto fill = [&](qsizetype bytes) -> Result<void> {
        while (more && buffer.size() < bytes) {
            auto r = next(buffer, bytes - buffer.size());
            if (!r)
                return r.error();
            more = *r;
        }
        return {};
    };
    // The start: a byte-order mark, then space, which is dropped as it comes (counting its lines), however long.
    if (auto r = fill(std::max<qsizetype>(chunkBytes, 3)); !r)
        return r.error();
    if (buffer.startsWith("\xEF\xBB\xBF"))
        buffer.remove(0, 3);
    qint64 line = 1;
    while (true) {
        qsizetype i = 0;
        while (i < buffer.size() && isSpace(buffer[i]))
            line += buffer[i++] == '\n' ? 1 : 0;
        buffer.remove(0, i);
        if (!buffer.isEmpty() || !more)
            break;
        if (auto r = fill(chunkBytes); !r)
            return r.error();
    }
    if (buffer.startsWith('[')) {
        // One array, its elements being the records: read whole, its lines where they were.
        while (more) {
            if (auto r = fill(buffer.size() + chunkBytes); !r)
                return r.error();
        }
        buffer.prepend(QByteArray(line - 1, '\n'));
        return readEvents(buffer, sourceName, read);
    }

    SourcedEventList events;
    while (true) {
        // Before the end of the file, the last record may go on in the next part; at the end, every one must be whole.
        const Split split = splitLines(buffer, 0, line, sourceName, !more);
        if (auto failed = readRecords(buffer, split.records, sourceName, read, events))
            return *failed;
        if (split.error)
            return *split.error;
        if (!more)
            return events;
        buffer.remove(0, split.stoppedAt);
        line = split.stoppedLine;
        if (buffer.size() >= MaxStreamedRecordBytes) {
            return error(sourceName, line, {},
                         QStringLiteral("the record that starts here is longer than %1 MiB; no event is that long")
                             .arg(MaxStreamedRecordBytes >> 20));
        }
        if (auto r = fill(buffer.size() + chunkBytes); !r)
            return r.error();
    }
}

} // namespace hindsight
