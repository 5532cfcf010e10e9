#pragma once

#include "CustomerRecord.h"
#include "EventStore.h"

#include <functional>
#include <optional>

namespace hindsight {

/**
 * Writes the customer table as of a moment to a CSV file, for the window's File → Export table…: the same bytes as
 * `hindsight-cli state [--as-of TIME] --format csv` (CustomerTableWriter), taken the same way (the projection for
 * now, the as-of engine for a past moment). Runs on whichever thread owns @p store.
 */
class CustomerTableExporter
{
public:
    enum class Stage { ReadingEvents, ReadingTable, Writing };
    /** Told (stage, done, total) now and then, total 0 when unknown; returning false cancels. */
    using Progress = std::function<bool(Stage stage, qint64 done, qint64 total)>;

    /** The table's rows as of @p asOfMs (ms since the epoch, UTC), or as they are now when nullopt. */
    static Result<CustomerList> customersAsOf(const EventStore& store, std::optional<qint64> asOfMs,
                                              const Progress& progress = {});

    /**
     * Writes the table as of @p asOfMs to @p path through QSaveFile and returns the number of customers written.
     * On failure or cancel the file at @p path, if any, stays as it was and nothing is left beside it. The file is
     * opened as EventExporter::openTarget() says: a file of the store itself is refused, a new file is 0600.
     */
    static Result<qint64> writeFile(const EventStore& store, std::optional<qint64> asOfMs, const QString& path,
                                    const Progress& progress = {});
};

} // namespace hindsight
