#include "CliRunner.h"
#include "StoreInspection.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTest>

#include <vector>

using namespace hindsight::test;

namespace {

const QString Joe = QStringLiteral("100-255-8730");
constexpr int Writers = 8;

/** Whether process @p pid has @p path open (Linux: its /proc/PID/fd links); looks at links only. */
bool hasOpen(qint64 pid, const QString& path)
{
    const QString wanted = QFileInfo(path).absoluteFilePath();
    const QDir fds(QStringLiteral("/proc/%1/fd").arg(pid));
    for (const QFileInfo& fd : fds.entryInfoList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)) {
        if (fd.symLinkTarget() == wanted)
            return true;
    }
    return false;
}

} // namespace

/**
 * Several `hindsight-cli update` processes on one customer at once. Without --expected-version each asks "set these
 * fields now", and each gets its event stored; with one, a stale version is refused with exit code 3 and nothing
 * written.
 */
class TestCliUpdateContention : public QObject
{
    Q_OBJECT

private:
    CliRunner m_cli;
    QTemporaryDir m_dir;
    int m_stores = 0;

    QString demoStore() { return m_cli.demoStore(m_dir.filePath(QStringLiteral("store-%1.hindsight").arg(++m_stores))); }

    /**
     * Starts Writers updates of Joe while another connection holds the store's write lock, so that they read Joe
     * at the same version and then queue for the lock; releases it once every one has the store open and had time
     * to read; returns what each did.
     */
    QList<CliRun> updateAtOnce(const QString& store, const QStringList& extra)
    {
        QList<CliRun> runs;
        RawConnection blocker(store);
        QString error;
        if (!blocker.exec(QStringLiteral("BEGIN IMMEDIATE"), &error)) {
            qWarning("cannot take the write lock: %s", qPrintable(error));
            return runs;
        }
        std::vector<std::unique_ptr<QProcess>> processes;
        for (int i = 0; i < Writers; ++i) {
            processes.push_back(m_cli.start(QStringList{u"--store"_qs, store, u"update"_qs, Joe, u"--address"_qs,
                                                        QStringLiteral("%1, Contention Row, Leeds").arg(i)}
                                            + extra));
        }
        QElapsedTimer waited;
        waited.start();
        for (const auto& process : processes) {
            process->waitForStarted(10000);
            while (process->state() == QProcess::Running && !hasOpen(process->processId(), store + u"-shm"_qs)
                   && waited.elapsed() < 60000)
                QTest::qWait(10);
        }
        // Reading Joe takes a few milliseconds once the store is open; this only makes sure every writer is queued
        // behind the lock with what it read. On a slower machine some read later, which only makes less contention.
        QTest::qWait(500);
        blocker.exec(QStringLiteral("ROLLBACK"));
        for (const auto& process : processes)
            runs << CliRunner::finish(*process);
        return runs;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_cli.isValid());
        QVERIFY(m_dir.isValid());
    }

    void shouldStoreEveryUpdateWithoutAnExpectedVersion()
    {
        // GIVEN Joe at version 3
        const QString store = demoStore();
        // WHEN eight updates of his address without --expected-version run at once
        const QList<CliRun> runs = updateAtOnce(store, {});
        QCOMPARE(runs.size(), Writers);
        // THEN every one succeeds and prints its event
        static const QRegularExpression printed(QStringLiteral("^customer 100-255-8730 event (\\S+) version (\\d+)\\n$"));
        QStringList eventIds;
        QList<int> versions;
        for (const CliRun& run : runs) {
            QVERIFY2(run.exitCode == 0, qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.err)));
            const auto m = printed.match(QString::fromUtf8(run.out));
            QVERIFY2(m.hasMatch(), run.out.constData());
            eventIds << m.captured(1);
            versions << m.captured(2).toInt();
        }
        std::sort(versions.begin(), versions.end());
        for (int i = 0; i < Writers; ++i)
            QCOMPARE(versions.at(i), 4 + i);
        // AND the history holds each one's event, with its own address, once
        const CliRun history = m_cli.onStore(store, {u"history"_qs, Joe});
        QCOMPARE(history.out.count('\n'), 1 + 3 + Writers);
        for (const QString& id : std::as_const(eventIds))
            QCOMPARE(history.out.count(id.toUtf8()), 1);
        for (int i = 0; i < Writers; ++i)
            QCOMPARE(history.out.count(QStringLiteral("\"%1, Contention Row, Leeds\"").arg(i).toUtf8()), 1);
        QCOMPARE(m_cli.onStore(store, {u"verify"_qs}).exitCode, 0);
    }

    void shouldRefuseStaleExpectedVersionsAndWriteNothing()
    {
        // GIVEN Joe at version 3
        const QString store = demoStore();
        const QByteArray before = m_cli.onStore(store, {u"history"_qs, Joe}).out;
        // WHEN eight updates that each expect version 3 run at once
        const QList<CliRun> runs = updateAtOnce(store, {u"--expected-version"_qs, u"3"_qs});
        QCOMPARE(runs.size(), Writers);
        // THEN the first to write succeeds as version 4; every other exits 3, prints nothing and writes nothing
        int succeeded = 0;
        for (const CliRun& run : runs) {
            if (run.exitCode == 0) {
                ++succeeded;
                QVERIFY2(run.out.endsWith(" version 4\n"), run.out.constData());
                continue;
            }
            QVERIFY2(run.exitCode == 3, qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.err)));
            QVERIFY(run.out.isEmpty());
            QVERIFY2(run.err.contains(u"it is at version 4, not 3; nothing was written"_qs), qPrintable(run.err));
        }
        QCOMPARE(succeeded, 1);
        const CliRun history = m_cli.onStore(store, {u"history"_qs, Joe});
        QCOMPARE(history.out.count('\n'), before.count('\n') + 1);
        QVERIFY(history.out.startsWith(before));
    }
};

QTEST_GUILESS_MAIN(TestCliUpdateContention)
#include "TestCliUpdateContention.moc"
