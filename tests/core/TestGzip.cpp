#include "EventImporter.h"
#include "Gzip.h"
#include "GzipLimitsForTest.h"

#include "TestStores.h"

#include <QDir>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTest>

using namespace hindsight;
using namespace hindsight::test;

namespace {

using LimitsForTest = hindsight::test::GzipLimitsForTest;

constexpr qint64 KiB = 1024;
constexpr qint64 MiB = 1024 * KiB;

/** @p size bytes of text that compresses about as JSON does (seeded, so every run sees the same bytes). */
QByteArray ordinaryText(qsizetype size, quint32 seed)
{
    QRandomGenerator random(seed);
    static const char* words[] = {"Leeds", "York", "Ann", "Lee", "2023-04-05T08:47:30.718Z", "{\"S\":", "Item", "\n"};
    QByteArray out;
    while (out.size() < size) {
        out += words[random.bounded(8)];
        out += QByteArray::number(random.bounded(100000));
    }
    out.truncate(size);
    return out;
}

} // namespace

/** Gzip: content read whole or piece by piece within limits that stop decompression bombs. */
class TestGzip : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void shouldReadTheContentPieceByPieceAsAWhole_data()
    {
        QTest::addColumn<QByteArray>("compressed");
        QTest::addColumn<QByteArray>("content");
        const QByteArray text = ordinaryText(3 * MiB + 17, 1);
        QTest::newRow("one member") << Gzip::compress(text) << text;
        QTest::newRow("empty") << Gzip::compress(QByteArray()) << QByteArray();
        QTest::newRow("three members") << Gzip::compress(text.left(1000)) + Gzip::compress(QByteArray()) + Gzip::compress(text.mid(1000))
                                       << text;
        QTest::newRow("zeros padding the end") << Gzip::compress(text) + QByteArray(512, '\0') << text;
    }
    void shouldReadTheContentPieceByPieceAsAWhole()
    {
        QFETCH(QByteArray, compressed);
        QFETCH(QByteArray, content);
        const auto whole = Gzip::decompress(compressed, QStringLiteral("f.gz"));
        QVERIFY(whole.ok());
        QCOMPARE(*whole, content);
        for (const qsizetype piece : {qsizetype(1000), qsizetype(MiB), qsizetype(64 * MiB)}) {
            GzipReader reader(compressed, QStringLiteral("f.gz"));
            QByteArray read;
            int calls = 0;
            while (true) {
                const qsizetype before = read.size();
                auto more = reader.read(read, piece);
                QVERIFY(more.ok());
                QVERIFY(read.size() - before <= piece);
                ++calls;
                if (!*more)
                    break;
            }
            QCOMPARE(read, content);
            QVERIFY(calls >= content.size() / piece);
        }
    }

    void shouldRefuseABrokenFile_data()
    {
        QTest::addColumn<QByteArray>("compressed");
        QTest::addColumn<QString>("expected");
        const QByteArray good = Gzip::compress(ordinaryText(100 * KiB, 2));
        QTest::newRow("cut short") << good.left(good.size() / 2) << "the file ends before its compressed data does";
        QByteArray damaged = good;
        damaged[20] = char(damaged[20] ^ 0x55);
        damaged[21] = char(damaged[21] ^ 0xAA);
        QTest::newRow("damaged") << damaged << "not a readable gzip file";
        QTest::newRow("a header only") << QByteArray("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8) << "the file ends before its compressed data does";
    }
    void shouldRefuseABrokenFile()
    {
        QFETCH(QByteArray, compressed);
        QFETCH(QString, expected);
        const auto read = Gzip::decompress(compressed, QStringLiteral("f.gz"));
        QVERIFY(!read.ok());
        QVERIFY2(read.error().message.startsWith(u"f.gz: not a readable gzip file"_qs), qPrintable(read.error().message));
        QVERIFY2(read.error().message.contains(expected), qPrintable(read.error().message));
    }

    void shouldRefuseWhatInflatesTooManyTimesItsSize_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("refused");
        QTest::newRow("zeros") << QByteArray(4 * MiB, '\0') << true;
        QTest::newRow("spaces between JSON records") << QByteArray(4 * MiB, ' ') + "{}" << true;
        QTest::newRow("one event repeated") << QByteArray(R"({"Item":{"PK":{"S":"9"}}})" "\n").repeated(200000) << true;
        QTest::newRow("ordinary text") << ordinaryText(4 * MiB, 3) << false;
    }
    void shouldRefuseWhatInflatesTooManyTimesItsSize()
    {
        QFETCH(QByteArray, content);
        QFETCH(bool, refused);
        // GIVEN the ratio judged from 1 MiB of content on (16 MiB outside tests)
        const LimitsForTest limits({qint64(4) << 30, 100, MiB});
        const QByteArray compressed = Gzip::compress(content);
        // WHEN it is inflated THEN it is refused past the first MiB when it inflates over 100 times its size
        QByteArray read;
        GzipReader reader(compressed, QStringLiteral("f.gz"));
        Result<bool> more = true;
        while (more.ok() && *more)
            more = reader.read(read, 256 * KiB);
        QCOMPARE(!more.ok(), refused);
        if (refused) {
            QVERIFY2(more.error().message.startsWith(u"f.gz: refused: "_qs), qPrintable(more.error().message));
            QVERIFY2(more.error().message.contains(u"more than 100 times their size, as a decompression bomb does"_qs), qPrintable(more.error().message));
            QVERIFY2(read.size() <= 2 * MiB, qPrintable(QString::number(read.size())));
        } else {
            QCOMPARE(read, content);
        }
    }

    void shouldRefuseABombInEveryFormatAndWriteNothing_data()
    {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<EventFileFormat>("format");
        QTest::newRow("csv.gz, told") << "b.csv.gz" << EventFileFormat::Csv;
        QTest::newRow("jsonl.gz, by name") << "b.jsonl.gz" << EventFileFormat::Auto;
        QTest::newRow("json.gz, by name") << "b.json.gz" << EventFileFormat::Auto;
        QTest::newRow("eventbridge, told") << "b.gz" << EventFileFormat::EventBridge;
        QTest::newRow("dynamodb, told") << "b" << EventFileFormat::DynamoDb;
    }
    void shouldRefuseABombInEveryFormatAndWriteNothing()
    {
        QFETCH(QString, fileName);
        QFETCH(EventFileFormat, format);
        // GIVEN 64 MiB of spaces gzipped, with the ratio judged from 1 MiB on
        const LimitsForTest limits({qint64(4) << 30, 100, MiB});
        TemporaryStore t;
        const QString path = QDir(t.dirPath()).filePath(fileName);
        QVERIFY(writeFile(path, Gzip::compress(QByteArray(64 * MiB, ' '))));
        // WHEN it is imported THEN it is refused and nothing is written
        const auto report = EventImporter::importFile(t.store(), path, format);
        QVERIFY(!report.ok());
        QVERIFY2(report.error().message.startsWith(fileName + u": refused: "_qs), qPrintable(report.error().message));
        QCOMPARE(t.store().stats()->eventCount, 0);
    }

    void shouldRefuseContentBeyondTheLimitOfAnImport()
    {
        // GIVEN a limit of 1 MiB on what an import inflates, and 2 MiB of ordinary text
        const LimitsForTest limits({MiB, 100, qint64(16) << 20});
        const QByteArray compressed = Gzip::compress(ordinaryText(2 * MiB, 4));
        // WHEN it is inflated THEN it is refused once past the limit
        const auto read = Gzip::decompress(compressed, QStringLiteral("f.gz"));
        QVERIFY(!read.ok());
        QCOMPARE(read.error().message, u"f.gz: refused: its content is larger than 1 MiB, the most one import inflates from gzip "
                                       "files; split the export, or import its data files one by one"_qs);
        // AND what it was given to spend is spent
        qint64 budget = 512 * KiB;
        QVERIFY(!Gzip::decompress(Gzip::compress(ordinaryText(600 * KiB, 5)), QStringLiteral("g.gz"), &budget).ok());
        budget = 512 * KiB;
        QVERIFY(Gzip::decompress(Gzip::compress(ordinaryText(500 * KiB, 5)), QStringLiteral("g.gz"), &budget).ok());
        QCOMPARE(budget, 12 * KiB);
    }
};

QTEST_GUILESS_MAIN(TestGzip)
#include "TestGzip.moc"
