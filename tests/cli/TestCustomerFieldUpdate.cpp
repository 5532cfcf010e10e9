#include "AccountService.h"
#include "CustomerFieldUpdate.h"

#include "MockClock.h"
#include "StoreInspection.h"
#include "TestStores.h"

#include <QTest>

using namespace hindsight;
using namespace hindsight::test;

namespace {

const QString Ann = QStringLiteral("200-000-0001");

} // namespace

/**
 * What `hindsight-cli update` writes when another writer gets in between its read and its append: the seam
 * (BeforeAppend) lets a second connection to the same file write at exactly that point.
 */
class TestCustomerFieldUpdate : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TemporaryStore> m_store;         // the connection of `update`
    std::unique_ptr<SqliteEventStore> m_otherWriter; // another program's connection to the same file
    MockClock m_clock;

    CustomerRecord customer(EventStore& store, const QString& id)
    {
        auto found = store.customer(id);
        return found && found->has_value() ? **found : CustomerRecord{};
    }

private slots:
    void init()
    {
        m_store = std::make_unique<TemporaryStore>();
        AccountService service(m_store->store(), m_clock);
        QVERIFY(service.createCustomer(customerData(u"Ann"_qs, u"Lee"_qs, u"1, Old Road, Leeds"_qs, QDate(1970, 1, 1)), Ann).ok());
        auto other = SqliteEventStore::open(m_store->path());
        QVERIFY(other.ok());
        m_otherWriter = std::move(other).value();
    }

    void cleanup()
    {
        m_otherWriter.reset();
        m_store.reset();
    }

    void shouldApplyTheChangeToWhatAnotherWriterLeftWithoutAnExpectedVersion()
    {
        // GIVEN an update of Ann's address, and another writer that changes her last name just before it appends
        CustomerFieldUpdate update;
        update.address = u"2, New Road, York"_qs;
        QList<int> attempts;
        const auto otherWriterGetsIn = [&](int attempt) {
            attempts << attempt;
            if (attempt == 1) {
                AccountService other(*m_otherWriter, m_clock);
                QVERIFY(other.updateCustomer(Ann, customerData(u"Ann"_qs, u"Lee-Smith"_qs, u"1, Old Road, Leeds"_qs, QDate(1970, 1, 1))).ok());
            }
        };
        // WHEN it is written without an expected version
        auto event = update.writeTo(m_store->store(), Ann, EventStore::AnyVersion, m_clock, otherWriterGetsIn);
        // THEN it is read again and written on top: version 3, with the new address and the other writer's last name
        QVERIFY2(event.ok(), qPrintable(failureOf(event)));
        QCOMPARE(attempts, (QList<int>{1, 2}));
        QCOMPARE(event->version(), 3);
        QCOMPARE(event->data().address, u"2, New Road, York"_qs);
        QCOMPARE(event->data().lastName, u"Lee-Smith"_qs);
        const CustomerRecord now = customer(m_store->store(), Ann);
        QCOMPARE(now.version, 3);
        QCOMPARE(now.data.lastName, u"Lee-Smith"_qs);
        QCOMPARE(now.data.address, u"2, New Road, York"_qs);
    }

    void shouldRefuseAStaleExpectedVersionAndWriteNothing()
    {
        // GIVEN an update that expects Ann at version 1, and another writer that gets in first
        CustomerFieldUpdate update;
        update.firstName = u"Anne"_qs;
        int calls = 0;
        const auto otherWriterGetsIn = [&](int) {
            ++calls;
            QVERIFY(AccountService(*m_otherWriter, m_clock).updateCustomer(Ann, customerData(u"Ann"_qs, u"Lee"_qs, u"3, Elm Row, Hull"_qs, QDate(1970, 1, 1))).ok());
        };
        // WHEN it is written
        auto event = update.writeTo(m_store->store(), Ann, 1, m_clock, otherWriterGetsIn);
        // THEN it is a conflict naming the version now, tried once, and nothing of it was written
        QVERIFY(!event.ok());
        QCOMPARE(event.error().code, ErrorCode::Conflict);
        QCOMPARE(event.error().currentVersion, 2);
        QVERIFY2(event.error().message.contains(u"nothing was written"_qs), qPrintable(event.error().message));
        QCOMPARE(calls, 1);
        const CustomerRecord now = customer(m_store->store(), Ann);
        QCOMPARE(now.version, 2);
        QCOMPARE(now.data.firstName, u"Ann"_qs);
    }

    void shouldGiveUpWithAConflictWhenOthersWinEveryTime()
    {
        // GIVEN another writer that changes Ann before every attempt
        CustomerFieldUpdate update;
        update.firstName = u"Anne"_qs;
        int calls = 0;
        const auto otherWriterGetsIn = [&](int attempt) {
            ++calls;
            const CustomerData data = customerData(u"Ann"_qs, u"Lee"_qs, QStringLiteral("%1, Busy Street, Leeds").arg(attempt), QDate(1970, 1, 1));
            QVERIFY(AccountService(*m_otherWriter, m_clock).updateCustomer(Ann, data).ok());
        };
        // WHEN the update is written
        auto event = update.writeTo(m_store->store(), Ann, EventStore::AnyVersion, m_clock, otherWriterGetsIn);
        // THEN it stops after MaxAttempts with a conflict, having written nothing
        QVERIFY(!event.ok());
        QCOMPARE(event.error().code, ErrorCode::Conflict);
        QVERIFY2(event.error().message.contains(u"nothing was written"_qs), qPrintable(event.error().message));
        QCOMPARE(calls, CustomerFieldUpdate::MaxAttempts);
        QCOMPARE(customer(m_store->store(), Ann).version, 1 + CustomerFieldUpdate::MaxAttempts);
        QCOMPARE(customer(m_store->store(), Ann).data.firstName, u"Ann"_qs);
    }

    void shouldRefuseWhenAnotherWriterDeletedTheCustomerMeanwhile()
    {
        CustomerFieldUpdate update;
        update.lastName = u"Lee-Smith"_qs;
        const auto otherWriterDeletes = [&](int attempt) {
            if (attempt == 1)
                QVERIFY(AccountService(*m_otherWriter, m_clock).deleteCustomer(Ann).ok());
        };
        auto event = update.writeTo(m_store->store(), Ann, EventStore::AnyVersion, m_clock, otherWriterDeletes);
        QVERIFY(!event.ok());
        QCOMPARE(event.error().code, ErrorCode::Validation);
        QVERIFY2(event.error().message.contains(u"deleted"_qs), qPrintable(event.error().message));
        QCOMPARE(customer(m_store->store(), Ann).version, 2);
        QCOMPARE(customer(m_store->store(), Ann).status, CustomerStatus::Deleted);
    }

    void shouldReportAnUnknownCustomerAsNotFound()
    {
        CustomerFieldUpdate update;
        update.address = u"Nowhere"_qs;
        auto event = update.writeTo(m_store->store(), u"999-999-9999"_qs, EventStore::AnyVersion, m_clock);
        QVERIFY(!event.ok());
        QCOMPARE(event.error().code, ErrorCode::NotFound);
        QVERIFY2(event.error().message.contains(u"999-999-9999"_qs), qPrintable(event.error().message));
    }

    void shouldChangeOnlyTheFieldsGiven_data()
    {
        QTest::addColumn<int>("field");
        QTest::addColumn<QString>("value");
        QTest::newRow("first name") << 0 << "Anne";
        QTest::newRow("last name") << 1 << "Smith";
        QTest::newRow("address") << 2 << "9, Far Lane, Bath";
        QTest::newRow("date of birth") << 3 << "1971-02-03";
    }
    void shouldChangeOnlyTheFieldsGiven()
    {
        QFETCH(int, field);
        QFETCH(QString, value);
        const CustomerData before = customerData(u"Ann"_qs, u"Lee"_qs, u"1, Old Road, Leeds"_qs, QDate(1970, 1, 1));
        CustomerFieldUpdate update;
        CustomerData expected = before;
        switch (field) {
        case 0:
            update.firstName = expected.firstName = value;
            break;
        case 1:
            update.lastName = expected.lastName = value;
            break;
        case 2:
            update.address = expected.address = value;
            break;
        default:
            update.dateOfBirth = expected.dateOfBirth = QDate::fromString(value, Qt::ISODate);
            break;
        }
        QVERIFY(!update.isEmpty());
        QCOMPARE(update.appliedTo(before), expected);
        QVERIFY(CustomerFieldUpdate().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCustomerFieldUpdate)
#include "TestCustomerFieldUpdate.moc"
