#include "CustomerTableModel.h"

#include "Timestamp.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QtConcurrent/QtConcurrentRun>

namespace hindsight {

CustomerTableModel::CustomerTableModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_snapshot(std::make_shared<CustomerSnapshot>())
    , m_order(std::make_shared<CustomerRowOrder>())
{
    connect(&m_watcher, &QFutureWatcher<CustomerRowOrderPtr>::finished, this, &CustomerTableModel::jobFinished);
}

CustomerTableModel::~CustomerTableModel()
{
    if (m_cancel)
        m_cancel->store(true);
    m_watcher.waitForFinished();
}

int CustomerTableModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid())
        return 0;
    return m_page ? m_page->rowCount : static_cast<int>(m_order->rows.size());
}

int CustomerTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : customerColumnCount;
}

const CustomerRecord* CustomerTableModel::recordAt(int row) const
{
    if (m_page)
        return m_page->recordAt(row);
    if (row < 0 || static_cast<size_t>(row) >= m_order->rows.size())
        return nullptr;
    return &m_snapshot->at(m_order->rows[static_cast<size_t>(row)]);
}

int CustomerTableModel::rowOf(const QString& customerId) const
{
    if (m_page)
        return m_page->rowOf(customerId);
    const qsizetype i = m_snapshot->indexOf(customerId);
    if (i < 0 || static_cast<size_t>(i) >= m_order->rowOfRecord.size())
        return -1;
    return m_order->rowOfRecord[static_cast<size_t>(i)];
}

QVariant CustomerTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto column = static_cast<CustomerColumn>(index.column());
    if (m_page) {
        const CustomerRecord* r = m_page->recordAt(index.row());
        return r ? recordData(*r, m_page->matchedAddressAt(index.row()), column, role) : missingData(column, role);
    }
    const int recordIndex = m_order->rows[static_cast<size_t>(index.row())];
    return recordData(m_snapshot->at(recordIndex), m_order->matchedAddress.value(recordIndex), column, role);
}

QVariant CustomerTableModel::missingData(CustomerColumn column, int role) const
{
    // A row the page does not hold yet: the next page brings it.
    if (role == Qt::DisplayRole && column == CustomerColumn::Id)
        return QStringLiteral("…");
    if (role == Qt::ForegroundRole)
        return QBrush(QColor(0x8a, 0x8a, 0x8a));
    return {};
}

QVariant CustomerTableModel::recordData(const CustomerRecord& r, const QString& matched, CustomerColumn column, int role) const
{
    const bool deleted = r.status == CustomerStatus::Deleted;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (column) {
        case CustomerColumn::Id:
            return r.customerId;
        case CustomerColumn::FirstName:
            return r.data.firstName;
        case CustomerColumn::LastName:
            return r.data.lastName;
        case CustomerColumn::Address:
            return r.data.address;
        case CustomerColumn::DateOfBirth:
            return Timestamp::formatDate(r.data.dateOfBirth);
        case CustomerColumn::Status:
            return customerStatusName(r.status);
        case CustomerColumn::Matched:
            return matched;
        case CustomerColumn::Count:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == CustomerColumn::Matched && !matched.isEmpty())
            return tr("Found through a past address: %1\nAddress at the time shown: %2").arg(matched, r.data.address);
        if (deleted)
            return tr("Customer %1 is deleted (version %2, %3). Its history stays in the log.")
                .arg(r.customerId)
                .arg(r.version)
                .arg(Timestamp::format(r.updatedAtMs));
        return tr("Customer %1, version %2, last changed %3").arg(r.customerId).arg(r.version).arg(Timestamp::format(r.updatedAtMs));
    case Qt::ForegroundRole:
        if (deleted)
            return QBrush(QColor(0x8a, 0x8a, 0x8a));
        if (column == CustomerColumn::Matched)
            return QBrush(QColor(0x8a, 0x5a, 0x00));
        return {};
    case Qt::FontRole:
        if (deleted && column != CustomerColumn::Status && column != CustomerColumn::Matched) {
            QFont font;
            font.setStrikeOut(true);
            return font;
        }
        return {};
    case CustomerIdRole:
        return r.customerId;
    case StatusRole:
        return static_cast<int>(r.status);
    case VersionRole:
        return r.version;
    case MatchedAddressRole:
        return matched;
    default:
        return {};
    }
}

QVariant CustomerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= customerColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole)
        return customerColumnTitle(static_cast<CustomerColumn>(section));
    if (role == Qt::ToolTipRole && static_cast<CustomerColumn>(section) == CustomerColumn::Matched)
        return tr("The past address that matched the search");
    return {};
}

void CustomerTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= customerColumnCount)
        return;
    CustomerQuery q = m_query;
    q.sortColumn = static_cast<CustomerColumn>(column);
    q.sortOrder = order;
    setQuery(q);
}

void CustomerTableModel::setSearchText(const QString& text)
{
    CustomerQuery q = m_query;
    q.search = text;
    setQuery(q);
}

void CustomerTableModel::setHideDeleted(bool hide)
{
    CustomerQuery q = m_query;
    q.hideDeleted = hide;
    setQuery(q);
}

void CustomerTableModel::setQuery(const CustomerQuery& query)
{
    if (query == m_query)
        return;
    m_query = query;
    emit queryChanged(m_query);
    // With pages shown, whoever computes them runs the query; the snapshot's order is made on the way back.
    if (!m_pageMode)
        requestOrder();
}

void CustomerTableModel::setSnapshot(CustomerSnapshotPtr snapshot)
{
    m_pageMode = false;
    m_pendingSnapshot = snapshot ? std::move(snapshot) : std::make_shared<CustomerSnapshot>();
    requestOrder();
}

void CustomerTableModel::setContent(CustomerSnapshotPtr snapshot, CustomerRowOrderPtr order)
{
    if (m_running) {
        // Whatever runs is for an older state: let it finish unseen.
        m_cancel->store(true);
        m_discardRunning = true;
        m_rerun = false;
    }
    m_pendingSnapshot.reset();
    m_pageMode = false;
    beginResetModel();
    CustomerSnapshotPtr previous = std::exchange(m_snapshot, snapshot ? std::move(snapshot) : std::make_shared<CustomerSnapshot>());
    m_order = order ? std::move(order) : std::make_shared<CustomerRowOrder>();
    m_page.reset();
    endResetModel();
    releaseOffThread(std::move(previous));
    emit contentReplaced();
}

void CustomerTableModel::setPage(AsOfTablePagePtr page)
{
    if (!page)
        return;
    m_pageMode = true;
    if (m_running) {
        // A search or sort of the snapshot: not what is wanted now.
        m_cancel->store(true);
        m_discardRunning = true;
        m_rerun = false;
    }
    m_pendingSnapshot.reset();
    if (m_page && m_page->rowCount == page->rowCount) {
        // Same number of rows: keep the view's selection and scroll position, and repaint only the rows that
        // changed (most slider steps change none of the rows in view).
        int first = 0;
        int last = m_page->rowCount - 1;
        if (m_page->firstRow == page->firstRow && m_page->records.size() == page->records.size()) {
            first = -1;
            for (qsizetype i = 0; i < page->records.size(); ++i) {
                if (page->records.at(i) != m_page->records.at(i) || page->matchedAddresses.at(i) != m_page->matchedAddresses.at(i)) {
                    if (first < 0)
                        first = page->firstRow + int(i);
                    last = page->firstRow + int(i);
                }
            }
        }
        m_page = std::move(page);
        if (first >= 0 && last >= first)
            emit dataChanged(index(first, 0), index(last, customerColumnCount - 1));
    } else {
        beginResetModel();
        m_page = std::move(page);
        endResetModel();
    }
    emit contentReplaced();
}

void CustomerTableModel::requestOrder()
{
    if (m_running) {
        // The running job is for an older query or snapshot: stop it and run again when it returns.
        m_cancel->store(true);
        m_rerun = true;
        return;
    }
    startJob();
}

void CustomerTableModel::startJob()
{
    m_jobSnapshot = m_pendingSnapshot ? m_pendingSnapshot : m_snapshot;
    m_jobQuery = m_query;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_rerun = false;
    const bool wasRunning = m_running;
    m_running = true;
    m_watcher.setFuture(QtConcurrent::run([snapshot = m_jobSnapshot, query = m_jobQuery, cancel = m_cancel] {
        return CustomerQuery::run(*snapshot, query, cancel.get());
    }));
    if (!wasRunning)
        emit busyChanged(true);
}

void CustomerTableModel::jobFinished()
{
    const QFuture<CustomerRowOrderPtr> future = m_watcher.future();
    CustomerRowOrderPtr order = future.resultCount() > 0 ? future.result() : nullptr;
    if (m_discardRunning && !m_rerun) {
        m_discardRunning = false;
        m_running = false;
        emit busyChanged(false);
        return;
    }
    m_discardRunning = false;
    const bool stale = m_rerun || !order || m_jobQuery != m_query
        || (m_pendingSnapshot && m_pendingSnapshot != m_jobSnapshot);
    if (stale) {
        startJob();
        return;
    }
    m_running = false;
    CustomerSnapshotPtr snapshot = std::move(m_jobSnapshot);
    m_pendingSnapshot.reset();
    beginResetModel();
    CustomerSnapshotPtr previous = std::exchange(m_snapshot, std::move(snapshot));
    m_order = std::move(order);
    m_page.reset();
    endResetModel();
    releaseOffThread(std::move(previous));
    emit busyChanged(false);
    emit contentReplaced();
}

} // namespace hindsight
