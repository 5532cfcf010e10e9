#include "ImportBenchmark.h"

#include "BenchSupport.h"
#include "EventExporter.h"
#include "EventImporter.h"
#include "SqliteEventStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <memory>

namespace hindsight::bench {

namespace {

QString formatName(EventFileFormat format)
{
    return format == EventFileFormat::Csv ? QStringLiteral("csv") : QStringLiteral("jsonl");
}

struct SqliteCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqlitePtr = std::unique_ptr<sqlite3, SqliteCloser>;

struct StatementFinalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

Error sqliteError(sqlite3* db, const QString& what)
{
    return makeError(ErrorCode::Io, QStringLiteral("%1: %2").arg(what, QString::fromUtf8(sqlite3_errmsg(db))));
}

Result<SqlitePtr> openSqlite(const QString& path, int flags)
{
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &raw, flags, nullptr);
    SqlitePtr db(raw);
    if (rc != SQLITE_OK)
        return makeError(ErrorCode::Io, QStringLiteral("cannot open %1: %2").arg(path, QString::fromUtf8(sqlite3_errstr(rc))));
    return db;
}

Result<void> execSql(sqlite3* db, const char* sql)
{
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
        return sqliteError(db, QString::fromUtf8(sql));
    return {};
}

/** The element of @p runs whose @p key is the median (the upper one of an even count). */
template <typename Run, typename Key>
Run medianOf(std::vector<Run> runs, const Key& key)
{
    std::sort(runs.begin(), runs.end(), [&](const Run& a, const Run& b) { return key(a) < key(b); });
    return runs[runs.size() / 2];
}

void removeStore(const QString& path)
{
    for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(path + suffix);
}

} // namespace

ImportBenchmark::ImportBenchmark(BenchOptions options, FigureWriter& out)
    : m_options(std::move(options))
    , m_out(out)
{
}

int ImportBenchmark::run(const QString& path, const QString& workDir)
{
    const auto failed = [](const Error& e) {
        note(QStringLiteral("hindsight-bench: %1").arg(e.message));
        return 1;
    };
    const QDir dir(workDir);
    for (const EventFileFormat format : {EventFileFormat::Jsonl, EventFileFormat::Csv}) {
        const QString file = dir.filePath(QStringLiteral("events.") + formatName(format));
        if (auto r = measureExport(path, format, file); !r)
            return failed(r.error());
        const QString target = dir.filePath(QStringLiteral("import-%1.hindsight").arg(formatName(format)));
        std::vector<ImportRun> runs;
        for (int run = 0; run < m_options.importRuns; ++run) {
            auto imported = importOnce(format, file, target);
            if (!imported) {
                QFile::remove(file);
                return failed(imported.error());
            }
            runs.push_back(*imported);
        }
        QFile::remove(file);
        reportImport(format, runs);
        if (format == EventFileFormat::Jsonl) {
            // SQLite's own figure, for the very rows the import wrote (hashes included).
            auto rows = readRows(target);
            if (!rows)
                return failed(rows.error());
            const QString sqliteTarget = dir.filePath(QStringLiteral("sqlite-insert.hindsight"));
            for (const bool bare : {false, true}) {
                std::vector<Timing> timings;
                for (int run = 0; run < m_options.importRuns; ++run) {
                    auto timing = insertRows(sqliteTarget, *rows, bare);
                    removeStore(sqliteTarget);
                    if (!timing)
                        return failed(timing.error());
                    timings.push_back(*timing);
                }
                QJsonArray perRun;
                for (const Timing& t : timings)
                    perRun.append(FigureWriter::rounded(double(rows->count) / t.seconds, 0));
                const Timing median = medianOf(timings, [](const Timing& t) { return t.seconds; });
                m_out.value(bare ? QStringLiteral("sqlite_insert_bare_events_per_s") : QStringLiteral("sqlite_insert_events_per_s"),
                            double(rows->count) / median.seconds,
                            {{QStringLiteral("rows"), rows->count},
                             {QStringLiteral("seconds"), FigureWriter::rounded(median.seconds)},
                             {QStringLiteral("checkpoint_s"), FigureWriter::rounded(median.checkpointSeconds)},
                             {QStringLiteral("runs"), perRun},
                             {QStringLiteral("into"), bare ? QStringLiteral("a table of the same columns without indexes or constraints")
                                                           : QStringLiteral("a new store: the store's schema, indexes and constraints")}});
            }
        }
        removeStore(target);
    }
    return 0;
}

Result<void> ImportBenchmark::measureExport(const QString& store, EventFileFormat format, const QString& file)
{
    auto source = SqliteEventStore::open(store, SqliteEventStore::OpenMode::ReadOnly);
    if (!source)
        return source.error();
    settleDisk();
    QElapsedTimer timer;
    timer.start();
    auto written = EventExporter::writeFile(**source, format, file);
    if (!written)
        return written.error();
    m_out.value(QStringLiteral("export_s"), msSince(timer) / 1000,
                {{QStringLiteral("format"), formatName(format)},
                 {QStringLiteral("events"), *written},
                 {QStringLiteral("mb"), FigureWriter::rounded(double(QFileInfo(file).size()) / (1024.0 * 1024.0), 1)}});
    return {};
}

Result<ImportBenchmark::ImportRun> ImportBenchmark::importOnce(EventFileFormat format, const QString& file, const QString& target)
{
    removeStore(target);
    auto store = SqliteEventStore::open(target, SqliteEventStore::OpenMode::CreateIfMissing);
    if (!store)
        return store.error();
    // The time each stage was first reported, from the start.
    std::array<double, 3> stageStart{-1, -1, -1};
    settleDisk();
    QElapsedTimer timer;
    timer.start();
    auto report = EventImporter::importFile(**store, file, format, [&](ImportStage stage, qint64, qint64) {
        double& start = stageStart[size_t(stage)];
        if (start < 0)
            start = msSince(timer);
        return true;
    });
    const double totalMs = msSince(timer);
    if (!report)
        return report.error();
    // The import returns once its transaction is committed; copying the log into the file comes after.
    QElapsedTimer checkpointTimer;
    checkpointTimer.start();
    if (auto r = (*store)->checkpoint(); !r)
        return r.error();
    const double checkpointMs = msSince(checkpointTimer);
    const auto stageSeconds = [&](ImportStage stage) {
        const size_t i = size_t(stage);
        const double end = i + 1 < stageStart.size() && stageStart[i + 1] >= 0 ? stageStart[i + 1] : totalMs;
        return stageStart[i] < 0 ? 0 : (end - stageStart[i]) / 1000;
    };
    ImportRun run;
    run.imported = report->imported;
    run.seconds = totalMs / 1000;
    run.readSeconds = stageSeconds(ImportStage::Reading);
    run.checkSeconds = stageSeconds(ImportStage::Checking);
    run.writeSeconds = stageSeconds(ImportStage::Writing);
    run.checkpointSeconds = checkpointMs / 1000;
    note(QStringLiteral("  imported %1 events from %2 in %3 s, then checkpointed in %4 s")
             .arg(run.imported)
             .arg(formatName(format))
             .arg(run.seconds, 0, 'f', 2)
             .arg(run.checkpointSeconds, 0, 'f', 2));
    return run;
}

void ImportBenchmark::reportImport(EventFileFormat format, const std::vector<ImportRun>& runs)
{
    QJsonArray perRun;
    for (const ImportRun& r : runs)
        perRun.append(FigureWriter::rounded(double(r.imported) / r.seconds, 0));
    const ImportRun median = medianOf(runs, [](const ImportRun& r) { return r.seconds; });
    const ImportRun withCheckpoint = medianOf(runs, [](const ImportRun& r) { return r.seconds + r.checkpointSeconds; });
    m_out.value(QStringLiteral("import_events_per_s"), double(median.imported) / median.seconds,
                {{QStringLiteral("format"), formatName(format)},
                 {QStringLiteral("events"), median.imported},
                 {QStringLiteral("seconds"), FigureWriter::rounded(median.seconds)},
                 {QStringLiteral("read_s"), FigureWriter::rounded(median.readSeconds)},
                 {QStringLiteral("check_s"), FigureWriter::rounded(median.checkSeconds)},
                 {QStringLiteral("write_s"), FigureWriter::rounded(median.writeSeconds)},
                 {QStringLiteral("checkpoint_s"), FigureWriter::rounded(median.checkpointSeconds)},
                 {QStringLiteral("with_checkpoint_events_per_s"),
                  FigureWriter::rounded(double(withCheckpoint.imported) / (withCheckpoint.seconds + withCheckpoint.checkpointSeconds), 0)},
                 {QStringLiteral("runs"), perRun},
                 {QStringLiteral("peak_rss_mb"), FigureWriter::rounded(peakRssMb(), 0)}});
}

Result<ImportBenchmark::Rows> ImportBenchmark::readRows(const QString& store) const
{
    auto db = openSqlite(store, SQLITE_OPEN_READONLY);
    if (!db)
        return db.error();
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db->get(), "SELECT * FROM events ORDER BY rowid", -1, &raw, nullptr) != SQLITE_OK)
        return sqliteError(db->get(), QStringLiteral("reading the events of %1").arg(store));
    StatementPtr select(raw);
    Rows rows;
    const int n = sqlite3_column_count(raw);
    for (int c = 0; c < n; ++c)
        rows.columns.emplace_back(sqlite3_column_name(raw, c));
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
        for (int c = 0; c < n; ++c) {
            const int type = sqlite3_column_type(raw, c);
            rows.types.push_back(type);
            if (type == SQLITE_INTEGER) {
                rows.integers.push_back(sqlite3_column_int64(raw, c));
                rows.lengths.push_back(0);
            } else {
                const char* data = type == SQLITE_BLOB ? static_cast<const char*>(sqlite3_column_blob(raw, c))
                                                       : reinterpret_cast<const char*>(sqlite3_column_text(raw, c));
                const int length = sqlite3_column_bytes(raw, c);
                rows.integers.push_back(qint64(rows.bytes.size()));
                rows.lengths.push_back(length);
                if (length > 0)
                    rows.bytes.append(data, size_t(length));
            }
        }
        ++rows.count;
    }
    if (rc != SQLITE_DONE)
        return sqliteError(db->get(), QStringLiteral("reading the events of %1").arg(store));
    return rows;
}

Result<ImportBenchmark::Timing> ImportBenchmark::insertRows(const QString& target, const Rows& rows, bool bare) const
{
    removeStore(target);
    std::string columns;
    std::string placeholders;
    for (const std::string& c : rows.columns) {
        columns += (columns.empty() ? "" : ", ") + c;
        placeholders += placeholders.empty() ? "?" : ", ?";
    }
    if (!bare) {
        // A new store, made the way Hindsight makes one, then filled by SQLite alone.
        auto created = SqliteEventStore::open(target, SqliteEventStore::OpenMode::CreateIfMissing);
        if (!created)
            return created.error();
    }
    auto db = openSqlite(target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!db)
        return db.error();
    sqlite3* h = db->get();
    // A new file gets a new store's page size (SqliteEventStore::initializeNewFile), before anything is written.
    if (bare) {
        if (auto r = execSql(h, "PRAGMA page_size = 16384"); !r)
            return r.error();
    }
    // The store connection's settings (SqliteEventStore::configureConnection), and the commit without a checkpoint
    // that a bulk write makes.
    for (const char* sql : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA cache_size = -65536",
                            "PRAGMA wal_autocheckpoint = 0"}) {
        if (auto r = execSql(h, sql); !r)
            return r.error();
    }
    if (bare) {
        if (auto r = execSql(h, ("CREATE TABLE events (" + columns + ")").c_str()); !r)
            return r.error();
    }
    settleDisk();
    QElapsedTimer timer;
    timer.start();
    if (auto r = execSql(h, "BEGIN IMMEDIATE"); !r)
        return r.error();
    sqlite3_stmt* raw = nullptr;
    const std::string insert = "INSERT INTO events (" + columns + ") VALUES (" + placeholders + ")";
    if (sqlite3_prepare_v2(h, insert.c_str(), -1, &raw, nullptr) != SQLITE_OK)
        return sqliteError(h, QStringLiteral("preparing the insert"));
    StatementPtr statement(raw);
    const int n = int(rows.columns.size());
    size_t v = 0;
    for (qint64 row = 0; row < rows.count; ++row) {
        for (int c = 0; c < n; ++c, ++v) {
            const auto data = [&] { return rows.bytes.data() + rows.integers[v]; };
            switch (rows.types[v]) {
            case SQLITE_INTEGER:
                sqlite3_bind_int64(raw, c + 1, rows.integers[v]);
                break;
            case SQLITE_TEXT:
                sqlite3_bind_text(raw, c + 1, data(), int(rows.lengths[v]), SQLITE_STATIC);
                break;
            case SQLITE_BLOB:
                sqlite3_bind_blob(raw, c + 1, data(), int(rows.lengths[v]), SQLITE_STATIC);
                break;
            default:
                sqlite3_bind_null(raw, c + 1);
                break;
            }
        }
        if (sqlite3_step(raw) != SQLITE_DONE)
            return sqliteError(h, QStringLiteral("inserting row %1").arg(row + 1));
        sqlite3_reset(raw);
    }
    statement.reset();
    if (auto r = execSql(h, "COMMIT"); !r)
        return r.error();
    Timing timing;
    timing.seconds = msSince(timer) / 1000;
    timer.restart();
    if (auto r = execSql(h, "PRAGMA wal_checkpoint(PASSIVE)"); !r)
        return r.error();
    timing.checkpointSeconds = msSince(timer) / 1000;
    return timing;
}

} // namespace hindsight::bench
