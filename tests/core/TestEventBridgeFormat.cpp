#include "EventBridgeFormat.h"
#include "Timestamp.h"

#include <QTest>

using namespace hindsight;

/** EventBridgeFormat: the events the source document's service publishes on Amazon EventBridge. */
class TestEventBridgeFormat : public QObject
{
    Q_OBJECT

private slots:
    void shouldReadTheCustomerAndTimeFromWhereTheyAre_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("recordedAt");
        QTest::addColumn<EventType>("type");
        QTest::newRow("detail.data with metadata.created")
            << QByteArray(R"({"id":"e1","detail-type":"AccountUpdated","time":"2023-04-05T08:47:30Z","detail":{"metadata":{"created":"2023-04-05T08:47:30.718Z"},"data":{"customerId":"100-255-8730","firstName":"Joe","lastName":"Bloke","address":"99, Edge Lane, London","dob":"1966-04-12"}}})")
            << "2023-04-05T08:47:30.718Z" << EventType::Updated;
        QTest::newRow("no metadata: EventBridge's time")
            << QByteArray(R"({"id":"e1","detail-type":"AccountCreated","time":"2023-04-05T08:47:30Z","detail":{"data":{"customerId":"100-255-8730","firstName":"Joe","lastName":"Bloke","address":"99, Edge Lane, London","dob":"1966/04/12"}}})")
            << "2023-04-05T08:47:30.000Z" << EventType::Created;
        QTest::newRow("the customer in detail itself")
            << QByteArray(R"({"id":"e1","detail-type":"AccountDeleted","time":"2023-04-05T08:47:30Z","detail":{"customerId":"100-255-8730","firstName":"Joe","lastName":"Bloke","address":"99, Edge Lane, London","dob":"1966-04-12"}})")
            << "2023-04-05T08:47:30.000Z" << EventType::Deleted;
        QTest::newRow("pretty-printed over several lines")
            << QByteArray("{\n  \"id\": \"e1\",\n  \"detail-type\": \"AccountCreated\",\n  \"time\": \"2023-04-05T08:47:30Z\",\n  \"detail\": {\n"
                          "    \"customerId\": \"100-255-8730\", \"firstName\": \"Joe\", \"lastName\": \"Bloke\",\n"
                          "    \"address\": \"99, Edge Lane, London\", \"dob\": \"1966-04-12\"\n  }\n}\n")
            << "2023-04-05T08:47:30.000Z" << EventType::Created;
    }
    void shouldReadTheCustomerAndTimeFromWhereTheyAre()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, recordedAt);
        QFETCH(EventType, type);
        const auto events = EventBridgeFormat::read(json, QStringLiteral("bus.json"));
        QVERIFY2(events.ok(), qPrintable(events.ok() ? QString() : events.error().message));
        QCOMPARE(events->size(), 1);
        const Event& e = events->first().event;
        QCOMPARE(e.eventId(), u"e1"_qs);
        QCOMPARE(e.customerId(), u"100-255-8730"_qs);
        QCOMPARE(e.type(), type);
        QCOMPARE(Timestamp::format(e.recordedAtMs()), recordedAt);
        QCOMPARE(e.data().address, u"99, Edge Lane, London"_qs);
        QCOMPARE(e.data().dateOfBirth, QDate(1966, 4, 12));
    }

    void shouldReadAnArrayGivingEachElementItsLine()
    {
        const QByteArray json = "[\n"
                                R"({"id":"e1","detail-type":"AccountCreated","time":"2023-04-05T08:00:00Z","detail":{"customerId":"9","firstName":"A","lastName":"B","address":"C","dob":"1966-04-12"}},)"
                                "\n\n"
                                R"({"id":"e2","detail-type":"AccountDeleted","time":"2023-04-06T08:00:00Z","detail":{"customerId":"9","firstName":"A","lastName":"B","address":"C","dob":"1966-04-12"}})"
                                "\n]\n";
        const auto events = EventBridgeFormat::read(json, QStringLiteral("bus.json"));
        QVERIFY2(events.ok(), qPrintable(events.ok() ? QString() : events.error().message));
        QCOMPARE(events->size(), 2);
        QCOMPARE(events->at(0).line, 2);
        QCOMPARE(events->at(1).line, 4);
    }
};

QTEST_GUILESS_MAIN(TestEventBridgeFormat)
#include "TestEventBridgeFormat.moc"
