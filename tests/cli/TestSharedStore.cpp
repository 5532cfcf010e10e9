// The window and hindsight-cli on one store at once, as people use them: a process that holds the store open with
// several connections (the window does, on its worker threads) beside CLI runs that open and close it.
#include "AccountService.h"
#include "CliRunner.h"
#include "SqliteEventStore.h"
#include "StoreFactory.h"
#include "StoreInspection.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace hindsight;
using namespace hindsight::test;

class TestSharedStore : public QObject
{
    Q_OBJECT

private:
    CliRunner m_runner;

    CliRun cli(const QString& store, const QStringList& args) const { return m_runner.onStore(store, args); }

    /** Sends @p command to the holder and returns its one-line answer. */
    static QByteArray ask(QProcess& holder, const QByteArray& command)
    {
        holder.write(command + '\n');
        while (!holder.canReadLine()) {
            if (!holder.waitForReadyRead(30000))
                return "no answer: " + holder.readAllStandardError();
        }
        return holder.readLine().trimmed();
    }

private slots:
    void shouldKeepTheLogOfAStoreHeldOpenWhileTheCliComesAndGoes_data()
    {
        QTest::addColumn<int>("connections");
        QTest::newRow("two connections") << 2;
        QTest::newRow("four connections") << 4;
    }
    void shouldKeepTheLogOfAStoreHeldOpenWhileTheCliComesAndGoes()
    {
        QFETCH(int, connections);
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("shared.hindsight"));
        QCOMPARE(cli(store, {QStringLiteral("init"), QStringLiteral("--demo")}).exitCode, 0);

        // GIVEN a process holding the store open with several connections, as the window does
        QProcess holder;
        holder.start(QStringLiteral(HINDSIGHT_TEST_WRITER), {QStringLiteral("hold"), store, QStringLiteral("--connections"),
                                                            QString::number(connections)});
        QVERIFY(holder.waitForStarted());
        while (!holder.canReadLine())
            QVERIFY2(holder.waitForReadyRead(30000), holder.readAllStandardError().constData());
        const QByteArray ready = holder.readLine().trimmed();
        QVERIFY2(ready.startsWith("ready "), ready.constData());
        const qint64 pid = ready.mid(6).toLongLong();
        // THEN it holds SQLite's lock on the store file once all its connections are open
        QVERIFY2(posixLocksHeld(pid, store) > 0, "the holder lost its lock on the store file while opening connections");

        const QList<QStringList> commands = {
            {QStringLiteral("state")},
            {QStringLiteral("verify")},
            {QStringLiteral("history"), QStringLiteral("100-255-8730")},
            {QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("jsonl"), QStringLiteral("--output"),
             dir.filePath(QStringLiteral("out.jsonl"))},
            {QStringLiteral("create"), QStringLiteral("--first-name"), QStringLiteral("Cli"), QStringLiteral("--last-name"),
             QStringLiteral("Writer"), QStringLiteral("--address"), QStringLiteral("2, Side Street, York"), QStringLiteral("--dob"),
             QStringLiteral("1970-01-01")},
        };
        for (int round = 0; round < 3; ++round) {
            for (const QStringList& command : commands) {
                // WHEN the CLI opens and closes the store beside it
                const CliRun run = cli(store, command);
                QVERIFY2(run.exitCode == 0, qPrintable(command.join(u' ') + u": " + run.err));
                // THEN the log and its index stay, and the holder keeps its lock
                QVERIFY2(QFileInfo::exists(store + QStringLiteral("-wal")), qPrintable(command.first() + u" deleted the -wal"));
                QVERIFY2(QFileInfo::exists(store + QStringLiteral("-shm")), qPrintable(command.first() + u" deleted the -shm"));
                QVERIFY2(posixLocksHeld(pid, store) > 0, qPrintable(u"the holder has no lock after " + command.first()));
            }
            // AND what the holder appends next is in the store for everyone
            const QString id = QStringLiteral("held-%1").arg(round);
            const QByteArray ack = ask(holder, "create " + id.toUtf8());
            QVERIFY2(ack.startsWith("ack "), ack.constData());
            const CliRun history = cli(store, {QStringLiteral("history"), id});
            QVERIFY2(history.exitCode == 0, qPrintable(history.err));
            QVERIFY(history.out.contains("CREATED"));
            // AND every connection of the holder sees it and what the CLI wrote
            const QByteArray heads = ask(holder, "head");
            const QList<QByteArray> positions = heads.mid(5).split(' ');
            QCOMPARE(positions.size(), connections);
            for (const QByteArray& p : positions)
                QCOMPARE(p, positions.first());
            QCOMPARE(positions.first().toLongLong(), 5 + 2 * (round + 1));
        }
        holder.write("quit\n");
        holder.closeWriteChannel();
        QVERIFY(holder.state() == QProcess::NotRunning || holder.waitForFinished(30000));
        QCOMPARE(holder.exitCode(), 0);
        QCOMPARE(cli(store, {QStringLiteral("verify")}).exitCode, 0);
    }

    void shouldNotReportASaveWhoseLogWasDeletedUnderIt()
    {
        // GIVEN a store open here, and this process's lock on it dropped as the window's used to be (a plain
        // open() and close() of the store file by code outside SQLite)
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lost.hindsight"));
        QCOMPARE(cli(path, {QStringLiteral("init"), QStringLiteral("--demo")}).exitCode, 0);
        auto opened = SqliteEventStore::open(path);
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        std::unique_ptr<SqliteEventStore> store = std::move(opened).value();
        QVERIFY(store->headPosition().ok());
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            file.read(16);
        }
        // AND a CLI run that, finding no lock, took itself for the last user and deleted the log
        QCOMPARE(cli(path, {QStringLiteral("create"), QStringLiteral("--first-name"), QStringLiteral("A"), QStringLiteral("--last-name"),
                            QStringLiteral("B"), QStringLiteral("--address"), QStringLiteral("1, C Road, York"), QStringLiteral("--dob"),
                            QStringLiteral("1970-01-01")})
                     .exitCode,
                 0);
        QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal")));
        // WHEN this connection saves
        AccountService service(*store);
        auto created = service.createCustomer({QStringLiteral("Lost"), QStringLiteral("Save"), QStringLiteral("1, Gone Road, Hull"),
                                               QDate(1980, 1, 1)},
                                              QStringLiteral("lost-1"));
        // THEN it is not reported saved: it went into a log nobody will read
        QVERIFY(!created);
        QCOMPARE(created.error().code, ErrorCode::Io);
        QVERIFY2(created.error().message.contains(u"write-ahead log"), qPrintable(created.error().message));
        // AND nothing more is written through that connection
        auto again = service.createCustomer({QStringLiteral("Lost"), QStringLiteral("Again"), QStringLiteral("1, Gone Road, Hull"),
                                             QDate(1980, 1, 1)},
                                            QStringLiteral("lost-2"));
        QVERIFY(!again);
        store.reset();
        // AND closing it copies nothing of its stale log over the store: what the CLI wrote stays, the store is whole
        QCOMPARE(cli(path, {QStringLiteral("history"), QStringLiteral("lost-1")}).exitCode, 4);
        const CliRun state = cli(path, {QStringLiteral("state"), QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(state.exitCode, 0);
        QVERIFY2(state.out.contains(",A,B,"), state.out.constData());
        const CliRun verify = cli(path, {QStringLiteral("verify")});
        QVERIFY2(verify.exitCode == 0, verify.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestSharedStore)
#include "TestSharedStore.moc"
