#include "AsOfBenchmark.h"
#include "BenchOptions.h"
#include "FigureWriter.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hindsight-bench"));
    auto options = hindsight::bench::BenchOptions::parse(app.arguments().mid(1));
    if (!options) {
        std::fprintf(stderr, "hindsight-bench: %s\n", qUtf8Printable(options.error().message));
        return 64;
    }
    if (options->help) {
        std::fputs(qUtf8Printable(hindsight::bench::BenchOptions::usage()), stdout);
        return 0;
    }
    hindsight::bench::FigureWriter out;
    hindsight::bench::AsOfBenchmark benchmark(*options, out);
    return benchmark.run();
}
