#pragma once

#include "CustomerDiff.h"
#include "CustomerSnapshot.h"

#include <QAbstractListModel>

namespace hindsight {

/**
 * One customer's events, newest first: what each did (only the fields it changed, old → new), when, and the
 * state it left. Loading it reads one stream, which is cheap whatever the size of the store.
 */
class TimelineModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        TypeRole = Qt::UserRole + 1, ///< int (EventType)
        RecordedAtRole,              ///< qint64, ms since the epoch (UTC)
        EventIdRole,                 ///< QString
        VersionRole,                 ///< qint64
        PositionRole,                ///< qint64: order in the whole store
        ChangesRole,                 ///< QList<FieldChange> against the event before it
        InEffectRole,                ///< bool: the event whose state holds at the as-of moment
        AfterAsOfRole,               ///< bool: recorded after the as-of moment (not yet happened then)
    };

    explicit TimelineModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /** Shows @p stream (oldest first, as EventStore::readStream returns it) of @p customerId. */
    void setStream(const QString& customerId, const EventList& stream);
    void clear();

    const QString& customerId() const { return m_customerId; }
    /** The event shown in @p row (newest first). */
    const Event& eventAt(int row) const;
    /** The customer as the event in @p row left it. */
    CustomerRecord stateAfter(int row) const;
    /** Fields that differ between the states after the events in rows @p a and @p b (older one first). */
    FieldChanges differenceBetween(int a, int b) const;
    /** Row of the event with @p version, or -1. */
    int rowOfVersion(qint64 version) const;

    /** Marks the event in effect at @p asOfMs and those after it; CustomerSnapshot::Now for the present. */
    void setAsOfMs(qint64 asOfMs);
    qint64 asOfMs() const { return m_asOfMs; }
    /** The row in effect at the as-of moment, or -1 when the customer did not exist yet. */
    int rowInEffect() const;

private:
    int streamIndex(int row) const { return static_cast<int>(m_stream.size()) - 1 - row; }

    QString m_customerId;
    EventList m_stream;                   // oldest first
    QList<CustomerRecord> m_states;       // state after each event, oldest first
    QList<FieldChanges> m_changes;        // against the previous state, oldest first
    qint64 m_asOfMs = CustomerSnapshot::Now;
};

} // namespace hindsight
