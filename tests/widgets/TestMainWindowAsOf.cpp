#include "AddressHistoryModel.h"
#include "AsOfTableService.h"
#include "CustomerDialog.h"
#include "CustomerTableModel.h"
#include "JumpToTimeDialog.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "StoreFactory.h"
#include "SyntheticHistory.h"
#include "TestStores.h"
#include "TimePlayback.h"
#include "TimeSlider.h"
#include "TimelineModel.h"
#include "TimelineView.h"
#include "Timestamp.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace hindsight;

namespace {

const QString Joe = QStringLiteral("100-255-8730");
const QString Biz = QStringLiteral("100-735-6729");

qint64 at(const char* iso)
{
    return Timestamp::parse(QString::fromLatin1(iso)).value();
}

const qint64 BizCreated = at("2009-11-29T20:49:40.003Z");
const qint64 JoeCreated = at("2022-06-15T18:57:43.148Z");
const qint64 JoeToLeeds = at("2022-10-04T09:27:20.443Z");
const qint64 BizDeleted = at("2023-01-15T02:37:20.545Z");
const qint64 JoeToLondon = at("2023-04-05T08:47:30.718Z");

} // namespace

/** The main window moved through time with the slider, the keys, the timeline and playback, on the demo store. */
class TestMainWindowAsOf : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<MainWindow> m_window;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;

    QAction* action(const char* name) const { return m_window->findChild<QAction*>(QString::fromLatin1(name)); }
    TimeSlider* slider() const { return m_window->timeSlider(); }
    CustomerTableModel* table() const { return m_window->customerModel(); }
    QLabel* label(const char* name) const { return m_window->findChild<QLabel*>(QString::fromLatin1(name)); }

    /** The window shows the moment (or the present) and nothing is on its way. */
    bool shows(qint64 asOfMs) const { return m_window->asOfMs() == asOfMs && !m_window->isLoading(); }

    QString tableValue(const QString& id, CustomerColumn column) const
    {
        const int row = table()->rowOf(id);
        return row < 0 ? QString() : table()->index(row, int(column)).data().toString();
    }

    QStringList shownIds() const
    {
        QStringList ids;
        for (int row = 0; row < table()->rowCount(); ++row)
            ids << table()->index(row, 0).data(CustomerTableModel::CustomerIdRole).toString();
        return ids;
    }

    QString selectedRowId() const
    {
        const QModelIndexList rows = m_window->findChild<QTableView*>(QStringLiteral("customerTable"))->selectionModel()->selectedRows();
        return rows.size() == 1 ? rows.first().data(CustomerTableModel::CustomerIdRole).toString() : QString();
    }

    void search(const QString& text) { m_window->findChild<QLineEdit*>(QStringLiteral("searchEdit"))->setText(text); }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        MessageBox::resetCounters();
        static int n = 0;
        m_path = m_dir.filePath(QStringLiteral("demo%1.hindsight").arg(++n));
        QVERIFY(StoreFactory::createDemo(m_path));
        m_window = std::make_unique<MainWindow>();
        for (QAbstractItemModel* model : std::initializer_list<QAbstractItemModel*>{
                 m_window->customerModel(), m_window->timelineModel(), m_window->addressModel()})
            m_testers.push_back(std::make_unique<QAbstractItemModelTester>(model, QAbstractItemModelTester::FailureReportingMode::QtTest));
        m_window->setPollInterval(100);
        m_window->resize(1200, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(m_window->openStore(m_path));
        QTRY_VERIFY(m_window->isHistoryReady());
        QTRY_VERIFY(shows(CustomerSnapshot::Now));
        QVERIFY(m_window->selectCustomer(Joe));
    }

    void cleanup()
    {
        m_testers.clear();
        m_window.reset();
        MessageBox::resetCounters();
    }

    void shouldLoadTheHistoryAfterTheWindowOpensAndSpanTheFirstToTheLastEvent()
    {
        // GIVEN a window opening the store
        MainWindow window;
        QSignalSpy ready(&window, &MainWindow::historyReady);
        window.show();
        QVERIFY(window.openStore(m_path));
        // THEN at first the slider is off and says why; nothing can be moved
        QVERIFY(!window.timeSlider()->isEnabled());
        QVERIFY(!window.isHistoryReady());
        QVERIFY(!window.setAsOf(JoeToLeeds));
        QVERIFY(!window.findChild<QAction*>(QStringLiteral("actionPreviousEvent"))->isEnabled());
        // AND once the history is loaded, it spans the first to the last event, at the present
        QTRY_COMPARE(ready.count(), 1);
        QVERIFY(window.timeSlider()->isEnabled());
        QCOMPARE(window.timeSlider()->minimum(), BizCreated);
        QCOMPARE(window.timeSlider()->maximum(), JoeToLondon);
        QCOMPARE(window.timeSlider()->value(), JoeToLondon);
        QVERIFY(window.timeSlider()->isAtMaximum());
        QVERIFY(!window.isShowingPast());
        QVERIFY(window.findChild<QAction*>(QStringLiteral("actionPreviousEvent"))->isEnabled());
    }

    void shouldShowTheTableAsOfTheMoment_data()
    {
        QTest::addColumn<qint64>("asOf");
        QTest::addColumn<QStringList>("rows");
        QTest::addColumn<QString>("joeAddress");
        QTest::addColumn<QString>("bizStatus");
        QTest::addColumn<QString>("counts");

        QTest::newRow("2022-12-01: Joe in Leeds, Biz active")
            << at("2022-12-01") << QStringList{Joe, Biz} << QStringLiteral("34, Fine Way, Leeds") << QStringLiteral("ACTIVE")
            << QStringLiteral("2 customers (2 active, 0 deleted) · 3 of 5 events");
        QTest::newRow("2022-07-01: Joe in Cardiff, Biz active")
            << at("2022-07-01") << QStringList{Joe, Biz} << QStringLiteral("15, Nice Road, Cardiff") << QStringLiteral("ACTIVE")
            << QStringLiteral("2 customers (2 active, 0 deleted) · 2 of 5 events");
        QTest::newRow("2023-02-01: Biz deleted") << at("2023-02-01") << QStringList{Joe, Biz} << QStringLiteral("34, Fine Way, Leeds")
                                                 << QStringLiteral("DELETED")
                                                 << QStringLiteral("2 customers (1 active, 1 deleted) · 4 of 5 events");
        QTest::newRow("exactly at Joe's move to Leeds, the move counts")
            << JoeToLeeds << QStringList{Joe, Biz} << QStringLiteral("34, Fine Way, Leeds") << QStringLiteral("ACTIVE")
            << QStringLiteral("3 of 5 events");
        QTest::newRow("a millisecond before it, not yet")
            << JoeToLeeds - 1 << QStringList{Joe, Biz} << QStringLiteral("15, Nice Road, Cardiff") << QStringLiteral("ACTIVE")
            << QStringLiteral("2 of 5 events");
        QTest::newRow("2020: Joe not created yet") << at("2020-01-01") << QStringList{Biz} << QString() << QStringLiteral("ACTIVE")
                                                   << QStringLiteral("1 customers (1 active, 0 deleted)");
        QTest::newRow("before 2009-11-29T20:49:40.003Z: nobody")
            << BizCreated - 1 << QStringList() << QString() << QString() << QStringLiteral("0 of 5 events");
    }

    void shouldShowTheTableAsOfTheMoment()
    {
        QFETCH(qint64, asOf);
        QFETCH(QStringList, rows);
        QFETCH(QString, joeAddress);
        QFETCH(QString, bizStatus);
        QFETCH(QString, counts);
        QSignalSpy moved(m_window.get(), &MainWindow::asOfChanged);
        // WHEN the window is moved to the moment
        QVERIFY(m_window->setAsOf(asOf));
        QTRY_VERIFY(shows(asOf));
        // THEN the table is as it was: customers not created absent, deleted ones deleted, attributes then
        QVERIFY(m_window->isShowingPast());
        QCOMPARE(moved.count(), 1);
        QCOMPARE(moved.first().first().toLongLong(), asOf);
        QCOMPARE(shownIds(), rows);
        QCOMPARE(tableValue(Joe, CustomerColumn::Address), joeAddress);
        QCOMPARE(tableValue(Joe, CustomerColumn::Status), joeAddress.isEmpty() ? QString() : QStringLiteral("ACTIVE"));
        QCOMPARE(tableValue(Biz, CustomerColumn::Status), bizStatus);
        const QString status = label("countsLabel")->text();
        QVERIFY2(status.contains(counts), qPrintable(status));
        // AND the slider and the indicator say when
        QCOMPARE(slider()->value(), std::max(asOf, BizCreated));
        QVERIFY(label("asOfLabel")->text().contains(TimeSlider::localTimeText(asOf)));
    }

    void shouldFollowADragOfTheSlider()
    {
        // WHEN the handle is dragged from the present to December 2022, then to August 2022 (away from Joe's
        // events, where a drop would land on the event itself)
        const int y = slider()->height() / 2;
        const int dec = slider()->positionOf(at("2022-12-01"));
        const int aug = slider()->positionOf(at("2022-08-01"));
        QTest::mousePress(slider(), Qt::LeftButton, {}, QPoint(slider()->positionOf(slider()->maximum()), y));
        QVERIFY(!m_window->isShowingPast());
        QMouseEvent toDecember(QEvent::MouseMove, QPointF(dec, y), slider()->mapToGlobal(QPointF(dec, y)), Qt::NoButton,
                               Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(slider(), &toDecember);
        const qint64 december = slider()->timeAt(dec);
        QCOMPARE(slider()->value(), december);
        QCOMPARE(m_window->asOfMs(), december);
        QTRY_VERIFY(shows(december));
        QCOMPARE(tableValue(Joe, CustomerColumn::Address), QStringLiteral("34, Fine Way, Leeds"));
        QMouseEvent toAugust(QEvent::MouseMove, QPointF(aug, y), slider()->mapToGlobal(QPointF(aug, y)), Qt::NoButton,
                             Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(slider(), &toAugust);
        QTest::mouseRelease(slider(), Qt::LeftButton, {}, QPoint(aug, y));
        // THEN the table follows to where the handle was let go
        const qint64 august = slider()->timeAt(aug);
        QCOMPARE(slider()->value(), august);
        QTRY_VERIFY(shows(august));
        QCOMPARE(tableValue(Joe, CustomerColumn::Address), QStringLiteral("15, Nice Road, Cardiff"));
        QCOMPARE(tableValue(Biz, CustomerColumn::Status), QStringLiteral("ACTIVE"));
        // AND the timeline marks Joe's first event as the one in effect, dimming the two after it
        QCOMPARE(m_window->timelineModel()->rowInEffect(), 2);
        QVERIFY(m_window->timelineModel()->index(0).data(TimelineModel::AfterAsOfRole).toBool());
        QVERIFY(m_window->timelineModel()->index(1).data(TimelineModel::AfterAsOfRole).toBool());
        QVERIFY(!m_window->timelineModel()->index(2).data(TimelineModel::AfterAsOfRole).toBool());
        QCOMPARE(m_window->addressModel()->index(m_window->addressModel()->rowInEffect(), 0).data().toString(),
                 QStringLiteral("15, Nice Road, Cardiff"));
    }

    void shouldComeBackToThePresentWithNow()
    {
        QVERIFY(m_window->setAsOf(at("2022-12-01")));
        QTRY_VERIFY(shows(at("2022-12-01")));
        QVERIFY(action("actionNow")->isEnabled());
        QCOMPARE(action("actionNow")->shortcut(), QKeySequence(Qt::ALT | Qt::Key_End));
        // WHEN Now is chosen
        action("actionNow")->trigger();
        // THEN the present is back: London, Biz deleted, the handle at the right end, editing on
        QVERIFY(!m_window->isShowingPast());
        QTRY_VERIFY(shows(CustomerSnapshot::Now));
        QCOMPARE(tableValue(Joe, CustomerColumn::Address), QStringLiteral("99, Edge Lane, London"));
        QCOMPARE(tableValue(Biz, CustomerColumn::Status), QStringLiteral("DELETED"));
        QVERIFY(slider()->isAtMaximum());
        QVERIFY(!action("actionNow")->isEnabled());
        QVERIFY(action("actionEditCustomer")->isEnabled());
        QCOMPARE(label("asOfLabel")->text(), QStringLiteral("Now"));
        QCOMPARE(m_window->timelineModel()->rowInEffect(), 0);
        // AND moving the handle to the right end is the present too
        QVERIFY(m_window->setAsOf(at("2022-12-01")));
        slider()->requestTime(slider()->maximum());
        QVERIFY(!m_window->isShowingPast());
    }

    void shouldTurnEditingOffInThePastAndSayWhy()
    {
        // WHEN in the past
        QVERIFY(m_window->setAsOf(at("2022-12-01")));
        QTRY_VERIFY(shows(at("2022-12-01")));
        // THEN every edit is off, and the banner says why and how back
        for (const char* name : {"actionNewCustomer", "actionEditCustomer", "actionDeleteCustomer"})
            QVERIFY2(!action(name)->isEnabled(), name);
        QVERIFY(m_window->isReadOnly());
        QLabel* banner = label("readOnlyBanner");
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(QStringLiteral("Editing is off in the past")), qPrintable(banner->text()));
        QVERIFY(banner->text().contains(QStringLiteral("back to now (Alt+End)")));
        QCOMPARE(label("asOfLabel")->text(), QStringLiteral("As of %1").arg(TimeSlider::localTimeText(at("2022-12-01"))));
        m_window->editCustomer();
        m_window->newCustomer();
        QVERIFY(!m_window->findChild<CustomerDialog*>());
        // AND back at the present, editing is on again
        m_window->showNow();
        QVERIFY(action("actionEditCustomer")->isEnabled());
        QVERIFY(action("actionNewCustomer")->isEnabled());
        QVERIFY(!banner->isVisible());
        QVERIFY(!m_window->isReadOnly());
    }

    void shouldStepExactlyToTheEventsOfTheStore()
    {
        // The Time menu offers the steps with their shortcuts.
        const QList<QAction*> menu = m_window->findChild<QMenu*>(QStringLiteral("menuTime"))->actions();
        QVERIFY(menu.contains(action("actionPreviousEvent")) && menu.contains(action("actionNextEvent")));
        QCOMPARE(action("actionPreviousEvent")->shortcut(), QKeySequence(Qt::ALT | Qt::Key_Left));
        QCOMPARE(action("actionNextEvent")->shortcut(), QKeySequence(Qt::ALT | Qt::Key_Right));
        // WHEN stepping back from the present: the table as the previous event left it
        action("actionPreviousEvent")->trigger();
        QCOMPARE(m_window->asOfMs(), BizDeleted);
        QTRY_VERIFY(shows(BizDeleted));
        QCOMPARE(tableValue(Biz, CustomerColumn::Status), QStringLiteral("DELETED"));
        QCOMPARE(tableValue(Joe, CustomerColumn::Address), QStringLiteral("34, Fine Way, Leeds"));
        action("actionPreviousEvent")->trigger();
        QCOMPARE(m_window->asOfMs(), JoeToLeeds);
        action("actionPreviousEvent")->trigger();
        QCOMPARE(m_window->asOfMs(), JoeCreated);
        action("actionFirstEvent")->trigger();
        QCOMPARE(m_window->asOfMs(), BizCreated);
        QTRY_VERIFY(shows(BizCreated));
        QCOMPARE(shownIds(), QStringList{Biz});
        action("actionPreviousEvent")->trigger(); // nothing before the first event
        QCOMPARE(m_window->asOfMs(), BizCreated);
        // AND forward again, to the present
        action("actionNextEvent")->trigger();
        QCOMPARE(m_window->asOfMs(), JoeCreated);
        QTRY_VERIFY(shows(JoeCreated));
        QCOMPARE(tableValue(Joe, CustomerColumn::Address), QStringLiteral("15, Nice Road, Cardiff"));
        action("actionNextEvent")->trigger();
        action("actionNextEvent")->trigger();
        QCOMPARE(m_window->asOfMs(), BizDeleted);
        action("actionNextEvent")->trigger();
        QVERIFY(!m_window->isShowingPast());
    }

    void shouldStepExactlyToTheSelectedCustomersEvents()
    {
        QCOMPARE(action("actionPreviousCustomerEvent")->shortcut(), QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key_Left));
        QCOMPARE(slider()->marks().size(), 3); // Joe's events on the slider
        // WHEN stepping back over Joe's events from the present (Biz's deletion is skipped)
        action("actionPreviousCustomerEvent")->trigger();
        QCOMPARE(m_window->asOfMs(), JoeToLeeds);
        QTRY_VERIFY(shows(JoeToLeeds));
        QCOMPARE(tableValue(Joe, CustomerColumn::Address), QStringLiteral("34, Fine Way, Leeds"));
        QCOMPARE(m_window->timelineModel()->rowInEffect(), 1);
        action("actionPreviousCustomerEvent")->trigger();
        QCOMPARE(m_window->asOfMs(), JoeCreated);
        action("actionPreviousCustomerEvent")->trigger();
        QCOMPARE(m_window->asOfMs(), JoeCreated);
        action("actionNextCustomerEvent")->trigger();
        QCOMPARE(m_window->asOfMs(), JoeToLeeds);
        action("actionNextCustomerEvent")->trigger();
        QVERIFY(!m_window->isShowingPast()); // his last event is the store's last
    }

    void shouldShowTheStateOfAClickedTimelineEntry()
    {
        auto* view = m_window->findChild<TimelineView*>(QStringLiteral("timelineView"));
        const QModelIndex leeds = m_window->timelineModel()->index(1); // v2, the move to Leeds
        QCOMPARE(leeds.data(TimelineModel::VersionRole).toLongLong(), 2);
        // WHEN the entry is clicked
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(leeds).center());
        // THEN the whole table is as that event left it
        QCOMPARE(m_window->asOfMs(), JoeToLeeds);
        QCOMPARE(slider()->value(), JoeToLeeds);
        QTRY_VERIFY(shows(JoeToLeeds));
        QCOMPARE(tableValue(Joe, CustomerColumn::Address), QStringLiteral("34, Fine Way, Leeds"));
        QCOMPARE(m_window->timelineModel()->rowInEffect(), 1);
        QCOMPARE(m_window->addressModel()->index(m_window->addressModel()->rowInEffect(), 0).data().toString(),
                 QStringLiteral("34, Fine Way, Leeds"));
        // AND Ctrl+click only picks a second entry to compare, without moving
        QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ControlModifier,
                          view->visualRect(m_window->timelineModel()->index(2)).center());
        QCOMPARE(m_window->asOfMs(), JoeToLeeds);
        QCOMPARE(view->selectedRows(), (QList<int>{1, 2}));
    }

    void shouldFindWhoLivedInLeedsAtTheMomentShown_data()
    {
        QTest::addColumn<qint64>("asOf");
        QTest::addColumn<QStringList>("found");
        QTest::addColumn<QString>("matched");

        QTest::newRow("July 2022: nobody yet") << at("2022-07-01") << QStringList() << QString();
        QTest::newRow("a millisecond before Joe moved there") << JoeToLeeds - 1 << QStringList() << QString();
        QTest::newRow("the moment he moved") << JoeToLeeds << QStringList{Joe} << QString();
        QTest::newRow("December 2022, his address then") << at("2022-12-01") << QStringList{Joe} << QString();
        QTest::newRow("just before he left") << JoeToLondon - 1 << QStringList{Joe} << QString();
        QTest::newRow("now, through his past address") << qint64(CustomerSnapshot::Now) << QStringList{Joe}
                                                      << QStringLiteral("34, Fine Way, Leeds");
    }

    void shouldFindWhoLivedInLeedsAtTheMomentShown()
    {
        QFETCH(qint64, asOf);
        QFETCH(QStringList, found);
        QFETCH(QString, matched);
        // GIVEN a search for Leeds
        search(QStringLiteral("Leeds"));
        // WHEN at the moment
        if (asOf == CustomerSnapshot::Now)
            m_window->showNow();
        else
            QVERIFY(m_window->setAsOf(asOf));
        QTRY_VERIFY(shows(asOf));
        QTRY_VERIFY(table()->query().search == QStringLiteral("Leeds"));
        // THEN those who lived in Leeds by then, with the past address when they no longer do
        QCOMPARE(shownIds(), found);
        QCOMPARE(tableValue(Joe, CustomerColumn::Matched), matched);
    }

    void shouldKeepTheSelectionAndTheSortWhileScrubbing()
    {
        QCOMPARE(selectedRowId(), Joe);
        // Sorted by first name, descending: Joe before Biz
        table()->sort(int(CustomerColumn::FirstName), Qt::DescendingOrder);
        QTRY_VERIFY(shows(CustomerSnapshot::Now));
        QCOMPARE(shownIds(), (QStringList{Joe, Biz}));
        // WHEN scrubbed to July 2022: the same order and Joe still selected
        QVERIFY(m_window->setAsOf(at("2022-07-01")));
        QTRY_VERIFY(shows(at("2022-07-01")));
        QCOMPARE(shownIds(), (QStringList{Joe, Biz}));
        QCOMPARE(selectedRowId(), Joe);
        // AND sorting in the past applies at once to the past
        table()->sort(int(CustomerColumn::FirstName), Qt::AscendingOrder);
        QTRY_COMPARE(shownIds(), (QStringList{Biz, Joe}));
        QTRY_COMPARE(selectedRowId(), Joe);
        // WHEN before Joe existed: no row looks selected, but he stays the customer shown on the right
        QVERIFY(m_window->setAsOf(at("2020-01-01")));
        QTRY_VERIFY(shows(at("2020-01-01")));
        QCOMPARE(shownIds(), QStringList{Biz});
        QCOMPARE(selectedRowId(), QString());
        QCOMPARE(m_window->currentCustomerId(), Joe);
        QVERIFY(label("customerTitle")->text().contains(QStringLiteral("not created yet")));
        QCOMPARE(m_window->timelineModel()->rowInEffect(), -1);
        // AND once he exists again, his row is selected again
        QVERIFY(m_window->setAsOf(at("2022-12-01")));
        QTRY_VERIFY(shows(at("2022-12-01")));
        QTRY_COMPARE(selectedRowId(), Joe);
        // AND back at the present the sort is still ascending by first name
        m_window->showNow();
        QTRY_VERIFY(shows(CustomerSnapshot::Now));
        QCOMPARE(shownIds(), (QStringList{Biz, Joe}));
        QCOMPARE(selectedRowId(), Joe);
    }

    void shouldTakeAnotherWritersEventInThePastAndShowItAtNow()
    {
        // GIVEN the window in the past
        QVERIFY(m_window->setAsOf(at("2022-12-01")));
        QTRY_VERIFY(shows(at("2022-12-01")));
        // WHEN another writer moves Joe to York
        const qint64 later = at("2024-02-02");
        auto writer = StoreFactory::open(m_path);
        QVERIFY(writer);
        QVERIFY((*writer)->append(Joe, 3, {test::newEvent(Joe, EventType::Updated, later,
                                                          test::customerData(QStringLiteral("Joe"), QStringLiteral("Bloke"),
                                                                             QStringLiteral("7, Quay Street, York")))}));
        // THEN the engine takes it (the slider now reaches it) while the past shown stays as it was
        QTRY_COMPARE(m_window->history()->overview()->eventCount, 6);
        QCOMPARE(slider()->maximum(), later);
        QVERIFY(m_window->isShowingPast());
        QTRY_VERIFY(shows(at("2022-12-01")));
        QCOMPARE(tableValue(Joe, CustomerColumn::Address), QStringLiteral("34, Fine Way, Leeds"));
        // AND its timeline has the new event, dimmed
        QTRY_COMPARE(m_window->timelineModel()->rowCount(), 4);
        QVERIFY(m_window->timelineModel()->index(0).data(TimelineModel::AfterAsOfRole).toBool());
        // AND as of a moment between the two, Joe is in London; at Now, in York
        QVERIFY(m_window->setAsOf(later - 1));
        QTRY_VERIFY(shows(later - 1));
        QCOMPARE(tableValue(Joe, CustomerColumn::Address), QStringLiteral("99, Edge Lane, London"));
        m_window->showNow();
        QTRY_COMPARE(tableValue(Joe, CustomerColumn::Address), QStringLiteral("7, Quay Street, York"));
        QVERIFY(slider()->isAtMaximum());
    }

    void shouldPlayForwardAndStopAtTheEnd()
    {
        // GIVEN March 2023 and a month per second
        const qint64 march = at("2023-03-01");
        QVERIFY(m_window->setAsOf(march));
        auto* speed = m_window->findChild<QComboBox*>(QStringLiteral("speedCombo"));
        speed->setCurrentIndex(speed->findText(QStringLiteral("1 month/s")));
        QCOMPARE(m_window->playback()->speed(), 30LL * 24 * 3600 * 1000);
        // WHEN Play is chosen
        action("actionPlay")->trigger();
        QVERIFY(m_window->playback()->isPlaying());
        QCOMPARE(action("actionPlay")->text(), QStringLiteral("&Pause"));
        // THEN time moves forward through the past...
        QTRY_VERIFY(m_window->isShowingPast() && m_window->asOfMs() > march);
        // ...and stops at the end, which is the present
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->playback()->isPlaying(), 10000);
        QVERIFY(!m_window->isShowingPast());
        QVERIFY(slider()->isAtMaximum());
        QCOMPARE(action("actionPlay")->text(), QStringLiteral("&Play"));
        QTRY_VERIFY(shows(CustomerSnapshot::Now));
    }

    void shouldStartAndPausePlaybackWithSpaceOnTheSlider()
    {
        QVERIFY(m_window->setAsOf(at("2015-01-01")));
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        slider()->setFocus();
        QTRY_VERIFY(slider()->hasFocus());
        QCOMPARE(action("actionPlay")->shortcut(), QKeySequence(Qt::Key_Space));
        QTest::keyClick(slider(), Qt::Key_Space);
        QVERIFY(m_window->playback()->isPlaying());
        QTRY_VERIFY(m_window->asOfMs() > at("2015-01-01"));
        QTest::keyClick(slider(), Qt::Key_Space);
        QVERIFY(!m_window->playback()->isPlaying());
        // AND a person's own move stops a playback
        action("actionPlay")->trigger();
        QVERIFY(m_window->playback()->isPlaying());
        slider()->requestTime(at("2016-01-01"));
        QVERIFY(!m_window->playback()->isPlaying());
        QCOMPARE(m_window->asOfMs(), at("2016-01-01"));
    }

    void shouldJumpToATypedDateAndTimeWithinTheHistory()
    {
        QCOMPARE(action("actionJumpToTime")->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_J));
        action("actionJumpToTime")->trigger();
        auto* dialog = m_window->findChild<JumpToTimeDialog*>();
        QVERIFY(dialog);
        auto* edit = dialog->findChild<QDateTimeEdit*>(QStringLiteral("momentEdit"));
        QPushButton* jump = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        // WHEN a moment before the history is typed
        edit->setDateTime(QDateTime(QDate(2001, 1, 1), QTime(12, 0)));
        jump->click();
        // THEN the dialog says why beside the field and stays; nothing moved
        QVERIFY(dialog->isVisible());
        QLabel* error = dialog->findChild<QLabel*>(QStringLiteral("errorLabel"));
        QVERIFY(error->isVisible());
        QVERIFY(error->text().contains(TimeSlider::localTimeText(BizCreated)));
        QVERIFY(!m_window->isShowingPast());
        // WHEN 2022-12-01 00:00:00 local time is typed
        const QDateTime december(QDate(2022, 12, 1), QTime(0, 0));
        edit->setDateTime(december);
        QVERIFY(!error->isVisible());
        jump->click();
        // THEN the window shows that second, Joe in Leeds
        QTRY_VERIFY(!dialog->isVisible());
        QCOMPARE(m_window->asOfMs(), december.toMSecsSinceEpoch() + 999);
        QTRY_VERIFY(shows(december.toMSecsSinceEpoch() + 999));
        QCOMPARE(tableValue(Joe, CustomerColumn::Address), QStringLiteral("34, Fine Way, Leeds"));
    }

    void shouldTypeTheSecondOfAnEventToSeeItCounted()
    {
        // The dialog shows seconds; the second of the first event counts that event.
        auto* dialog = new JumpToTimeDialog(m_window.get());
        dialog->setRange(BizCreated, JoeToLondon);
        dialog->setMoment(BizCreated);
        QVERIFY(dialog->problem().isEmpty());
        QVERIFY(dialog->moment() >= BizCreated);
        dialog->setMoment(JoeToLondon);
        QCOMPARE(dialog->moment(), JoeToLondon);
        dialog->setMoment(JoeToLondon + 1000);
        QVERIFY(!dialog->problem().isEmpty());
        delete dialog;
    }

    void shouldBringTheRowsInViewOfALongTableOfThePast()
    {
        // GIVEN a window on 1,500 generated customers, in the middle of their history
        const QString path = m_dir.filePath(QStringLiteral("long.hindsight"));
        {
            auto store = StoreFactory::open(path, StoreFactory::Mode::CreateIfMissing);
            QVERIFY(store);
            SyntheticHistory::Options options;
            options.customers = 1500;
            options.eventsPerCustomer = 2;
            QVERIFY(SyntheticHistory(options).writeTo(**store));
        }
        QVERIFY(m_window->openStore(path));
        QTRY_VERIFY(m_window->isHistoryReady());
        QTRY_VERIFY(shows(CustomerSnapshot::Now));
        const qint64 middle = slider()->minimum() + (slider()->maximum() - slider()->minimum()) / 2;
        QVERIFY(m_window->setAsOf(middle));
        QTRY_VERIFY(shows(middle));
        const int rows = table()->rowCount();
        QVERIFY(rows > 300);
        QVERIFY(!table()->recordAt(rows - 1)); // a page holds the rows in view and a margin, not all
        // WHEN the person goes to the end of the table with the keys
        auto* view = m_window->findChild<QTableView*>(QStringLiteral("customerTable"));
        view->setFocus();
        view->setCurrentIndex(table()->index(0, 0));
        QTest::keyClick(view, Qt::Key_End, Qt::ControlModifier);
        // THEN the rows now in view arrive, the last customer is selected and its timeline shown
        QTRY_VERIFY(table()->recordAt(rows - 1));
        const QString last = table()->recordAt(rows - 1)->customerId;
        QTRY_COMPARE(m_window->currentCustomerId(), last);
        QCOMPARE(m_window->timelineModel()->customerId(), last);
        QCOMPARE(selectedRowId(), last);
        const int top = view->rowAt(0);
        for (int row = top; row < rows; ++row)
            QVERIFY2(table()->recordAt(row), qPrintable(QString::number(row)));
        QCOMPARE(table()->index(rows - 1, int(CustomerColumn::Id)).data().toString(), last);
    }

    void shouldScrubBackAndForthWithTheModelsConsistent()
    {
        // Many moves, each waited for: every model change is checked by the testers installed in init().
        const qint64 from = at("2022-05-01");
        const qint64 step = (JoeToLondon - from) / 25;
        for (int i = 0; i < 25; ++i) {
            const qint64 t = (i % 2 == 0) ? from + i * step : JoeToLondon - i * step;
            QVERIFY(m_window->setAsOf(t));
            QTRY_VERIFY(shows(t));
            QCOMPARE(tableValue(Joe, CustomerColumn::Address).isEmpty(), t < JoeCreated);
        }
    }
};

QTEST_MAIN(TestMainWindowAsOf)
#include "TestMainWindowAsOf.moc"
