#include "AccountService.h"
#include "AsOfEngine.h"
#include "CustomerTableLoader.h"
#include "CustomerTableModel.h"
#include "CustomerTableWriter.h"
#include "DemoWindow.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "MockClock.h"
#include "StoreFactory.h"
#include "StoreToolsController.h"
#include "TestStores.h"
#include "Timestamp.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QMenu>
#include <QProcess>
#include <QProgressDialog>
#include <QPushButton>
#include <QSemaphore>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace hindsight;

namespace {

qint64 at(const char* iso)
{
    return Timestamp::parse(QString::fromLatin1(iso)).value();
}

const qint64 BizDeleted = at("2023-01-15T02:37:20.545Z");
const qint64 Present = at("2024-06-01T12:00:00Z");

// The demo store's rows (resources/demo/seed-events.csv), written out by hand: what the file must hold.
const QByteArray Header = "Customer ID,First name,Last name,Address,DOB,Status\n";
const QByteArray JoeInLeeds = "100-255-8730,Joe,Bloke,\"34, Fine Way, Leeds\",1966-04-12,ACTIVE\n";
const QByteArray JoeInLondon = "100-255-8730,Joe,Bloke,\"99, Edge Lane, London\",1966-04-12,ACTIVE\n";
const QByteArray BizActive = "100-735-6729,Biz,Raj,\"12A, Top Street, Mumbai\",1995-06-15,ACTIVE\n";
const QByteArray BizGone = "100-735-6729,Biz,Raj,\"12A, Top Street, Mumbai\",1995-06-15,DELETED\n";

QString native(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

/** Everything in @p dir, hidden files included: what an export left behind. */
QStringList entries(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDir::Name);
}

} // namespace

/**
 * File → Export table… on the demo store: the table as of the moment the window shows, written on a worker to the
 * CSV file chosen, byte for byte what `hindsight-cli state [--as-of TIME] --format csv` prints.
 */
class TestExportTable : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    test::MockClock m_clock{Present};
    QString m_path;
    std::unique_ptr<MainWindow> m_window;
    StoreToolsController* m_tools = nullptr;
    QString m_suggested; // what the file dialog was last offered
    int m_choices = 0;

    QAction* exportTable() const { return m_window->findChild<QAction*>(QStringLiteral("actionExportTable")); }
    QString statusMessage() const { return m_window->statusBar()->currentMessage(); }

    /** An empty folder of its own for the file a test writes. */
    QString outputFolder() const
    {
        static int folders = 0;
        const QString folder = m_dir.filePath(QStringLiteral("out%1").arg(++folders));
        return QDir().mkpath(folder) ? folder : QString();
    }

    /** The file dialog answers @p path (empty: the person cancels) and remembers what it was offered. */
    void chooseFile(const QString& path)
    {
        m_tools->setTableFileChooser([this, path](QWidget*, const QString& suggested) {
            m_suggested = suggested;
            ++m_choices;
            return path;
        });
    }

    /** Shows the table as of @p asOfMs and waits until it is in place. */
    void showMoment(qint64 asOfMs)
    {
        QVERIFY(m_window->setAsOf(asOfMs));
        QTRY_VERIFY(m_window->asOfMs() == asOfMs && !m_window->isLoading());
    }

    /** Triggers Export table…, sees the work go to the worker, and waits for its outcome. */
    void exportToEnd()
    {
        QSignalSpy finished(m_tools, &StoreToolsController::finished);
        exportTable()->trigger();
        QVERIFY(m_tools->isBusy());
        QVERIFY(m_tools->progressDialog() && m_tools->progressDialog()->isVisible());
        QVERIFY(!exportTable()->isEnabled()); // one job at a time
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(!m_tools->isBusy());
        QVERIFY(exportTable()->isEnabled());
    }

    /** What `hindsight-cli state [--as-of TIME] --format csv` prints for the window's store; null without the CLI. */
    QByteArray cliTable(std::optional<qint64> asOfMs) const
    {
#ifdef HINDSIGHT_CLI_PATH
        QStringList args{QStringLiteral("--store"), m_path, QStringLiteral("state"), QStringLiteral("--format"), QStringLiteral("csv")};
        if (asOfMs)
            args << QStringLiteral("--as-of") << Timestamp::format(*asOfMs);
        QProcess cli;
        cli.start(QStringLiteral(HINDSIGHT_CLI_PATH), args);
        if (!cli.waitForFinished(60000) || cli.exitStatus() != QProcess::NormalExit || cli.exitCode() != 0)
            return QByteArray("hindsight-cli failed: ") + cli.readAllStandardError();
        return cli.readAllStandardOutput();
#else
        Q_UNUSED(asOfMs);
        return {};
#endif
    }

    /** The table as of @p asOfMs from a store and an engine of the test's own, written by CustomerTableWriter. */
    QByteArray writerTable(std::optional<qint64> asOfMs) const
    {
        auto opened = StoreFactory::open(m_path, StoreFactory::Mode::OpenExisting);
        if (!opened)
            return {};
        const std::unique_ptr<EventStore> store = std::move(opened).value();
        if (!asOfMs)
            return store->customers() ? CustomerTableWriter::write(*store->customers(), TableFormat::Csv) : QByteArray();
        auto engine = AsOfEngine::load(*store);
        if (!engine)
            return {};
        (*engine)->seek(*asOfMs);
        return CustomerTableWriter::write((*engine)->customers(), TableFormat::Csv);
    }

    /** The file at @p path holds @p expected, and so do the CLI's and CustomerTableWriter's tables for the moment. */
    void compareWithCli(const QString& path, std::optional<qint64> asOfMs, const QByteArray& expected)
    {
        const QByteArray written = test::readFile(path);
        QCOMPARE(written, expected);
        QCOMPARE(written, writerTable(asOfMs));
#ifdef HINDSIGHT_CLI_PATH
        QCOMPARE(written, cliTable(asOfMs));
#endif
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        MessageBox::resetCounters();
        static int stores = 0;
        m_path = m_dir.filePath(QStringLiteral("demo%1.hindsight").arg(++stores));
        QVERIFY(StoreFactory::createDemo(m_path));
        m_window = std::make_unique<MainWindow>(m_clock);
        m_window->setPollInterval(100);
        m_window->resize(1200, 800);
        m_window->show();
        QVERIFY(m_window->openStore(m_path));
        QTRY_VERIFY(m_window->isHistoryReady());
        QTRY_VERIFY(test::windowReady(*m_window));
        m_tools = m_window->findChild<StoreToolsController*>();
        QVERIFY(m_tools);
        m_suggested.clear();
        m_choices = 0;
    }

    void cleanup()
    {
        m_tools = nullptr;
        m_window.reset();
        MessageBox::resetCounters();
    }

    void shouldOfferExportTableRightAfterExportEventsWithItsOwnShortcut()
    {
        auto* file = m_window->findChild<QMenu*>(QStringLiteral("menuFile"));
        auto* exportEvents = m_window->findChild<QAction*>(QStringLiteral("actionExportEvents"));
        QVERIFY(file && exportEvents && exportTable());
        const QList<QAction*> items = file->actions();
        QCOMPARE(items.indexOf(exportTable()), items.indexOf(exportEvents) + 1);
        QCOMPARE(exportTable()->text(), QStringLiteral("Export &table…"));
        QVERIFY(!exportTable()->statusTip().isEmpty());
        QCOMPARE(exportTable()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
        // No other action of the window answers the same keys.
        for (const QAction* other : m_window->findChildren<QAction*>()) {
            if (other != exportTable())
                QVERIFY2(other->shortcut() != exportTable()->shortcut(), qPrintable(other->objectName()));
        }
    }

    void shouldBeEnabledWheneverAStoreIsOpenInThePastToo()
    {
        // GIVEN a window without a store
        MainWindow empty(m_clock);
        auto* tools = empty.findChild<StoreToolsController*>();
        QVERIFY(tools);
        QVERIFY(!tools->exportTableAction()->isEnabled());
        // THEN with a store, now and in the past (the export only reads)
        QVERIFY(exportTable()->isEnabled());
        showMoment(at("2022-12-01T00:00:00Z"));
        QVERIFY(m_window->isReadOnly());
        QVERIFY(exportTable()->isEnabled());
    }

    void givenThePresent_whenTheTableIsExported_thenTheFileHoldsTodaysTableAsTheCliPrintsIt()
    {
        const QString path = QDir(outputFolder()).filePath(QStringLiteral("table.csv"));
        chooseFile(path);

        exportToEnd();
        if (QTest::currentTestFailed())
            return;

        // THEN the dialog offered a name that says when the table was taken
        QCOMPARE(m_choices, 1);
        QCOMPARE(QFileInfo(m_suggested).fileName(), QStringLiteral("customers-2024-06-01T12-00-00Z.csv"));
        // and the file holds the table now, reported in the status bar, not in a box to click away
        compareWithCli(path, std::nullopt, Header + JoeInLondon + BizGone);
        QCOMPARE(MessageBox::messageCount(), 0);
        QCOMPARE(statusMessage(), QStringLiteral("Exported 2 customers as of now to %1").arg(native(path)));
        QCOMPARE(entries(QFileInfo(path).absolutePath()), QStringList{QStringLiteral("table.csv")});
    }

    void givenAPastMoment_whenTheTableIsExported_thenTheFileHoldsTheTableThenAsTheCliPrintsIt_data()
    {
        QTest::addColumn<qint64>("asOfMs");
        QTest::addColumn<QString>("suggestedName");
        QTest::addColumn<QString>("shownMoment");
        QTest::addColumn<int>("customers");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("before Joe") << at("2010-01-01T00:00:00Z") << QStringLiteral("customers-2010-01-01T00-00-00Z.csv")
                                    << QStringLiteral("2010-01-01 00:00:00 UTC") << 1 << Header + BizActive;
        QTest::newRow("Joe in Leeds") << at("2022-12-01T00:00:00Z") << QStringLiteral("customers-2022-12-01T00-00-00Z.csv")
                                      << QStringLiteral("2022-12-01 00:00:00 UTC") << 2 << Header + JoeInLeeds + BizActive;
        QTest::newRow("a millisecond before Biz's deletion")
            << BizDeleted - 1 << QStringLiteral("customers-2023-01-15T02-37-20.544Z.csv")
            << QStringLiteral("2023-01-15 02:37:20.544 UTC") << 2 << Header + JoeInLeeds + BizActive;
        QTest::newRow("the instant of Biz's deletion")
            << BizDeleted << QStringLiteral("customers-2023-01-15T02-37-20.545Z.csv") << QStringLiteral("2023-01-15 02:37:20.545 UTC")
            << 2 << Header + JoeInLeeds + BizGone;
    }

    void givenAPastMoment_whenTheTableIsExported_thenTheFileHoldsTheTableThenAsTheCliPrintsIt()
    {
        QFETCH(qint64, asOfMs);
        QFETCH(QString, suggestedName);
        QFETCH(QString, shownMoment);
        QFETCH(int, customers);
        QFETCH(QByteArray, expected);
        // GIVEN the window showing the table as of the moment
        showMoment(asOfMs);
        const QString path = QDir(outputFolder()).filePath(QStringLiteral("then.csv"));
        chooseFile(path);

        // WHEN the table is exported
        exportToEnd();
        if (QTest::currentTestFailed())
            return;

        // THEN the name offered and the message carry the moment, and the file holds the table as of it
        QCOMPARE(QFileInfo(m_suggested).fileName(), suggestedName);
        compareWithCli(path, asOfMs, expected);
        const QString count = customers == 1 ? QStringLiteral("1 customer") : QStringLiteral("%1 customers").arg(customers);
        QCOMPARE(statusMessage(), QStringLiteral("Exported %1 as of %2 to %3").arg(count, shownMoment, native(path)));
        QCOMPARE(MessageBox::messageCount(), 0);
        // and the window still shows that moment
        QCOMPARE(m_window->asOfMs(), asOfMs);
    }

    void givenCustomersWithQuotesAndAccents_whenTheTableIsExported_thenTheBytesAreTheClis()
    {
        // GIVEN another writer adds customers whose fields need quoting and UTF-8
        {
            auto opened = StoreFactory::open(m_path, StoreFactory::Mode::OpenExisting);
            QVERIFY(opened);
            const std::unique_ptr<EventStore> other = std::move(opened).value();
            AccountService service(*other, m_clock);
            QVERIFY(service.createCustomer({QStringLiteral("Zoë"), QStringLiteral("O\"Brien"), QStringLiteral("Flat \"B\", 3 Rue Émile, Paris"),
                                            QDate(1990, 2, 28)},
                                           QStringLiteral("100-555-0001")));
            QVERIFY(service.createCustomer({QStringLiteral("Åsa"), QStringLiteral("Lindqvist"), QStringLiteral("Storgatan 1; Malmö"),
                                            QDate(1971, 7, 1)},
                                           QStringLiteral("100-100-0001")));
        }
        QTRY_VERIFY(m_window->customerModel()->rowOf(QStringLiteral("100-555-0001")) >= 0);
        const QString path = QDir(outputFolder()).filePath(QStringLiteral("quoted.csv"));
        chooseFile(path);

        exportToEnd();
        if (QTest::currentTestFailed())
            return;

        const QByteArray written = test::readFile(path);
        QVERIFY2(written.contains("\"Flat \"\"B\"\", 3 Rue \xc3\x89mile, Paris\""), written.constData());
        QCOMPARE(written, writerTable(std::nullopt));
#ifdef HINDSIGHT_CLI_PATH
        QCOMPARE(written, cliTable(std::nullopt));
#endif
        QVERIFY(statusMessage().startsWith(QStringLiteral("Exported 4 customers as of now to ")));
    }

    void givenTheChoiceOfAFile_whenCancelled_thenNothingRunsAndNothingIsWritten()
    {
        const QString folder = outputFolder();
        chooseFile(QString());
        exportTable()->trigger();
        QCOMPARE(m_choices, 1);
        QVERIFY(!m_tools->isBusy());
        QVERIFY(!m_tools->progressDialog());
        QCOMPARE(MessageBox::messageCount(), 0);
        QCOMPARE(statusMessage(), QString());
        QCOMPARE(entries(folder), QStringList());
        QVERIFY(!QFileInfo::exists(m_suggested));
    }

    void givenAnUnwritableTarget_whenExported_thenTheErrorNamesTheFileAndNothingIsLeftBehind_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("folderInItsPlace");
        QTest::newRow("a folder where the file would go") << QStringLiteral("table.csv") << true;
        QTest::newRow("in a folder that does not exist") << QStringLiteral("missing/table.csv") << false;
    }

    void givenAnUnwritableTarget_whenExported_thenTheErrorNamesTheFileAndNothingIsLeftBehind()
    {
        QFETCH(QString, name);
        QFETCH(bool, folderInItsPlace);
        // (Permissions would not stop root, who runs some CI; these stop everyone.)
        const QString folder = outputFolder();
        const QString path = QDir(folder).filePath(name);
        if (folderInItsPlace)
            QVERIFY(QDir().mkpath(path));
        const QStringList before = entries(folder);
        chooseFile(path);

        MessageBox::setNextAnswer(QMessageBox::Ok);
        exportToEnd();
        if (QTest::currentTestFailed())
            return;

        QCOMPARE(MessageBox::messageCount(), 1);
        QCOMPARE(MessageBox::lastTitle(), QStringLiteral("Export table"));
        const QStringList paragraphs = MessageBox::lastText().split(QStringLiteral("\n\n"));
        QCOMPARE(paragraphs.size(), 2);
        QCOMPARE(paragraphs.at(0), QStringLiteral("The customer table as of now could not be exported to %1.").arg(native(path)));
        QVERIFY2(paragraphs.at(1).startsWith(QStringLiteral("cannot write %1: ").arg(native(path))), qPrintable(paragraphs.at(1)));
        QVERIFY(!statusMessage().startsWith(QStringLiteral("Exported")));
        QCOMPARE(entries(folder), before);
        if (folderInItsPlace)
            QCOMPARE(entries(path), QStringList());
    }

    void givenTheStoreItself_whenChosenAsTheTarget_thenItIsRefusedAndTheStoreKept()
    {
        const QByteArray store = test::readFile(m_path);
        QVERIFY(!store.isEmpty());
        chooseFile(m_path);

        MessageBox::setNextAnswer(QMessageBox::Ok);
        exportTable()->trigger();

        QVERIFY(!m_tools->isBusy());
        QCOMPARE(MessageBox::messageCount(), 1);
        QCOMPARE(MessageBox::lastText(),
                 QStringLiteral("%1 is a file of the open store: nothing was written. Choose another file.").arg(native(m_path)));
        QCOMPARE(test::readFile(m_path), store);
        auto reopened = StoreFactory::open(m_path, StoreFactory::Mode::OpenExisting);
        QVERIFY(reopened);
        QCOMPARE(reopened.value()->headPosition().value(), qint64(5));
    }

    void givenAStoreThatCannotBeRead_whenExported_thenTheErrorNamesTheFileAndTheStoresProblem()
    {
        // GIVEN the store file went behind the window's back (its own connection still reads the old one)
        const QString path = QDir(outputFolder()).filePath(QStringLiteral("table.csv"));
        QVERIFY(test::writeFile(path, "the previous table\n"));
        QVERIFY(QFile::remove(m_path));
        chooseFile(path);

        MessageBox::setNextAnswer(QMessageBox::Ok);
        exportToEnd();
        if (QTest::currentTestFailed())
            return;

        QCOMPARE(MessageBox::messageCount(), 1);
        const QString text = MessageBox::lastText();
        QVERIFY2(text.startsWith(QStringLiteral("The customer table as of now could not be exported to %1.\n\n").arg(native(path))),
                 qPrintable(text));
        QVERIFY2(text.contains(native(m_path)), qPrintable(text));
        QCOMPARE(test::readFile(path), QByteArray("the previous table\n"));
        QCOMPARE(entries(QFileInfo(path).absolutePath()), QStringList{QStringLiteral("table.csv")});
    }

    void givenAnExportUnderWay_whenCancelled_thenTheExistingFileIsLeftAsItWas()
    {
        const QString path = QDir(outputFolder()).filePath(QStringLiteral("table.csv"));
        QVERIFY(test::writeFile(path, "the previous table\n"));
        chooseFile(path);
        showMoment(at("2022-12-01T00:00:00Z"));
        QSemaphore gate;
        m_tools->setBeforeWork([&gate] { gate.tryAcquire(1, 10000); });
        QSignalSpy finished(m_tools, &StoreToolsController::finished);

        // WHEN Cancel is pressed while the worker has not yet written
        exportTable()->trigger();
        QProgressDialog* progress = m_tools->progressDialog();
        QVERIFY(progress && progress->isVisible());
        progress->findChild<QPushButton*>()->click();
        gate.release();

        // THEN the file keeps its content, nothing is left beside it, and the status bar says so
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(MessageBox::messageCount(), 0);
        QCOMPARE(test::readFile(path), QByteArray("the previous table\n"));
        QCOMPARE(entries(QFileInfo(path).absolutePath()), QStringList{QStringLiteral("table.csv")});
        QCOMPARE(statusMessage(), QStringLiteral("Export of the table cancelled: %1 was left as it was.").arg(native(path)));
        QVERIFY(exportTable()->isEnabled());
    }

    void givenAnExportedTable_whenExportingAgain_thenTheSameFolderIsOffered()
    {
        const QString folder = outputFolder();
        chooseFile(QDir(folder).filePath(QStringLiteral("first.csv")));
        exportToEnd();
        if (QTest::currentTestFailed())
            return;
        // The first time, Documents (home when there is none)
        QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        if (documents.isEmpty())
            documents = QDir::homePath();
        QCOMPARE(QFileInfo(m_suggested).absolutePath(), QFileInfo(documents).absoluteFilePath());

        // then where the last table went

        showMoment(at("2022-12-01T00:00:00Z"));
        chooseFile(QString());
        exportTable()->trigger();
        QCOMPARE(m_suggested, QDir(folder).filePath(QStringLiteral("customers-2022-12-01T00-00-00Z.csv")));
    }
};

QTEST_MAIN(TestExportTable)
#include "TestExportTable.moc"
