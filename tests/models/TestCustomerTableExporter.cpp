#include "AsOfEngine.h"
#include "CustomerTableExporter.h"
#include "CustomerTableWriter.h"
#include "SyntheticHistory.h"

#include "TestStores.h"

#include <QDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>

using namespace hindsight;
using namespace hindsight::test;

namespace {

using Stage = CustomerTableExporter::Stage;

const QByteArray Previous = "the previous table, which must survive\n";

QStringList entries(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDir::Name);
}

} // namespace

/**
 * The file behind File → Export table…: CustomerTableWriter's CSV of the table as of a moment, written so that a
 * failure or a cancel leaves the previous file whole and nothing beside it.
 */
class TestCustomerTableExporter : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TemporaryStore> m_store;
    QString m_output;

    /** The table as of @p asOfMs from an engine of the test's own. */
    QByteArray expectedAsOf(qint64 asOfMs)
    {
        auto engine = AsOfEngine::load(m_store->store());
        if (!engine)
            return {};
        (*engine)->seek(asOfMs);
        return CustomerTableWriter::toCsv((*engine)->customers());
    }

private slots:
    void init()
    {
        // 1,000 customers over 2010–2026: a table of some 90 KiB
        m_store = std::make_unique<TemporaryStore>();
        QVERIFY(SyntheticHistory({1000, 3, 7}).writeTo(m_store->store()).ok());
        m_output = QDir(m_store->dirPath()).filePath(QStringLiteral("table.csv"));
        QVERIFY(writeFile(m_output, Previous));
    }

    void cleanup() { m_store.reset(); }

    void shouldWriteTheTableAsOfTheMomentAsCustomerTableWriterDoes_data()
    {
        QTest::addColumn<qint64>("asOfMs");
        QTest::newRow("2012") << qint64(1325376000000);
        QTest::newRow("2018") << qint64(1514764800000);
        QTest::newRow("2014") << qint64(1388534400000);
    }

    void shouldWriteTheTableAsOfTheMomentAsCustomerTableWriterDoes()
    {
        QFETCH(qint64, asOfMs);
        const QByteArray expected = expectedAsOf(asOfMs);
        auto written = CustomerTableExporter::writeFile(m_store->store(), asOfMs, m_output);
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message));
        QCOMPARE(readFile(m_output), expected);
        QCOMPARE(*written, qint64(expected.count('\n') - 1));
        QVERIFY(*written > 0 && *written < 1000); // customers come and go over the years: the moment matters
    }

    void shouldWriteTheTableNowFromTheProjection()
    {
        auto written = CustomerTableExporter::writeFile(m_store->store(), std::nullopt, m_output);
        QVERIFY(written.ok());
        QCOMPARE(*written, qint64(1000));
        QCOMPARE(readFile(m_output), CustomerTableWriter::toCsv(m_store->store().customers().value()));
    }

    void shouldCreateANewTableFileReadableByItsOwnerOnly_data()
    {
        QTest::addColumn<int>("umask");
        QTest::newRow("umask 022") << 022;
        QTest::newRow("umask 000") << 0;
        QTest::newRow("umask 002") << 02;
    }
    void shouldCreateANewTableFileReadableByItsOwnerOnly()
    {
        QFETCH(int, umask);
        // GIVEN a umask and no file yet WHEN the table is exported
        const QString path = QDir(m_store->dirPath()).filePath(QStringLiteral("new-table.csv"));
        const mode_t previous = ::umask(mode_t(umask));
        auto written = CustomerTableExporter::writeFile(m_store->store(), std::nullopt, path);
        ::umask(previous);
        // THEN the file is readable and writable by its owner alone: it holds customers' personal data
        QVERIFY(written.ok());
        struct stat st {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(QString::number(st.st_mode & 0777, 8), QStringLiteral("600"));
        // AND an export over it keeps it so
        QVERIFY(CustomerTableExporter::writeFile(m_store->store(), qint64(1514764800000), path).ok());
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(QString::number(st.st_mode & 0777, 8), QStringLiteral("600"));
    }

    void shouldRefuseAFileOfTheStoreAsTheTarget_data()
    {
        QTest::addColumn<QString>("suffix");
        QTest::newRow("the store") << "";
        QTest::newRow("its -wal") << "-wal";
        QTest::newRow("its -shm") << "-shm";
    }
    void shouldRefuseAFileOfTheStoreAsTheTarget()
    {
        QFETCH(QString, suffix);
        // GIVEN the open store WHEN its table is exported to one of its own files
        const QString target = m_store->path() + suffix;
        struct stat before {};
        QCOMPARE(::stat(QFile::encodeName(target).constData(), &before), 0);
        const QStringList files = entries(m_store->dirPath());
        auto written = CustomerTableExporter::writeFile(m_store->store(), std::nullopt, target);
        // THEN that is refused, naming the file, and the file is the same one, with nothing beside it
        QVERIFY(!written.ok());
        QVERIFY2(written.error().message.contains(QDir::toNativeSeparators(target) + u" is a file of the store"_qs),
                 qPrintable(written.error().message));
        struct stat after {};
        QCOMPARE(::stat(QFile::encodeName(target).constData(), &after), 0);
        QCOMPARE(after.st_ino, before.st_ino);
        QCOMPARE(entries(m_store->dirPath()), files);
        QCOMPARE(m_store->store().customers().value().size(), 1000);
    }

    void shouldLeaveThePreviousFileWholeWhenCancelled_data()
    {
        QTest::addColumn<int>("stage");
        QTest::newRow("while reading the events") << int(Stage::ReadingEvents);
        QTest::newRow("once the file is open") << int(Stage::Writing);
    }

    void shouldLeaveThePreviousFileWholeWhenCancelled()
    {
        QFETCH(int, stage);
        const QStringList before = entries(m_store->dirPath());
        QList<Stage> told;
        auto written = CustomerTableExporter::writeFile(m_store->store(), qint64(1514764800000), m_output,
                                                        [&](Stage at, qint64, qint64) {
                                                            told << at;
                                                            return at != Stage(stage);
                                                        });
        QVERIFY(!written.ok());
        QCOMPARE(written.error().message, QStringLiteral("export cancelled"));
        QCOMPARE(told.last(), Stage(stage));
        QCOMPARE(readFile(m_output), Previous);
        QCOMPARE(entries(m_store->dirPath()), before);
    }

    void shouldLeaveThePreviousFileWholeWhenWritingFailsPartWay()
    {
        const QStringList before = entries(m_store->dirPath());
        // WHEN the file system refuses writes past 16 KiB (as a full disk would)
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit original{};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &original), 0);
        rlimit limited = original;
        limited.rlim_cur = 16 * 1024;
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &limited), 0);
        const auto written = CustomerTableExporter::writeFile(m_store->store(), std::nullopt, m_output);
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &original), 0);

        // THEN the message names the file, the previous one is whole, and nothing is left beside it
        QVERIFY2(!written.ok(), "the export should have failed");
        QVERIFY2(written.error().message.contains(QDir::toNativeSeparators(m_output)), qPrintable(written.error().message));
        QCOMPARE(readFile(m_output), Previous);
        QCOMPARE(entries(m_store->dirPath()), before);
    }
};

QTEST_GUILESS_MAIN(TestCustomerTableExporter)
#include "TestCustomerTableExporter.moc"
