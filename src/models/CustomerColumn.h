#pragma once

#include <QString>

namespace hindsight {

/** The columns of the customer table: Table 3-1's, then the past address a search matched. */
enum class CustomerColumn { Id, FirstName, LastName, Address, DateOfBirth, Status, Matched, Count };

constexpr int customerColumnCount = static_cast<int>(CustomerColumn::Count);

/** The header text of a column. */
QString customerColumnTitle(CustomerColumn column);

} // namespace hindsight
