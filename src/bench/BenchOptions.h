#pragma once

#include "Result.h"

#include <QStringList>

namespace hindsight::bench {

/** What `hindsight-bench` was asked to do. */
struct BenchOptions {
    QString storePath;            ///< an existing store to measure; empty = generate one in a temporary folder
    qint64 customers = 100000;
    int eventsPerCustomer = 10;
    int samples = 200;            ///< random moments for the engine figures
    int sqliteSamples = 40;       ///< the first moments of the same list, for the SQLite baseline (seconds each)
    quint64 seed = 1;
    int importRuns = 3;           ///< imports of each file (and SQLite inserts); the figure is the median run
    bool asOf = true;             ///< the as-of figures (--only asof)
    bool import = true;           ///< the export and import figures (--only import)
    bool help = false;

    /** Parses the command line (arguments after the program name). */
    static Result<BenchOptions> parse(const QStringList& arguments);
    static QString usage();
};

} // namespace hindsight::bench
