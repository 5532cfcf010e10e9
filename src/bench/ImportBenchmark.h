#pragma once

#include "BenchOptions.h"
#include "EventFileFormat.h"
#include "FigureWriter.h"

#include <QString>

#include <string>
#include <vector>

namespace hindsight::bench {

/**
 * The import figures (issue 5): the store's events exported as JSON Lines and CSV, each imported into an empty
 * store through EventImporter (what `hindsight-cli import` and File → Import events… run), beside what SQLite
 * itself takes to insert the same rows in one transaction: into the store's own schema, and into a table without
 * any index or constraint (the floor no import can beat).
 */
class ImportBenchmark
{
public:
    ImportBenchmark(BenchOptions options, FigureWriter& out);

    /** Measures with the store at @p path as the source, working in @p workDir; returns the process exit code. */
    int run(const QString& path, const QString& workDir);

private:
    /** The rows of a store's events table, column by column as SQLite gave them. */
    struct Rows {
        std::vector<std::string> columns;
        std::vector<int> types;         ///< per value: SQLITE_INTEGER, SQLITE_TEXT, SQLITE_BLOB or SQLITE_NULL
        std::vector<qint64> integers;   ///< per value: the integer, or the offset into bytes
        std::vector<qint64> lengths;    ///< per value: length of text or blob
        std::string bytes;
        qint64 count = 0;
    };

    Result<void> measureExport(const QString& store, EventFileFormat format, const QString& file);
    /** One import of @p file into a new store at @p target, timed stage by stage, then its checkpoint. */
    struct ImportRun {
        qint64 imported = 0;
        double seconds = 0; ///< to the commit: importFile() returned
        double readSeconds = 0;
        double checkSeconds = 0;
        double writeSeconds = 0;
        double checkpointSeconds = 0;
    };
    Result<ImportRun> importOnce(EventFileFormat format, const QString& file, const QString& target);
    /** Prints import_events_per_s: the median run, and every run's events/s. */
    void reportImport(EventFileFormat format, const std::vector<ImportRun>& runs);
    Result<Rows> readRows(const QString& store) const;
    /** Seconds to insert and commit, and then to checkpoint (both kept apart, as a bulk import keeps them). */
    struct Timing {
        double seconds = 0;
        double checkpointSeconds = 0;
    };
    Result<Timing> insertRows(const QString& target, const Rows& rows, bool bare) const;

    BenchOptions m_options;
    FigureWriter& m_out;
};

} // namespace hindsight::bench
