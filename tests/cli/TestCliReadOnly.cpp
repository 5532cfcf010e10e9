// Commands that only read never change a file: a store of an older format stays as it is until something is
// written to it, and that write says it upgraded the store. A damaged store is refused for writing, untouched.
#include "CliRunner.h"
#include "LegacyStore.h"
#include "StoreFactory.h"
#include "TestStores.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QTest>

using namespace hindsight;
using namespace hindsight::test;

namespace {

/**
 * The bytes of the store and of its write-ahead log, hashed: what "untouched" means. An empty log and none are the
 * same (a read-only connection may leave SQLite's empty -wal and -shm beside the store: it cannot remove them).
 */
QByteArray stateOfFiles(const QString& path)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(readFile(path));
    hash.addData("|");
    hash.addData(readFile(path + QStringLiteral("-wal")));
    return hash.result().toHex();
}

} // namespace

class TestCliReadOnly : public QObject
{
    Q_OBJECT

private:
    CliRunner m_cli;
    QTemporaryDir m_dir;

    QString version1Store(const QString& name)
    {
        const QString path = m_dir.filePath(name);
        writeVersion1Store(path, version1History(*StoreFactory::demoEvents()));
        return path;
    }

private slots:
    void shouldLeaveAnOlderStoreAsItIsWhenOnlyReading_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::newRow("verify") << QStringList{u"verify"_qs};
        QTest::newRow("state") << QStringList{u"state"_qs};
        QTest::newRow("state as of") << QStringList{u"state"_qs, u"--as-of"_qs, u"2022-12-01"_qs};
        QTest::newRow("history") << QStringList{u"history"_qs, u"100-255-8730"_qs};
        QTest::newRow("export") << QStringList{u"export"_qs, u"--format"_qs, u"jsonl"_qs};
    }
    void shouldLeaveAnOlderStoreAsItIsWhenOnlyReading()
    {
        QFETCH(QStringList, command);
        // GIVEN a writable store of schema 1
        static int n = 0;
        const QString path = version1Store(QStringLiteral("old-%1.hindsight").arg(++n));
        QVERIFY(!QTest::currentTestFailed());
        const QByteArray before = stateOfFiles(path);
        // WHEN a command that only reads runs on it
        const CliRun run = m_cli.onStore(path, command);
        // THEN it works, and not a byte of the store changed: still schema 1
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(fileSchemaVersion(path), 1);
        QCOMPARE(stateOfFiles(path), before);
        if (command.first() == u"verify")
            QVERIFY2(run.out.startsWith("intact"), run.out.constData());
    }

    void shouldShowControlCharactersOfOlderStoresVisiblyOnATerminal()
    {
        // GIVEN a store holding an escape sequence in a name (stores written before the rules refused them may)
        const QString path = m_cli.demoStore(m_dir.filePath(QStringLiteral("escapes.hindsight")));
        QString err;
        QCOMPARE(runProcess(u"sqlite3"_qs, {path, u"UPDATE customers SET first_name = 'Jo' || char(27) || ']0;pwned' || char(7) || 'e' "
                                                  "WHERE customer_id = '100-255-8730';"_qs},
                            nullptr, &err),
                 0);
        // WHEN the table is printed to a terminal (a pseudo-terminal made by script(1))
        QString shown;
        const QString command = QStringLiteral("'%1' --store '%2' state").arg(QStringLiteral(HINDSIGHT_CLI_PATH), path);
        QCOMPARE(runProcess(u"script"_qs, {u"-qec"_qs, command, u"/dev/null"_qs}, &shown, &err), 0);
        // THEN the terminal gets no control character, but their visible pictures
        QVERIFY2(!shown.contains(QChar(0x1b)) && !shown.contains(QChar(0x07)), qPrintable(shown));
        QVERIFY2(shown.contains(u"Jo\u241b]0;pwned\u2407e"_qs), qPrintable(shown));
        // AND a pipe or a file still gets the exact bytes
        const CliRun piped = m_cli.onStore(path, {u"state"_qs});
        QCOMPARE(piped.exitCode, 0);
        QVERIFY(piped.out.contains("Jo\x1b]0;pwned\x07" "e"));
    }

    void shouldUpgradeOnAWriteAndSaySo()
    {
        // GIVEN a writable store of schema 1
        const QString path = version1Store(QStringLiteral("old-write.hindsight"));
        // WHEN something is written to it
        const CliRun run = m_cli.onStore(path, {u"create"_qs, u"--first-name"_qs, u"Ann"_qs, u"--last-name"_qs, u"Lee"_qs,
                                                u"--address"_qs, u"1, Up Street, Leeds"_qs, u"--dob"_qs, u"1990-01-01"_qs});
        // THEN it is written, the store upgraded first, and the note says so
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.err.contains(u"upgraded"), qPrintable(run.err));
        QVERIFY(fileSchemaVersion(path) > 1);
        QCOMPARE(m_cli.onStore(path, {u"verify"_qs}).exitCode, 0);
    }

    void shouldRefuseToWriteToADamagedStoreAndLeaveItAsItWas_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::newRow("create") << QStringList{u"create"_qs, u"--first-name"_qs, u"A"_qs, u"--last-name"_qs, u"B"_qs, u"--address"_qs,
                                               u"1, C Road, York"_qs, u"--dob"_qs, u"1970-01-01"_qs};
        QTest::newRow("update") << QStringList{u"update"_qs, u"100-255-8730"_qs, u"--address"_qs, u"1, C Road, York"_qs};
        QTest::newRow("import") << QStringList{u"import"_qs, u"EVENTS"_qs};
    }
    void shouldRefuseToWriteToADamagedStoreAndLeaveItAsItWas()
    {
        QFETCH(QStringList, command);
        // GIVEN a store of many events, one of whose pages was overwritten on disk
        static int n = 0;
        const QString path = m_dir.filePath(QStringLiteral("damaged-%1.hindsight").arg(++n));
        QCOMPARE(m_cli.onStore(path, {u"generate"_qs, u"--customers"_qs, u"300"_qs, u"--events-per-customer"_qs, u"4"_qs}).exitCode, 0);
        const QString events = m_dir.filePath(QStringLiteral("events-%1.jsonl").arg(n));
        QCOMPARE(m_cli.onStore(path, {u"export"_qs, u"--format"_qs, u"jsonl"_qs, u"--output"_qs, events}).exitCode, 0);
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            // The last 4,000 bytes of the fourth page: cells of one of the store's tables or indexes.
            file.seek(4 * 16384 - 4000);
            file.write(QByteArray(4000, '\x5a'));
        }
        const QByteArray before = stateOfFiles(path);
        // WHEN a command that writes runs on it
        command.replaceInStrings(u"EVENTS"_qs, events);
        const CliRun run = m_cli.onStore(path, command);
        // THEN it is refused, says the store is damaged, and the files are as they were
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(u"damaged"), qPrintable(run.err));
        QCOMPARE(stateOfFiles(path), before);
        // AND verify still reads it and names the damage
        const CliRun verify = m_cli.onStore(path, {u"verify"_qs});
        QVERIFY(verify.exitCode != 0);
        QVERIFY2(verify.out.contains("problem"), verify.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliReadOnly)
#include "TestCliReadOnly.moc"
