#include "CustomerTableModel.h"
#include "StoreFactory.h"
#include "TestStores.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace hindsight;

namespace {

CustomerRecord customer(const QString& id, const QString& first, const QString& address,
                        CustomerStatus status = CustomerStatus::Active)
{
    CustomerRecord r;
    r.customerId = id;
    r.data = test::customerData(first, QStringLiteral("Bloke"), address);
    r.status = status;
    r.version = 1;
    return r;
}

/** A page of @p rowCount rows holding @p records from @p firstRow. */
AsOfTablePagePtr page(int rowCount, int firstRow, const CustomerList& records, quint64 serial = 1)
{
    auto p = std::make_shared<AsOfTablePage>();
    p->serial = serial;
    p->asOfMs = 1669852800000; // 2022-12-01
    p->rowCount = rowCount;
    p->firstRow = firstRow;
    p->records = records;
    for (qsizetype i = 0; i < records.size(); ++i)
        p->matchedAddresses.append(QString());
    return p;
}

CustomerSnapshotPtr snapshotOf(int customers)
{
    CustomerList records;
    for (int i = 0; i < customers; ++i)
        records << customer(QStringLiteral("c%1").arg(i, 6, 10, QLatin1Char('0')), QStringLiteral("F%1").arg((i * 7919) % customers),
                            QStringLiteral("%1 High Street").arg(i));
    return std::make_shared<CustomerSnapshot>(records, nullptr, customers, customers);
}

bool settle(CustomerTableModel& model)
{
    return QTest::qWaitFor([&] { return !model.isBusy(); }, 10000);
}

} // namespace

/** CustomerTableModel showing pages of the as-of engine: the table while the slider is in the past. */
class TestAsOfTablePages : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void shouldShowAPageInsteadOfTheSnapshotAndComeBack()
    {
        // GIVEN the model showing the present
        CustomerTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const CustomerSnapshotPtr present = snapshotOf(3);
        model.setSnapshot(present);
        QVERIFY(settle(model));
        QSignalSpy replaced(&model, &CustomerTableModel::contentReplaced);
        // WHEN a page of the past arrives
        const AsOfTablePagePtr past = page(2, 0, {customer(QStringLiteral("c000000"), QStringLiteral("Then"), QStringLiteral("Leeds")),
                                                  customer(QStringLiteral("c000001"), QStringLiteral("Gone"), QStringLiteral("York"),
                                                           CustomerStatus::Deleted)});
        model.setPage(past);
        // THEN it is the table, at once, with deleted customers as deleted
        QCOMPARE(replaced.count(), 1);
        QVERIFY(model.isShowingPages());
        QCOMPARE(model.page(), past);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, int(CustomerColumn::FirstName)).data().toString(), QStringLiteral("Then"));
        QCOMPARE(model.index(1, int(CustomerColumn::Status)).data().toString(), QStringLiteral("DELETED"));
        QVERIFY(model.index(1, int(CustomerColumn::FirstName)).data(Qt::FontRole).value<QFont>().strikeOut());
        QCOMPARE(model.rowOf(QStringLiteral("c000001")), 1);
        QCOMPARE(model.rowOf(QStringLiteral("c000002")), -1);
        QCOMPARE(model.recordAt(0)->data.address, QStringLiteral("Leeds"));
        QCOMPARE(model.snapshot(), present); // kept for the way back
        // WHEN the present is asked for again
        model.setSnapshot(present);
        QVERIFY(!model.isShowingPages());
        QCOMPARE(model.rowCount(), 2); // the page stays until the present's rows are ready: no empty frame
        QVERIFY(settle(model));
        // THEN the present is back
        QVERIFY(!model.page());
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, int(CustomerColumn::FirstName)).data().toString(), QStringLiteral("F0"));
    }

    void shouldShowRowsThePageDoesNotHoldAsPlaceholders()
    {
        CustomerTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // GIVEN a page of 1,000 rows holding rows 500-502
        CustomerList held;
        for (int i = 0; i < 3; ++i)
            held << customer(QStringLiteral("c%1").arg(500 + i), QStringLiteral("F%1").arg(500 + i), QStringLiteral("A"));
        model.setPage(page(1000, 500, held));
        // THEN the view has all 1,000 rows; those held show their customer, the others a placeholder
        QCOMPARE(model.rowCount(), 1000);
        QCOMPARE(model.index(501, int(CustomerColumn::Id)).data().toString(), QStringLiteral("c501"));
        QCOMPARE(model.index(501, 0).data(CustomerTableModel::CustomerIdRole).toString(), QStringLiteral("c501"));
        QCOMPARE(model.index(0, int(CustomerColumn::Id)).data().toString(), QStringLiteral("…"));
        QVERIFY(model.index(0, 0).data(CustomerTableModel::CustomerIdRole).toString().isEmpty());
        QVERIFY(!model.recordAt(0));
        QVERIFY(!model.recordAt(503));
        QVERIFY(model.recordAt(502));
    }

    void shouldRepaintWithoutAResetWhileTheRowCountStays()
    {
        CustomerTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPage(page(2, 0, {customer(QStringLiteral("a"), QStringLiteral("A1"), QStringLiteral("X")),
                                  customer(QStringLiteral("b"), QStringLiteral("B1"), QStringLiteral("X"))}));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        // WHEN the next moment has as many rows
        model.setPage(page(2, 0, {customer(QStringLiteral("a"), QStringLiteral("A2"), QStringLiteral("X")),
                                  customer(QStringLiteral("b"), QStringLiteral("B2"), QStringLiteral("X"))}, 2));
        // THEN the rows repaint in place (views keep selection and scroll position)
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.index(0, int(CustomerColumn::FirstName)).data().toString(), QStringLiteral("A2"));
        // AND a moment with another number of rows resets
        model.setPage(page(1, 0, {customer(QStringLiteral("a"), QStringLiteral("A3"), QStringLiteral("X"))}, 3));
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 1);
    }

    void shouldLeaveSearchAndSortToThePagesWhileShowingThem()
    {
        // GIVEN pages shown
        CustomerTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const CustomerSnapshotPtr present = snapshotOf(50);
        model.setSnapshot(present);
        QVERIFY(settle(model));
        model.setPage(page(1, 0, {customer(QStringLiteral("c000007"), QStringLiteral("P"), QStringLiteral("X"))}));
        QSignalSpy queries(&model, &CustomerTableModel::queryChanged);
        // WHEN the person sorts by first name
        model.sort(int(CustomerColumn::FirstName), Qt::DescendingOrder);
        // THEN the change is announced for whoever computes the pages, and the snapshot is not sorted now
        QCOMPARE(queries.count(), 1);
        const auto query = queries.first().first().value<CustomerQuery>();
        QCOMPARE(query.sortColumn, CustomerColumn::FirstName);
        QCOMPARE(query.sortOrder, Qt::DescendingOrder);
        QVERIFY(!model.isBusy());
        QCOMPARE(model.rowCount(), 1);
        // AND back in the present, the snapshot's rows come sorted that way
        model.setSnapshot(present);
        QVERIFY(settle(model));
        QCOMPARE(model.rowCount(), 50);
        QVERIFY(model.index(0, int(CustomerColumn::FirstName)).data().toString()
                >= model.index(1, int(CustomerColumn::FirstName)).data().toString());
    }

    void shouldDropASortOfTheSnapshotThatAPageOvertook()
    {
        // GIVEN a search of a large snapshot running
        CustomerTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshotOf(20000));
        QVERIFY(model.isBusy());
        // WHEN a page arrives before it finishes
        model.setPage(page(1, 0, {customer(QStringLiteral("p"), QStringLiteral("Page"), QStringLiteral("X"))}));
        QVERIFY(settle(model));
        // THEN the page stays: the search's result was for a table no longer wanted
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, int(CustomerColumn::FirstName)).data().toString(), QStringLiteral("Page"));
    }
};

QTEST_GUILESS_MAIN(TestAsOfTablePages)
#include "TestAsOfTablePages.moc"
