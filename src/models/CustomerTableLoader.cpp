#include "CustomerTableLoader.h"

#include "CustomerProjection.h"
#include "StoreFactory.h"

#include <QHash>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace hindsight {

namespace {

using Step = CustomerTableLoader::Step;

constexpr qint64 ProgressEvery = 25000;

Step failure(const QString& message)
{
    Step step;
    step.error = message;
    return step;
}

void loadAll(QPromise<Step>& promise, const QString& location)
{
    auto opened = StoreFactory::open(location);
    if (!opened) {
        promise.addResult(failure(opened.error().message));
        return;
    }
    const EventStore& store = **opened;
    auto stats = store.stats();
    if (!stats) {
        promise.addResult(failure(stats.error().message));
        return;
    }
    auto records = store.customers();
    if (!records) {
        promise.addResult(failure(records.error().message));
        return;
    }
    if (promise.isCanceled())
        return;
    Step table;
    table.snapshot = std::make_shared<CustomerSnapshot>(*records, nullptr, stats->headPosition, stats->eventCount);
    promise.addResult(table);

    // The index of past addresses needs every event; the table is usable while it is built.
    const int total = static_cast<int>(std::min<qint64>(stats->headPosition, std::numeric_limits<int>::max()));
    promise.setProgressRange(0, std::max(total, 1));
    auto index = std::make_shared<AddressIndex>();
    index->reserve(records->size());
    qint64 seen = 0;
    // The bulk reader hands over views of each row: no Event objects, no dates parsed.
    auto read = store.forEachEventRecord(0, [&](const EventRecordView& e) {
        index->apply(e);
        if (++seen % ProgressEvery == 0) {
            promise.setProgressValue(static_cast<int>(std::min<qint64>(seen, total)));
            if (promise.isCanceled())
                return false;
        }
        return true;
    });
    if (promise.isCanceled())
        return;
    if (!read) {
        promise.addResult(failure(read.error().message));
        return;
    }
    Step indexed;
    indexed.snapshot = std::make_shared<CustomerSnapshot>(*records, index, stats->headPosition, stats->eventCount);
    promise.addResult(indexed);
}

/** Folds the events after @p base into a copy of it; the work grows with the new events, not the store. */
void refreshFrom(QPromise<Step>& promise, const QString& location, const CustomerSnapshotPtr& base)
{
    auto opened = StoreFactory::open(location);
    if (!opened) {
        promise.addResult(failure(opened.error().message));
        return;
    }
    EventList events;
    auto read = (*opened)->forEachEvent(base->headPosition(), [&](const Event& e) {
        events.append(e);
        return !promise.isCanceled();
    });
    if (!read) {
        promise.addResult(failure(read.error().message));
        return;
    }
    if (events.isEmpty() || promise.isCanceled()) {
        promise.addResult(Step{});
        return;
    }

    CustomerList records = base->records();
    QHash<QString, CustomerRecord> created; // customers the base does not have yet
    for (const Event& e : std::as_const(events)) {
        const qsizetype i = base->indexOf(e.customerId());
        if (i >= 0) {
            CustomerRecord& r = records[i];
            if (e.version() <= r.version)
                continue; // the base was read after this event was written
            auto after = applyEvent(r, e);
            if (!after) {
                Step step;
                step.needsFullLoad = true;
                promise.addResult(step);
                return;
            }
            r = std::move(after).value();
        } else {
            if (!applyEventIn(created, e)) {
                Step step;
                step.needsFullLoad = true;
                promise.addResult(step);
                return;
            }
        }
    }
    if (!created.isEmpty()) {
        const qsizetype middle = records.size();
        for (const CustomerRecord& r : std::as_const(created))
            records.append(r);
        const auto byId = [](const CustomerRecord& a, const CustomerRecord& b) { return a.customerId < b.customerId; };
        std::sort(records.begin() + middle, records.end(), byId);
        std::inplace_merge(records.begin(), records.begin() + middle, records.end(), byId);
    }

    std::shared_ptr<const AddressIndex> index = base->addresses();
    if (index) {
        auto updated = std::make_shared<AddressIndex>(*index);
        for (const Event& e : std::as_const(events))
            updated->apply(e);
        index = std::move(updated);
    }
    Step step;
    step.snapshot = std::make_shared<CustomerSnapshot>(std::move(records), std::move(index), events.last().position(),
                                                       base->eventCount() + events.size(), base->asOfMs());
    promise.addResult(step);
}

} // namespace

CustomerTableLoader::CustomerTableLoader(QObject* parent)
    : QObject(parent)
{
    // One job at a time, in order: a refresh must start from the snapshot the job before it produced.
    m_pool.setMaxThreadCount(1);
    connect(&m_watcher, &QFutureWatcher<Step>::resultReadyAt, this, &CustomerTableLoader::stepReady);
    connect(&m_watcher, &QFutureWatcher<Step>::finished, this, &CustomerTableLoader::jobFinished);
    connect(&m_watcher, &QFutureWatcher<Step>::progressValueChanged, this, &CustomerTableLoader::progressValueChanged);
}

CustomerTableLoader::~CustomerTableLoader()
{
    m_watcher.disconnect(this);
    m_watcher.cancel();
    m_pool.waitForDone();
}

void CustomerTableLoader::load(const QString& location)
{
    m_location = location;
    m_snapshot.reset();
    m_refreshQueued = false;
    m_fullLoadQueued = false;
    if (m_busy)
        m_watcher.cancel();
    start(QtConcurrent::run(&m_pool, loadAll, location), tr("Reading customers"));
}

void CustomerTableLoader::refresh()
{
    if (m_location.isEmpty() || !m_snapshot)
        return;
    if (m_busy) {
        m_refreshQueued = true;
        return;
    }
    start(QtConcurrent::run(&m_pool, refreshFrom, m_location, m_snapshot), tr("Reading new events"));
}

void CustomerTableLoader::clear()
{
    if (m_busy)
        m_watcher.cancel();
    m_location.clear();
    m_snapshot.reset();
    m_refreshQueued = false;
    m_fullLoadQueued = false;
}

void CustomerTableLoader::start(QFuture<Step> future, const QString& what)
{
    m_what = what;
    m_watcher.setFuture(future);
    emit progressChanged(m_what, -1);
    if (!m_busy) {
        m_busy = true;
        emit busyChanged(true);
    }
}

void CustomerTableLoader::stepReady(int index)
{
    const Step step = m_watcher.resultAt(index);
    if (m_location.isEmpty())
        return;
    if (!step.error.isEmpty()) {
        emit failed(step.error);
        return;
    }
    if (step.needsFullLoad) {
        m_fullLoadQueued = true;
        return;
    }
    if (!step.snapshot)
        return;
    CustomerSnapshotPtr previous = std::exchange(m_snapshot, step.snapshot);
    if (!m_snapshot->addresses()) {
        m_what = tr("Indexing past addresses");
        emit progressChanged(m_what, 0);
    }
    emit snapshotReady(m_snapshot);
    releaseOffThread(std::move(previous));
}

void CustomerTableLoader::progressValueChanged(int value)
{
    const int maximum = m_watcher.progressMaximum();
    emit progressChanged(m_what, maximum > 0 ? static_cast<int>(qint64(value) * 100 / maximum) : -1);
}

void CustomerTableLoader::jobFinished()
{
    if (m_fullLoadQueued && !m_location.isEmpty()) {
        load(m_location);
        return;
    }
    if (m_refreshQueued && m_snapshot) {
        m_refreshQueued = false;
        start(QtConcurrent::run(&m_pool, refreshFrom, m_location, m_snapshot), tr("Reading new events"));
        return;
    }
    m_busy = false;
    emit busyChanged(false);
    emit idle();
}

} // namespace hindsight
