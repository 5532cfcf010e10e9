#include "AsOfTableService.h"

#include "AsOfEngine.h"
#include "AsOfTableQuery.h"
#include "StoreFactory.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QThread>
#include <QWaitCondition>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <optional>

namespace hindsight {

namespace {

constexpr qint64 ProgressEveryMs = 100;
constexpr int MinMargin = 32;

qint64 steadyNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/** One request: everything the thread needs to compute a page, copied whole so it never reads GUI state. */
struct Wanted {
    qint64 asOfMs = 0;
    bool pages = false;
    CustomerQuery query;
    int firstRow = 0;
    int visibleRows = 60;
    QString focusId;
    int buckets = 0;
    quint64 serial = 0;
    qint64 requestedAtNs = 0;
};

AsOfTableQuery::SortKey sortKeyOf(CustomerColumn column)
{
    switch (column) {
    case CustomerColumn::FirstName:
        return AsOfTableQuery::SortKey::FirstName;
    case CustomerColumn::LastName:
        return AsOfTableQuery::SortKey::LastName;
    case CustomerColumn::Address:
        return AsOfTableQuery::SortKey::Address;
    case CustomerColumn::DateOfBirth:
        return AsOfTableQuery::SortKey::DateOfBirth;
    case CustomerColumn::Status:
        return AsOfTableQuery::SortKey::Status;
    case CustomerColumn::Matched:
        return AsOfTableQuery::SortKey::MatchedAddress;
    case CustomerColumn::Id:
    case CustomerColumn::Count:
        break;
    }
    return AsOfTableQuery::SortKey::CustomerId;
}

} // namespace

/** What the GUI and the engine's thread share; everything but `stop` under `mutex`. */
struct AsOfTableService::Shared {
    QMutex mutex;
    QWaitCondition wake;
    std::atomic<bool> stop{false};
    /** Null once the service let go of this thread: nothing is posted to it afterwards. */
    AsOfTableService* receiver = nullptr;
    Wanted wanted;
    bool catchUpWanted = false;

    // The outbox: newest values only, taken by one queued call to deliver().
    bool deliveryPosted = false;
    std::optional<std::pair<qint64, qint64>> progress;
    QString error;
    AsOfOverviewPtr overview;
    AsOfTablePagePtr page;

    /** Call with mutex held, after filling the outbox. */
    void postLocked()
    {
        if (deliveryPosted || !receiver)
            return;
        deliveryPosted = true;
        AsOfTableService* service = receiver;
        QMetaObject::invokeMethod(service, [service] { service->deliver(); }, Qt::QueuedConnection);
    }
};

namespace {

using Shared = AsOfTableService::Shared;

/**
 * The body of the engine's thread: opens the store, loads the engine, then answers requests until told to stop.
 * It alone touches the engine, the table query and the store connection.
 */
class HistoryWorker
{
public:
    HistoryWorker(std::shared_ptr<Shared> shared, QString location)
        : m_shared(std::move(shared))
        , m_location(std::move(location))
    {
    }

    void run()
    {
        if (!load())
            return;
        serve();
    }

private:
    bool stopped() const { return m_shared->stop.load(std::memory_order_relaxed); }

    void fail(const QString& message)
    {
        QMutexLocker lock(&m_shared->mutex);
        m_shared->error = message;
        m_shared->postLocked();
    }

    bool load()
    {
        auto opened = StoreFactory::open(m_location);
        if (!opened) {
            fail(opened.error().message);
            return false;
        }
        m_store = std::move(opened).value();
        QElapsedTimer sinceProgress;
        sinceProgress.start();
        auto loaded = AsOfEngine::load(*m_store, [this, &sinceProgress](qint64 done, qint64 total) {
            if (stopped())
                return false;
            if (sinceProgress.elapsed() >= ProgressEveryMs || done >= total) {
                sinceProgress.restart();
                QMutexLocker lock(&m_shared->mutex);
                m_shared->progress = std::pair(done, total);
                m_shared->postLocked();
            }
            return true;
        });
        if (stopped())
            return false;
        if (!loaded) {
            fail(loaded.error().message);
            return false;
        }
        m_engine = std::move(loaded).value();
        m_query = std::make_unique<AsOfTableQuery>(*m_engine);
        if (!updateEventTimes())
            return false;
        {
            QMutexLocker lock(&m_shared->mutex);
            m_buckets = m_shared->wanted.buckets;
        }
        publishOverview();
        return true;
    }

    void serve()
    {
        for (;;) {
            Wanted wanted;
            bool catchUp = false;
            {
                QMutexLocker lock(&m_shared->mutex);
                const auto idle = [this] {
                    const Wanted& w = m_shared->wanted;
                    return !m_shared->catchUpWanted && w.buckets == m_buckets && !(w.pages && w.serial != m_answered);
                };
                if (!m_sortPrepared && idle()) {
                    // Nothing asked for yet: rank the texts now, so that the first sort by a column is quick.
                    lock.unlock();
                    m_query->prepareSort();
                    m_sortPrepared = true;
                    continue;
                }
                while (!stopped() && idle())
                    m_shared->wake.wait(&m_shared->mutex);
                if (stopped())
                    return;
                wanted = m_shared->wanted;
                catchUp = std::exchange(m_shared->catchUpWanted, false);
            }

            bool changed = false;
            if (catchUp) {
                auto taken = m_engine->catchUp(*m_store);
                if (!taken) {
                    fail(taken.error().message);
                } else if (*taken > 0) {
                    if (!updateEventTimes())
                        return;
                    changed = true;
                }
            }
            if (changed || wanted.buckets != m_buckets) {
                m_buckets = wanted.buckets;
                publishOverview();
            }
            if (wanted.pages && (wanted.serial != m_answered || changed)) {
                AsOfTablePagePtr page = computePage(wanted);
                m_answered = wanted.serial;
                QMutexLocker lock(&m_shared->mutex);
                m_shared->page = std::move(page);
                m_shared->postLocked();
            }
        }
    }

    /**
     * The distinct event times, for stepping from event to event in the GUI. Events appended after the newest
     * one known extend the list; anything else (an import of past events) rebuilds it.
     */
    bool updateEventTimes()
    {
        auto times = std::make_shared<std::vector<qint64>>();
        const qint64 count = m_engine->eventCount();
        if (count == 0) {
            m_times = std::move(times);
            return true;
        }
        qint64 from = 0;
        if (m_knownEvents > 0) {
            m_engine->seek(m_knownLastMs);
            if (m_engine->eventsInEffect() == m_knownEvents) {
                *times = *m_times;
                from = m_knownLastMs;
            }
        }
        if (times->empty()) {
            times->reserve(size_t(count));
            from = m_engine->firstRecordedAtMs();
            times->push_back(from);
        }
        for (std::optional<qint64> next = m_engine->nextEventAtMs(from); next; next = m_engine->nextEventAtMs(*next)) {
            times->push_back(*next);
            if ((times->size() & 0xffff) == 0 && stopped())
                return false;
        }
        m_times = std::move(times);
        m_knownEvents = count;
        m_knownLastMs = m_engine->lastRecordedAtMs();
        return true;
    }

    void publishOverview()
    {
        auto overview = std::make_shared<AsOfOverview>();
        overview->firstMs = m_engine->firstRecordedAtMs();
        overview->lastMs = m_engine->lastRecordedAtMs();
        overview->eventCount = m_engine->eventCount();
        overview->customerCount = m_engine->customerCount();
        overview->headPosition = m_engine->headPosition();
        overview->eventTimes = m_times;
        if (m_buckets > 0 && overview->eventCount > 0)
            overview->histogram = m_engine->densityHistogram(m_buckets);
        QMutexLocker lock(&m_shared->mutex);
        m_shared->overview = std::move(overview);
        m_shared->postLocked();
    }

    AsOfTablePagePtr computePage(const Wanted& wanted)
    {
        const qint64 started = steadyNowNs();
        m_engine->seek(wanted.asOfMs);
        m_query->setSearch(wanted.query.search);
        m_query->setSort(sortKeyOf(wanted.query.sortColumn), wanted.query.sortOrder);
        m_query->setHideDeleted(wanted.query.hideDeleted);
        const AsOfRowOrder order = m_query->run();

        auto page = std::make_shared<AsOfTablePage>();
        page->serial = wanted.serial;
        page->asOfMs = wanted.asOfMs;
        page->query = wanted.query;
        page->requestedAtNs = wanted.requestedAtNs;
        const int rows = int(order.rows.size());
        page->rowCount = rows;
        // The rows in view and as many again on each side: scrolling within that needs no new page.
        const int visible = std::max(wanted.visibleRows, 1);
        const int margin = std::max(visible, MinMargin);
        const int top = std::clamp(wanted.firstRow, 0, std::max(0, rows - visible));
        const int first = std::clamp(top - margin, 0, rows);
        const int last = std::clamp(top + visible + margin, first, rows);
        page->firstRow = first;
        page->records.reserve(last - first);
        page->matchedAddresses.reserve(last - first);
        for (int row = first; row < last; ++row) {
            const int engineRow = order.rows[size_t(row)];
            page->records.append(m_engine->customerAt(engineRow));
            page->matchedAddresses.append(m_query->matchedAddress(engineRow));
        }
        page->focusCustomerId = wanted.focusId;
        if (!wanted.focusId.isEmpty()) {
            const int engineRow = m_engine->rowOf(wanted.focusId);
            if (engineRow >= 0) {
                const auto it = std::find(order.rows.cbegin(), order.rows.cend(), engineRow);
                if (it != order.rows.cend())
                    page->focusRow = int(it - order.rows.cbegin());
            }
        }
        page->customers = m_engine->rowCount();
        page->deletedCustomers = m_engine->deletedCount();
        page->eventsInEffect = m_engine->eventsInEffect();
        page->computeNs = steadyNowNs() - started;
        return page;
    }

    std::shared_ptr<Shared> m_shared;
    QString m_location;
    std::unique_ptr<EventStore> m_store;
    std::unique_ptr<AsOfEngine> m_engine;
    std::unique_ptr<AsOfTableQuery> m_query;
    std::shared_ptr<const std::vector<qint64>> m_times = std::make_shared<std::vector<qint64>>();
    qint64 m_knownEvents = 0;
    qint64 m_knownLastMs = 0;
    int m_buckets = 0;
    quint64 m_answered = 0;
    bool m_sortPrepared = false;
};

} // namespace

AsOfTableService::AsOfTableService(QObject* parent)
    : QObject(parent)
{
}

AsOfTableService::~AsOfTableService()
{
    retire();
    for (QThread* thread : m_retired) {
        thread->wait();
        delete thread;
    }
}

void AsOfTableService::open(const QString& location)
{
    close();
    m_location = location;
    m_shared = std::make_shared<Shared>();
    m_shared->receiver = this;
    m_thread = QThread::create([shared = m_shared, location] { HistoryWorker(shared, location).run(); });
    m_thread->setObjectName(QStringLiteral("hindsight-history"));
    request();
    m_thread->start();
}

void AsOfTableService::close()
{
    retire();
    m_location.clear();
    m_overview.reset();
    m_page.reset();
    m_wantsPages = false;
}

void AsOfTableService::retire()
{
    if (m_shared) {
        QMutexLocker lock(&m_shared->mutex);
        m_shared->stop = true;
        m_shared->receiver = nullptr;
        m_shared->wake.wakeAll();
    }
    m_shared.reset();
    if (m_thread)
        m_retired.push_back(std::exchange(m_thread, nullptr));
    // Threads that stopped since can go now; the others are joined on destruction.
    std::erase_if(m_retired, [](QThread* thread) {
        if (!thread->isFinished())
            return false;
        delete thread;
        return true;
    });
}

bool AsOfTableService::isBusy() const
{
    return m_wantsPages && (!m_page || m_page->serial < m_serial);
}

void AsOfTableService::request()
{
    ++m_serial;
    if (!m_shared)
        return;
    QMutexLocker lock(&m_shared->mutex);
    Wanted& w = m_shared->wanted;
    w.asOfMs = m_asOfMs;
    w.pages = m_wantsPages;
    w.query = m_query;
    w.firstRow = m_firstRow;
    w.visibleRows = m_visibleRows;
    w.focusId = m_focusId;
    w.buckets = m_buckets;
    w.serial = m_serial;
    w.requestedAtNs = steadyNowNs();
    m_shared->wake.wakeAll();
}

void AsOfTableService::setAsOf(qint64 asOfMs)
{
    m_asOfMs = asOfMs;
    m_wantsPages = true;
    request();
}

void AsOfTableService::setPresent()
{
    if (!m_wantsPages)
        return;
    m_wantsPages = false;
    request();
}

void AsOfTableService::setQuery(const CustomerQuery& query)
{
    if (query == m_query)
        return;
    m_query = query;
    if (m_wantsPages)
        request();
}

void AsOfTableService::setWindow(int firstRow, int visibleRows)
{
    firstRow = std::max(firstRow, 0);
    visibleRows = std::max(visibleRows, 1);
    if (firstRow == m_firstRow && visibleRows == m_visibleRows)
        return;
    m_firstRow = firstRow;
    m_visibleRows = visibleRows;
    if (!m_wantsPages)
        return;
    // A page answering the latest request that holds the rows in view and half a screen around them will do.
    if (m_page && m_page->serial == m_serial) {
        const int from = std::max(0, firstRow - visibleRows / 2);
        const int to = std::min(m_page->rowCount, firstRow + visibleRows + visibleRows / 2);
        if (to <= from || (from >= m_page->firstRow && to <= m_page->firstRow + int(m_page->records.size())))
            return;
    }
    request();
}

void AsOfTableService::setFocusCustomer(const QString& customerId)
{
    if (customerId == m_focusId)
        return;
    m_focusId = customerId;
    if (m_wantsPages)
        request();
}

void AsOfTableService::setHistogramBuckets(int buckets)
{
    buckets = std::max(buckets, 0);
    if (buckets == m_buckets)
        return;
    m_buckets = buckets;
    if (!m_shared)
        return;
    QMutexLocker lock(&m_shared->mutex);
    m_shared->wanted.buckets = buckets;
    m_shared->wake.wakeAll();
}

void AsOfTableService::catchUp()
{
    if (!m_shared)
        return;
    QMutexLocker lock(&m_shared->mutex);
    m_shared->catchUpWanted = true;
    m_shared->wake.wakeAll();
}

void AsOfTableService::deliver()
{
    if (!m_shared)
        return;
    std::optional<std::pair<qint64, qint64>> progress;
    QString error;
    AsOfOverviewPtr overview;
    AsOfTablePagePtr page;
    {
        QMutexLocker lock(&m_shared->mutex);
        m_shared->deliveryPosted = false;
        progress = std::exchange(m_shared->progress, std::nullopt);
        error = std::exchange(m_shared->error, QString());
        overview = std::exchange(m_shared->overview, nullptr);
        page = std::exchange(m_shared->page, nullptr);
    }
    if (progress)
        emit loadProgress(progress->first, progress->second);
    if (!error.isEmpty())
        emit failed(error);
    if (overview) {
        const bool first = !m_overview;
        m_overview = std::move(overview);
        emit overviewChanged(m_overview);
        if (first)
            emit ready();
    }
    if (page) {
        m_page = std::move(page);
        emit pageReady(m_page);
    }
}

} // namespace hindsight
