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

#include <sys/stat.h>

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

/** A file's permission bits, read with stat() (no descriptor opened); -1 when it is not there. */
int permissionsOf(const QString& path)
{
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

ino_t inodeOf(const QString& path)
{
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_ino : 0;
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

    void shouldCreateAnExportFileReadableByItsOwnerOnly_data()
    {
        QTest::addColumn<EventFileFormat>("format");
        QTest::addColumn<int>("umask");
        QTest::addColumn<int>("existing"); // the permissions of a file there before, -1 for none
        QTest::addColumn<int>("expected");
        QTest::newRow("jsonl, umask 022") << EventFileFormat::Jsonl << 022 << -1 << 0600;
        QTest::newRow("csv, umask 022") << EventFileFormat::Csv << 022 << -1 << 0600;
        QTest::newRow("dynamodb, umask 022") << EventFileFormat::DynamoDb << 022 << -1 << 0600;
        QTest::newRow("jsonl, umask 000") << EventFileFormat::Jsonl << 0 << -1 << 0600;
        QTest::newRow("an existing 0600 file, umask 000") << EventFileFormat::Jsonl << 0 << 0600 << 0600;
        QTest::newRow("an existing 0644 file keeps the permissions its owner chose") << EventFileFormat::Csv << 077 << 0644 << 0644;
    }
    void shouldCreateAnExportFileReadableByItsOwnerOnly()
    {
        QFETCH(EventFileFormat, format);
        QFETCH(int, umask);
        QFETCH(int, existing);
        QFETCH(int, expected);
        TemporaryStore t;
        QVERIFY(t.store().appendBatch(*StoreFactory::demoEvents()).ok());
        const QString path = QDir(t.dirPath()).filePath(QStringLiteral("events.export"));
        if (existing >= 0) {
            QVERIFY(writeFile(path, "an older export\n"));
            QVERIFY(::chmod(QFile::encodeName(path).constData(), mode_t(existing)) == 0);
        }
        // GIVEN a umask WHEN the events are exported to a file
        const mode_t previous = ::umask(mode_t(umask));
        auto written = EventExporter::writeFile(t.store(), format, path);
        ::umask(previous);
        // THEN the export is there, and a new file is readable and writable by its owner alone
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message));
        QCOMPARE(*written, 5);
        QCOMPARE(QString::number(permissionsOf(path), 8), QString::number(expected, 8));
    }

    void shouldRefuseAFileOfTheStoreAsTheTarget_data()
    {
        QTest::addColumn<QString>("suffix");
        QTest::newRow("the store") << "";
        QTest::newRow("its -wal") << "-wal";
        QTest::newRow("its -shm") << "-shm";
        QTest::newRow("its -journal, not there") << "-journal";
    }
    void shouldRefuseAFileOfTheStoreAsTheTarget()
    {
        QFETCH(QString, suffix);
        // GIVEN an open store, whose -wal and -shm SQLite holds
        TemporaryStore t;
        QVERIFY(t.store().appendBatch(*StoreFactory::demoEvents()).ok());
        const QList<ino_t> files{inodeOf(t.path()), inodeOf(t.path() + u"-wal"_qs), inodeOf(t.path() + u"-shm"_qs)};
        QVERIFY(!files.contains(0));
        const QStringList before = QDir(t.dirPath()).entryList(QDir::Files | QDir::Hidden);
        // WHEN its events are exported to one of its own files
        auto written = EventExporter::writeFile(t.store(), EventFileFormat::Jsonl, t.path() + suffix);
        // THEN that is refused, naming the file, and no file was replaced or added
        QVERIFY(!written.ok());
        QCOMPARE(written.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(written.error().message.contains(QDir::toNativeSeparators(t.path() + suffix) + u" is a file of the store"_qs),
                 qPrintable(written.error().message));
        QCOMPARE((QList<ino_t>{inodeOf(t.path()), inodeOf(t.path() + u"-wal"_qs), inodeOf(t.path() + u"-shm"_qs)}), files);
        QCOMPARE(QDir(t.dirPath()).entryList(QDir::Files | QDir::Hidden), before);
        // AND the store goes on as before
        QVERIFY(t.store().appendBatch({newEvent(u"9"_qs, EventType::Created, 1700000000000)}).ok());
        t.reopen();
        auto report = t.store().verify();
        QVERIFY(report.ok() && report->intact());
        QCOMPARE(report->eventsChecked, 6);
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
