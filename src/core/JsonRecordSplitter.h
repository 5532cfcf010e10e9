#pragma once

#include "FileSegments.h"
#include "Result.h"
#include "SourcedEventList.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

#include <functional>
#include <optional>

namespace hindsight {

class JsonFieldReader;

/** Where one JSON record lies in a file. */
struct JsonRecord {
    qsizetype offset = 0;
    qsizetype length = 0;
    qint64 line = 0; ///< 1-based line the record starts on
};

/**
 * Finds the records of a JSON event file without parsing them: JSON Lines (one value per line), values simply
 * following one another, or one top-level array whose elements are the records. It only tracks strings and
 * bracket depth, so it never recurses and survives any input; each record is then parsed on its own, which
 * lets every error name its line.
 */
class JsonRecordSplitter
{
public:
    /** The records of @p bytes (a UTF-8 byte-order mark is skipped); @p sourceName names the file in errors. */
    static Result<QList<JsonRecord>> split(const QByteArray& bytes, const QString& sourceName);

    /**
     * The first record only (the first element when the file is one array), for telling formats apart without
     * walking a whole file; nothing when there is none or it is not closed.
     */
    static std::optional<JsonRecord> firstRecord(const QByteArray& bytes);

    /**
     * Parses one record as a JSON object. An error names the file and the line where parsing stopped, and
     * says that an object was expected. A key repeated within one object (at any depth) is refused: JSON readers
     * disagree on which of the two counts, so neither is taken.
     */
    static Result<QJsonObject> parseObject(const QByteArray& bytes, const JsonRecord& record, const QString& sourceName);

    /**
     * What a format makes of one record's object: an event, nothing (a record to skip), or an error. Called for
     * several records at once from different threads: it must not change anything outside itself.
     */
    using ObjectReader = std::function<Result<std::optional<Event>>(const QJsonObject& object, const JsonFieldReader& fields)>;

    /**
     * Splits @p bytes into records, parses each as a JSON object and reads it with @p read; the first error in
     * file order is returned, whether a record's or the file's structure's (a stray '}', an array not closed). The one loop every JSON format shares; a format only says what an object means.
     * Large files are parsed on every core.
     */
    static Result<SourcedEventList> readEvents(const QByteArray& bytes, const QString& sourceName, const ObjectReader& read);

    /**
     * Appends up to @p maxBytes more of a file to @p buffer: true while there may be more, false at its end (what
     * it appended counts all the same).
     */
    using ChunkReader = std::function<Result<bool>(QByteArray& buffer, qsizetype maxBytes)>;

    /**
     * As readEvents(), for a file read piece by piece through @p next (a gzip stream): only the records not yet
     * parsed are held, never the whole file; the events and errors are those readEvents() gives for the whole file.
     * Parts of about @p partBytes are read and parsed at a time. A record may not be longer than
     * MaxStreamedRecordBytes. A file that is one JSON array is read whole.
     */
    static Result<SourcedEventList> readEvents(const ChunkReader& next, const QString& sourceName, const ObjectReader& read,
                                               qsizetype partBytes = StreamPartBytes);

    /** How much of a stream readEvents() reads and parses at a time. */
    static constexpr qsizetype StreamPartBytes = qsizetype(32) << 20;
    /** The longest record readEvents() takes from a stream: the longest any reader in parts takes. */
    static constexpr qsizetype MaxStreamedRecordBytes = FileSegments::MaxRecordBytes;

    /** A Parse error "FILE, line N[, field F]: WHAT". */
    static Error error(const QString& sourceName, qint64 line, const QString& field, const QString& what);
};

} // namespace hindsight
