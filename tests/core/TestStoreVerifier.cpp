#include "SqliteEventStore.h"
#include "SqliteSchema.h"
#include "SyntheticHistory.h"

#include "TestStores.h"

#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTest>

using namespace hindsight;
using namespace hindsight::test;

namespace {
constexpr qint64 EventCount = 60; // 12 customers x 5 events

/** Runs SQL through the sqlite3 shell with the append-only triggers dropped first, as a tamperer would. */
void tamper(const QString& path, const QString& sql)
{
    QString err;
    const QString script = QStringLiteral("DROP TRIGGER events_refuse_update; DROP TRIGGER events_refuse_delete; ") + sql;
    const int code = runProcess(QStringLiteral("sqlite3"), {path, script}, nullptr, &err);
    QVERIFY2(code == 0, qPrintable(err));
}
} // namespace

class TestStoreVerifier : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TemporaryStore> makeStore()
    {
        auto t = std::make_unique<TemporaryStore>();
        if (!SyntheticHistory({12, 5, 3}).writeTo(t->store()).ok())
            qFatal("cannot fill the test store");
        return t;
    }

private slots:
    void shouldFindAnIntactStoreIntact()
    {
        auto t = makeStore();
        const auto report = t->store().verify();
        QVERIFY(report.ok());
        QVERIFY2(report->intact(), qPrintable(report->problems.join(u'\n')));
        QCOMPARE(report->eventsChecked, EventCount);
        QCOMPARE(report->head.position, EventCount);
        QCOMPARE(report->head.hash.size(), 32);
        QCOMPARE(t->store().head()->hash, report->head.hash);
    }

    void shouldReportProgressAndStopWhenTold_data()
    {
        // The call (1-based) whose answer stops the check; 0: never stopped.
        QTest::addColumn<int>("stopAtCall");
        QTest::newRow("never stopped") << 0;
        QTest::newRow("stopped while the storage is checked") << 1;
        QTest::newRow("stopped at the first events") << -1; // the first call that reports events
    }

    void shouldReportProgressAndStopWhenTold()
    {
        QFETCH(int, stopAtCall);
        // GIVEN a store of 20,000 events
        TemporaryStore t;
        QVERIFY(SyntheticHistory({2000, 10, 5}).writeTo(t.store()).ok());
        const qint64 total = 20000;
        // WHEN it is verified with a progress callback that stops it at a given call
        QList<std::pair<qint64, qint64>> calls;
        const auto report = t.store().verify({}, [&](qint64 checked, qint64 of) {
            calls.append({checked, of});
            if (stopAtCall > 0)
                return calls.size() < stopAtCall;
            if (stopAtCall < 0)
                return checked == 0;
            return true;
        });
        // THEN every call counts events of the log's length, never going back
        QVERIFY(!calls.isEmpty());
        QCOMPARE(calls.first().first, 0);
        for (qsizetype i = 0; i < calls.size(); ++i) {
            QCOMPARE(calls[i].second, total);
            QVERIFY(calls[i].first <= total);
            if (i > 0)
                QVERIFY(calls[i].first >= calls[i - 1].first);
        }
        if (stopAtCall == 0) {
            // AND unstopped, it checks every event and finds the store intact
            QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
            QVERIFY(report->intact());
            QCOMPARE(report->eventsChecked, total);
            QVERIFY(calls.last().first >= total - 4096);
            return;
        }
        // AND stopped, it ends at that call with ErrorCode::Cancelled and reads no further
        QVERIFY(!report.ok());
        QCOMPARE(report.error().code, ErrorCode::Cancelled);
        QVERIFY2(report.error().message.contains(u"stopped"_qs), qPrintable(report.error().message));
        if (stopAtCall == 1) {
            QCOMPARE(calls.size(), 1);
        } else {
            QCOMPARE(std::count_if(calls.cbegin(), calls.cend(), [](const auto& c) { return c.first > 0; }), 1);
            QCOMPARE(calls.last().first, 4096);
        }
        // AND the store is as it was: a full check afterwards finds it intact
        const auto again = t.store().verify();
        QVERIFY(again.ok() && again->intact());
    }

    void shouldCatchTamperingAndNameTheFirstBrokenEvent_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<qint64>("position");
        QTest::addColumn<qint64>("firstBad");
        auto* random = QRandomGenerator::global();
        for (int i = 0; i < 8; ++i) {
            const qint64 p = random->bounded(2, int(EventCount) - 1);
            QTest::addRow("edit address at %lld", p) << "edit" << p << p;
            QTest::addRow("edit time at %lld", p) << "edit-time" << p << p;
            QTest::addRow("delete at %lld", p) << "delete" << p << p + 1;
            QTest::addRow("reorder at %lld", p) << "reorder" << p << p;
            QTest::addRow("insert after %lld", p) << "insert" << p << p + 1;
        }
        QTest::newRow("edit the first") << "edit" << qint64(1) << qint64(1);
        QTest::newRow("edit the last") << "edit" << EventCount << EventCount;
    }
    void shouldCatchTamperingAndNameTheFirstBrokenEvent()
    {
        QFETCH(QString, kind);
        QFETCH(qint64, position);
        QFETCH(qint64, firstBad);
        auto t = makeStore();
        t->close();
        const QString p = QString::number(position);
        if (kind == u"edit") {
            tamper(t->path(), QStringLiteral("UPDATE events SET address = address || ' (forged)' WHERE position = %1;").arg(p));
        } else if (kind == u"edit-time") {
            tamper(t->path(), QStringLiteral("UPDATE events SET recorded_at = recorded_at - 1 WHERE position = %1;").arg(p));
        } else if (kind == u"delete") {
            tamper(t->path(), QStringLiteral("DELETE FROM events WHERE position = %1;").arg(p));
        } else if (kind == u"reorder") {
            tamper(t->path(), QStringLiteral("UPDATE events SET position = -1 WHERE position = %1; "
                                             "UPDATE events SET position = %1 WHERE position = %1 + 1; "
                                             "UPDATE events SET position = %1 + 1 WHERE position = -1;")
                                  .arg(p));
        } else if (kind == u"insert") {
            // Shift everything after the spot up by one (from the end, to keep positions unique), then insert a
            // plausible event that copies its neighbour's hash.
            QString shift;
            for (qint64 q = EventCount; q > position; --q)
                shift += QStringLiteral("UPDATE events SET position = %1 WHERE position = %2; ").arg(q + 1).arg(q);
            tamper(t->path(), shift
                                  + QStringLiteral("INSERT INTO events SELECT %1 + 1, 'forged-' || event_id, 'forged-customer', 1, recorded_at, 1, "
                                                   "first_name, last_name, address, dob, hash FROM events WHERE position = %1;")
                                        .arg(p));
        }
        t->reopen();
        const auto report = t->store().verify();
        QVERIFY(report.ok());
        QVERIFY(!report->intact());
        QCOMPARE(report->firstBadPosition, firstBad);
        QVERIFY2(report->problems.first().contains(QStringLiteral("position %1").arg(firstBad)), qPrintable(report->problems.first()));
        QVERIFY(report->problems.join(u'\n').contains(u"trigger"_qs));
    }

    void shouldCatchALogCutShortAgainstARecordedHead()
    {
        auto t = makeStore();
        const StoreHead recorded = *t->store().head();
        t->close();
        // Removing events from the end leaves a valid chain: only the recorded head can tell.
        // (Whoever can write the file can also put the append-only triggers back exactly as they were.)
        tamper(t->path(), QStringLiteral("DELETE FROM events WHERE position > %1; %2; %3;")
                              .arg(EventCount - 3)
                              .arg(QLatin1String(sqliteschema::RefuseUpdateTrigger), QLatin1String(sqliteschema::RefuseDeleteTrigger)));
        t->reopen();
        QVERIFY(t->store().rebuildProjection().ok());
        const auto alone = t->store().verify();
        QVERIFY(alone->intact());
        const auto anchored = t->store().verify(recorded);
        QVERIFY(!anchored->intact());
        QVERIFY2(anchored->problems.first().contains(u"cut off"_qs), qPrintable(anchored->problems.first()));
    }

    void shouldCatchARewrittenHead()
    {
        auto t = makeStore();
        StoreHead recorded = *t->store().head();
        recorded.hash[0] = char(recorded.hash[0] ^ 0x01);
        const auto report = t->store().verify(recorded);
        QVERIFY(!report->intact());
        QVERIFY(report->problems.first().contains(u"rewritten"_qs));
    }

    void shouldReportAMissingUniqueIndexByName_data()
    {
        QTest::addColumn<QString>("index");
        QTest::newRow("event id") << u"events_by_id"_qs;
        QTest::newRow("customer and time") << u"events_by_customer_time"_qs;
    }
    void shouldReportAMissingUniqueIndexByName()
    {
        QFETCH(QString, index);
        // GIVEN an intact store
        auto t = makeStore();
        QVERIFY(t->store().verify()->intact());
        // WHEN one of its unique indexes is dropped by hand (as a bulk write that never rebuilt it would leave it)
        QSqlQuery q(t->store().database());
        QVERIFY(q.exec(QStringLiteral("DROP INDEX %1").arg(index)));
        t->reopen();
        // THEN verify reports that index missing, by name, while the chain itself is intact
        const auto report = t->store().verify();
        QVERIFY(report.ok());
        QCOMPARE(report->problems.size(), 1);
        QVERIFY2(report->problems.first().contains(QStringLiteral("the unique index %1 is missing").arg(index)),
                 qPrintable(report->problems.first()));
        QCOMPARE(report->firstBadPosition, 0);
        QCOMPARE(report->eventsChecked, EventCount);
    }

    void shouldCatchACustomerTableThatDisagreesWithTheLog()
    {
        auto t = makeStore();
        QSqlQuery q(t->store().database());
        QVERIFY(q.exec(QStringLiteral("UPDATE customers SET address = 'Nowhere' WHERE customer_id = '%1'").arg(SyntheticHistory::customerId(4))));
        const auto report = t->store().verify();
        QVERIFY(!report->intact());
        QVERIFY2(report->problems.first().contains(SyntheticHistory::customerId(4)), qPrintable(report->problems.first()));
        QCOMPARE(report->firstBadPosition, 0);
        QVERIFY(t->store().rebuildProjection().ok());
        QVERIFY(t->store().verify()->intact());
    }
};

QTEST_GUILESS_MAIN(TestStoreVerifier)
#include "TestStoreVerifier.moc"
