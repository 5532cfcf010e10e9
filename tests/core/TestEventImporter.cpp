#include "EventImporter.h"
#include "Gzip.h"
#include "StoreFactory.h"
#include "Timestamp.h"

#include "TestStores.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTest>

using namespace hindsight;
using namespace hindsight::test;

namespace {

const QByteArray Header = "PK,SK,Event ID,First name,Last name,Address,DOB,Status\n";
const QString Joe = QStringLiteral("100-255-8730");
const QString Biz = QStringLiteral("100-735-6729");

/** Everything a reader can see of a store: the table and every event in order. */
struct StoreSnapshot {
    CustomerList customers;
    EventList events;
    friend bool operator==(const StoreSnapshot&, const StoreSnapshot&) = default;
};

StoreSnapshot snapshot(const EventStore& store)
{
    StoreSnapshot s;
    s.customers = store.customers().value();
    (void)store.forEachEvent(0, [&](const Event& e) {
        s.events.append(e);
        return true;
    });
    return s;
}

/** A store holding the five events of Table 3-2. */
void fillWithDemo(EventStore& store)
{
    auto demo = StoreFactory::demoEvents();
    QVERIFY(demo.ok());
    QVERIFY(store.appendBatch(*demo).ok());
}

QString message(const Result<ImportReport>& r)
{
    return r.ok() ? QString() : r.error().message;
}

} // namespace

/** EventImporter: the rules an import checks before anything is written, on files of every format. */
class TestEventImporter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void shouldImportTheSeedEventsInAnyOrder()
    {
        // GIVEN the source document's table, newest first and customers interleaved
        TemporaryStore t;
        QFile seed(QStringLiteral(HINDSIGHT_SEED_CSV));
        QVERIFY(seed.open(QIODevice::ReadOnly));
        const QByteArray csv = seed.readAll();
        auto events = EventImporter::read(csv, QStringLiteral("seed-events.csv"), EventFileFormat::Auto);
        QVERIFY(events.ok());
        // WHEN it is imported
        const auto report = EventImporter::importEvents(t.store(), *events);
        // THEN every event is applied, each stream in time order, and the table is Table 3-1
        QVERIFY2(report.ok(), qPrintable(message(report)));
        QCOMPARE(report->read, 5);
        QCOMPARE(report->imported, 5);
        QCOMPARE(report->skipped, 0);
        const CustomerList customers = t.store().customers().value();
        QCOMPARE(customers.size(), 2);
        QCOMPARE(customers[0].data.address, u"99, Edge Lane, London"_qs);
        QCOMPARE(customers[0].version, 3);
        QCOMPARE(customers[1].status, CustomerStatus::Deleted);
        QCOMPARE(t.store().readStream(Joe)->first().eventId(), u"Zxjfie294hfd-kd9e7n"_qs);
    }

    void shouldReadAwkwardButValidCsv_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("lastName");
        QTest::addColumn<QString>("recordedAt");
        const QByteArray row = "1,2023-04-05T08:47:30.718Z,e1,Joe,Bloke,\"99, Edge Lane, London\",1966/04/12,CREATED\n";
        QTest::newRow("plain") << Header + row << "99, Edge Lane, London" << "Bloke" << "2023-04-05T08:47:30.718Z";
        QTest::newRow("byte-order mark") << QByteArray("\xEF\xBB\xBF" + Header + row) << "99, Edge Lane, London" << "Bloke"
                                         << "2023-04-05T08:47:30.718Z";
        QByteArray crlf = Header + row;
        crlf.replace("\n", "\r\n");
        QTest::newRow("CRLF line ends") << crlf << "99, Edge Lane, London" << "Bloke" << "2023-04-05T08:47:30.718Z";
        QTest::newRow("quoted quotes and line break")
            << QByteArray(Header + "1,2023-04-05T08:47:30Z,e1,Joe,\"O\"\"Brien\",\"Flat 2\n\"\"The Mews\"\", Leeds\",1966-04-12,CREATED\r\n")
            << "Flat 2\n\"The Mews\", Leeds" << "O\"Brien" << "2023-04-05T08:47:30.000Z";
        QTest::newRow("columns in any order, case and spacing")
            << QByteArray("status, D O B ,ADDRESS,last name,First Name,event id,sk,Pk\nCreated,1966-04-12,Leeds,Bloke,Joe,e1,2023-04-05,1\n")
            << "Leeds" << "Bloke" << "2023-04-05T00:00:00.000Z";
        QTest::newRow("SK without milliseconds") << QByteArray(Header + "1,2023-04-05T08:47:30Z,e1,Joe,Bloke,Leeds,1966-04-12,CREATED\n")
                                                 << "Leeds" << "Bloke" << "2023-04-05T08:47:30.000Z";
        QTest::newRow("SK without a zone") << QByteArray(Header + "1,2023-04-05T08:47:30.5,e1,Joe,Bloke,Leeds,1966-04-12,CREATED\n")
                                           << "Leeds" << "Bloke" << "2023-04-05T08:47:30.500Z";
        QTest::newRow("DOB with dashes") << QByteArray(Header + "1,2023-04-05T08:47:30Z,e1,Joe,Bloke,Leeds,1966-04-12,CREATED\n")
                                         << "Leeds" << "Bloke" << "2023-04-05T08:47:30.000Z";
        QTest::newRow("blank line at the end") << QByteArray(Header + row + "\n\n") << "99, Edge Lane, London" << "Bloke"
                                               << "2023-04-05T08:47:30.718Z";
        QTest::newRow("no line break at the end") << QByteArray(Header + row.chopped(1)) << "99, Edge Lane, London" << "Bloke"
                                                  << "2023-04-05T08:47:30.718Z";
        QTest::newRow("UTF-8 names") << QByteArray(Header + "1,2023-04-05T08:47:30Z,e1,Zoë,Müller,\"1, Straße, Köln\",1966-04-12,CREATED\n")
                                     << "1, Straße, Köln" << "Müller" << "2023-04-05T08:47:30.000Z";
        QTest::newRow("extra columns are ignored")
            << QByteArray("PK,SK,Event ID,First name,Last name,Address,DOB,Status,Note\n1,2023-04-05,e1,Joe,Bloke,Leeds,1966-04-12,CREATED,hi\n")
            << "Leeds" << "Bloke" << "2023-04-05T00:00:00.000Z";
    }
    void shouldReadAwkwardButValidCsv()
    {
        QFETCH(QByteArray, csv);
        QFETCH(QString, address);
        QFETCH(QString, lastName);
        QFETCH(QString, recordedAt);
        TemporaryStore t;
        auto events = EventImporter::read(csv, QStringLiteral("x.csv"), EventFileFormat::Auto);
        QVERIFY2(events.ok(), qPrintable(events.ok() ? QString() : events.error().message));
        const auto report = EventImporter::importEvents(t.store(), *events);
        QVERIFY2(report.ok(), qPrintable(message(report)));
        QCOMPARE(report->imported, 1);
        const Event stored = t.store().readStream(u"1"_qs)->first();
        QCOMPARE(stored.data().address, address);
        QCOMPARE(stored.data().lastName, lastName);
        QCOMPARE(stored.data().dateOfBirth, QDate(1966, 4, 12));
        QCOMPARE(Timestamp::format(stored.recordedAtMs()), recordedAt);
    }

    void shouldRefuseBadFilesNamingTheLineAndWriteNothing_data()
    {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<qint64>("line");
        QTest::addColumn<QString>("expected");

        const QByteArray ok = "9,2023-04-05T08:47:30Z,e1,Ann,Lee,Leeds,1966-04-12,CREATED\n";
        // CSV
        QTest::newRow("csv: empty file") << "a.csv" << QByteArray() << qint64(1) << "empty";
        QTest::newRow("csv: missing column") << "a.csv" << QByteArray("PK,SK,Event ID,First name,Last name,Address,DOB\n") << qint64(1)
                                             << "field Status";
        QTest::newRow("csv: bad SK") << "a.csv" << QByteArray(Header + ok + "9,2023-04-05T08:47: 30Z,e2,Ann,Lee,Leeds,1966-04-12,UPDATED\n")
                                     << qint64(3) << "field SK";
        QTest::newRow("csv: bad DOB") << "a.csv" << QByteArray(Header + "9,2023-04-05,e1,Ann,Lee,Leeds,12.04.1966,CREATED\n") << qint64(2)
                                      << "field DOB";
        QTest::newRow("csv: bad status") << "a.csv" << QByteArray(Header + "9,2023-04-05,e1,Ann,Lee,Leeds,1966-04-12,MOVED\n")
                                         << qint64(2) << "field Status";
        QTest::newRow("csv: too few fields") << "a.csv" << QByteArray(Header + ok + "9,2023-04-06\n") << qint64(3) << "expected 8 fields";
        QTest::newRow("csv: bytes that are not UTF-8") << "a.csv" << QByteArray(Header + ok + "9,2023-04-06,e2,Ann,L\xe9" "e,Leeds,1966-04-12,UPDATED\n")
                                                     << qint64(3) << "byte 0xe9 is not UTF-8";
        QTest::newRow("csv: a time before year 1") << "a.csv" << QByteArray(Header + "9,0001-01-01T00:00:00+01:00,e1,Ann,Lee,Leeds,1966-04-12,CREATED\n")
                                                   << qint64(2) << "field SK: \"0001-01-01T00:00:00+01:00\" lies outside the years 1 to 9999";
        QTest::newRow("csv: unclosed quote") << "a.csv" << QByteArray(Header + ok + "9,2023-04-06,e2,Ann,Lee,\"Leeds,1966-04-12,UPDATED\n")
                                             << qint64(3) << "not closed";
        // JSON Lines
        const QByteArray jl = R"({"eventId":"e1","customerId":"9","recordedAt":"2023-04-05T08:47:30Z","type":"CREATED","firstName":"Ann","lastName":"Lee","address":"Leeds","dob":"1966-04-12"})"
                              "\n";
        QTest::newRow("jsonl: not JSON") << "a.jsonl" << QByteArray(jl + "{\"eventId\": oops}\n") << qint64(2) << "not valid JSON";
        QTest::newRow("jsonl: missing field") << "a.jsonl" << QByteArray(jl + "\n" + QByteArray(jl).replace("\"eventId\":\"e1\",", "")) << qint64(3)
                                              << "field eventId: missing";
        QTest::newRow("jsonl: number for a name") << "a.jsonl" << QByteArray(QByteArray(jl).replace("\"Ann\"", "42")) << qint64(1)
                                                  << "field firstName: found a number";
        QTest::newRow("jsonl: bad time") << "a.jsonl" << QByteArray(QByteArray(jl).replace("2023-04-05T08:47:30Z", "yesterday")) << qint64(1)
                                         << "field recordedAt";
        QTest::newRow("jsonl: bad type") << "a.jsonl" << QByteArray(QByteArray(jl).replace("CREATED", "AccountMoved")) << qint64(1)
                                         << "field type";
        QTest::newRow("jsonl: version 0") << "a.jsonl" << QByteArray(QByteArray(jl).replace("{", "{\"version\":0,")) << qint64(1)
                                          << "field version";
        QTest::newRow("jsonl: an unpaired surrogate (found by fuzzing)")
            << "a.jsonl" << QByteArray(QByteArray(jl).replace("\"Leeds\"", "\"Le\\ud800eds\"")) << qint64(1)
            << "field address: holds the unpaired surrogate \\ud800";
        QTest::newRow("jsonl: an array for a record") << "a.jsonl" << QByteArray(jl + "[1,2]\n") << qint64(2) << "expected";
        QTest::newRow("jsonl: unclosed record") << "a.jsonl" << QByteArray(jl + "{\"eventId\":\"e2\",\n\"x\":1\n") << qint64(2)
                                                << "not closed";
        // DynamoDB JSON
        const QByteArray item = R"({"Item":{"PK":{"S":"9"},"SK":{"S":"2023-04-05T08:47:30.718Z"},"EventId":{"S":"e1"},"FirstName":{"S":"Ann"},"LastName":{"S":"Lee"},"Address":{"S":"Leeds"},"DOB":{"S":"1966/04/12"},"Status":{"S":"CREATED"}}})"
                                "\n";
        QTest::newRow("dynamodb: missing attribute") << "a.json" << QByteArray(item + QByteArray(item).replace(R"("DOB":{"S":"1966/04/12"},)", ""))
                                                     << qint64(2) << "field Item.DOB: missing";
        QTest::newRow("dynamodb: untyped attribute") << "a.json" << QByteArray(QByteArray(item).replace(R"({"S":"Ann"})", R"("Ann")"))
                                                     << qint64(1) << "field Item.FirstName";
        QTest::newRow("dynamodb: bad SK") << "a.json" << QByteArray(item + item + QByteArray(item).replace("08:47:30.718Z", "8:47"))
                                          << qint64(3) << "field Item.SK";
        QTest::newRow("dynamodb: an unpaired surrogate (found by fuzzing)")
            << "a.json" << QByteArray(QByteArray(item).replace(R"({"S":"Ann"})", R"({"S":"An\ude00n"})")) << qint64(1)
            << "field Item.FirstName: holds the unpaired surrogate \\ude00";
        QTest::newRow("dynamodb: truncated gzip (no lines to name)")
            << "a.json.gz" << QByteArray("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8) << qint64(0) << "not a readable gzip file";
        // EventBridge
        const QByteArray eb = R"({"version":"0","id":"e1","detail-type":"AccountCreated","source":"customer.service","time":"2023-04-05T08:47:30Z","detail":{"metadata":{"created":"2023-04-05T08:47:30.718Z"},"data":{"customerId":"9","firstName":"Ann","lastName":"Lee","address":"Leeds","dob":"1966-04-12"}}})";
        QTest::newRow("eventbridge: missing detail-type") << "a.json" << QByteArray(QByteArray(eb).replace("\"detail-type\":\"AccountCreated\",", "") + "\n")
                                                          << qint64(1) << "detail-type";
        QTest::newRow("eventbridge: bad created time") << "a.json" << QByteArray(eb + "\n" + QByteArray(eb).replace("2023-04-05T08:47:30.718Z", "2023-02-30T00:00:00Z") + "\n")
                                                       << qint64(2) << "field detail.metadata.created";
        QTest::newRow("eventbridge: no customer id") << "a.json" << QByteArray(QByteArray(eb).replace("\"customerId\":\"9\",", "") + "\n")
                                                     << qint64(1) << "field detail.data.customerId: missing";
        QTest::newRow("eventbridge: third element of an array")
            << "a.json" << QByteArray("[\n" + eb + ",\n" + QByteArray(eb).replace("\"e1\"", "\"e2\"").replace("08:47:30.718Z", "09:00:00Z") + ",\n"
                                      + QByteArray(eb).replace("\"Ann\"", "null") + "\n]\n")
            << qint64(4) << "field detail.data.firstName: found null";
        QTest::newRow("eventbridge: array not closed") << "a.json" << QByteArray("[\n" + eb + ",\n") << qint64(3) << "not closed";
        // Rules, checked before anything is written
        QTest::newRow("history must start with CREATED")
            << "r.csv" << QByteArray(Header + "9,2023-04-05,e1,Ann,Lee,Leeds,1966-04-12,UPDATED\n") << qint64(2) << "must start with CREATED";
        QTest::newRow("nothing may follow a DELETED")
            << "r.csv" << QByteArray(Header + ok + "9,2023-04-07,e3,Ann,Lee,York,1966-04-12,UPDATED\n9,2023-04-06,e2,Ann,Lee,Leeds,1966-04-12,DELETED\n")
            << qint64(3) << "was deleted (on line 4)";
        QTest::newRow("a (customer, time) pair must not repeat")
            << "r.csv" << QByteArray(Header + ok + "9,2023-04-05T08:47:30.000Z,e2,Ann,Lee,York,1966-04-12,UPDATED\n") << qint64(3)
            << "has an event at 2023-04-05T08:47:30.000Z already (on line 2)";
        QTest::newRow("one id, two different events")
            << "r.csv" << QByteArray(Header + ok + "9,2023-04-06,e1,Ann,Lee,York,1966-04-12,UPDATED\n") << qint64(3)
            << "event id e1 appears also on line 2 with different content";
        QTest::newRow("a blank first name") << "r.csv" << QByteArray(Header + "9,2023-04-05,e1, ,Lee,Leeds,1966-04-12,CREATED\n") << qint64(2)
                                            << "field First name: First name must not be blank";
        QTest::newRow("a customer id with a space") << "r.csv" << QByteArray(Header + "9 9,2023-04-05,e1,Ann,Lee,Leeds,1966-04-12,CREATED\n")
                                                    << qint64(2) << "field PK";
        QTest::newRow("a second CREATED") << "r.csv" << QByteArray(Header + ok + "9,2023-04-06,e2,Ann,Lee,York,1966-04-12,CREATED\n")
                                          << qint64(3) << "was created already (on line 2)";
        QTest::newRow("CREATED of a customer the store holds")
            << "r.csv" << QByteArray(Header + "100-255-8730,2024-01-01,e9,Joe,Bloke,York,1966-04-12,CREATED\n") << qint64(2)
            << "was created already (in the store)";
        QTest::newRow("UPDATED of a customer the store has deleted")
            << "r.csv" << QByteArray(Header + "100-735-6729,2024-01-01,e9,Biz,Raj,York,1995-06-15,UPDATED\n") << qint64(2)
            << "was deleted (in the store)";
        QTest::newRow("an event earlier than the store's latest")
            << "r.csv" << QByteArray(Header + "100-255-8730,2023-01-01,e9,Joe,Bloke,York,1966-04-12,UPDATED\n") << qint64(2)
            << "is earlier than customer 100-255-8730's event at 2023-04-05T08:47:30.718Z (in the store)";
        QTest::newRow("a stored id with other content")
            << "r.csv" << QByteArray(Header + "100-255-8730,2023-04-05T08:47:30.718Z,Hru343t5-jvcj,Joe,Bloke,Paris,1966-04-12,UPDATED\n")
            << qint64(2) << "stored already with different content";
        QTest::newRow("a stored id of another customer")
            << "r.csv" << QByteArray(Header + ok + "9,2023-04-06,Hru343t5-jvcj,Ann,Lee,York,1966-04-12,UPDATED\n") << qint64(3)
            << "stored already with different content";
        QTest::newRow("jsonl: a version that does not follow")
            << "v.jsonl" << QByteArray(QByteArray(jl).replace("{", "{\"version\":2,")) << qint64(1) << "field version";
        // One set of account rules: what the window and the CLI refuse, an import refuses too
        QTest::newRow("a birth date in 2999")
            << "r.csv" << QByteArray(Header + "9,2023-04-05,e1,Ann,Lee,Leeds,2999-01-01,CREATED\n") << qint64(2)
            << "field DOB: Date of birth 2999-01-01 is in the future";
        QTest::newRow("dynamodb: a birth date in 2999")
            << "r.json" << QByteArray(QByteArray(item).replace("1966/04/12", "2999/01/01")) << qint64(1)
            << "field Item.DOB: Date of birth 2999-01-01 is in the future";
        QTest::newRow("a birth date after the event")
            << "r.csv" << QByteArray(Header + "9,2023-04-05,e1,Ann,Lee,Leeds,2023-05-01,CREATED\n") << qint64(2)
            << "field DOB: Date of birth 2023-05-01 is after the day the event was recorded (2023-04-05)";
        QTest::newRow("a DELETED with a blank first name")
            << "r.csv" << QByteArray(Header + ok + "9,2023-04-06,e2,,Lee,Leeds,1966-04-12,DELETED\n") << qint64(3)
            << "field First name: First name must not be blank";
        QTest::newRow("jsonl: a DELETED with blank names")
            << "r.jsonl" << QByteArray(jl + QByteArray(jl).replace("\"e1\"", "\"e2\"").replace("08:47:30Z", "09:00:00Z").replace("CREATED", "DELETED")
                                                   .replace("\"Ann\"", "\" \"").replace("\"Lee\"", "\"\""))
            << qint64(2) << "field firstName: First name must not be blank";
        QTest::newRow("a customer id with a zero-width space")
            << "r.csv" << QByteArray(Header + "100-255\xE2\x80\x8B-8730,2023-04-05,e1,Ann,Lee,Leeds,1966-04-12,CREATED\n") << qint64(2)
            << "field PK: Customer ID holds an invisible character (U+200B) at character 8";
        QTest::newRow("an event id of 65 characters")
            << "r.csv" << QByteArray(Header + "9,2023-04-05," + QByteArray(65, 'e') + ",Ann,Lee,Leeds,1966-04-12,CREATED\n") << qint64(2)
            << "field Event ID: Event ID is longer than 64 characters (it has 65)";
        QTest::newRow("an escape sequence in a name")
            << "r.csv" << QByteArray(Header + "9,2023-04-05,e1,Ann\x1b[2J,Lee,Leeds,1966-04-12,CREATED\n") << qint64(2)
            << "field First name: First name holds an escape character (U+001B) at character 4";
        // The format the name gives is the format read: garbage in a .jsonl file is bad JSON, on its own line
        QTest::newRow("jsonl: garbage") << "g.jsonl" << QByteArray("\n\nthis is not JSON, \"nor\" CSV\n" + jl) << qint64(3)
                                        << "g.jsonl, line 3: not valid JSON";
        QTest::newRow("ndjson: garbage after a blank line") << "g.ndjson" << QByteArray("\nPK,SK\n") << qint64(2)
                                                            << "g.ndjson, line 2: not valid JSON";
        QTest::newRow("json: garbage") << "g.json" << QByteArray("  <html>\n") << qint64(1) << "g.json, line 1: not valid JSON";
        // JSON: a line is one event or the store head, never both; a key given twice is refused
        QTest::newRow("jsonl: the store head and an event on one line")
            << "h.jsonl" << QByteArray(jl + QByteArray(jl).replace("{", R"({"storeHead":{"position":1,"sha256":"00ff"},)").replace("\"e1\"", "\"e2\"").replace("08:47:30Z", "09:00:00Z").replace("CREATED", "UPDATED"))
            << qint64(2) << "field storeHead: the store head an export ends with stands on a line of its own; this line holds";
        QTest::newRow("jsonl: a key twice") << "k.jsonl" << QByteArray(QByteArray(jl).replace("\"address\":\"Leeds\"", "\"address\":\"Leeds\",\"address\":\"York\""))
                                            << qint64(1) << "the key \"address\" appears twice in one object";
        QTest::newRow("dynamodb: a typed value twice") << "k.json" << QByteArray(QByteArray(item).replace(R"({"S":"Ann"})", R"({"S":"Ann","S":"Bob"})"))
                                                       << qint64(1) << "the key \"S\" appears twice in one object";
        QTest::newRow("eventbridge: a name twice, on the line it is repeated")
            << "k.json" << QByteArray(QByteArray(eb).replace("\"firstName\":\"Ann\"", "\"firstName\":\"Ann\",\n\"firstName\":\"Bob\"") + "\n")
            << qint64(2) << "k.json, line 2: the key \"firstName\" appears twice in one object";
    }
    void shouldRefuseBadFilesNamingTheLineAndWriteNothing()
    {
        QFETCH(QString, fileName);
        QFETCH(QByteArray, bytes);
        QFETCH(qint64, line);
        QFETCH(QString, expected);
        // GIVEN a store holding the demo events, and a bad file on disk
        TemporaryStore t;
        fillWithDemo(t.store());
        const StoreSnapshot before = snapshot(t.store());
        const QString path = QDir(t.dirPath()).filePath(fileName);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
        file.close();
        // WHEN it is imported
        const auto report = EventImporter::importFile(t.store(), path);
        // THEN it is refused with a message naming the file and the line, and the store is unchanged
        QVERIFY(!report.ok());
        const QString text = report.error().message;
        QVERIFY2(text.startsWith(QStringLiteral("%1, line %2").arg(fileName).arg(line))
                     || text.startsWith(QStringLiteral("%1: ").arg(fileName)),
                 qPrintable(text));
        if (line > 0)
            QVERIFY2(text.contains(QStringLiteral("line %1").arg(line)), qPrintable(text));
        QVERIFY2(text.contains(expected), qPrintable(text));
        QCOMPARE(report.error().line, line);
        QVERIFY(snapshot(t.store()) == before);
    }

    void shouldSkipRepeatsAndAddNothingTheSecondTime()
    {
        // GIVEN a file that holds one event twice
        TemporaryStore t;
        const QByteArray csv = Header + "9,2023-04-05,e1,Ann,Lee,Leeds,1966-04-12,CREATED\n"
                                        "9,2023-04-06,e2,Ann,Lee,York,1966-04-12,UPDATED\n"
                                        "9,2023-04-05,e1,Ann,Lee,Leeds,1966-04-12,CREATED\n";
        auto events = EventImporter::read(csv, QStringLiteral("twice.csv"), EventFileFormat::Csv);
        QVERIFY(events.ok());
        // WHEN it is imported THEN the repeat is skipped
        auto first = EventImporter::importEvents(t.store(), *events);
        QVERIFY2(first.ok(), qPrintable(message(first)));
        QCOMPARE(first->read, 3);
        QCOMPARE(first->imported, 2);
        QCOMPARE(first->skipped, 1);
        const StoreSnapshot after = snapshot(t.store());
        // WHEN it is imported again THEN everything is skipped and the store is unchanged
        auto second = EventImporter::importEvents(t.store(), *events);
        QVERIFY2(second.ok(), qPrintable(message(second)));
        QCOMPARE(second->imported, 0);
        QCOMPARE(second->skipped, 3);
        QVERIFY(snapshot(t.store()) == after);
    }

    void shouldFindRepeatedIdsInInputsOfEverySize_data()
    {
        // Large inputs are checked on two threads (repeated ids beside the customers): both sizes must agree.
        QTest::addColumn<int>("customers");
        QTest::addColumn<bool>("sameContent");
        for (const int customers : {3, 12000}) {
            QTest::addRow("%d customers, the same event twice", customers) << customers << true;
            QTest::addRow("%d customers, one id for two events", customers) << customers << false;
        }
    }

    void shouldFindRepeatedIdsInInputsOfEverySize()
    {
        QFETCH(int, customers);
        QFETCH(bool, sameContent);
        // GIVEN a CSV file of two events per customer, whose last line repeats the id of line 3 (customer 0's move)
        TemporaryStore t;
        QByteArray csv = Header;
        for (int c = 0; c < customers; ++c) {
            csv += QStringLiteral("c%1,2023-04-05,created-%1,Ann,Lee,Leeds,1966-04-12,CREATED\n"
                                  "c%1,2023-04-06,moved-%1,Ann,Lee,York,1966-04-12,UPDATED\n")
                       .arg(c)
                       .toUtf8();
        }
        csv += sameContent ? "c0,2023-04-06,moved-0,Ann,Lee,York,1966-04-12,UPDATED\n"
                           : "c0,2023-04-07,moved-0,Ann,Lee,Hull,1966-04-12,UPDATED\n";
        const qint64 lastLine = 2 + 2 * qint64(customers);
        auto events = EventImporter::read(csv, QStringLiteral("repeats.csv"), EventFileFormat::Csv);
        QVERIFY(events.ok());
        // WHEN it is imported
        auto report = EventImporter::importEvents(t.store(), *events);
        if (sameContent) {
            // THEN the repeat is skipped and every other event is written
            QVERIFY2(report.ok(), qPrintable(message(report)));
            QCOMPARE(report->read, 2 * customers + 1);
            QCOMPARE(report->imported, 2 * customers);
            QCOMPARE(report->skipped, 1);
            QCOMPARE(t.store().customers().value().size(), customers);
            QCOMPARE(t.store().customer(u"c0"_qs).value()->data.address, u"York"_qs);
        } else {
            // THEN the file is refused at the repeat, naming the first use of the id, and nothing is written
            QVERIFY(!report.ok());
            QCOMPARE(report.error().line, lastLine);
            QVERIFY2(report.error().message.contains(u"event id moved-0 appears also on line 3 with different content"_qs),
                     qPrintable(report.error().message));
            QCOMPARE(t.store().headPosition().value(), 0);
        }
    }

    void shouldContinueStreamsTheStoreHolds()
    {
        // GIVEN the demo store and a file with its events plus one later move of Joe's
        TemporaryStore t;
        fillWithDemo(t.store());
        QFile seed(QStringLiteral(HINDSIGHT_SEED_CSV));
        QVERIFY(seed.open(QIODevice::ReadOnly));
        const QByteArray csv = seed.readAll() + "100-255-8730,2024-02-01T10:00:00Z,move-to-york,Joe,Bloke,\"1, Minster Yard, York\",1966/04/12,UPDATED\n";
        auto events = EventImporter::read(csv, QStringLiteral("more.csv"), EventFileFormat::Auto);
        QVERIFY(events.ok());
        // WHEN it is imported THEN only the new event is appended, as version 4
        auto report = EventImporter::importEvents(t.store(), *events);
        QVERIFY2(report.ok(), qPrintable(message(report)));
        QCOMPARE(report->imported, 1);
        QCOMPARE(report->skipped, 5);
        const auto joe = t.store().customer(Joe).value();
        QVERIFY(joe.has_value());
        QCOMPARE(joe->version, 4);
        QCOMPARE(joe->data.address, u"1, Minster Yard, York"_qs);
    }

    void shouldKeepTheGlobalOrderOfPositionedJsonLines()
    {
        // GIVEN JSON Lines whose positions interleave two customers, written in another order
        TemporaryStore t;
        const auto line = [](int position, const char* id, const char* customer, int version, const char* time, const char* type) {
            return QStringLiteral(R"({"position":%1,"eventId":"%2","customerId":"%3","version":%4,"recordedAt":"%5","type":"%6","firstName":"A","lastName":"B","address":"C","dob":"1970-01-01"})"
                                  "\n")
                .arg(position)
                .arg(QLatin1String(id), QLatin1String(customer))
                .arg(version)
                .arg(QLatin1String(time), QLatin1String(type))
                .toUtf8();
        };
        const QByteArray jsonl = line(3, "c", "1", 2, "2020-01-03T00:00:00.000Z", "AccountUpdated")
            + line(1, "a", "1", 1, "2020-01-01T00:00:00.000Z", "AccountCreated")
            + line(2, "b", "2", 1, "2020-01-02T00:00:00.000Z", "AccountCreated")
            + line(4, "d", "2", 2, "2020-01-04T00:00:00.000Z", "AccountDeleted");
        auto events = EventImporter::read(jsonl, QStringLiteral("log.jsonl"), EventFileFormat::Auto);
        QVERIFY2(events.ok(), qPrintable(events.ok() ? QString() : events.error().message));
        // WHEN imported into an empty store THEN each event gets the position it carried
        auto report = EventImporter::importEvents(t.store(), *events);
        QVERIFY2(report.ok(), qPrintable(message(report)));
        QStringList order;
        (void)t.store().forEachEvent(0, [&](const Event& e) {
            order << QStringLiteral("%1:%2").arg(e.position()).arg(e.eventId());
            return true;
        });
        QCOMPARE(order, QStringList({u"1:a"_qs, u"2:b"_qs, u"3:c"_qs, u"4:d"_qs}));
    }

    void shouldDetectTheFormatFromNameAndContent_data()
    {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<EventFileFormat>("expected");
        QTest::newRow("csv") << "x.txt" << Header << EventFileFormat::Csv;
        QTest::newRow("jsonl by content") << "x.txt" << QByteArray(R"({"eventId":"e","customerId":"c"})") << EventFileFormat::Jsonl;
        QTest::newRow("dynamodb by content") << "x.json" << QByteArray(" \n{\"Item\":{}}") << EventFileFormat::DynamoDb;
        QTest::newRow("eventbridge line") << "x.json" << QByteArray(R"({"id":"1","detail-type":"AccountCreated"})") << EventFileFormat::EventBridge;
        QTest::newRow("eventbridge array") << "x.json" << QByteArray("[\n {\"id\":\"1\",\"detail\":{}}\n]") << EventFileFormat::EventBridge;
        QTest::newRow("jsonl by name") << "x.jsonl" << QByteArray("{\"something\":1}") << EventFileFormat::Jsonl;
        QTest::newRow("dynamodb by name") << "x.json.gz" << QByteArray("{\"something\":1}") << EventFileFormat::DynamoDb;
        QTest::newRow("jsonl by name, whatever the content") << "x.jsonl" << QByteArray("garbage, not CSV\n") << EventFileFormat::Jsonl;
        QTest::newRow("gzipped jsonl by name") << "x.jsonl.gz" << QByteArray("garbage") << EventFileFormat::Jsonl;
        QTest::newRow("csv by name, whatever the content") << "x.csv" << QByteArray(R"({"eventId":"e","customerId":"c"})") << EventFileFormat::Csv;
        QTest::newRow("json that is not JSON") << "x.json" << QByteArray("PK,SK\n") << EventFileFormat::Jsonl;
    }
    void shouldDetectTheFormatFromNameAndContent()
    {
        QFETCH(QString, fileName);
        QFETCH(QByteArray, bytes);
        QFETCH(EventFileFormat, expected);
        const auto format = EventImporter::detectFormat(bytes, fileName);
        QVERIFY2(format.ok(), qPrintable(format.ok() ? QString() : format.error().message));
        QCOMPARE(*format, expected);
    }

    // Memory: a million events read cost one Event each. The store is handed the list that was read when it needs
    // no reordering, and text that repeats from event to event is held once.
    void shouldHandTheStoreTheEventsAsReadWithoutACopy_data()
    {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("csv by customer and time, as export writes it")
            << "in-order.csv" << QByteArray(Header + "1,2023-04-05,a,Ann,Lee,Leeds,1966-04-12,CREATED\n1,2023-04-06,b,Ann,Lee,York,1966-04-12,UPDATED\n"
                                                  "2,2023-04-01,c,Bob,Ray,Hull,1970-01-01,CREATED\n");
        QTest::newRow("jsonl in the order of its positions")
            << "in-order.jsonl"
            << QByteArray(R"({"position":1,"eventId":"a","customerId":"2","recordedAt":"2023-04-01T00:00:00Z","type":"CREATED","firstName":"Bob","lastName":"Ray","address":"Hull","dob":"1970-01-01"})"
                          "\n"
                          R"({"position":2,"eventId":"b","customerId":"1","recordedAt":"2023-04-05T00:00:00Z","type":"CREATED","firstName":"Ann","lastName":"Lee","address":"Leeds","dob":"1966-04-12"})"
                          "\n");
    }
    void shouldHandTheStoreTheEventsAsReadWithoutACopy()
    {
        QFETCH(QString, fileName);
        QFETCH(QByteArray, bytes);
        TemporaryStore t;
        auto events = EventImporter::read(bytes, fileName, EventFileFormat::Auto);
        QVERIFY(events.ok());
        // WHEN the import is planned THEN its events are the very list that was read
        const auto planned = EventImporter::plan(t.store(), *events);
        QVERIFY2(planned.ok(), qPrintable(planned.ok() ? QString() : planned.error().message));
        QCOMPARE(planned->events.size(), events->size());
        QCOMPARE(planned->events.constData(), events->events().constData());
        QVERIFY(planned->sources.isEmpty());
        // AND they import as any others do
        const auto report = EventImporter::importEvents(t.store(), *events);
        QVERIFY2(report.ok(), qPrintable(message(report)));
        QCOMPARE(report->imported, events->size());
    }

    void shouldReorderACopyWhenTheEventsAreOutOfOrder()
    {
        // GIVEN the source document's table, newest first
        TemporaryStore t;
        QFile seed(QStringLiteral(HINDSIGHT_SEED_CSV));
        QVERIFY(seed.open(QIODevice::ReadOnly));
        auto events = EventImporter::read(seed.readAll(), QStringLiteral("seed-events.csv"), EventFileFormat::Auto);
        QVERIFY(events.ok());
        // WHEN the import is planned THEN the store gets the events in stream order, each knowing its line
        const auto planned = EventImporter::plan(t.store(), *events);
        QVERIFY(planned.ok());
        QVERIFY(planned->events.constData() != events->events().constData());
        QCOMPARE(planned->sources.size(), planned->events.size());
        for (qsizetype k = 0; k < planned->events.size(); ++k)
            QCOMPARE(planned->events[k], events->event(planned->sources[k]));
        QCOMPARE(planned->events.first().eventId(), u"Zxjfie294hfd-kd9e7n"_qs);
    }

    void shouldHoldOneStringForTextThatRepeats_data()
    {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("csv") << "r.csv" << QByteArray(Header + "1,2023-04-05,a,Ann,Lee,Leeds,1966-04-12,CREATED\n1,2023-04-06,b,Ann,Lee,Leeds,1966-04-12,DELETED\n");
        const QByteArray jl = R"({"eventId":"a","customerId":"1","recordedAt":"2023-04-05T00:00:00Z","type":"CREATED","firstName":"Ann","lastName":"Lee","address":"Leeds","dob":"1966-04-12"})"
                              "\n";
        QTest::newRow("jsonl") << "r.jsonl" << QByteArray(jl + QByteArray(jl).replace("\"a\"", "\"b\"").replace("05T", "06T").replace("CREATED", "DELETED"));
        QTest::newRow("jsonl, read by Qt's reader") << "r.jsonl" << QByteArray(jl + QByteArray(jl).replace("\"a\"", "\"b\"").replace("05T", "06T").replace("CREATED", "DELETED").replace("{", "{\"note\":1,"));
        const QByteArray item = R"({"Item":{"PK":{"S":"1"},"SK":{"S":"2023-04-05T00:00:00Z"},"EventId":{"S":"a"},"FirstName":{"S":"Ann"},"LastName":{"S":"Lee"},"Address":{"S":"Leeds"},"DOB":{"S":"1966/04/12"},"Status":{"S":"CREATED"}}})"
                                "\n";
        QTest::newRow("dynamodb") << "r.json" << QByteArray(item + QByteArray(item).replace("\"a\"", "\"b\"").replace("05T", "06T").replace("CREATED", "DELETED"));
        QTest::newRow("dynamodb, gzipped") << "r.json.gz" << Gzip::compress(item + QByteArray(item).replace("\"a\"", "\"b\"").replace("05T", "06T").replace("CREATED", "DELETED"));
        const QByteArray eb = R"({"id":"a","detail-type":"AccountCreated","time":"2023-04-05T00:00:00Z","detail":{"data":{"customerId":"1","firstName":"Ann","lastName":"Lee","address":"Leeds","dob":"1966-04-12"}}})"
                              "\n";
        QTest::newRow("eventbridge") << "r.json" << QByteArray(eb + QByteArray(eb).replace("\"a\"", "\"b\"").replace("05T", "06T").replace("Created", "Deleted"));
    }
    void shouldHoldOneStringForTextThatRepeats()
    {
        QFETCH(QString, fileName);
        QFETCH(QByteArray, bytes);
        // GIVEN two events of one customer whose names and address stay the same
        const auto events = EventImporter::read(bytes, fileName, EventFileFormat::Auto);
        QVERIFY2(events.ok(), qPrintable(events.ok() ? QString() : events.error().message));
        QCOMPARE(events->size(), 2);
        const Event& a = events->event(0);
        const Event& b = events->event(1);
        // THEN each text is held once
        QCOMPARE(b.data(), a.data());
        QCOMPARE(b.customerId().constData(), a.customerId().constData());
        QCOMPARE(b.data().firstName.constData(), a.data().firstName.constData());
        QCOMPARE(b.data().lastName.constData(), a.data().lastName.constData());
        QCOMPARE(b.data().address.constData(), a.data().address.constData());
    }

    void shouldDetectTheFormatOfALargeGzippedFileFromItsStart()
    {
        // GIVEN a gzipped DynamoDB data file of several MiB that hardly compresses (random addresses)
        TemporaryStore t;
        QRandomGenerator random(11);
        QByteArray items;
        for (int i = 0; items.size() < 6 * 1024 * 1024; ++i) {
            QByteArray address(200, Qt::Uninitialized);
            for (char& c : address)
                c = char('a' + random.bounded(26));
            items += "{\"Item\":{\"PK\":{\"S\":\"c" + QByteArray::number(i) + "\"},\"SK\":{\"S\":\"2023-04-05T08:47:30Z\"},\"EventId\":{\"S\":\"e"
                + QByteArray::number(i) + "\"},\"FirstName\":{\"S\":\"Ann\"},\"LastName\":{\"S\":\"Lee\"},\"Address\":{\"S\":\"" + address
                + "\"},\"DOB\":{\"S\":\"1966/04/12\"},\"Status\":{\"S\":\"CREATED\"}}}\n";
        }
        const QByteArray compressed = Gzip::compress(items);
        QVERIFY(compressed.size() > 3 * 1024 * 1024 / 2); // well past the MiB detection looks at
        const QString path = QDir(t.dirPath()).filePath(QStringLiteral("part-0001"));
        QVERIFY(writeFile(path, compressed));
        // WHEN its format is detected from the start of the file THEN it is DynamoDB JSON, and it imports
        const auto format = EventImporter::detectFormat(path);
        QVERIFY2(format.ok(), qPrintable(format.ok() ? QString() : format.error().message));
        QCOMPARE(*format, EventFileFormat::DynamoDb);
        const auto report = EventImporter::importFile(t.store(), path);
        QVERIFY2(report.ok(), qPrintable(message(report)));
        QCOMPARE(report->imported, report->read);
    }

    void shouldWriteNothingWhenCancelled()
    {
        TemporaryStore t;
        QByteArray csv = Header;
        for (int i = 0; i < 10000; ++i)
            csv += QStringLiteral("%1,2023-04-05,e%1,Ann,Lee,Leeds,1966-04-12,CREATED\n").arg(i).toUtf8();
        auto events = EventImporter::read(csv, QStringLiteral("many.csv"), EventFileFormat::Csv);
        QVERIFY(events.ok());
        qint64 calls = 0;
        auto report = EventImporter::importEvents(t.store(), *events, [&](ImportStage stage, qint64, qint64) {
            ++calls;
            return stage != ImportStage::Writing;
        });
        QVERIFY(!report.ok());
        QVERIFY2(report.error().message.contains(QStringLiteral("cancelled")), qPrintable(report.error().message));
        QVERIFY(calls > 0);
        QCOMPARE(t.store().stats()->eventCount, 0);
    }
};

QTEST_GUILESS_MAIN(TestEventImporter)
#include "TestEventImporter.moc"
