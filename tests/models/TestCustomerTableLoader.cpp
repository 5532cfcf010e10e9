#include "AccountService.h"
#include "CustomerTableLoader.h"
#include "MockClock.h"
#include "StoreFactory.h"
#include "SyntheticHistory.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace hindsight;

/** Reading a store on a worker thread, with its own connection, and folding in what other writers append. */
class TestCustomerTableLoader : public QObject
{
    Q_OBJECT

private:
    static bool waitIdle(CustomerTableLoader& loader)
    {
        return QTest::qWaitFor([&] { return !loader.isBusy(); }, 20000);
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void shouldReadTheTableFirstThenEveryPastAddress()
    {
        // GIVEN the demo store
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("demo.hindsight"));
        QVERIFY(StoreFactory::createDemo(path));
        CustomerTableLoader loader;
        QSignalSpy ready(&loader, &CustomerTableLoader::snapshotReady);
        // WHEN loaded
        loader.load(path);
        QVERIFY(loader.isBusy());
        QVERIFY(waitIdle(loader));
        // THEN a first snapshot without the index, then one with it
        QCOMPARE(ready.count(), 2);
        QVERIFY(!ready.at(0).at(0).value<CustomerSnapshotPtr>()->addresses());
        const CustomerSnapshotPtr snapshot = loader.snapshot();
        QVERIFY(loader.isIndexed());
        QCOMPARE(snapshot->size(), 2);
        QCOMPARE(snapshot->activeCount(), 1);
        QCOMPARE(snapshot->deletedCount(), 1);
        QCOMPARE(snapshot->eventCount(), 5);
        QCOMPARE(snapshot->headPosition(), 5);
        const AddressPeriods* joe = snapshot->addresses()->periodsOf(QStringLiteral("100-255-8730"));
        QVERIFY(joe);
        QCOMPARE(joe->size(), 3);
        QCOMPARE(joe->at(1).address, QStringLiteral("34, Fine Way, Leeds"));
        QVERIFY(joe->at(2).isCurrent());
    }

    void shouldFoldInOnlyWhatOtherWritersAppended()
    {
        // GIVEN a loaded demo store
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("demo.hindsight"));
        QVERIFY(StoreFactory::createDemo(path));
        CustomerTableLoader loader;
        loader.load(path);
        QVERIFY(waitIdle(loader));
        const CustomerSnapshotPtr before = loader.snapshot();

        // WHEN another writer moves Joe and creates a customer
        {
            auto other = StoreFactory::open(path);
            QVERIFY(other);
            test::MockClock clock(1800000000000);
            AccountService service(**other, clock);
            QVERIFY(service.updateCustomer(QStringLiteral("100-255-8730"),
                                           {QStringLiteral("Joe"), QStringLiteral("Bloke"), QStringLiteral("7, Quay, York"), QDate(1966, 4, 12)}));
            QVERIFY(service.createCustomer({QStringLiteral("Ann"), QStringLiteral("Other"), QStringLiteral("1, Lane, Leeds"), QDate(1990, 1, 2)},
                                           QStringLiteral("000-000-0001")));
        }
        loader.refresh();
        QVERIFY(waitIdle(loader));

        // THEN the new snapshot has both changes, in id order, and the old one is untouched
        const CustomerSnapshotPtr after = loader.snapshot();
        QVERIFY(after != before);
        QCOMPARE(after->size(), 3);
        QCOMPARE(after->at(0).customerId, QStringLiteral("000-000-0001"));
        QCOMPARE(after->at(after->indexOf(QStringLiteral("100-255-8730"))).data.address, QStringLiteral("7, Quay, York"));
        QCOMPARE(after->at(after->indexOf(QStringLiteral("100-255-8730"))).version, 4);
        QCOMPARE(after->eventCount(), 7);
        QCOMPARE(after->headPosition(), 7);
        QCOMPARE(after->addresses()->periodsOf(QStringLiteral("100-255-8730"))->size(), 4);
        QCOMPARE(before->size(), 2);
        QCOMPARE(before->at(0).data.address, QStringLiteral("99, Edge Lane, London"));
    }

    void shouldChangeNothingWhenNothingWasAppended()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("demo.hindsight"));
        QVERIFY(StoreFactory::createDemo(path));
        CustomerTableLoader loader;
        loader.load(path);
        QVERIFY(waitIdle(loader));
        QSignalSpy ready(&loader, &CustomerTableLoader::snapshotReady);
        loader.refresh();
        QVERIFY(waitIdle(loader));
        QCOMPARE(ready.count(), 0);
    }

    void shouldReportAStoreThatCannotBeRead()
    {
        QTemporaryDir dir;
        CustomerTableLoader loader;
        QSignalSpy failed(&loader, &CustomerTableLoader::failed);
        loader.load(dir.filePath(QStringLiteral("missing.hindsight")));
        QVERIFY(waitIdle(loader));
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.at(0).at(0).toString().contains(QStringLiteral("missing.hindsight")));
        QVERIFY(!loader.snapshot());
    }

    void shouldDropTheOldStoreWhenANewOneIsLoaded()
    {
        // GIVEN a bigger store being read
        QTemporaryDir dir;
        const QString big = dir.filePath(QStringLiteral("big.hindsight"));
        const QString demo = dir.filePath(QStringLiteral("demo.hindsight"));
        {
            auto store = StoreFactory::open(big, StoreFactory::Mode::CreateIfMissing);
            QVERIFY(store);
            SyntheticHistory::Options options;
            options.customers = 2000;
            options.eventsPerCustomer = 5;
            QVERIFY(SyntheticHistory(options).writeTo(**store));
        }
        QVERIFY(StoreFactory::createDemo(demo));
        CustomerTableLoader loader;
        loader.load(big);
        // WHEN another store is opened before it finishes
        loader.load(demo);
        QVERIFY(waitIdle(loader));
        // THEN only the second store's table remains
        QCOMPARE(loader.location(), demo);
        QCOMPARE(loader.snapshot()->size(), 2);
        QVERIFY(loader.isIndexed());
    }
};

QTEST_GUILESS_MAIN(TestCustomerTableLoader)
#include "TestCustomerTableLoader.moc"
