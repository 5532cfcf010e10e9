#pragma once

#include "CustomerRecord.h"
#include "Result.h"

#include <QByteArrayView>

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

/**
 * One stored event as bulk readers see it: numbers as numbers, text as UTF-8 views that are valid only during
 * the visit. Carries what a replay needs (no event id). The date of birth is ISO "YYYY-MM-DD", empty if unset.
 */
struct EventRecordView {
    qint64 position = 0;
    qint64 version = 0;
    qint64 recordedAtMs = 0;
    EventType type = EventType::Created;
    QByteArrayView customerId;
    QByteArrayView firstName;
    QByteArrayView lastName;
    QByteArrayView address;
    QByteArrayView dateOfBirth;
};

/** The newest event's position and chain hash: an anchor that exports record and verify checks against. */
struct StoreHead {
    qint64 position = 0;
    QByteArray hash; ///< raw SHA-256; empty for an empty store
};

/** What a verification found. */
struct VerifyReport {
    QStringList problems;       ///< the first names the first event that breaks the store; empty when intact
    QStringList notes;          ///< what an intact store's reader should know (limits of what could be checked)
    qint64 eventsChecked = 0;
    qint64 firstBadPosition = 0; ///< position of the first event that breaks the chain (0 when none)
    StoreHead head;
    bool intact() const { return problems.isEmpty(); }
};

/**
 * Called now and then by EventStore::verify() with the events checked so far (0 while the storage is checked) and
 * how many the log holds; returning false stops the check, which then fails with ErrorCode::Cancelled.
 */
using VerifyProgress = std::function<bool(qint64 checked, qint64 total)>;

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

    /**
     * Finishes, off the writer's path, what a large appendBatch() left for later; the batch was durable and visible
     * to every reader when appendBatch() returned. SqliteEventStore copies its write-ahead log into the store file
     * here (a checkpoint: about half a second after a million events). Call it once the caller is no longer waited
     * for; a store that has nothing to finish returns at once, and an error here loses nothing.
     */
    virtual Result<void> checkpoint() { return {}; }

    /** The customer's events, oldest first. Empty when the customer is unknown. */
    virtual Result<EventList> readStream(const QString& customerId) const = 0;

    /** Current version of the customer's stream; 0 when it has no events. */
    virtual Result<qint64> streamVersion(const QString& customerId) const = 0;

    /**
     * Visits every event with a global position after @p afterPosition, in global order, until @p visit
     * returns false.
     */
    virtual Result<void> forEachEvent(qint64 afterPosition, const std::function<bool(const Event&)>& visit) const = 0;

    /**
     * As forEachEvent, without building Event objects: for loading a whole store fast (the as-of engine).
     * Backends that can read their rows in place override it; this default converts each Event.
     */
    virtual Result<void> forEachEventRecord(qint64 afterPosition,
                                            const std::function<bool(const EventRecordView&)>& visit) const
    {
        return forEachEvent(afterPosition, [&visit](const Event& e) {
            const QByteArray customerId = e.customerId().toUtf8();
            const QByteArray firstName = e.data().firstName.toUtf8();
            const QByteArray lastName = e.data().lastName.toUtf8();
            const QByteArray address = e.data().address.toUtf8();
            const QByteArray dateOfBirth = e.data().dateOfBirth.toString(Qt::ISODate).toLatin1();
            EventRecordView view;
            view.position = e.position();
            view.version = e.version();
            view.recordedAtMs = e.recordedAtMs();
            view.type = e.type();
            view.customerId = customerId;
            view.firstName = firstName;
            view.lastName = lastName;
            view.address = address;
            view.dateOfBirth = dateOfBirth;
            return visit(view);
        });
    }

    /**
     * Visits every event ordered by customer id, then stream version, until @p visit returns false: for exports
     * whose bytes must depend on the events alone, not on the order they were appended in. This default reads the
     * customer table, then stream by stream; backends override it with one ordered scan.
     */
    virtual Result<void> forEachEventByCustomer(const std::function<bool(const Event&)>& visit) const
    {
        auto all = customers();
        if (!all)
            return all.error();
        for (const CustomerRecord& c : std::as_const(*all)) {
            auto stream = readStream(c.customerId);
            if (!stream)
                return stream.error();
            for (const Event& e : std::as_const(*stream)) {
                if (!visit(e))
                    return {};
            }
        }
        return {};
    }

    /** The maintained customer table, sorted by customer id. */
    virtual Result<CustomerList> customers() const = 0;
    virtual Result<std::optional<CustomerRecord>> customer(const QString& customerId) const = 0;

    virtual Result<StoreStats> stats() const = 0;

    /** Global position of the newest event; cheap, for noticing appends by other writers. */
    virtual Result<qint64> headPosition() const = 0;

    /** The newest event's position and chain hash. */
    virtual Result<StoreHead> head() const = 0;

    /**
     * Checks the whole store: storage integrity, schema, the hash chain in global order, every stream's versions
     * and rules, and that the customer table equals a replay of the log. With @p against (a head recorded by an
     * export), also checks that the log still holds that head, which detects a log cut short or rewritten.
     * An Error means verification could not run; problems found are in the report.
     */
    virtual Result<VerifyReport> verify(const std::optional<StoreHead>& against = std::nullopt,
                                        const VerifyProgress& progress = {}) const = 0;

    /** Throws the maintained customer table away and rebuilds it from the log. */
    virtual Result<void> rebuildProjection() = 0;
};

} // namespace hindsight
