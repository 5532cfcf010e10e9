#include "CustomerTableModel.h"
#include "StoreFactory.h"
#include "TestStores.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace hindsight;

class TestCustomerTableModel : public QObject
{
    Q_OBJECT

private:
    static CustomerSnapshotPtr demoSnapshot()
    {
        test::TemporaryStore temp;
        auto events = StoreFactory::demoEvents();
        if (!events || !temp.store().appendBatch(*events))
            qFatal("cannot write the demo events");
        auto index = std::make_shared<AddressIndex>();
        (void)temp.store().forEachEvent(0, [&](const Event& e) {
            index->apply(e);
            return true;
        });
        return std::make_shared<CustomerSnapshot>(*temp.store().customers(), index, 5, 5);
    }

    static CustomerSnapshotPtr syntheticSnapshot(int customers)
    {
        CustomerList records;
        for (int i = 0; i < customers; ++i) {
            CustomerRecord r;
            r.customerId = QStringLiteral("c%1").arg(i, 6, 10, QLatin1Char('0'));
            r.data = {QStringLiteral("First%1").arg((i * 7919) % customers), QStringLiteral("Last%1").arg(i % 13),
                      QStringLiteral("%1 High Street").arg(i), QDate(1950, 1, 1).addDays(i)};
            r.status = i % 10 == 0 ? CustomerStatus::Deleted : CustomerStatus::Active;
            r.version = 1;
            records << r;
        }
        return std::make_shared<CustomerSnapshot>(records, nullptr, customers, customers);
    }

    /** Waits for the worker's result to be swapped in. */
    static bool settle(CustomerTableModel& model)
    {
        return QTest::qWaitFor([&] { return !model.isBusy(); }, 10000);
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void shouldShowSnapshotRowsInIdOrderWithTableColumns()
    {
        // GIVEN a model under the tester
        CustomerTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy replaced(&model, &CustomerTableModel::contentReplaced);
        // WHEN the demo snapshot is set
        model.setSnapshot(demoSnapshot());
        QVERIFY(settle(model));
        // THEN it shows Table 3-1 for both customers, one swap
        QCOMPARE(replaced.count(), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), customerColumnCount);
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Customer ID"));
        QCOMPARE(model.index(0, int(CustomerColumn::Id)).data().toString(), QStringLiteral("100-255-8730"));
        QCOMPARE(model.index(0, int(CustomerColumn::Address)).data().toString(), QStringLiteral("99, Edge Lane, London"));
        QCOMPARE(model.index(0, int(CustomerColumn::DateOfBirth)).data().toString(), QStringLiteral("1966-04-12"));
        QCOMPARE(model.index(0, int(CustomerColumn::Status)).data().toString(), QStringLiteral("ACTIVE"));
        QCOMPARE(model.index(1, int(CustomerColumn::Status)).data().toString(), QStringLiteral("DELETED"));
    }

    void shouldMarkDeletedCustomersVisibly()
    {
        CustomerTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(demoSnapshot());
        QVERIFY(settle(model));
        const QModelIndex deletedName = model.index(1, int(CustomerColumn::LastName));
        const QModelIndex activeName = model.index(0, int(CustomerColumn::LastName));
        QVERIFY(deletedName.data(Qt::FontRole).value<QFont>().strikeOut());
        QVERIFY(deletedName.data(Qt::ForegroundRole).isValid());
        QVERIFY(!activeName.data(Qt::FontRole).isValid());
        QCOMPARE(deletedName.data(CustomerTableModel::StatusRole).toInt(), int(CustomerStatus::Deleted));
    }

    void shouldFilterAsTypedThroughPastAddresses()
    {
        CustomerTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(demoSnapshot());
        QVERIFY(settle(model));
        // WHEN the person types "Leeds" one key at a time (each key starts a search, older ones are dropped)
        for (const QString& text : {QStringLiteral("L"), QStringLiteral("Le"), QStringLiteral("Lee"), QStringLiteral("Leeds")})
            model.setSearchText(text);
        QVERIFY(settle(model));
        // THEN only Joe is shown, with the past address that matched
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, int(CustomerColumn::FirstName)).data().toString(), QStringLiteral("Joe"));
        QCOMPARE(model.index(0, int(CustomerColumn::Matched)).data().toString(), QStringLiteral("34, Fine Way, Leeds"));
        QCOMPARE(model.rowOf(QStringLiteral("100-735-6729")), -1);
        // AND clearing the search shows everyone again
        model.setSearchText({});
        QVERIFY(settle(model));
        QCOMPARE(model.rowCount(), 2);
    }

    void shouldSortOffTheGuiThreadAndKeepRowsFindable()
    {
        CustomerTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(syntheticSnapshot(5000));
        QVERIFY(settle(model));
        // WHEN sorted by date of birth, newest first
        model.sort(int(CustomerColumn::DateOfBirth), Qt::DescendingOrder);
        QVERIFY(model.isBusy());
        QVERIFY(settle(model));
        // THEN the rows follow the dates and rowOf finds every customer where it is
        QCOMPARE(model.rowCount(), 5000);
        QCOMPARE(model.index(0, int(CustomerColumn::Id)).data().toString(), QStringLiteral("c004999"));
        for (int row : {0, 1, 2500, 4999}) {
            const QString id = model.index(row, int(CustomerColumn::Id)).data().toString();
            QCOMPARE(model.rowOf(id), row);
        }
        QCOMPARE(model.query().sortColumn, CustomerColumn::DateOfBirth);
    }

    void shouldHideDeletedCustomersOnRequest()
    {
        CustomerTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(syntheticSnapshot(100));
        QVERIFY(settle(model));
        model.setHideDeleted(true);
        QVERIFY(settle(model));
        QCOMPARE(model.rowCount(), 90);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.index(row, 0).data(CustomerTableModel::StatusRole).toInt(), int(CustomerStatus::Active));
    }

    void shouldApplyTheQueryToEveryNewSnapshot()
    {
        // GIVEN a search in place
        CustomerTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSearchText(QStringLiteral("Last3"));
        model.setSnapshot(syntheticSnapshot(130));
        QVERIFY(settle(model));
        QCOMPARE(model.rowCount(), 10);
        // WHEN a newer snapshot arrives
        model.setSnapshot(syntheticSnapshot(260));
        QVERIFY(settle(model));
        // THEN the search still holds
        QCOMPARE(model.rowCount(), 20);
    }

    void shouldSwapInContentComputedElsewhereAtOnce()
    {
        // The as-of engine computes its own rows: setContent shows them without another worker round.
        CustomerTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const CustomerSnapshotPtr snapshot = demoSnapshot();
        CustomerQuery query;
        query.search = QStringLiteral("Raj");
        model.setQuery(query);
        QSignalSpy replaced(&model, &CustomerTableModel::contentReplaced);
        model.setContent(snapshot, CustomerQuery::run(*snapshot, query));
        QCOMPARE(replaced.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.recordAt(0)->customerId, QStringLiteral("100-735-6729"));
        QVERIFY(settle(model));
        QCOMPARE(model.rowCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestCustomerTableModel)
#include "TestCustomerTableModel.moc"
