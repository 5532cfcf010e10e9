#pragma once

#include "CsvEventReader.h"
#include "EventFileFormat.h"
#include "EventStore.h"

#include <functional>

namespace hindsight {

/** What an import did. */
struct ImportReport {
    EventFileFormat format = EventFileFormat::Auto; ///< the format that was read
    qint64 read = 0;     ///< events in the input
    qint64 imported = 0; ///< events appended to the store
    qint64 skipped = 0;  ///< events stored already with the same content, or repeated in the input
};

/** What an import would do: the events to append, in order, after every check passed. */
struct ImportPlan {
    EventList events;         ///< shares the input's list when that is to be appended as it is
    QList<qsizetype> sources; ///< for each event, its index in the input; empty when the events are the input in order
    qint64 read = 0;
    qint64 skipped = 0;
};

/** The steps of an import, for progress reports. */
enum class ImportStage { Reading, Checking, Writing };

/**
 * Brings events from files into a store, all or nothing (issue 5). Reads CSV (Table 3-2), Hindsight's JSON Lines,
 * DynamoDB JSON (a data file, gzipped or not, or a whole export folder) and EventBridge events; orders them by
 * customer and time (JSON Lines that carry positions keep their global order); checks every rule before anything
 * is written: each history starts with CREATED, nothing follows a DELETED, no (customer, time) pair repeats,
 * every event written keeps the account rules the window and the CLI keep (AccountRules: field limits, no control
 * or invisible characters, a date of birth not after the day the event was recorded), an id repeated with the same
 * content is skipped and with other content refused. Events the store holds already with the same content are
 * skipped, so importing a file twice adds nothing. Gzip files are inflated within Gzip::limits().
 * Every error names the file, the line (and the field) and what was expected; on any error nothing is written.
 */
class EventImporter
{
public:
    /** Called now and then with the stage and how far it got; returning false cancels, and nothing is written. */
    using Progress = std::function<bool(ImportStage stage, qint64 done, qint64 total)>;

    /** The format of @p path (a file, or a DynamoDB export folder), from its name and content. */
    static Result<EventFileFormat> detectFormat(const QString& path);
    /** The format of @p bytes (already decompressed), from @p fileName and the content. */
    static Result<EventFileFormat> detectFormat(const QByteArray& bytes, const QString& fileName);

    /** Reads the events of @p path in @p format (Auto: detected); @p used receives the format read. No store is touched. */
    static Result<SourcedEventList> read(const QString& path, EventFileFormat format, EventFileFormat* used = nullptr);
    /** The same for bytes in memory (gzipped or not); @p sourceName names them in errors and helps detection. */
    static Result<SourcedEventList> read(const QByteArray& bytes, const QString& sourceName, EventFileFormat format,
                                         EventFileFormat* used = nullptr);

    /** Checks @p events against each other and against @p store, and orders them for appending. Writes nothing. */
    static Result<ImportPlan> plan(const EventStore& store, const SourcedEventList& events);

    /** Reads @p path, checks it and appends its new events in one transaction. */
    static Result<ImportReport> importFile(EventStore& store, const QString& path,
                                           EventFileFormat format = EventFileFormat::Auto, const Progress& progress = {});
    /** Checks @p events and appends the new ones in one transaction. */
    static Result<ImportReport> importEvents(EventStore& store, const SourcedEventList& events, const Progress& progress = {});
};

} // namespace hindsight
