#include "CliRunner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace hindsight::test;

namespace {

const QByteArray StateHeader = "Customer ID,First name,Last name,Address,DOB,Status\n";
const QByteArray JoeLondon = "100-255-8730,Joe,Bloke,\"99, Edge Lane, London\",1966-04-12,ACTIVE\n";
const QByteArray JoeLeeds = "100-255-8730,Joe,Bloke,\"34, Fine Way, Leeds\",1966-04-12,ACTIVE\n";
const QByteArray JoeCardiff = "100-255-8730,Joe,Bloke,\"15, Nice Road, Cardiff\",1966-04-12,ACTIVE\n";
const QByteArray BizActive = "100-735-6729,Biz,Raj,\"12A, Top Street, Mumbai\",1995-06-15,ACTIVE\n";
const QByteArray BizDeleted = "100-735-6729,Biz,Raj,\"12A, Top Street, Mumbai\",1995-06-15,DELETED\n";
const QString Joe = QStringLiteral("100-255-8730");
const QString Biz = QStringLiteral("100-735-6729");

} // namespace

/** hindsight-cli end to end: the real executable on stores under a temporary folder. */
class TestCli : public QObject
{
    Q_OBJECT

private:
    CliRunner m_runner; // HOME and the XDG folders of every run: the default store lives there, never in real user data
    QTemporaryDir m_dir;
    int m_stores = 0;

    /** Runs hindsight-cli with @p args and returns what it did. */
    CliRun cli(const QStringList& args) const { return m_runner.run(args); }

    /** A path for a new store, not yet created. */
    QString newStorePath() { return m_dir.filePath(QStringLiteral("store-%1.hindsight").arg(++m_stores)); }

    /** A new store holding the demo events. */
    QString demoStore()
    {
        const QString path = newStorePath();
        const CliRun run = cli({QStringLiteral("--store"), path, QStringLiteral("init"), QStringLiteral("--demo")});
        if (run.exitCode != 0)
            qFatal("init --demo failed: %s", qPrintable(run.err));
        return path;
    }

    CliRun onStore(const QString& store, QStringList args)
    {
        args.prepend(store);
        args.prepend(QStringLiteral("--store"));
        return cli(args);
    }

    int eventCount(const QString& store)
    {
        const CliRun run = onStore(store, {QStringLiteral("state")});
        int count = 0;
        for (const QString& id : {Joe, Biz}) {
            const CliRun history = onStore(store, {QStringLiteral("history"), id});
            count += history.out.count('\n') - 1;
        }
        return run.exitCode == 0 ? count : -1;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_runner.isValid());
        QVERIFY(m_dir.isValid());
        QVERIFY(QFileInfo::exists(QStringLiteral(HINDSIGHT_CLI_PATH)));
    }

    void shouldInitADemoStoreHoldingTheSeedEvents()
    {
        // GIVEN a path where no store exists
        const QString path = newStorePath();
        // WHEN init --demo runs
        const CliRun run = cli({QStringLiteral("--store"), path, QStringLiteral("init"), QStringLiteral("--demo")});
        // THEN the store exists and holds the five events of Table 3-2
        QCOMPARE(run.exitCode, 0);
        QVERIFY(QFileInfo::exists(path));
        QVERIFY(run.out.contains("5 events"));
        QCOMPARE(eventCount(path), 5);
    }

    void shouldInitAnEmptyStoreAndRefuseToInitTwice()
    {
        const QString path = newStorePath();
        QCOMPARE(cli({QStringLiteral("--store"), path, QStringLiteral("init")}).exitCode, 0);
        const CliRun state = onStore(path, {QStringLiteral("state")});
        QCOMPARE(state.exitCode, 0);
        QCOMPARE(state.out, StateHeader);

        const CliRun again = cli({QStringLiteral("--store"), path, QStringLiteral("init"), QStringLiteral("--demo")});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains(QStringLiteral("exists already")), qPrintable(again.err));
        QCOMPARE(onStore(path, {QStringLiteral("state")}).out, StateHeader);
    }

    void shouldPrintTheCustomerTableNowAsExactCsv()
    {
        const QString store = demoStore();
        const CliRun run = onStore(store, {QStringLiteral("state")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
        // Joe Bloke in London, Biz Raj deleted
        QCOMPARE(run.out, StateHeader + JoeLondon + BizDeleted);
    }

    void shouldPrintTheCustomerTableAsOfATime_data()
    {
        QTest::addColumn<QString>("asOf");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("2022-12-01: Joe in Leeds, Biz active") << "2022-12-01" << StateHeader + JoeLeeds + BizActive;
        QTest::newRow("2022-07-01: Joe in Cardiff") << "2022-07-01" << StateHeader + JoeCardiff + BizActive;
        QTest::newRow("2009-01-01: nobody") << "2009-01-01" << StateHeader;
        QTest::newRow("Biz's creation, to the millisecond") << "2009-11-29T20:49:40.003Z" << StateHeader + BizActive;
        QTest::newRow("a millisecond before Biz's creation") << "2009-11-29T20:49:40.002Z" << StateHeader;
        QTest::newRow("the Leeds event counts at its own time") << "2022-10-04T09:27:20.443Z" << StateHeader + JoeLeeds + BizActive;
        QTest::newRow("without milliseconds, before the Leeds event") << "2022-10-04T09:27:20Z" << StateHeader + JoeCardiff + BizActive;
        QTest::newRow("without milliseconds, after the Leeds event") << "2022-10-04T09:27:21Z" << StateHeader + JoeLeeds + BizActive;
        QTest::newRow("without Z, read as UTC") << "2022-10-04T09:27:21" << StateHeader + JoeLeeds + BizActive;
        QTest::newRow("with an offset") << "2022-10-04T11:27:21+02:00" << StateHeader + JoeLeeds + BizActive;
        QTest::newRow("Biz's deletion") << "2023-01-15T02:37:20.545Z" << StateHeader + JoeLeeds + BizDeleted;
        QTest::newRow("the newest event") << "2023-04-05T08:47:30.718Z" << StateHeader + JoeLondon + BizDeleted;
    }
    void shouldPrintTheCustomerTableAsOfATime()
    {
        QFETCH(QString, asOf);
        QFETCH(QByteArray, expected);
        static const QString store = demoStore();
        const CliRun run = onStore(store, {QStringLiteral("state"), QStringLiteral("--as-of"), asOf});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(run.out, expected);
    }

    void shouldPrintTheCustomerTableAsJson()
    {
        const QString store = demoStore();
        const CliRun run = onStore(store, {QStringLiteral("state"), QStringLiteral("--as-of"), QStringLiteral("2022-12-01"),
                                           QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(run.exitCode, 0);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(run.out, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(doc.isArray());
        const QJsonArray rows = doc.array();
        QCOMPARE(rows.size(), 2);
        const QJsonObject joe = rows.at(0).toObject();
        QCOMPARE(joe.value(QStringLiteral("customerId")).toString(), Joe);
        QCOMPARE(joe.value(QStringLiteral("firstName")).toString(), QStringLiteral("Joe"));
        QCOMPARE(joe.value(QStringLiteral("lastName")).toString(), QStringLiteral("Bloke"));
        QCOMPARE(joe.value(QStringLiteral("address")).toString(), QStringLiteral("34, Fine Way, Leeds"));
        QCOMPARE(joe.value(QStringLiteral("dob")).toString(), QStringLiteral("1966-04-12"));
        QCOMPARE(joe.value(QStringLiteral("status")).toString(), QStringLiteral("ACTIVE"));
        QCOMPARE(rows.at(1).toObject().value(QStringLiteral("customerId")).toString(), Biz);
    }

    void shouldQuoteCsvFieldsAsRfc4180Says()
    {
        // GIVEN a customer whose name holds a quote and whose address holds a comma, a quote and a line break
        const QString store = demoStore();
        const CliRun created = onStore(store, {QStringLiteral("create"), QStringLiteral("--id"), QStringLiteral("200-000-0001"),
                                               QStringLiteral("--first-name"), QStringLiteral("Siobhán"),
                                               QStringLiteral("--last-name"), QStringLiteral("O\"Neil"),
                                               QStringLiteral("--address"), QStringLiteral("1 \"The Row\",\nDublin"),
                                               QStringLiteral("--dob"), QStringLiteral("1980-02-29")});
        QVERIFY2(created.exitCode == 0, qPrintable(created.err));
        // WHEN the table is printed THEN those fields are quoted, their quotes doubled
        const CliRun state = onStore(store, {QStringLiteral("state")});
        QCOMPARE(state.out, StateHeader + JoeLondon + BizDeleted
                     + QStringLiteral("200-000-0001,Siobhán,\"O\"\"Neil\",\"1 \"\"The Row\"\",\nDublin\",1980-02-29,ACTIVE\n").toUtf8());
    }

    void shouldPrintACustomersHistoryOldestFirst()
    {
        const QString store = demoStore();
        const CliRun run = onStore(store, {QStringLiteral("history"), Joe});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out,
                 QByteArray("PK,SK,Event ID,First name,Last name,Address,DOB,Status,Version,Position\n"
                            "100-255-8730,2022-06-15T18:57:43.148Z,Zxjfie294hfd-kd9e7n,Joe,Bloke,\"15, Nice Road, Cardiff\",1966-04-12,CREATED,1,1\n"
                            "100-255-8730,2022-10-04T09:27:20.443Z,Jsd93ebhas-xdfgns,Joe,Bloke,\"34, Fine Way, Leeds\",1966-04-12,UPDATED,2,2\n"
                            "100-255-8730,2023-04-05T08:47:30.718Z,Hru343t5-jvcj,Joe,Bloke,\"99, Edge Lane, London\",1966-04-12,UPDATED,3,3\n"));

        const CliRun json = onStore(store, {QStringLiteral("history"), Biz, QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(json.exitCode, 0);
        const QJsonArray events = QJsonDocument::fromJson(json.out).array();
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.at(0).toObject().value(QStringLiteral("eventId")).toString(), QStringLiteral("skdj834sd3-j3ns"));
        QCOMPARE(events.at(0).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("CREATED"));
        QCOMPARE(events.at(0).toObject().value(QStringLiteral("recordedAt")).toString(), QStringLiteral("2009-11-29T20:49:40.003Z"));
        QCOMPARE(events.at(1).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("DELETED"));
        QCOMPARE(events.at(1).toObject().value(QStringLiteral("version")).toInt(), 2);
    }

    void shouldRefuseTheHistoryOfAnUnknownCustomer()
    {
        const QString store = demoStore();
        const CliRun run = onStore(store, {QStringLiteral("history"), QStringLiteral("999-999-9999")});
        QCOMPARE(run.exitCode, 4);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.contains(QStringLiteral("999-999-9999")), qPrintable(run.err));
    }

    void shouldCreateUpdateAndDeleteACustomer()
    {
        const QString store = demoStore();
        static const QRegularExpression printed(QStringLiteral("^customer (\\S+) event (\\S+) version (\\d+)\\n$"));

        // WHEN a customer is created without an id THEN a fresh id and version 1 are printed
        const CliRun created = onStore(store, {QStringLiteral("create"), QStringLiteral("--first-name"), QStringLiteral("Ada"),
                                               QStringLiteral("--last-name"), QStringLiteral("Lovelace"),
                                               QStringLiteral("--address"), QStringLiteral("12, St James's Square, London"),
                                               QStringLiteral("--dob"), QStringLiteral("1815-12-10")});
        QVERIFY2(created.exitCode == 0, qPrintable(created.err));
        const auto c = printed.match(QString::fromUtf8(created.out));
        QVERIFY2(c.hasMatch(), created.out.constData());
        const QString id = c.captured(1);
        QVERIFY(QRegularExpression(QStringLiteral("^\\d{3}-\\d{3}-\\d{4}$")).match(id).hasMatch());
        QCOMPARE(c.captured(3), QStringLiteral("1"));

        // WHEN only the address is updated THEN the other fields stay and version 2 is printed
        const CliRun updated = onStore(store, {QStringLiteral("update"), id, QStringLiteral("--address"), QStringLiteral("Ockham Park, Surrey")});
        QVERIFY2(updated.exitCode == 0, qPrintable(updated.err));
        const auto u = printed.match(QString::fromUtf8(updated.out));
        QVERIFY(u.hasMatch());
        QCOMPARE(u.captured(1), id);
        QCOMPARE(u.captured(3), QStringLiteral("2"));
        QVERIFY(u.captured(2) != c.captured(2));
        const CliRun state = onStore(store, {QStringLiteral("state")});
        QVERIFY(state.out.contains((id + QStringLiteral(",Ada,Lovelace,Ockham Park, Surrey")).toUtf8())
                || state.out.contains((id + QStringLiteral(",Ada,Lovelace,\"Ockham Park, Surrey\",1815-12-10,ACTIVE\n")).toUtf8()));

        // WHEN the customer is deleted THEN version 3, and the table lists the customer as DELETED
        const CliRun deleted = onStore(store, {QStringLiteral("delete"), id});
        QVERIFY2(deleted.exitCode == 0, qPrintable(deleted.err));
        const auto d = printed.match(QString::fromUtf8(deleted.out));
        QVERIFY(d.hasMatch());
        QCOMPARE(d.captured(3), QStringLiteral("3"));
        QVERIFY(onStore(store, {QStringLiteral("state")})
                    .out.contains((id + QStringLiteral(",Ada,Lovelace,\"Ockham Park, Surrey\",1815-12-10,DELETED\n")).toUtf8()));

        // THEN the history holds the three events in order
        const CliRun history = onStore(store, {QStringLiteral("history"), id});
        const QList<QByteArray> lines = history.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines[1].contains(",CREATED,1,"));
        QVERIFY(lines[2].contains("\"Ockham Park, Surrey\",1815-12-10,UPDATED,2,"));
        QVERIFY(lines[3].contains(",DELETED,3,"));
        QVERIFY(lines[1].contains(c.captured(2).toUtf8()));

        // WHEN a deleted customer is updated or deleted again THEN it is refused and nothing is written
        const CliRun again = onStore(store, {QStringLiteral("update"), id, QStringLiteral("--first-name"), QStringLiteral("Augusta")});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains(QStringLiteral("deleted")), qPrintable(again.err));
        QCOMPARE(onStore(store, {QStringLiteral("delete"), id}).exitCode, 1);
        QCOMPARE(onStore(store, {QStringLiteral("history"), id}).out, history.out);
    }

    void shouldRefuseAnUpdateThatChangesNothing()
    {
        const QString store = demoStore();
        const CliRun run = onStore(store, {QStringLiteral("update"), Joe, QStringLiteral("--address"), QStringLiteral("99, Edge Lane, London")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.contains(QStringLiteral("Nothing changed")), qPrintable(run.err));
        QCOMPARE(eventCount(store), 5);

        const CliRun noOptions = onStore(store, {QStringLiteral("update"), Joe});
        QCOMPARE(noOptions.exitCode, 2);
        QCOMPARE(eventCount(store), 5);
    }

    void shouldRefuseAStaleExpectedVersionWithExitCode3()
    {
        const QString store = demoStore();
        // GIVEN Joe at version 3 WHEN an update expects version 2 THEN exit 3 naming the current version, nothing written
        const CliRun stale = onStore(store, {QStringLiteral("update"), Joe, QStringLiteral("--address"), QStringLiteral("1, New Street, York"),
                                             QStringLiteral("--expected-version"), QStringLiteral("2")});
        QCOMPARE(stale.exitCode, 3);
        QVERIFY(stale.out.isEmpty());
        QVERIFY2(stale.err.contains(QStringLiteral("version 3")), qPrintable(stale.err));
        const CliRun staleDelete = onStore(store, {QStringLiteral("delete"), Joe, QStringLiteral("--expected-version"), QStringLiteral("1")});
        QCOMPARE(staleDelete.exitCode, 3);
        QCOMPARE(eventCount(store), 5);
        QCOMPARE(onStore(store, {QStringLiteral("state")}).out, StateHeader + JoeLondon + BizDeleted);

        // WHEN the update expects the current version THEN it is written as version 4
        const CliRun current = onStore(store, {QStringLiteral("update"), Joe, QStringLiteral("--address"), QStringLiteral("1, New Street, York"),
                                               QStringLiteral("--expected-version"), QStringLiteral("3")});
        QVERIFY2(current.exitCode == 0, qPrintable(current.err));
        QVERIFY(current.out.endsWith(" version 4\n"));
    }

    void shouldRefuseChangesToUnknownCustomers()
    {
        const QString store = demoStore();
        const CliRun update = onStore(store, {QStringLiteral("update"), QStringLiteral("123-456-7890"), QStringLiteral("--first-name"), QStringLiteral("X")});
        QCOMPARE(update.exitCode, 4);
        QVERIFY2(update.err.contains(QStringLiteral("123-456-7890")), qPrintable(update.err));
        const CliRun remove = onStore(store, {QStringLiteral("delete"), QStringLiteral("123-456-7890")});
        QCOMPARE(remove.exitCode, 4);
        QCOMPARE(eventCount(store), 5);
    }

    void shouldRefuseBadCustomerDetailsNamingTheField_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("mentioned");
        const auto create = [](const QString& first, const QString& last, const QString& dob) {
            return QStringList{QStringLiteral("create"), QStringLiteral("--first-name"), first, QStringLiteral("--last-name"), last,
                               QStringLiteral("--address"), QStringLiteral("1, Main Street, Bath"), QStringLiteral("--dob"), dob};
        };
        QTest::newRow("blank first name") << create(u"  "_qs, u"Smith"_qs, u"1970-01-01"_qs) << "--first-name" << "First name";
        QTest::newRow("blank last name") << create(u"Ann"_qs, u""_qs, u"1970-01-01"_qs) << "--last-name" << "Last name";
        QTest::newRow("date of birth in the future") << create(u"Ann"_qs, u"Smith"_qs, u"2999-01-01"_qs) << "--dob" << "future";
        QTest::newRow("no such date") << create(u"Ann"_qs, u"Smith"_qs, u"1970-02-30"_qs) << "--dob" << "1970-02-30";
        QTest::newRow("not a date") << create(u"Ann"_qs, u"Smith"_qs, u"12.04.1966"_qs) << "--dob" << "12.04.1966";
        QTest::newRow("update to a blank last name")
            << QStringList{u"update"_qs, Joe, u"--last-name"_qs, u" "_qs} << "--last-name" << "Last name";
        QTest::newRow("update to a future date of birth")
            << QStringList{u"update"_qs, Joe, u"--dob"_qs, u"2999-12-31"_qs} << "--dob" << "future";
        QTest::newRow("update to a bad date") << QStringList{u"update"_qs, Joe, u"--dob"_qs, u"1966-13-01"_qs} << "--dob" << "1966-13-01";
    }
    void shouldRefuseBadCustomerDetailsNamingTheField()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, field);
        QFETCH(QString, mentioned);
        const QString store = demoStore();
        const CliRun run = onStore(store, args);
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.contains(field), qPrintable(run.err));
        QVERIFY2(run.err.contains(mentioned), qPrintable(run.err));
        QCOMPARE(onStore(store, {QStringLiteral("state")}).out, StateHeader + JoeLondon + BizDeleted);
        QCOMPARE(eventCount(store), 5);
    }

    void shouldRefuseABadAsOfNamingTheValue_data()
    {
        QTest::addColumn<QString>("asOf");
        QTest::newRow("words") << "yesterday";
        QTest::newRow("no such date") << "2022-13-01";
        QTest::newRow("no such time") << "2022-12-01T25:00:00Z";
        QTest::newRow("day first") << "01/12/2022";
    }
    void shouldRefuseABadAsOfNamingTheValue()
    {
        QFETCH(QString, asOf);
        static const QString store = demoStore();
        const CliRun run = onStore(store, {QStringLiteral("state"), QStringLiteral("--as-of"), asOf});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.contains(QStringLiteral("--as-of")), qPrintable(run.err));
        QVERIFY2(run.err.contains(asOf), qPrintable(run.err));
    }

    void shouldReportUsageErrorsWithExitCode2_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no command") << QStringList{};
        QTest::newRow("unknown command") << QStringList{u"frobnicate"_qs};
        QTest::newRow("unknown global option") << QStringList{u"--colour"_qs, u"state"_qs};
        QTest::newRow("unknown command option") << QStringList{u"state"_qs, u"--colour"_qs};
        QTest::newRow("missing option value") << QStringList{u"state"_qs, u"--as-of"_qs};
        QTest::newRow("missing store path") << QStringList{u"--store"_qs};
        QTest::newRow("missing customer id") << QStringList{u"history"_qs};
        QTest::newRow("extra argument") << QStringList{u"history"_qs, Joe, Biz};
        QTest::newRow("create without a name") << QStringList{u"create"_qs, u"--last-name"_qs, u"X"_qs, u"--address"_qs, u"Y"_qs,
                                                              u"--dob"_qs, u"1970-01-01"_qs};
        QTest::newRow("generate without sizes") << QStringList{u"generate"_qs};
    }
    void shouldReportUsageErrorsWithExitCode2()
    {
        QFETCH(QStringList, args);
        const QString store = demoStore();
        const CliRun run = onStore(store, args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.out.isEmpty());
        QVERIFY(!run.err.isEmpty());
        QCOMPARE(eventCount(store), 5);
    }

    void shouldRefuseAStoreThatDoesNotExist()
    {
        const QString path = newStorePath();
        const CliRun run = cli({QStringLiteral("--store"), path, QStringLiteral("state")});
        QCOMPARE(run.exitCode, 4);
        QVERIFY2(run.err.contains(QFileInfo(path).fileName()), qPrintable(run.err));
        QVERIFY(!QFileInfo::exists(path));
    }

    void shouldRefuseAFileThatIsNotAStore()
    {
        const QString path = m_dir.filePath(QStringLiteral("notes.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("just some notes\n");
        file.close();
        const CliRun run = cli({QStringLiteral("--store"), path, QStringLiteral("state")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("not a Hindsight store")), qPrintable(run.err));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("just some notes\n"));
    }

    void shouldShowHelpForEveryCommand_data()
    {
        QTest::addColumn<QString>("command");
        for (const char* name : {"init", "state", "history", "create", "update", "delete", "generate", "import", "export", "verify", "rebuild"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }
    void shouldShowHelpForEveryCommand()
    {
        QFETCH(QString, command);
        const CliRun run = cli({command, QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.startsWith(QStringLiteral("Usage: hindsight-cli [--store PATH] %1").arg(command).toUtf8()), run.out.constData());
        QVERIFY(run.out.contains("--help"));
        QVERIFY(run.err.isEmpty());
    }

    void shouldDocumentTheExitCodesInTheHelp()
    {
        const CliRun run = cli({QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        for (const char* text : {"Exit codes", "  0  ", "  1  ", "  2  ", "  3  concurrency conflict", "  4  not found", "generate", "rebuild"})
            QVERIFY2(run.out.contains(text), text);
    }

    void shouldGenerateTheSameHistoryFromTheSameSeed()
    {
        // GIVEN two empty stores WHEN each is generated with the same sizes and seed
        const QString first = newStorePath();
        const QString second = newStorePath();
        const QStringList generate{QStringLiteral("generate"), QStringLiteral("--customers"), QStringLiteral("200"),
                                   QStringLiteral("--events-per-customer"), QStringLiteral("5"), QStringLiteral("--seed"),
                                   QStringLiteral("7")};
        const CliRun a = onStore(first, generate);
        QVERIFY2(a.exitCode == 0, qPrintable(a.err));
        QVERIFY2(a.out.contains("1000 appended"), a.out.constData());
        QVERIFY2(QRegularExpression(QStringLiteral(" in \\d+\\.\\d+ s")).match(QString::fromUtf8(a.out)).hasMatch(), a.out.constData());
        QCOMPARE(onStore(second, generate).exitCode, 0);

        // THEN the tables and the histories are identical
        const CliRun stateA = onStore(first, {QStringLiteral("state")});
        const CliRun stateB = onStore(second, {QStringLiteral("state")});
        QCOMPARE(stateA.exitCode, 0);
        QCOMPARE(stateA.out, stateB.out);
        const QList<QByteArray> rows = stateA.out.trimmed().split('\n');
        QCOMPARE(rows.size(), 201);
        for (int i : {1, 100, 200}) {
            const QString id = QString::fromUtf8(rows[i].left(rows[i].indexOf(',')));
            const CliRun historyA = onStore(first, {QStringLiteral("history"), id});
            QCOMPARE(historyA.out.count('\n'), 6);
            QCOMPARE(historyA.out, onStore(second, {QStringLiteral("history"), id}).out);
        }
        const CliRun asOfA = onStore(first, {QStringLiteral("state"), QStringLiteral("--as-of"), QStringLiteral("2016-06-01")});
        QCOMPARE(asOfA.out, onStore(second, {QStringLiteral("state"), QStringLiteral("--as-of"), QStringLiteral("2016-06-01")}).out);

        // THEN about one customer in ten is deleted
        const qsizetype deleted = stateA.out.count(",DELETED\n");
        QVERIFY2(deleted >= 8 && deleted <= 32, qPrintable(QString::number(deleted)));

        // WHEN generated again into the same store THEN nothing is added
        const CliRun again = onStore(first, generate);
        QCOMPARE(again.exitCode, 0);
        QVERIFY2(again.out.contains("0 appended, 1000 already stored"), again.out.constData());
        QCOMPARE(onStore(first, {QStringLiteral("state")}).out, stateA.out);

        // WHEN another seed is used THEN the history differs
        const QString third = newStorePath();
        QStringList otherSeed = generate;
        otherSeed.last() = QStringLiteral("8");
        QCOMPARE(onStore(third, otherSeed).exitCode, 0);
        QVERIFY(onStore(third, {QStringLiteral("state")}).out != stateA.out);
    }

    void shouldRefuseBadGenerateSizes()
    {
        const QString path = newStorePath();
        const CliRun run = onStore(path, {QStringLiteral("generate"), QStringLiteral("--customers"), QStringLiteral("many"),
                                          QStringLiteral("--events-per-customer"), QStringLiteral("5")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("--customers")) && run.err.contains(QStringLiteral("many")), qPrintable(run.err));
    }

    void shouldGiveTheSameBytesAfterExportImportExport_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("jsonl") << "jsonl";
        QTest::newRow("csv") << "csv";
        QTest::newRow("dynamodb") << "dynamodb";
    }
    void shouldGiveTheSameBytesAfterExportImportExport()
    {
        QFETCH(QString, format);
        // GIVEN the demo store with a customer added after Joe's moves
        const QString store = demoStore();
        QCOMPARE(onStore(store, {u"create"_qs, u"--id"_qs, u"200-000-0001"_qs, u"--first-name"_qs, u"Ann"_qs, u"--last-name"_qs,
                                 u"O\"Brien"_qs, u"--address"_qs, u"1, \"The Row\",\nDublin"_qs, u"--dob"_qs, u"1980-02-29"_qs})
                     .exitCode,
                 0);
        QCOMPARE(onStore(store, {u"update"_qs, Joe, u"--address"_qs, u"1, Minster Yard, York"_qs}).exitCode, 0);

        // WHEN it is exported to a file and to standard output
        const QString first = m_dir.filePath(QStringLiteral("first-%1.%2").arg(m_stores).arg(format));
        const CliRun toFile = onStore(store, {u"export"_qs, u"--format"_qs, format, u"--output"_qs, first});
        QVERIFY2(toFile.exitCode == 0, qPrintable(toFile.err));
        QVERIFY2(toFile.out.startsWith("exported 7 events"), toFile.out.constData());
        const CliRun toStdout = onStore(store, {u"export"_qs, u"--format"_qs, format});
        QCOMPARE(toStdout.exitCode, 0);
        QFile firstFile(first);
        QVERIFY(firstFile.open(QIODevice::ReadOnly));
        const QByteArray firstBytes = firstFile.readAll();
        QCOMPARE(toStdout.out, firstBytes);

        // WHEN the file is imported into a new store and exported again THEN the bytes are the same
        const QString copy = newStorePath();
        const CliRun imported = onStore(copy, {u"import"_qs, first});
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
        QVERIFY2(imported.out.startsWith(QStringLiteral("read 7 events (%1) from ").arg(format).toUtf8()), imported.out.constData());
        QVERIFY2(imported.out.contains(": 7 imported, 0 skipped"), imported.out.constData());
        QCOMPARE(QDir(m_dir.path()).entryList({QFileInfo(copy).fileName() + u"*"_qs}, QDir::Files | QDir::Hidden),
                 QStringList{QFileInfo(copy).fileName()});
        QCOMPARE(onStore(copy, {u"export"_qs, u"--format"_qs, format}).out, firstBytes);
        QCOMPARE(onStore(copy, {u"state"_qs}).out, onStore(store, {u"state"_qs}).out);

        // WHEN it is imported again THEN nothing is added
        const CliRun again = onStore(copy, {u"import"_qs, first, u"--format"_qs, format});
        QCOMPARE(again.exitCode, 0);
        QVERIFY2(again.out.contains(": 0 imported, 7 skipped"), again.out.constData());
    }

    void shouldVerifyAStoreAgainstItsJsonLinesExport()
    {
        // GIVEN a store and its JSON Lines export
        const QString store = demoStore();
        const QString exportPath = m_dir.filePath(QStringLiteral("verify-%1.jsonl").arg(m_stores));
        QCOMPARE(onStore(store, {u"export"_qs, u"--output"_qs, exportPath}).exitCode, 0);
        // WHEN more events are appended THEN the log still holds the recorded head
        QCOMPARE(onStore(store, {u"update"_qs, Joe, u"--address"_qs, u"1, Minster Yard, York"_qs}).exitCode, 0);
        const CliRun verified = onStore(store, {u"verify"_qs, u"--against"_qs, exportPath});
        QVERIFY2(verified.exitCode == 0, qPrintable(verified.err + QString::fromUtf8(verified.out)));
        // WHEN the export is imported into a new store THEN that store verifies against it too
        const QString copy = newStorePath();
        QCOMPARE(onStore(copy, {u"import"_qs, exportPath}).exitCode, 0);
        QCOMPARE(onStore(copy, {u"verify"_qs, u"--against"_qs, exportPath}).exitCode, 0);
    }

    void shouldCatchALogCutShortSinceItsExport()
    {
        // GIVEN a store with a JSON Lines export of it
        const QString store = demoStore();
        const QString exportPath = m_dir.filePath(QStringLiteral("cut-%1.jsonl").arg(m_stores));
        QCOMPARE(onStore(store, {u"export"_qs, u"--output"_qs, exportPath}).exitCode, 0);
        // WHEN the newest event is removed behind Hindsight's back (triggers dropped, then restored), which leaves
        // the hash chain of what remains intact
        QProcess sqlite;
        sqlite.start(QStringLiteral("sqlite3"),
                     {store, QStringLiteral("DROP TRIGGER events_refuse_delete; DELETE FROM events WHERE position = 5; "
                                            "CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events "
                                            "BEGIN SELECT RAISE(ABORT, 'Hindsight events are append-only: DELETE is refused'); END;")});
        QVERIFY(sqlite.waitForFinished(30000));
        QCOMPARE(sqlite.exitCode(), 0);
        // THEN verify against the export says the log was cut short, and fails
        const CliRun verified = onStore(store, {u"verify"_qs, u"--against"_qs, exportPath});
        QCOMPARE(verified.exitCode, 1);
        QVERIFY2(verified.out.contains("cut off"), verified.out.constData());
        // AND a file that is not an export is refused as an anchor, naming it
        const CliRun notAnExport = onStore(store, {u"verify"_qs, u"--against"_qs, QStringLiteral(HINDSIGHT_SEED_CSV)});
        QCOMPARE(notAnExport.exitCode, 1);
        QVERIFY2(notAnExport.err.contains(u"records no store head"_qs), qPrintable(notAnExport.err));
    }

    void shouldImportTheSourceDocumentsTable()
    {
        const QString store = newStorePath();
        const CliRun run = onStore(store, {u"import"_qs, QStringLiteral(HINDSIGHT_SEED_CSV)});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(onStore(store, {u"state"_qs}).out, StateHeader + JoeLondon + BizDeleted);
        QCOMPARE(onStore(store, {u"state"_qs, u"--as-of"_qs, u"2022-12-01"_qs}).out, StateHeader + JoeLeeds + BizActive);
    }

    void shouldRefuseABadImportFileAndWriteNothing_data()
    {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const QByteArray header = "PK,SK,Event ID,First name,Last name,Address,DOB,Status\n";
        QTest::newRow("csv with a bad time") << "bad.csv"
                                             << QByteArray(header + "9,2023-04-05,e1,Ann,Lee,Leeds,1966-04-12,CREATED\n9,2023-13-01,e2,Ann,Lee,York,1966-04-12,UPDATED\n")
                                             << "bad.csv, line 3, field SK";
        QTest::newRow("csv starting with an update") << "bad.csv" << QByteArray(header + "9,2023-04-05,e1,Ann,Lee,Leeds,1966-04-12,UPDATED\n")
                                                     << "bad.csv, line 2, field Status";
        QTest::newRow("jsonl that is not JSON") << "bad.jsonl" << QByteArray("{\"eventId\": nope}\n") << "bad.jsonl, line 1: not valid JSON";
    }
    void shouldRefuseABadImportFileAndWriteNothing()
    {
        QFETCH(QString, fileName);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString path = m_dir.filePath(fileName);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
        file.close();

        // GIVEN the demo store WHEN a bad file is imported THEN exit 1, a message naming file, line and field, nothing written
        const QString store = demoStore();
        const QByteArray before = onStore(store, {u"export"_qs}).out;
        const CliRun run = onStore(store, {u"import"_qs, path});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.contains(expected), qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("nothing was imported")), qPrintable(run.err));
        QCOMPARE(onStore(store, {u"export"_qs}).out, before);

        // GIVEN no store yet WHEN the bad file is imported THEN no store is created either, nor left half-made beside
        const QString missing = newStorePath();
        QCOMPARE(onStore(missing, {u"import"_qs, path}).exitCode, 1);
        QVERIFY(!QFileInfo::exists(missing));
        QCOMPARE(QDir(m_dir.path()).entryList({QFileInfo(missing).fileName() + u"*"_qs}, QDir::Files | QDir::Hidden), QStringList{});
    }

    void shouldRefuseBadImportAndExportArguments()
    {
        const QString store = demoStore();
        QCOMPARE(onStore(store, {u"import"_qs}).exitCode, 2);
        const CliRun missing = onStore(store, {u"import"_qs, m_dir.filePath(QStringLiteral("no-such-file.csv"))});
        QCOMPARE(missing.exitCode, 4);
        QVERIFY2(missing.err.contains(QStringLiteral("no-such-file.csv")), qPrintable(missing.err));
        const CliRun badFormat = onStore(store, {u"import"_qs, QStringLiteral(HINDSIGHT_SEED_CSV), u"--format"_qs, u"xml"_qs});
        QCOMPARE(badFormat.exitCode, 1);
        QVERIFY(badFormat.err.contains(QStringLiteral("xml")));
        const CliRun eventBridge = onStore(store, {u"export"_qs, u"--format"_qs, u"eventbridge"_qs});
        QCOMPARE(eventBridge.exitCode, 1);
        QVERIFY(eventBridge.out.isEmpty());
        QCOMPARE(eventCount(store), 5);
    }

    void shouldCreateTheDefaultStoreWithTheDemoEvents()
    {
        // GIVEN no default store yet
        const QString expected = QDir(m_runner.homePath()).filePath(QStringLiteral("data/hindsight/customers.hindsight"));
        QVERIFY(!QFileInfo::exists(expected));
        // WHEN a command runs without --store
        const CliRun run = cli({QStringLiteral("state")});
        // THEN the default store is created holding the demo events
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(run.out, StateHeader + JoeLondon + BizDeleted);
        QVERIFY(QFileInfo::exists(expected));
        // and later commands use it
        QCOMPARE(cli({QStringLiteral("update"), Joe, QStringLiteral("--first-name"), QStringLiteral("Joseph")}).exitCode, 0);
        QVERIFY(cli({QStringLiteral("state")}).out.contains("100-255-8730,Joseph,Bloke,"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "TestCli.moc"
