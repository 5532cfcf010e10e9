#include "CustomerTableLoader.h"
#include "CustomerTableModel.h"
#include "DemoWindow.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "SqliteEventStore.h"
#include "StoreFactory.h"
#include "StoreToolsController.h"
#include "TestStores.h"

#include <QAction>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QSemaphore>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace hindsight;

namespace {
const QString NewCustomer = QStringLiteral("100-555-0001");
} // namespace

/** The store tools of the main window on the demo store: verify (and import, export) on a worker, reported by message. */
class TestStoreTools : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<MainWindow> m_window;
    StoreToolsController* m_tools = nullptr;

    QAction* action(const char* name) const { return m_window->findChild<QAction*>(QString::fromLatin1(name)); }

    /** Changes the address of the event at @p position through a second connection, as someone editing the file would. */
    QString tamperWithAddressAt(qint64 position)
    {
        auto opened = StoreFactory::open(m_path);
        if (!opened)
            return {};
        const std::unique_ptr<EventStore> store = std::move(opened).value();
        auto* sqlite = dynamic_cast<SqliteEventStore*>(store.get());
        if (!sqlite)
            return {};
        QSqlQuery q(sqlite->database());
        if (!q.exec(QStringLiteral("DROP TRIGGER events_refuse_update")))
            return {};
        q.prepare(QStringLiteral("UPDATE events SET address = ? WHERE position = ?"));
        q.addBindValue(QStringLiteral("1, Forged Road, Nowhere"));
        q.addBindValue(position);
        if (!q.exec() || q.numRowsAffected() != 1)
            return {};
        q.prepare(QStringLiteral("SELECT event_id FROM events WHERE position = ?"));
        q.addBindValue(position);
        if (!q.exec() || !q.next())
            return {};
        return q.value(0).toString();
    }

    /** Triggers @p actionName, sees the progress dialog, and waits until the tools report the outcome. */
    void runToEnd(const char* actionName)
    {
        QSignalSpy finished(m_tools, &StoreToolsController::finished);
        MessageBox::setNextAnswer(QMessageBox::Ok);
        action(actionName)->trigger();
        QVERIFY(m_tools->isBusy());
        QVERIFY(m_tools->progressDialog() && m_tools->progressDialog()->isVisible());
        QTRY_COMPARE(finished.count(), 1);
    }

    qint64 headPosition() const
    {
        auto opened = StoreFactory::open(m_path);
        return opened ? opened.value()->headPosition().value() : -1;
    }

    /** A CSV (Table 3-2's columns) creating one new customer and moving her. */
    QString writeCsv() const
    {
        const QString path = m_dir.filePath(QStringLiteral("new-customer.csv"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write("PK,SK,Event ID,First name,Last name,Address,DOB,Status\n"
                   "100-555-0001,2024-02-01T09:00:00.000Z,imp-0001,Ada,Lovelace,\"1, Mill Road, Leeds\",1985/12/10,CREATED\n"
                   "100-555-0001,2024-03-01T09:00:00.000Z,imp-0002,Ada,Lovelace,\"2, Canal Street, York\",1985/12/10,UPDATED\n");
        return path;
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        QVERIFY(m_dir.isValid());
        m_window = test::openDemoWindow(m_dir, &m_path);
        QVERIFY(m_window);
        m_tools = m_window->findChild<StoreToolsController*>();
        QVERIFY(m_tools);
    }

    void cleanup()
    {
        m_tools = nullptr;
        m_window.reset();
        MessageBox::resetCounters();
    }

    void shouldOfferVerifyInAToolsMenuBeforeHelp()
    {
        const QList<QAction*> menus = m_window->menuBar()->actions();
        auto* tools = m_window->findChild<QMenu*>(QStringLiteral("menuTools"));
        auto* help = m_window->findChild<QMenu*>(QStringLiteral("menuHelp"));
        QVERIFY(tools && help);
        QVERIFY(tools->actions().contains(action("actionVerifyStore")));
        QCOMPARE(menus.indexOf(tools->menuAction()) + 1, menus.indexOf(help->menuAction()));
    }

    void givenTheDemoStore_whenVerified_thenItIsReportedIntactWithItsFiveEvents()
    {
        runToEnd("actionVerifyStore");
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(MessageBox::messageCount(), 1);
        QCOMPARE(MessageBox::lastTitle(), QStringLiteral("Verify store"));
        QCOMPARE(MessageBox::lastText(), QStringLiteral("Store intact: 5 events checked, head at position 5."));
        QVERIFY(!m_tools->isBusy());
        QVERIFY(!m_tools->progressDialog());
        QVERIFY(action("actionVerifyStore")->isEnabled());
    }

    void givenAnEventEditedBehindTheStoresBack_whenVerified_thenTheReportNamesThatEventFirst_data()
    {
        QTest::addColumn<qint64>("position");
        QTest::newRow("the first event") << qint64(1);
        QTest::newRow("one in the middle") << qint64(3);
        QTest::newRow("the last event") << qint64(5);
    }

    void givenAnEventEditedBehindTheStoresBack_whenVerified_thenTheReportNamesThatEventFirst()
    {
        QFETCH(qint64, position);
        const QString eventId = tamperWithAddressAt(position);
        QVERIFY(!eventId.isEmpty());

        runToEnd("actionVerifyStore");
        if (QTest::currentTestFailed())
            return;

        QCOMPARE(MessageBox::messageCount(), 1);
        const QString text = MessageBox::lastText();
        const QStringList paragraphs = text.split(QStringLiteral("\n\n"));
        QVERIFY2(paragraphs.size() >= 3, qPrintable(text));
        QCOMPARE(paragraphs.at(0), QStringLiteral("The store is damaged."));
        // The first problem stands alone, right under the headline: the edited event, by id and position.
        QVERIFY2(paragraphs.at(1).startsWith(QStringLiteral("event %1 at position %2 ").arg(eventId).arg(position)), qPrintable(text));
        QVERIFY2(paragraphs.at(1).contains(QStringLiteral("does not match its hash")), qPrintable(text));
        QVERIFY2(paragraphs.at(2).contains(QStringLiteral(" found in 5 events checked.")), qPrintable(text));
        // The dropped trigger is among the others.
        QVERIFY2(text.contains(QStringLiteral("events_refuse_update is missing")), qPrintable(text));
    }

    void givenAVerificationUnderWay_whenCancelled_thenItsResultIsNotReported()
    {
        QSemaphore gate;
        m_tools->setBeforeWork([&gate] { gate.tryAcquire(1, 10000); });
        QSignalSpy finished(m_tools, &StoreToolsController::finished);
        action("actionVerifyStore")->trigger();
        QProgressDialog* progress = m_tools->progressDialog();
        QVERIFY(progress && progress->isVisible());
        QVERIFY(!action("actionVerifyStore")->isEnabled());

        // WHEN Cancel is pressed while the worker has not yet answered
        progress->findChild<QPushButton*>()->click();
        gate.release();

        // THEN the dialog goes, nothing is reported, and the tools are usable again
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(MessageBox::messageCount(), 0);
        QVERIFY(!m_tools->isBusy());
        QVERIFY(!m_tools->progressDialog());
        QVERIFY(action("actionVerifyStore")->isEnabled());
    }

    void givenASmallCsvOfANewCustomer_whenImported_thenItsEventsAreAppendedAndTheTableShowsThem()
    {
        const QString csv = writeCsv();
        m_tools->setImportFileChooser([csv](QWidget*) { return csv; });

        runToEnd("actionImportEvents");
        if (QTest::currentTestFailed())
            return;

        QCOMPARE(MessageBox::messageCount(), 1);
        QVERIFY2(MessageBox::lastText().contains(QStringLiteral("2 read, 2 imported, 0 skipped")), qPrintable(MessageBox::lastText()));
        QCOMPARE(headPosition(), qint64(7));
        // The window notices the new events by itself.
        QTRY_VERIFY(m_window->customerModel()->rowOf(NewCustomer) >= 0);
    }

    void givenALargeCsv_whenImported_thenTheStoreFileTakesTheEventsAfterTheReport()
    {
        // GIVEN a CSV of 1,200 events (a bulk write: the store's log is copied into its file after the report)
        const QString csv = m_dir.filePath(QStringLiteral("many.csv"));
        {
            QFile file(csv);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write("PK,SK,Event ID,First name,Last name,Address,DOB,Status\n");
            for (int c = 0; c < 600; ++c) {
                file.write(QStringLiteral("200-000-%1,2024-02-01T09:00:00Z,bulk-%1-a,Ada,Lovelace,\"1, Mill Road, Leeds\",1985-12-10,CREATED\n"
                                          "200-000-%1,2024-03-01T09:00:00Z,bulk-%1-b,Ada,Lovelace,\"2, Canal Street, York\",1985-12-10,UPDATED\n")
                               .arg(c, 4, 10, QLatin1Char('0'))
                               .toUtf8());
            }
        }
        const qint64 sizeBefore = QFileInfo(m_path).size();
        m_tools->setImportFileChooser([csv](QWidget*) { return csv; });
        // WHEN it is imported THEN the report says so
        runToEnd("actionImportEvents");
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(MessageBox::lastText().contains(QStringLiteral("1200 read, 1200 imported, 0 skipped")), qPrintable(MessageBox::lastText()));
        // AND the worker then copies the log into the store file, with the window open
        QTRY_VERIFY(QFileInfo(m_path).size() > sizeBefore + 200 * 1024);
        QCOMPARE(headPosition(), qint64(1205));
    }

    void givenAnImportUnderWay_whenCancelled_thenNothingIsWritten()
    {
        const QString csv = writeCsv();
        m_tools->setImportFileChooser([csv](QWidget*) { return csv; });
        QSemaphore gate;
        m_tools->setBeforeWork([&gate] { gate.tryAcquire(1, 10000); });
        QSignalSpy finished(m_tools, &StoreToolsController::finished);
        MessageBox::setNextAnswer(QMessageBox::Ok);
        action("actionImportEvents")->trigger();
        QProgressDialog* progress = m_tools->progressDialog();
        QVERIFY(progress && progress->isVisible());

        // WHEN Cancel is pressed before the importer has written anything
        progress->findChild<QPushButton*>()->click();
        QVERIFY(!progress->isVisible());
        gate.release();

        // THEN the import stops, says so, and the store holds what it held
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(MessageBox::lastText(), QStringLiteral("Import cancelled: nothing was written."));
        QCOMPARE(headPosition(), qint64(5));
        QVERIFY(action("actionImportEvents")->isEnabled());
    }

    void givenTheChoiceOfAFile_whenCancelled_thenNothingRuns()
    {
        m_tools->setImportFileChooser([](QWidget*) { return QString(); });
        action("actionImportEvents")->trigger();
        QVERIFY(!m_tools->isBusy());
        QCOMPARE(MessageBox::messageCount(), 0);
    }

    void givenTheDemoStore_whenExportedToCsv_thenTheFileHoldsItsFiveEvents()
    {
        const QString csv = m_dir.filePath(QStringLiteral("export.csv"));
        QFile::remove(csv);
        m_tools->setExportFileChooser([csv](QWidget*) { return csv; });

        runToEnd("actionExportEvents");
        if (QTest::currentTestFailed())
            return;

        QVERIFY2(MessageBox::lastText().startsWith(QStringLiteral("Exported 5 events to")), qPrintable(MessageBox::lastText()));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 6); // the header and five events
        QVERIFY(lines.first().startsWith("PK,SK,Event ID"));
    }

    void givenTheStoreItself_whenChosenForTheEvents_thenItIsRefusedAndTheStoreKept()
    {
        // GIVEN the open store's own file chosen as the export's target
        const QByteArray before = test::readFile(m_path);
        QVERIFY(!before.isEmpty());
        m_tools->setExportFileChooser([this](QWidget*) { return m_path; });
        // WHEN Export events… runs THEN it is refused before anything is written, and the store is as it was
        MessageBox::setNextAnswer(QMessageBox::Ok);
        action("actionExportEvents")->trigger();
        QVERIFY(!m_tools->isBusy());
        QCOMPARE(MessageBox::messageCount(), 1);
        QVERIFY2(MessageBox::lastText().contains(QStringLiteral("is a file of the open store: nothing was written")), qPrintable(MessageBox::lastText()));
        QCOMPARE(test::readFile(m_path), before);
    }
};

QTEST_MAIN(TestStoreTools)
#include "TestStoreTools.moc"
