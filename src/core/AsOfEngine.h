#pragma once

#include "EventStore.h"
#include "StringPool.h"

#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

namespace hindsight {

/** An event as the as-of engine knows it: enough to find it in a customer's timeline and place it in time. */
struct AsOfEvent {
    qint64 position = 0;     ///< global position in the store
    qint64 version = 0;      ///< version within the customer's stream
    qint64 recordedAtMs = 0;
    EventType type = EventType::Created;

    friend bool operator==(const AsOfEvent&, const AsOfEvent&) = default;
};

/**
 * The customer table as of any moment. An event counts when its recorded-at is at or before the moment.
 * Customers not yet created are absent; deleted ones stay, with status DELETED; every attribute is as it was then.
 *
 * Every event is loaded once into columns ordered by (recorded-at, position), text interned. The moment is a
 * cursor into that order plus, per customer, the index of the event in effect. Moving the cursor applies or
 * undoes the events in between (an undo goes to the customer's previous event), so a move costs in proportion
 * to the events crossed. A jump starts from the nearest of the checkpoints (copies of the per-customer array
 * taken every few thousand events) when that is closer than the cursor. Rows are materialized on demand.
 *
 * load() may run on any thread; afterwards the engine belongs to one thread at a time (no internal locking).
 */
class AsOfEngine
{
public:
    /** Told (events read, events to read) now and then while loading; returning false cancels the load. */
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    /**
     * Reads every event of @p store (on the calling thread, through the store's own connection). The engine
     * starts as of the latest event, showing the whole current table.
     */
    static Result<std::unique_ptr<AsOfEngine>> load(const EventStore& store, const Progress& progress = {});
    /** An engine over no events; events come in through apply(). */
    AsOfEngine();

    /** Moves to @p asOfMs (milliseconds since the epoch, UTC). */
    void seek(qint64 asOfMs);
    /** Moves to the latest event (the current table). */
    void seekToLatest() { seek(lastRecordedAtMs()); }
    qint64 asOfMs() const { return m_asOfMs; }
    /** True when every loaded event counts at the current moment. */
    bool isAtLatest() const { return m_cursor == eventCount(); }
    /** Number of events that count at the current moment. */
    qint64 eventsInEffect() const { return m_cursor; }

    /** Customers created by the current moment: the table's rows, sorted by customer id. */
    int rowCount() const { return int(m_rowCount); }
    /** The row @p row (0 <= row < rowCount()) as of the current moment. */
    CustomerRecord customerAt(int row) const;
    QString customerIdAt(int row) const;
    /** The row of @p customerId at the current moment, or -1 when the customer does not exist then. */
    int rowOf(const QString& customerId) const;
    /** Of the rows, how many are deleted customers at the current moment. */
    qint64 deletedCount() const { return m_deletedCount; }
    /** Changes whenever the set of rows changes (not when only their content does). */
    quint64 rowsRevision() const { return m_rowsRevision; }

    /** Every row as of the current moment, sorted by customer id. */
    CustomerList customers() const;
    /** One customer as of the current moment; nullopt when not created by then (or unknown). */
    std::optional<CustomerRecord> customer(const QString& customerId) const;

    qint64 eventCount() const { return qint64(m_recordedAt.size()); }
    /** Number of customers in the whole store (at the latest moment). */
    qint64 customerCount() const { return qint64(m_firstEvent.size()); }
    /** Earliest and latest recorded-at in the store; 0 when empty. */
    qint64 firstRecordedAtMs() const;
    qint64 lastRecordedAtMs() const;

    /**
     * Events per bucket over [@p fromMs, @p toMs] cut into @p buckets equal spans (the last one includes
     * @p toMs): the density the time slider draws. Costs O(buckets * log events).
     */
    QList<qint64> densityHistogram(int buckets, qint64 fromMs, qint64 toMs) const;
    /** densityHistogram over the whole store. */
    QList<qint64> densityHistogram(int buckets) const;
    /** Recorded-at of the first event strictly after / strictly before @p ms, in the whole store. */
    std::optional<qint64> nextEventAtMs(qint64 ms) const;
    std::optional<qint64> previousEventAtMs(qint64 ms) const;

    /** The customer's events, oldest first; empty when unknown. */
    QList<AsOfEvent> customerEvents(const QString& customerId) const;
    /** Recorded-at of each of the customer's events, oldest first. */
    QList<qint64> customerEventTimes(const QString& customerId) const;
    /** The customer's event in effect at the current moment; nullopt before its creation (or unknown). */
    std::optional<AsOfEvent> eventInEffect(const QString& customerId) const;
    /** The customer's event in effect at @p asOfMs, without moving the engine. */
    std::optional<AsOfEvent> eventInEffectAt(const QString& customerId, qint64 asOfMs) const;

    /** Highest global position loaded; read the store after it to catch up. */
    qint64 headPosition() const { return m_headPosition; }
    /**
     * Takes events appended to the store after load (positions above headPosition(); lower ones are skipped
     * as seen). The moment stays where it was: new events that count at it show at once. Events recorded
     * after everything loaded cost in proportion to their number; an older recorded-at (an import of past
     * events) re-sorts the whole log, in proportion to the store.
     */
    Result<void> apply(const EventList& newEvents);
    /** Reads and applies what the store holds after headPosition(); returns the number of events taken. */
    Result<qint64> catchUp(const EventStore& store);

    /** Heap bytes the engine holds, for reports. */
    size_t memoryBytes() const;

private:
    friend class AsOfTableQuery; // reads the columns and interned text directly, to search and sort per frame

    static constexpr qint32 NoEvent = -1;
    static constexpr qint32 NoDate = std::numeric_limits<qint32>::min();

    /** What the log says of a customer so far, to check that the next event may follow it. */
    struct StreamTip {
        qint64 version = 0;
        qint64 recordedAtMs = 0;
        EventType type = EventType::Created;
    };
    static std::optional<Error> refuse(const EventRecordView& record, const std::optional<StreamTip>& tip);
    StreamTip tipOf(qint32 customer) const;
    Result<void> appendRecord(const EventRecordView& record);
    void finishLoad();
    void sortByRecordedAt();
    void orderCustomersById();
    void buildLinks();
    void buildCheckpoints();
    void appendCheckpointsUpTo(qint64 eventIndex);
    void moveCursor(qint64 target);
    void rebuildRows();
    qint32 customerIndex(const QString& customerId) const;
    CustomerRecord record(qint32 customer, qint32 event) const;
    AsOfEvent asOfEvent(qint32 event) const;

    // Per event, ordered by (recorded-at, position) once loaded.
    std::vector<qint64> m_recordedAt;
    std::vector<qint64> m_position;
    std::vector<qint32> m_customer;
    std::vector<qint32> m_previous; // the same customer's previous event, or NoEvent
    std::vector<qint32> m_version;
    std::vector<quint8> m_type;
    std::vector<quint32> m_firstName;
    std::vector<quint32> m_lastName;
    std::vector<quint32> m_address;
    std::vector<qint32> m_dateOfBirth; // Julian day, or NoDate
    StringPool m_strings;

    // Per customer.
    StringPool m_customerIds;            // pool id of each customer's id text
    std::vector<quint32> m_customerName; // customer -> id in m_customerIds
    std::vector<qint32> m_customerOfName; // id in m_customerIds -> customer
    std::vector<qint32> m_byId;          // customers sorted by customer id
    bool m_byIdIsIdentity = true;
    std::vector<qint32> m_firstEvent;
    std::vector<qint32> m_lastEvent;

    // The moment.
    qint64 m_asOfMs = 0;
    qint64 m_cursor = 0;               // events [0, m_cursor) count
    std::vector<qint32> m_current;     // per customer: event in effect, or NoEvent
    std::vector<qint32> m_rows;        // [0, m_rowCount): customers with an event in effect, by customer id
    qsizetype m_rowCount = 0;
    quint64 m_rowsRevision = 0;
    qint64 m_deletedCount = 0;         // customers whose event in effect is a deletion

    // m_checkpoints[j] is m_current after events [0, (j + 1) * m_checkpointInterval).
    qint64 m_checkpointInterval = 4096;
    std::vector<std::vector<qint32>> m_checkpoints;
    std::vector<qint64> m_checkpointDeleted; // m_deletedCount at each checkpoint

    qint64 m_headPosition = 0;
    quint64 m_layoutRevision = 0; // changes when events move to other indices (a re-sort)
};

} // namespace hindsight
