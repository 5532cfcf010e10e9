#include "DynamoDbJsonFormat.h"
#include "EventImporter.h"
#include "Gzip.h"
#include "GzipLimitsForTest.h"
#include "Timestamp.h"

#include "TestStores.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QStandardPaths>
#include <QTest>

#include <sys/resource.h>
#include <unistd.h>

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

/** One line of manifest-files.json naming @p key, as DynamoDB writes it. */
QByteArray manifestEntry(const QString& key, qint64 items)
{
    return QStringLiteral(R"({"itemCount":%1,"md5Checksum":"x","etag":"y","dataFileS3Key":"%2"})"
                          "\n")
        .arg(items)
        .arg(key)
        .toUtf8();
}

/** What a store holds, to show that a refused import wrote nothing. */
qint64 eventCount(EventStore& store)
{
    return store.stats().value().eventCount;
}

QByteArray manifestLine(const char* file, qint64 items)
{
    return QStringLiteral(R"({"itemCount":%1,"md5Checksum":"x","etag":"y","dataFileS3Key":"AWSDynamoDB/01700000000000-abcdef12/data/%2"})"
                          "\n")
        .arg(items)
        .arg(QLatin1String(file))
        .toUtf8();
}

using LimitsForTest = hindsight::test::GzipLimitsForTest;

/** This process's resident memory now, and its peak so far. */
qint64 residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    return statm.readAll().split(' ').value(1).toLongLong() * sysconf(_SC_PAGESIZE);
}

qint64 peakResidentBytes()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return qint64(usage.ru_maxrss) * 1024;
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

    void shouldImportAnExportAsDynamoDbWritesIt()
    {
        // GIVEN an export folder as DynamoDB writes it to S3 and it is downloaded: the manifest names each data file by
        // its full S3 key under the export prefix, one file per partition, and some partitions are empty
        TemporaryStore t;
        const QDir folder(QDir(t.dirPath()).filePath(QStringLiteral("AWSDynamoDB/01700000000000-abcdef12")));
        const QString prefix = QStringLiteral("exports/2023-11-14/AWSDynamoDB/01700000000000-abcdef12/data/");
        QVERIFY(writeFile(folder.filePath(QStringLiteral("manifest-summary.json")), R"({"version":"2020-06-30","itemCount":3})"));
        QVERIFY(writeFile(folder.filePath(QStringLiteral("_started")), QByteArray()));
        QVERIFY(writeFile(folder.filePath(QStringLiteral("manifest-files.json")),
                          manifestEntry(prefix + u"fl3wzxmxoy2yxg7ypftpkyvsiu.json.gz"_qs, 2) + manifestEntry(prefix + u"hcsd3ydwvq5g7pxv2bzo7mbt3q.json.gz"_qs, 0)
                              + manifestEntry(prefix + u"yhbkmpe5oq3nhgwjyqdgq2dnam.json.gz"_qs, 1)));
        QVERIFY(writeFile(folder.filePath(QStringLiteral("data/fl3wzxmxoy2yxg7ypftpkyvsiu.json.gz")),
                          Gzip::compress(item("2", "2023-01-02", "b1", "CREATED") + item("1", "2023-01-03", "a2", "UPDATED"))));
        QVERIFY(writeFile(folder.filePath(QStringLiteral("data/hcsd3ydwvq5g7pxv2bzo7mbt3q.json.gz")), Gzip::compress(QByteArray())));
        QVERIFY(writeFile(folder.filePath(QStringLiteral("data/yhbkmpe5oq3nhgwjyqdgq2dnam.json.gz")), Gzip::compress(item("1", "2023-01-01", "a1", "CREATED"))));
        // AND a link to the folder, as a download folder often is
        const QString link = QDir(t.dirPath()).filePath(QStringLiteral("latest-export"));
        QVERIFY(QFile::link(folder.path(), link));

        for (const QString& path : {folder.path(), link}) {
            // WHEN it is imported THEN every item of every data file is
            TemporaryStore target;
            auto report = EventImporter::importFile(target.store(), path);
            QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
            QCOMPARE(report->format, EventFileFormat::DynamoDb);
            QCOMPARE(report->imported, 3);
            QCOMPARE(target.store().readStream(u"1"_qs)->size(), 2);
        }
    }

    void shouldReadOnlyFilesInsideTheExportFolder_data()
    {
        QTest::addColumn<QString>("attack");
        QTest::addColumn<QString>("expected");
        QTest::newRow("a key climbing out with ..") << "dotdot" << "\"../../outside.json\" climbs out with \"..\"";
        QTest::newRow("a key climbing out from data/") << "dotdot in data" << "climbs out with \"..\"";
        QTest::newRow("an absolute key") << "absolute" << "is an absolute path";
        QTest::newRow("a data file that links outside") << "linked file" << "outside the export folder";
        QTest::newRow("a data folder that links outside") << "linked folder" << "outside the export folder";
        QTest::newRow("a link to a system file") << "linked passwd" << "leads to /etc/passwd, outside the export folder";
    }
    void shouldReadOnlyFilesInsideTheExportFolder()
    {
        QFETCH(QString, attack);
        QFETCH(QString, expected);
        // GIVEN a file of valid items outside an export folder, and a manifest that leads to it
        TemporaryStore t;
        const QDir root(t.dirPath());
        const QString outside = root.filePath(QStringLiteral("outside.json"));
        QVERIFY(writeFile(outside, item("6", "2023-01-01", "stolen", "CREATED")));
        QVERIFY(writeFile(root.filePath(QStringLiteral("elsewhere/part.json.gz")), Gzip::compress(item("6", "2023-01-01", "stolen", "CREATED"))));
        const QDir folder(root.filePath(QStringLiteral("a/export")));
        QVERIFY(root.mkpath(QStringLiteral("a/export/data")));
        QString key = QStringLiteral("../../outside.json");
        if (attack == u"dotdot in data") {
            key = QStringLiteral("AWSDynamoDB/01700000000000-abcdef12/data/../../../../../outside.json");
        } else if (attack == u"absolute") {
            key = outside;
        } else if (attack == u"linked file") {
            key = QStringLiteral("AWSDynamoDB/01700000000000-abcdef12/data/part.json.gz");
            QVERIFY(QFile::link(root.filePath(QStringLiteral("elsewhere/part.json.gz")), folder.filePath(QStringLiteral("data/part.json.gz"))));
        } else if (attack == u"linked folder") {
            key = QStringLiteral("AWSDynamoDB/01700000000000-abcdef12/data/part.json.gz");
            QVERIFY(QDir(folder.filePath(QStringLiteral("data"))).removeRecursively());
            QVERIFY(QFile::link(root.filePath(QStringLiteral("elsewhere")), folder.filePath(QStringLiteral("data"))));
        } else if (attack == u"linked passwd") {
            key = QStringLiteral("AWSDynamoDB/01700000000000-abcdef12/data/passwd");
            QVERIFY(QFile::link(QStringLiteral("/etc/passwd"), folder.filePath(QStringLiteral("data/passwd"))));
        }
        QVERIFY(writeFile(folder.filePath(QStringLiteral("manifest-files.json")), manifestEntry(key, 1)));
        const qint64 before = eventCount(t.store());

        // WHEN the folder is imported
        auto report = EventImporter::importFile(t.store(), folder.path());
        // THEN it is refused, naming the manifest's line and where the entry leads, and nothing is written
        QVERIFY2(!report.ok(), "an entry leading outside the export folder was imported");
        QVERIFY2(report.error().message.startsWith(u"manifest-files.json, line 1, field dataFileS3Key: "_qs), qPrintable(report.error().message));
        QVERIFY2(report.error().message.contains(expected), qPrintable(report.error().message));
        QCOMPARE(eventCount(t.store()), before);
        QVERIFY(!t.store().customer(u"6"_qs).value().has_value());
    }

    void shouldRefuseADataFileThatLinksOutsideWithoutAManifest()
    {
        // GIVEN an export folder without a manifest whose data/ holds a link to a file outside it
        TemporaryStore t;
        const QDir root(t.dirPath());
        QVERIFY(writeFile(root.filePath(QStringLiteral("elsewhere/x.json.gz")), Gzip::compress(item("6", "2023-01-01", "stolen", "CREATED"))));
        QVERIFY(root.mkpath(QStringLiteral("export/data")));
        QVERIFY(QFile::link(root.filePath(QStringLiteral("elsewhere/x.json.gz")), root.filePath(QStringLiteral("export/data/x.json.gz"))));
        // WHEN it is imported THEN it is refused, naming where the link leads, and nothing is written
        auto report = EventImporter::importFile(t.store(), root.filePath(QStringLiteral("export")));
        QVERIFY(!report.ok());
        QVERIFY2(report.error().message.contains(QDir::toNativeSeparators(QFileInfo(root.filePath(QStringLiteral("elsewhere/x.json.gz"))).canonicalFilePath())),
                 qPrintable(report.error().message));
        QCOMPARE(eventCount(t.store()), 0);
    }

    void shouldRefuseADecompressionBombQuicklyInLittleMemory()
    {
        // GIVEN 10 GiB of zeros gzipped into 10 MB, as a DynamoDB data file (made as 160 gzip members of 64 MiB each)
        TemporaryStore t;
        const QString path = QDir(t.dirPath()).filePath(QStringLiteral("bomb.json.gz"));
        {
            const QByteArray member = Gzip::compress(QByteArray(qsizetype(64) << 20, '\0'));
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            for (int i = 0; i < 160; ++i)
                QCOMPARE(file.write(member), member.size());
        }
        QVERIFY(QFileInfo(path).size() < qint64(16) << 20);
        const qint64 rssBefore = residentBytes();

        // WHEN it is imported as DynamoDB JSON
        QElapsedTimer timer;
        timer.start();
        auto report = EventImporter::importFile(t.store(), path, EventFileFormat::DynamoDb);
        // THEN it is refused as a bomb, having inflated no more than a few parts of it, and nothing is written
        QVERIFY(!report.ok());
        QVERIFY2(report.error().message.startsWith(u"bomb.json.gz: refused: "_qs), qPrintable(report.error().message));
        QVERIFY2(report.error().message.contains(u"as a decompression bomb does"_qs), qPrintable(report.error().message));
        QCOMPARE(eventCount(t.store()), 0);
        QVERIFY2(peakResidentBytes() - rssBefore < qint64(256) << 20,
                 qPrintable(QStringLiteral("the peak grew by %1 MiB").arg((peakResidentBytes() - rssBefore) >> 20)));
        qInfo("refused in %lld ms", timer.elapsed());
    }

    void shouldRefuseMoreThanOneImportMayInflate_data()
    {
        QTest::addColumn<QList<int>>("kibibytes");
        QTest::addColumn<bool>("refused");
        QTest::newRow("one file within the limit") << QList<int>{600} << false;
        QTest::newRow("one file beyond the limit") << QList<int>{1200} << true;
        QTest::newRow("two files, each within it, beyond it together") << QList<int>{600, 600} << true;
    }
    void shouldRefuseMoreThanOneImportMayInflate()
    {
        QFETCH(QList<int>, kibibytes);
        QFETCH(bool, refused);
        // GIVEN a limit of 1 MiB on what one import inflates, and data files of ordinary items
        const LimitsForTest limits({qint64(1) << 20, 100, qint64(16) << 20});
        TemporaryStore t;
        const QDir folder(QDir(t.dirPath()).filePath(QStringLiteral("export")));
        QMap<QString, QByteArray> content;
        for (qsizetype f = 0; f < kibibytes.size(); ++f) {
            const QString name = QStringLiteral("part%1").arg(f);
            QByteArray& bytes = content[name];
            for (int i = 0; bytes.size() < kibibytes[f] * 1024; ++i)
                bytes += item(qPrintable(name + QString::number(i)), "2023-01-01", qPrintable(name + u"-e"_qs + QString::number(i)), "CREATED");
        }
        QByteArray manifest;
        for (auto it = content.cbegin(); it != content.cend(); ++it) {
            QVERIFY(writeFile(folder.filePath(QStringLiteral("data/%1.json.gz").arg(it.key())), Gzip::compress(it.value())));
            manifest += manifestEntry(QStringLiteral("AWSDynamoDB/x/data/%1.json.gz").arg(it.key()), it.value().count('\n'));
        }
        QVERIFY(writeFile(folder.filePath(QStringLiteral("manifest-files.json")), manifest));
        // WHEN the export is imported
        auto report = EventImporter::importFile(t.store(), folder.path());
        // THEN it is refused once the files together inflate beyond the limit, and nothing is written
        QCOMPARE(!report.ok(), refused);
        if (refused) {
            QVERIFY2(report.error().message.contains(u"its content is larger than 1 MiB, the most one import inflates from gzip files"_qs),
                     qPrintable(report.error().message));
            QCOMPARE(eventCount(t.store()), 0);
        }
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
