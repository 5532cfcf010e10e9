#pragma once

#include <QHash>
#include <QString>

#include <memory>
#include <vector>

namespace hindsight {

/**
 * Which rows of a snapshot the table shows, in which order: the result of filtering and sorting, computed off
 * the GUI thread. rows[viewRow] is an index into the snapshot; rowOfRecord is its inverse (-1 when filtered out).
 */
struct CustomerRowOrder {
    std::vector<int> rows;
    std::vector<int> rowOfRecord;
    /** Snapshot index → the past address that made the row match the search. */
    QHash<int, QString> matchedAddress;
};

using CustomerRowOrderPtr = std::shared_ptr<const CustomerRowOrder>;

} // namespace hindsight
