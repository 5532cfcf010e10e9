#pragma once

#include "CustomerQuery.h"

#include <QStringList>

#include <memory>

namespace hindsight {

/**
 * The customer table as of one moment, as the as-of engine's thread computed it for the table view: how many
 * rows the query shows then, and the records of the rows around the part in view (materializing 100,000 rows
 * per slider move would cost more than a frame; a screenful costs microseconds). Immutable once published:
 * the GUI swaps it into CustomerTableModel whole and never touches the engine.
 */
struct AsOfTablePage {
    quint64 serial = 0;           ///< the request it answers; later requests have higher serials
    qint64 asOfMs = 0;            ///< the moment (ms since the epoch, UTC); events recorded at or before it count
    CustomerQuery query;          ///< the search, sort and hide-deleted it was computed with
    int rowCount = 0;             ///< rows the query shows at the moment
    int firstRow = 0;             ///< records hold rows [firstRow, firstRow + records.size())
    CustomerList records;
    QStringList matchedAddresses; ///< parallel to records: the past address a search matched, or empty
    QString focusCustomerId;      ///< the selected customer the request asked about
    int focusRow = -1;            ///< its row, or -1 when the query does not show it at the moment
    qint64 customers = 0;         ///< customers created by the moment, shown or not
    qint64 deletedCustomers = 0;  ///< of those, deleted by the moment
    qint64 eventsInEffect = 0;    ///< events recorded at or before the moment
    qint64 requestedAtNs = 0;     ///< steady-clock time the request was made, for latency figures
    qint64 computeNs = 0;         ///< time the engine's thread spent on it

    bool covers(int row) const { return row >= firstRow && row < firstRow + int(records.size()); }

    /** The record shown in @p row, or nullptr when the page does not hold that row. */
    const CustomerRecord* recordAt(int row) const { return covers(row) ? &records.at(row - firstRow) : nullptr; }

    /** The past address that made @p row match the search (empty when none, or not held). */
    QString matchedAddressAt(int row) const { return covers(row) ? matchedAddresses.at(row - firstRow) : QString(); }

    /** The row of @p customerId when the page knows it (the focus customer, or a row it holds); else -1. */
    int rowOf(const QString& customerId) const
    {
        if (!focusCustomerId.isEmpty() && customerId == focusCustomerId)
            return focusRow;
        for (qsizetype i = 0; i < records.size(); ++i) {
            if (records.at(i).customerId == customerId)
                return firstRow + int(i);
        }
        return -1;
    }
};

using AsOfTablePagePtr = std::shared_ptr<const AsOfTablePage>;

} // namespace hindsight
