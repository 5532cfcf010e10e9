#include "CliRunner.h"
#include "StoreInspection.h"
#include "TestStores.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace hindsight::test;

namespace {

const QByteArray StateHeader = "Customer ID,First name,Last name,Address,DOB,Status\n";

/** The identity and size of a file, read with stat() alone: no descriptor is opened on a store file. */
struct FileIdentity {
    bool exists = false;
    dev_t device = 0;
    ino_t inode = 0;
    qint64 size = 0;
    friend bool operator==(const FileIdentity&, const FileIdentity&) = default;
};

FileIdentity identityOf(const QString& path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return {};
    return {true, st.st_dev, st.st_ino, qint64(st.st_size)};
}

int permissionsOf(const QString& path)
{
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

QStringList entries(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDir::Name);
}

/** Sets the umask of this process (and so of the hindsight-cli it starts) while it lives. */
class ScopedUmask
{
public:
    explicit ScopedUmask(mode_t mask) : m_previous(::umask(mask)) {}
    ~ScopedUmask() { ::umask(m_previous); }
    ScopedUmask(const ScopedUmask&) = delete;
    ScopedUmask& operator=(const ScopedUmask&) = delete;

private:
    mode_t m_previous;
};

} // namespace

/**
 * The files hindsight-cli reads and writes beside a store: never one of the store's own files (the store, its
 * -wal or -shm, which belong to SQLite and to whoever has the store open), and exports private to their owner.
 */
class TestCliFiles : public QObject
{
    Q_OBJECT

private:
    CliRunner m_cli;
    QTemporaryDir m_dir;
    int m_stores = 0;

    /** A demo store alone in a folder of its own. */
    QString demoStore()
    {
        const QString folder = m_dir.filePath(QStringLiteral("folder-%1").arg(++m_stores));
        QDir().mkpath(folder);
        return m_cli.demoStore(QDir(folder).filePath(QStringLiteral("customers.hindsight")));
    }

    /** The path a data row names: the store, its -wal or -shm, or another name of the store file. */
    static QString targetFor(const QString& store, const QString& which)
    {
        if (which == u"hard link") {
            const QString link = QFileInfo(store).dir().filePath(QStringLiteral("another-name.jsonl"));
            if (::link(QFile::encodeName(store).constData(), QFile::encodeName(link).constData()) != 0)
                qFatal("cannot link %s", qPrintable(link));
            return link;
        }
        if (which == u"other spelling")
            return QFileInfo(store).dir().filePath(QStringLiteral("./../%1/customers.hindsight").arg(QFileInfo(store).dir().dirName()));
        return store + which;
    }

    static void storeFiles_data()
    {
        QTest::addColumn<QString>("which");
        QTest::newRow("the store") << "";
        QTest::newRow("its -wal") << "-wal";
        QTest::newRow("its -shm") << "-shm";
        QTest::newRow("a hard link to the store") << "hard link";
        QTest::newRow("the store spelled another way") << "other spelling";
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_cli.isValid());
        QVERIFY(m_dir.isValid());
    }

    void shouldRefuseAFileOfTheStoreAsExportTarget_data() { storeFiles_data(); }
    void shouldRefuseAFileOfTheStoreAsExportTarget()
    {
        QFETCH(QString, which);
        // GIVEN a store that another program has open (as the window would), so that its -wal and -shm exist
        const QString store = demoStore();
        const QByteArray state = m_cli.onStore(store, {u"state"_qs}).out;
        const QString target = targetFor(store, which);
        QList<FileIdentity> files;
        {
            RawConnection window(store);
            QVERIFY(window.exec(QStringLiteral("SELECT COUNT(*) FROM events")));
            const QStringList before = entries(QFileInfo(store).path());
            for (const char* suffix : {"", "-wal", "-shm"})
                files << identityOf(store + QLatin1String(suffix));
            QVERIFY(files[1].exists && files[2].exists);

            // WHEN an export is asked to write to that file
            const CliRun run = m_cli.onStore(store, {u"export"_qs, u"--output"_qs, target});

            // THEN it is refused, naming the file, and no file of the store was replaced or grown
            QCOMPARE(run.exitCode, 1);
            QVERIFY2(run.err.contains(QDir::toNativeSeparators(target)), qPrintable(run.err));
            QVERIFY2(run.err.contains(u"is a file of the store"_qs) && run.err.contains(u"nothing was written"_qs), qPrintable(run.err));
            QVERIFY(run.out.isEmpty());
            QCOMPARE(identityOf(store), files[0]);
            QCOMPARE(identityOf(store + u"-wal"_qs).inode, files[1].inode);
            QCOMPARE(identityOf(store + u"-shm"_qs).inode, files[2].inode);
            QCOMPARE(entries(QFileInfo(store).path()), before); // no half-written export beside it
            QVERIFY(window.exec(QStringLiteral("SELECT COUNT(*) FROM events")));
        }
        // AND the store is whole
        const CliRun verified = m_cli.onStore(store, {u"verify"_qs});
        QVERIFY2(verified.exitCode == 0, qPrintable(verified.err));
        QCOMPARE(m_cli.onStore(store, {u"state"_qs}).out, state);
    }

    void shouldRefuseAFileOfTheStoreAsImportSource_data() { storeFiles_data(); }
    void shouldRefuseAFileOfTheStoreAsImportSource()
    {
        QFETCH(QString, which);
        // GIVEN a store that another program has open
        const QString store = demoStore();
        const QByteArray events = m_cli.onStore(store, {u"export"_qs}).out;
        const QString target = targetFor(store, which);
        RawConnection window(store);
        QVERIFY(window.exec(QStringLiteral("SELECT COUNT(*) FROM events")));
        const FileIdentity before = identityOf(store);
        // WHEN one of its own files is imported into it
        const CliRun run = m_cli.onStore(store, {u"import"_qs, target});
        // THEN it is refused before anything is read, naming the file, and nothing was imported
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QDir::toNativeSeparators(target) + u" is a file of the store"_qs), qPrintable(run.err));
        QVERIFY2(run.err.contains(u"nothing was read or imported"_qs), qPrintable(run.err));
        QVERIFY2(!run.err.contains(u"reading "_qs), qPrintable(run.err));
        QCOMPARE(identityOf(store), before);
        window.close();
        QCOMPARE(m_cli.onStore(store, {u"export"_qs}).out, events);
    }

    void shouldRefuseTheStoreAsTheExportToVerifyAgainst()
    {
        const QString store = demoStore();
        const CliRun run = m_cli.onStore(store, {u"verify"_qs, u"--against"_qs, store});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(u"--against: "_qs + QDir::toNativeSeparators(store) + u" is a file of the store itself"_qs),
                 qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
    }

    void shouldRefuseAStandardOutputThatIsTheStore_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("which");
        QTest::newRow("state >> store") << QStringList{u"state"_qs} << "";
        QTest::newRow("export >> store") << QStringList{u"export"_qs} << "";
        QTest::newRow("history >> store-wal") << QStringList{u"history"_qs, u"100-255-8730"_qs} << "-wal";
        QTest::newRow("import >> store") << QStringList{u"import"_qs, QStringLiteral(HINDSIGHT_SEED_CSV)} << "";
    }
    void shouldRefuseAStandardOutputThatIsTheStore()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, which);
        // GIVEN a store (closed: the test opens the file for the command's standard output itself)
        const QString store = demoStore();
        const QByteArray state = m_cli.onStore(store, {u"state"_qs}).out;
        const qint64 size = identityOf(store + which).size;
        // WHEN a command's standard output is appended to one of its files (a -wal that was not there is created
        // empty for it, as a shell's >> would)
        const CliRun run = m_cli.onStore(store, args, store + which, true);
        // THEN it is refused, and nothing was written into the store
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(u"standard output is "_qs + QFileInfo(store + which).absoluteFilePath()), qPrintable(run.err));
        QCOMPARE(identityOf(store + which).size, size);
        const CliRun verified = m_cli.onStore(store, {u"verify"_qs});
        QVERIFY2(verified.exitCode == 0, qPrintable(verified.err + QString::fromUtf8(verified.out)));
        QCOMPARE(m_cli.onStore(store, {u"state"_qs}).out, state);
    }

    void shouldCreateExportsReadableByTheirOwnerOnly_data()
    {
        QTest::addColumn<int>("umask");
        QTest::addColumn<int>("existing"); // the permissions of a file there before, -1 for none
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("expected");
        QTest::newRow("umask 022, a new file") << 022 << -1 << "jsonl" << 0600;
        QTest::newRow("umask 000, a new file") << 0 << -1 << "csv" << 0600;
        QTest::newRow("umask 002, a new file") << 02 << -1 << "dynamodb" << 0600;
        QTest::newRow("umask 077, a new file") << 077 << -1 << "jsonl" << 0600;
        QTest::newRow("an existing 0600 file stays 0600") << 0 << 0600 << "jsonl" << 0600;
        QTest::newRow("an existing 0640 file keeps its permissions") << 022 << 0640 << "csv" << 0640;
    }
    void shouldCreateExportsReadableByTheirOwnerOnly()
    {
        QFETCH(int, umask);
        QFETCH(int, existing);
        QFETCH(QString, format);
        QFETCH(int, expected);
        const QString store = demoStore();
        const QString output = QFileInfo(store).dir().filePath(QStringLiteral("events.") + format);
        if (existing >= 0) {
            QFile old(output);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write("an older export\n");
            old.close();
            QVERIFY(::chmod(QFile::encodeName(output).constData(), mode_t(existing)) == 0);
        }
        // GIVEN a umask WHEN an export is written to a file
        CliRun run;
        {
            ScopedUmask mask(static_cast<mode_t>(umask));
            run = m_cli.onStore(store, {u"export"_qs, u"--format"_qs, format, u"--output"_qs, output});
        }
        // THEN the export is complete, and a new file is readable and writable by its owner alone
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(readFile(output).size() > 100);
        QCOMPARE(QString::number(permissionsOf(output), 8), QString::number(expected, 8));
    }
};

QTEST_GUILESS_MAIN(TestCliFiles)
#include "TestCliFiles.moc"
