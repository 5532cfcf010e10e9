#include "CliRunner.h"
#include "StoreInspection.h"

#include <QFileInfo>
#include <QTest>

using namespace hindsight::test;

/**
 * `hindsight-cli rebuild`: what verify's "the customer table disagrees with the log … rebuild the table from it"
 * asks for. The table is derived from the log, so any damage to it is undone by replaying the log.
 */
class TestCliRebuild : public QObject
{
    Q_OBJECT

private:
    CliRunner m_cli;
    QTemporaryDir m_dir;
    int m_stores = 0;

    /** The demo events, then 40 generated customers with their changes. */
    QString filledStore()
    {
        const QString path = m_dir.filePath(QStringLiteral("store-%1.hindsight").arg(++m_stores));
        if (m_cli.onStore(path, {u"init"_qs, u"--demo"_qs}).exitCode != 0
            || m_cli.onStore(path, {u"generate"_qs, u"--customers"_qs, u"40"_qs, u"--events-per-customer"_qs, u"4"_qs}).exitCode != 0) {
            qFatal("cannot fill %s", qPrintable(path));
        }
        return path;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_cli.isValid());
        QVERIFY(m_dir.isValid());
    }

    void shouldRebuildADamagedCustomerTableFromTheLog_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::newRow("an address changed") << "UPDATE customers SET address = 'Nowhere' WHERE customer_id = '100-255-8730'";
        QTest::newRow("a customer's row removed") << "DELETE FROM customers WHERE customer_id = '100-735-6729'";
        QTest::newRow("a customer the log never had")
            << "INSERT INTO customers VALUES ('999-999-9999', 'Ghost', 'Row', 'Nowhere', '1970-01-01', 0, 1, 0, 0)";
        QTest::newRow("a deleted customer shown active") << "UPDATE customers SET status = 0 WHERE customer_id = '100-735-6729'";
        QTest::newRow("a version that is wrong") << "UPDATE customers SET version = 9 WHERE customer_id = '100-255-8730'";
        QTest::newRow("the whole table emptied") << "DELETE FROM customers";
    }
    void shouldRebuildADamagedCustomerTableFromTheLog()
    {
        QFETCH(QString, damage);
        // GIVEN a store whose customer table was changed behind Hindsight's back (it has no append-only triggers)
        const QString store = filledStore();
        const QByteArray table = m_cli.onStore(store, {u"state"_qs}).out;
        const QByteArray asOf = m_cli.onStore(store, {u"state"_qs, u"--as-of"_qs, u"2016-01-01"_qs}).out;
        const QByteArray events = m_cli.onStore(store, {u"export"_qs}).out;
        {
            RawConnection raw(store);
            QString error;
            QVERIFY2(raw.exec(damage, &error), qPrintable(error));
        }
        const CliRun damaged = m_cli.onStore(store, {u"verify"_qs});
        QCOMPARE(damaged.exitCode, 1);
        QVERIFY2(damaged.out.contains("the customer table disagrees with the log"), damaged.out.constData());

        // WHEN the table is rebuilt
        const CliRun rebuilt = m_cli.onStore(store, {u"rebuild"_qs});

        // THEN it says what it replayed, verify passes and the table is the one the log gives, now and in the past
        QVERIFY2(rebuilt.exitCode == 0, qPrintable(rebuilt.err));
        QVERIFY2(rebuilt.out.startsWith("rebuilt the customer table of "), rebuilt.out.constData());
        QVERIFY2(rebuilt.out.contains(" from 165 events: 42 customers, "), rebuilt.out.constData());
        const CliRun verified = m_cli.onStore(store, {u"verify"_qs});
        QVERIFY2(verified.exitCode == 0, qPrintable(verified.err + QString::fromUtf8(verified.out)));
        QVERIFY(verified.out.startsWith("intact: 165 events checked"));
        QCOMPARE(m_cli.onStore(store, {u"state"_qs}).out, table);
        QCOMPARE(m_cli.onStore(store, {u"state"_qs, u"--as-of"_qs, u"2016-01-01"_qs}).out, asOf);
        // AND the log was not touched
        QCOMPARE(m_cli.onStore(store, {u"export"_qs}).out, events);
    }

    void shouldRebuildAnIntactStoreToTheSameTable()
    {
        const QString store = filledStore();
        const QByteArray table = m_cli.onStore(store, {u"state"_qs}).out;
        const CliRun rebuilt = m_cli.onStore(store, {u"rebuild"_qs});
        QVERIFY2(rebuilt.exitCode == 0, qPrintable(rebuilt.err));
        QCOMPARE(m_cli.onStore(store, {u"state"_qs}).out, table);
        QCOMPARE(m_cli.onStore(store, {u"verify"_qs}).exitCode, 0);
    }

    void shouldAnswerRebuildWithTheExitCodesOfTheOthers_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("said");
        QTest::newRow("no such store") << QStringList{u"--store"_qs, u"MISSING"_qs, u"rebuild"_qs} << 4 << "MISSING";
        QTest::newRow("an argument it does not take") << QStringList{u"--store"_qs, u"STORE"_qs, u"rebuild"_qs, u"now"_qs} << 2
                                                      << "unexpected argument \"now\"";
        QTest::newRow("an option it does not take") << QStringList{u"--store"_qs, u"STORE"_qs, u"rebuild"_qs, u"--all"_qs} << 2 << "Unknown option 'all'";
    }
    void shouldAnswerRebuildWithTheExitCodesOfTheOthers()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, said);
        const QString store = filledStore();
        args.replaceInStrings(u"MISSING"_qs, m_dir.filePath(u"missing.hindsight"_qs));
        args.replaceInStrings(u"STORE"_qs, store);
        const CliRun run = m_cli.run(args);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.err.contains(said.replace(u"MISSING"_qs, u"missing.hindsight"_qs)), qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
    }

    void shouldDescribeRebuildInTheHelp()
    {
        const CliRun list = m_cli.run({u"--help"_qs});
        QCOMPARE(list.exitCode, 0);
        QVERIFY2(list.out.contains("\n  rebuild   Rebuild the customer table from the log"), list.out.constData());
        const CliRun help = m_cli.run({u"rebuild"_qs, u"--help"_qs});
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.startsWith("Usage: hindsight-cli [--store PATH] rebuild [options]\n"), help.out.constData());
        QVERIFY2(help.out.simplified().contains("in one transaction"), help.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliRebuild)
#include "TestCliRebuild.moc"
