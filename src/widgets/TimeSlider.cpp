#include "TimeSlider.h"

#include "TimeSliderAccessible.h"
#include "TimelineDelegate.h"

#include <QAccessible>
#include <QDateTime>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace hindsight {

namespace {

constexpr int SideMargin = 10;   // room for the handle's knob at both ends
constexpr int TopMargin = 3;
constexpr int TrackThickness = 4;
constexpr int KnobRadius = 6;
constexpr int MarkRadius = 4;
constexpr int SnapPixels = 4;    // a drag this close to a mark lands on it exactly
constexpr int WheelStepsPerSpan = 200;
constexpr int PageStepsPerSpan = 20;
constexpr qint64 HourMs = 3600 * 1000;
constexpr qint64 DayMs = 24 * HourMs;

QFont axisFont(const QFont& base)
{
    QFont f = base;
    f.setPointSizeF(base.pointSizeF() * 0.85);
    return f;
}

/** One choice of axis ticks: every `count` units, labelled in `format`. */
struct TickStep {
    enum class Unit { Hour, Day, Month, Year };
    Unit unit;
    int count;
    qint64 approxMs;
    const char* format;
};

constexpr TickStep TickSteps[] = {
    {TickStep::Unit::Hour, 1, HourMs, "HH:mm"},
    {TickStep::Unit::Hour, 6, 6 * HourMs, "d MMM HH:mm"},
    {TickStep::Unit::Day, 1, DayMs, "d MMM"},
    {TickStep::Unit::Day, 7, 7 * DayMs, "d MMM"},
    {TickStep::Unit::Month, 1, 30 * DayMs, "MMM yyyy"},
    {TickStep::Unit::Month, 3, 91 * DayMs, "MMM yyyy"},
    {TickStep::Unit::Year, 1, 365 * DayMs, "yyyy"},
    {TickStep::Unit::Year, 2, 2 * 365 * DayMs, "yyyy"},
    {TickStep::Unit::Year, 5, 5 * 365 * DayMs, "yyyy"},
    {TickStep::Unit::Year, 10, 10 * 365 * DayMs, "yyyy"},
    {TickStep::Unit::Year, 25, 25 * 365 * DayMs, "yyyy"},
    {TickStep::Unit::Year, 100, 100 * 365 * DayMs, "yyyy"},
};

/** The first tick at or before @p from, on a whole unit of @p step (local time). */
QDateTime firstTick(const QDateTime& from, const TickStep& step)
{
    const QDate d = from.date();
    switch (step.unit) {
    case TickStep::Unit::Hour:
        return QDateTime(d, QTime(from.time().hour() / step.count * step.count, 0));
    case TickStep::Unit::Day:
        return QDateTime(d, QTime(0, 0));
    case TickStep::Unit::Month:
        return QDateTime(QDate(d.year(), (d.month() - 1) / step.count * step.count + 1, 1), QTime(0, 0));
    case TickStep::Unit::Year:
        return QDateTime(QDate(d.year() / step.count * step.count, 1, 1), QTime(0, 0));
    }
    return from;
}

QDateTime nextTick(const QDateTime& tick, const TickStep& step)
{
    switch (step.unit) {
    case TickStep::Unit::Hour:
        return tick.addSecs(qint64(step.count) * 3600);
    case TickStep::Unit::Day:
        return tick.addDays(step.count);
    case TickStep::Unit::Month:
        return tick.addMonths(step.count);
    case TickStep::Unit::Year:
        return tick.addYears(step.count);
    }
    return tick;
}

} // namespace

TimeSlider::TimeSlider(QWidget* parent)
    : QWidget(parent)
    , m_eventTimes(std::make_shared<std::vector<qint64>>())
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(tr("Time"));
    setAccessibleDescription(tr("The moment the customer table shows. Drag, or use the arrow keys to step from event to event."));
    TimeSliderAccessible::install();
}

QSize TimeSlider::sizeHint() const
{
    return {600, minimumSizeHint().height()};
}

QSize TimeSlider::minimumSizeHint() const
{
    const QFontMetrics small(axisFont(font()));
    return {160, TopMargin + 30 + KnobRadius * 2 + small.height() + 4};
}

QRect TimeSlider::trackRect() const
{
    const QFontMetrics small(axisFont(font()));
    const int centerY = height() - small.height() - 4 - KnobRadius;
    return {SideMargin, centerY - TrackThickness / 2, std::max(1, width() - 2 * SideMargin), TrackThickness};
}

QRect TimeSlider::histogramRect() const
{
    const QRect track = trackRect();
    return {track.left(), TopMargin, track.width(), std::max(1, track.top() - 2 - TopMargin)};
}

int TimeSlider::trackWidth() const
{
    return trackRect().width();
}

void TimeSlider::setRange(qint64 minimumMs, qint64 maximumMs)
{
    maximumMs = std::max(minimumMs, maximumMs);
    if (minimumMs == m_minimum && maximumMs == m_maximum)
        return;
    m_minimum = minimumMs;
    m_maximum = maximumMs;
    const qint64 clamped = std::clamp(m_value, m_minimum, m_maximum);
    if (clamped != m_value) {
        m_value = clamped;
        emit valueChanged(m_value);
    }
    updateDescription();
    update();
}

void TimeSlider::setValue(qint64 ms)
{
    ms = std::clamp(ms, m_minimum, m_maximum);
    if (ms == m_value)
        return;
    m_value = ms;
    updateDescription();
    update();
    emit valueChanged(m_value);
}

void TimeSlider::setHistogram(const QList<qint64>& counts)
{
    m_histogram = counts;
    m_histogramBefore = QPixmap();
    update();
}

void TimeSlider::setEventTimes(std::shared_ptr<const std::vector<qint64>> times)
{
    m_eventTimes = times ? std::move(times) : std::make_shared<std::vector<qint64>>();
}

void TimeSlider::setMarks(const QList<Mark>& marks)
{
    m_marks = marks;
    std::sort(m_marks.begin(), m_marks.end(), [](const Mark& a, const Mark& b) { return a.ms < b.ms; });
    update();
}

void TimeSlider::setBusyText(const QString& text, int percent)
{
    if (text == m_busyText && percent == m_busyPercent)
        return;
    m_busyText = text;
    m_busyPercent = percent;
    update();
}

qint64 TimeSlider::timeAt(int x) const
{
    const QRect track = trackRect();
    if (m_maximum <= m_minimum || track.width() <= 1)
        return m_maximum;
    const double fraction = std::clamp(double(x - track.left()) / double(track.width() - 1), 0.0, 1.0);
    return m_minimum + qint64(std::llround(fraction * double(m_maximum - m_minimum)));
}

int TimeSlider::positionOf(qint64 ms) const
{
    const QRect track = trackRect();
    if (m_maximum <= m_minimum)
        return track.right();
    const double fraction = double(std::clamp(ms, m_minimum, m_maximum) - m_minimum) / double(m_maximum - m_minimum);
    return track.left() + int(std::lround(fraction * double(track.width() - 1)));
}

std::optional<qint64> TimeSlider::nextEventAfter(qint64 ms) const
{
    const auto it = std::upper_bound(m_eventTimes->cbegin(), m_eventTimes->cend(), ms);
    return it == m_eventTimes->cend() ? std::nullopt : std::optional(*it);
}

std::optional<qint64> TimeSlider::previousEventBefore(qint64 ms) const
{
    const auto it = std::lower_bound(m_eventTimes->cbegin(), m_eventTimes->cend(), ms);
    return it == m_eventTimes->cbegin() ? std::nullopt : std::optional(*(it - 1));
}

std::optional<qint64> TimeSlider::nextMarkAfter(qint64 ms) const
{
    for (const Mark& mark : m_marks) {
        if (mark.ms > ms)
            return mark.ms;
    }
    return std::nullopt;
}

std::optional<qint64> TimeSlider::previousMarkBefore(qint64 ms) const
{
    for (auto it = m_marks.crbegin(); it != m_marks.crend(); ++it) {
        if (it->ms < ms)
            return it->ms;
    }
    return std::nullopt;
}

bool TimeSlider::stepEvent(int direction)
{
    const std::optional<qint64> to = direction > 0 ? nextEventAfter(m_value) : previousEventBefore(m_value);
    if (!to)
        return false;
    requestTime(*to);
    return true;
}

bool TimeSlider::stepMark(int direction)
{
    const std::optional<qint64> to = direction > 0 ? nextMarkAfter(m_value) : previousMarkBefore(m_value);
    if (!to)
        return false;
    requestTime(*to);
    return true;
}

void TimeSlider::requestTime(qint64 ms)
{
    setValue(ms);
    emit timeRequested(m_value);
}

QString TimeSlider::localTimeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString TimeSlider::describe(qint64 ms) const
{
    if (ms >= m_maximum)
        return tr("Now (latest event %1)").arg(localTimeText(m_maximum));
    return tr("As of %1").arg(localTimeText(ms));
}

void TimeSlider::updateDescription()
{
    if (QAccessible::isActive()) {
        QAccessibleValueChangeEvent event(this, double(m_value));
        QAccessible::updateAccessibility(&event);
    }
}

std::optional<TimeSlider::Mark> TimeSlider::markNear(int x) const
{
    std::optional<Mark> best;
    int bestDistance = SnapPixels + 1;
    for (const Mark& mark : m_marks) {
        const int distance = std::abs(positionOf(mark.ms) - x);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = mark;
        }
    }
    return best;
}

// ---- painting ----------------------------------------------------------------------------------------------

void TimeSlider::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    const QRect track = trackRect();

    if (!m_busyText.isEmpty()) {
        painter.setPen(Qt::NoPen);
        painter.setBrush(pal.color(QPalette::Disabled, QPalette::Mid));
        painter.drawRoundedRect(track, 2, 2);
        if (m_busyPercent >= 0) {
            QRect done = track;
            done.setWidth(track.width() * std::clamp(m_busyPercent, 0, 100) / 100);
            painter.setBrush(pal.color(QPalette::Active, QPalette::Highlight)); // the slider is off, the progress is not
            painter.drawRoundedRect(done, 2, 2);
        }
        painter.setPen(pal.color(QPalette::Disabled, QPalette::Text));
        painter.drawText(histogramRect(), Qt::AlignCenter, m_busyText);
        return;
    }

    paintHistogram(painter);
    // The track: the past up to the handle in the highlight colour, what comes after it quiet.
    const int handleX = positionOf(m_value);
    painter.setPen(Qt::NoPen);
    painter.setBrush(pal.color(QPalette::Mid));
    painter.drawRoundedRect(track, 2, 2);
    painter.setBrush(isEnabled() ? pal.color(QPalette::Highlight) : pal.color(QPalette::Disabled, QPalette::Mid));
    painter.drawRoundedRect(QRect(track.left(), track.top(), handleX - track.left() + 1, track.height()), 2, 2);
    paintAxis(painter);
    paintMarks(painter);

    if (m_hoverX >= 0 && !m_dragging && isEnabled()) {
        QColor hover = pal.color(QPalette::Text);
        hover.setAlpha(70);
        painter.setPen(QPen(hover, 1, Qt::DashLine));
        painter.drawLine(QPointF(m_hoverX + 0.5, TopMargin), QPointF(m_hoverX + 0.5, track.bottom() + KnobRadius));
    }
    paintHandle(painter);
}

void TimeSlider::paintHistogram(QPainter& painter)
{
    if (m_histogram.isEmpty())
        return;
    const QRect area = histogramRect();
    const qreal ratio = devicePixelRatioF();
    if (m_histogramBefore.isNull() || m_histogramBefore.deviceIndependentSize() != QSizeF(area.size())
        || !qFuzzyCompare(m_histogramBefore.devicePixelRatio(), ratio)) {
        const QPalette& pal = palette();
        QColor before = isEnabled() ? pal.color(QPalette::Highlight) : pal.color(QPalette::Disabled, QPalette::Mid);
        before.setAlpha(150);
        QColor after = pal.color(QPalette::Text);
        after.setAlpha(55);
        m_histogramBefore = renderHistogram(before);
        m_histogramAfter = renderHistogram(after);
    }
    // Up to the handle the past, after it what is yet to come.
    const int split = std::clamp(positionOf(m_value) + 1 - area.left(), 0, area.width());
    const int ratioSplit = int(std::lround(split * ratio));
    painter.drawPixmap(QRectF(area.left(), area.top(), split, area.height()), m_histogramBefore,
                       QRectF(0, 0, ratioSplit, m_histogramBefore.height()));
    painter.drawPixmap(QRectF(area.left() + split, area.top(), area.width() - split, area.height()), m_histogramAfter,
                       QRectF(ratioSplit, 0, m_histogramAfter.width() - ratioSplit, m_histogramAfter.height()));
}

QPixmap TimeSlider::renderHistogram(const QColor& color) const
{
    const QRect area = histogramRect();
    const qreal ratio = devicePixelRatioF();
    QPixmap pixmap(QSize(int(std::ceil(area.width() * ratio)), int(std::ceil(area.height() * ratio))));
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    const qint64 peak = *std::max_element(m_histogram.cbegin(), m_histogram.cend());
    if (peak <= 0)
        return pixmap;
    QPainter painter(&pixmap);
    const qsizetype buckets = m_histogram.size();
    const double width = double(area.width()) / double(buckets);
    // Square root: a quiet year next to a busy one still shows.
    const double scale = double(area.height()) / std::sqrt(double(peak));
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    for (qsizetype i = 0; i < buckets; ++i) {
        const qint64 count = m_histogram.at(i);
        if (count <= 0)
            continue;
        const double x = double(i) * width;
        const double h = std::max(1.0, std::sqrt(double(count)) * scale);
        // At least two pixels wide: a lone event in a quiet decade must still show.
        painter.drawRect(QRectF(x, area.height() - h, std::max(width, 2.0), h));
    }
    return pixmap;
}

void TimeSlider::paintAxis(QPainter& painter) const
{
    if (m_maximum <= m_minimum)
        return;
    const QRect track = trackRect();
    const QFont font = axisFont(this->font());
    const QFontMetrics fm(font);
    const double pixelsPerMs = double(track.width()) / double(m_maximum - m_minimum);
    const int labelWidth = fm.horizontalAdvance(QStringLiteral("28 Sep 00:00")) + 12;
    const TickStep* step = &TickSteps[std::size(TickSteps) - 1];
    for (const TickStep& candidate : TickSteps) {
        if (double(candidate.approxMs) * pixelsPerMs >= labelWidth) {
            step = &candidate;
            break;
        }
    }
    painter.setFont(font);
    QColor tickColor = palette().color(QPalette::Text);
    tickColor.setAlpha(110);
    const int labelTop = track.bottom() + KnobRadius - 1;
    const QString format = QString::fromLatin1(step->format);
    int lastRight = -1000;
    int drawn = 0;
    for (QDateTime tick = firstTick(QDateTime::fromMSecsSinceEpoch(m_minimum).toLocalTime(), *step);
         tick.toMSecsSinceEpoch() <= m_maximum && drawn < 500; tick = nextTick(tick, *step)) {
        const qint64 ms = tick.toMSecsSinceEpoch();
        if (ms < m_minimum)
            continue;
        const int x = positionOf(ms);
        painter.setPen(tickColor);
        painter.drawLine(x, track.bottom() + 2, x, track.bottom() + 4);
        const QString label = tick.toString(format);
        const int w = fm.horizontalAdvance(label);
        const int left = std::clamp(x - w / 2, 0, width() - w);
        if (left > lastRight + 6) {
            painter.drawText(QRect(left, labelTop, w, fm.height()), Qt::AlignCenter, label);
            lastRight = left + w;
        }
        ++drawn;
    }
}

void TimeSlider::paintMarks(QPainter& painter) const
{
    const QRect track = trackRect();
    const double y = track.center().y() + 0.5;
    for (const Mark& mark : m_marks) {
        const double x = positionOf(mark.ms) + 0.5;
        QPainterPath diamond;
        diamond.moveTo(x, y - MarkRadius - 1);
        diamond.lineTo(x + MarkRadius, y);
        diamond.lineTo(x, y + MarkRadius + 1);
        diamond.lineTo(x - MarkRadius, y);
        diamond.closeSubpath();
        QColor color = TimelineDelegate::typeColor(mark.type);
        if (mark.ms > m_value)
            color.setAlpha(110); // not happened yet at the moment shown
        painter.setPen(QPen(palette().color(QPalette::Base), 1));
        painter.setBrush(color);
        painter.drawPath(diamond);
    }
}

void TimeSlider::paintHandle(QPainter& painter) const
{
    const QPalette& pal = palette();
    const QRect track = trackRect();
    const int x = positionOf(m_value);
    // At the right end the table is the present: the handle says so in green.
    const QColor color = !isEnabled()       ? pal.color(QPalette::Disabled, QPalette::Mid)
                         : isAtMaximum()   ? QColor(0x2e, 0x7d, 0x32)
                                           : QColor(0xc7, 0x7c, 0x02);
    painter.setPen(QPen(color, 2));
    painter.drawLine(QPointF(x + 0.5, TopMargin), QPointF(x + 0.5, track.center().y()));
    painter.setPen(QPen(pal.color(QPalette::Base), 2));
    painter.setBrush(color);
    painter.drawEllipse(QPointF(x + 0.5, track.center().y() + 0.5), KnobRadius, KnobRadius);
    if (hasFocus()) {
        painter.setPen(QPen(pal.color(QPalette::Highlight), 1.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(QPointF(x + 0.5, track.center().y() + 0.5), KnobRadius + 3, KnobRadius + 3);
    }
}

// ---- interaction ---------------------------------------------------------------------------------------------

bool TimeSlider::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        if (!m_busyText.isEmpty()) {
            QToolTip::showText(help->globalPos(), m_busyText, this);
            return true;
        }
        const int x = help->pos().x();
        QString text = describe(timeAt(x));
        if (const std::optional<Mark> mark = markNear(x))
            text = tr("%1\nSelected customer's event, %2 (click to see the table then)")
                       .arg(describe(mark->ms), localTimeText(mark->ms));
        QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void TimeSlider::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    emit trackWidthChanged(trackWidth());
}

void TimeSlider::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !m_busyText.isEmpty()) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_dragging = true;
    emit dragStarted();
    const int x = qRound(event->position().x());
    const std::optional<Mark> mark = markNear(x);
    requestTime(mark ? mark->ms : timeAt(x));
    QToolTip::showText(event->globalPosition().toPoint(), describe(m_value), this);
    event->accept();
}

void TimeSlider::mouseMoveEvent(QMouseEvent* event)
{
    const int x = qRound(event->position().x());
    if (m_dragging) {
        const std::optional<Mark> mark = markNear(x);
        requestTime(mark ? mark->ms : timeAt(x));
        QToolTip::showText(event->globalPosition().toPoint(), describe(m_value), this);
    } else if (x != m_hoverX) {
        m_hoverX = x;
        update();
    }
    event->accept();
}

void TimeSlider::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && m_dragging) {
        m_dragging = false;
        emit dragFinished();
        update();
    }
    event->accept();
}

void TimeSlider::leaveEvent(QEvent* event)
{
    m_hoverX = -1;
    update();
    QWidget::leaveEvent(event);
}

void TimeSlider::wheelEvent(QWheelEvent* event)
{
    if (!m_busyText.isEmpty() || m_maximum <= m_minimum) {
        event->ignore();
        return;
    }
    const QPoint delta = event->angleDelta();
    const int notches = (delta.y() != 0 ? delta.y() : delta.x()) / 120;
    if (notches == 0) {
        event->accept();
        return;
    }
    if (event->modifiers() & Qt::ControlModifier) {
        for (int i = 0; i < std::abs(notches); ++i)
            stepEvent(notches);
    } else {
        const qint64 step = std::max<qint64>(1, (m_maximum - m_minimum) / WheelStepsPerSpan);
        requestTime(m_value + step * notches);
    }
    event->accept();
}

void TimeSlider::keyPressEvent(QKeyEvent* event)
{
    if (!m_busyText.isEmpty()) {
        QWidget::keyPressEvent(event);
        return;
    }
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    const qint64 page = std::max<qint64>(1, (m_maximum - m_minimum) / PageStepsPerSpan);
    switch (event->key()) {
    case Qt::Key_Left:
        shift ? stepMark(-1) : stepEvent(-1);
        break;
    case Qt::Key_Right:
        shift ? stepMark(1) : stepEvent(1);
        break;
    case Qt::Key_PageUp:
        requestTime(m_value + page);
        break;
    case Qt::Key_PageDown:
        requestTime(m_value - page);
        break;
    case Qt::Key_Home:
        requestTime(m_minimum);
        break;
    case Qt::Key_End:
        requestTime(m_maximum);
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void TimeSlider::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::EnabledChange || event->type() == QEvent::PaletteChange)
        m_histogramBefore = QPixmap(); // drawn again in the new colours
    QWidget::changeEvent(event);
}

void TimeSlider::focusInEvent(QFocusEvent* event)
{
    QWidget::focusInEvent(event);
    update();
}

void TimeSlider::focusOutEvent(QFocusEvent* event)
{
    QWidget::focusOutEvent(event);
    update();
}

} // namespace hindsight
