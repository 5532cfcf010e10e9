#include "CliRunner.h"

#include <QFileInfo>
#include <QTest>

using namespace hindsight::test;

namespace {

const QString Joe = QStringLiteral("100-255-8730");
const QString Full = QStringLiteral("/dev/full");

} // namespace

/**
 * hindsight-cli when its results cannot be written (a full disk; here /dev/full, where every write fails with
 * ENOSPC): exit code 1 and a message naming what was lost, never the success a script would go on from.
 */
class TestCliOutputErrors : public QObject
{
    Q_OBJECT

private:
    CliRunner m_cli;
    QTemporaryDir m_dir;
    int m_stores = 0;

    QString demoStore() { return m_cli.demoStore(m_dir.filePath(QStringLiteral("store-%1.hindsight").arg(++m_stores))); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_cli.isValid());
        QVERIFY(m_dir.isValid());
        if (!QFileInfo(Full).isWritable())
            QSKIP("/dev/full is not there to write to");
    }

    void shouldFailWhenItsResultsCannotBeWritten_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("lost");
        QTest::newRow("state") << QStringList{u"state"_qs} << "cannot write the customer table to standard output";
        QTest::newRow("state as of a time, as JSON")
            << QStringList{u"state"_qs, u"--as-of"_qs, u"2022-12-01"_qs, u"--format"_qs, u"json"_qs}
            << "cannot write the customer table to standard output";
        QTest::newRow("history") << QStringList{u"history"_qs, Joe} << "cannot write the history of 100-255-8730 to standard output";
        QTest::newRow("verify") << QStringList{u"verify"_qs} << "cannot write the verify report (the store is intact) to standard output";
        QTest::newRow("export to standard output") << QStringList{u"export"_qs} << "cannot write the export to standard output";
        QTest::newRow("export as csv to standard output")
            << QStringList{u"export"_qs, u"--format"_qs, u"csv"_qs} << "cannot write the export to standard output";
        QTest::newRow("the help") << QStringList{u"--help"_qs} << "cannot write the help to standard output";
        QTest::newRow("a command's help") << QStringList{u"state"_qs, u"--help"_qs} << "cannot write the help to standard output";
    }
    void shouldFailWhenItsResultsCannotBeWritten()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, lost);
        // GIVEN a store WHEN a command's standard output is /dev/full
        const QString store = demoStore();
        const CliRun run = m_cli.onStore(store, args, Full);
        // THEN it exits 1 and says on standard error what it could not write, and why
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(lost), qPrintable(run.err));
        QVERIFY2(run.err.contains(u"No space left on device"_qs), qPrintable(run.err));
    }

    void shouldSayAChangeIsStoredWhenItsLineCannotBeWritten_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("afterwards");
        QTest::addColumn<QByteArray>("state");
        QTest::newRow("create") << QStringList{u"create"_qs, u"--id"_qs, u"200-000-0001"_qs, u"--first-name"_qs, u"Ann"_qs,
                                               u"--last-name"_qs, u"Lee"_qs, u"--address"_qs, u"Leeds"_qs, u"--dob"_qs, u"1970-01-01"_qs}
                                << "the event is stored" << QByteArray("200-000-0001,Ann,Lee,Leeds,1970-01-01,ACTIVE\n");
        QTest::newRow("update") << QStringList{u"update"_qs, Joe, u"--address"_qs, u"York"_qs} << "the event is stored"
                                << QByteArray("100-255-8730,Joe,Bloke,York,1966-04-12,ACTIVE\n");
        QTest::newRow("delete") << QStringList{u"delete"_qs, Joe} << "the event is stored"
                                << QByteArray("100-255-8730,Joe,Bloke,\"99, Edge Lane, London\",1966-04-12,DELETED\n");
        QTest::newRow("rebuild") << QStringList{u"rebuild"_qs} << "the table is rebuilt"
                                 << QByteArray("100-255-8730,Joe,Bloke,\"99, Edge Lane, London\",1966-04-12,ACTIVE\n");
    }
    void shouldSayAChangeIsStoredWhenItsLineCannotBeWritten()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, afterwards);
        QFETCH(QByteArray, state);
        // GIVEN a store WHEN a command that changes it cannot print what it did
        const QString store = demoStore();
        const CliRun run = m_cli.onStore(store, args, Full);
        // THEN it exits 1, and the message says the change was made all the same, as it was
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(u"to standard output: No space left on device"_qs), qPrintable(run.err));
        QVERIFY2(run.err.contains(afterwards), qPrintable(run.err));
        const CliRun now = m_cli.onStore(store, {u"state"_qs});
        QVERIFY2(now.out.contains(state), now.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliOutputErrors)
#include "TestCliOutputErrors.moc"
