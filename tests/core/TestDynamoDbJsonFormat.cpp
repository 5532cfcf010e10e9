#include "DynamoDbJsonFormat.h"
#include "EventImporter.h"
#include "Gzip.h"
#include "Timestamp.h"

#include "TestStores.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTest>

using namespace hindsight;
using namespace hindsight::test;

namespace {

QByteArray item(const char* customer, const char* sk, const char* id, const char* status, const char* address = "Leeds")
{
    return QStringLiteral(R"({"Item":{"PK":{"S":"%1"},"SK":{"S":"%2"},"EventId":{"S":"%3"},"FirstName":{"S":"Ann"},"LastName":{"S":"Lee"},"Address":{"S":"%4"},"DOB":{"S":"1966/04/12"},"Status":{"S":"%5"}}})"
                          "\n")
        .arg(QLatin1String(customer), QLatin1String(sk), QLatin1String(id), QLatin1String(address), QLatin1String(status))
        .toUtf8();
}

QByteArray manifestLine(const char* file, qint64 items)
{
    return QStringLiteral(R"({"itemCount":%1,"md5Checksum":"x","etag":"y","dataFileS3Key":"AWSDynamoDB/01700000000000-abcdef12/data/%2"})"
                          "\n")
        .arg(items)
        .arg(QLatin1String(file))
        .toUtf8();
}

} // namespace

/** DynamoDbJsonFormat: the data files and folders of a DynamoDB export to S3. */
class TestDynamoDbJsonFormat : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void shouldReadTypedAttributesPlainOrGzipped_data()
    {
        QTest::addColumn<bool>("gzipped");
        QTest::newRow("plain") << false;
        QTest::newRow("gzipped") << true;
    }
    void shouldReadTypedAttributesPlainOrGzipped()
    {
        QFETCH(bool, gzipped);
        const QByteArray plain = item("9", "2023-04-05T08:47:30.718Z", "e1", "CREATED", "12A, Top \\\"Street\\\", Mumbai")
            + "\n" + item("9", "2023-04-06T08:00:00Z", "e2", "DELETED");
        const auto events = DynamoDbJsonFormat::read(gzipped ? Gzip::compress(plain) : plain, QStringLiteral("part.json.gz"));
        QVERIFY2(events.ok(), qPrintable(events.ok() ? QString() : events.error().message));
        QCOMPARE(events->size(), 2);
        const Event& first = events->at(0).event;
        QCOMPARE(first.customerId(), u"9"_qs);
        QCOMPARE(Timestamp::format(first.recordedAtMs()), u"2023-04-05T08:47:30.718Z"_qs);
        QCOMPARE(first.eventId(), u"e1"_qs);
        QCOMPARE(first.data().address, u"12A, Top \"Street\", Mumbai"_qs);
        QCOMPARE(first.data().dateOfBirth, QDate(1966, 4, 12));
        QCOMPARE(events->at(1).event.type(), EventType::Deleted);
        QCOMPARE(events->at(1).line, 3);
        QCOMPARE(events->at(1).source, u"part.json.gz"_qs);
    }

    void shouldReadAGzipFileOfSeveralMembers()
    {
        const QByteArray bytes = Gzip::compress(item("9", "2023-04-05", "e1", "CREATED")) + Gzip::compress(item("9", "2023-04-06", "e2", "UPDATED"));
        const auto events = DynamoDbJsonFormat::read(bytes, QStringLiteral("two.json.gz"));
        QVERIFY2(events.ok(), qPrintable(events.ok() ? QString() : events.error().message));
        QCOMPARE(events->size(), 2);
    }

    void shouldImportAWholeExportFolderThroughItsManifest()
    {
        // GIVEN an export folder: a manifest naming two gzipped data files
        TemporaryStore t;
        const QDir folder(QDir(t.dirPath()).filePath(QStringLiteral("export")));
        QVERIFY(writeFile(folder.filePath(QStringLiteral("manifest-summary.json")), "{}"));
        QVERIFY(writeFile(folder.filePath(QStringLiteral("manifest-files.json")), manifestLine("a.json.gz", 2) + manifestLine("b.json.gz", 1)));
        QVERIFY(writeFile(folder.filePath(QStringLiteral("data/a.json.gz")),
                  Gzip::compress(item("2", "2023-01-02", "b1", "CREATED") + item("1", "2023-01-03", "a2", "UPDATED"))));
        QVERIFY(writeFile(folder.filePath(QStringLiteral("data/b.json.gz")), Gzip::compress(item("1", "2023-01-01", "a1", "CREATED"))));
        QVERIFY(DynamoDbJsonFormat::isExportFolder(folder.path()));

        // WHEN the folder is imported THEN the items of both files are applied, by customer and time
        auto report = EventImporter::importFile(t.store(), folder.path());
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QCOMPARE(report->format, EventFileFormat::DynamoDb);
        QCOMPARE(report->imported, 3);
        QCOMPARE(t.store().readStream(u"1"_qs)->size(), 2);
    }

    void shouldRefuseAnIncompleteExport_data()
    {
        QTest::addColumn<QByteArray>("manifest");
        QTest::addColumn<QString>("expected");
        QTest::newRow("item count differs") << manifestLine("a.json.gz", 3) << "manifest-files.json, line 1, field itemCount: data/a.json.gz holds 2 items, not 3";
        QTest::newRow("data file missing") << QByteArray(manifestLine("a.json.gz", 2) + manifestLine("gone.json.gz", 1))
                                           << "manifest-files.json, line 2, field dataFileS3Key: the data file";
        QTest::newRow("manifest not JSON") << QByteArray("{\"dataFileS3Key\": }\n") << "manifest-files.json, line 1: not valid JSON";
    }
    void shouldRefuseAnIncompleteExport()
    {
        QFETCH(QByteArray, manifest);
        QFETCH(QString, expected);
        TemporaryStore t;
        const QDir folder(QDir(t.dirPath()).filePath(QStringLiteral("export")));
        QVERIFY(writeFile(folder.filePath(QStringLiteral("manifest-files.json")), manifest));
        QVERIFY(writeFile(folder.filePath(QStringLiteral("data/a.json.gz")),
                  Gzip::compress(item("2", "2023-01-02", "b1", "CREATED") + item("1", "2023-01-03", "a1", "CREATED"))));
        auto report = EventImporter::importFile(t.store(), folder.path());
        QVERIFY(!report.ok());
        QVERIFY2(report.error().message.contains(expected), qPrintable(report.error().message));
        QCOMPARE(t.store().stats()->eventCount, 0);
    }

    void shouldReadAnExportFolderWithoutManifestByFileName()
    {
        TemporaryStore t;
        const QDir folder(QDir(t.dirPath()).filePath(QStringLiteral("export")));
        QVERIFY(writeFile(folder.filePath(QStringLiteral("data/2.json.gz")), Gzip::compress(item("1", "2023-01-03", "a2", "DELETED"))));
        QVERIFY(writeFile(folder.filePath(QStringLiteral("data/1.json.gz")), Gzip::compress(item("1", "2023-01-01", "a1", "CREATED"))));
        const auto events = DynamoDbJsonFormat::readExportFolder(folder.path());
        QVERIFY2(events.ok(), qPrintable(events.ok() ? QString() : events.error().message));
        QCOMPARE(events->size(), 2);
        QCOMPARE(events->at(0).source, u"data/1.json.gz"_qs);
        QCOMPARE(events->at(1).source, u"data/2.json.gz"_qs);
    }
};

QTEST_GUILESS_MAIN(TestDynamoDbJsonFormat)
#include "TestDynamoDbJsonFormat.moc"
