#pragma once

#include "EventFileFormat.h"
#include "EventStore.h"

#include <functional>

class QIODevice;

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
     * failed or cancelled export leaves the old file whole.
     */
    static Result<qint64> writeFile(const EventStore& store, EventFileFormat format, const QString& path,
                                    const Progress& progress = {});
};

} // namespace hindsight
