#include "AddressHistoryModel.h"

#include "Timestamp.h"

#include <QDateTime>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>

#include <algorithm>

namespace hindsight {

namespace {

QString localTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

} // namespace

AddressHistoryModel::AddressHistoryModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int AddressHistoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_periods.size());
}

int AddressHistoryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(Column::Count);
}

QVariant AddressHistoryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AddressPeriod& p = m_periods.at(index.row());
    const auto column = static_cast<Column>(index.column());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Column::Address:
            return p.address;
        case Column::From:
            return localTime(p.fromMs);
        case Column::To:
            if (p.isCurrent())
                return tr("current");
            return p.endedByDeletion ? tr("%1 (deleted)").arg(localTime(p.toMs)) : localTime(p.toMs);
        case Column::Count:
            break;
        }
        return {};
    case Qt::ToolTipRole: {
        QString tip = tr("%1\nfrom %2 UTC (version %3)\n%4")
                          .arg(p.address, Timestamp::format(p.fromMs))
                          .arg(p.fromVersion)
                          .arg(p.isCurrent() ? tr("still the current address")
                                             : tr("until %1 UTC%2").arg(Timestamp::format(p.toMs), p.endedByDeletion ? tr(", when the customer was deleted") : QString()));
        if (isLater(p))
            tip += tr("\nset after the moment shown");
        return tip;
    }
    case Qt::ForegroundRole:
        // Addresses the customer only had after the moment on the slider are there, but greyed.
        if (isLater(p) && qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::FontRole:
        if (index.row() == rowInEffect()) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case FromRole:
        return p.fromMs;
    case ToRole:
        return p.toMs;
    case InEffectRole:
        return index.row() == rowInEffect();
    case LaterRole:
        return isLater(p);
    default:
        return {};
    }
}

QVariant AddressHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (static_cast<Column>(section)) {
    case Column::Address:
        return tr("Address");
    case Column::From:
        return tr("Valid from");
    case Column::To:
        return tr("Valid to");
    case Column::Count:
        break;
    }
    return {};
}

void AddressHistoryModel::setPeriods(const AddressPeriods& periods)
{
    beginResetModel();
    m_periods = periods;
    std::reverse(m_periods.begin(), m_periods.end());
    endResetModel();
}

const AddressPeriod& AddressHistoryModel::periodAt(int row) const
{
    return m_periods.at(row);
}

void AddressHistoryModel::setAsOfMs(qint64 asOfMs)
{
    if (asOfMs == m_asOfMs)
        return;
    const int inEffectBefore = rowInEffect();
    const int laterBefore = laterRows();
    m_asOfMs = asOfMs;
    if (!m_periods.isEmpty() && (rowInEffect() != inEffectBefore || laterRows() != laterBefore)) {
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1),
                         {Qt::FontRole, Qt::ForegroundRole, Qt::ToolTipRole, InEffectRole, LaterRole});
    }
}

bool AddressHistoryModel::isLater(const AddressPeriod& period) const
{
    return m_asOfMs != CustomerSnapshot::Now && period.fromMs > m_asOfMs;
}

int AddressHistoryModel::laterRows() const
{
    return int(std::count_if(m_periods.cbegin(), m_periods.cend(), [this](const AddressPeriod& p) { return isLater(p); }));
}

int AddressHistoryModel::rowInEffect() const
{
    for (int row = 0; row < m_periods.size(); ++row) {
        const AddressPeriod& p = m_periods.at(row);
        if (m_asOfMs == CustomerSnapshot::Now ? p.isCurrent() : p.validAt(m_asOfMs))
            return row;
    }
    return -1;
}

} // namespace hindsight
