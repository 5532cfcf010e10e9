#include "AsOfBenchmark.h"

#include "AsOfTableQuery.h"

#include "BenchSupport.h"
#include "SqliteAsOfQuery.h"
#include "SqliteHandle.h"
#include "Timestamp.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>

namespace hindsight::bench {

namespace {

constexpr int ScreenRows = 40;

} // namespace

AsOfBenchmark::AsOfBenchmark(BenchOptions options, FigureWriter& out)
    : m_options(std::move(options))
    , m_out(out)
{
}

int AsOfBenchmark::run(const QString& path)
{
    m_path = path;
    const auto failed = [](const Error& e) {
        note(QStringLiteral("hindsight-bench: %1").arg(e.message));
        return 1;
    };
    if (auto r = measureOpen(); !r)
        return failed(r.error());
    measureProjectionOpen();
    measureJumps();
    measureSteps();
    measureWholeTable();
    measureQuery();
    if (auto r = measureSqlite(); !r)
        return failed(r.error());
    m_engine.reset();
    m_store.reset();
    return m_disagreement ? 2 : 0;
}

Result<void> AsOfBenchmark::measureOpen()
{
    // From nothing to the whole table as of the latest event, ready to paint: open the file, load every event
    // into the engine, and materialize the first screen. The operating system's file cache is warm (the store
    // was just written or read). Three opens, the median reported, so one disturbance does not make the figure.
    constexpr int Runs = 3;
    QList<double> totals;
    QList<double> opens;
    QList<double> loads;
    for (int run = 0; run < Runs; ++run) {
        m_engine.reset();
        m_store.reset();
        QElapsedTimer timer;
        timer.start();
        auto store = SqliteEventStore::open(m_path);
        if (!store)
            return store.error();
        m_store = std::move(store).value();
        const double openedMs = msSince(timer);
        auto engine = AsOfEngine::load(*m_store);
        if (!engine)
            return engine.error();
        m_engine = std::move(engine).value();
        const double loadedMs = msSince(timer);
        paintFirstScreen();
        totals.append(msSince(timer) / 1000);
        opens.append(openedMs);
        loads.append(loadedMs - openedMs);
    }
    QJsonArray runs;
    for (const double t : std::as_const(totals))
        runs.append(FigureWriter::rounded(t));
    m_out.value(QStringLiteral("open_s"), FigureWriter::percentile(totals, 50),
                {{QStringLiteral("runs"), runs},
                 {QStringLiteral("store_open_ms"), FigureWriter::rounded(FigureWriter::percentile(opens, 50), 1)},
                 {QStringLiteral("engine_load_ms"), FigureWriter::rounded(FigureWriter::percentile(loads, 50), 1)},
                 {QStringLiteral("events"), m_engine->eventCount()},
                 {QStringLiteral("customers"), m_engine->customerCount()},
                 {QStringLiteral("rows"), m_engine->rowCount()}});
    m_out.value(QStringLiteral("engine_memory_mb"), double(m_engine->memoryBytes()) / (1024.0 * 1024.0));
    return {};
}

void AsOfBenchmark::measureProjectionOpen()
{
    // The other way to show the present table: the store's maintained projection, read whole.
    QElapsedTimer timer;
    timer.start();
    auto customers = m_store->customers();
    const double ms = msSince(timer);
    m_out.value(QStringLiteral("projection_read_s"), ms / 1000,
                {{QStringLiteral("rows"), customers ? customers->size() : -1}});
}

void AsOfBenchmark::paintFirstScreen()
{
    const int rows = std::min(m_engine->rowCount(), ScreenRows);
    for (int row = 0; row < rows; ++row) {
        const CustomerRecord r = m_engine->customerAt(row);
        m_sink += r.version + r.data.address.size() + r.data.lastName.size();
    }
}

void AsOfBenchmark::paintFirstScreen(const std::vector<int>& rows)
{
    const size_t n = std::min(rows.size(), size_t(ScreenRows));
    for (size_t i = 0; i < n; ++i) {
        const CustomerRecord r = m_engine->customerAt(rows[i]);
        m_sink += r.version + r.data.address.size() + r.data.lastName.size();
    }
}

void AsOfBenchmark::measureJumps()
{
    const qint64 first = m_engine->firstRecordedAtMs();
    const qint64 last = m_engine->lastRecordedAtMs();
    std::mt19937_64 rng(m_options.seed);
    std::uniform_int_distribution<qint64> moment(first, last);
    m_moments.resize(size_t(m_options.samples));
    for (qint64& t : m_moments)
        t = moment(rng);
    m_rowsAtMoment.clear();

    QList<double> samples;
    QElapsedTimer timer;
    for (const qint64 t : m_moments) {
        timer.start();
        m_engine->seek(t);
        paintFirstScreen();
        samples.append(msSince(timer));
        m_rowsAtMoment.push_back(m_engine->rowCount());
    }
    m_jumpP95 = FigureWriter::percentile(samples, 95);
    m_out.distribution(QStringLiteral("asof_jump_ms"), samples);
}

void AsOfBenchmark::measureSteps()
{
    const qint64 first = m_engine->firstRecordedAtMs();
    const qint64 last = m_engine->lastRecordedAtMs();
    const qint64 step = std::max<qint64>(1, (last - first) / 1000);
    // A person dragging from the present back into the past: runs of 50 steps, then the other way, bouncing off
    // the ends of the range. Starting at the latest event keeps the whole table (100,000 rows) in play.
    qint64 t = last;
    m_engine->seek(t);
    int direction = -1;
    QList<double> samples;
    QElapsedTimer timer;
    qint64 crossed = 0;
    for (int i = 0; i < m_options.samples; ++i) {
        if (i % 50 == 49)
            direction = -direction;
        if (t + direction * step > last || t + direction * step < first)
            direction = -direction;
        t += direction * step;
        const qint64 before = m_engine->eventsInEffect();
        timer.start();
        m_engine->seek(t);
        paintFirstScreen();
        samples.append(msSince(timer));
        crossed += std::abs(m_engine->eventsInEffect() - before);
    }
    m_out.distribution(QStringLiteral("asof_step_ms"), samples,
                       {{QStringLiteral("step_ms"), step},
                        {QStringLiteral("mean_events_per_step"), samples.isEmpty() ? 0 : double(crossed) / samples.size()}});
}

void AsOfBenchmark::measureWholeTable()
{
    // Not needed to paint (rows are materialized on demand), but what a consumer that copies the whole table
    // as of a moment pays: every row as a CustomerRecord.
    QList<double> samples;
    QElapsedTimer timer;
    const size_t n = std::min<size_t>(20, m_moments.size());
    for (size_t i = 0; i < n; ++i) {
        m_engine->seek(m_moments[i]);
        timer.start();
        const CustomerList table = m_engine->customers();
        samples.append(msSince(timer));
        m_sink += table.size();
    }
    m_out.distribution(QStringLiteral("asof_whole_table_copy_ms"), samples);
}

void AsOfBenchmark::measureQuery()
{
    // The table searched and sorted while scrubbing: "leeds" (current or past address by then), by address.
    const QString search = QStringLiteral("leeds");
    AsOfTableQuery query(*m_engine);
    query.setSearch(search);
    query.setSort(AsOfTableQuery::SortKey::Address);
    QElapsedTimer timer;
    m_engine->seekToLatest();
    timer.start();
    const AsOfRowOrder first = query.run();
    paintFirstScreen(first.rows);
    m_out.value(QStringLiteral("asof_query_first_ms"), msSince(timer),
                {{QStringLiteral("search"), search}, {QStringLiteral("sort"), QStringLiteral("address")},
                 {QStringLiteral("rows"), qint64(first.rows.size())}});

    QList<double> jumps;
    for (const qint64 t : m_moments) {
        timer.start();
        m_engine->seek(t);
        const AsOfRowOrder order = query.run();
        paintFirstScreen(order.rows);
        jumps.append(msSince(timer));
    }
    m_out.distribution(QStringLiteral("asof_query_jump_ms"), jumps,
                       {{QStringLiteral("search"), search}, {QStringLiteral("sort"), QStringLiteral("address")}});

    const qint64 firstMs = m_engine->firstRecordedAtMs();
    const qint64 lastMs = m_engine->lastRecordedAtMs();
    const qint64 step = std::max<qint64>(1, (lastMs - firstMs) / 1000);
    qint64 t = lastMs;
    m_engine->seek(t);
    int direction = -1;
    QList<double> steps;
    for (int i = 0; i < m_options.samples; ++i) {
        if (i % 50 == 49 || t + direction * step > lastMs || t + direction * step < firstMs)
            direction = -direction;
        t += direction * step;
        timer.start();
        m_engine->seek(t);
        const AsOfRowOrder order = query.run();
        paintFirstScreen(order.rows);
        steps.append(msSince(timer));
    }
    m_out.distribution(QStringLiteral("asof_query_step_ms"), steps,
                       {{QStringLiteral("search"), search}, {QStringLiteral("sort"), QStringLiteral("address")}});
}

Result<void> AsOfBenchmark::measureSqlite()
{
    sqlite3* db = SqliteHandle::of(m_store->database());
    if (!db)
        return makeError(ErrorCode::Io, QStringLiteral("the SQLite driver exposes no handle"));

    // Try each way of asking on the same three moments; keep the fastest in total.
    SqliteAsOfQuery query(db);
    const auto candidates = SqliteAsOfQuery::candidates();
    QList<double> candidateMs;
    const size_t trials = std::min<size_t>(3, m_moments.size());
    for (const auto& candidate : candidates) {
        if (auto r = query.prepare(candidate); !r)
            return r.error();
        double total = 0;
        for (size_t i = 0; i < trials; ++i) {
            QElapsedTimer timer;
            timer.start();
            if (auto r = query.run(m_moments[i]); !r)
                return r.error();
            total += msSince(timer);
        }
        candidateMs.append(total);
        m_out.value(QStringLiteral("sqlite_candidate_ms"), trials ? total / double(trials) : 0,
                    {{QStringLiteral("query"), QString::fromLatin1(candidate.name)}});
    }
    const qsizetype best = std::min_element(candidateMs.begin(), candidateMs.end()) - candidateMs.begin();
    if (auto r = query.prepare(candidates[best]); !r)
        return r.error();

    QList<double> samples;
    qint64 countMismatches = 0;
    const size_t n = std::min(size_t(m_options.sqliteSamples), m_moments.size());
    for (size_t i = 0; i < n; ++i) {
        QElapsedTimer timer;
        timer.start();
        auto rows = query.run(m_moments[i]);
        if (!rows)
            return rows.error();
        samples.append(msSince(timer));
        if (*rows != m_rowsAtMoment[i]) {
            ++countMismatches;
            note(QStringLiteral("MISMATCH: as of %1 SQLite returned %2 rows, the engine %3")
                     .arg(Timestamp::format(m_moments[i]))
                     .arg(*rows)
                     .arg(m_rowsAtMoment[i]));
        }
    }
    const double p95 = FigureWriter::percentile(samples, 95);
    m_out.distribution(QStringLiteral("sqlite_asof_ms"), samples,
                       {{QStringLiteral("query"), QString::fromLatin1(query.name())},
                        {QStringLiteral("row_count_mismatches"), countMismatches}});
    m_out.value(QStringLiteral("jump_speedup_vs_sqlite_p95"), m_jumpP95 > 0 ? p95 / m_jumpP95 : 0);

    // Row by row, on a few moments: the engine and SQLite must give the same table.
    qint64 compared = 0;
    qint64 contentMismatches = 0;
    const size_t checked = std::min<size_t>(3, m_moments.size());
    for (size_t i = 0; i < checked; ++i) {
        std::vector<SqliteAsOfRow> rows;
        if (auto r = query.run(m_moments[i], &rows); !r)
            return r.error();
        m_engine->seek(m_moments[i]);
        if (qint64(rows.size()) != m_engine->rowCount()) {
            ++contentMismatches;
            note(QStringLiteral("MISMATCH: as of %1 SQLite has %2 rows, the engine %3")
                     .arg(Timestamp::format(m_moments[i]))
                     .arg(rows.size())
                     .arg(m_engine->rowCount()));
            continue;
        }
        for (size_t row = 0; row < rows.size(); ++row) {
            const CustomerRecord e = m_engine->customerAt(int(row));
            const SqliteAsOfRow& s = rows[row];
            const bool same = e.customerId == QString::fromUtf8(s.customerId) && e.version == s.version
                && (e.status == CustomerStatus::Deleted) == (s.type == int(EventType::Deleted))
                && e.data.firstName == QString::fromUtf8(s.firstName) && e.data.lastName == QString::fromUtf8(s.lastName)
                && e.data.address == QString::fromUtf8(s.address)
                && Timestamp::formatDate(e.data.dateOfBirth) == QString::fromUtf8(s.dateOfBirth);
            ++compared;
            if (!same) {
                if (++contentMismatches <= 5) {
                    note(QStringLiteral("MISMATCH: as of %1, row %2: engine %3 v%4, SQLite %5 v%6")
                             .arg(Timestamp::format(m_moments[i]))
                             .arg(row)
                             .arg(e.customerId)
                             .arg(e.version)
                             .arg(QString::fromUtf8(s.customerId))
                             .arg(s.version));
                }
            }
        }
    }
    m_out.object(QStringLiteral("agreement"), {{QStringLiteral("moments"), qint64(checked)},
                                                {QStringLiteral("rows_compared"), compared},
                                                {QStringLiteral("mismatches"), contentMismatches + countMismatches}});
    m_disagreement = contentMismatches + countMismatches > 0;
    return {};
}

} // namespace hindsight::bench
