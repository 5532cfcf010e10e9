#include "CustomerQuery.h"
#include "StoreFactory.h"
#include "TestStores.h"

#include <QDateTime>
#include <QTest>

using namespace hindsight;

/** Search and sort as pure functions over a snapshot: the work the table model hands to a worker thread. */
class TestCustomerQuery : public QObject
{
    Q_OBJECT

private:
    /** The demo store as a snapshot, with its index of past addresses. */
    static CustomerSnapshot demoSnapshot(qint64 asOfMs = CustomerSnapshot::Now)
    {
        test::TemporaryStore temp;
        auto events = StoreFactory::demoEvents();
        if (!events || !temp.store().appendBatch(*events))
            qFatal("cannot write the demo events");
        auto index = std::make_shared<AddressIndex>();
        (void)temp.store().forEachEvent(0, [&](const Event& e) {
            index->apply(e); // the whole history: the query itself must leave out what came later
            return true;
        });
        return CustomerSnapshot(*temp.store().customers(), index, 5, 5, asOfMs);
    }

    static QStringList ids(const CustomerSnapshot& snapshot, const CustomerRowOrder& order)
    {
        QStringList result;
        for (int i : order.rows)
            result << snapshot.at(i).customerId;
        return result;
    }

private slots:
    void shouldMatchEveryWordAgainstIdNamesAndAddresses_data()
    {
        QTest::addColumn<QString>("search");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("empty shows all") << QString() << QStringList{QStringLiteral("100-255-8730"), QStringLiteral("100-735-6729")};
        QTest::newRow("part of an id") << QStringLiteral("735") << QStringList{QStringLiteral("100-735-6729")};
        QTest::newRow("first name, any case") << QStringLiteral("jOE") << QStringList{QStringLiteral("100-255-8730")};
        QTest::newRow("last name") << QStringLiteral("Raj") << QStringList{QStringLiteral("100-735-6729")};
        QTest::newRow("current address") << QStringLiteral("mumbai") << QStringList{QStringLiteral("100-735-6729")};
        QTest::newRow("past address") << QStringLiteral("Leeds") << QStringList{QStringLiteral("100-255-8730")};
        QTest::newRow("first past address") << QStringLiteral("Cardiff") << QStringList{QStringLiteral("100-255-8730")};
        QTest::newRow("two words, two fields") << QStringLiteral("Joe  Leeds") << QStringList{QStringLiteral("100-255-8730")};
        QTest::newRow("two words, one missing") << QStringLiteral("Biz Leeds") << QStringList{};
        QTest::newRow("nothing") << QStringLiteral("Paris") << QStringList{};
    }

    void shouldMatchEveryWordAgainstIdNamesAndAddresses()
    {
        QFETCH(QString, search);
        QFETCH(QStringList, expected);
        // GIVEN the demo store
        const CustomerSnapshot snapshot = demoSnapshot();
        // WHEN searched
        CustomerQuery query;
        query.search = search;
        const CustomerRowOrderPtr order = CustomerQuery::run(snapshot, query);
        // THEN exactly the customers who match every word are shown
        QVERIFY(order);
        QCOMPARE(ids(snapshot, *order), expected);
    }

    void shouldNameThePastAddressThatMatched()
    {
        const CustomerSnapshot snapshot = demoSnapshot();
        CustomerQuery query;
        query.search = QStringLiteral("Leeds");
        const CustomerRowOrderPtr order = CustomerQuery::run(snapshot, query);
        QCOMPARE(order->rows.size(), size_t(1));
        QCOMPARE(order->matchedAddress.value(order->rows.front()), QStringLiteral("34, Fine Way, Leeds"));

        // A match on a current field needs no explanation.
        query.search = QStringLiteral("London");
        const CustomerRowOrderPtr current = CustomerQuery::run(snapshot, query);
        QCOMPARE(current->rows.size(), size_t(1));
        QVERIFY(current->matchedAddress.isEmpty());
    }

    void shouldOnlyCountAddressesSetByTheMomentShown()
    {
        // GIVEN the table as of 2022-07-01, when Joe lived in Cardiff and had not moved to Leeds yet
        const qint64 asOf = QDateTime(QDate(2022, 7, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        const CustomerSnapshot snapshot = demoSnapshot(asOf);
        CustomerQuery query;
        query.search = QStringLiteral("Leeds");
        // THEN Leeds finds nobody
        QCOMPARE(CustomerQuery::run(snapshot, query)->rows.size(), size_t(0));
    }

    void shouldHideDeletedCustomersWhenAsked()
    {
        const CustomerSnapshot snapshot = demoSnapshot();
        CustomerQuery query;
        query.hideDeleted = true;
        QCOMPARE(ids(snapshot, *CustomerQuery::run(snapshot, query)), QStringList{QStringLiteral("100-255-8730")});
    }

    void shouldSortByEveryColumnBothWays_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        for (int c = 0; c < customerColumnCount; ++c) {
            const QString name = customerColumnTitle(static_cast<CustomerColumn>(c));
            QTest::addRow("%s ascending", qPrintable(name)) << c << int(Qt::AscendingOrder);
            QTest::addRow("%s descending", qPrintable(name)) << c << int(Qt::DescendingOrder);
        }
    }

    void shouldSortByEveryColumnBothWays()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        // GIVEN customers whose columns sort in different orders
        CustomerList records;
        const auto add = [&](const char* id, const char* first, const char* last, const char* address, QDate dob, bool deleted) {
            CustomerRecord r;
            r.customerId = QString::fromLatin1(id);
            r.data = {QString::fromLatin1(first), QString::fromLatin1(last), QString::fromLatin1(address), dob};
            r.status = deleted ? CustomerStatus::Deleted : CustomerStatus::Active;
            records << r;
        };
        add("a", "carol", "Zed", "3 Main", QDate(1990, 1, 1), false);
        add("b", "Alice", "young", "1 Main", QDate(1970, 1, 1), true);
        add("c", "bob", "Xavier", "2 main", QDate(1980, 1, 1), false);
        const CustomerSnapshot snapshot(records, nullptr, 3, 3);
        CustomerQuery query;
        query.sortColumn = static_cast<CustomerColumn>(column);
        query.sortOrder = static_cast<Qt::SortOrder>(order);
        // WHEN sorted
        const CustomerRowOrderPtr rows = CustomerQuery::run(snapshot, query);
        // THEN every neighbour pair is in order by that column's text (case-insensitive), ties by id
        QCOMPARE(rows->rows.size(), size_t(3));
        const auto key = [&](int i) -> QString {
            const CustomerRecord& r = snapshot.at(i);
            switch (query.sortColumn) {
            case CustomerColumn::FirstName: return r.data.firstName.toLower();
            case CustomerColumn::LastName: return r.data.lastName.toLower();
            case CustomerColumn::Address: return r.data.address.toLower();
            case CustomerColumn::DateOfBirth: return r.data.dateOfBirth.toString(Qt::ISODate);
            case CustomerColumn::Status: return QString::number(static_cast<int>(r.status));
            default: return r.customerId;
            }
        };
        for (size_t i = 1; i < rows->rows.size(); ++i) {
            const QString a = key(rows->rows[i - 1]);
            const QString b = key(rows->rows[i]);
            if (query.sortOrder == Qt::AscendingOrder)
                QVERIFY2(a <= b, qPrintable(a + QStringLiteral(" before ") + b));
            else
                QVERIFY2(a >= b, qPrintable(a + QStringLiteral(" before ") + b));
        }
        // and the inverse map agrees
        for (size_t row = 0; row < rows->rows.size(); ++row)
            QCOMPARE(rows->rowOfRecord[static_cast<size_t>(rows->rows[row])], int(row));
    }

    void shouldStopWhenCancelled()
    {
        const CustomerSnapshot snapshot = demoSnapshot();
        std::atomic<bool> cancelled{true};
        QVERIFY(!CustomerQuery::run(snapshot, CustomerQuery{}, &cancelled));
    }
};

QTEST_GUILESS_MAIN(TestCustomerQuery)
#include "TestCustomerQuery.moc"
