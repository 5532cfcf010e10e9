#include "EventExporter.h"
#include "SyntheticHistory.h"

#include "TestStores.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

using namespace hindsight;
using namespace hindsight::test;

/**
 * A file the application writes that fails part-way leaves the previous file whole. The failure is real:
 * RLIMIT_FSIZE makes the kernel refuse writes past a size, as a full disk would.
 */
class TestExportFailure : public QObject
{
    Q_OBJECT

private slots:
    void shouldLeaveThePreviousExportWholeWhenWritingFailsPartWay_data()
    {
        QTest::addColumn<int>("format");
        QTest::newRow("jsonl") << int(EventFileFormat::Jsonl);
        QTest::newRow("csv") << int(EventFileFormat::Csv);
        QTest::newRow("dynamodb") << int(EventFileFormat::DynamoDb);
    }
    void shouldLeaveThePreviousExportWholeWhenWritingFailsPartWay()
    {
        QFETCH(int, format);
        // GIVEN a store and an earlier export at the output path
        TemporaryStore t;
        QVERIFY(SyntheticHistory({300, 4, 9}).writeTo(t.store()).ok());
        const QString output = QDir(t.dirPath()).filePath(QStringLiteral("export.out"));
        const QByteArray previous = "the previous export, which must survive\n";
        {
            QFile f(output);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(previous);
        }
        const QStringList before = QDir(t.dirPath()).entryList(QDir::Files);

        // WHEN the new export can only write 16 KiB before the file system refuses
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit original{};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &original), 0);
        rlimit limited = original;
        limited.rlim_cur = 16 * 1024;
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &limited), 0);
        const auto written = EventExporter::writeFile(t.store(), EventFileFormat(format), output);
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &original), 0);

        // THEN the export fails with a message naming the file, the old file is whole, and nothing is left behind
        QVERIFY2(!written.ok(), "the export should have failed");
        QVERIFY2(written.error().message.contains(QDir::toNativeSeparators(output)) || written.error().message.contains(output),
                 qPrintable(written.error().message));
        QFile f(output);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), previous);
        QCOMPARE(QDir(t.dirPath()).entryList(QDir::Files), before);

        // AND with room again, the same export succeeds and replaces it
        const auto retried = EventExporter::writeFile(t.store(), EventFileFormat(format), output);
        QVERIFY2(retried.ok(), qPrintable(retried.ok() ? QString() : retried.error().message));
        QCOMPARE(*retried, 1200);
        f.close();
        QVERIFY(QFileInfo(output).size() > 16 * 1024);
    }
};

QTEST_GUILESS_MAIN(TestExportFailure)
#include "TestExportFailure.moc"
