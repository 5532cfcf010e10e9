#include "TimePlayback.h"

#include <algorithm>

namespace hindsight {

namespace {

constexpr int FrameMs = 16;

} // namespace

TimePlayback::TimePlayback(QObject* parent)
    : QObject(parent)
{
    m_timer.setInterval(FrameMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &TimePlayback::tick);
}

void TimePlayback::setSpeed(qint64 historyMsPerSecond)
{
    if (isPlaying()) {
        // Carry on from where the playback is, at the new speed.
        m_from = m_position;
        m_clock.restart();
    }
    m_speed = std::max<qint64>(1, historyMsPerSecond);
}

void TimePlayback::start(qint64 fromMs, qint64 toMs)
{
    m_from = fromMs;
    m_to = toMs;
    m_position = fromMs;
    m_clock.start();
    const bool was = isPlaying();
    m_timer.start();
    if (!was)
        emit playingChanged(true);
}

void TimePlayback::stop()
{
    if (!isPlaying())
        return;
    m_timer.stop();
    emit playingChanged(false);
}

void TimePlayback::tick()
{
    const double seconds = double(m_clock.nsecsElapsed()) / 1e9;
    const qint64 at = m_from + qint64(seconds * double(m_speed));
    if (at >= m_to) {
        m_position = m_to;
        m_timer.stop();
        emit advanced(m_to);
        emit playingChanged(false);
        emit finished();
        return;
    }
    m_position = at;
    emit advanced(at);
}

} // namespace hindsight
