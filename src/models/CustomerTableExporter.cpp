#include "CustomerTableExporter.h"

#include "AsOfEngine.h"
#include "CustomerTableWriter.h"
#include "EventExporter.h"

#include <QDir>
#include <QSaveFile>

#include <algorithm>

namespace hindsight {

namespace {

/** Written in pieces of this size, so that a cancel is heard while a large table goes to a slow disk. */
constexpr qint64 WriteChunk = 1 << 20;

Error cancelled()
{
    return makeError(ErrorCode::InvalidArgument, QStringLiteral("export cancelled"));
}

} // namespace

Result<CustomerList> CustomerTableExporter::customersAsOf(const EventStore& store, std::optional<qint64> asOfMs,
                                                          const Progress& progress)
{
    // As `hindsight-cli state` does: the projection now, a replay for the past.
    if (!asOfMs) {
        if (progress && !progress(Stage::ReadingTable, 0, 0))
            return cancelled();
        return store.customers();
    }
    bool stopped = false;
    auto engine = AsOfEngine::load(store, [&](qint64 done, qint64 total) {
        stopped = progress && !progress(Stage::ReadingEvents, done, total);
        return !stopped;
    });
    if (stopped)
        return cancelled();
    if (!engine)
        return engine.error();
    (*engine)->seek(*asOfMs);
    return (*engine)->customers();
}

Result<qint64> CustomerTableExporter::writeFile(const EventStore& store, std::optional<qint64> asOfMs, const QString& path,
                                                const Progress& progress)
{
    // The file is touched only once the table is read: a store that fails leaves nothing to clean up.
    auto customers = customersAsOf(store, asOfMs, progress);
    if (!customers)
        return customers.error();
    const QByteArray bytes = CustomerTableWriter::write(*customers, TableFormat::Csv);

    const QString shown = QDir::toNativeSeparators(path);
    QSaveFile file(path);
    // The rules of every export file: never a file of the store itself, new files private to their owner.
    if (auto opened = EventExporter::openTarget(file, store); !opened)
        return opened.error();
    // Not committed, the QSaveFile removes its temporary file and leaves the file at path as it was.
    for (qint64 written = 0; written < bytes.size();) {
        if (progress && !progress(Stage::Writing, written, bytes.size()))
            return cancelled();
        const qint64 n = file.write(bytes.constData() + written, std::min(WriteChunk, bytes.size() - written));
        if (n <= 0)
            return makeError(ErrorCode::Io, QStringLiteral("writing %1 failed: %2").arg(shown, file.errorString()));
        written += n;
    }
    if (progress && !progress(Stage::Writing, bytes.size(), bytes.size()))
        return cancelled();
    if (!file.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(shown, file.errorString()));
    return qint64(customers->size());
}

} // namespace hindsight
