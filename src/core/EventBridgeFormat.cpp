#include "EventBridgeFormat.h"

#include "JsonFieldReader.h"
#include "JsonRecordSplitter.h"

#include <QJsonObject>

namespace hindsight {

namespace {

/** One EventBridge event, as an event. */
Result<std::optional<Event>> readEvent(const QJsonObject& o, const JsonFieldReader& f)
{
    auto eventId = f.identifier(o.value(u"id"), QStringLiteral("id"));
    if (!eventId)
        return eventId.error();
    auto type = f.type(o.value(u"detail-type"), QStringLiteral("detail-type"));
    if (!type)
        return type.error();
    const QJsonValue detailValue = o.value(u"detail");
    if (!detailValue.isObject())
        return f.error(QStringLiteral("detail"), QStringLiteral("expected an object holding the customer"));
    const QJsonObject detail = detailValue.toObject();

    // Recorded-at: the publisher's own millisecond time when it gives one, EventBridge's time otherwise.
    const QJsonValue metadata = detail.value(u"metadata");
    Result<qint64> recordedAt = qint64(0);
    if (metadata.isObject() && metadata.toObject().contains(u"created"))
        recordedAt = f.time(metadata.toObject().value(u"created"), QStringLiteral("detail.metadata.created"));
    else
        recordedAt = f.time(o.value(u"time"), QStringLiteral("time"));
    if (!recordedAt)
        return recordedAt.error();

    QJsonObject customer = detail;
    QString prefix = QStringLiteral("detail.");
    if (detail.contains(u"data")) {
        if (!detail.value(u"data").isObject())
            return f.error(QStringLiteral("detail.data"), QStringLiteral("expected an object holding the customer"));
        customer = detail.value(u"data").toObject();
        prefix = QStringLiteral("detail.data.");
    }
    auto customerId = f.sharedIdentifier(customer.value(u"customerId"), prefix + QStringLiteral("customerId"));
    if (!customerId)
        return customerId.error();
    auto firstName = f.sharedString(customer.value(u"firstName"), prefix + QStringLiteral("firstName"));
    if (!firstName)
        return firstName.error();
    auto lastName = f.sharedString(customer.value(u"lastName"), prefix + QStringLiteral("lastName"));
    if (!lastName)
        return lastName.error();
    auto address = f.sharedString(customer.value(u"address"), prefix + QStringLiteral("address"));
    if (!address)
        return address.error();
    auto dob = f.date(customer.value(u"dob"), prefix + QStringLiteral("dob"));
    if (!dob)
        return dob.error();
    CustomerData data{std::move(firstName).value(), std::move(lastName).value(), std::move(address).value(), *dob};
    return std::optional<Event>(Event(std::move(eventId).value(), std::move(customerId).value(), *type, *recordedAt, std::move(data)));
}

Result<SourcedEventList> withFormat(Result<SourcedEventList> events)
{
    if (events)
        events.value().setFormat(EventFileFormat::EventBridge);
    return events;
}

} // namespace

Result<SourcedEventList> EventBridgeFormat::read(const QByteArray& bytes, const QString& sourceName)
{
    return withFormat(JsonRecordSplitter::readEvents(bytes, sourceName, readEvent));
}

Result<SourcedEventList> EventBridgeFormat::read(const JsonRecordSplitter::ChunkReader& next, const QString& sourceName)
{
    return withFormat(JsonRecordSplitter::readEvents(next, sourceName, readEvent));
}

} // namespace hindsight
