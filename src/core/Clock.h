#pragma once

#include <QtGlobal>

namespace hindsight {

/** Where "now" comes from. Production uses SystemClock; tests substitute their own. */
class Clock
{
public:
    virtual ~Clock() = default;
    /** Milliseconds since the Unix epoch, UTC. */
    virtual qint64 nowMs() const = 0;
};

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override;
    /** The process-wide system clock. */
    static SystemClock& instance();
};

} // namespace hindsight
