#pragma once

#include "AsOfTablePage.h"
#include "CustomerQuery.h"

#include <QAbstractTableModel>
#include <QFutureWatcher>

namespace hindsight {

/**
 * The customer table (Table 3-1) over a CustomerSnapshot. Nothing in it grows with the store on the GUI thread:
 * rows come from the snapshot through a row order that search and sort compute on a worker thread, and the
 * model swaps snapshot and order in one step when the result is ready.
 *
 * Feeding it "the table as of T" is setSnapshot() with a snapshot of the past, setContent() with a row
 * order computed elsewhere, or setPage() with a page the as-of engine's thread computed: the page knows how many
 * rows there are and holds the records around the rows in view; rows it does not hold show empty until the
 * next page (the window asks for the rows in view). While pages are shown, search and sort changes are only
 * announced (queryChanged) for whoever computes the pages.
 */
class CustomerTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role {
        CustomerIdRole = Qt::UserRole + 1, ///< QString
        StatusRole,                        ///< int (CustomerStatus)
        VersionRole,                       ///< qint64
        MatchedAddressRole,                ///< QString: the past address a search matched, or empty
    };

    explicit CustomerTableModel(QObject* parent = nullptr);
    ~CustomerTableModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    /** Starts sorting on a worker thread; the rows change when it is done. */
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    /** Shows @p snapshot once the current query has been run over it (off the GUI thread). */
    void setSnapshot(CustomerSnapshotPtr snapshot);
    /** Shows @p snapshot in @p order at once; the order must have been computed for this snapshot. */
    void setContent(CustomerSnapshotPtr snapshot, CustomerRowOrderPtr order);
    /**
     * Shows @p page at once, instead of the snapshot (which stays, for the return: setSnapshot() or
     * setContent() leave the pages). A search or sort still running for the snapshot is dropped.
     */
    void setPage(AsOfTablePagePtr page);
    /** True from setPage() until setSnapshot() or setContent() asks for the snapshot again. */
    bool isShowingPages() const { return m_pageMode; }
    /** The page shown, or null (a page can stay shown until the snapshot's rows are ready). */
    const AsOfTablePagePtr& page() const { return m_page; }

    void setSearchText(const QString& text);
    void setHideDeleted(bool hide);
    const CustomerQuery& query() const { return m_query; }
    void setQuery(const CustomerQuery& query);

    const CustomerSnapshotPtr& snapshot() const { return m_snapshot; }
    const CustomerRowOrderPtr& rowOrder() const { return m_order; }
    /** The customer shown in @p row, or nullptr (also for a row the page shown does not hold). */
    const CustomerRecord* recordAt(int row) const;
    /** The row showing @p customerId, or -1 when it is not shown (or, with a page, not known to it). */
    int rowOf(const QString& customerId) const;

    /** True while a search or sort runs. */
    bool isBusy() const { return m_running; }

signals:
    /** The rows were replaced (search, sort or a new snapshot): views restore their selection by customer id. */
    void contentReplaced();
    void busyChanged(bool busy);
    /** The search, sort or hide-deleted choice changed (whatever is shown). */
    void queryChanged(const hindsight::CustomerQuery& query);

private:
    struct Job;
    void requestOrder();
    void startJob();
    void jobFinished();
    QVariant recordData(const CustomerRecord& r, const QString& matched, CustomerColumn column, int role) const;
    QVariant missingData(CustomerColumn column, int role) const;

    CustomerSnapshotPtr m_snapshot;
    CustomerRowOrderPtr m_order;
    CustomerQuery m_query;
    AsOfTablePagePtr m_page;
    bool m_pageMode = false;

    // The snapshot and query the next result must be for; results for anything older are dropped.
    CustomerSnapshotPtr m_pendingSnapshot;
    bool m_running = false;
    bool m_rerun = false;
    bool m_discardRunning = false;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QFutureWatcher<CustomerRowOrderPtr> m_watcher;
    CustomerSnapshotPtr m_jobSnapshot;
    CustomerQuery m_jobQuery;
};

} // namespace hindsight
