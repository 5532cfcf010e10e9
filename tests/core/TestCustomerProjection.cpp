#include "CustomerProjection.h"

#include "TestStores.h"

#include <QTest>

using namespace hindsight;
using namespace hindsight::test;

namespace {
const QString Joe = QStringLiteral("100-255-8730");
}

class TestCustomerProjection : public QObject
{
    Q_OBJECT

private slots:
    void shouldFollowACustomerThroughItsEvents()
    {
        CustomerProjection projection;
        QVERIFY(projection.apply(newEvent(Joe, EventType::Created, 100)).ok());
        const auto leeds = customerData(u"Joe"_qs, u"Bloke"_qs, u"34, Fine Way, Leeds"_qs);
        QVERIFY(projection.apply(newEvent(Joe, EventType::Updated, 200, leeds)).ok());
        auto joe = projection.customer(Joe);
        QVERIFY(joe.has_value());
        QCOMPARE(joe->data, leeds);
        QCOMPARE(joe->version, 2);
        QCOMPARE(joe->createdAtMs, 100);
        QCOMPARE(joe->updatedAtMs, 200);
        QCOMPARE(joe->status, CustomerStatus::Active);
        QVERIFY(projection.apply(newEvent(Joe, EventType::Deleted, 300, leeds)).ok());
        QCOMPARE(projection.customer(Joe)->status, CustomerStatus::Deleted);
        QCOMPARE(customerStatusName(projection.customer(Joe)->status), u"DELETED"_qs);
    }

    void shouldRefuseEventsThatCannotFollow_data()
    {
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("second");
        QTest::addColumn<qint64>("secondAt");
        QTest::addColumn<QString>("reason");
        QTest::newRow("update of unknown") << -1 << int(EventType::Updated) << qint64(200) << "has not been created";
        QTest::newRow("delete of unknown") << -1 << int(EventType::Deleted) << qint64(200) << "has not been created";
        QTest::newRow("create twice") << int(EventType::Created) << int(EventType::Created) << qint64(200) << "exists already";
        QTest::newRow("time going backwards") << int(EventType::Created) << int(EventType::Updated) << qint64(50) << "not later";
    }
    void shouldRefuseEventsThatCannotFollow()
    {
        QFETCH(int, first);
        QFETCH(int, second);
        QFETCH(qint64, secondAt);
        QFETCH(QString, reason);
        CustomerProjection projection;
        if (first > 0)
            QVERIFY(projection.apply(newEvent(Joe, EventType(first), 100)).ok());
        const auto result = projection.apply(newEvent(Joe, EventType(second), secondAt, customerData(u"Other"_qs)));
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message.contains(reason), qPrintable(result.error().message));
    }

    void shouldRefuseVersionOutOfSequence()
    {
        const Event skipped(Event::newEventId(), Joe, EventType::Created, 100, customerData(), 2, 1);
        const auto result = applyEvent(std::nullopt, skipped);
        QVERIFY(!result.ok());
        QVERIFY(result.error().message.contains(u"expects 1"_qs));
    }

    void shouldListCustomersSortedById()
    {
        const auto replay = CustomerProjection::replay(
            {newEvent(u"200"_qs, EventType::Created, 1), newEvent(u"100"_qs, EventType::Created, 2), newEvent(u"150"_qs, EventType::Created, 3)});
        QVERIFY(replay.ok());
        QStringList ids;
        for (const CustomerRecord& r : replay->customers())
            ids << r.customerId;
        QCOMPARE(ids, QStringList({u"100"_qs, u"150"_qs, u"200"_qs}));
    }
};

QTEST_GUILESS_MAIN(TestCustomerProjection)
#include "TestCustomerProjection.moc"
