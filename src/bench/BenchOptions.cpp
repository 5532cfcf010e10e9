#include "BenchOptions.h"

namespace hindsight::bench {

QString BenchOptions::usage()
{
    return QStringLiteral(
        "Usage: hindsight-bench [options]\n"
        "Measures opening a store, as-of jumps and slider steps of the as-of engine, and the same as-of computed by\n"
        "SQLite alone; then exports the store as JSON Lines and CSV and imports each into an empty store, beside\n"
        "SQLite's own insert of the same rows in one transaction. Prints one JSON object per line.\n\n"
        "  --store PATH               measure this store; generated there first if missing (default: a temporary one)\n"
        "  --customers N              customers to generate (default 100000)\n"
        "  --events-per-customer N    events per generated customer (default 10)\n"
        "  --samples N                random moments for the engine figures (default 200)\n"
        "  --sqlite-samples N         of those, how many SQLite computes too (default 40)\n"
        "  --seed N                   seed of the generated history and of the moments (default 1)\n"
        "  --import-runs N            imports of each file, and SQLite inserts; the median is the figure (default 3)\n"
        "  --only asof|import         only the as-of figures, or only the export and import figures\n"
        "  --help                     this text\n");
}

Result<BenchOptions> BenchOptions::parse(const QStringList& arguments)
{
    BenchOptions options;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& name = arguments[i];
        if (name == QLatin1String("--help") || name == QLatin1String("-h")) {
            options.help = true;
            continue;
        }
        if (i + 1 >= arguments.size())
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("%1 needs a value (see --help)").arg(name), name);
        const QString value = arguments[++i];
        bool ok = true;
        if (name == QLatin1String("--store")) {
            options.storePath = value;
        } else if (name == QLatin1String("--customers")) {
            options.customers = value.toLongLong(&ok);
            ok = ok && options.customers > 0;
        } else if (name == QLatin1String("--events-per-customer")) {
            options.eventsPerCustomer = value.toInt(&ok);
            ok = ok && options.eventsPerCustomer > 0;
        } else if (name == QLatin1String("--samples")) {
            options.samples = value.toInt(&ok);
            ok = ok && options.samples > 0;
        } else if (name == QLatin1String("--sqlite-samples")) {
            options.sqliteSamples = value.toInt(&ok);
            ok = ok && options.sqliteSamples >= 0;
        } else if (name == QLatin1String("--only")) {
            ok = value == QLatin1String("asof") || value == QLatin1String("import");
            if (!ok)
                return makeError(ErrorCode::InvalidArgument, QStringLiteral("--only expects asof or import, not \"%1\"").arg(value), name);
            options.asOf = value == QLatin1String("asof");
            options.import = value == QLatin1String("import");
        } else if (name == QLatin1String("--import-runs")) {
            options.importRuns = value.toInt(&ok);
            ok = ok && options.importRuns > 0;
        } else if (name == QLatin1String("--seed")) {
            options.seed = value.toULongLong(&ok);
        } else {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("unknown option %1 (see --help)").arg(name), name);
        }
        if (!ok) {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("%1 expects a positive number, not \"%2\"").arg(name, value),
                             name);
        }
    }
    options.sqliteSamples = std::min(options.sqliteSamples, options.samples);
    return options;
}

} // namespace hindsight::bench
