#include "AccountRules.h"
#include "AccountService.h"
#include "SqliteEventStore.h"

#include "TestStores.h"

#include <QSqlQuery>
#include <QTest>

using namespace hindsight;
using namespace hindsight::test;

class TestDiskFull : public QObject
{
    Q_OBJECT

private slots:
    void shouldReportAFullDiskLoseNothingAndRecover()
    {
        TemporaryStore t;
        AccountService service(t.store());
        QStringList acknowledged;
        for (int i = 0; i < 20; ++i) {
            auto created = service.createCustomer(customerData(QStringLiteral("Before%1").arg(i)));
            QVERIFY(created.ok());
            acknowledged << created->eventId();
        }
        // GIVEN a store that can grow by a handful of pages only (as a nearly full disk would allow)
        QSqlQuery q(t.store().database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        QVERIFY(q.exec(QStringLiteral("PRAGMA page_count")) && q.next());
        const qint64 pages = q.value(0).toLongLong();
        QVERIFY(q.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages + 2)));
        // WHEN appends go on until the store is full
        std::optional<Error> failure;
        const QString longAddress = QString(FieldLimits::MaxAddressLength, QLatin1Char('x')); // the longest allowed
        for (int i = 0; i < 200 && !failure; ++i) {
            auto created = service.createCustomer(customerData(QStringLiteral("During%1").arg(i), QStringLiteral("Full"), longAddress));
            if (created)
                acknowledged << created->eventId();
            else
                failure = created.error();
        }
        // THEN the failing append says clearly what happened and where
        QVERIFY2(failure.has_value(), "the store never filled up");
        QCOMPARE(failure->code, ErrorCode::Io);
        QVERIFY2(failure->message.contains(u"full"_qs), qPrintable(failure->message));
        QVERIFY2(failure->message.contains(t.path()), qPrintable(failure->message));
        // AND no acknowledged event is lost, nothing is half-written
        for (const QString& id : std::as_const(acknowledged)) {
            QSqlQuery find(t.store().database());
            find.prepare(QStringLiteral("SELECT COUNT(*) FROM events WHERE event_id = ?"));
            find.addBindValue(id);
            QVERIFY(find.exec() && find.next());
            QCOMPARE(find.value(0).toInt(), 1);
        }
        QVERIFY(t.store().verify()->intact());
        QCOMPARE(t.store().stats()->eventCount, acknowledged.size());
        // AND once there is room again, appends work
        QVERIFY(q.exec(QStringLiteral("PRAGMA max_page_count = 1000000")));
        QVERIFY(service.createCustomer(customerData(QStringLiteral("After"))).ok());
        t.reopen();
        QCOMPARE(t.store().stats()->eventCount, acknowledged.size() + 1);
        QVERIFY(t.store().verify()->intact());
    }
};

QTEST_GUILESS_MAIN(TestDiskFull)
#include "TestDiskFull.moc"
