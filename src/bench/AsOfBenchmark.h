#pragma once

#include "AsOfEngine.h"
#include "BenchOptions.h"
#include "FigureWriter.h"
#include "SqliteEventStore.h"

#include <memory>
#include <random>

namespace hindsight::bench {

/**
 * The as-of figures: open, jump, step, and SQLite's own as-of over the same store and moments.
 * Each figure is one method, so more (imports, exports) can be added beside them.
 */
class AsOfBenchmark
{
public:
    AsOfBenchmark(BenchOptions options, FigureWriter& out);

    /** Runs every figure on the store at @p path; returns the process exit code (non-zero on an error or a disagreement). */
    int run(const QString& path);

private:
    Result<void> measureOpen();
    void measureProjectionOpen();
    void measureJumps();
    void measureSteps();
    void measureWholeTable();
    void measureQuery();
    Result<void> measureSqlite();

    /** What "ready to paint" costs beyond the move: the row count and one screenful of rows materialized. */
    void paintFirstScreen();
    void paintFirstScreen(const std::vector<int>& rows);

    BenchOptions m_options;
    FigureWriter& m_out;
    QString m_path;
    std::unique_ptr<SqliteEventStore> m_store;
    std::unique_ptr<AsOfEngine> m_engine;
    std::vector<qint64> m_moments;      ///< random moments, shared by the engine and SQLite figures
    std::vector<qint64> m_rowsAtMoment; ///< the engine's row count at each moment
    double m_jumpP95 = 0;
    bool m_disagreement = false;
    qint64 m_sink = 0;
};

} // namespace hindsight::bench
