#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace hindsight {

/**
 * Plays history forward: from a moment to an end at a chosen speed (milliseconds of history per second of real
 * time), announcing the moment about sixty times a second and stopping at the end. The moment follows real
 * elapsed time, so a slow frame makes the next step longer rather than the playback slower.
 */
class TimePlayback : public QObject
{
    Q_OBJECT

public:
    explicit TimePlayback(QObject* parent = nullptr);

    /** History per real second, in ms (a day per second is 86,400,000). Takes effect at once while playing. */
    void setSpeed(qint64 historyMsPerSecond);
    qint64 speed() const { return m_speed; }

    /** Starts at @p fromMs towards @p toMs. */
    void start(qint64 fromMs, qint64 toMs);
    /** Moves the end (new events arrived) without restarting. */
    void setEnd(qint64 toMs) { m_to = toMs; }
    void stop();
    bool isPlaying() const { return m_timer.isActive(); }
    /** The moment last announced. */
    qint64 position() const { return m_position; }

signals:
    /** The moment played to. */
    void advanced(qint64 ms);
    /** The end was reached (after its advanced()). */
    void finished();
    void playingChanged(bool playing);

private:
    void tick();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_speed = 86400000;
    qint64 m_from = 0;
    qint64 m_to = 0;
    qint64 m_position = 0;
};

} // namespace hindsight
