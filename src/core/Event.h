#pragma once

#include <QDate>
#include <QList>
#include <QString>

#include <optional>

namespace hindsight {

/** The three things that can happen to a customer account. */
enum class EventType { Created = 1, Updated = 2, Deleted = 3 };

/** "CREATED", "UPDATED", "DELETED": the Status column of the event store (Table 3-2). */
QString statusName(EventType type);
/** "AccountCreated", ...: the event's name in the domain and on the wire. */
QString eventTypeName(EventType type);
/** Accepts a status name or an event type name, any case. */
std::optional<EventType> eventTypeFromString(QStringView text);

/** A customer's attributes, as they stand after an event. */
struct CustomerData {
    QString firstName;
    QString lastName;
    QString address;
    QDate dateOfBirth;

    friend bool operator==(const CustomerData&, const CustomerData&) = default;
};

/**
 * One immutable fact about one customer account. Created before it is stored (version and position 0);
 * the store hands back a copy that carries the stream version and global position it was given.
 */
class Event
{
public:
    Event() = default;
    Event(QString eventId, QString customerId, EventType type, qint64 recordedAtMs, CustomerData data,
          qint64 version = 0, qint64 position = 0);

    const QString& eventId() const { return m_eventId; }
    const QString& customerId() const { return m_customerId; }
    EventType type() const { return m_type; }
    /** When the event was recorded: milliseconds since the epoch, UTC. */
    qint64 recordedAtMs() const { return m_recordedAtMs; }
    const CustomerData& data() const { return m_data; }
    /** 1, 2, 3... within the customer's stream; 0 before it is stored. */
    qint64 version() const { return m_version; }
    /** Order of the event in the whole store; 0 before it is stored. */
    qint64 position() const { return m_position; }

    /** This event as stored at the given stream version and global position. */
    Event stored(qint64 version, qint64 position) const;

    /** Same id, customer, type, time and data: what idempotent appends compare. */
    bool sameContentAs(const Event& other) const;

    /** A new random event id (a UUID without braces). */
    static QString newEventId();

    friend bool operator==(const Event&, const Event&) = default;

private:
    QString m_eventId;
    QString m_customerId;
    EventType m_type = EventType::Created;
    qint64 m_recordedAtMs = 0;
    CustomerData m_data;
    qint64 m_version = 0;
    qint64 m_position = 0;
};

using EventList = QList<Event>;

} // namespace hindsight

// Strings and numbers only: a list of events may move them with memcpy and grow by realloc, without copying a million.
Q_DECLARE_TYPEINFO(hindsight::CustomerData, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(hindsight::Event, Q_RELOCATABLE_TYPE);
