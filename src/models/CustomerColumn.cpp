#include "CustomerColumn.h"

#include <QCoreApplication>

namespace hindsight {

QString customerColumnTitle(CustomerColumn column)
{
    switch (column) {
    case CustomerColumn::Id:
        return QCoreApplication::translate("CustomerColumn", "Customer ID");
    case CustomerColumn::FirstName:
        return QCoreApplication::translate("CustomerColumn", "First name");
    case CustomerColumn::LastName:
        return QCoreApplication::translate("CustomerColumn", "Last name");
    case CustomerColumn::Address:
        return QCoreApplication::translate("CustomerColumn", "Address");
    case CustomerColumn::DateOfBirth:
        return QCoreApplication::translate("CustomerColumn", "DOB");
    case CustomerColumn::Status:
        return QCoreApplication::translate("CustomerColumn", "Status");
    case CustomerColumn::Matched:
        return QCoreApplication::translate("CustomerColumn", "Matched past address");
    case CustomerColumn::Count:
        break;
    }
    return {};
}

} // namespace hindsight
