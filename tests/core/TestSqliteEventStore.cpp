#include "AccountService.h"
#include "CustomerProjection.h"
#include "SqliteEventStore.h"
#include "StoreFactory.h"
#include "SyntheticHistory.h"

#include "TestStores.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>

using namespace hindsight;
using namespace hindsight::test;

namespace {
const QString Joe = QStringLiteral("100-255-8730");
const qint64 T0 = 1655319463148; // 2022-06-15T18:57:43.148Z

QByteArray fileDigest(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

qint64 countEvents(SqliteEventStore& store)
{
    QSqlQuery q(store.database());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM events")) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}
} // namespace

class TestSqliteEventStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void shouldAssignVersionsAndPositions()
    {
        TemporaryStore t;
        // GIVEN an empty store WHEN two events of one stream are appended
        const auto created = t.store().append(Joe, EventStore::NoStream, {newEvent(Joe, EventType::Created, T0)});
        QVERIFY(created.ok());
        const auto updated = t.store().append(
            Joe, 1, {newEvent(Joe, EventType::Updated, T0 + 1, customerData(u"Joe"_qs, u"Bloke"_qs, u"34, Fine Way, Leeds"_qs))});
        QVERIFY(updated.ok());
        // THEN they carry versions 1, 2 and consecutive positions, and read back in order
        QCOMPARE(created->events.first().version(), 1);
        QCOMPARE(updated->events.first().version(), 2);
        QCOMPARE(updated->events.first().position(), created->events.first().position() + 1);
        const auto stream = t.store().readStream(Joe);
        QVERIFY(stream.ok());
        QCOMPARE(stream->size(), 2);
        QCOMPARE(stream->at(0), created->events.first());
        QCOMPARE(stream->at(1), updated->events.first());
        QCOMPARE(*t.store().streamVersion(Joe), 2);
        // AND the maintained customer table shows the latest state
        const auto joe = t.store().customer(Joe);
        QVERIFY(joe.ok() && joe->has_value());
        QCOMPARE((*joe)->data.address, u"34, Fine Way, Leeds"_qs);
        QCOMPARE((*joe)->version, 2);
        QCOMPARE((*joe)->status, CustomerStatus::Active);
    }

    void shouldRefuseStaleExpectedVersionNamingTheCurrentOne()
    {
        TemporaryStore t;
        QVERIFY(t.store().append(Joe, EventStore::NoStream, {newEvent(Joe, EventType::Created, T0)}).ok());
        QVERIFY(t.store().append(Joe, 1, {newEvent(Joe, EventType::Updated, T0 + 1, customerData(u"Jo"_qs))}).ok());
        // WHEN a writer that still believes the stream is at version 1 appends
        const auto stale = t.store().append(Joe, 1, {newEvent(Joe, EventType::Updated, T0 + 2, customerData(u"Joseph"_qs))});
        // THEN it is a conflict naming version 2, and nothing was written
        QVERIFY(!stale.ok());
        QCOMPARE(stale.error().code, ErrorCode::Conflict);
        QCOMPARE(stale.error().currentVersion, 2);
        QVERIFY2(stale.error().message.contains(u"version 2"_qs), qPrintable(stale.error().message));
        QCOMPARE(countEvents(t.store()), 2);
        QCOMPARE((*t.store().customer(Joe))->data.firstName, u"Jo"_qs);
    }

    void shouldRefuseCreateWhenStreamExists()
    {
        TemporaryStore t;
        QVERIFY(t.store().append(Joe, EventStore::NoStream, {newEvent(Joe, EventType::Created, T0)}).ok());
        const auto again = t.store().append(Joe, EventStore::NoStream, {newEvent(Joe, EventType::Created, T0 + 5)});
        QCOMPARE(again.error().code, ErrorCode::Conflict);
        const auto any = t.store().append(Joe, EventStore::AnyVersion, {newEvent(Joe, EventType::Created, T0 + 5)});
        QVERIFY(!any.ok());
        QCOMPARE(any.error().code, ErrorCode::Validation);
        QCOMPARE(countEvents(t.store()), 1);
    }

    void shouldTreatRepeatedAppendAsAlreadyStored()
    {
        TemporaryStore t;
        const Event created = newEvent(Joe, EventType::Created, T0);
        const auto first = t.store().append(Joe, EventStore::NoStream, {created});
        QVERIFY(first.ok());
        QVERIFY(!first->alreadyStored);
        // WHEN the same event is appended again (a retry after a lost acknowledgement)
        const auto retry = t.store().append(Joe, EventStore::NoStream, {created});
        // THEN it reports already stored, with the stored copy, and writes nothing
        QVERIFY(retry.ok());
        QVERIFY(retry->alreadyStored);
        QCOMPARE(retry->events.first(), first->events.first());
        QCOMPARE(countEvents(t.store()), 1);
    }

    void shouldRefuseSameIdWithDifferentContent()
    {
        TemporaryStore t;
        const Event created = newEvent(Joe, EventType::Created, T0);
        QVERIFY(t.store().append(Joe, EventStore::NoStream, {created}).ok());
        const Event impostor(created.eventId(), Joe, EventType::Updated, T0 + 10, customerData(u"Other"_qs));
        const auto result = t.store().append(Joe, 1, {impostor});
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::DuplicateEvent);
        QVERIFY(result.error().message.contains(created.eventId()));
        QCOMPARE(countEvents(t.store()), 1);
    }

    void shouldRefuseRecordedAtGoingBackwards_data()
    {
        QTest::addColumn<qint64>("recordedAt");
        QTest::newRow("earlier") << T0 - 1;
        QTest::newRow("same millisecond") << T0;
    }
    void shouldRefuseRecordedAtGoingBackwards()
    {
        QFETCH(qint64, recordedAt);
        TemporaryStore t;
        QVERIFY(t.store().append(Joe, EventStore::NoStream, {newEvent(Joe, EventType::Created, T0)}).ok());
        const auto result = t.store().append(Joe, 1, {newEvent(Joe, EventType::Updated, recordedAt, customerData(u"X"_qs))});
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message.contains(u"not later"_qs), qPrintable(result.error().message));
        QCOMPARE(countEvents(t.store()), 1);
    }

    void shouldRefuseUpdateOfDeletedCustomer()
    {
        TemporaryStore t;
        QVERIFY(t.store().append(Joe, 0, {newEvent(Joe, EventType::Created, T0), newEvent(Joe, EventType::Deleted, T0 + 1)}).ok());
        const auto result = t.store().append(Joe, 2, {newEvent(Joe, EventType::Updated, T0 + 2, customerData(u"X"_qs))});
        QVERIFY(!result.ok());
        QVERIFY(result.error().message.contains(u"deleted"_qs));
        QCOMPARE((*t.store().customer(Joe))->status, CustomerStatus::Deleted);
    }

    void shouldWriteNothingWhenAnyEventOfABatchIsRefused()
    {
        TemporaryStore t;
        const EventList batch = {newEvent(Joe, EventType::Created, T0), newEvent(Joe, EventType::Updated, T0 + 1, customerData(u"A"_qs)),
                                 newEvent(Joe, EventType::Created, T0 + 2)};
        QVERIFY(!t.store().append(Joe, 0, batch).ok());
        QCOMPARE(countEvents(t.store()), 0);
        QVERIFY(!t.store().customer(Joe)->has_value());
    }

    void shouldRefuseUpdateAndDeleteOfStoredEventsInTheSchema_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::newRow("update") << "UPDATE events SET address = 'elsewhere'";
        QTest::newRow("delete") << "DELETE FROM events";
    }
    void shouldRefuseUpdateAndDeleteOfStoredEventsInTheSchema()
    {
        QFETCH(QString, sql);
        TemporaryStore t;
        QVERIFY(t.store().append(Joe, 0, {newEvent(Joe, EventType::Created, T0)}).ok());
        // WHEN anyone (not only Hindsight) tries to change history through SQL
        QSqlQuery q(t.store().database());
        QVERIFY(!q.exec(sql));
        // THEN the triggers refuse it and the event is as it was
        QVERIFY2(q.lastError().text().contains(u"append-only"_qs), qPrintable(q.lastError().text()));
        const auto stream = t.store().readStream(Joe);
        QCOMPARE(stream->size(), 1);
        QCOMPARE(stream->first().data().address, customerData().address);
    }

    void shouldRefuseChangesThroughTheSqliteShell()
    {
        TemporaryStore t;
        QVERIFY(t.store().append(Joe, 0, {newEvent(Joe, EventType::Created, T0)}).ok());
        t.close();
        QString err;
        const int code = runProcess(QStringLiteral("sqlite3"), {t.path(), QStringLiteral("DELETE FROM events;")}, nullptr, &err);
        QVERIFY2(code != 0, "the sqlite3 shell deleted an event");
        QVERIFY2(err.contains(u"append-only"_qs), qPrintable(err));
        t.reopen();
        QCOMPARE(countEvents(t.store()), 1);
    }

    void shouldUseWalAndFullSync()
    {
        TemporaryStore t;
        QSqlQuery q(t.store().database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), u"wal"_qs);
        QVERIFY(q.exec(QStringLiteral("PRAGMA synchronous")) && q.next());
        QCOMPARE(q.value(0).toInt(), 2); // FULL
    }

    void shouldKeepEventsAcrossReopen()
    {
        TemporaryStore t;
        QVERIFY(t.store().append(Joe, 0, {newEvent(Joe, EventType::Created, T0)}).ok());
        t.reopen();
        QCOMPARE(*t.store().streamVersion(Joe), 1);
        QCOMPARE(t.store().customers()->size(), 1);
    }

    void shouldRefuseFilesThatAreNotStoresAndLeaveThemUntouched_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty file") << QByteArray() << int(ErrorCode::NotAStore) << "empty";
        QTest::newRow("text file") << QByteArray("PK,SK\n1,2\n") << int(ErrorCode::NotAStore) << "not an SQLite database";
        QTest::newRow("truncated header") << QByteArray("SQLite form") << int(ErrorCode::NotAStore) << "not an SQLite database";
        QTest::newRow("header then garbage") << (QByteArray("SQLite format 3\0", 16) + QByteArray(2000, '\x5a'))
                                             << int(ErrorCode::Corrupt) << "";
    }
    void shouldRefuseFilesThatAreNotStoresAndLeaveThemUntouched()
    {
        QFETCH(QByteArray, content);
        QFETCH(int, code);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("not-a-store"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        const QByteArray before = fileDigest(path);
        const auto opened = SqliteEventStore::open(path);
        QVERIFY(!opened.ok());
        QCOMPARE(int(opened.error().code), code);
        QVERIFY2(opened.error().message.contains(path), qPrintable(opened.error().message));
        QVERIFY2(opened.error().message.contains(reason), qPrintable(opened.error().message));
        QCOMPARE(fileDigest(path), before);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    }

    void shouldRefuseSqliteDatabaseOfAnotherApplication()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("other.db"));
        QVERIFY(runProcess(QStringLiteral("sqlite3"), {path, QStringLiteral("CREATE TABLE notes(x); INSERT INTO notes VALUES (1);")}) == 0);
        const QByteArray before = fileDigest(path);
        const auto opened = SqliteEventStore::open(path);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::NotAStore);
        QVERIFY(opened.error().message.contains(u"another application"_qs));
        QCOMPARE(fileDigest(path), before);
    }

    void shouldRefuseNewerSchemaAndLeaveTheFileUntouched()
    {
        TemporaryStore t;
        QVERIFY(t.store().append(Joe, 0, {newEvent(Joe, EventType::Created, T0)}).ok());
        {
            QSqlQuery q(t.store().database());
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = %1").arg(SqliteEventStore::SchemaVersion + 1)));
            QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        }
        t.close();
        const QByteArray before = fileDigest(t.path());
        const auto opened = SqliteEventStore::open(t.path());
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::NewerSchema);
        QVERIFY2(opened.error().message.contains(u"newer"_qs), qPrintable(opened.error().message));
        QCOMPARE(fileDigest(t.path()), before);
    }

    void shouldRefuseADirectoryAndAMissingFile()
    {
        QTemporaryDir dir;
        const auto directory = SqliteEventStore::open(dir.path());
        QCOMPARE(directory.error().code, ErrorCode::NotAStore);
        QVERIFY(directory.error().message.contains(u"directory"_qs));
        const auto missing = SqliteEventStore::open(dir.filePath(QStringLiteral("nothing.hindsight")));
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("nothing.hindsight"))));
    }

    void shouldOpenReadOnlyWhenAsked()
    {
        TemporaryStore t;
        QVERIFY(t.store().append(Joe, 0, {newEvent(Joe, EventType::Created, T0)}).ok());
        const auto opened = SqliteEventStore::open(t.path(), SqliteEventStore::OpenMode::ReadOnly);
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
        QVERIFY((*opened)->isReadOnly());
        QCOMPARE((*opened)->customers()->size(), 1);
        const auto write = (*opened)->append(Joe, 1, {newEvent(Joe, EventType::Deleted, T0 + 1)});
        QCOMPARE(write.error().code, ErrorCode::ReadOnly);
        QCOMPARE(countEvents(t.store()), 1);
    }

    void shouldAppendBatchesAcrossCustomersAllOrNothing()
    {
        TemporaryStore t;
        const QString biz = QStringLiteral("100-735-6729");
        const EventList good = {newEvent(Joe, EventType::Created, T0), newEvent(biz, EventType::Created, T0 - 5),
                                newEvent(biz, EventType::Deleted, T0 + 5)};
        const auto outcome = t.store().appendBatch(good);
        QVERIFY(outcome.ok());
        QCOMPARE(outcome->appended, 3);
        // Importing the same events again adds nothing.
        const auto again = t.store().appendBatch(good);
        QVERIFY(again.ok());
        QCOMPARE(again->appended, 0);
        QCOMPARE(again->skipped, 3);
        // A batch with one bad event writes none of its good ones.
        const EventList bad = {newEvent(QStringLiteral("100-1"), EventType::Created, T0), newEvent(biz, EventType::Updated, T0 + 9)};
        QVERIFY(!t.store().appendBatch(bad).ok());
        QCOMPARE(countEvents(t.store()), 3);
        QVERIFY(!t.store().customer(QStringLiteral("100-1"))->has_value());
    }

    void shouldCancelABatchWritingNothing()
    {
        TemporaryStore t;
        const EventList events = SyntheticHistory({1000, 10, 7}).events(0, 1000);
        const auto outcome = t.store().appendBatch(events, [](qint64 done) { return done < 5000; });
        QVERIFY(!outcome.ok());
        QCOMPARE(countEvents(t.store()), 0);
    }

    void shouldKeepProjectionEqualToFullReplay()
    {
        // GIVEN a generated history appended in several batches and single appends
        TemporaryStore t;
        const SyntheticHistory history({300, 6, 42});
        QVERIFY(history.writeTo(t.store()).ok());
        QVERIFY(t.store().append(SyntheticHistory::customerId(3), EventStore::AnyVersion,
                                 {newEvent(SyntheticHistory::customerId(3), EventType::Deleted, 1900000000000)})
                    .ok()
                || t.store().customer(SyntheticHistory::customerId(3))->value().status == CustomerStatus::Deleted);
        // WHEN the whole log is replayed from nothing
        EventList all;
        QVERIFY(t.store().forEachEvent(0, [&](const Event& e) { all.append(e); return true; }).ok());
        const auto replay = CustomerProjection::replay(all);
        QVERIFY(replay.ok());
        // THEN the maintained customer table is exactly the replay
        QCOMPARE(*t.store().customers(), replay->customers());
        // AND a rebuild from the log gives it again
        QVERIFY(t.store().rebuildProjection().ok());
        QCOMPARE(*t.store().customers(), replay->customers());
        const auto stats = t.store().stats();
        QCOMPARE(stats->eventCount, all.size());
        QCOMPARE(stats->activeCustomers + stats->deletedCustomers, 300);
    }

    void shouldCreateTheDemoStoreFromTheSourceDocument()
    {
        QTemporaryDir dir;
        const auto store = StoreFactory::createDemo(dir.filePath(QStringLiteral("demo.hindsight")));
        QVERIFY(store.ok());
        const auto customers = (*store)->customers();
        QCOMPARE(customers->size(), 2);
        const CustomerRecord& joe = customers->at(0);
        QCOMPARE(joe.customerId, Joe);
        QCOMPARE(joe.data, CustomerData({u"Joe"_qs, u"Bloke"_qs, u"99, Edge Lane, London"_qs, QDate(1966, 4, 12)}));
        QCOMPARE(joe.status, CustomerStatus::Active);
        QCOMPARE(joe.version, 3);
        const CustomerRecord& biz = customers->at(1);
        QCOMPARE(biz.customerId, u"100-735-6729"_qs);
        QCOMPARE(biz.data.address, u"12A, Top Street, Mumbai"_qs);
        QCOMPARE(biz.status, CustomerStatus::Deleted);
        QCOMPARE((*store)->stats()->eventCount, 5);
    }

    void shouldCreateTheDefaultStoreWithDemoEventsOnce()
    {
        QFile::remove(StoreFactory::defaultLocation());
        {
            const auto first = StoreFactory::openDefault();
            QVERIFY(first.ok());
            QCOMPARE((*first)->stats()->eventCount, 5);
            AccountService service(**first);
            QVERIFY(service.deleteCustomer(Joe).ok());
        }
        const auto second = StoreFactory::openDefault();
        QCOMPARE((*second)->stats()->eventCount, 6);
        QVERIFY((*second)->location().startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
        QFile::remove(StoreFactory::defaultLocation());
    }
};

QTEST_GUILESS_MAIN(TestSqliteEventStore)
#include "TestSqliteEventStore.moc"
