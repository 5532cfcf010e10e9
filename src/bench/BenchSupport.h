#pragma once

#include "BenchOptions.h"
#include "FigureWriter.h"

#include <QElapsedTimer>

namespace hindsight::bench {

/** Milliseconds since @p timer started. */
double msSince(const QElapsedTimer& timer);

/** The process's peak resident memory so far, in MiB (-1 when unknown). */
double peakRssMb();

/**
 * Writes every file's pending changes to disk (sync(2)) before a measurement starts, so that a figure never
 * pays for writing what an earlier step left in the page cache (the generated store, an exported file).
 */
void settleDisk();

/** A progress line on standard error (figures go to standard output). */
void note(const QString& text);

/** Fills a new store at @p path with the synthetic history @p options describe; prints generate_s. */
Result<void> generateStore(const BenchOptions& options, const QString& path, FigureWriter& out);

} // namespace hindsight::bench
