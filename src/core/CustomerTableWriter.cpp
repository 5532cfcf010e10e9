#include "CustomerTableWriter.h"

#include "CsvWriter.h"
#include "Timestamp.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace hindsight {

namespace {

CustomerList sortedById(CustomerList customers)
{
    const auto byId = [](const CustomerRecord& a, const CustomerRecord& b) { return a.customerId < b.customerId; };
    if (!std::is_sorted(customers.cbegin(), customers.cend(), byId))
        std::stable_sort(customers.begin(), customers.end(), byId);
    return customers;
}

} // namespace

QStringList CustomerTableWriter::csvHeader()
{
    return {QStringLiteral("Customer ID"), QStringLiteral("First name"), QStringLiteral("Last name"),
            QStringLiteral("Address"),     QStringLiteral("DOB"),        QStringLiteral("Status")};
}

QByteArray CustomerTableWriter::toCsv(const CustomerList& customers)
{
    QByteArray out;
    CsvWriter::appendRecord(out, csvHeader());
    for (const CustomerRecord& c : sortedById(customers)) {
        CsvWriter::appendRecord(out, {c.customerId, c.data.firstName, c.data.lastName, c.data.address,
                                      Timestamp::formatDate(c.data.dateOfBirth), customerStatusName(c.status)});
    }
    return out;
}

QJsonObject CustomerTableWriter::toJsonObject(const CustomerRecord& c)
{
    return QJsonObject{
        {QStringLiteral("customerId"), c.customerId},
        {QStringLiteral("firstName"), c.data.firstName},
        {QStringLiteral("lastName"), c.data.lastName},
        {QStringLiteral("address"), c.data.address},
        {QStringLiteral("dob"), Timestamp::formatDate(c.data.dateOfBirth)},
        {QStringLiteral("status"), customerStatusName(c.status)},
    };
}

QByteArray CustomerTableWriter::toJson(const CustomerList& customers)
{
    QJsonArray rows;
    for (const CustomerRecord& c : sortedById(customers))
        rows.append(toJsonObject(c));
    return QJsonDocument(rows).toJson(QJsonDocument::Indented);
}

QByteArray CustomerTableWriter::write(const CustomerList& customers, TableFormat format)
{
    return format == TableFormat::Json ? toJson(customers) : toCsv(customers);
}

} // namespace hindsight
