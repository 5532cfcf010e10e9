#pragma once

#include "AsOfTablePage.h"

#include <QElapsedTimer>
#include <QEvent>
#include <QObject>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <vector>

namespace hindsight {

class MainWindow;

/**
 * Measures scrubbing as a person sees it, on the real window: drags the time slider one pixel per frame
 * (60 moves a second) and jumps by clicks, with and without a search and a sort, and prints one JSON object
 * per figure:
 *  - scrub_step_ms: from the mouse move to the first paint of the table showing the page it asked for;
 *  - gui_stall_ms: how late a 1 ms timer on the GUI thread fires while dragging (the GUI thread's longest pause);
 *  - page_swap_ms: GUI-thread time to take a page into the table; page_compute_ms: the engine thread's time.
 * Timings, not tests: run it on an otherwise idle machine.
 */
class ScrubBenchmark : public QObject
{
    Q_OBJECT

public:
    ScrubBenchmark(MainWindow& window, FILE* out, QObject* parent = nullptr);

    /** Waits for the table and the history, then runs every phase; finished() when done. */
    void start();

signals:
    void finished(int exitCode);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Phase {
        QString name;
        QString search;
        int sortColumn = 0;
        bool drag = true;
    };

    void runNextPhase();
    void startDrag();
    void dragStep();
    void startJumps();
    void jumpStep();
    void endPhase();
    void sendMouse(QEvent::Type type, int x);
    void whenIdle(const std::function<void()>& then);
    void pageTaken(const AsOfTablePagePtr& page);
    void print(const QString& figure, const QString& phase, std::vector<double> values);

    MainWindow& m_window;
    FILE* m_out;
    QElapsedTimer m_sinceStart;
    std::vector<Phase> m_phases;
    size_t m_phase = 0;

    QTimer m_driver;      // one move per frame
    QTimer m_heartbeat;   // 1 ms: measures how long the GUI thread is away
    qint64 m_lastBeatNs = 0;
    int m_moves = 0;
    int m_x = 0;
    int m_direction = 1;

    /** A move that changed the moment asked for, waiting for a paint that shows it (or a later one). */
    struct PendingMove {
        quint64 serial;
        qint64 sentNs;
    };
    std::vector<PendingMove> m_pendingMoves;
    qint64 m_swapStartNs = 0;
    std::vector<double> m_latencies;
    std::vector<double> m_stalls;
    std::vector<double> m_swaps;
    std::vector<double> m_computes;
    int m_pages = 0;
    bool m_started = false;
};

} // namespace hindsight
