#pragma once

#include "CustomerColumn.h"
#include "CustomerRowOrder.h"
#include "CustomerSnapshot.h"

#include <atomic>

namespace hindsight {

/**
 * What the person asked the customer table to show: a search, a sort and whether deleted customers are hidden.
 * run() turns it into a row order for a snapshot; it is plain code with no Qt objects, safe on any thread.
 */
struct CustomerQuery {
    /** Words separated by spaces; each must occur (any case) in the id, a name, the address or a past address. */
    QString search;
    CustomerColumn sortColumn = CustomerColumn::Id;
    Qt::SortOrder sortOrder = Qt::AscendingOrder;
    bool hideDeleted = false;

    friend bool operator==(const CustomerQuery&, const CustomerQuery&) = default;

    /**
     * The rows of @p snapshot that match, in order. Past addresses count when the snapshot carries its address
     * index; for a snapshot of the past only addresses set by then count. Returns nullptr when @p cancelled
     * became true meanwhile.
     */
    static CustomerRowOrderPtr run(const CustomerSnapshot& snapshot, const CustomerQuery& query,
                                   const std::atomic<bool>* cancelled = nullptr);
};

} // namespace hindsight
