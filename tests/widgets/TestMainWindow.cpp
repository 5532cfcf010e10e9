#include "AccountService.h"
#include "AddressHistoryModel.h"
#include "CustomerDialog.h"
#include "CustomerProjection.h"
#include "CustomerTableLoader.h"
#include "CustomerTableModel.h"
#include "DemoWindow.h"
#include "LegacyStore.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "StoreFactory.h"
#include "TestStores.h"
#include "TimelineModel.h"
#include "TimelineView.h"

#include <QAction>
#include <QCheckBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace hindsight;

namespace {

const QString Joe = QStringLiteral("100-255-8730");
const QString Biz = QStringLiteral("100-735-6729");

} // namespace

/** The main window on the demo store, driven as a person would, checked against the store itself. */
class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<MainWindow> m_window;

    /** A second, independent connection: what is really in the store. */
    std::unique_ptr<EventStore> reader() const
    {
        auto opened = StoreFactory::open(m_path);
        return opened ? std::move(opened).value() : nullptr;
    }

    qint64 eventCount() const { return *reader()->headPosition(); }

    CustomerRecord stored(const QString& id) const { return reader()->customer(id)->value(); }

    QString tableValue(const QString& id, CustomerColumn column) const
    {
        const int row = m_window->customerModel()->rowOf(id);
        return row < 0 ? QString() : m_window->customerModel()->index(row, int(column)).data().toString();
    }

    QAction* action(const char* name) const { return m_window->findChild<QAction*>(QString::fromLatin1(name)); }

    /** Opens the edit (or new) dialog through its action and returns it. */
    CustomerDialog* openDialog(const char* actionName)
    {
        action(actionName)->trigger();
        return m_window->findChild<CustomerDialog*>();
    }

    static void setField(CustomerDialog* dialog, const char* field, const QString& text)
    {
        dialog->findChild<QLineEdit*>(QString::fromLatin1(field) + QStringLiteral("Edit"))->setText(text);
    }

    static void save(CustomerDialog* dialog) { dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save)->click(); }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        QVERIFY(m_dir.isValid());
        m_window = test::openDemoWindow(m_dir, &m_path);
        QVERIFY(m_window);
        QVERIFY(m_window->selectCustomer(Joe));
    }

    void cleanup()
    {
        m_window.reset();
        MessageBox::resetCounters();
    }

    void shouldNameTheStoreAndCountItsCustomersAndEvents()
    {
        QVERIFY(m_window->windowTitle().contains(QFileInfo(m_path).fileName()));
        const QString status = m_window->findChild<QLabel*>(QStringLiteral("countsLabel"))->text();
        QVERIFY2(status.contains(QStringLiteral("2 customers (1 active, 1 deleted)")), qPrintable(status));
        QVERIFY2(status.contains(QStringLiteral("5 events")), qPrintable(status));
        QCOMPARE(m_window->customerModel()->rowCount(), 2);
        QCOMPARE(m_window->recentStores().first(), QFileInfo(m_path).absoluteFilePath());
    }

    void shouldShowTheSelectedCustomersTimelineAndAddressHistory()
    {
        // WHEN Joe is clicked in the table
        auto* table = m_window->findChild<QTableView*>(QStringLiteral("customerTable"));
        const int row = m_window->customerModel()->rowOf(Joe);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(m_window->customerModel()->index(row, 1)).center());
        // THEN his three events, newest first, and his three addresses, London current
        QCOMPARE(m_window->currentCustomerId(), Joe);
        TimelineModel* timeline = m_window->timelineModel();
        QCOMPARE(timeline->rowCount(), 3);
        QCOMPARE(timeline->index(0).data(TimelineModel::VersionRole).toLongLong(), 3);
        QCOMPARE(timeline->index(2).data(TimelineModel::TypeRole).toInt(), int(EventType::Created));
        AddressHistoryModel* addresses = m_window->addressModel();
        QCOMPARE(addresses->rowCount(), 3);
        QCOMPARE(addresses->index(0, 0).data().toString(), QStringLiteral("99, Edge Lane, London"));
        QCOMPARE(addresses->index(0, 2).data().toString(), QStringLiteral("current"));
        QCOMPARE(addresses->index(2, 0).data().toString(), QStringLiteral("15, Nice Road, Cardiff"));

        // AND selecting Biz shows her deletion
        QVERIFY(m_window->selectCustomer(Biz));
        QCOMPARE(timeline->rowCount(), 2);
        QCOMPARE(timeline->index(0).data(TimelineModel::TypeRole).toInt(), int(EventType::Deleted));
        QVERIFY(!action("actionEditCustomer")->isEnabled());
    }

    void shouldCompareAnyTwoTimelineEntries()
    {
        auto* view = m_window->findChild<TimelineView*>(QStringLiteral("timelineView"));
        // WHEN the newest and the oldest of Joe's entries are selected
        view->selectionModel()->select(m_window->timelineModel()->index(0), QItemSelectionModel::Select);
        view->selectionModel()->select(m_window->timelineModel()->index(2), QItemSelectionModel::Select);
        // THEN the difference between those two states is shown: Cardiff → London, not the Leeds step
        const QString text = m_window->comparisonText();
        QVERIFY2(text.contains(QStringLiteral("15, Nice Road, Cardiff")) && text.contains(QStringLiteral("99, Edge Lane, London")),
                 qPrintable(text));
        QVERIFY(!text.contains(QStringLiteral("Leeds")));
    }

    void shouldAppendExactlyOneEventAndUpdateTheRowWhenEdited()
    {
        // GIVEN the edit dialog for Joe
        CustomerDialog* dialog = openDialog("actionEditCustomer");
        QVERIFY(dialog);
        QCOMPARE(dialog->expectedVersion(), 3);
        // WHEN his address is changed and saved
        setField(dialog, "address", QStringLiteral("7, Quay Street, York"));
        QPointer<CustomerDialog> guard(dialog);
        save(dialog);
        QTRY_VERIFY(guard.isNull());
        // THEN exactly one event is appended, with the full new state
        QCOMPARE(eventCount(), 6);
        const EventList stream = *reader()->readStream(Joe);
        QCOMPARE(stream.size(), 4);
        QCOMPARE(stream.last().type(), EventType::Updated);
        QCOMPARE(stream.last().data().address, QStringLiteral("7, Quay Street, York"));
        QCOMPARE(stream.last().data().firstName, QStringLiteral("Joe"));
        // AND the table row, the timeline and the address history follow
        QTRY_COMPARE(tableValue(Joe, CustomerColumn::Address), QStringLiteral("7, Quay Street, York"));
        QCOMPARE(m_window->timelineModel()->rowCount(), 4);
        QCOMPARE(m_window->addressModel()->index(0, 0).data().toString(), QStringLiteral("7, Quay Street, York"));
        QCOMPARE(m_window->undoStack()->count(), 1);
    }

    void shouldCreateACustomer()
    {
        CustomerDialog* dialog = openDialog("actionNewCustomer");
        QVERIFY(dialog);
        setField(dialog, "id", QStringLiteral("200-000-0001"));
        setField(dialog, "firstName", QStringLiteral("Ann"));
        setField(dialog, "lastName", QStringLiteral("Smith"));
        setField(dialog, "address", QStringLiteral("1, Mill Lane, Leeds"));
        setField(dialog, "dob", QStringLiteral("1990-02-03"));
        QPointer<CustomerDialog> guard(dialog);
        save(dialog);
        QTRY_VERIFY(guard.isNull());
        QCOMPARE(eventCount(), 6);
        QCOMPARE(stored(QStringLiteral("200-000-0001")).data.lastName, QStringLiteral("Smith"));
        QTRY_COMPARE(tableValue(QStringLiteral("200-000-0001"), CustomerColumn::FirstName), QStringLiteral("Ann"));
        QCOMPARE(m_window->currentCustomerId(), QStringLiteral("200-000-0001"));
    }

    void shouldWriteNothingWhileTheDialogShowsProblems()
    {
        CustomerDialog* dialog = openDialog("actionEditCustomer");
        QVERIFY(dialog);
        setField(dialog, "firstName", QString());
        save(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("firstNameError"))->isVisible());
        QCOMPARE(eventCount(), 5);
        dialog->reject();
    }

    void shouldDeleteAfterConfirmationAndSayItCannotBeUndone()
    {
        // WHEN Joe is deleted and the person confirms
        MessageBox::setNextAnswer(QMessageBox::Yes);
        action("actionDeleteCustomer")->trigger();
        // THEN the question said it cannot be undone, one AccountDeleted is appended, the row shows DELETED
        QVERIFY(MessageBox::lastText().contains(QStringLiteral("cannot be undone")));
        QCOMPARE(eventCount(), 6);
        QCOMPARE(reader()->readStream(Joe)->last().type(), EventType::Deleted);
        QTRY_COMPARE(tableValue(Joe, CustomerColumn::Status), QStringLiteral("DELETED"));
        QCOMPARE(m_window->undoStack()->count(), 0);
        QTRY_VERIFY(!action("actionEditCustomer")->isEnabled());
    }

    void shouldNotDeleteWhenThePersonCancels()
    {
        MessageBox::setNextAnswer(QMessageBox::Cancel);
        action("actionDeleteCustomer")->trigger();
        QCOMPARE(MessageBox::messageCount(), 1);
        QCOMPARE(eventCount(), 5);
        QCOMPARE(stored(Joe).status, CustomerStatus::Active);
    }

    void shouldUndoAndRedoAnEditByAppendingEvents()
    {
        // GIVEN an edit
        CustomerDialog* dialog = openDialog("actionEditCustomer");
        setField(dialog, "address", QStringLiteral("7, Quay Street, York"));
        save(dialog);
        QCOMPARE(eventCount(), 6);
        // WHEN undone (Ctrl+Z)
        action("actionUndo")->trigger();
        // THEN a compensating AccountUpdated puts London back; the log grew, nothing was removed
        QCOMPARE(eventCount(), 7);
        const EventList stream = *reader()->readStream(Joe);
        QCOMPARE(stream.size(), 5);
        QCOMPARE(stream.at(3).data().address, QStringLiteral("7, Quay Street, York"));
        QCOMPARE(stream.at(4).type(), EventType::Updated);
        QCOMPARE(stream.at(4).data().address, QStringLiteral("99, Edge Lane, London"));
        QTRY_COMPARE(tableValue(Joe, CustomerColumn::Address), QStringLiteral("99, Edge Lane, London"));
        // AND redo appends the edit again
        QVERIFY(m_window->undoStack()->canRedo());
        action("actionRedo")->trigger();
        QCOMPARE(eventCount(), 8);
        QCOMPARE(stored(Joe).data.address, QStringLiteral("7, Quay Street, York"));
        QTRY_COMPARE(tableValue(Joe, CustomerColumn::Address), QStringLiteral("7, Quay Street, York"));
    }

    void shouldUndoACreationByDeletingAfterConfirmation()
    {
        CustomerDialog* dialog = openDialog("actionNewCustomer");
        setField(dialog, "firstName", QStringLiteral("Ann"));
        setField(dialog, "lastName", QStringLiteral("Smith"));
        setField(dialog, "dob", QStringLiteral("1990-02-03"));
        save(dialog);
        QCOMPARE(eventCount(), 6);
        const QString id = m_window->currentCustomerId();
        QVERIFY(id != Joe);
        MessageBox::setNextAnswer(QMessageBox::Yes);
        m_window->undo();
        QVERIFY(MessageBox::lastText().contains(QStringLiteral("cannot be redone")));
        QCOMPARE(eventCount(), 7);
        QCOMPARE(stored(id).status, CustomerStatus::Deleted);
        QVERIFY(!m_window->undoStack()->canRedo());
    }

    void shouldRefuseAnUndoThatWouldOverwriteSomeoneElsesChange()
    {
        CustomerDialog* dialog = openDialog("actionEditCustomer");
        setField(dialog, "address", QStringLiteral("7, Quay Street, York"));
        save(dialog);
        // another writer changes Joe afterwards
        {
            auto other = reader();
            AccountService service(*other);
            QVERIFY(service.updateCustomer(Joe, {QStringLiteral("Joe"), QStringLiteral("Bloke"), QStringLiteral("2, Dock Road, Hull"),
                                                 QDate(1966, 4, 12)}));
        }
        MessageBox::setNextAnswer(QMessageBox::Ok);
        action("actionUndo")->trigger();
        QVERIFY(MessageBox::lastText().contains(QStringLiteral("Nothing was written")));
        QCOMPARE(eventCount(), 7);
        QCOMPARE(stored(Joe).data.address, QStringLiteral("2, Dock Road, Hull"));
        QVERIFY(!m_window->undoStack()->canUndo());
    }

    void shouldFindJoeThroughAPastAddress()
    {
        auto* search = m_window->findChild<QLineEdit*>(QStringLiteral("searchEdit"));
        QTest::keyClicks(search, QStringLiteral("Leeds"));
        QTRY_VERIFY(test::windowReady(*m_window));
        QCOMPARE(m_window->customerModel()->rowCount(), 1);
        QCOMPARE(tableValue(Joe, CustomerColumn::FirstName), QStringLiteral("Joe"));
        QCOMPARE(tableValue(Joe, CustomerColumn::Matched), QStringLiteral("34, Fine Way, Leeds"));
        auto* table = m_window->findChild<QTableView*>(QStringLiteral("customerTable"));
        QVERIFY(!table->horizontalHeader()->isSectionHidden(int(CustomerColumn::Matched)));
    }

    void shouldHideDeletedCustomersOnRequest()
    {
        m_window->findChild<QCheckBox*>(QStringLiteral("showDeletedCheck"))->setChecked(false);
        QTRY_COMPARE(m_window->customerModel()->rowCount(), 1);
        QCOMPARE(m_window->customerModel()->rowOf(Biz), -1);
        QVERIFY(!action("actionShowDeleted")->isChecked());
    }

    void shouldReportAConflictingChangeAndOverwriteNothing()
    {
        // GIVEN the edit dialog opened on version 3
        CustomerDialog* dialog = openDialog("actionEditCustomer");
        QVERIFY(dialog);
        // AND a second writer moves Joe to Hull meanwhile
        {
            auto other = reader();
            AccountService service(*other);
            QVERIFY(service.updateCustomer(Joe, {QStringLiteral("Joe"), QStringLiteral("Bloke"), QStringLiteral("2, Dock Road, Hull"),
                                                 QDate(1966, 4, 12)}));
        }
        // WHEN this person saves a new first name
        setField(dialog, "firstName", QStringLiteral("Joseph"));
        MessageBox::setNextAnswer(QMessageBox::Ok);
        save(dialog);
        // THEN saving is refused with a message that shows what changed
        const QString message = MessageBox::lastText();
        QVERIFY2(message.contains(QStringLiteral("Nothing was saved")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("99, Edge Lane, London \u2192 2, Dock Road, Hull")), qPrintable(message));
        // AND nothing is overwritten: only the other writer's event is there
        QCOMPARE(eventCount(), 6);
        QCOMPARE(stored(Joe).data.firstName, QStringLiteral("Joe"));
        QCOMPARE(stored(Joe).data.address, QStringLiteral("2, Dock Road, Hull"));
        // AND the dialog stays open with the person's input, now based on the current version
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->expectedVersion(), 4);
        QCOMPARE(dialog->customerData().firstName, QStringLiteral("Joseph"));
        // the field this person did not touch now shows the other writer's value
        QCOMPARE(dialog->customerData().address, QStringLiteral("2, Dock Road, Hull"));
        // AND saving again appends one event that keeps both changes
        MessageBox::resetCounters();
        QPointer<CustomerDialog> guard(dialog);
        save(dialog);
        QTRY_VERIFY(guard.isNull());
        QCOMPARE(MessageBox::messageCount(), 0);
        QCOMPARE(eventCount(), 7);
        QCOMPARE(stored(Joe).data.firstName, QStringLiteral("Joseph"));
        QCOMPARE(stored(Joe).data.address, QStringLiteral("2, Dock Road, Hull"));
    }

    void shouldShowAChangeMadeByAnotherProcess()
    {
        const QString york = QStringLiteral("5, Harbour Row, Hull");
#ifdef HINDSIGHT_CLI_PATH
        QString out;
        QString err;
        const int code = test::runProcess(QStringLiteral(HINDSIGHT_CLI_PATH),
                                          {QStringLiteral("--store"), m_path, QStringLiteral("update"), Joe,
                                           QStringLiteral("--address"), york},
                                          &out, &err);
        QVERIFY2(code == 0, qPrintable(err));
#else
        {
            auto other = reader();
            AccountService service(*other);
            QVERIFY(service.updateCustomer(Joe, {QStringLiteral("Joe"), QStringLiteral("Bloke"), york, QDate(1966, 4, 12)}));
        }
#endif
        // THEN it appears without a restart: the row, the status bar and the open timeline
        QTRY_COMPARE(tableValue(Joe, CustomerColumn::Address), york);
        QTRY_COMPARE(m_window->timelineModel()->rowCount(), 4);
        QCOMPARE(m_window->addressModel()->index(0, 0).data().toString(), york);
        QCOMPARE(m_window->loader()->snapshot()->eventCount(), 6);
    }

    void shouldDisableEditingInReadOnlyModeAndSayWhy()
    {
        m_window->setReadOnly(true, QStringLiteral("Showing the table as of 2022-10-04; editing is off in the past."));
        QVERIFY(!action("actionEditCustomer")->isEnabled());
        QVERIFY(!action("actionNewCustomer")->isEnabled());
        QVERIFY(!action("actionDeleteCustomer")->isEnabled());
        auto* banner = m_window->findChild<QLabel*>(QStringLiteral("readOnlyBanner"));
        QVERIFY(banner->isVisible());
        QVERIFY(banner->text().contains(QStringLiteral("editing is off")));
        m_window->editCustomer();
        QVERIFY(!m_window->findChild<CustomerDialog*>());
        m_window->setReadOnly(false);
        QVERIFY(action("actionEditCustomer")->isEnabled());
        QVERIFY(!banner->isVisible());
    }

    void shouldShowThePastReadOnlyAndComeBackToThePresent()
    {
        // GIVEN the table as of 2023-01-01, built from the events recorded by then (as the as-of engine would)
        const qint64 asOf = QDateTime(QDate(2023, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        CustomerProjection projection;
        auto index = std::make_shared<AddressIndex>();
        QVERIFY(reader()->forEachEvent(0, [&](const Event& e) {
            index->apply(e);
            if (e.recordedAtMs() <= asOf)
                (void)projection.apply(e);
            return true;
        }));
        auto past = std::make_shared<CustomerSnapshot>(projection.customers(), index, 5, 5, asOf);
        QSignalSpy moved(m_window.get(), &MainWindow::asOfChanged);
        // WHEN shown
        m_window->showPast(past);
        // THEN Joe lives in Leeds, Biz is not deleted yet, and editing is off with the reason given
        QTRY_COMPARE(tableValue(Joe, CustomerColumn::Address), QStringLiteral("34, Fine Way, Leeds"));
        QCOMPARE(tableValue(Biz, CustomerColumn::Status), QStringLiteral("ACTIVE"));
        QCOMPARE(moved.count(), 1);
        QVERIFY(m_window->isShowingPast());
        QVERIFY(!action("actionEditCustomer")->isEnabled());
        QVERIFY(m_window->findChild<QLabel*>(QStringLiteral("readOnlyBanner"))->text().contains(QStringLiteral("as of")));
        // AND the timeline marks v2 in effect and the address history marks Leeds
        QCOMPARE(m_window->timelineModel()->rowInEffect(), 1);
        QVERIFY(m_window->timelineModel()->index(0).data(TimelineModel::AfterAsOfRole).toBool());
        QCOMPARE(m_window->addressModel()->rowInEffect(), 1);
        // AND a search for Leeds finds who lived there then
        m_window->findChild<QLineEdit*>(QStringLiteral("searchEdit"))->setText(QStringLiteral("Leeds"));
        QVERIFY(m_window->customerModel()->isBusy()); // the search runs on a worker
        QTRY_VERIFY(!m_window->customerModel()->isBusy());
        QCOMPARE(m_window->customerModel()->rowCount(), 1);
        QCOMPARE(tableValue(Joe, CustomerColumn::Matched), QString()); // Leeds was his current address then
        m_window->findChild<QLineEdit*>(QStringLiteral("searchEdit"))->clear();

        // WHEN back to now
        m_window->showPresent();
        QTRY_COMPARE(tableValue(Joe, CustomerColumn::Address), QStringLiteral("99, Edge Lane, London"));
        QVERIFY(action("actionEditCustomer")->isEnabled());
        QCOMPARE(m_window->timelineModel()->rowInEffect(), 0);
        QCOMPARE(moved.count(), 2);
    }

    void shouldRememberRecentStoresAndColumnsAcrossARestart()
    {
        QSettings(QStringLiteral("hindsight"), QStringLiteral("hindsight")).clear();
        // GIVEN a window that keeps its settings, with a column made wider
        {
            MainWindow first;
            first.restoreSettings();
            QVERIFY(first.openStore(m_path));
            first.findChild<QTableView*>(QStringLiteral("customerTable"))->horizontalHeader()->resizeSection(int(CustomerColumn::Address), 345);
            first.close();
        }
        // WHEN the application starts again
        MainWindow second;
        second.restoreSettings();
        // THEN the store is in Open Recent and the column kept its width
        QCOMPARE(second.recentStores().value(0), QFileInfo(m_path).absoluteFilePath());
        QCOMPARE(second.findChild<QTableView*>(QStringLiteral("customerTable"))->horizontalHeader()->sectionSize(int(CustomerColumn::Address)), 345);
        QVERIFY(!second.findChild<QMenu*>(QStringLiteral("menuRecent"))->actions().isEmpty());
        QSettings(QStringLiteral("hindsight"), QStringLiteral("hindsight")).clear();
    }

    void shouldCreateAnEmptyStoreButNeverOverAnExistingFile()
    {
        // WHEN a new store is made
        const QString fresh = m_dir.filePath(QStringLiteral("fresh%1.hindsight").arg(QDateTime::currentMSecsSinceEpoch()));
        QVERIFY(m_window->createStore(fresh));
        // THEN it is open and empty, and named in the title
        QTRY_VERIFY(test::windowReady(*m_window));
        QCOMPARE(m_window->customerModel()->rowCount(), 0);
        QVERIFY(m_window->windowTitle().contains(QFileInfo(fresh).fileName()));
        QVERIFY(action("actionNewCustomer")->isEnabled());
        // AND asking again for the same path is refused: the store there is not touched
        MessageBox::setNextAnswer(QMessageBox::Ok);
        QVERIFY(!m_window->createStore(m_path));
        QVERIFY(MessageBox::lastText().contains(QStringLiteral("exists already")));
        QCOMPARE(eventCount(), 5);
    }

    void shouldUpgradeAStoreOfTheFirstReleaseBeforeShowingIt()
    {
        // GIVEN a store written by the first release (schema 1) holding the demo events
        const QString legacy = m_dir.filePath(QStringLiteral("legacy%1.hindsight").arg(QDateTime::currentMSecsSinceEpoch()));
        const auto demo = StoreFactory::demoEvents();
        QVERIFY(demo.ok());
        test::writeVersion1Store(legacy, test::version1History(*demo));
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(test::fileSchemaVersion(legacy), 1);
        // WHEN the window opens it
        QVERIFY(m_window->openStore(legacy));
        // THEN it was upgraded first, says so, and shows the same customers
        QCOMPARE(test::fileSchemaVersion(legacy), SqliteEventStore::SchemaVersion);
        QVERIFY2(m_window->statusBar()->currentMessage().contains(QStringLiteral("Upgraded")),
                 qPrintable(m_window->statusBar()->currentMessage()));
        QTRY_VERIFY(test::windowReady(*m_window));
        QCOMPARE(m_window->customerModel()->rowCount(), 2);
        const auto report = m_window->store()->verify();
        QVERIFY(report.ok());
        QVERIFY2(report->problems.isEmpty(), qPrintable(report->problems.join(u'\n')));
        QCOMPARE(MessageBox::messageCount(), 0);
    }

    void shouldReportAFailedUpgradeAndKeepTheCurrentStore()
    {
        // GIVEN a schema 1 store that the upgrade cannot handle (a table in the way of its first step)
        const QString legacy = m_dir.filePath(QStringLiteral("blocked%1.hindsight").arg(QDateTime::currentMSecsSinceEpoch()));
        const auto demo = StoreFactory::demoEvents();
        QVERIFY(demo.ok());
        test::writeVersion1Store(legacy, test::version1History(*demo), QStringLiteral("CREATE TABLE events_v2 (x)"));
        if (QTest::currentTestFailed())
            return;
        // WHEN the window is asked to open it
        MessageBox::setNextAnswer(QMessageBox::Ok);
        QVERIFY(!m_window->openStore(legacy));
        // THEN the person is told what failed and where; the file is left at schema 1; the demo store stays open
        QCOMPARE(MessageBox::lastTitle(), QStringLiteral("Cannot upgrade store"));
        QVERIFY2(MessageBox::lastText().contains(QFileInfo(legacy).fileName()), qPrintable(MessageBox::lastText()));
        QCOMPARE(test::fileSchemaVersion(legacy), 1);
        QCOMPARE(m_window->storeLocation(), QFileInfo(m_path).absoluteFilePath());
    }

    void shouldSayWhyAndExitWhenAScreenshotCannotOpenItsStore()
    {
#ifndef HINDSIGHT_APP_PATH
        QSKIP("the application is not part of this build");
#else
        // GIVEN a screenshot run, where nobody is at the screen to close a message box
        const QString missing = m_dir.filePath(QStringLiteral("missing.hindsight"));
        const QString png = m_dir.filePath(QStringLiteral("never.png"));
        QString out;
        QString err;
        // WHEN its store does not exist THEN it says so on standard error and exits (rather than waiting forever)
        QCOMPARE(test::runProcess(QStringLiteral(HINDSIGHT_APP_PATH), {QStringLiteral("--screenshot"), png, missing}, &out, &err), 1);
        QVERIFY2(err.contains(QStringLiteral("there is no store at")), qPrintable(err));
        QVERIFY(!QFileInfo::exists(png));
#endif
    }

    void shouldEndAScreenshotOfADamagedStoreWithItsError_data()
    {
        QTest::addColumn<bool>("writable");
        QTest::newRow("writable") << true;
        QTest::newRow("read-only file") << false;
    }
    void shouldEndAScreenshotOfADamagedStoreWithItsError()
    {
#ifndef HINDSIGHT_APP_PATH
        QSKIP("the application is not part of this build");
#else
        QFETCH(bool, writable);
        // GIVEN a store whose events' page was overwritten on disk
        static int n = 0;
        const QString path = m_dir.filePath(QStringLiteral("damaged-%1.hindsight").arg(++n));
        QVERIFY(StoreFactory::createDemo(path));
        {
            auto store = StoreFactory::open(path);
            QVERIFY(store);
            QVERIFY((*store)->checkpoint().ok());
        }
        qint64 page = 0;
        qint64 pageSize = 0;
        {
            QString out;
            QVERIFY(test::runProcess(QStringLiteral("sqlite3"),
                                     {path, QStringLiteral("SELECT rootpage FROM sqlite_schema WHERE name = 'events'; PRAGMA page_size;")},
                                     &out)
                    == 0);
            const QStringList lines = out.split(u'\n', Qt::SkipEmptyParts);
            QCOMPARE(lines.size(), 2);
            page = lines.at(0).toLongLong();
            pageSize = lines.at(1).toLongLong();
        }
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            file.seek(page * pageSize - 4000);
            file.write(QByteArray(4000, '\x5a'));
        }
        if (!writable)
            QVERIFY(QFile::setPermissions(path, QFile::ReadOwner));
        const QString png = m_dir.filePath(QStringLiteral("damaged-%1.png").arg(n));
        // WHEN the window is asked for a screenshot of it, with nobody at the screen
        QString out;
        QString err;
        const int code = test::runProcess(QStringLiteral(HINDSIGHT_APP_PATH), {QStringLiteral("--screenshot"), png, path}, &out, &err);
        // THEN it says what is wrong on standard error and ends, rather than idling forever
        QCOMPARE(code, 1);
        QVERIFY2(err.contains(u"damaged") || err.contains(u"malformed"), qPrintable(err));
        QVERIFY(!QFileInfo::exists(png));
#endif
    }

    void shouldRefuseToOpenSomethingThatIsNotAStore()
    {
        const QString bogus = m_dir.filePath(QStringLiteral("notes.txt"));
        QFile file(bogus);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("hello");
        file.close();
        MessageBox::setNextAnswer(QMessageBox::Ok);
        QVERIFY(!m_window->openStore(bogus));
        QVERIFY(MessageBox::lastText().contains(QStringLiteral("not a Hindsight store")));
        QCOMPARE(m_window->storeLocation(), QFileInfo(m_path).absoluteFilePath());
    }
};

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
