#include "EventTableWriter.h"

#include "CsvWriter.h"
#include "Timestamp.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace hindsight {

QStringList EventTableWriter::csvHeader(Columns columns)
{
    QStringList header{QStringLiteral("PK"),        QStringLiteral("SK"),      QStringLiteral("Event ID"),
                       QStringLiteral("First name"), QStringLiteral("Last name"), QStringLiteral("Address"),
                       QStringLiteral("DOB"),        QStringLiteral("Status")};
    if (columns == Columns::WithStream)
        header << QStringLiteral("Version") << QStringLiteral("Position");
    return header;
}

void EventTableWriter::appendCsv(QByteArray& out, const Event& e, Columns columns)
{
    QString line;
    line.reserve(160);
    const auto field = [&line](QStringView text, bool first = false) {
        if (!first)
            line.append(u',');
        CsvWriter::appendField(line, text);
    };
    field(e.customerId(), true);
    field(Timestamp::format(e.recordedAtMs()));
    field(e.eventId());
    field(e.data().firstName);
    field(e.data().lastName);
    field(e.data().address);
    field(Timestamp::formatDate(e.data().dateOfBirth));
    field(statusName(e.type()));
    if (columns == Columns::WithStream) {
        field(QString::number(e.version()));
        field(QString::number(e.position()));
    }
    line.append(u'\n');
    out.append(line.toUtf8());
}

QByteArray EventTableWriter::toCsv(const EventList& events, Columns columns)
{
    QByteArray out;
    CsvWriter::appendRecord(out, csvHeader(columns));
    for (const Event& e : events)
        appendCsv(out, e, columns);
    return out;
}

QJsonObject EventTableWriter::toJsonObject(const Event& e)
{
    return QJsonObject{
        {QStringLiteral("customerId"), e.customerId()},
        {QStringLiteral("recordedAt"), Timestamp::format(e.recordedAtMs())},
        {QStringLiteral("eventId"), e.eventId()},
        {QStringLiteral("firstName"), e.data().firstName},
        {QStringLiteral("lastName"), e.data().lastName},
        {QStringLiteral("address"), e.data().address},
        {QStringLiteral("dob"), Timestamp::formatDate(e.data().dateOfBirth)},
        {QStringLiteral("status"), statusName(e.type())},
        {QStringLiteral("version"), e.version()},
        {QStringLiteral("position"), e.position()},
    };
}

QByteArray EventTableWriter::toJson(const EventList& events)
{
    QJsonArray rows;
    for (const Event& e : events)
        rows.append(toJsonObject(e));
    return QJsonDocument(rows).toJson(QJsonDocument::Indented);
}

QByteArray EventTableWriter::write(const EventList& events, TableFormat format, Columns columns)
{
    return format == TableFormat::Json ? toJson(events) : toCsv(events, columns);
}

} // namespace hindsight
