#include "AccountRules.h"
#include "AccountService.h"
#include "DynamoDbJsonFormat.h"
#include "EventImporter.h"
#include "EventTableWriter.h"
#include "JsonText.h"
#include "JsonlEventFormat.h"
#include "Timestamp.h"

#include "MockClock.h"
#include "TestStores.h"

#include <QDir>
#include <QStandardPaths>
#include <QTest>

using namespace hindsight;
using namespace hindsight::test;

namespace {

const qint64 RecordedAt = 1680684450000;   // 2023-04-05T08:47:30Z: when the imported events happened
const qint64 ServiceNow = 1700000000000;   // 2023-11-14: when the window or the CLI is used
const QDate Today(2023, 11, 14);
const QDate EventDay(2023, 4, 5);

QString repeated(const char* text, qsizetype count)
{
    return QString::fromLatin1(text).repeated(count);
}

/** A customer to change one field of: Ann Lee of Leeds, born 1966. */
struct Input {
    QString customerId = QStringLiteral("100-255-8730");
    QString eventId = QStringLiteral("e1");
    CustomerData data{QStringLiteral("Ann"), QStringLiteral("Lee"), QStringLiteral("Leeds"), QDate(1966, 4, 12)};
};

Input with(const QString& field, const QString& value)
{
    Input in;
    if (field == u"id")
        in.customerId = value;
    else if (field == u"eventId")
        in.eventId = value;
    else if (field == u"firstName")
        in.data.firstName = value;
    else if (field == u"lastName")
        in.data.lastName = value;
    else if (field == u"address")
        in.data.address = value;
    return in;
}

/** The one-event file of @p format holding @p e, as each writes it (EventBridge by hand: it has no writer). */
QByteArray fileOf(EventFileFormat format, const Event& e)
{
    QByteArray out;
    switch (format) {
    case EventFileFormat::Csv:
        out = EventTableWriter::toCsv({}, EventTableWriter::Columns::EventStore);
        EventTableWriter::appendCsv(out, e, EventTableWriter::Columns::EventStore);
        break;
    case EventFileFormat::Jsonl:
        JsonlEventFormat::appendLine(out, e);
        break;
    case EventFileFormat::DynamoDb:
        DynamoDbJsonFormat::appendLine(out, e);
        break;
    case EventFileFormat::EventBridge: {
        const auto field = [&](const char* name, const QString& value) {
            out.append('"').append(name).append("\":");
            JsonText::appendString(out, value);
        };
        out.append('{');
        field("id", e.eventId());
        out.append(R"(,"detail-type":"AccountCreated","source":"customer.service",)");
        field("time", Timestamp::format(e.recordedAtMs()));
        out.append(R"(,"detail":{"data":{)");
        field("customerId", e.customerId());
        out.append(',');
        field("firstName", e.data().firstName);
        out.append(',');
        field("lastName", e.data().lastName);
        out.append(',');
        field("address", e.data().address);
        out.append(',');
        field("dob", Timestamp::formatDate(e.data().dateOfBirth));
        out.append("}}}\n");
        break;
    }
    case EventFileFormat::Auto:
        break;
    }
    return out;
}

const QList<std::pair<EventFileFormat, QString>> ImportFiles = {
    {EventFileFormat::Csv, QStringLiteral("in.csv")},
    {EventFileFormat::Jsonl, QStringLiteral("in.jsonl")},
    {EventFileFormat::DynamoDb, QStringLiteral("in.json")},
    {EventFileFormat::EventBridge, QStringLiteral("in.json")},
};

EventField eventFieldOf(const QString& key)
{
    if (key == u"id")
        return EventField::CustomerId;
    if (key == u"eventId")
        return EventField::EventId;
    if (key == u"firstName")
        return EventField::FirstName;
    if (key == u"lastName")
        return EventField::LastName;
    if (key == u"address")
        return EventField::Address;
    return EventField::DateOfBirth;
}

} // namespace

/**
 * AccountRules: one set of rules for every way an event enters a store. The window and the CLI create customers
 * through AccountService; imports read CSV, JSON Lines, DynamoDB JSON and EventBridge. Each refuses the same input
 * with the same words, naming the field (and, for a file, the file, the line and the field as the file spells it),
 * and writes nothing.
 */
class TestAccountRules : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void shouldRefuseTheSameInputOnEveryEntryPath_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char* tag, const char* field, const QString& value, const char* expected) {
            QTest::newRow(tag) << QString::fromLatin1(field) << value << QString::fromUtf8(expected);
        };
        // Limits: the longest a field may be.
        row("customer id of 65 characters", "id", repeated("1", 65), "Customer ID is longer than 64 characters (it has 65)");
        row("first name of 201 characters", "firstName", repeated("a", 201), "First name is longer than 200 characters (it has 201)");
        row("last name of 201 characters", "lastName", repeated("b", 201), "Last name is longer than 200 characters (it has 201)");
        row("address of 1,001 characters", "address", repeated("c", 1001), "Address is longer than 1000 characters (it has 1001)");
        row("an address of 10 MB", "address", repeated("0123456789", 1000000), "Address is longer than 1000 characters (it has 10000000)");
        // Characters that hide or change what is shown.
        row("customer id with a zero-width space", "id", u"100-255\u200B-8730"_qs, "Customer ID holds an invisible character (U+200B) at character 8");
        row("customer id with a byte-order mark", "id", u"\uFEFF100-255-8730"_qs, "Customer ID holds a byte-order mark (U+FEFF) at character 1");
        row("customer id with a right-to-left override", "id", u"100-\u202E0378"_qs, "Customer ID holds a bidirectional control (U+202E)");
        row("customer id with a soft hyphen", "id", u"100\u00AD255"_qs, "Customer ID holds an invisible character (U+00AD)");
        row("customer id with an escape", "id", u"100\u001B[31m"_qs, "Customer ID holds an escape character (U+001B) at character 4");
        row("first name with an escape sequence", "firstName", u"Ann\u001B]0;owned\u0007"_qs, "First name holds an escape character (U+001B) at character 4");
        row("first name with NUL", "firstName", QStringLiteral("An") + QChar(0) + QStringLiteral("n"), "First name holds a control character (U+0000) at character 3");
        row("first name with a line break", "firstName", u"Ann\nLee"_qs, "First name holds a line break (U+000A) at character 4");
        row("first name with a tab", "firstName", u"Ann\tLee"_qs, "First name holds a tab (U+0009)");
        row("first name with U+001F", "firstName", u"Ann\u001F"_qs, "First name holds a control character (U+001F)");
        row("last name with DEL", "lastName", u"Lee\u007F"_qs, "Last name holds a control character (U+007F)");
        row("last name with a C1 control", "lastName", u"Lee\u009B2J"_qs, "Last name holds a control character (U+009B)");
        row("last name with a left-to-right isolate", "lastName", u"\u2066Lee"_qs, "Last name holds a bidirectional control (U+2066)");
        row("last name with a pop directional isolate", "lastName", u"Lee\u2069"_qs, "Last name holds a bidirectional control (U+2069)");
        row("last name with a zero-width joiner", "lastName", u"Le\u200De"_qs, "Last name holds an invisible character (U+200D)");
        row("last name with a word joiner", "lastName", u"Le\u2060e"_qs, "Last name holds an invisible character (U+2060)");
        row("address with a carriage return", "address", u"1 Road\r\nLeeds"_qs, "Address holds a carriage return (U+000D) at character 7");
        row("address with a right-to-left embedding", "address", u"1 Road\u202B, Leeds"_qs, "Address holds a bidirectional control (U+202B)");
        row("address with a line separator", "address", u"1 Road\u2028Leeds"_qs, "Address holds a line or paragraph separator (U+2028)");
        row("blank first name", "firstName", u"   "_qs, "First name must not be blank.");
    }
    void shouldRefuseTheSameInputOnEveryEntryPath()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        const Input in = with(field, value);

        // GIVEN the window or the CLI WHEN the customer is created THEN it is refused, naming the field
        TemporaryStore t;
        MockClock clock(ServiceNow);
        AccountService service(t.store(), clock);
        const auto created = service.createCustomer(in.data, in.customerId);
        QVERIFY(!created.ok());
        QCOMPARE(created.error().code, ErrorCode::Validation);
        QCOMPARE(created.error().field, field);
        QVERIFY2(created.error().message.contains(expected), qPrintable(created.error().message));
        QCOMPARE(t.store().headPosition().value(), 0);

        // GIVEN each import format WHEN a file holding the same event is imported
        for (const auto& [format, name] : ImportFiles) {
            const QString path = QDir(t.dirPath()).filePath(name);
            const Event event(in.eventId, in.customerId, EventType::Created, RecordedAt, in.data);
            QVERIFY(writeFile(path, fileOf(format, event)));
            const auto report = EventImporter::importFile(t.store(), path, format);
            // THEN it is refused with the same words, naming the file, the line and the field as the file spells it
            QVERIFY2(!report.ok(), qPrintable(eventFileFormatName(format)));
            const qint64 line = format == EventFileFormat::Csv ? 2 : 1;
            const QString where = QStringLiteral("%1, line %2, field %3: ").arg(name).arg(line).arg(eventFieldName(format, eventFieldOf(field)));
            QCOMPARE(report.error().message + u'.', where + created.error().message);
            QCOMPARE(report.error().line, line);
            // AND nothing is written
            QCOMPARE(t.store().headPosition().value(), 0);
        }
    }

    void shouldAcceptTextAtTheLimitsOnEveryEntryPath_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::newRow("customer id of 64 characters") << "id" << repeated("1", 64);
        QTest::newRow("first name of 200 characters") << "firstName" << repeated("a", 200);
        QTest::newRow("last name of 200 characters") << "lastName" << repeated("b", 200);
        QTest::newRow("address of 1,000 characters, lines included") << "address" << repeated("1 Road\nLeeds", 83) + QStringLiteral("1234");
        QTest::newRow("names in many scripts") << "firstName" << u"Zoë Müller-Łukasiewicz O'Brien 漢字 محمد Ἀθηνᾶ"_qs;
        QTest::newRow("an emoji (a surrogate pair)") << "lastName" << u"Lee 🙂"_qs;
        QTest::newRow("an empty address") << "address" << QString();
    }
    void shouldAcceptTextAtTheLimitsOnEveryEntryPath()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        Input in = with(field, value);
        QCOMPARE(AccountRules::checkData(in.data, EventDay, Today).ok(), true);

        TemporaryStore viaService;
        MockClock clock(ServiceNow);
        const auto created = AccountService(viaService.store(), clock).createCustomer(in.data, in.customerId);
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().message));

        for (const auto& [format, name] : ImportFiles) {
            TemporaryStore t;
            const QString path = QDir(t.dirPath()).filePath(name);
            QVERIFY(writeFile(path, fileOf(format, Event(in.eventId, in.customerId, EventType::Created, RecordedAt, in.data))));
            const auto report = EventImporter::importFile(t.store(), path, format);
            QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
            QCOMPARE(t.store().customer(in.customerId).value()->data, in.data);
        }
    }

    void shouldRefuseAnEventIdTheCustomerIdRulesWouldRefuse_data()
    {
        QTest::addColumn<QString>("eventId");
        QTest::addColumn<QString>("expected");
        QTest::newRow("65 characters") << repeated("e", 65) << "Event ID is longer than 64 characters (it has 65)";
        QTest::newRow("a zero-width space") << u"e\u200B1"_qs << "Event ID holds an invisible character (U+200B) at character 2";
        QTest::newRow("a space inside") << u"e 1"_qs << "Event ID holds a space (U+0020) at character 2";
        QTest::newRow("an escape") << u"e\u001B1"_qs << "Event ID holds an escape character (U+001B)";
    }
    void shouldRefuseAnEventIdTheCustomerIdRulesWouldRefuse()
    {
        QFETCH(QString, eventId);
        QFETCH(QString, expected);
        const Input in = with(QStringLiteral("eventId"), eventId);
        for (const auto& [format, name] : ImportFiles) {
            TemporaryStore t;
            const QString path = QDir(t.dirPath()).filePath(name);
            QVERIFY(writeFile(path, fileOf(format, Event(in.eventId, in.customerId, EventType::Created, RecordedAt, in.data))));
            const auto report = EventImporter::importFile(t.store(), path, format);
            QVERIFY2(!report.ok(), qPrintable(eventFileFormatName(format)));
            QVERIFY2(report.error().message.contains(QStringLiteral(", field %1: ").arg(eventFieldName(format, EventField::EventId)) + expected),
                     qPrintable(report.error().message));
            QCOMPARE(t.store().headPosition().value(), 0);
        }
    }

    void shouldRefuseALoneSurrogateInEveryField_data()
    {
        QTest::addColumn<QString>("field");
        for (const char* field : {"id", "eventId", "firstName", "lastName", "address"})
            QTest::newRow(field) << QString::fromLatin1(field);
    }
    void shouldRefuseALoneSurrogateInEveryField()
    {
        // A lone surrogate reaches no file (UTF-8 cannot hold one; the JSON readers refuse \ud800), but a QString can.
        QFETCH(QString, field);
        const Input in = with(field, QStringLiteral("ab") + QChar(0xD800) + QStringLiteral("c"));
        const Event event(in.eventId, in.customerId, EventType::Created, RecordedAt, in.data);
        const auto checked = AccountRules::checkEvent(event, Today);
        QVERIFY(!checked.ok());
        QCOMPARE(checked.error().field, field);
        QVERIFY2(checked.error().message.contains(u"a broken character (an unpaired UTF-16 surrogate U+D800) at character 3"_qs),
                 qPrintable(checked.error().message));
    }

    void shouldKeepTheDateOfBirthWithinTheEventsLife_data()
    {
        QTest::addColumn<QDate>("dob");
        QTest::addColumn<QDate>("recordedOn");
        QTest::addColumn<QString>("expected"); // empty: accepted
        QTest::newRow("born before the event") << QDate(1966, 4, 12) << EventDay << QString();
        QTest::newRow("born the day of the event") << EventDay << EventDay << QString();
        QTest::newRow("born the first day allowed") << QDate(1800, 1, 1) << EventDay << QString();
        QTest::newRow("born after the event") << QDate(2023, 6, 1) << EventDay
                                              << "Date of birth 2023-06-01 is after the day the event was recorded (2023-04-05).";
        QTest::newRow("born in 2999") << QDate(2999, 1, 1) << EventDay << "Date of birth 2999-01-01 is in the future.";
        QTest::newRow("an event in 2999, born after today") << QDate(2998, 1, 1) << QDate(2999, 1, 1)
                                                            << "Date of birth 2998-01-01 is in the future.";
        QTest::newRow("born before 1800") << QDate(1799, 12, 31) << EventDay
                                          << "Date of birth 1799-12-31 is before 1800-01-01; expected a date of birth of someone alive then.";
        QTest::newRow("a placeholder of year 1") << QDate(1, 1, 1) << EventDay
                                                 << "Date of birth 0001-01-01 is before 1800-01-01; expected a date of birth of someone alive then.";
        QTest::newRow("no date") << QDate() << EventDay << "Date of birth must be a real date (YYYY-MM-DD).";
    }
    void shouldKeepTheDateOfBirthWithinTheEventsLife()
    {
        QFETCH(QDate, dob);
        QFETCH(QDate, recordedOn);
        QFETCH(QString, expected);
        CustomerData data = customerData();
        data.dateOfBirth = dob;
        const auto checked = AccountRules::checkData(data, recordedOn, Today);
        QCOMPARE(checked.ok() ? QString() : checked.error().message, expected);
        if (!checked.ok())
            QCOMPARE(checked.error().field, u"dob"_qs);
    }

    void shouldTellTheDayOfATime_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::newRow("the epoch") << qint64(0);
        QTest::newRow("a millisecond before it") << qint64(-1);
        QTest::newRow("an export's time") << RecordedAt;
        QTest::newRow("the first writable time") << Timestamp::FirstWritableMs;
        QTest::newRow("the last writable time") << Timestamp::LastWritableMs;
    }
    void shouldTellTheDayOfATime()
    {
        QFETCH(qint64, ms);
        QCOMPARE(AccountRules::dayOf(ms), QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).date());
    }
};

QTEST_GUILESS_MAIN(TestAccountRules)
#include "TestAccountRules.moc"
