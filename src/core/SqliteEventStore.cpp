#include "SqliteEventStore.h"

#include "CustomerProjection.h"
#include "EventHash.h"
#include "SqliteHandle.h"
#include "SqliteSchema.h"
#include "SqliteStatement.h"
#include "SqliteStoreVerifier.h"
#include "StepTimer.h"
#include "Timestamp.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>
#include <QVariant>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hindsight {

namespace {

const QString EventColumns = QStringLiteral(
    "position, event_id, customer_id, version, recorded_at, type, first_name, last_name, address, dob");
const QString CustomerColumns = QStringLiteral(
    "customer_id, first_name, last_name, address, dob, status, version, created_at, updated_at");
/**
 * A customer's row as its stream in the log leaves it, in CustomerColumns' order: what a new event is checked
 * against and timed after. Never the customer table's copy, which anyone who can write the file can edit (an
 * updated_at in the year 9999 would become the next event's time). Two seeks on (customer_id, recorded_at).
 */
const QString StreamStateSql = QStringLiteral(
    "SELECT e.customer_id, e.first_name, e.last_name, e.address, e.dob, e.type = 3, e.version, "
    "(SELECT MIN(recorded_at) FROM events WHERE customer_id = e.customer_id), e.recorded_at "
    "FROM events e WHERE e.customer_id = ? ORDER BY e.recorded_at DESC LIMIT 1");

/** The page size of new store files, in bytes. */
constexpr int PageSizeBytes = 16 * 1024;
/** Pages in the write-ahead log that make a commit copy it into the store file: SQLite's default. */
constexpr int AutoCheckpointPages = 1000;
/** The page cache of every connection to a store, in KiB. */
constexpr int PageCacheKiB = 64 * 1024;
/** The page cache while a bulk write rebuilds the indexes, in KiB: the size of the runs SQLite sorts (see restoreIndexes()). */
constexpr int IndexSortRunKiB = 2 * 1024;

Event eventFromQuery(const QSqlQuery& q)
{
    CustomerData data{q.value(6).toString(), q.value(7).toString(), q.value(8).toString(),
                      QDate::fromString(q.value(9).toString(), Qt::ISODate)};
    return Event(q.value(1).toString(), q.value(2).toString(), static_cast<EventType>(q.value(5).toInt()),
                 q.value(4).toLongLong(), std::move(data), q.value(3).toLongLong(), q.value(0).toLongLong());
}

CustomerRecord customerFromQuery(const QSqlQuery& q)
{
    CustomerRecord r;
    r.customerId = q.value(0).toString();
    r.data = {q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
              QDate::fromString(q.value(4).toString(), Qt::ISODate)};
    r.status = q.value(5).toInt() == 1 ? CustomerStatus::Deleted : CustomerStatus::Active;
    r.version = q.value(6).toLongLong();
    r.createdAtMs = q.value(7).toLongLong();
    r.updatedAtMs = q.value(8).toLongLong();
    return r;
}

Event eventFromStatement(const SqliteStatement& q)
{
    CustomerData data{q.text(6), q.text(7), q.text(8), QDate::fromString(q.text(9), Qt::ISODate)};
    return Event(q.text(1), q.text(2), static_cast<EventType>(q.int64(5)), q.int64(4), std::move(data), q.int64(3),
                 q.int64(0));
}

CustomerRecord customerFromStatement(const SqliteStatement& q)
{
    CustomerRecord r;
    r.customerId = q.text(0);
    r.data = {q.text(1), q.text(2), q.text(3), QDate::fromString(q.text(4), Qt::ISODate)};
    r.status = q.int64(5) == 1 ? CustomerStatus::Deleted : CustomerStatus::Active;
    r.version = q.int64(6);
    r.createdAtMs = q.int64(7);
    r.updatedAtMs = q.int64(8);
    return r;
}

} // namespace

/**
 * Prepared statements for one write transaction, shared by every way of appending. They run on SQLite directly
 * (SqliteStatement): through QSqlQuery, binding and result caching cost several times the insert itself.
 */
class SqliteEventStore::Writer
{
public:
    explicit Writer(const SqliteEventStore& store)
        : m_store(store)
        , m_db(store.database())
        , m_findEvent(m_db)
        , m_findCustomer(m_db)
        , m_insertEvent(m_db)
        , m_upsertCustomer(m_db)
    {
    }

    Result<void> prepare()
    {
        const std::pair<SqliteStatement*, QString> statements[] = {
            {&m_findEvent, QStringLiteral("SELECT %1 FROM events WHERE event_id = ?").arg(EventColumns)},
            {&m_findCustomer, StreamStateSql},
            {&m_insertEvent, QStringLiteral("INSERT INTO events (%1, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                                 .arg(EventColumns)},
            {&m_upsertCustomer, QStringLiteral("INSERT OR REPLACE INTO customers (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                                    .arg(CustomerColumns)},
        };
        for (const auto& [query, sql] : statements) {
            if (!query->prepare(sql))
                return error(*query, QStringLiteral("preparing a statement"));
        }
        QSqlQuery head(m_db);
        if (!head.exec(QStringLiteral("SELECT position, hash FROM events ORDER BY position DESC LIMIT 1")))
            return m_store.sqlError(head, QStringLiteral("reading the newest event"));
        if (head.next()) {
            m_position = head.value(0).toLongLong();
            m_hash = head.value(1).toByteArray();
        }
        head.finish();
        // A store that holds nothing when the write lock is taken can only hold what this transaction writes:
        // lookups then need no SQL (a bulk import into a new store skips a SELECT per event and per customer).
        if (!head.exec(QStringLiteral("SELECT EXISTS (SELECT 1 FROM events), EXISTS (SELECT 1 FROM customers)")) || !head.next())
            return m_store.sqlError(head, QStringLiteral("reading the newest event"));
        m_startedEmpty = !head.value(0).toBool() && !head.value(1).toBool();
        return {};
    }

    bool startedEmpty() const { return m_startedEmpty; }
    qint64 position() const { return m_position; }

    /**
     * For a bulk write: drops the events table's unique indexes, to be rebuilt by restoreIndexes() before the
     * commit. Lookups of event ids (find()) must all be done before; the customer table keeps its own key.
     */
    Result<void> dropIndexes()
    {
        for (const sqliteschema::EventIndex& index : sqliteschema::EventIndexes) {
            if (auto r = m_store.exec(QStringLiteral("DROP INDEX %1").arg(QLatin1String(index.name)),
                                      QStringLiteral("preparing a bulk write"));
                !r)
                return r;
        }
        return {};
    }

    /**
     * Builds the indexes dropIndexes() dropped, from the sorted rows; fails when a uniqueness rule is broken.
     *
     * SQLite sorts an index's keys in runs of cache_size bytes, each sorted on one of `PRAGMA threads` helper
     * threads, and merges them. One run of a million random event ids sorts on one thread in 1.4 s; runs of
     * 2 MiB, which fit the processor's cache, sorted on two threads take 0.5 s. So the page cache is small and the
     * helpers on while the indexes are built, and both are put back after.
     */
    Result<void> restoreIndexes()
    {
        const auto configure = [this](int cacheKiB, int threads) -> Result<void> {
            if (auto r = m_store.exec(QStringLiteral("PRAGMA cache_size = -%1").arg(cacheKiB), QStringLiteral("sizing the page cache")); !r)
                return r;
            return m_store.exec(QStringLiteral("PRAGMA threads = %1").arg(threads), QStringLiteral("setting SQLite's helper threads"));
        };
        StepTimer timer(lcStore(), "rebuilding indexes");
        if (auto r = configure(IndexSortRunKiB, std::clamp(QThread::idealThreadCount() - 1, 0, 4)); !r)
            return r;
        Result<void> built;
        for (const sqliteschema::EventIndex& index : sqliteschema::EventIndexes) {
            built = m_store.exec(QString::fromLatin1(index.create), QStringLiteral("rebuilding an index after a bulk write"));
            timer.step(index.name);
            if (!built)
                break;
        }
        auto restored = configure(PageCacheKiB, 0);
        return built ? restored : built;
    }

    /** The stored copy of an event id, if any. */
    Result<std::optional<Event>> find(const QString& eventId)
    {
        if (m_startedEmpty && !m_written.contains(eventId))
            return std::optional<Event>();
        m_findEvent.bind(0, eventId);
        if (!m_findEvent.exec())
            return error(m_findEvent, QStringLiteral("looking up event %1").arg(eventId));
        std::optional<Event> found;
        if (m_findEvent.next())
            found = eventFromStatement(m_findEvent);
        m_findEvent.reset();
        return found;
    }

    /** The customer's row as of the transaction, with this transaction's own writes. */
    Result<std::optional<CustomerRecord>> customer(const QString& customerId)
    {
        if (const auto it = m_pending.constFind(customerId); it != m_pending.cend())
            return std::optional<CustomerRecord>(*it);
        if (m_startedEmpty)
            return std::optional<CustomerRecord>();
        m_findCustomer.bind(0, customerId);
        if (!m_findCustomer.exec())
            return error(m_findCustomer, QStringLiteral("reading customer %1").arg(customerId));
        std::optional<CustomerRecord> found;
        if (m_findCustomer.next())
            found = customerFromStatement(m_findCustomer);
        m_findCustomer.reset();
        return found;
    }

    /** One row of the events table, its text as UTF-8 that stays valid until insertRow() returns. */
    struct RowValues {
        qint64 position;
        qint64 version;
        qint64 recordedAtMs;
        qint64 type;
        std::array<QByteArrayView, 6> text; ///< event id, customer id, first name, last name, address, date of birth
        QByteArrayView hash;
    };

    /** Inserts one row; every way of appending ends here. */
    Result<void> insertRow(const RowValues& row)
    {
        m_insertEvent.bind(0, row.position);
        m_insertEvent.bindUtf8(1, row.text[0]);
        m_insertEvent.bindUtf8(2, row.text[1]);
        m_insertEvent.bind(3, row.version);
        m_insertEvent.bind(4, row.recordedAtMs);
        m_insertEvent.bind(5, row.type);
        for (int c = 2; c < 6; ++c)
            m_insertEvent.bindUtf8(4 + c, row.text[size_t(c)]);
        m_insertEvent.bindBlob(10, QByteArray::fromRawData(row.hash.data(), row.hash.size()));
        const bool inserted = m_insertEvent.exec();
        std::optional<Error> failed;
        if (!inserted)
            failed = error(m_insertEvent, QStringLiteral("appending event %1").arg(QString::fromUtf8(row.text[0])));
        m_insertEvent.reset();
        if (failed)
            return *failed;
        return {};
    }

    /** Validates @p event against the customer's state, inserts it and returns it as stored. */
    Result<Event> insert(const std::optional<CustomerRecord>& before, const Event& event)
    {
        auto after = applyEvent(before, event);
        if (!after)
            return after.error();
        const Event stored = event.stored(after->version, m_position + 1);
        m_hashInput.build(stored);
        const QByteArray hash = m_hashInput.chainHash(m_hash);
        // The text columns are bound from the bytes just hashed: each field is encoded once.
        const auto f = [this](EventHashInput::Field field) { return m_hashInput.field(field); };
        if (auto r = insertRow({stored.position(), stored.version(), stored.recordedAtMs(), qint64(stored.type()),
                                {f(EventHashInput::EventId), f(EventHashInput::CustomerId), f(EventHashInput::FirstName),
                                 f(EventHashInput::LastName), f(EventHashInput::Address), f(EventHashInput::DateOfBirth)},
                                hash});
            !r)
            return r.error();
        m_position = stored.position();
        m_hash = hash;
        m_pending.insert(stored.customerId(), std::move(after).value());
        if (m_startedEmpty)
            m_written.insert(stored.eventId());
        return stored;
    }

    /**
     * Loads the stored rows of the customers of @p events, so that customer() answers them without SQL: a bulk
     * write prepares its rows on another thread, which must not use the connection.
     */
    Result<void> prefetchCustomers(const EventList& events)
    {
        for (const Event& e : events) {
            if (m_pending.contains(e.customerId()))
                continue;
            m_findCustomer.bind(0, e.customerId());
            if (!m_findCustomer.exec())
                return error(m_findCustomer, QStringLiteral("reading customer %1").arg(e.customerId()));
            if (m_findCustomer.next())
                m_pending.insert(e.customerId(), customerFromStatement(m_findCustomer));
            m_findCustomer.reset();
        }
        m_prefetched = true;
        return {};
    }

    /**
     * Appends the events of @p events not marked in @p skip, for a bulk write: one thread checks each event against
     * its customer, encodes and hashes it, while this thread (the connection's) inserts the rows prepared before.
     * Needs prefetchCustomers() on a store that was not empty. @p progress as in appendBatch().
     */
    Result<void> insertPipelined(const EventList& events, const std::vector<bool>& skip, BatchOutcome& outcome,
                                 const std::function<bool(qint64)>& progress)
    {
        Q_ASSERT(m_startedEmpty || m_prefetched);
        struct Row {
            qint64 position;
            qint64 version;
            qint64 recordedAtMs;
            qint64 type;
            qsizetype textStart;
            std::array<qsizetype, 2 * 6> fields; // start and end of the six text columns in the block's text
            std::array<char, 32> hash;
        };
        struct Block {
            QByteArray text;
            std::vector<Row> rows;
            qint64 handled = 0; // events of the batch handled up to the end of this block, skipped ones included
        };
        constexpr size_t BlockRows = 4096;
        constexpr size_t BlocksInFlight = 4;
        std::mutex mutex;
        std::condition_variable changed;
        std::deque<Block> ready;
        bool producerDone = false;
        bool stop = false;
        std::optional<Error> rejected; // the event the producer refused, if any

        // The producer owns m_pending, m_position, m_hash and m_hashInput until it is joined.
        std::thread producer([&] {
            Block block;
            qint64 handled = 0;
            const auto handOver = [&](bool last) {
                block.handled = handled;
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] { return stop || ready.size() < BlocksInFlight; });
                if (!stop && (!block.rows.empty() || last))
                    ready.push_back(std::move(block));
                block = Block();
                if (last)
                    producerDone = true;
                changed.notify_all();
                return !stop;
            };
            for (qsizetype i = 0; i < events.size(); ++i) {
                ++handled;
                if (!skip.empty() && skip[size_t(i)])
                    continue;
                const Event& event = events[i];
                const auto after = applyEventIn(m_pending, event);
                if (!after) {
                    std::lock_guard lock(mutex);
                    rejected = after.error();
                    break;
                }
                const qint64 position = m_position + 1;
                const qint64 version = (*after)->version;
                m_hashInput.build(event, version, position);
                const QByteArray hash = m_hashInput.chainHash(m_hash);
                Row row{position, version, event.recordedAtMs(), qint64(event.type()), block.text.size(), {}, {}};
                const QByteArrayView encoded = m_hashInput.encoded();
                block.text.append(encoded.data(), encoded.size());
                const EventHashInput::Field columns[6] = {EventHashInput::EventId,   EventHashInput::CustomerId,
                                                          EventHashInput::FirstName, EventHashInput::LastName,
                                                          EventHashInput::Address,   EventHashInput::DateOfBirth};
                for (int c = 0; c < 6; ++c) {
                    const QByteArrayView f = m_hashInput.field(columns[c]);
                    row.fields[size_t(2 * c)] = row.textStart + (f.data() - encoded.data());
                    row.fields[size_t(2 * c + 1)] = row.fields[size_t(2 * c)] + f.size();
                }
                std::copy(hash.cbegin(), hash.cend(), row.hash.begin());
                block.rows.push_back(row);
                m_position = position;
                m_hash = hash;
                if (block.rows.size() == BlockRows && !handOver(false))
                    return;
            }
            handOver(true);
        });
        const auto finish = [&](std::optional<Error> failure) -> Result<void> {
            {
                std::lock_guard lock(mutex);
                stop = true;
                changed.notify_all();
            }
            producer.join();
            if (!failure && rejected)
                failure = rejected;
            if (failure)
                return *failure;
            return {};
        };

        qint64 reported = 0;
        while (true) {
            Block block;
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] { return !ready.empty() || producerDone || rejected; });
                if (ready.empty())
                    break; // done, or the producer refused an event
                block = std::move(ready.front());
                ready.pop_front();
                changed.notify_all();
            }
            const auto view = [&](const Row& row, int column) {
                const qsizetype begin = row.fields[size_t(2 * column)];
                return QByteArrayView(block.text.constData() + begin, row.fields[size_t(2 * column + 1)] - begin);
            };
            for (const Row& row : block.rows) {
                if (auto r = insertRow({row.position, row.version, row.recordedAtMs, row.type,
                                        {view(row, 0), view(row, 1), view(row, 2), view(row, 3), view(row, 4), view(row, 5)},
                                        QByteArrayView(row.hash.data(), qsizetype(row.hash.size()))});
                    !r)
                    return finish(r.error());
                ++outcome.appended;
            }
            outcome.skipped = block.handled - outcome.appended;
            if (progress && block.handled / 4096 > reported / 4096) {
                reported = block.handled;
                if (!progress(block.handled))
                    return finish(makeError(ErrorCode::InvalidArgument, QStringLiteral("cancelled; nothing was written")));
            }
        }
        return finish(std::nullopt);
    }

    /** Writes the customer rows this transaction changed. */
    Result<void> flushCustomers()
    {
        // In key order: the customer table is a B-tree on the customer id, and ordered writes fill it page by page.
        std::vector<const CustomerRecord*> rows;
        rows.reserve(size_t(m_pending.size()));
        for (const CustomerRecord& r : std::as_const(m_pending))
            rows.push_back(&r);
        std::sort(rows.begin(), rows.end(), [](const CustomerRecord* a, const CustomerRecord* b) { return a->customerId < b->customerId; });
        for (const CustomerRecord* row : rows) {
            const CustomerRecord& r = *row;
            m_upsertCustomer.bind(0, r.customerId);
            m_upsertCustomer.bind(1, r.data.firstName);
            m_upsertCustomer.bind(2, r.data.lastName);
            m_upsertCustomer.bind(3, r.data.address);
            m_upsertCustomer.bind(4, Timestamp::formatDate(r.data.dateOfBirth));
            m_upsertCustomer.bind(5, qint64(r.status == CustomerStatus::Deleted ? 1 : 0));
            m_upsertCustomer.bind(6, r.version);
            m_upsertCustomer.bind(7, r.createdAtMs);
            m_upsertCustomer.bind(8, r.updatedAtMs);
            const bool written = m_upsertCustomer.exec();
            if (!written) {
                Error e = error(m_upsertCustomer, QStringLiteral("updating customer %1").arg(r.customerId));
                m_upsertCustomer.reset();
                return e;
            }
            m_upsertCustomer.reset();
        }
        m_pending.clear();
        return {};
    }

    void setPending(const CustomerRecord& record) { m_pending.insert(record.customerId, record); }

private:
    Error error(const SqliteStatement& statement, const QString& what) const
    {
        return m_store.classified(makeError(ErrorCode::Io, QStringLiteral("%1 failed in %2: %3")
                                                               .arg(what, QDir::toNativeSeparators(m_store.m_path), statement.errorText())),
                                  statement.errorCode());
    }

    const SqliteEventStore& m_store;
    QSqlDatabase m_db;
    SqliteStatement m_findEvent;
    SqliteStatement m_findCustomer;
    SqliteStatement m_insertEvent;
    SqliteStatement m_upsertCustomer;
    EventHashInput m_hashInput;
    QHash<QString, CustomerRecord> m_pending;
    qint64 m_position = 0;
    QByteArray m_hash;
    bool m_startedEmpty = false;  // no events and no customers when the transaction began
    bool m_prefetched = false;    // prefetchCustomers() loaded the batch's stored customers into m_pending
    QSet<QString> m_written;      // ids insert() wrote, kept only when it m_startedEmpty (bulk writes never ask find())
};

SqliteEventStore::SqliteEventStore(QString path, QString connectionName, bool readOnly)
    : m_path(std::move(path))
    , m_connectionName(std::move(connectionName))
    , m_readOnly(readOnly)
{
}

namespace {

/**
 * Store files whose write-ahead log was deleted under this process's connections. What those connections hold of
 * the log is stale: copying it into the store file when the last of them closes (SQLite's checkpoint on close)
 * would write pages over what others committed since. So none of them checkpoints.
 */
struct LostLogs {
    QMutex mutex;
    QSet<QString> paths;

    void add(const QString& path)
    {
        QMutexLocker lock(&mutex);
        paths.insert(path);
    }
    bool contains(const QString& path)
    {
        QMutexLocker lock(&mutex);
        return paths.contains(path);
    }
};

LostLogs& lostLogs()
{
    static LostLogs logs;
    return logs;
}

} // namespace

SqliteEventStore::~SqliteEventStore()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen()) {
            if (sqlite3* handle = SqliteHandle::of(db); handle && lostLogs().contains(m_path))
                sqlite3_db_config(handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    if (m_fileKey) {
        OpenFiles& openFiles = SqliteEventStore::openFiles();
        QMutexLocker lock(&openFiles.mutex);
        if (--openFiles.connections[*m_fileKey] <= 0)
            openFiles.connections.remove(*m_fileKey);
    }
}

Result<void> SqliteEventStore::checkStructureOnce()
{
    // Before the first write of this process to the file: a damaged file (a flipped byte on disk) is refused for
    // writing, so that nothing is added to what cannot be trusted. SQLite's quick check reads every page once
    // (0.4 s for a million events). Later connections of the process skip it while the file is as it was then (its
    // time and size: commits go to the write-ahead log), and rely on SQLite reporting damage as it meets it.
    OpenFiles& files = openFiles();
    const std::pair<qint64, qint64> stamp = fileStampOf(m_path);
    {
        QMutexLocker lock(&files.mutex);
        if (!m_fileKey || files.checked.value(*m_fileKey, {-1, -1}) == stamp)
            return {};
    }
    QSqlQuery q(database());
    q.setForwardOnly(true);
    QStringList findings;
    const bool ran = q.exec(QStringLiteral("PRAGMA quick_check(5)"));
    while (ran && q.next())
        findings << q.value(0).toString();
    if (!ran)
        return sqlError(q, QStringLiteral("checking the store before writing"));
    if (findings != QStringList{QStringLiteral("ok")}) {
        m_damage = findings.join(QStringLiteral("; "));
        return makeError(ErrorCode::Corrupt, QStringLiteral("%1 is damaged (SQLite found: %2). It was not opened for writing and "
                                                            "nothing was written. `hindsight-cli verify` shows the damage; restore "
                                                            "the store from a backup or an export")
                                                 .arg(QDir::toNativeSeparators(m_path), m_damage));
    }
    QMutexLocker lock(&files.mutex);
    files.checked.insert(*m_fileKey, stamp);
    return {};
}

SqliteEventStore::OpenFiles& SqliteEventStore::openFiles()
{
    static OpenFiles files;
    return files;
}

std::pair<qint64, qint64> SqliteEventStore::fileStampOf(const QString& path)
{
    struct stat s {};
    if (::stat(QFile::encodeName(path).constData(), &s) != 0)
        return {-1, -1};
    return {qint64(s.st_mtim.tv_sec) * 1000000000 + s.st_mtim.tv_nsec, qint64(s.st_size)};
}

SqliteEventStore::FileKey SqliteEventStore::fileKeyOf(const QString& path)
{
    struct stat s {};
    if (::stat(QFile::encodeName(path).constData(), &s) != 0)
        return {0, 0};
    return {quint64(s.st_dev), quint64(s.st_ino)};
}

QSqlDatabase SqliteEventStore::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Result<std::unique_ptr<SqliteEventStore>> SqliteEventStore::open(const QString& path, OpenMode mode)
{
    QFileInfo info(path);
    const QString shown = QDir::toNativeSeparators(info.absoluteFilePath());
    const auto notAStore = [&](const QString& why) {
        return makeError(ErrorCode::NotAStore, QStringLiteral("%1 is not a Hindsight store: %2").arg(shown, why));
    };
    if (!info.exists()) {
        if (mode != OpenMode::CreateIfMissing)
            return makeError(ErrorCode::NotFound, QStringLiteral("there is no store at %1").arg(shown));
        if (auto created = createFile(info.absoluteFilePath()); !created)
            return created.error();
        info.refresh();
    }
    if (info.isDir())
        return notAStore(QStringLiteral("it is a directory"));
    // Closing any descriptor of the store file drops every POSIX lock this process holds on it, those of its open
    // connections included; another process closing its own connection then thinks it is the last and deletes the
    // write-ahead log under ours (SQLite's "How To Corrupt An SQLite Database File", 2.2). Other threads of a
    // window hold connections to this file. So the header is read here only while this process has no connection
    // to the file (under the lock that every opening takes); otherwise it was read when the first one opened, and
    // SQLite tells any damage since.
    if (info.size() == 0)
        return notAStore(QStringLiteral("the file is empty"));
    OpenFiles& openFiles = SqliteEventStore::openFiles();
    QMutexLocker openFilesLock(&openFiles.mutex);
    const FileKey key = fileKeyOf(info.absoluteFilePath());
    if (openFiles.connections.value(key) == 0) {
        QFile file(info.absoluteFilePath());
        if (!file.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(shown, file.errorString()));
        const QByteArray header = file.read(16);
        if (header != QByteArrayLiteral("SQLite format 3\0"))
            return notAStore(QStringLiteral("it is not an SQLite database"));
    }
    ++openFiles.connections[key];
    openFilesLock.unlock();

    const bool readOnly = mode == OpenMode::ReadOnly || !QFileInfo(info.absoluteFilePath()).isWritable();
    const QString connectionName = QStringLiteral("hindsight-store-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(info.absoluteFilePath());
        if (readOnly)
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
    }
    std::unique_ptr<SqliteEventStore> store(new SqliteEventStore(info.absoluteFilePath(), connectionName, readOnly));
    store->m_fileKey = key; // counted above; the destructor counts it out once the connection is closed
    QSqlDatabase db = store->database();
    if (!db.open())
        return store->sqlError(db, QStringLiteral("opening the store"));
    if (auto r = store->exec(QStringLiteral("PRAGMA busy_timeout = 30000"), QStringLiteral("setting the busy timeout")); !r)
        return r.error();

    // Identify the file before anything could write to it.
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA application_id")) || !q.next()) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("%1 cannot be read as a store: %2").arg(shown, q.lastError().text()));
    }
    const qint32 applicationId = q.value(0).toInt();
    q.finish();
    if (applicationId != ApplicationId)
        return notAStore(QStringLiteral("it is an SQLite database of another application"));
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return makeError(ErrorCode::Corrupt, QStringLiteral("%1 cannot be read as a store: %2").arg(shown, q.lastError().text()));
    const int version = q.value(0).toInt();
    q.finish();
    if (version > SchemaVersion) {
        return makeError(ErrorCode::NewerSchema,
                         QStringLiteral("%1 was written by a newer Hindsight (store schema %2; this version reads up to %3). "
                                        "It was left untouched.")
                             .arg(shown)
                             .arg(version)
                             .arg(SchemaVersion));
    }
    // Touch every table once, so a damaged file is refused now rather than half-way through a session. Not when
    // opened only to read: verify must get to read a damaged file to say where it is damaged.
    if (!readOnly && !q.exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM sqlite_schema), (SELECT MAX(position) FROM events), "
                               "(SELECT customer_id FROM customers LIMIT 1)"))) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("%1 is damaged: %2").arg(shown, q.lastError().text()));
    }
    q.finish();
    if (auto configured = store->configureConnection(); !configured)
        return configured.error();
    if (q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next())
        store->m_writeAheadLog = q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) == 0;
    q.finish();
    if (!readOnly) {
        if (auto checked = store->checkStructureOnce(); !checked)
            return checked.error();
    }
    // Every schema version reads the same way, so a read-only file of an older version is read as it is; a
    // writable one is upgraded now, in one transaction (a failed upgrade leaves the file as it was).
    if (version < SchemaVersion && !readOnly) {
        if (auto migrated = store->migrate(version); !migrated)
            return migrated.error();
    }
    return store;
}

bool SqliteEventStore::needsUpgrade(const QString& path)
{
    if (!QFileInfo(path).isWritable())
        return false;
    auto store = open(path, OpenMode::ReadOnly);
    if (!store)
        return false;
    QSqlQuery q((*store)->database());
    return q.exec(QStringLiteral("PRAGMA user_version")) && q.next() && q.value(0).toInt() < SchemaVersion;
}

Result<void> SqliteEventStore::configureConnection()
{
    // Nothing here writes to the file: opening a store must leave it as it was. Write-ahead logging is a
    // property of the file, set once when it is created.
    // cell_size_check: SQLite checks each page's cells as it reads it, so damage is reported where it is met.
    for (const QString& pragma : {QStringLiteral("PRAGMA synchronous = FULL"), QStringLiteral("PRAGMA foreign_keys = ON"),
                                  QStringLiteral("PRAGMA cell_size_check = ON"),
                                  QStringLiteral("PRAGMA cache_size = -%1").arg(PageCacheKiB)}) {
        if (auto r = exec(pragma, QStringLiteral("configuring the connection")); !r)
            return r;
    }
    return {};
}

Result<void> SqliteEventStore::createFile(const QString& path)
{
    const QFileInfo info(path);
    if (auto folder = makePrivateFolder(info.absolutePath()); !folder)
        return folder;
    // Build the store under a temporary name and rename it into place once its schema is committed and the
    // file closed, so that a crash during creation never leaves a half-made store where a store should be.
    const QString temporary = path + QStringLiteral(".creating-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
    const QString connectionName = QStringLiteral("hindsight-create-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    // Customers' personal data: the file is made readable by its owner alone before SQLite opens it, whatever
    // the umask, and SQLite gives its -wal and -shm the store file's permissions.
    if (auto made = makePrivateFile(temporary); !made)
        return made;
    Result<void> made;
    {
        QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName).setDatabaseName(temporary);
        SqliteEventStore store(temporary, connectionName, false);
        made = store.initializeNewFile();
        // ~SqliteEventStore closes the connection and removes it.
    }
    if (made && !QFile::rename(temporary, path) && !QFileInfo::exists(path)) {
        made = makeError(ErrorCode::Io, QStringLiteral("cannot move the new store into place at %1").arg(QDir::toNativeSeparators(path)));
    }
    // Either renamed, or someone else created the store first (theirs wins), or creation failed.
    for (const QString& leftover : QStringList{temporary, temporary + QStringLiteral("-wal"), temporary + QStringLiteral("-shm")})
        QFile::remove(leftover);
    return made;
}

Result<void> SqliteEventStore::makePrivateFolder(const QString& folder)
{
    // Each missing level is made 0700 (QDir::mkpath() would follow the umask, 0755 under the usual 022); folders
    // that exist are the user's and are left as they are.
    const QString absolute = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    QStringList missing;
    for (QString level = absolute; !QFileInfo::exists(level); level = QFileInfo(level).absolutePath()) {
        missing.prepend(level);
        if (QFileInfo(level).absolutePath() == level)
            break;
    }
    for (const QString& level : std::as_const(missing)) {
        if (::mkdir(QFile::encodeName(level).constData(), S_IRWXU) != 0 && errno != EEXIST) {
            return makeError(ErrorCode::Io, QStringLiteral("cannot create the folder %1: %2")
                                                .arg(QDir::toNativeSeparators(level), QString::fromLocal8Bit(std::strerror(errno))));
        }
    }
    if (!QFileInfo(absolute).isDir())
        return makeError(ErrorCode::Io, QStringLiteral("cannot create the folder %1: a file of that name is in the way")
                                            .arg(QDir::toNativeSeparators(absolute)));
    return {};
}

Result<void> SqliteEventStore::makePrivateFile(const QString& path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
    // fchmod as well: the umask can take bits away from open()'s mode, never give them; this sets exactly 0600.
    if (fd < 0 || ::fchmod(fd, S_IRUSR | S_IWUSR) != 0) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        if (fd >= 0)
            ::close(fd);
        return makeError(ErrorCode::Io, QStringLiteral("cannot create %1: %2").arg(QDir::toNativeSeparators(path), why));
    }
    ::close(fd);
    return {};
}

Result<void> SqliteEventStore::initializeNewFile()
{
    QSqlDatabase db = database();
    if (!db.open())
        return sqlError(db, QStringLiteral("creating the store"));
    QSqlQuery q(db);
    // Set before the first table: a file keeps its page size. 16 KiB pages against SQLite's 4 KiB default: a bulk
    // import of a million events writes a quarter of the pages, and rebuilds its indexes and checkpoints in about
    // two thirds of the time (1.1 → 0.7 s, 0.45 → 0.3 s here); stores made before keep 4 KiB and work the same.
    if (!q.exec(QStringLiteral("PRAGMA page_size = %1").arg(PageSizeBytes)))
        return sqlError(q, QStringLiteral("setting the page size"));
    if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !q.next()
        || q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        return sqlError(q, QStringLiteral("switching to write-ahead logging"));
    }
    q.finish();
    if (auto configured = configureConnection(); !configured)
        return configured;
    return createSchema();
}

Result<void> SqliteEventStore::createSchema()
{
    // Version 1, then every migration, in one transaction: a new file takes the steps an old one takes.
    if (auto r = beginWrite(); !r)
        return r;
    QStringList statements;
    for (const char* sql : sqliteschema::Version1)
        statements << QString::fromLatin1(sql);
    for (const sqliteschema::Migration& migration : sqliteschema::Migrations) {
        for (const char* sql : migration.steps)
            statements << QString::fromLatin1(sql);
    }
    statements << QStringLiteral("PRAGMA application_id = %1").arg(ApplicationId)
               << QStringLiteral("PRAGMA user_version = %1").arg(SchemaVersion);
    for (const QString& sql : std::as_const(statements)) {
        if (auto r = exec(sql, QStringLiteral("creating the store")); !r) {
            rollbackWrite();
            return r;
        }
    }
    return commitWrite();
}

Result<void> SqliteEventStore::migrate(int fromVersion)
{
    // Version 1 is the first schema: a file that carries our application id at version 0 never held events.
    if (fromVersion < 1)
        return makeError(ErrorCode::Corrupt, QStringLiteral("%1 carries no store schema").arg(m_path));
    if (auto r = beginWrite(); !r)
        return r;
    // Another process may have migrated the file between reading its version and taking the write lock.
    QSqlQuery q(database());
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        Error e = sqlError(q, QStringLiteral("reading the schema version"));
        rollbackWrite();
        return e;
    }
    const int current = q.value(0).toInt();
    q.finish();
    for (const sqliteschema::Migration& migration : sqliteschema::Migrations) {
        if (migration.to <= current)
            continue;
        const QString what = QStringLiteral("upgrading the store from schema %1 to %2").arg(migration.to - 1).arg(migration.to);
        for (const char* sql : migration.steps) {
            if (auto r = exec(QString::fromLatin1(sql), what); !r) {
                rollbackWrite();
                return r;
            }
        }
    }
    if (auto r = exec(QStringLiteral("PRAGMA user_version = %1").arg(SchemaVersion), QStringLiteral("recording the schema version")); !r) {
        rollbackWrite();
        return r;
    }
    return commitWrite();
}

Result<void> SqliteEventStore::exec(const QString& sql, const QString& what) const
{
    QSqlQuery q(database());
    if (!q.exec(sql))
        return sqlError(q, what);
    return {};
}

Error SqliteEventStore::sqlError(const QSqlQuery& query, const QString& what) const
{
    const QSqlError e = query.lastError();
    const QString detail = e.databaseText().isEmpty() ? e.text() : e.databaseText();
    return classified(makeError(ErrorCode::Io, QStringLiteral("%1 failed in %2: %3").arg(what, QDir::toNativeSeparators(m_path), detail)),
                      e.nativeErrorCode().toInt() & 0xff);
}

Error SqliteEventStore::sqlError(const QSqlDatabase& db, const QString& what) const
{
    const QSqlError e = db.lastError();
    const QString detail = e.databaseText().isEmpty() ? e.text() : e.databaseText();
    return classified(makeError(ErrorCode::Io, QStringLiteral("%1 failed in %2: %3").arg(what, QDir::toNativeSeparators(m_path), detail)),
                      e.nativeErrorCode().toInt() & 0xff);
}

Error SqliteEventStore::classified(Error error, int sqliteCode) const
{
    // SQLITE_CORRUPT or SQLITE_NOTADB: the file is damaged. Nothing more is written through this connection: a
    // damaged index may no longer find what it holds (an event id would be stored twice).
    if (sqliteCode == SQLITE_CORRUPT || sqliteCode == SQLITE_NOTADB) {
        m_damage = error.message;
        error.code = ErrorCode::Corrupt;
        error.message += QStringLiteral(". The store is damaged: nothing more is written to it. `hindsight-cli verify` "
                                        "shows where; restore it from a backup or an export");
    }
    return error;
}

Result<void> SqliteEventStore::beginWrite()
{
    if (m_readOnly)
        return makeError(ErrorCode::ReadOnly, QStringLiteral("%1 is open read-only; nothing was written").arg(m_path));
    if (!m_damage.isEmpty()) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("%1 is damaged (%2); nothing was written. `hindsight-cli verify` shows "
                                                            "where; restore it from a backup or an export")
                                                 .arg(QDir::toNativeSeparators(m_path), m_damage));
    }
    // QSqlDatabase::transaction() begins DEFERRED, whose lock upgrade fails at once under contention;
    // IMMEDIATE takes the write lock up front and waits on the busy timeout.
    return exec(QStringLiteral("BEGIN IMMEDIATE"), QStringLiteral("starting a write"));
}

Result<void> SqliteEventStore::commitWrite()
{
    if (auto r = exec(QStringLiteral("COMMIT"), QStringLiteral("committing")); !r) {
        rollbackWrite();
        return r;
    }
    return checkFilesInPlace();
}

Result<void> SqliteEventStore::checkFilesInPlace() const
{
    // A commit lands in the write-ahead log this connection holds open. Had another process deleted that log (it
    // does when it wrongly believes itself the store's last user), the commit went into a file nobody will read:
    // reporting it saved would lose it silently. The log exists as long as a connection is open, so its absence
    // means exactly that. stat() only: opening it here would drop this process's locks.
    int moved = 0;
    if (sqlite3* handle = SqliteHandle::of(database()))
        sqlite3_file_control(handle, "main", SQLITE_FCNTL_HAS_MOVED, &moved);
    const bool logGone = m_writeAheadLog && !QFileInfo::exists(m_path + QStringLiteral("-wal"));
    if (!moved && !logGone)
        return {};
    m_damage = QStringLiteral("its files were moved or deleted while it was open");
    lostLogs().add(m_path);
    return makeError(ErrorCode::Io, QStringLiteral("the last change may not be in %1: another program %2 while it was open here. "
                                                   "Reopen the store and check the change")
                                        .arg(QDir::toNativeSeparators(m_path),
                                             moved ? QStringLiteral("moved or deleted the store file")
                                                   : QStringLiteral("deleted its write-ahead log (%1-wal)").arg(QDir::toNativeSeparators(m_path))));
}

void SqliteEventStore::rollbackWrite()
{
    QSqlQuery q(database());
    q.exec(QStringLiteral("ROLLBACK"));
}

Result<AppendOutcome> SqliteEventStore::append(const QString& customerId, qint64 expectedVersion, const EventList& events)
{
    if (events.isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("nothing to append"));
    for (const Event& e : events) {
        if (e.customerId() != customerId) {
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("event %1 belongs to customer %2, not %3").arg(e.eventId(), e.customerId(), customerId));
        }
    }
    if (auto r = beginWrite(); !r)
        return r.error();
    auto fail = [this](Error e) -> Result<AppendOutcome> {
        rollbackWrite();
        return e;
    };

    Writer writer(*this);
    if (auto r = writer.prepare(); !r)
        return fail(r.error());

    AppendOutcome outcome;
    for (const Event& e : events) {
        auto found = writer.find(e.eventId());
        if (!found)
            return fail(found.error());
        if (!found->has_value())
            continue;
        if (!(*found)->sameContentAs(e)) {
            return fail(makeError(ErrorCode::DuplicateEvent,
                                  QStringLiteral("event id %1 is stored already with different content").arg(e.eventId())));
        }
        outcome.events.append(**found);
    }
    if (outcome.events.size() == events.size()) {
        rollbackWrite();
        outcome.alreadyStored = true;
        return outcome;
    }
    if (!outcome.events.isEmpty()) {
        return fail(makeError(ErrorCode::DuplicateEvent,
                              QStringLiteral("event %1 is stored already but the others of its batch are not")
                                  .arg(outcome.events.first().eventId())));
    }

    auto before = writer.customer(customerId);
    if (!before)
        return fail(before.error());
    const qint64 current = before->has_value() ? (*before)->version : 0;
    if (expectedVersion != AnyVersion && expectedVersion != current) {
        Error conflict = makeError(ErrorCode::Conflict,
                                   QStringLiteral("customer %1 changed meanwhile: it is at version %2, not %3; nothing was written")
                                       .arg(customerId)
                                       .arg(current)
                                       .arg(expectedVersion));
        conflict.currentVersion = current;
        return fail(conflict);
    }
    std::optional<CustomerRecord> state = *before;
    for (const Event& e : events) {
        auto stored = writer.insert(state, e);
        if (!stored)
            return fail(stored.error());
        outcome.events.append(*stored);
        auto now = writer.customer(customerId);
        state = now ? *now : std::nullopt;
    }
    if (auto r = writer.flushCustomers(); !r)
        return fail(r.error());
    if (auto r = commitWrite(); !r)
        return r.error();
    return outcome;
}

Result<BatchOutcome> SqliteEventStore::appendBatch(const EventList& events, const std::function<bool(qint64)>& progress)
{
    bool retryRowByRow = false;
    auto outcome = writeBatch(events, progress, true, &retryRowByRow);
    if (!outcome && retryRowByRow)
        return writeBatch(events, progress, false, nullptr);
    return outcome;
}

Result<BatchOutcome> SqliteEventStore::writeBatch(const EventList& events, const std::function<bool(qint64)>& progress,
                                                  bool allowBulk, bool* retryRowByRow)
{
    if (auto r = beginWrite(); !r)
        return r.error();
    auto fail = [this](Error e) -> Result<BatchOutcome> {
        rollbackWrite();
        return e;
    };
    Writer writer(*this);
    if (auto r = writer.prepare(); !r)
        return fail(r.error());

    // A batch at least as large as the log is written in bulk: without the unique indexes, which are then rebuilt
    // from the sorted rows. The ids the store holds already are looked up first, while their index is there.
    const bool bulk = allowBulk && events.size() >= BulkMinimum && events.size() >= writer.position();
    std::vector<bool> storedAlready;
    BatchOutcome outcome;
    qint64 done = 0;
    const auto cancelled = [&] {
        return fail(makeError(ErrorCode::InvalidArgument, QStringLiteral("cancelled; nothing was written")));
    };
    if (bulk) {
        if (!writer.startedEmpty()) {
            storedAlready.resize(size_t(events.size()), false);
            for (qsizetype i = 0; i < events.size(); ++i) {
                auto found = writer.find(events[i].eventId());
                if (!found)
                    return fail(found.error());
                if (!found->has_value())
                    continue;
                if (!(*found)->sameContentAs(events[i])) {
                    return fail(makeError(ErrorCode::DuplicateEvent, QStringLiteral("event id %1 is stored already with different content")
                                                                         .arg(events[i].eventId())));
                }
                storedAlready[size_t(i)] = true;
            }
        }
    }
    // Once the stored ids are known, anything that goes wrong in bulk (an event repeated within the batch, which
    // its customer's state refuses before any index could; a statement still reading, which blocks DROP INDEX)
    // rolls back and sends the batch row by row, which gives the answer a row-by-row write always gives.
    const auto failBulk = [&](Error e) {
        if (retryRowByRow && !e.message.startsWith(u"cancelled"))
            *retryRowByRow = true;
        return fail(std::move(e));
    };
    StepTimer timer(lcStore(), bulk ? "bulk write" : "batch write");
    if (bulk) {
        // The customers' streams are read while the index on (customer, time) is still there.
        if (!writer.startedEmpty()) {
            if (auto r = writer.prefetchCustomers(events); !r)
                return failBulk(r.error());
        }
        if (auto r = writer.dropIndexes(); !r)
            return failBulk(r.error());
        if (auto r = writer.insertPipelined(events, storedAlready, outcome, progress); !r)
            return failBulk(r.error());
        done = events.size();
    }
    for (qsizetype i = 0; i < events.size() && !bulk; ++i) {
        const Event& e = events[i];
        auto found = writer.find(e.eventId());
        if (!found)
            return fail(found.error());
        if (found->has_value()) {
            if (!(*found)->sameContentAs(e)) {
                return fail(makeError(ErrorCode::DuplicateEvent,
                                      QStringLiteral("event id %1 is stored already with different content").arg(e.eventId())));
            }
            ++outcome.skipped;
        } else {
            auto before = writer.customer(e.customerId());
            if (!before)
                return fail(before.error());
            auto stored = writer.insert(*before, e);
            if (!stored)
                return fail(stored.error());
            ++outcome.appended;
        }
        ++done;
        if (progress && done % 4096 == 0 && !progress(done))
            return cancelled();
    }
    timer.step("rows");
    if (auto r = writer.flushCustomers(); !r)
        return fail(r.error());
    timer.step("customer table");
    if (bulk) {
        // Rebuilding fails when the batch repeats an id (or a customer's time) within itself.
        if (auto r = writer.restoreIndexes(); !r)
            return failBulk(r.error());
        timer.step("indexes");
        if (progress && !progress(done))
            return cancelled();
    }
    // SQLite would copy the log into the file as part of this commit (about 0.5 s after a million events); a bulk
    // write leaves that to checkpoint(), which its caller runs when nobody waits for it. Durability is the
    // commit's: the log is synced before COMMIT returns (synchronous = FULL).
    if (bulk) {
        if (auto r = exec(QStringLiteral("PRAGMA wal_autocheckpoint = 0"), QStringLiteral("deferring the checkpoint")); !r)
            return fail(r.error());
    }
    auto committed = commitWrite();
    if (bulk)
        (void)exec(QStringLiteral("PRAGMA wal_autocheckpoint = %1").arg(AutoCheckpointPages), QStringLiteral("restoring the checkpoint"));
    if (!committed)
        return committed.error();
    timer.step("commit");
    if (progress)
        progress(done);
    return outcome;
}

Result<void> SqliteEventStore::checkpoint()
{
    if (m_readOnly)
        return {};
    StepTimer timer(lcStore(), "checkpoint");
    QSqlQuery q(database());
    if (!q.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)")) || !q.next())
        return sqlError(q, QStringLiteral("copying the write-ahead log into the store file"));
    timer.step("log copied");
    return {};
}

Result<EventList> SqliteEventStore::readStream(const QString& customerId) const
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT %1 FROM events WHERE customer_id = ? ORDER BY recorded_at").arg(EventColumns)))
        return sqlError(q, QStringLiteral("reading customer %1").arg(customerId));
    q.addBindValue(customerId);
    if (!q.exec())
        return sqlError(q, QStringLiteral("reading customer %1").arg(customerId));
    EventList events;
    while (q.next())
        events.append(eventFromQuery(q));
    return events;
}

Result<qint64> SqliteEventStore::streamVersion(const QString& customerId) const
{
    QSqlQuery q(database());
    if (!q.prepare(QStringLiteral("SELECT MAX(version) FROM events WHERE customer_id = ?")))
        return sqlError(q, QStringLiteral("reading the version of %1").arg(customerId));
    q.addBindValue(customerId);
    if (!q.exec() || !q.next())
        return sqlError(q, QStringLiteral("reading the version of %1").arg(customerId));
    return q.value(0).toLongLong();
}

Result<void> SqliteEventStore::forEachEvent(qint64 afterPosition, const std::function<bool(const Event&)>& visit) const
{
    // On SQLite directly (SqliteStatement): exports read every event through here.
    SqliteStatement q(database());
    const auto fail = [&] {
        return makeError(ErrorCode::Io, QStringLiteral("reading events failed in %1: %2").arg(QDir::toNativeSeparators(m_path), q.errorText()));
    };
    if (!q.prepare(QStringLiteral("SELECT %1 FROM events WHERE position > ? ORDER BY position").arg(EventColumns)))
        return fail();
    q.bind(0, afterPosition);
    if (!q.exec())
        return fail();
    while (q.next()) {
        if (!visit(eventFromStatement(q)))
            return {};
    }
    if (!q.ok())
        return fail();
    return {};
}

Result<void> SqliteEventStore::forEachEventRecord(qint64 afterPosition,
                                                  const std::function<bool(const EventRecordView&)>& visit) const
{
    if (sqlite3* handle = SqliteHandle::of(database()))
        return SqliteHandle::forEachEventRecord(handle, m_path, afterPosition, visit);
    return EventStore::forEachEventRecord(afterPosition, visit);
}

Result<void> SqliteEventStore::forEachEventByCustomer(const std::function<bool(const Event&)>& visit) const
{
    SqliteStatement q(database());
    const auto fail = [&] {
        return makeError(ErrorCode::Io, QStringLiteral("reading events by customer failed in %1: %2")
                                            .arg(QDir::toNativeSeparators(m_path), q.errorText()));
    };
    if (!q.prepare(QStringLiteral("SELECT %1 FROM events ORDER BY customer_id, recorded_at").arg(EventColumns)) || !q.exec())
        return fail();
    while (q.next()) {
        if (!visit(eventFromStatement(q)))
            return {};
    }
    if (!q.ok())
        return fail();
    return {};
}

Result<CustomerList> SqliteEventStore::customers() const
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT %1 FROM customers ORDER BY customer_id").arg(CustomerColumns)))
        return sqlError(q, QStringLiteral("reading the customer table"));
    CustomerList list;
    while (q.next())
        list.append(customerFromQuery(q));
    return list;
}

Result<std::optional<CustomerRecord>> SqliteEventStore::customer(const QString& customerId) const
{
    QSqlQuery q(database());
    if (!q.prepare(StreamStateSql))
        return sqlError(q, QStringLiteral("reading customer %1").arg(customerId));
    q.addBindValue(customerId);
    if (!q.exec())
        return sqlError(q, QStringLiteral("reading customer %1").arg(customerId));
    if (!q.next())
        return std::optional<CustomerRecord>();
    return std::optional<CustomerRecord>(customerFromQuery(q));
}

Result<StoreStats> SqliteEventStore::stats() const
{
    QSqlQuery q(database());
    StoreStats s;
    if (!q.exec(QStringLiteral("SELECT COUNT(*), COALESCE(MAX(position), 0) FROM events")) || !q.next())
        return sqlError(q, QStringLiteral("counting events"));
    s.eventCount = q.value(0).toLongLong();
    s.headPosition = q.value(1).toLongLong();
    // A customer's first event is its creation and its times only grow, so the customer table knows the
    // earliest and latest moments of the log.
    if (!q.exec(QStringLiteral("SELECT COALESCE(SUM(status = 0), 0), COALESCE(SUM(status = 1), 0), COALESCE(MIN(created_at), 0), "
                               "COALESCE(MAX(updated_at), 0) FROM customers"))
        || !q.next()) {
        return sqlError(q, QStringLiteral("counting customers"));
    }
    s.activeCustomers = q.value(0).toLongLong();
    s.deletedCustomers = q.value(1).toLongLong();
    s.firstRecordedAtMs = q.value(2).toLongLong();
    s.lastRecordedAtMs = q.value(3).toLongLong();
    return s;
}

Result<qint64> SqliteEventStore::headPosition() const
{
    QSqlQuery q(database());
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(position), 0) FROM events")) || !q.next())
        return sqlError(q, QStringLiteral("reading the newest position"));
    return q.value(0).toLongLong();
}

Result<void> SqliteEventStore::rebuildProjection()
{
    if (auto r = beginWrite(); !r)
        return r;
    CustomerProjection projection;
    std::optional<Error> failure;
    auto replayed = forEachEvent(0, [&](const Event& e) {
        if (auto applied = projection.apply(e); !applied) {
            failure = applied.error();
            failure->code = ErrorCode::Corrupt;
            return false;
        }
        return true;
    });
    if (!replayed)
        failure = replayed.error();
    if (!failure) {
        if (auto r = exec(QStringLiteral("DELETE FROM customers"), QStringLiteral("clearing the customer table")); !r)
            failure = r.error();
    }
    if (!failure) {
        Writer writer(*this);
        if (auto r = writer.prepare(); !r)
            failure = r.error();
        for (const CustomerRecord& record : projection.customers())
            writer.setPending(record);
        if (!failure) {
            if (auto r = writer.flushCustomers(); !r)
                failure = r.error();
        }
    }
    if (failure) {
        rollbackWrite();
        return *failure;
    }
    return commitWrite();
}

Result<StoreHead> SqliteEventStore::head() const
{
    QSqlQuery q(database());
    if (!q.exec(QStringLiteral("SELECT position, hash FROM events ORDER BY position DESC LIMIT 1")))
        return sqlError(q, QStringLiteral("reading the newest event"));
    StoreHead h;
    if (q.next())
        h = {q.value(0).toLongLong(), q.value(1).toByteArray()};
    return h;
}

Result<VerifyReport> SqliteEventStore::verify(const std::optional<StoreHead>& against, const VerifyProgress& progress) const
{
    return SqliteStoreVerifier(database(), m_path).verify(against, progress);
}

} // namespace hindsight
