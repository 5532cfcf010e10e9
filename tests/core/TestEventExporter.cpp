#include "AccountService.h"
#include "EventExporter.h"
#include "EventImporter.h"
#include "StoreFactory.h"
#include "StoreHeadRecord.h"
#include "SyntheticHistory.h"

#include "MockClock.h"
#include "TestStores.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTest>

using namespace hindsight;
using namespace hindsight::test;

Q_DECLARE_METATYPE(hindsight::EventFileFormat)

namespace {

QByteArray exported(const EventStore& store, EventFileFormat format)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    auto written = EventExporter::write(store, format, buffer);
    if (!written)
        qWarning("%s", qPrintable(written.error().message));
    return buffer.data();
}

EventList allEvents(const EventStore& store)
{
    EventList events;
    (void)store.forEachEvent(0, [&](const Event& e) {
        events.append(e);
        return true;
    });
    return events;
}

} // namespace

/** EventExporter: every export format reads back into the same events and writes the same bytes again. */
class TestEventExporter : public QObject
{
    Q_OBJECT

private:
    /**
     * The demo events, then customers and changes interleaved, with text that needs quoting and escaping and that
     * the account rules allow (a line break in the address; no tab or other control character).
     */
    void fillAwkwardStore(EventStore& store)
    {
        auto demo = StoreFactory::demoEvents();
        QVERIFY(demo.ok());
        QVERIFY(store.appendBatch(*demo).ok());
        MockClock clock(1700000000000);
        AccountService service(store, clock);
        auto ann = service.createCustomer(customerData(u"Ann \"Nan\""_qs, u"O'Brien, Jr."_qs, u"Flat 2\n\"The Mews\", Leeds"_qs, QDate(1980, 2, 29)),
                                          u"200-000-0001"_qs);
        QVERIFY2(ann.ok(), qPrintable(ann.ok() ? QString() : ann.error().message));
        clock.advanceMs(1000);
        QVERIFY(service.updateCustomer(u"100-255-8730"_qs, customerData(u"Joe"_qs, u"Bloke"_qs, u"1, Minster Yard, York"_qs)).ok());
        clock.advanceMs(1000);
        auto zoe = service.createCustomer(customerData(u"Zoë 🙂"_qs, u"Müller"_qs, QString::fromUtf8("; semicolon, \\ backslash"), QDate(2001, 1, 1)),
                                          u"150-000-0002"_qs);
        QVERIFY(zoe.ok());
        clock.advanceMs(1000);
        QVERIFY(service.updateCustomer(u"200-000-0001"_qs, customerData(u"Ann"_qs, u"O'Brien"_qs, u"Leeds"_qs, QDate(1980, 2, 29))).ok());
        clock.advanceMs(1000);
        QVERIFY(service.deleteCustomer(u"150-000-0002"_qs).ok());
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void shouldGiveTheSameBytesAfterExportImportExport_data()
    {
        QTest::addColumn<EventFileFormat>("format");
        QTest::newRow("jsonl") << EventFileFormat::Jsonl;
        QTest::newRow("csv") << EventFileFormat::Csv;
        QTest::newRow("dynamodb") << EventFileFormat::DynamoDb;
    }
    void shouldGiveTheSameBytesAfterExportImportExport()
    {
        QFETCH(EventFileFormat, format);
        // GIVEN a store whose customers' events interleave, with awkward text
        TemporaryStore original;
        fillAwkwardStore(original.store());
        const QByteArray first = exported(original.store(), format);
        QCOMPARE(first.count('\n') >= 10, true);

        // WHEN the export is imported into an empty store and exported again
        TemporaryStore copy;
        auto events = EventImporter::read(first, QStringLiteral("export"), format);
        QVERIFY2(events.ok(), qPrintable(events.ok() ? QString() : events.error().message));
        auto report = EventImporter::importEvents(copy.store(), *events);
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QCOMPARE(report->imported, 10);

        // THEN the bytes are the same, and so is the customer table
        QCOMPARE(exported(copy.store(), format), first);
        QCOMPARE(copy.store().customers().value(), original.store().customers().value());
        // THEN JSON Lines, which carries positions, even keeps the global order
        if (format == EventFileFormat::Jsonl)
            QCOMPARE(allEvents(copy.store()), allEvents(original.store()));

        // WHEN the export is imported a second time THEN nothing is added
        auto again = EventImporter::importEvents(copy.store(), *events);
        QVERIFY(again.ok());
        QCOMPARE(again->imported, 0);
        QCOMPARE(again->skipped, 10);
    }

    void shouldCarryAwkwardTextOutAndBack_data()
    {
        QTest::addColumn<EventFileFormat>("format");
        QTest::addColumn<QString>("text");
        const QList<std::pair<const char*, QString>> texts = {
            {"leading space (found by fuzzing)", u" Top Street, Mumbai"_qs},
            {"trailing tab", u"Top Street, Mumbai\t"_qs},
            {"byte-order mark first (found by fuzzing)", QString(QChar(0xFEFF)) + u"13A, Top Street"_qs},
            {"emoji", u"To😀mbai"_qs},
            {"quotes, backslashes and line ends", u"\"a\" \\ b\r\nc"_qs},
            {"control character", QString(QChar(0x1f)) + u"x"_qs},
        };
        for (const auto& [name, text] : texts) {
            QTest::newRow(qPrintable(QStringLiteral("jsonl: %1").arg(QLatin1String(name)))) << EventFileFormat::Jsonl << text;
            QTest::newRow(qPrintable(QStringLiteral("csv: %1").arg(QLatin1String(name)))) << EventFileFormat::Csv << text;
            QTest::newRow(qPrintable(QStringLiteral("dynamodb: %1").arg(QLatin1String(name)))) << EventFileFormat::DynamoDb << text;
        }
    }
    void shouldCarryAwkwardTextOutAndBack()
    {
        QFETCH(EventFileFormat, format);
        QFETCH(QString, text);
        // GIVEN an event whose names and address are the awkward text
        TemporaryStore original;
        const Event created(u"e1"_qs, u"9"_qs, EventType::Created, 1680684450718, customerData(text + u"A"_qs, u"B"_qs + text, text));
        QVERIFY(original.store().appendBatch({created}).ok());
        // WHEN it is exported and read back THEN it is the same event
        const QByteArray bytes = exported(original.store(), format);
        auto events = EventImporter::read(bytes, QStringLiteral("export"), format);
        QVERIFY2(events.ok(), qPrintable(events.ok() ? QString() : events.error().message));
        QCOMPARE(events->size(), 1);
        QCOMPARE(events->first().event.data(), created.data());
        QVERIFY(events->first().event.sameContentAs(created));
    }

    void shouldWriteTheCsvHeaderOfTheEventStoreTable()
    {
        TemporaryStore t;
        auto demo = StoreFactory::demoEvents();
        QVERIFY(t.store().appendBatch(*demo).ok());
        const QByteArray csv = exported(t.store(), EventFileFormat::Csv);
        QVERIFY(csv.startsWith("PK,SK,Event ID,First name,Last name,Address,DOB,Status\n"
                               "100-255-8730,2022-06-15T18:57:43.148Z,Zxjfie294hfd-kd9e7n,Joe,Bloke,\"15, Nice Road, Cardiff\",1966-04-12,CREATED\n"));
    }

    void shouldEndJsonLinesWithTheStoreHead()
    {
        // GIVEN the demo store WHEN it is exported as JSON Lines
        TemporaryStore t;
        auto demo = StoreFactory::demoEvents();
        QVERIFY(t.store().appendBatch(*demo).ok());
        const QByteArray jsonl = exported(t.store(), EventFileFormat::Jsonl);
        // THEN the last line records the head the export reached, and reading skips it
        const QList<QByteArray> lines = jsonl.trimmed().split('\n');
        QCOMPARE(lines.size(), 6);
        QVERIFY(StoreHeadRecord::isHeadLine(lines.last()));
        const auto recorded = StoreHeadRecord::parse(lines.last());
        QVERIFY(recorded.ok());
        QCOMPARE(recorded->position, 5);
        QCOMPARE(recorded->hash, t.store().head()->hash);
        auto events = EventImporter::read(jsonl, QStringLiteral("demo.jsonl"), EventFileFormat::Auto);
        QVERIFY(events.ok());
        QCOMPARE(events->size(), 5);
    }

    void shouldRefuseFormatsItCannotWrite()
    {
        TemporaryStore t;
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        for (EventFileFormat f : {EventFileFormat::EventBridge, EventFileFormat::Auto}) {
            auto written = EventExporter::write(t.store(), f, buffer);
            QVERIFY(!written.ok());
            QVERIFY(written.error().message.contains(eventFileFormatName(f)));
        }
        QVERIFY(buffer.data().isEmpty());
    }

    void shouldLeaveTheOldFileWholeWhenAnExportStops()
    {
        // GIVEN a file with earlier content, and a store big enough to be written in several pieces
        TemporaryStore t;
        SyntheticHistory::Options options;
        options.customers = 2000;
        options.eventsPerCustomer = 10;
        QVERIFY(SyntheticHistory(options).writeTo(t.store()).ok());
        const QString path = QDir(t.dirPath()).filePath(QStringLiteral("events.jsonl"));
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("the old export\n");
        old.close();

        // WHEN the export stops half-way
        qint64 calls = 0;
        auto written = EventExporter::writeFile(t.store(), EventFileFormat::Jsonl, path, [&](qint64 done, qint64 total) {
            ++calls;
            return done < total / 2;
        });
        // THEN it reports so, and the old file is whole, with no half-written file beside it
        QVERIFY(!written.ok());
        QVERIFY(calls >= 2);
        QVERIFY2(written.error().message.contains(QStringLiteral("left as it was")), qPrintable(written.error().message));
        QVERIFY(old.open(QIODevice::ReadOnly));
        QCOMPARE(old.readAll(), QByteArray("the old export\n"));
        old.close();
        QCOMPARE(QDir(t.dirPath()).entryList({QStringLiteral("events.jsonl*")}, QDir::Files), QStringList{u"events.jsonl"_qs});

        // WHEN it runs to the end THEN the file is replaced
        auto complete = EventExporter::writeFile(t.store(), EventFileFormat::Jsonl, path);
        QVERIFY(complete.ok());
        QCOMPARE(*complete, 20000);
        QVERIFY(old.open(QIODevice::ReadOnly));
        QCOMPARE(old.readAll().count('\n'), 20001); // the events, then the store head

    }

    void shouldNameTheFileItCannotWrite()
    {
        TemporaryStore t;
        const QString path = QDir(t.dirPath()).filePath(QStringLiteral("no/such/folder/events.csv"));
        auto written = EventExporter::writeFile(t.store(), EventFileFormat::Csv, path);
        QVERIFY(!written.ok());
        QVERIFY2(written.error().message.contains(QStringLiteral("events.csv")), qPrintable(written.error().message));
    }
};

QTEST_GUILESS_MAIN(TestEventExporter)
#include "TestEventExporter.moc"
