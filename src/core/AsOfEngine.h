#pragma once

#include "EventStore.h"

#include <memory>

namespace hindsight {

/**
 * The customer table as of any moment. An event counts when its recorded-at is at or before the moment.
 * Customers not yet created are absent; deleted ones stay, with status DELETED.
 *
 * (First version: a plain replay. The incremental engine replaces the inside, not this interface.)
 */
class AsOfEngine
{
public:
    /** Reads every event of @p store. */
    static Result<std::unique_ptr<AsOfEngine>> load(const EventStore& store);

    /** Moves to @p asOfMs (milliseconds since the epoch, UTC). */
    void seek(qint64 asOfMs);
    qint64 asOfMs() const { return m_asOfMs; }

    /** Customers created by the current moment, sorted by customer id. */
    CustomerList customers() const;

    qint64 eventCount() const { return m_events.size(); }
    /** Earliest and latest recorded-at in the store; 0 when empty. */
    qint64 firstRecordedAtMs() const;
    qint64 lastRecordedAtMs() const;

private:
    EventList m_events; // by recorded-at, then position
    qint64 m_asOfMs = 0;
};

} // namespace hindsight
