// What verify and the store's own checks must not be fooled by: look-alike triggers, edited customer rows, text
// moved across a field boundary, damaged files; and a verify beside writers that never cries wolf.
#include "AccountService.h"
#include "EventHash.h"
#include "SqliteEventStore.h"
#include "SqliteSchema.h"
#include "StoreFactory.h"
#include "SyntheticHistory.h"

#include "MockClock.h"
#include "TestStores.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QProcess>
#include <QSqlQuery>
#include <QTest>

#include <sys/stat.h>

using namespace hindsight;
using namespace hindsight::test;

namespace {

/** Runs SQL on the file through the sqlite3 shell, as anyone who can write the file could. */
void sqlite3(const QString& path, const QString& sql)
{
    QString err;
    const int code = runProcess(QStringLiteral("sqlite3"), {path, sql}, nullptr, &err);
    QVERIFY2(code == 0, qPrintable(err));
}

QByteArray sha256OfFile(const QString& path)
{
    return QCryptographicHash::hash(readFile(path), QCryptographicHash::Sha256).toHex();
}

int modeOf(const QString& path)
{
    struct stat s {};
    return ::stat(QFile::encodeName(path).constData(), &s) == 0 ? int(s.st_mode & 0777) : -1;
}

std::unique_ptr<TemporaryStore> filledStore()
{
    auto t = std::make_unique<TemporaryStore>();
    if (!SyntheticHistory({12, 5, 3}).writeTo(t->store()).ok())
        qFatal("cannot fill the test store");
    return t;
}

QString problems(SqliteEventStore& store)
{
    const auto report = store.verify();
    if (!report)
        return QStringLiteral("verify failed: ") + report.error().message;
    return report->problems.join(u'\n');
}

} // namespace

class TestStoreTrust : public QObject
{
    Q_OBJECT

private slots:
    void shouldNotTakeLookAlikeTriggersForTheAppendOnlyOnes()
    {
        // GIVEN a store whose append-only triggers were replaced by ones of the same names that do nothing
        auto t = filledStore();
        t->close();
        sqlite3(t->path(), QStringLiteral("DROP TRIGGER events_refuse_update; DROP TRIGGER events_refuse_delete; "
                                          "CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events BEGIN SELECT 1; END; "
                                          "CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events BEGIN SELECT 1; END;"));
        // AND through which a DELETE now works
        sqlite3(t->path(), QStringLiteral("DELETE FROM events WHERE position = 60;"));
        t->reopen();
        // WHEN verified
        const QString found = problems(t->store());
        // THEN both triggers are named as replaced
        QVERIFY2(found.contains(u"events_refuse_update was replaced"), qPrintable(found));
        QVERIFY2(found.contains(u"events_refuse_delete was replaced"), qPrintable(found));
    }

    void shouldNameWhatElseInTheSchemaCouldWrite_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("named");
        QTest::newRow("a trigger that rewrites new events")
            << u"CREATE TRIGGER sneaky AFTER INSERT ON events BEGIN SELECT 1; END;"_qs << u"trigger Hindsight did not make, sneaky"_qs;
        QTest::newRow("a trigger on the customer table")
            << u"CREATE TRIGGER sneaky2 AFTER UPDATE ON customers BEGIN SELECT 1; END;"_qs << u"sneaky2"_qs;
        QTest::newRow("a view") << u"CREATE VIEW v AS SELECT * FROM events;"_qs << u"view Hindsight did not make, v"_qs;
        QTest::newRow("the id index made not unique")
            << u"DROP INDEX events_by_id; CREATE INDEX events_by_id ON events (event_id);"_qs << u"events_by_id was replaced"_qs;
    }
    void shouldNameWhatElseInTheSchemaCouldWrite()
    {
        QFETCH(QString, sql);
        QFETCH(QString, named);
        auto t = filledStore();
        t->close();
        sqlite3(t->path(), sql);
        t->reopen();
        const QString found = problems(t->store());
        QVERIFY2(found.contains(named), qPrintable(found));
    }

    void shouldCheckTheTimesOfTheCustomerTable_data()
    {
        QTest::addColumn<QString>("column");
        QTest::newRow("updated_at") << u"updated_at"_qs;
        QTest::newRow("created_at") << u"created_at"_qs;
    }
    void shouldCheckTheTimesOfTheCustomerTable()
    {
        QFETCH(QString, column);
        // GIVEN a store whose customer table says a customer changed in the year 9999
        TemporaryStore t;
        QVERIFY(t.store().appendBatch(*StoreFactory::demoEvents()).ok());
        t.close();
        const qint64 year9999 = 253370764800000; // 9999-01-01T00:00:00Z
        sqlite3(t.path(), QStringLiteral("UPDATE customers SET %1 = %2 WHERE customer_id = '100-255-8730';").arg(column).arg(year9999));
        t.reopen();
        // WHEN verified
        const QString found = problems(t.store());
        // THEN the table is found to disagree, on that column
        QVERIFY2(found.contains(u"100-255-8730") && found.contains(column + u" is 9999"), qPrintable(found));
    }

    void shouldNeverTimeANewEventByTheCustomerTable()
    {
        // GIVEN a customer whose row in the customer table was edited to have changed in the year 9999
        TemporaryStore t;
        QVERIFY(t.store().appendBatch(*StoreFactory::demoEvents()).ok());
        t.close();
        sqlite3(t.path(), u"UPDATE customers SET updated_at = 253370764800000, version = 7 WHERE customer_id = '100-255-8730';"_qs);
        t.reopen();
        // WHEN the customer is changed now
        MockClock clock(QDateTime(QDate(2026, 12, 1), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch());
        AccountService service(t.store(), clock);
        auto updated = service.updateCustomer(u"100-255-8730"_qs,
                                              customerData(u"Joe"_qs, u"Bloke"_qs, u"1, New Road, York"_qs, QDate(1966, 4, 12)));
        QVERIFY2(updated, qPrintable(updated ? QString() : updated.error().message));
        // THEN its time is the clock's and its version follows the log, not the edited row
        QCOMPARE(updated->recordedAtMs(), clock.nowMs());
        QCOMPARE(updated->version(), 4);
    }

    void shouldSeeTextMovedAcrossAFieldBoundary()
    {
        // GIVEN a store holding an event whose first name holds U+001F (as an older release could store it)
        TemporaryStore t;
        const CustomerData data{u"Joe\x1fSmith"_qs, u"Bloke"_qs, u"15, Nice Road, Cardiff"_qs, QDate(1966, 4, 12)};
        QVERIFY(t.store().append(u"c1"_qs, EventStore::NoStream, {newEvent(u"c1"_qs, EventType::Created, 1655319463148, data)}).ok());
        const StoreHead head = *t.store().head();
        QVERIFY(t.store().rebuildProjection().ok());
        t.close();
        // WHEN the text is moved over the boundary: first "Joe", last "Smith<US>Bloke", the bytes joined the same
        sqlite3(t.path(), u"DROP TRIGGER events_refuse_update; UPDATE events SET first_name = 'Joe', "
                          "last_name = 'Smith' || char(31) || 'Bloke'; UPDATE customers SET first_name = 'Joe', "
                          "last_name = 'Smith' || char(31) || 'Bloke'; "_qs
                              + QLatin1String(sqliteschema::RefuseUpdateTrigger) + u";"_qs);
        t.reopen();
        // THEN verify sees it, alone and against the head an export recorded
        const auto alone = t.store().verify();
        QVERIFY(alone.ok() && !alone->intact());
        QVERIFY2(alone->problems.join(u'\n').contains(u"does not match its hash"), qPrintable(alone->problems.join(u'\n')));
        const auto against = t.store().verify(head);
        QVERIFY(against.ok() && !against->intact());
    }

    void shouldRefuseToWriteToADamagedFileAndLeaveItAsItWas()
    {
        // GIVEN a store with the cells of a page of its events overwritten on disk
        auto t = filledStore();
        QSqlQuery q(t->store().database());
        QVERIFY(q.exec(u"SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_schema WHERE name = 'events'"_qs) && q.next());
        const qint64 page = q.value(0).toLongLong();
        const qint64 pageSize = q.value(1).toLongLong();
        q.finish();
        QVERIFY(t->store().checkpoint().ok());
        t->close();
        {
            QFile file(t->path());
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.size() >= page * pageSize);
            file.seek(page * pageSize - 4000); // the end of the page, where SQLite keeps its cells
            file.write(QByteArray(4000, '\xff'));
        }
        const QByteArray before = sha256OfFile(t->path());
        // WHEN it is opened to write
        auto opened = SqliteEventStore::open(t->path());
        // THEN it is refused as damaged, and the file is as it was
        QVERIFY(!opened);
        QCOMPARE(opened.error().code, ErrorCode::Corrupt);
        QVERIFY2(opened.error().message.contains(u"damaged"), qPrintable(opened.error().message));
        QCOMPARE(sha256OfFile(t->path()), before);
        // AND it can still be opened read-only, and verify says what is wrong
        {
            auto readOnly = SqliteEventStore::open(t->path(), SqliteEventStore::OpenMode::ReadOnly);
            QVERIFY(readOnly);
            const auto report = (*readOnly)->verify();
            QVERIFY(report.ok() && !report->intact());
        }
        QCOMPARE(sha256OfFile(t->path()), before);
    }

    void shouldLeaveAStoreOfAnOlderSchemaUntouchedWhenReadOnly()
    {
        // GIVEN a writable store of schema 1 (what the first release wrote)
        TemporaryStore t;
        QVERIFY(t.store().appendBatch(*StoreFactory::demoEvents()).ok());
        t.close();
        sqlite3(t.path(), u"PRAGMA user_version = 1;"_qs); // the schema of 2 reads as 1 does; only the number matters here
        const QByteArray before = sha256OfFile(t.path());
        // WHEN it is opened read-only and verified
        {
            auto store = StoreFactory::open(t.path(), StoreFactory::Mode::ReadOnly);
            QVERIFY(store);
            QVERIFY((*store)->verify().ok());
        }
        // THEN not a byte changed: no upgrade, no checkpoint
        QCOMPARE(sha256OfFile(t.path()), before);
    }

    void shouldCreateStoresReadableByTheirOwnerOnly_data()
    {
        QTest::addColumn<int>("umask");
        QTest::newRow("umask 022") << 022;
        QTest::newRow("umask 000") << 0;
        QTest::newRow("umask 077") << 077;
    }
    void shouldCreateStoresReadableByTheirOwnerOnly()
    {
        QFETCH(int, umask);
        // GIVEN a umask
        const mode_t previous = ::umask(mode_t(umask));
        QTemporaryDir dir;
        const QString folder = dir.filePath(u"new/data"_qs);
        const QString path = folder + u"/customers.hindsight"_qs;
        // WHEN a store is created in a folder that does not exist yet, and written to
        {
            auto store = SqliteEventStore::open(path, SqliteEventStore::OpenMode::CreateIfMissing);
            QVERIFY(store);
            QVERIFY((*store)->appendBatch(*StoreFactory::demoEvents()).ok());
            // THEN the store, its log and its index are its owner's alone
            QCOMPARE(modeOf(path), 0600);
            QCOMPARE(modeOf(path + u"-wal"_qs), 0600);
            QCOMPARE(modeOf(path + u"-shm"_qs), 0600);
        }
        ::umask(previous);
        // AND so are the folders made for it
        QCOMPARE(modeOf(folder), 0700);
        QCOMPARE(modeOf(dir.filePath(u"new"_qs)), 0700);
    }

    void shouldFindNoFalseAlarmsBesideAWriter()
    {
        // GIVEN a store and a process appending to it as fast as it can
        TemporaryStore t;
        QVERIFY(t.store().appendBatch(*StoreFactory::demoEvents()).ok());
        QProcess writer;
        writer.start(QStringLiteral(HINDSIGHT_TEST_WRITER), {u"append"_qs, t.path(), u"100000"_qs, u"--customers"_qs, u"50"_qs});
        QVERIFY(writer.waitForStarted());
        QTRY_VERIFY(*t.store().headPosition() > 50);
        // WHEN verify runs again and again while it writes
        int runs = 0;
        for (; runs < 40 && writer.state() == QProcess::Running; ++runs) {
            const auto report = t.store().verify();
            QVERIFY2(report.ok(), qPrintable(report ? QString() : report.error().message));
            // THEN every one finds the store intact: the log and the table are read in one snapshot
            QVERIFY2(report->intact(), qPrintable(QStringLiteral("run %1: %2").arg(runs).arg(report->problems.join(u'\n'))));
        }
        writer.kill();
        writer.waitForFinished();
        QVERIFY2(runs >= 10, "the writer ended before verify could run beside it");
    }
};

QTEST_GUILESS_MAIN(TestStoreTrust)
#include "TestStoreTrust.moc"
