#pragma once

#include "CustomerRecord.h"
#include "Result.h"

#include <functional>

namespace hindsight {

/** Figures about a store, for status bars and reports. */
struct StoreStats {
    qint64 eventCount = 0;
    qint64 activeCustomers = 0;
    qint64 deletedCustomers = 0;
    qint64 headPosition = 0;     ///< global position of the newest event (0 when empty)
    qint64 firstRecordedAtMs = 0; ///< earliest recorded-at (0 when empty)
    qint64 lastRecordedAtMs = 0;  ///< latest recorded-at (0 when empty)
};

/** What an append did. */
struct AppendOutcome {
    bool alreadyStored = false; ///< every event was stored before with the same content; nothing was written
    EventList events;           ///< the events as stored (with version and position)
};

/** What a batch append did. */
struct BatchOutcome {
    qint64 appended = 0;
    qint64 skipped = 0; ///< events whose ids were stored already with the same content
};

/**
 * An append-only log of customer events with a maintained customer table (the projection).
 * Implementations: SqliteEventStore (the embedded default); a shared server store fits behind the same interface.
 * An instance belongs to the thread that opened it; other threads open their own with openStore().
 */
class EventStore
{
public:
    /** Expected version meaning "whatever the stream's version is". */
    static constexpr qint64 AnyVersion = -1;
    /** Expected version of a stream that does not exist yet. */
    static constexpr qint64 NoStream = 0;

    virtual ~EventStore() = default;

    /** Where the store lives, as a person would name it (a file path, a server URL). */
    virtual QString location() const = 0;
    virtual bool isReadOnly() const = 0;

    /**
     * Appends @p events to one customer's stream, atomically. Versions and positions are assigned by the store.
     * A stale @p expectedVersion is an ErrorCode::Conflict naming the current version, and nothing is written.
     * If every event id is stored already with the same content, reports alreadyStored and writes nothing;
     * an id stored with different content is ErrorCode::DuplicateEvent.
     */
    virtual Result<AppendOutcome> append(const QString& customerId, qint64 expectedVersion, const EventList& events) = 0;

    /**
     * Appends events of many customers in one transaction, all or nothing: for imports and generated data.
     * Each customer's events must follow its stream in order. Ids stored already with the same content are skipped.
     * @p progress, when given, is called now and then with the number of events handled; returning false cancels
     * and writes nothing.
     */
    virtual Result<BatchOutcome> appendBatch(const EventList& events,
                                             const std::function<bool(qint64 done)>& progress = {}) = 0;

    /** The customer's events, oldest first. Empty when the customer is unknown. */
    virtual Result<EventList> readStream(const QString& customerId) const = 0;

    /** Current version of the customer's stream; 0 when it has no events. */
    virtual Result<qint64> streamVersion(const QString& customerId) const = 0;

    /**
     * Visits every event with a global position after @p afterPosition, in global order, until @p visit
     * returns false.
     */
    virtual Result<void> forEachEvent(qint64 afterPosition, const std::function<bool(const Event&)>& visit) const = 0;

    /** The maintained customer table, sorted by customer id. */
    virtual Result<CustomerList> customers() const = 0;
    virtual Result<std::optional<CustomerRecord>> customer(const QString& customerId) const = 0;

    virtual Result<StoreStats> stats() const = 0;

    /** Global position of the newest event; cheap, for noticing appends by other writers. */
    virtual Result<qint64> headPosition() const = 0;

    /** Throws the maintained customer table away and rebuilds it from the log. */
    virtual Result<void> rebuildProjection() = 0;
};

} // namespace hindsight
