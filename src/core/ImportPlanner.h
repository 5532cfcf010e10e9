#pragma once

#include "EventImporter.h"

namespace hindsight {

/**
 * What EventImporter::plan() does, in steps: ids repeated within the input, each event's customer, the account rules
 * (AccountRules) on every core, the order of appending, then each customer's history event by event, continuing
 * what the store holds. Writes nothing.
 */
class ImportPlanner
{
public:
    static Result<ImportPlan> plan(const EventStore& store, const SourcedEventList& events);

    /** "FILE, line N": where the @p i-th event of @p events came from, as messages name it. */
    static QString where(const SourcedEventList& events, qsizetype i);
};

} // namespace hindsight
