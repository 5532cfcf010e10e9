#pragma once

#include <QList>
#include <QPixmap>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

namespace hindsight {

/**
 * The slider that picks the moment the window shows: a track from the first to the last event of the store,
 * the density of events drawn along it (busy periods stand out), marks for the selected customer's events and a
 * handle. The right end is the latest event: the present.
 *
 * Mouse: press anywhere on the track to jump there and drag; the wheel moves 1/200 of the span per notch (with
 * Ctrl, one event). Keys when focused: Left/Right previous/next event of the store, Shift+Left/Right of the
 * selected customer, Page Up/Down 1/20 of the span, Home/End first event/present.
 *
 * setValue() only moves the handle; what a person does is announced by timeRequested(), and the owner decides.
 */
class TimeSlider : public QWidget
{
    Q_OBJECT

public:
    /** One of the selected customer's events. */
    struct Mark {
        qint64 ms = 0;
        int type = 0; ///< EventType, for its colour
    };

    explicit TimeSlider(QWidget* parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    void setRange(qint64 minimumMs, qint64 maximumMs);
    qint64 minimum() const { return m_minimum; }
    qint64 maximum() const { return m_maximum; }
    /** Moves the handle (clamped to the range); announces nothing. */
    void setValue(qint64 ms);
    qint64 value() const { return m_value; }
    bool isAtMaximum() const { return m_value >= m_maximum; }

    /** Events per bucket over the range, drawn as bars; buckets are best one per pixel (trackWidth()). */
    void setHistogram(const QList<qint64>& counts);
    /** Distinct event times of the store, ascending: what event steps stop at. */
    void setEventTimes(std::shared_ptr<const std::vector<qint64>> times);
    /** The selected customer's events (any order). */
    void setMarks(const QList<Mark>& marks);
    const QList<Mark>& marks() const { return m_marks; }
    /** While @p text is not empty the slider is drawn as busy with it (and @p percent, when 0-100). */
    void setBusyText(const QString& text, int percent = -1);

    /** Width of the track in pixels: the histogram's best bucket count. */
    int trackWidth() const;
    /** The time under x (widget coordinates), clamped to the range. */
    qint64 timeAt(int x) const;
    /** The x (widget coordinates) of @p ms. */
    int positionOf(qint64 ms) const;

    std::optional<qint64> nextEventAfter(qint64 ms) const;
    std::optional<qint64> previousEventBefore(qint64 ms) const;
    std::optional<qint64> nextMarkAfter(qint64 ms) const;
    std::optional<qint64> previousMarkBefore(qint64 ms) const;

    /** As a person would: moves to the next (@p direction > 0) or previous event of the store; false at an end. */
    bool stepEvent(int direction);
    /** The same over the selected customer's events. */
    bool stepMark(int direction);
    /** Moves to @p ms (clamped) and announces it, as a person's move. */
    void requestTime(qint64 ms);

    /** "2022-12-01 00:00:00" in local time, the format the slider speaks in. */
    static QString localTimeText(qint64 ms);

signals:
    /** A person moved the handle to @p ms (drag, click, wheel, keys, step). */
    void timeRequested(qint64 ms);
    void valueChanged(qint64 ms);
    /** The track's width changed (resize): the histogram is best recomputed with that many buckets. */
    void trackWidthChanged(int pixels);
    void dragStarted();
    void dragFinished();

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    QRect trackRect() const;
    QRect histogramRect() const;
    void paintHistogram(QPainter& painter);
    QPixmap renderHistogram(const QColor& color) const;
    void paintAxis(QPainter& painter) const;
    void paintMarks(QPainter& painter) const;
    void paintHandle(QPainter& painter) const;
    QString describe(qint64 ms) const;
    std::optional<Mark> markNear(int x) const;
    void updateDescription();

    qint64 m_minimum = 0;
    qint64 m_maximum = 0;
    qint64 m_value = 0;
    QList<qint64> m_histogram;
    // The histogram drawn once in the past's colour and once in the future's; a frame copies the two halves.
    QPixmap m_histogramBefore;
    QPixmap m_histogramAfter;
    std::shared_ptr<const std::vector<qint64>> m_eventTimes;
    QList<Mark> m_marks; // sorted by time
    QString m_busyText;
    int m_busyPercent = -1;
    bool m_dragging = false;
    int m_hoverX = -1;
};

} // namespace hindsight
