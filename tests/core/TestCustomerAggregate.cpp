#include "CustomerAggregate.h"

#include "TestStores.h"

#include <QTest>

using namespace hindsight;

Q_DECLARE_METATYPE(hindsight::CustomerData)
using namespace hindsight::test;

namespace {
const QDate Today(2024, 1, 10);
const qint64 Now = 1704844800000; // 2024-01-10T00:00:00Z

CustomerRecord liveJoe()
{
    CustomerRecord r;
    r.customerId = QStringLiteral("100-255-8730");
    r.data = customerData();
    r.version = 2;
    r.createdAtMs = Now - 100000;
    r.updatedAtMs = Now - 1000;
    return r;
}
} // namespace

class TestCustomerAggregate : public QObject
{
    Q_OBJECT

private slots:
    void shouldCreateUnknownCustomer()
    {
        // GIVEN an unknown customer WHEN it is created
        const auto event = CustomerAggregate(QStringLiteral("100-255-8730"), std::nullopt).create(customerData(), Now, Today);
        // THEN one AccountCreated event carries the data and the current time
        QVERIFY(event.ok());
        QCOMPARE(event->type(), EventType::Created);
        QCOMPARE(event->customerId(), QStringLiteral("100-255-8730"));
        QCOMPARE(event->data(), customerData());
        QCOMPARE(event->recordedAtMs(), Now);
        QVERIFY(!event->eventId().isEmpty());
    }

    void shouldRefuseCreateOfExistingId()
    {
        const auto event = CustomerAggregate(QStringLiteral("100-255-8730"), liveJoe()).create(customerData(), Now, Today);
        QVERIFY(!event.ok());
        QCOMPARE(event.error().code, ErrorCode::Validation);
        QVERIFY(event.error().message.contains(QStringLiteral("exists already")));
    }

    void shouldRefuseInvalidData_data()
    {
        QTest::addColumn<CustomerData>("data");
        QTest::addColumn<QString>("field");
        QTest::newRow("blank first name") << customerData(QStringLiteral("  ")) << "firstName";
        QTest::newRow("empty last name") << customerData(QStringLiteral("Joe"), QString()) << "lastName";
        QTest::newRow("invalid date of birth")
            << customerData(QStringLiteral("Joe"), QStringLiteral("Bloke"), QStringLiteral("x"), QDate()) << "dob";
        QTest::newRow("date of birth in the future")
            << customerData(QStringLiteral("Joe"), QStringLiteral("Bloke"), QStringLiteral("x"), Today.addDays(1)) << "dob";
        QTest::newRow("lone surrogate in the first name") << customerData(QStringLiteral("Joe") + QChar(0xd800)) << "firstName";
        QTest::newRow("lone surrogate in the last name")
            << customerData(QStringLiteral("Joe"), QChar(0xdc00) + QStringLiteral("Bloke")) << "lastName";
        QTest::newRow("lone surrogate in the address")
            << customerData(QStringLiteral("Joe"), QStringLiteral("Bloke"), QStringLiteral("15, Nice") + QChar(0xd83d) + QStringLiteral(" Road"))
            << "address";
    }
    void shouldRefuseInvalidData()
    {
        QFETCH(CustomerData, data);
        QFETCH(QString, field);
        const auto created = CustomerAggregate(QStringLiteral("100-1"), std::nullopt).create(data, Now, Today);
        QVERIFY(!created.ok());
        QCOMPARE(created.error().code, ErrorCode::Validation);
        QCOMPARE(created.error().field, field);
        const auto updated = CustomerAggregate(QStringLiteral("100-255-8730"), liveJoe()).update(data, Now, Today);
        QVERIFY(!updated.ok());
        QCOMPARE(updated.error().field, field);
    }

    void shouldAcceptBirthToday()
    {
        const auto data = customerData(QStringLiteral("New"), QStringLiteral("Born"), QString(), Today);
        QVERIFY(CustomerAggregate(QStringLiteral("100-1"), std::nullopt).create(data, Now, Today).ok());
    }

    void shouldRefuseBadCustomerIds_data()
    {
        QTest::addColumn<QString>("id");
        QTest::newRow("blank") << " ";
        QTest::newRow("inner space") << "100 255";
        QTest::newRow("too long") << QString(65, QLatin1Char('1'));
        QTest::newRow("lone surrogate") << QStringLiteral("100-") + QChar(0xd800);
    }
    void shouldRefuseBadCustomerIds()
    {
        QFETCH(QString, id);
        const auto event = CustomerAggregate(id, std::nullopt).create(customerData(), Now, Today);
        QVERIFY(!event.ok());
        QCOMPARE(event.error().field, QStringLiteral("id"));
    }

    void shouldRefuseUpdateThatChangesNothing()
    {
        const auto event = CustomerAggregate(QStringLiteral("100-255-8730"), liveJoe()).update(customerData(), Now, Today);
        QVERIFY(!event.ok());
        QVERIFY(event.error().message.contains(QStringLiteral("Nothing changed")));
    }

    void shouldUpdateWithFullNewState()
    {
        const auto moved = customerData(QStringLiteral("Joe"), QStringLiteral("Bloke"), QStringLiteral("34, Fine Way, Leeds"));
        const auto event = CustomerAggregate(QStringLiteral("100-255-8730"), liveJoe()).update(moved, Now, Today);
        QVERIFY(event.ok());
        QCOMPARE(event->type(), EventType::Updated);
        QCOMPARE(event->data(), moved);
    }

    void shouldRefuseUpdateAndDeleteOfUnknownCustomer()
    {
        const CustomerAggregate unknown(QStringLiteral("999"), std::nullopt);
        QCOMPARE(unknown.update(customerData(), Now, Today).error().code, ErrorCode::NotFound);
        QCOMPARE(unknown.remove(Now).error().code, ErrorCode::NotFound);
    }

    void shouldRejectUpdateOfDeletedCustomer()
    {
        CustomerRecord deleted = liveJoe();
        deleted.status = CustomerStatus::Deleted;
        const CustomerAggregate aggregate(deleted.customerId, deleted);
        const auto moved = customerData(QStringLiteral("Joe"), QStringLiteral("Bloke"), QStringLiteral("elsewhere"));
        const auto update = aggregate.update(moved, Now, Today);
        QVERIFY(!update.ok());
        QVERIFY(update.error().message.contains(QStringLiteral("deleted")));
        QVERIFY(!aggregate.remove(Now).ok());
    }

    void shouldNeverRecordBeforeTheStreamsLatestEvent()
    {
        // GIVEN a customer whose latest event is later than the clock (a clock set back)
        CustomerRecord joe = liveJoe();
        joe.updatedAtMs = Now + 5000;
        // WHEN it is deleted THEN the event is recorded just after the latest one
        const auto event = CustomerAggregate(joe.customerId, joe).remove(Now);
        QVERIFY(event.ok());
        QCOMPARE(event->recordedAtMs(), Now + 5001);
        QCOMPARE(event->type(), EventType::Deleted);
    }
};

QTEST_GUILESS_MAIN(TestCustomerAggregate)
#include "TestCustomerAggregate.moc"
