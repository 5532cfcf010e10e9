#include "CustomerProjection.h"
#include "SqliteEventStore.h"
#include "SqliteSchema.h"
#include "SyntheticHistory.h"

#include "LegacyStore.h"
#include "StoreInspection.h"
#include "TestStores.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace hindsight;
using namespace hindsight::test;

namespace {

const qint64 T0 = 1262304000000; // 2010-01-01T00:00:00Z

/**
 * A few hundred events of 48 customers, interleaved in time as a real log is: created, updated (names and
 * addresses in several scripts, an address with commas), every fifth customer deleted at the end, one deletion
 * with an empty address.
 */
Version1History makeHistory()
{
    const QString firstNames[] = {u"Joe"_qs, u"Élodie"_qs, u"Jürgen"_qs, u"漢字"_qs, u"Zoë 😀"_qs, u"Ana"_qs, u"O'Brien"_qs};
    const QString lastNames[] = {u"Bloke"_qs, u"Müller"_qs, u"山田"_qs, u"García"_qs, u"Ivanova"_qs};
    const QString addresses[] = {u"15, Nice Road, Cardiff"_qs, u"3, Rue de l'Église, Besançon"_qs, u"東京都千代田区1-1"_qs,
                                 u"1, 🏠 Lane, Leeds"_qs, u"\"The Old Mill\", 2, Mill Lane, York"_qs};
    const int customerCount = 48;
    EventList pending;
    Version1History h;
    for (int c = 0; c < customerCount; ++c) {
        const QString id = c == 7 ? u"顧客-007"_qs : QStringLiteral("C-%1").arg(c, 3, 10, QLatin1Char('0'));
        const int count = 4 + c % 7;
        CustomerData data{firstNames[c % 7], lastNames[c % 5], addresses[c % 5], QDate(1940 + c, 1 + c % 12, 1 + c % 28)};
        for (int k = 0; k < count; ++k) {
            // Customers start a second apart and move every 37 s: their events interleave in the log.
            const qint64 at = T0 + c * 1000 + k * 37000;
            EventType type = k == 0 ? EventType::Created : EventType::Updated;
            if (k > 0 && k == count - 1 && c % 5 == 0) {
                type = EventType::Deleted;
                if (c == 10)
                    data.address = u""_qs; // empty, not null: the first release bound a null QString as NULL
            } else if (k > 0) {
                switch (k % 3) {
                case 0: data.address = addresses[(c + k) % 5]; break;
                case 1: data.firstName = firstNames[(c + k) % 7]; break;
                default: data.lastName = lastNames[(c + k) % 5]; break;
                }
            }
            pending.append(Event(QStringLiteral("%1-event-%2").arg(id).arg(k), id, type, at, data));
        }
    }
    std::stable_sort(pending.begin(), pending.end(), [](const Event& a, const Event& b) { return a.recordedAtMs() < b.recordedAtMs(); });

    return version1History(pending);
}


/** What the raw file holds, read behind the store's back (read-only, so reading changes nothing). */
struct FileContent {
    int userVersion = -1;
    QStringList events;
    QStringList customers;
    QStringList indexes;
};

FileContent readFileContent(const QString& path)
{
    RawConnection raw(path, true);
    return {userVersion(raw.db()), eventRows(raw.db()), customerRows(raw.db()), schemaNames(raw.db(), QStringLiteral("index"))};
}

QStringList autoIndexes(const QSqlDatabase& db)
{
    QSqlQuery q(db);
    QStringList names;
    if (q.exec(QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'index' AND name LIKE 'sqlite_autoindex_%' ORDER BY name"))) {
        while (q.next())
            names << q.value(0).toString();
    }
    return names;
}

/** The store's events through its own reading API, in position order. */
EventList allEvents(const EventStore& store)
{
    EventList events;
    const auto read = store.forEachEvent(0, [&](const Event& e) {
        events.append(e);
        return true;
    });
    if (!read)
        qWarning("forEachEvent failed: %s", qPrintable(read.error().message));
    return events;
}

EventList streamOf(const Version1History& h, const QString& customerId)
{
    EventList stream;
    for (const Event& e : h.events) {
        if (e.customerId() == customerId)
            stream.append(e);
    }
    return stream;
}

} // namespace

class TestSchemaMigration : public QObject
{
    Q_OBJECT

private:
    const Version1History m_history = makeHistory();

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_history.events.size() >= 300);
        QCOMPARE(SqliteEventStore::SchemaVersion, 2);
    }

    void shouldUpgradeAVersion1StoreKeepingEveryEventAndCustomer()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v1.hindsight"));
        // GIVEN a store file as the first release wrote it
        writeVersion1Store(path, m_history);
        if (QTest::currentTestFailed())
            return;
        const FileContent before = readFileContent(path);
        QCOMPARE(before.userVersion, 1);
        QCOMPARE(before.events.size(), m_history.events.size());
        QVERIFY(before.indexes.contains(u"events_by_recorded_at"_qs));

        // WHEN it is opened for writing
        auto opened = SqliteEventStore::open(path);
        QVERIFY2(opened.ok(), qPrintable(failureOf(opened)));
        SqliteEventStore& store = **opened;

        // THEN it is at schema 2, uniqueness lives in the two named indexes, the old index and constraints are gone
        const auto db = [&store] { return store.database(); };
        QCOMPARE(userVersion(db()), 2);
        QCOMPARE(schemaNames(db(), u"index"_qs), QStringList({u"events_by_customer_time"_qs, u"events_by_id"_qs}));
        QCOMPARE(autoIndexes(db()), QStringList());
        QCOMPARE(schemaNames(db(), u"table"_qs), QStringList({u"customers"_qs, u"events"_qs}));
        QCOMPARE(schemaNames(db(), u"trigger"_qs), QStringList({u"events_refuse_delete"_qs, u"events_refuse_update"_qs}));
        // AND verify finds the store intact, with the head the first release wrote
        const auto report = store.verify();
        QVERIFY(report.ok());
        QVERIFY2(report->intact(), qPrintable(report->problems.join(u'\n')));
        QCOMPARE(report->eventsChecked, m_history.events.size());
        QCOMPARE(report->head.hash.toHex(), m_history.hashes.last().toHex());
        QCOMPARE(store.head()->hash.toHex(), m_history.hashes.last().toHex());
        QCOMPARE(store.head()->position, m_history.events.size());
        // AND every row, hash column included, is byte for byte what it was
        QCOMPARE(eventRows(db()), before.events);
        QCOMPARE(customerRows(db()), before.customers);
        // AND reading through the store gives the same events and customers
        QCOMPARE(allEvents(store), m_history.events);
        for (const QString& id : m_history.customerIds) {
            const auto stream = store.readStream(id);
            QVERIFY(stream.ok());
            QCOMPARE(*stream, streamOf(m_history, id));
            QCOMPARE(*store.streamVersion(id), qint64(stream->size()));
        }
        QCOMPARE(*store.customers(), m_history.customers);
        // AND the figures come out as the events say (first and last moments now from the customer table)
        const auto stats = store.stats();
        QVERIFY(stats.ok());
        QCOMPARE(stats->eventCount, m_history.events.size());
        QCOMPARE(stats->headPosition, m_history.events.size());
        QCOMPARE(stats->firstRecordedAtMs, m_history.events.first().recordedAtMs());
        const auto latest = std::max_element(m_history.events.cbegin(), m_history.events.cend(),
                                             [](const Event& a, const Event& b) { return a.recordedAtMs() < b.recordedAtMs(); });
        QCOMPARE(stats->lastRecordedAtMs, latest->recordedAtMs());
        const auto deleted = std::count_if(m_history.customers.cbegin(), m_history.customers.cend(),
                                           [](const CustomerRecord& c) { return c.status == CustomerStatus::Deleted; });
        QVERIFY(deleted > 0);
        QCOMPARE(stats->deletedCustomers, qint64(deleted));
        QCOMPARE(stats->activeCustomers, qint64(m_history.customers.size() - deleted));

        // AND a later session opens it as it is, with nothing left to do
        opened.value().reset();
        const QByteArray migrated = fileDigest(path);
        auto again = SqliteEventStore::open(path);
        QVERIFY2(again.ok(), qPrintable(failureOf(again)));
        QCOMPARE(userVersion((*again)->database()), 2);
        QCOMPARE(eventRows((*again)->database()), before.events);
        again.value().reset();
        QCOMPARE(fileDigest(path).toHex(), migrated.toHex());
    }

    void shouldUpgradeAnEmptyVersion1Store()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("empty-v1.hindsight"));
        // GIVEN a schema 1 store that never held an event
        writeVersion1Store(path, {});
        if (QTest::currentTestFailed())
            return;
        // WHEN it is opened for writing
        auto opened = SqliteEventStore::open(path);
        QVERIFY2(opened.ok(), qPrintable(failureOf(opened)));
        // THEN it is at schema 2, intact and empty, and takes events
        QCOMPARE(userVersion((*opened)->database()), 2);
        QVERIFY((*opened)->verify()->intact());
        QCOMPARE((*opened)->stats()->eventCount, 0);
        QVERIFY((*opened)->append(u"C-1"_qs, EventStore::NoStream, {newEvent(u"C-1"_qs, EventType::Created, T0)}).ok());
        QVERIFY2((*opened)->verify()->intact(), qPrintable((*opened)->verify()->problems.join(u'\n')));
    }

    void shouldKeepTheSchemaRulesAfterUpgrade_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("refusal");
        // Position 1 is C-000's creation, at T0.
        const QString row = QStringLiteral("INSERT INTO events VALUES (100000, %1, %2, %3, %4, %5, 'A', 'B', 'C', '1970-01-01', x'00')");
        QTest::newRow("update an event") << u"UPDATE events SET address = 'elsewhere' WHERE position = 1"_qs << u"append-only"_qs;
        QTest::newRow("delete an event") << u"DELETE FROM events WHERE position = 1"_qs << u"append-only"_qs;
        QTest::newRow("event type 4") << row.arg(u"'new-id'"_qs, u"'C-900'"_qs, u"1"_qs, u"1"_qs, u"4"_qs) << u"CHECK constraint failed"_qs;
        QTest::newRow("event type 0") << row.arg(u"'new-id'"_qs, u"'C-900'"_qs, u"1"_qs, u"1"_qs, u"0"_qs) << u"CHECK constraint failed"_qs;
        QTest::newRow("event type as text") << row.arg(u"'new-id'"_qs, u"'C-900'"_qs, u"1"_qs, u"1"_qs, u"'x'"_qs) << u"CHECK constraint failed"_qs;
        QTest::newRow("event version 0") << row.arg(u"'new-id'"_qs, u"'C-900'"_qs, u"0"_qs, u"1"_qs, u"1"_qs) << u"CHECK constraint failed"_qs;
        QTest::newRow("an event without a hash")
            << u"INSERT INTO events VALUES (100000, 'new-id', 'C-900', 1, 1, 1, 'A', 'B', 'C', '1970-01-01', NULL)"_qs << u"NOT NULL"_qs;
        QTest::newRow("a stored event id again") << row.arg(u"'C-000-event-0'"_qs, u"'C-900'"_qs, u"1"_qs, u"1"_qs, u"1"_qs)
                                                 << u"UNIQUE constraint failed: events.event_id"_qs;
        QTest::newRow("a customer's moment again") << row.arg(u"'new-id'"_qs, u"'C-000'"_qs, u"9"_qs, QString::number(T0), u"2"_qs)
                                                   << u"UNIQUE constraint failed: events.customer_id, events.recorded_at"_qs;
        QTest::newRow("customer status 2")
            << u"INSERT INTO customers VALUES ('C-900', 'A', 'B', 'C', '1970-01-01', 2, 1, 1, 1)"_qs << u"CHECK constraint failed"_qs;
        QTest::newRow("a customer twice")
            << u"INSERT INTO customers VALUES ('C-000', 'A', 'B', 'C', '1970-01-01', 0, 1, 1, 1)"_qs << u"UNIQUE constraint failed"_qs;
    }
    void shouldKeepTheSchemaRulesAfterUpgrade()
    {
        QFETCH(QString, sql);
        QFETCH(QString, refusal);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v1.hindsight"));
        // GIVEN a schema 1 store, upgraded by opening it
        writeVersion1Store(path, m_history);
        if (QTest::currentTestFailed())
            return;
        auto opened = SqliteEventStore::open(path);
        QVERIFY2(opened.ok(), qPrintable(failureOf(opened)));
        QCOMPARE(userVersion((*opened)->database()), 2);
        const QStringList events = eventRows((*opened)->database());
        const QStringList customers = customerRows((*opened)->database());
        // WHEN SQL breaks one of the schema's rules
        QSqlQuery q((*opened)->database());
        const bool ran = q.exec(sql);
        // THEN the upgraded schema refuses it, and nothing changed
        QVERIFY2(!ran, "the upgraded schema let it through");
        QVERIFY2(q.lastError().text().contains(refusal), qPrintable(q.lastError().text()));
        QCOMPARE(eventRows((*opened)->database()), events);
        QCOMPARE(customerRows((*opened)->database()), customers);
    }

    void shouldAppendAfterUpgrade()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v1.hindsight"));
        writeVersion1Store(path, m_history);
        if (QTest::currentTestFailed())
            return;
        // GIVEN an upgraded store
        auto opened = SqliteEventStore::open(path);
        QVERIFY2(opened.ok(), qPrintable(failureOf(opened)));
        SqliteEventStore& store = **opened;
        const qint64 n = m_history.events.size();
        const CustomerRecord joe = *std::find_if(m_history.customers.cbegin(), m_history.customers.cend(),
                                                 [](const CustomerRecord& c) { return c.status == CustomerStatus::Active; });

        // WHEN a stored customer changes, a new one is created and a batch arrives
        const auto updated = store.append(joe.customerId, joe.version,
                                          {newEvent(joe.customerId, EventType::Updated, joe.updatedAtMs + 1,
                                                    customerData(u"Joséphine"_qs, u"Bloke"_qs, u"34, Fine Way, Leeds"_qs))});
        QVERIFY2(updated.ok(), qPrintable(failureOf(updated)));
        const auto created = store.append(u"C-NEW"_qs, EventStore::NoStream, {newEvent(u"C-NEW"_qs, EventType::Created, T0)});
        QVERIFY2(created.ok(), qPrintable(failureOf(created)));
        const auto batch = store.appendBatch({newEvent(u"C-NEW"_qs, EventType::Updated, T0 + 1, customerData(u"Ann"_qs)),
                                              newEvent(u"C-NEW2"_qs, EventType::Created, T0 + 2)});
        QVERIFY2(batch.ok(), qPrintable(failureOf(batch)));

        // THEN the log continues the chain the first release started
        const Event first = updated->events.first();
        QCOMPARE(first.position(), n + 1);
        QCOMPARE(first.version(), joe.version + 1);
        const EventList all = allEvents(store);
        QCOMPARE(all.size(), n + 4);
        QByteArray previous = m_history.hashes.last();
        QSqlQuery q(store.database());
        QVERIFY(q.exec(QStringLiteral("SELECT hash FROM events WHERE position > %1 ORDER BY position").arg(n)));
        for (qsizetype i = n; i < all.size(); ++i) {
            QVERIFY(q.next());
            previous = firstReleaseChainHash(previous, all.at(i));
            QCOMPARE(q.value(0).toByteArray().toHex(), previous.toHex());
        }
        q.finish(); // an open statement on the connection would keep DROP INDEX from running
        QCOMPARE((*store.customer(joe.customerId))->data.firstName, u"Joséphine"_qs);
        QCOMPARE((*store.customer(u"C-NEW"_qs))->data.firstName, u"Ann"_qs);
        // AND verify stays clean
        auto report = store.verify();
        QVERIFY2(report->intact(), qPrintable(report->problems.join(u'\n')));

        // WHEN a batch larger than the log goes in bulk (dropping and rebuilding the upgraded indexes)
        const EventList bulk = SyntheticHistory({110, 10, 7}).events(0, 110);
        QVERIFY(bulk.size() >= SqliteEventStore::BulkMinimum && bulk.size() >= n + 4);
        const auto written = store.appendBatch(bulk);
        QVERIFY2(written.ok(), qPrintable(failureOf(written)));
        // THEN it is all there, with both indexes, and verify stays clean
        QCOMPARE(written->appended, bulk.size());
        QCOMPARE(eventCount(store.database()), n + 4 + bulk.size());
        QCOMPARE(schemaNames(store.database(), u"index"_qs), QStringList({u"events_by_customer_time"_qs, u"events_by_id"_qs}));
        report = store.verify();
        QVERIFY2(report->intact(), qPrintable(report->problems.join(u'\n')));
    }

    void shouldReadAVersion1StoreReadOnlyWithoutChangingIt()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v1.hindsight"));
        // GIVEN a schema 1 store file, its writer closed (nothing left in a -wal file)
        writeVersion1Store(path, m_history);
        if (QTest::currentTestFailed())
            return;
        const QByteArray digest = fileDigest(path);
        QVERIFY(!digest.isEmpty());
        {
            // WHEN it is opened read-only
            auto opened = SqliteEventStore::open(path, SqliteEventStore::OpenMode::ReadOnly);
            QVERIFY2(opened.ok(), qPrintable(failureOf(opened)));
            SqliteEventStore& store = **opened;
            // THEN it is read as it is, at schema 1
            QVERIFY(store.isReadOnly());
            QCOMPARE(userVersion(store.database()), 1);
            QCOMPARE(*store.customers(), m_history.customers);
            for (const QString& id : m_history.customerIds)
                QCOMPARE(*store.readStream(id), streamOf(m_history, id));
            QCOMPARE(allEvents(store), m_history.events);
            QCOMPARE(store.head()->hash.toHex(), m_history.hashes.last().toHex());
            const auto stats = store.stats();
            QVERIFY(stats.ok());
            QCOMPARE(stats->eventCount, m_history.events.size());
            QCOMPARE(stats->firstRecordedAtMs, m_history.events.first().recordedAtMs());
            // AND nothing can be written through it
            const auto refused = store.appendBatch({newEvent(u"C-NEW"_qs, EventType::Created, T0)});
            QVERIFY(!refused.ok());
            QCOMPARE(refused.error().code, ErrorCode::ReadOnly);
        }
        // AND the file is left at schema 1, byte for byte as it was
        QCOMPARE(fileDigest(path).toHex(), digest.toHex());
        QCOMPARE(readFileContent(path).userVersion, 1);
        QCOMPARE(fileDigest(path).toHex(), digest.toHex());
    }

    void shouldVerifyAVersion1StoreOpenedReadOnlyAsIntact()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v1.hindsight"));
        writeVersion1Store(path, m_history);
        if (QTest::currentTestFailed())
            return;
        // GIVEN an intact schema 1 store that is read as it is (read-only: a backup, a file of another user)
        auto opened = SqliteEventStore::open(path, SqliteEventStore::OpenMode::ReadOnly);
        QVERIFY2(opened.ok(), qPrintable(failureOf(opened)));
        // WHEN it is verified
        const auto report = (*opened)->verify();
        QVERIFY(report.ok());
        // THEN the hash chain and the projection check out...
        QCOMPARE(report->eventsChecked, m_history.events.size());
        QCOMPARE(report->firstBadPosition, 0);
        // ...AND it is reported intact: schema 1 enforces uniqueness with its own constraints
        QVERIFY2(report->intact(), qPrintable(report->problems.join(u'\n')));
    }

    void shouldLeaveTheFileAsItWasWhenTheUpgradeFails_data()
    {
        QTest::addColumn<QString>("obstacle");
        QTest::newRow("a table events_v2 in the way (the first step fails)") << u"CREATE TABLE events_v2 (x)"_qs;
        QTest::newRow("an index named events_by_id in the way (fails after the events table was rebuilt)")
            << u"CREATE INDEX events_by_id ON customers (last_name)"_qs;
        QTest::newRow("a table customers_v2 in the way (fails after the events table was rebuilt and indexed)")
            << u"CREATE TABLE customers_v2 (x)"_qs;
    }
    void shouldLeaveTheFileAsItWasWhenTheUpgradeFails()
    {
        QFETCH(QString, obstacle);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v1.hindsight"));
        // GIVEN a schema 1 store in which one step of the upgrade cannot run
        writeVersion1Store(path, m_history, obstacle);
        if (QTest::currentTestFailed())
            return;
        const QByteArray digest = fileDigest(path);
        const FileContent before = readFileContent(path);
        QCOMPARE(fileDigest(path).toHex(), digest.toHex());

        // WHEN it is opened for writing
        auto opened = SqliteEventStore::open(path);

        // THEN opening fails with a message that names the file and says it was upgrading
        QVERIFY(!opened.ok());
        const QString message = opened.error().message;
        QVERIFY2(message.contains(QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath())), qPrintable(message));
        QVERIFY2(message.contains(u"upgrading the store from schema 1 to 2"_qs), qPrintable(message));
        // AND the file is as it was: byte for byte, at schema 1, every event and customer there
        QCOMPARE(fileDigest(path).toHex(), digest.toHex());
        const FileContent after = readFileContent(path);
        QCOMPARE(after.userVersion, 1);
        QCOMPARE(after.events, before.events);
        QCOMPARE(after.customers, before.customers);
        QCOMPARE(after.indexes, before.indexes);
        // AND it still reads as a store, read-only
        auto readOnly = SqliteEventStore::open(path, SqliteEventStore::OpenMode::ReadOnly);
        QVERIFY2(readOnly.ok(), qPrintable(failureOf(readOnly)));
        QCOMPARE(allEvents(**readOnly), m_history.events);
        QCOMPARE(*(*readOnly)->customers(), m_history.customers);
    }

    void shouldCreateANewStoreWithTheSchemaOfAnUpgradedOne_data()
    {
        QTest::addColumn<bool>("withEvents");
        QTest::newRow("upgraded from an empty schema 1 store") << false;
        QTest::newRow("upgraded from a schema 1 store with events") << true;
    }
    void shouldCreateANewStoreWithTheSchemaOfAnUpgradedOne()
    {
        QFETCH(bool, withEvents);
        QTemporaryDir dir;
        const QString oldPath = dir.filePath(QStringLiteral("v1.hindsight"));
        const QString newPath = dir.filePath(QStringLiteral("new.hindsight"));
        // GIVEN a schema 1 store upgraded by opening it, and a store created by this build
        writeVersion1Store(oldPath, withEvents ? m_history : Version1History());
        if (QTest::currentTestFailed())
            return;
        auto upgraded = SqliteEventStore::open(oldPath);
        QVERIFY2(upgraded.ok(), qPrintable(failureOf(upgraded)));
        auto created = SqliteEventStore::open(newPath, SqliteEventStore::OpenMode::CreateIfMissing);
        QVERIFY2(created.ok(), qPrintable(failureOf(created)));
        const QSqlDatabase a = (*upgraded)->database();
        const QSqlDatabase b = (*created)->database();
        // THEN both are at schema 2 with the same tables, indexes and triggers, down to their SQL
        QCOMPARE(userVersion(b), SqliteEventStore::SchemaVersion);
        QCOMPARE(userVersion(a), userVersion(b));
        QCOMPARE(schemaSql(a), schemaSql(b));
        QCOMPARE(schemaNames(b, u"index"_qs), QStringList({u"events_by_customer_time"_qs, u"events_by_id"_qs}));
        QCOMPARE(autoIndexes(a), autoIndexes(b));
        for (const QString& table : {u"events"_qs, u"customers"_qs})
            QCOMPARE(tableColumns(a, table), tableColumns(b, table));
        // AND the new store's indexes are the ones a bulk write drops and rebuilds
        for (const sqliteschema::EventIndex& index : sqliteschema::EventIndexes) {
            QSqlQuery q(b);
            q.prepare(QStringLiteral("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?"));
            q.addBindValue(QString::fromLatin1(index.name));
            QVERIFY(q.exec() && q.next());
            QCOMPARE(q.value(0).toString(), QString::fromLatin1(index.create));
        }
        // AND both carry Hindsight's application id and write-ahead logging
        for (const QSqlDatabase& db : {a, b}) {
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA application_id")) && q.next());
            QCOMPARE(q.value(0).toInt(), SqliteEventStore::ApplicationId);
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
            QCOMPARE(q.value(0).toString(), u"wal"_qs);
        }
    }
};

QTEST_GUILESS_MAIN(TestSchemaMigration)
#include "TestSchemaMigration.moc"
