#pragma once

#include "Clock.h"

namespace hindsight::test {

/** A clock that stands still until a test moves it. */
class MockClock final : public Clock
{
public:
    explicit MockClock(qint64 nowMs = 1700000000000) : m_nowMs(nowMs) {}
    qint64 nowMs() const override { return m_nowMs; }
    void setNowMs(qint64 nowMs) { m_nowMs = nowMs; }
    void advanceMs(qint64 ms) { m_nowMs += ms; }

private:
    qint64 m_nowMs;
};

} // namespace hindsight::test
