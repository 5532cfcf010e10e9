#pragma once

#include "EventStore.h"

namespace hindsight {

/**
 * A deterministic, realistic customer history for benchmarks and demos: plausible names, addresses and dates
 * of birth, recorded-at spread over years, about one customer in ten deleted last. The same options always
 * give the same events, ids included.
 */
class SyntheticHistory
{
public:
    struct Options {
        qint64 customers = 1000;
        int eventsPerCustomer = 10;
        quint64 seed = 1;
        qint64 startMs = 1262304000000;  ///< 2010-01-01T00:00:00Z
        qint64 endMs = 1767225600000;    ///< 2026-01-01T00:00:00Z
    };

    explicit SyntheticHistory(Options options);

    /** Events of customers [first, first + count), each stream in order. */
    EventList events(qint64 first, qint64 count) const;

    /**
     * Appends the whole history to @p store in batches. @p progress gets events written so far; returning
     * false stops after the current batch.
     */
    Result<BatchOutcome> writeTo(EventStore& store, const std::function<bool(qint64)>& progress = {}) const;

    /** Customer id of the @p index-th generated customer, "100-000-0000" style. */
    static QString customerId(qint64 index);

private:
    Options m_options;
};

} // namespace hindsight
