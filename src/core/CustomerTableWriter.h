#pragma once

#include "CustomerRecord.h"
#include "TableFormat.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

namespace hindsight {

/**
 * Writes the customer table (Table 3-1) for people and other programs: the CLI's `state`, the GUI's
 * Export table…. Rows come out sorted by customer id; deleted customers stay, with status DELETED.
 *
 * CSV: header `Customer ID,First name,Last name,Address,DOB,Status`, RFC 4180 quoting (CsvWriter), DOB as YYYY-MM-DD.
 * JSON: an array of objects with the keys customerId, firstName, lastName, address, dob, status.
 */
class CustomerTableWriter
{
public:
    static QStringList csvHeader();
    static QByteArray toCsv(const CustomerList& customers);
    static QByteArray toJson(const CustomerList& customers);
    static QByteArray write(const CustomerList& customers, TableFormat format);
    static QJsonObject toJsonObject(const CustomerRecord& customer);
};

} // namespace hindsight
