#pragma once

#include <QList>

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

namespace hindsight {

/**
 * What the time slider needs to know about the whole history, published by the as-of engine's thread after a
 * load and after each catch-up: the span, the density of events over it, and every distinct event time (so the
 * GUI steps from event to event without asking the engine). Immutable once published.
 */
struct AsOfOverview {
    qint64 firstMs = 0;       ///< earliest recorded-at; 0 when the store is empty
    qint64 lastMs = 0;        ///< latest recorded-at
    qint64 eventCount = 0;
    qint64 customerCount = 0; ///< customers in the whole store
    qint64 headPosition = 0;  ///< newest global position the engine holds
    /** Distinct recorded-at times, ascending. */
    std::shared_ptr<const std::vector<qint64>> eventTimes = std::make_shared<std::vector<qint64>>();
    /** Events per bucket over [firstMs, lastMs] (AsOfEngine::densityHistogram); empty until asked for. */
    QList<qint64> histogram;

    bool isEmpty() const { return eventCount == 0; }

    /** The first event time strictly after @p ms. */
    std::optional<qint64> nextEventAfter(qint64 ms) const
    {
        const auto it = std::upper_bound(eventTimes->cbegin(), eventTimes->cend(), ms);
        return it == eventTimes->cend() ? std::nullopt : std::optional(*it);
    }

    /** The last event time strictly before @p ms. */
    std::optional<qint64> previousEventBefore(qint64 ms) const
    {
        const auto it = std::lower_bound(eventTimes->cbegin(), eventTimes->cend(), ms);
        return it == eventTimes->cbegin() ? std::nullopt : std::optional(*(it - 1));
    }
};

using AsOfOverviewPtr = std::shared_ptr<const AsOfOverview>;

} // namespace hindsight
