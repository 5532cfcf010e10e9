#include "BenchSupport.h"

#include "SqliteEventStore.h"
#include "SyntheticHistory.h"

#include <QFile>

#include <algorithm>
#include <cstdio>

#include <unistd.h>

namespace hindsight::bench {

double msSince(const QElapsedTimer& timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

double peakRssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return -1;
}

void settleDisk()
{
    ::sync();
}

void note(const QString& text)
{
    std::fprintf(stderr, "%s\n", qUtf8Printable(text));
    std::fflush(stderr);
}

Result<void> generateStore(const BenchOptions& options, const QString& path, FigureWriter& out)
{
    SyntheticHistory::Options history;
    history.customers = options.customers;
    history.eventsPerCustomer = options.eventsPerCustomer;
    history.seed = options.seed;
    const qint64 total = history.customers * history.eventsPerCustomer;
    note(QStringLiteral("generating %1 events over %2 customers in %3").arg(total).arg(history.customers).arg(path));

    QElapsedTimer timer;
    timer.start();
    auto store = SqliteEventStore::open(path, SqliteEventStore::OpenMode::CreateIfMissing);
    if (!store)
        return store.error();
    qint64 lastTenth = 0;
    auto written = SyntheticHistory(history).writeTo(**store, [&](qint64 done) {
        if (done * 10 / std::max<qint64>(total, 1) > lastTenth) {
            lastTenth = done * 10 / std::max<qint64>(total, 1);
            note(QStringLiteral("  %1 events written (%2 s)").arg(done).arg(msSince(timer) / 1000, 0, 'f', 1));
        }
        return true;
    });
    if (!written)
        return written.error();
    if (auto r = (*store)->checkpoint(); !r)
        return r.error();
    out.value(QStringLiteral("generate_s"), msSince(timer) / 1000,
              {{QStringLiteral("events"), written->appended}, {QStringLiteral("customers"), history.customers}});
    return {}; // the store closes here: what follows measures from a closed file
}

} // namespace hindsight::bench
