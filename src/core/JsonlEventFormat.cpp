#include "JsonlEventFormat.h"

#include "JsonFieldReader.h"
#include "JsonRecordSplitter.h"
#include "JsonText.h"
#include "Timestamp.h"

namespace hindsight {

Result<SourcedEventList> JsonlEventFormat::read(const QByteArray& bytes, const QString& sourceName)
{
    return JsonRecordSplitter::readEvents(bytes, sourceName,
                                          [&](const QJsonObject& o, const JsonFieldReader& f) -> Result<std::optional<Event>> {
        if (o.contains(u"storeHead"))
            return std::optional<Event>(); // the head an export recorded (StoreHeadRecord): not an event
        auto eventId = f.identifier(o.value(u"eventId"), QStringLiteral("eventId"));
        if (!eventId)
            return eventId.error();
        auto customerId = f.identifier(o.value(u"customerId"), QStringLiteral("customerId"));
        if (!customerId)
            return customerId.error();
        auto recordedAt = f.time(o.value(u"recordedAt"), QStringLiteral("recordedAt"));
        if (!recordedAt)
            return recordedAt.error();
        auto type = f.type(o.value(u"type"), QStringLiteral("type"));
        if (!type)
            return type.error();
        auto firstName = f.string(o.value(u"firstName"), QStringLiteral("firstName"));
        if (!firstName)
            return firstName.error();
        auto lastName = f.string(o.value(u"lastName"), QStringLiteral("lastName"));
        if (!lastName)
            return lastName.error();
        auto address = f.string(o.value(u"address"), QStringLiteral("address"));
        if (!address)
            return address.error();
        auto dob = f.date(o.value(u"dob"), QStringLiteral("dob"));
        if (!dob)
            return dob.error();
        auto version = f.optionalPositive(o.value(u"version"), QStringLiteral("version"));
        if (!version)
            return version.error();
        auto position = f.optionalPositive(o.value(u"position"), QStringLiteral("position"));
        if (!position)
            return position.error();
        CustomerData data{std::move(firstName).value(), std::move(lastName).value(), std::move(address).value(), *dob};
        return std::optional<Event>(Event(std::move(eventId).value(), std::move(customerId).value(), *type, *recordedAt, std::move(data),
                              *version, *position));
    });
}

void JsonlEventFormat::appendLine(QByteArray& out, const Event& e)
{
    // Position and version are the store's; an event not yet stored has neither, and then they are left out.
    out.append('{');
    if (e.position() > 0) {
        out.append("\"position\":");
        out.append(QByteArray::number(e.position()));
        out.append(',');
    }
    out.append("\"eventId\":");
    JsonText::appendString(out, e.eventId());
    out.append(",\"customerId\":");
    JsonText::appendString(out, e.customerId());
    if (e.version() > 0) {
        out.append(",\"version\":");
        out.append(QByteArray::number(e.version()));
    }
    out.append(",\"recordedAt\":");
    JsonText::appendString(out, Timestamp::format(e.recordedAtMs()));
    out.append(",\"type\":");
    JsonText::appendString(out, eventTypeName(e.type()));
    out.append(",\"firstName\":");
    JsonText::appendString(out, e.data().firstName);
    out.append(",\"lastName\":");
    JsonText::appendString(out, e.data().lastName);
    out.append(",\"address\":");
    JsonText::appendString(out, e.data().address);
    out.append(",\"dob\":");
    JsonText::appendString(out, Timestamp::formatDate(e.data().dateOfBirth));
    out.append("}\n");
}

} // namespace hindsight
