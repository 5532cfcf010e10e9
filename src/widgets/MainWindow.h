#pragma once

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
class CustomerDialog;
class CustomerTableLoader;
class CustomerTableModel;
class TimelineModel;

/**
 * The window people open: the customer table beside the selected customer's timeline and address history.
 * Every edit appends an event through AccountService. The table is read and searched on worker threads
 * (CustomerTableLoader, CustomerTableModel); the GUI thread only reads the selected customer's stream and polls
 * the store's head to notice events other processes append.
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
    bool isShowingPast() const { return m_past != nullptr; }
    /** The moment shown: CustomerSnapshot::Now, or ms since the epoch. */
    qint64 asOfMs() const;

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

signals:
    void storeOpened(const QString& location);
    /** The moment shown changed (showPast / showPresent). */
    void asOfChanged(qint64 asOfMs);
    /** The table, the index of past addresses and the current search are in place and nothing runs. */
    void tableReady();
    /** The timeline and address history of @p customerId are shown. */
    void customerShown(const QString& customerId);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void setupActions();
    void setupTable();
    void setupStatusBar();
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

    /** Version of the customer in the newest snapshot read (present, whatever is shown); -1 when unknown. */
    qint64 latestVersionOf(const QString& customerId) const;
    std::optional<CustomerRecord> readCustomer(const QString& customerId) const;
    QString describeChangesSince(const CustomerRecord& base, const std::optional<CustomerRecord>& current) const;
    void saveDialog(CustomerDialog* dialog);
    void reportError(const QString& title, const Error& error);

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

    QLabel* m_storeLabel = nullptr;
    QLabel* m_countsLabel = nullptr;
    QLabel* m_progressLabel = nullptr;
    QProgressBar* m_progressBar = nullptr;

    CustomerSnapshotPtr m_past;
    QString m_selectedId;
    qint64 m_shownVersion = -1;
    qint64 m_shownHead = -1;
    QStringList m_recentStores;
    bool m_readOnly = false;
    QString m_readOnlyReason;
    bool m_saveSettings = false;
    bool m_firstTable = true;
};

} // namespace hindsight
