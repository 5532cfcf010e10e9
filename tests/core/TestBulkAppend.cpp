#include "SqliteEventStore.h"
#include "SyntheticHistory.h"

#include "StoreInspection.h"
#include "TestStores.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>

using namespace hindsight;
using namespace hindsight::test;

namespace {

const QStringList UniqueIndexes = {QStringLiteral("events_by_customer_time"), QStringLiteral("events_by_id")};

/** Customers [first, first + count) of one deterministic history (ids and all), @p perCustomer events each. */
EventList history(qint64 first, qint64 count, int perCustomer = 10, quint64 seed = 11)
{
    return SyntheticHistory({first + count, perCustomer, seed}).events(first, count);
}

/** The same events in the order they happened: customers interleave, each stream stays in order. */
EventList inTimeOrder(EventList events)
{
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.recordedAtMs() < b.recordedAtMs(); });
    return events;
}

/** "" when the store verifies intact, else its problems (or why it could not be verified). */
QString problemsOf(const SqliteEventStore& store)
{
    // An IndexProbe's trigger is not Hindsight's, and verify rightly says so: it goes before the check.
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("DROP TRIGGER IF EXISTS index_probe_on_insert"));
    const auto report = store.verify();
    if (!report)
        return QStringLiteral("verify failed: ") + report.error().message;
    return report->problems.join(u'\n');
}

/** The connection settings a bulk write changes for a while: "cache_size threads wal_autocheckpoint". */
QString connectionSettings(const QSqlDatabase& db)
{
    QSqlQuery q(db);
    QStringList values;
    for (const QString& pragma : {u"PRAGMA cache_size"_qs, u"PRAGMA threads"_qs, u"PRAGMA wal_autocheckpoint"_qs}) {
        if (!q.exec(pragma) || !q.next())
            return QStringLiteral("cannot read %1: %2").arg(pragma, q.lastError().text());
        values << q.value(0).toString();
    }
    return values.join(u' ');
}

/** Appends @p events in batches of @p chunk, each below BulkMinimum: the row-by-row path. */
Result<BatchOutcome> appendInChunks(EventStore& store, const EventList& events, qsizetype chunk = 500)
{
    Q_ASSERT(chunk < SqliteEventStore::BulkMinimum);
    BatchOutcome total;
    for (qsizetype i = 0; i < events.size(); i += chunk) {
        auto outcome = store.appendBatch(events.mid(i, chunk));
        if (!outcome)
            return outcome;
        total.appended += outcome->appended;
        total.skipped += outcome->skipped;
    }
    return total;
}

/**
 * Tells which way rows went in: a trigger of the test's own records, for every event row inserted, how many of
 * the two unique indexes existed at that moment (0 in a bulk write, 2 row by row). Its rows share the writer's
 * transaction, so a rolled-back write leaves none.
 */
class IndexProbe
{
public:
    explicit IndexProbe(SqliteEventStore& store)
        : m_db(store.database())
    {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("CREATE TABLE index_probe (indexes INTEGER NOT NULL)"))
            || !q.exec(QStringLiteral("CREATE TRIGGER index_probe_on_insert AFTER INSERT ON events BEGIN "
                                      "INSERT INTO index_probe VALUES ((SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' "
                                      "AND name IN ('events_by_id', 'events_by_customer_time'))); END"))) {
            qFatal("cannot install the index probe: %s", qPrintable(q.lastError().text()));
        }
    }
    /** Rows inserted while the unique indexes were dropped. */
    qint64 withoutIndexes() const { return count(0); }
    /** Rows inserted while both unique indexes were there. */
    qint64 withIndexes() const { return count(2); }
    void clear()
    {
        QSqlQuery q(m_db);
        q.exec(QStringLiteral("DELETE FROM index_probe"));
    }

private:
    qint64 count(int indexes) const
    {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM index_probe WHERE indexes = %1").arg(indexes)) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }

    QSqlDatabase m_db;
};

/** What a store holds, to show that a refused or cancelled write left it exactly as it was. */
struct Snapshot {
    QStringList events;
    QStringList customers;
    QByteArray headHash;
    qint64 headPosition = -1;

    static Snapshot of(const SqliteEventStore& store)
    {
        const auto head = store.head();
        return {eventRows(store.database()), customerRows(store.database()), head ? head->hash : QByteArray(), head ? head->position : -1};
    }
    friend bool operator==(const Snapshot&, const Snapshot&) = default;
};

/** @p e with one thing changed (@p what: "address", "time" or "customer"), its id kept. */
Event changed(const Event& e, const QString& what)
{
    CustomerData data = e.data();
    qint64 at = e.recordedAtMs();
    QString customer = e.customerId();
    if (what == u"address")
        data.address += QStringLiteral(" (changed)");
    else if (what == u"time")
        at += 1;
    else if (what == u"customer")
        customer = SyntheticHistory::customerId(999999);
    return Event(e.eventId(), customer, e.type(), at, data);
}

} // namespace

class TestBulkAppend : public QObject
{
    Q_OBJECT

private:
    /**
     * What the same batch gets written row by row: into a store that holds more events (of other customers)
     * than the batch, so the batch is below the bulk threshold.
     */
    Result<BatchOutcome> rowByRowOutcome(const EventList& batch)
    {
        TemporaryStore t;
        const EventList others = history(500000, batch.size() / 10 + 1, 10, 99);
        if (auto filled = t.store().appendBatch(others); !filled)
            return makeError(filled.error().code, u"filling the reference store: "_qs + filled.error().message);
        IndexProbe probe(t.store());
        auto outcome = t.store().appendBatch(batch);
        if (probe.withoutIndexes() != 0)
            return makeError(ErrorCode::InvalidArgument, u"the reference store wrote in bulk"_qs);
        return outcome;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCOMPARE(SqliteEventStore::BulkMinimum, 1024);
    }

    void shouldWriteTheSameLogInBulkAsRowByRow_data()
    {
        QTest::addColumn<bool>("timeOrder");
        QTest::newRow("customer by customer") << false;
        QTest::newRow("in time order, customers interleaved") << true;
    }
    void shouldWriteTheSameLogInBulkAsRowByRow()
    {
        QFETCH(bool, timeOrder);
        // GIVEN 3,000 events of 300 customers, and two empty stores
        const EventList events = timeOrder ? inTimeOrder(history(0, 300)) : history(0, 300);
        QCOMPARE(events.size(), 3000);
        TemporaryStore bulk;
        TemporaryStore rowByRow;
        IndexProbe bulkProbe(bulk.store());
        IndexProbe rowProbe(rowByRow.store());
        const QString settings = connectionSettings(bulk.store().database());

        // WHEN one store takes them in one batch and the other in batches below BulkMinimum
        const auto inBulk = bulk.store().appendBatch(events);
        const auto inRows = appendInChunks(rowByRow.store(), events);

        // THEN both appended every event, the first without its unique indexes, the second with them
        QVERIFY2(inBulk.ok(), qPrintable(failureOf(inBulk)));
        QVERIFY2(inRows.ok(), qPrintable(failureOf(inRows)));
        QCOMPARE(inBulk->appended, 3000);
        QCOMPARE(inBulk->skipped, 0);
        QCOMPARE(inRows->appended, 3000);
        QCOMPARE(bulkProbe.withoutIndexes(), 3000);
        QCOMPARE(rowProbe.withIndexes(), 3000);
        // AND the bulk store has its indexes and its connection settings back, and verifies intact
        QCOMPARE(schemaNames(bulk.store().database(), u"index"_qs), UniqueIndexes);
        QCOMPARE(connectionSettings(bulk.store().database()), settings);
        QCOMPARE(schemaSql(bulk.store().database()), schemaSql(rowByRow.store().database()));
        QCOMPARE(problemsOf(bulk.store()), QString());
        QCOMPARE(problemsOf(rowByRow.store()), QString());
        // AND both wrote the same log: the same head, every row and hash the same, the same customer table
        QCOMPARE(bulk.store().head()->position, 3000);
        QCOMPARE(bulk.store().head()->hash.toHex(), rowByRow.store().head()->hash.toHex());
        QCOMPARE(eventRows(bulk.store().database()), eventRows(rowByRow.store().database()));
        QCOMPARE(customerRows(bulk.store().database()), customerRows(rowByRow.store().database()));
        QCOMPARE(customerRows(bulk.store().database()).size(), 300);
        // AND the bulk store still refuses a repeat of a stored id with other content, through the rebuilt index
        const auto impostor = bulk.store().appendBatch({changed(events.at(1234), u"address"_qs)});
        QVERIFY(!impostor.ok());
        QCOMPARE(impostor.error().code, ErrorCode::DuplicateEvent);
    }

    void shouldWriteInBulkOnlyALargeBatchAtLeastAsLargeAsTheLog_data()
    {
        QTest::addColumn<int>("stored");
        QTest::addColumn<int>("batch");
        QTest::addColumn<bool>("expectBulk");
        QTest::newRow("empty store, 1023 events") << 0 << 1023 << false;
        QTest::newRow("empty store, 1024 events") << 0 << 1024 << true;
        QTest::newRow("100 stored, 1024 events") << 100 << 1024 << true;
        QTest::newRow("1500 stored, 1499 events") << 1500 << 1499 << false;
        QTest::newRow("1500 stored, 1500 events") << 1500 << 1500 << true;
    }
    void shouldWriteInBulkOnlyALargeBatchAtLeastAsLargeAsTheLog()
    {
        QFETCH(int, stored);
        QFETCH(int, batch);
        QFETCH(bool, expectBulk);
        // GIVEN a store holding @p stored events (one per customer)
        TemporaryStore t;
        if (stored > 0)
            QVERIFY(t.store().appendBatch(history(0, stored, 1)).ok());
        IndexProbe probe(t.store());
        // WHEN a batch of new customers arrives
        const auto outcome = t.store().appendBatch(history(stored, batch, 1));
        QVERIFY2(outcome.ok(), qPrintable(failureOf(outcome)));
        QCOMPARE(outcome->appended, batch);
        // THEN it went in bulk exactly when it is at least BulkMinimum and at least as large as the log
        QCOMPARE(probe.withoutIndexes(), expectBulk ? batch : 0);
        QCOMPARE(probe.withIndexes(), expectBulk ? 0 : batch);
        QCOMPARE(schemaNames(t.store().database(), u"index"_qs), UniqueIndexes);
        QCOMPARE(problemsOf(t.store()), QString());
    }

    void shouldSkipStoredEventsOfTheSameContentInABulkBatch_data()
    {
        QTest::addColumn<QString>("order");
        QTest::newRow("stored events first") << u"stored first"_qs;
        QTest::newRow("stored events last") << u"stored last"_qs;
        QTest::newRow("stored events among the new, in time order") << u"time"_qs;
    }
    void shouldSkipStoredEventsOfTheSameContentInABulkBatch()
    {
        QFETCH(QString, order);
        // GIVEN a store holding customers 0-99 (1,000 events)
        TemporaryStore t;
        TemporaryStore reference;
        const EventList stored = history(0, 100);
        QVERIFY(t.store().appendBatch(stored).ok());
        QVERIFY(reference.store().appendBatch(stored).ok());
        IndexProbe probe(t.store());
        // AND a batch of customers 50-199: 500 of its events are stored already, with the same content
        EventList batch;
        if (order == u"stored last")
            batch = history(100, 100) + history(50, 50);
        else if (order == u"time")
            batch = inTimeOrder(history(50, 150));
        else
            batch = history(50, 150);
        QCOMPARE(batch.size(), 1500);

        // WHEN the batch is appended (at least BulkMinimum, and larger than the log: in bulk)
        const auto outcome = t.store().appendBatch(batch);

        // THEN the stored events are skipped and counted, the rest appended without the indexes
        QVERIFY2(outcome.ok(), qPrintable(failureOf(outcome)));
        QCOMPARE(outcome->skipped, 500);
        QCOMPARE(outcome->appended, 1000);
        QCOMPARE(probe.withoutIndexes(), 1000);
        QCOMPARE(probe.withIndexes(), 0);
        QCOMPARE(eventCount(t.store().database()), 2000);
        // AND the indexes are back and the store verifies intact
        QCOMPARE(schemaNames(t.store().database(), u"index"_qs), UniqueIndexes);
        QCOMPARE(problemsOf(t.store()), QString());
        // AND the log is the one the same batch writes row by row
        const auto rows = appendInChunks(reference.store(), batch);
        QVERIFY(rows.ok());
        QCOMPARE(rows->skipped, 500);
        QCOMPARE(eventRows(t.store().database()), eventRows(reference.store().database()));
        QCOMPARE(customerRows(t.store().database()), customerRows(reference.store().database()));
    }

    void shouldRefuseABulkBatchThatChangesAStoredEvent_data()
    {
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("what");
        // The batch holds customers 50-199; its first 500 events (customers 50-99) are stored.
        QTest::newRow("first event of the batch, other address") << 0 << u"address"_qs;
        QTest::newRow("a stored event in the middle, other time") << 251 << u"time"_qs;
        QTest::newRow("last stored event, other customer") << 499 << u"customer"_qs;
    }
    void shouldRefuseABulkBatchThatChangesAStoredEvent()
    {
        QFETCH(int, index);
        QFETCH(QString, what);
        // GIVEN a store holding customers 0-99
        TemporaryStore t;
        QVERIFY(t.store().appendBatch(history(0, 100)).ok());
        const Snapshot before = Snapshot::of(t.store());
        // AND a bulk batch in which one stored event id comes with different content
        EventList batch = history(50, 150);
        batch[index] = changed(batch.at(index), what);
        const QString id = batch.at(index).eventId();

        // WHEN it is appended
        const auto outcome = t.store().appendBatch(batch);

        // THEN it is refused as a duplicate naming the id
        QVERIFY(!outcome.ok());
        QCOMPARE(outcome.error().code, ErrorCode::DuplicateEvent);
        QVERIFY2(outcome.error().message.contains(id), qPrintable(outcome.error().message));
        // AND nothing changed: events, head, customers; the indexes are there and verify is clean
        QVERIFY(Snapshot::of(t.store()) == before);
        QCOMPARE(schemaNames(t.store().database(), u"index"_qs), UniqueIndexes);
        QCOMPARE(problemsOf(t.store()), QString());
    }

    void shouldLeaveTheCheckpointOfABulkWriteForLater()
    {
        // GIVEN an empty store, and the size of its file
        TemporaryStore t;
        const qint64 emptySize = QFileInfo(t.path()).size();
        // WHEN 20,000 events are written in bulk
        const EventList events = history(0, 2000);
        QVERIFY(t.store().appendBatch(events).ok());
        // THEN they are committed: a second connection reads them all
        {
            auto reader = SqliteEventStore::open(t.path(), SqliteEventStore::OpenMode::ReadOnly);
            QVERIFY(reader.ok());
            QCOMPARE((*reader)->headPosition().value(), events.size());
        }
        // AND they are in the write-ahead log only: the commit did not copy them into the store file
        QCOMPARE(QFileInfo(t.path()).size(), emptySize);
        QVERIFY(QFileInfo(t.path() + u"-wal"_qs).size() > 4 * 1024 * 1024);

        // WHEN checkpoint() runs THEN the store file holds them: a copy of the file alone, without its log, has them
        QVERIFY2(t.store().checkpoint().ok(), "checkpoint failed");
        QVERIFY(QFileInfo(t.path()).size() > emptySize);
        const QString copy = t.dirPath() + u"/file-alone.hindsight"_qs;
        QVERIFY(QFile::copy(t.path(), copy));
        auto alone = SqliteEventStore::open(copy, SqliteEventStore::OpenMode::ReadOnly);
        QVERIFY2(alone.ok(), qPrintable(alone.ok() ? QString() : alone.error().message));
        QCOMPARE((*alone)->headPosition().value(), events.size());
        QCOMPARE(problemsOf(**alone), QString());
    }

    void shouldSkipARepeatInsideABulkBatchThroughTheRowByRowRetry_data()
    {
        QTest::addColumn<int>("stored");
        QTest::addColumn<int>("repeated");
        QTest::addColumn<int>("insertAt");
        // A batch of 1,100 events (customers 0-109 of the batch), one of them given twice. -1: at the end.
        QTest::newRow("a creation, right after itself") << 0 << 10 << 11;
        QTest::newRow("an update, at the end") << 0 << 555 << -1;
        QTest::newRow("the last event, again at the end") << 0 << 1099 << -1;
        QTest::newRow("into a non-empty store") << 200 << 707 << -1;
    }
    void shouldSkipARepeatInsideABulkBatchThroughTheRowByRowRetry()
    {
        QFETCH(int, stored);
        QFETCH(int, repeated);
        QFETCH(int, insertAt);
        // GIVEN a store (empty, or holding other customers' events)
        TemporaryStore t;
        TemporaryStore reference;
        const EventList storedEvents = history(10000, stored / 10);
        if (!storedEvents.isEmpty()) {
            QVERIFY(t.store().appendBatch(storedEvents).ok());
            QVERIFY(reference.store().appendBatch(storedEvents).ok());
        }
        // AND a bulk batch that holds one event twice, the same both times (a source that repeats a record)
        const EventList unique = history(0, 110);
        EventList batch = unique;
        batch.insert(insertAt < 0 ? batch.size() : insertAt, unique.at(repeated));
        QVERIFY(batch.size() >= SqliteEventStore::BulkMinimum);

        // WHEN it is appended
        const auto outcome = t.store().appendBatch(batch);

        // THEN it succeeds (written again row by row when the index rebuild finds the repeat), the repeat skipped
        QVERIFY2(outcome.ok(), qPrintable(failureOf(outcome)));
        QCOMPARE(outcome->appended, unique.size());
        QCOMPARE(outcome->skipped, 1);
        // AND the log is the one the batch without its repeat writes, indexes there, verify clean
        QVERIFY(appendInChunks(reference.store(), unique).ok());
        QCOMPARE(eventRows(t.store().database()), eventRows(reference.store().database()));
        QCOMPARE(customerRows(t.store().database()), customerRows(reference.store().database()));
        QCOMPARE(schemaNames(t.store().database(), u"index"_qs), UniqueIndexes);
        QCOMPARE(problemsOf(t.store()), QString());
    }

    void shouldAnswerARepeatInsideABatchTheSameWayRowByRow_data() { shouldSkipARepeatInsideABulkBatchThroughTheRowByRowRetry_data(); }
    void shouldAnswerARepeatInsideABatchTheSameWayRowByRow()
    {
        QFETCH(int, repeated);
        QFETCH(int, insertAt);
        // GIVEN the batches above, written where they are below the bulk threshold
        const EventList unique = history(0, 110);
        EventList batch = unique;
        batch.insert(insertAt < 0 ? batch.size() : insertAt, unique.at(repeated));
        // WHEN appended row by row
        const auto outcome = rowByRowOutcome(batch);
        // THEN the repeat is skipped: what the bulk write must do too
        QVERIFY2(outcome.ok(), qPrintable(failureOf(outcome)));
        QCOMPARE(outcome->appended, unique.size());
        QCOMPARE(outcome->skipped, 1);
    }

    void shouldRefuseADifferentRepeatInsideABulkBatch_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("the id again, for another customer") << u"another customer"_qs;
        QTest::newRow("the id again, later in the same stream") << u"later"_qs;
        QTest::newRow("the id again, same customer and moment, other address") << u"same moment"_qs;
    }
    void shouldRefuseADifferentRepeatInsideABulkBatch()
    {
        QFETCH(QString, how);
        // GIVEN a store holding a few events
        TemporaryStore t;
        QVERIFY(t.store().appendBatch(history(10000, 20)).ok());
        const Snapshot before = Snapshot::of(t.store());
        const QString settings = connectionSettings(t.store().database());
        // AND a bulk batch that uses one id twice, with different content
        const EventList unique = history(0, 110);
        const Event original = unique.at(555); // an update in the middle of a stream
        QCOMPARE(original.type(), EventType::Updated);
        EventList batch = unique;
        if (how == u"another customer") {
            const EventList other = history(200, 1);
            batch.append(Event(original.eventId(), other.first().customerId(), EventType::Created, other.first().recordedAtMs(),
                               other.first().data()));
        } else if (how == u"later") {
            const Event last = unique.at(559); // the last event of the same stream
            QCOMPARE(last.customerId(), original.customerId());
            QVERIFY(last.type() != EventType::Deleted);
            batch.append(Event(original.eventId(), original.customerId(), EventType::Updated, last.recordedAtMs() + 1000,
                               customerData(u"Someone"_qs, u"Else"_qs)));
        } else {
            batch.insert(556, changed(original, u"address"_qs));
        }

        // WHEN it is appended
        const auto outcome = t.store().appendBatch(batch);

        // THEN it is refused as a duplicate naming the id, as the row-by-row write refuses it
        const auto rowByRow = rowByRowOutcome(batch);
        QVERIFY(!rowByRow.ok());
        QCOMPARE(rowByRow.error().code, ErrorCode::DuplicateEvent);
        QVERIFY(!outcome.ok());
        QCOMPARE(outcome.error().code, ErrorCode::DuplicateEvent);
        QVERIFY2(outcome.error().message.contains(original.eventId()), qPrintable(outcome.error().message));
        // AND nothing changed; the indexes and the connection's settings are there and verify is clean
        QVERIFY(Snapshot::of(t.store()) == before);
        QCOMPARE(schemaNames(t.store().database(), u"index"_qs), UniqueIndexes);
        QCOMPARE(connectionSettings(t.store().database()), settings);
        QCOMPARE(problemsOf(t.store()), QString());
    }

    void shouldWriteNothingWhenABulkBatchIsCancelled_data()
    {
        QTest::addColumn<int>("stored");
        QTest::addColumn<qint64>("cancelAt");
        // A 5,000-event batch: progress is asked at 4,096 rows, and at 5,000 once the indexes are rebuilt.
        QTest::newRow("empty store, part-way through the rows") << 0 << qint64(4096);
        QTest::newRow("empty store, after the indexes were rebuilt") << 0 << qint64(5000);
        QTest::newRow("non-empty store, part-way through the rows") << 1000 << qint64(4096);
        QTest::newRow("non-empty store, after the indexes were rebuilt") << 1000 << qint64(5000);
    }
    void shouldWriteNothingWhenABulkBatchIsCancelled()
    {
        QFETCH(int, stored);
        QFETCH(qint64, cancelAt);
        // GIVEN a store and a bulk batch of 5,000 new events
        TemporaryStore t;
        if (stored > 0)
            QVERIFY(t.store().appendBatch(history(10000, stored / 10)).ok());
        const Snapshot before = Snapshot::of(t.store());
        const EventList batch = history(0, 500);
        QList<qint64> asked;

        // WHEN the user cancels as progress reaches @p cancelAt
        const auto outcome = t.store().appendBatch(batch, [&](qint64 done) {
            asked << done;
            return done < cancelAt;
        });

        // THEN the write is cancelled and nothing of it was written
        QVERIFY(!outcome.ok());
        QVERIFY2(outcome.error().message.contains(u"cancelled"_qs), qPrintable(outcome.error().message));
        QStringList askedAt;
        for (qint64 done : std::as_const(asked))
            askedAt << QString::number(done);
        QVERIFY2(asked.contains(cancelAt), qPrintable(u"progress was asked at "_qs + askedAt.join(u',')));
        QCOMPARE(asked.last(), cancelAt);
        QVERIFY(Snapshot::of(t.store()) == before);
        // AND the unique indexes are there, and the store verifies intact
        QCOMPARE(schemaNames(t.store().database(), u"index"_qs), UniqueIndexes);
        QCOMPARE(problemsOf(t.store()), QString());
        // AND a later append of the same batch works, and a single append after it
        const auto again = t.store().appendBatch(batch);
        QVERIFY2(again.ok(), qPrintable(failureOf(again)));
        QCOMPARE(again->appended, batch.size());
        QVERIFY(t.store().append(u"C-LATE"_qs, EventStore::NoStream, {newEvent(u"C-LATE"_qs, EventType::Created, 1)}).ok());
        QCOMPARE(eventCount(t.store().database()), stored + batch.size() + 1);
        QCOMPARE(schemaNames(t.store().database(), u"index"_qs), UniqueIndexes);
        QCOMPARE(problemsOf(t.store()), QString());
    }

    void shouldLetASecondConnectionReadDuringAndAfterABulkWrite()
    {
        // GIVEN a store holding customers 0-29, and a second connection to the same file
        TemporaryStore t;
        const EventList stored = history(0, 30);
        QVERIFY(t.store().appendBatch(stored).ok());
        auto second = SqliteEventStore::open(t.path());
        QVERIFY2(second.ok(), qPrintable(failureOf(second)));
        SqliteEventStore& reader = **second;
        const QString oldCustomer = stored.first().customerId();
        const EventList batch = history(30, 500);
        const QString newCustomer = batch.first().customerId();
        const EventList oldStream = *reader.readStream(oldCustomer);
        QCOMPARE(oldStream.size(), 10);

        // WHEN a 5,000-event bulk write runs, the reader reading while it is under way (indexes dropped)
        bool readDuring = false;
        qint64 headDuring = -1;
        EventList oldStreamDuring;
        qint64 newStreamDuring = -1;
        qint64 customersDuring = -1;
        QStringList indexesDuring;
        const auto outcome = t.store().appendBatch(batch, [&](qint64 done) {
            if (done == 4096 && !readDuring) {
                readDuring = true;
                headDuring = reader.headPosition().ok() ? *reader.headPosition() : -2;
                oldStreamDuring = reader.readStream(oldCustomer).ok() ? *reader.readStream(oldCustomer) : EventList();
                newStreamDuring = reader.readStream(newCustomer).ok() ? reader.readStream(newCustomer)->size() : -2;
                customersDuring = reader.customers().ok() ? reader.customers()->size() : -2;
                indexesDuring = schemaNames(reader.database(), u"index"_qs);
            }
            return true;
        });
        QVERIFY2(outcome.ok(), qPrintable(failureOf(outcome)));

        // THEN during the write the reader saw the store as last committed, indexes and all
        QVERIFY(readDuring);
        QCOMPARE(headDuring, 300);
        QCOMPARE(oldStreamDuring, oldStream);
        QCOMPARE(newStreamDuring, 0);
        QCOMPARE(customersDuring, 30);
        QCOMPARE(indexesDuring, UniqueIndexes);
        // AND after the commit it sees every event, each stream read through the rebuilt index
        QCOMPARE(*reader.headPosition(), 5300);
        QCOMPARE(reader.customers()->size(), 530);
        for (const QString& id : {oldCustomer, newCustomer, batch.last().customerId()}) {
            const auto stream = reader.readStream(id);
            QVERIFY(stream.ok());
            QCOMPARE(stream->size(), 10);
            QCOMPARE(*stream, *t.store().readStream(id));
        }
        QSqlQuery plan(reader.database());
        QVERIFY(plan.exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT * FROM events WHERE customer_id = 'x' ORDER BY recorded_at")));
        QStringList steps;
        while (plan.next())
            steps << plan.value(3).toString();
        QVERIFY2(steps.join(u'\n').contains(u"events_by_customer_time"_qs), qPrintable(steps.join(u'\n')));
        QCOMPARE(eventRows(reader.database()), eventRows(t.store().database()));
        QCOMPARE(schemaNames(reader.database(), u"index"_qs), UniqueIndexes);
        QCOMPARE(problemsOf(reader), QString());
    }
};

QTEST_GUILESS_MAIN(TestBulkAppend)
#include "TestBulkAppend.moc"
