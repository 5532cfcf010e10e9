#include "AsOfBenchmark.h"
#include "BenchOptions.h"
#include "BenchSupport.h"
#include "FigureWriter.h"
#include "ImportBenchmark.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QTemporaryDir>

#include <cstdio>

int main(int argc, char* argv[])
{
    using namespace hindsight::bench;
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hindsight-bench"));
    auto options = BenchOptions::parse(app.arguments().mid(1));
    if (!options) {
        std::fprintf(stderr, "hindsight-bench: %s\n", qUtf8Printable(options.error().message));
        return 64;
    }
    if (options->help) {
        std::fputs(qUtf8Printable(BenchOptions::usage()), stdout);
        return 0;
    }
    // Generated stores, exports and import targets live in a temporary folder, removed at the end.
    QTemporaryDir work;
    if (!work.isValid()) {
        note(QStringLiteral("hindsight-bench: cannot create a temporary folder: %1").arg(work.errorString()));
        return 1;
    }
    FigureWriter out;
    const QString path = options->storePath.isEmpty() ? work.filePath(QStringLiteral("bench.hindsight")) : options->storePath;
    if (!QFileInfo::exists(path)) {
        if (auto generated = generateStore(*options, path, out); !generated) {
            note(QStringLiteral("hindsight-bench: %1").arg(generated.error().message));
            return 1;
        }
    }
    int status = 0;
    if (options->asOf) {
        AsOfBenchmark benchmark(*options, out);
        status = benchmark.run(path);
        out.value(QStringLiteral("peak_rss_mb"), peakRssMb());
    }
    if (status == 0 && options->import) {
        ImportBenchmark benchmark(*options, out);
        status = benchmark.run(path, work.path());
    }
    return status;
}
