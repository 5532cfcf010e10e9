#pragma once

#include "AsOfOverview.h"
#include "AsOfTablePage.h"
#include "Clock.h"
#include "CustomerRowOrder.h"
#include "CustomerSnapshot.h"
#include "EventStore.h"

#include <QMainWindow>

#include <memory>
#include <optional>

class QLabel;
class QProgressBar;
class QTimer;
class QUndoStack;

namespace Ui {
class MainWindow;
}

namespace hindsight {

class AccountService;
class AddressHistoryModel;
class AsOfTableService;
class CustomerDialog;
class CustomerTableLoader;
class CustomerTableModel;
class StoreToolsController;
class TimelineModel;
class TimePlayback;
class TimeSlider;

/**
 * The window people open: the customer table beside the selected customer's timeline and address history.
 * Every edit appends an event through AccountService. The table is read and searched on worker threads
 * (CustomerTableLoader, CustomerTableModel); the GUI thread only reads the selected customer's stream and polls
 * the store's head to notice events other processes append.
 *
 * The time slider along the bottom shows the table as of any moment: the as-of engine lives on its own thread
 * (AsOfTableService), loaded after the table is shown; each move asks it for the latest moment only, and the
 * page it answers with replaces the rows in one step. The right end of the slider is the present.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(const Clock& clock = SystemClock::instance(), QWidget* parent = nullptr);
    ~MainWindow() override;

    /** Opens the store at @p location; a store that cannot be opened is reported and the current one stays. */
    bool openStore(const QString& location);
    /** Opens the default store, creating it with the demo customers the first time. */
    bool openDefaultStore();
    /** Creates an empty store at @p location and opens it; refuses a path where a file exists. */
    bool createStore(const QString& location);
    QString storeLocation() const;
    EventStore* store() const { return m_store.get(); }

    /** Restores geometry, splitters, columns and recent stores from QSettings; saved again on close. */
    void restoreSettings();
    QStringList recentStores() const { return m_recentStores; }

    /**
     * Editing off (or on again), with the reason shown above the table: a read-only store, or the table shown
     * as it was at a past moment.
     */
    void setReadOnly(bool readOnly, const QString& reason = {});
    bool isReadOnly() const { return m_readOnly; }

    /**
     * Shows @p past, the customer table as it was at past->asOfMs() (from the as-of engine), instead of the
     * present: the search and sort apply to it, the timeline dims what came later and marks the event in
     * effect, the address history marks the address then, and editing is off with the reason shown.
     * Events other writers append meanwhile are still read, and shown on return to the present.
     * @p order, when given, is the row order already computed for @p past with the current query.
     */
    void showPast(CustomerSnapshotPtr past, CustomerRowOrderPtr order = nullptr);
    /** Back to the present table; editing on again. */
    void showPresent();
    bool isShowingPast() const { return m_past != nullptr || m_engineMode; }
    /** The moment shown (or being fetched): CustomerSnapshot::Now, or ms since the epoch. */
    qint64 asOfMs() const;

    /**
     * Shows the table as of @p asOfMs through the as-of engine, as the slider does: customers not created by
     * then are absent, deleted ones show as deleted, every attribute as it was. The latest event's time or later
     * is the present. False while the history is still loading.
     */
    bool setAsOf(qint64 asOfMs);
    /** True once the as-of engine is loaded and the slider works. */
    bool isHistoryReady() const;
    AsOfTableService* history() const { return m_history; }
    TimeSlider* timeSlider() const;
    TimePlayback* playback() const { return m_playback; }

    /** The customer whose timeline is shown, or empty. */
    QString currentCustomerId() const { return m_selectedId; }
    /** Selects @p customerId in the table (when shown) and shows its timeline. */
    bool selectCustomer(const QString& customerId);

    CustomerTableModel* customerModel() const { return m_customerModel; }
    TimelineModel* timelineModel() const { return m_timelineModel; }
    AddressHistoryModel* addressModel() const { return m_addressModel; }
    CustomerTableLoader* loader() const { return m_loader; }
    QUndoStack* undoStack() const { return m_undoStack; }
    /** True until the table, its index of past addresses and the current search are all in place. */
    bool isLoading() const;
    /** The text of the comparison under the timeline (the state of one entry, or the difference of two). */
    QString comparisonText() const;
    /** How long the poll for other writers waits between looks (ms). */
    void setPollInterval(int ms);

public slots:
    void newCustomer();
    void editCustomer();
    void deleteCustomer();
    void undo();
    void redo();
    /** Looks for events appended by anyone since the table was read; what the poll timer calls. */
    void checkForChanges();

    /** Back to the present, stopping a playback. */
    void showNow();
    /** The table just before the event in effect / just after the next event, of the whole store. */
    void previousEvent();
    void nextEvent();
    /** The same over the selected customer's events. */
    void previousCustomerEvent();
    void nextCustomerEvent();
    void firstEvent();
    /** Asks for a date and time (dialog) and shows the table as of it. */
    void jumpToTime();
    /** Plays history forward from the moment shown (from the first event when at the present), or pauses. */
    void togglePlay();

signals:
    void storeOpened(const QString& location);
    /** The moment shown changed (showPast / showPresent). */
    void asOfChanged(qint64 asOfMs);
    /** The table, the index of past addresses and the current search are in place and nothing runs. */
    void tableReady();
    /** The timeline and address history of @p customerId are shown. */
    void customerShown(const QString& customerId);
    /** The as-of engine is loaded: the slider works. */
    void historyReady();
    /** The store failed and the window stopped using it (see storeFailed()). */
    void storeFailure(const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /**
     * Upgrades the store at @p location on a worker when it was written by an older Hindsight, showing a busy
     * dialog meanwhile; false (after telling the user why) when the upgrade failed. Called before opening.
     */
    bool upgradeIfNeeded(const QString& location);
    void setupActions();
    void setupTable();
    void setupStatusBar();
    void setupTimeBar();
    bool adoptStore(std::unique_ptr<EventStore> store);
    void updateTitle();
    void updateStatus();
    void updateActions();
    void addRecentStore(const QString& location);
    void rebuildRecentMenu();
    void saveSettings();

    void snapshotReady(const CustomerSnapshotPtr& snapshot);
    void tableContentReplaced();
    void currentRowChanged(const QModelIndex& current);
    void showCustomer(const QString& customerId, bool force = false);
    void updateComparison();
    void customerChanged(const QString& customerId);
    void searchTextChanged(const QString& text);
    void maybeReady();

    void historyOverviewChanged(const AsOfOverviewPtr& overview);
    void historyPageReady(const AsOfTablePagePtr& page);
    /** The common path of the slider, the keys and playback: the moment @p asOfMs, or the present. */
    void showMoment(qint64 asOfMs);
    void updateTimeIndicator();
    void updateTableWindow();
    void updateCustomerTitle();
    void startHistory();

    /** Version of the customer in the newest snapshot read (present, whatever is shown); -1 when unknown. */
    qint64 latestVersionOf(const QString& customerId) const;
    std::optional<CustomerRecord> readCustomer(const QString& customerId) const;
    QString describeChangesSince(const CustomerRecord& base, const std::optional<CustomerRecord>& current) const;
    void saveDialog(CustomerDialog* dialog);
    void reportError(const QString& title, const Error& error);
    static bool isStoreFailure(const Error& error);
    /** The store failed (I/O, damage, files removed): stops using it and says so once, offering to reopen it. */
    void storeFailed(const QString& message);
    /** Closes every connection to the store and opens it again. */
    void reopenStore();

    std::unique_ptr<Ui::MainWindow> m_ui;
    const Clock& m_clock;
    std::unique_ptr<EventStore> m_store;
    std::unique_ptr<AccountService> m_service;
    CustomerTableModel* m_customerModel;
    TimelineModel* m_timelineModel;
    AddressHistoryModel* m_addressModel;
    CustomerTableLoader* m_loader;
    QUndoStack* m_undoStack;
    QTimer* m_pollTimer;
    StoreToolsController* m_storeTools = nullptr;

    QLabel* m_storeLabel = nullptr;
    QLabel* m_countsLabel = nullptr;
    QLabel* m_progressLabel = nullptr;
    QProgressBar* m_progressBar = nullptr;
    QLabel* m_historyLabel = nullptr;
    QProgressBar* m_historyProgress = nullptr;

    AsOfTableService* m_history;
    TimePlayback* m_playback;
    qint64 m_asOfMs = CustomerSnapshot::Now;
    bool m_engineMode = false;     // the past shown through the as-of engine's pages
    quint64 m_pageFloor = 0;       // pages older than this serial belong to an earlier visit to the past
    int m_pendingCurrentRow = -1;  // a row made current before its page arrived
    bool m_scrollToSelection = false;
    bool m_speedChosen = false;
    bool m_historyStarted = false;

    CustomerSnapshotPtr m_past;
    QString m_selectedId;
    qint64 m_shownVersion = -1;
    qint64 m_shownHead = -1;
    QStringList m_recentStores;
    bool m_readOnly = false;
    bool m_storeFailure = false; // storeFailed() said so; cleared when a store is opened
    QString m_readOnlyReason;
    bool m_saveSettings = false;
    bool m_firstTable = true;
};

} // namespace hindsight
