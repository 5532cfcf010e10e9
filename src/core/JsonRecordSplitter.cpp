#include "JsonRecordSplitter.h"

#include "JsonFieldReader.h"
#include "ParallelPieces.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>
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
    Scanner(const QByteArray& bytes, qsizetype start)
        : m_data(bytes.constData())
        , m_size(bytes.size())
        , m_pos(start)
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
    qint64 m_line = 1;
};

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
    Scanner s(bytes, bytes.startsWith("\xEF\xBB\xBF") ? 3 : 0);
    QList<JsonRecord> records;
    const auto fail = [&](const QString& what) { return error(sourceName, s.line(), {}, what); };
    qint64 recordLine = 1;
    const auto take = [&]() -> QString {
        const qsizetype offset = s.pos();
        recordLine = s.line();
        QString why = s.skipValue();
        if (why.isEmpty())
            records.append({offset, s.pos() - offset, recordLine});
        return why;
    };
    // A record that runs to the end of the file is reported where it starts, which is where to look.
    const auto failRecord = [&](const QString& what) { return error(sourceName, recordLine, {}, what); };

    s.skipSpace();
    if (s.atEnd())
        return records;
    if (s.peek() != '[') {
        // JSON Lines, or values one after another.
        while (!s.atEnd()) {
            if (const QString why = take(); !why.isEmpty())
                return why.startsWith(u"unexpected") ? fail(why) : failRecord(why);
            s.skipSpace();
        }
        return records;
    }

    // One array: its elements are the records.
    const qint64 arrayLine = s.line();
    s.advance();
    s.skipSpace();
    if (!s.atEnd() && s.peek() == ']') {
        s.advance();
    } else {
        while (true) {
            if (s.atEnd())
                return fail(QStringLiteral("the array opened on line %1 is not closed before the end of the file").arg(arrayLine));
            if (const QString why = take(); !why.isEmpty())
                return why.startsWith(u"unexpected") ? fail(why) : failRecord(why);
            s.skipSpace();
            if (s.atEnd())
                return fail(QStringLiteral("the array opened on line %1 is not closed before the end of the file").arg(arrayLine));
            if (s.peek() == ']') {
                s.advance();
                break;
            }
            if (s.peek() != ',')
                return fail(QStringLiteral("expected ',' or ']' after the record"));
            s.advance();
            s.skipSpace();
        }
    }
    s.skipSpace();
    if (!s.atEnd())
        return fail(QStringLiteral("unexpected text after the array that ends before it"));
    return records;
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
    return doc.object();
}

Result<SourcedEventList> JsonRecordSplitter::readEvents(const QByteArray& bytes, const QString& sourceName, const ObjectReader& read)
{
    auto records = split(bytes, sourceName);
    if (!records)
        return records.error();
    // Records are independent, so they are parsed in contiguous pieces on as many threads as there are cores and
    // joined in file order. Each piece stops at its first error and the first piece that failed tells: the same
    // answer as reading one record after another.
    constexpr qsizetype MinRecordsPerPiece = 4096;
    const qsizetype n = records->size();
    const qsizetype pieces = piecesFor(n, MinRecordsPerPiece);
    struct Piece {
        SourcedEventList events;
        std::optional<Error> error;
    };
    std::vector<Piece> results(static_cast<size_t>(pieces));
    const auto readPiece = [&](qsizetype p) {
        Piece& out = results[size_t(p)];
        const qsizetype begin = n * p / pieces;
        const qsizetype end = n * (p + 1) / pieces;
        out.events.reserve(end - begin);
        for (qsizetype i = begin; i < end; ++i) {
            const JsonRecord& record = records->at(i);
            auto object = parseObject(bytes, record, sourceName);
            if (!object) {
                out.error = object.error();
                return;
            }
            auto event = read(*object, JsonFieldReader(sourceName, record.line));
            if (!event) {
                out.error = event.error();
                return;
            }
            if (event->has_value())
                out.events.append({std::move(**event), record.line, sourceName});
        }
    };
    runPieces(pieces, readPiece);
    SourcedEventList events;
    events.reserve(n);
    for (Piece& piece : results) {
        if (piece.error)
            return *piece.error;
        events.append(std::move(piece.events));
    }
    return events;
}

} // namespace hindsight
