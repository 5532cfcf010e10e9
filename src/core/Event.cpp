#include "Event.h"

#include <QUuid>

namespace hindsight {

QString statusName(EventType type)
{
    switch (type) {
    case EventType::Created:
        return QStringLiteral("CREATED");
    case EventType::Updated:
        return QStringLiteral("UPDATED");
    case EventType::Deleted:
        return QStringLiteral("DELETED");
    }
    return {};
}

QString eventTypeName(EventType type)
{
    switch (type) {
    case EventType::Created:
        return QStringLiteral("AccountCreated");
    case EventType::Updated:
        return QStringLiteral("AccountUpdated");
    case EventType::Deleted:
        return QStringLiteral("AccountDeleted");
    }
    return {};
}

std::optional<EventType> eventTypeFromString(QStringView text)
{
    const QStringView t = text.trimmed();
    for (EventType type : {EventType::Created, EventType::Updated, EventType::Deleted}) {
        if (t.compare(statusName(type), Qt::CaseInsensitive) == 0 || t.compare(eventTypeName(type), Qt::CaseInsensitive) == 0)
            return type;
    }
    return std::nullopt;
}

Event::Event(QString eventId, QString customerId, EventType type, qint64 recordedAtMs, CustomerData data, qint64 version,
             qint64 position)
    : m_eventId(std::move(eventId))
    , m_customerId(std::move(customerId))
    , m_type(type)
    , m_recordedAtMs(recordedAtMs)
    , m_data(std::move(data))
    , m_version(version)
    , m_position(position)
{
}

Event Event::stored(qint64 version, qint64 position) const
{
    Event copy(*this);
    copy.m_version = version;
    copy.m_position = position;
    return copy;
}

bool Event::sameContentAs(const Event& other) const
{
    return m_eventId == other.m_eventId && m_customerId == other.m_customerId && m_type == other.m_type
        && m_recordedAtMs == other.m_recordedAtMs && m_data == other.m_data;
}

QString Event::newEventId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace hindsight
