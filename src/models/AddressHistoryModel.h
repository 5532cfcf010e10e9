#pragma once

#include "AddressHistory.h"
#include "CustomerSnapshot.h"

#include <QAbstractTableModel>

namespace hindsight {

/** Every address one customer has had, newest first, with the period it was valid. */
class AddressHistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Column { Address, From, To, Count };
    enum Role {
        FromRole = Qt::UserRole + 1, ///< qint64 ms
        ToRole,                      ///< qint64 ms, 0 while current
        InEffectRole,                ///< bool: the address at the as-of moment
        LaterRole,                   ///< bool: set after the as-of moment (shown dimmed)
    };

    explicit AddressHistoryModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /** @p periods oldest first, as AddressHistory builds them. */
    void setPeriods(const AddressPeriods& periods);
    void clear() { setPeriods({}); }
    const AddressPeriod& periodAt(int row) const;

    /** Marks the address in effect at @p asOfMs, and dims those set after it; CustomerSnapshot::Now for the present. */
    void setAsOfMs(qint64 asOfMs);
    int rowInEffect() const;

private:
    /** Whether @p period began after the as-of moment. */
    bool isLater(const AddressPeriod& period) const;
    /** How many rows began after the as-of moment (they are the first rows: newest first). */
    int laterRows() const;

    AddressPeriods m_periods; // newest first
    qint64 m_asOfMs = CustomerSnapshot::Now;
};

} // namespace hindsight
