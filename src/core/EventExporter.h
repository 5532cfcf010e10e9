#pragma once

#include "EventFileFormat.h"
#include "EventStore.h"

#include <functional>

class QIODevice;
class QSaveFile;

namespace hindsight {

/**
 * Takes every event out of a store in an import format (issue 5), so that export, import into an empty store,
 * export again gives the same bytes:
 * - jsonl: Hindsight's own format, in the store's global order, with version and position, ending with the store
 *   head it reached (StoreHeadRecord) for `verify --against`;
 * - csv: Table 3-2's columns (EventTableWriter), by customer then version;
 * - dynamodb: DynamoDB JSON items, one per line, by customer then version.
 * (EventBridge is read, not written.)
 */
class EventExporter
{
public:
    /** Called now and then with the events written so far and the total; returning false cancels. */
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    /** The formats export writes. */
    static bool canWrite(EventFileFormat format);

    /** Writes every event of @p store to @p device; returns how many. */
    static Result<qint64> write(const EventStore& store, EventFileFormat format, QIODevice& device, const Progress& progress = {});

    /**
     * Writes to the file @p path through QSaveFile: the file is replaced only when everything was written, so a
     * failed or cancelled export leaves the old file whole. Opened with openTarget().
     */
    static Result<qint64> writeFile(const EventStore& store, EventFileFormat format, const QString& path,
                                    const Progress& progress = {});

    /**
     * Opens @p file for an export of @p store, as every export to a file does (CustomerTableExporter too):
     * - refuses, before anything is opened, a target that is one of the store's own files (the store, its -wal,
     *   -shm or -journal; StoreFactory::isStoreFile()): the save would replace it, under SQLite's feet;
     * - a new file is readable and writable by its owner only (0600) whatever the umask: exports hold customers'
     *   personal data. A file that exists keeps its permissions (QSaveFile copies them), so a stricter one stays so.
     * The error names the file; nothing is written.
     */
    static Result<void> openTarget(QSaveFile& file, const EventStore& store);
};

} // namespace hindsight
