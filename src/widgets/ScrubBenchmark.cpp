#include "ScrubBenchmark.h"

#include "AsOfTableService.h"
#include "CustomerColumn.h"
#include "CustomerTableModel.h"
#include "MainWindow.h"
#include "TimeSlider.h"

#include <QApplication>
#include <QLineEdit>
#include <QMouseEvent>
#include <QTableView>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace hindsight {

namespace {

constexpr int MovesPerDrag = 400;
constexpr int Jumps = 40;
constexpr int FrameMs = 16;

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t i = std::min(values.size() - 1, size_t(std::ceil(p * double(values.size()))) - (p > 0 ? 1 : 0));
    return values[i];
}

QString number(double value)
{
    return QString::number(value, 'f', 2);
}

} // namespace

ScrubBenchmark::ScrubBenchmark(MainWindow& window, FILE* out, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_out(out)
{
    m_phases = {
        {QStringLiteral("drag"), QString(), int(CustomerColumn::Id), true},
        {QStringLiteral("drag, search \"leeds\""), QStringLiteral("leeds"), int(CustomerColumn::Id), true},
        {QStringLiteral("drag, sorted by last name"), QString(), int(CustomerColumn::LastName), true},
        {QStringLiteral("jumps by click"), QString(), int(CustomerColumn::Id), false},
    };
    m_driver.setInterval(FrameMs);
    m_driver.setTimerType(Qt::PreciseTimer);
    m_heartbeat.setInterval(1);
    m_heartbeat.setTimerType(Qt::PreciseTimer);
    connect(&m_heartbeat, &QTimer::timeout, this, [this] {
        const qint64 now = nowNs();
        if (m_lastBeatNs > 0)
            m_stalls.push_back(double(now - m_lastBeatNs) / 1e6);
        m_lastBeatNs = now;
    });
    connect(m_window.history(), &AsOfTableService::pageReady, this, &ScrubBenchmark::pageTaken);
    CustomerTableModel* model = m_window.customerModel();
    connect(model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_swapStartNs = nowNs(); });
    connect(model, &QAbstractItemModel::dataChanged, this, [this] {
        if (m_swapStartNs == 0)
            m_swapStartNs = nowNs();
    });
    m_window.findChild<QTableView*>(QStringLiteral("customerTable"))->viewport()->installEventFilter(this);
}

void ScrubBenchmark::start()
{
    m_sinceStart.start();
    connect(&m_window, &MainWindow::tableReady, this, [this] {
        if (!m_started)
            std::fprintf(m_out, "{\"figure\":\"table_ready_s\",\"value\":%s}\n", qPrintable(number(m_sinceStart.elapsed() / 1000.0)));
        m_started = true;
    }, Qt::SingleShotConnection);
    connect(&m_window, &MainWindow::historyReady, this, [this] {
        std::fprintf(m_out, "{\"figure\":\"history_ready_s\",\"value\":%s,\"events\":%lld}\n",
                     qPrintable(number(m_sinceStart.elapsed() / 1000.0)),
                     static_cast<long long>(m_window.history()->overview()->eventCount));
        std::fflush(m_out);
        whenIdle([this] { runNextPhase(); });
    });
}

void ScrubBenchmark::whenIdle(const std::function<void()>& then)
{
    auto* poll = new QTimer(this);
    poll->setInterval(10);
    connect(poll, &QTimer::timeout, this, [this, poll, then] {
        if (m_window.isLoading())
            return;
        poll->deleteLater();
        then();
    });
    poll->start();
}

void ScrubBenchmark::runNextPhase()
{
    if (m_phase >= m_phases.size()) {
        std::fflush(m_out);
        emit finished(0);
        return;
    }
    const Phase& phase = m_phases[m_phase];
    m_window.findChild<QLineEdit*>(QStringLiteral("searchEdit"))->setText(phase.search);
    m_window.customerModel()->sort(phase.sortColumn, Qt::AscendingOrder);
    const TimeSlider* slider = m_window.timeSlider();
    const qint64 span = slider->maximum() - slider->minimum();
    m_window.setAsOf(slider->minimum() + span / 4);
    whenIdle([this] {
        m_latencies.clear();
        m_stalls.clear();
        m_swaps.clear();
        m_computes.clear();
        m_pendingMoves.clear();
        m_pages = 0;
        m_moves = 0;
        if (m_phases[m_phase].drag)
            startDrag();
        else
            startJumps();
    });
}

void ScrubBenchmark::sendMouse(QEvent::Type type, int x)
{
    TimeSlider* slider = m_window.timeSlider();
    const QPointF at(x, slider->height() / 2.0);
    const Qt::MouseButton button = type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton;
    const Qt::MouseButtons buttons = type == QEvent::MouseButtonRelease ? Qt::NoButton : Qt::LeftButton;
    QMouseEvent event(type, at, slider->mapToGlobal(at), button, buttons, Qt::NoModifier);
    const qint64 sent = nowNs();
    const quint64 before = m_window.history()->requestSerial();
    QApplication::sendEvent(slider, &event);
    const quint64 after = m_window.history()->requestSerial();
    if (after != before)
        m_pendingMoves.push_back({after, sent});
    ++m_moves;
}

void ScrubBenchmark::startDrag()
{
    const TimeSlider* slider = m_window.timeSlider();
    m_x = slider->positionOf(slider->value());
    m_direction = 1;
    sendMouse(QEvent::MouseButtonPress, m_x);
    m_lastBeatNs = 0;
    m_heartbeat.start();
    m_driver.disconnect(this);
    connect(&m_driver, &QTimer::timeout, this, &ScrubBenchmark::dragStep);
    m_driver.start();
}

void ScrubBenchmark::dragStep()
{
    if (m_moves >= MovesPerDrag) {
        m_driver.stop();
        sendMouse(QEvent::MouseButtonRelease, m_x);
        whenIdle([this] { endPhase(); });
        return;
    }
    if (m_moves == MovesPerDrag / 2)
        m_direction = -1;
    m_x += m_direction;
    sendMouse(QEvent::MouseMove, m_x);
}

void ScrubBenchmark::startJumps()
{
    m_lastBeatNs = 0;
    m_heartbeat.start();
    jumpStep();
}

void ScrubBenchmark::jumpStep()
{
    if (m_moves >= 2 * Jumps) {
        endPhase();
        return;
    }
    // Deterministic spread over the track, never the right end (the present).
    const TimeSlider* slider = m_window.timeSlider();
    const int left = slider->positionOf(slider->minimum());
    const int right = slider->positionOf(slider->maximum()) - 2;
    const int i = m_moves / 2;
    const int x = left + int((quint64(i) * 7919u) % quint64(std::max(1, right - left)));
    sendMouse(QEvent::MouseButtonPress, x);
    sendMouse(QEvent::MouseButtonRelease, x);
    whenIdle([this] { jumpStep(); });
}

void ScrubBenchmark::pageTaken(const AsOfTablePagePtr& page)
{
    if (m_window.customerModel()->page() != page)
        return;
    ++m_pages;
    m_computes.push_back(double(page->computeNs) / 1e6);
    if (m_swapStartNs > 0)
        m_swaps.push_back(double(nowNs() - m_swapStartNs) / 1e6);
    m_swapStartNs = 0;
}

bool ScrubBenchmark::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::Paint && !m_pendingMoves.empty()) {
        const AsOfTablePagePtr& page = m_window.customerModel()->page();
        if (page) {
            const quint64 shown = page->serial;
            // Stamped once this paint (and whatever else this frame paints) is done.
            QMetaObject::invokeMethod(this, [this, shown] {
                const qint64 done = nowNs();
                auto it = m_pendingMoves.begin();
                for (; it != m_pendingMoves.end() && it->serial <= shown; ++it)
                    m_latencies.push_back(double(done - it->sentNs) / 1e6);
                m_pendingMoves.erase(m_pendingMoves.begin(), it);
            }, Qt::QueuedConnection);
        }
    }
    return QObject::eventFilter(watched, event);
}

void ScrubBenchmark::print(const QString& figure, const QString& phase, std::vector<double> values)
{
    std::fprintf(m_out, "{\"figure\":\"%s\",\"phase\":\"%s\",\"n\":%zu,\"p50\":%s,\"p95\":%s,\"p99\":%s,\"max\":%s}\n",
                 qPrintable(figure), qPrintable(QString(phase).replace(QLatin1Char('"'), QLatin1String("\\\""))),
                 values.size(), qPrintable(number(percentile(values, 0.5))), qPrintable(number(percentile(values, 0.95))),
                 qPrintable(number(percentile(values, 0.99))),
                 qPrintable(number(values.empty() ? 0 : *std::max_element(values.begin(), values.end()))));
}

void ScrubBenchmark::endPhase()
{
    m_heartbeat.stop();
    const QString name = m_phases[m_phase].name;
    print(QStringLiteral("scrub_step_ms"), name, m_latencies);
    print(QStringLiteral("gui_stall_ms"), name, m_stalls);
    print(QStringLiteral("page_swap_ms"), name, m_swaps);
    print(QStringLiteral("page_compute_ms"), name, m_computes);
    std::fprintf(m_out, "{\"figure\":\"pages_shown\",\"phase\":\"%s\",\"moves\":%d,\"pages\":%d}\n",
                 qPrintable(QString(name).replace(QLatin1Char('"'), QLatin1String("\\\""))), m_moves, m_pages);
    std::fflush(m_out);
    ++m_phase;
    m_window.showNow();
    whenIdle([this] { runNextPhase(); });
}

} // namespace hindsight
