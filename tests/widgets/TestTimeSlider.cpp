#include "Event.h"
#include "TimeSlider.h"

#include <QAccessible>
#include <QAccessibleValueInterface>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QWheelEvent>

using namespace hindsight;

namespace {

constexpr qint64 First = 1000000;
constexpr qint64 Last = 2000000;

} // namespace

/** The time slider alone: how positions map to moments and what a person's moves announce. */
class TestTimeSlider : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TimeSlider> m_slider;

    int y() const { return m_slider->height() / 2; }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_slider = std::make_unique<TimeSlider>();
        m_slider->resize(520, m_slider->sizeHint().height());
        m_slider->setRange(First, Last);
        m_slider->setValue(Last);
        m_slider->setEventTimes(std::make_shared<std::vector<qint64>>(std::vector<qint64>{First, 1200000, 1500000, 1500500, Last}));
        m_slider->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_slider.get()));
    }

    void cleanup() { m_slider.reset(); }

    void shouldSpanTheTrackFromTheFirstToTheLastEvent()
    {
        const int left = m_slider->positionOf(First);
        const int right = m_slider->positionOf(Last);
        QVERIFY(left < right);
        QCOMPARE(right - left + 1, m_slider->trackWidth());
        QCOMPARE(m_slider->timeAt(left), First);
        QCOMPARE(m_slider->timeAt(right), Last);
        // Beyond the ends it stays at them; in between time grows with x.
        QCOMPARE(m_slider->timeAt(0), First);
        QCOMPARE(m_slider->timeAt(m_slider->width()), Last);
        qint64 previous = First;
        for (int x = left; x <= right; x += 7) {
            QVERIFY(m_slider->timeAt(x) >= previous);
            previous = m_slider->timeAt(x);
            QVERIFY(std::abs(m_slider->positionOf(m_slider->timeAt(x)) - x) <= 1);
        }
        QVERIFY(m_slider->isAtMaximum());
    }

    void shouldClampTheHandleToTheRangeAndAnnounceNothingWhenSet()
    {
        QSignalSpy requested(m_slider.get(), &TimeSlider::timeRequested);
        m_slider->setValue(First - 5);
        QCOMPARE(m_slider->value(), First);
        m_slider->setValue(Last + 5);
        QCOMPARE(m_slider->value(), Last);
        QCOMPARE(requested.count(), 0);
        // A range that grows keeps the moment; one that shrinks past it pulls it in.
        m_slider->setValue(1500000);
        m_slider->setRange(First, Last * 2);
        QCOMPARE(m_slider->value(), 1500000);
        m_slider->setRange(First, 1400000);
        QCOMPARE(m_slider->value(), 1400000);
    }

    void shouldAnnounceAClickAndADragAsThePersonMoves()
    {
        QSignalSpy requested(m_slider.get(), &TimeSlider::timeRequested);
        QSignalSpy finished(m_slider.get(), &TimeSlider::dragFinished);
        const int x1 = m_slider->positionOf(1250000);
        const int x2 = m_slider->positionOf(1750000);
        // WHEN pressed at x1, dragged to x2 and released
        QTest::mousePress(m_slider.get(), Qt::LeftButton, {}, QPoint(x1, y()));
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.last().first().toLongLong(), m_slider->timeAt(x1));
        QMouseEvent move(QEvent::MouseMove, QPointF(x2, y()), m_slider->mapToGlobal(QPointF(x2, y())), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(m_slider.get(), &move);
        QTest::mouseRelease(m_slider.get(), Qt::LeftButton, {}, QPoint(x2, y()));
        // THEN each move was announced, the handle is where the mouse let go
        QCOMPARE(requested.count(), 2);
        QCOMPARE(requested.last().first().toLongLong(), m_slider->timeAt(x2));
        QCOMPARE(m_slider->value(), m_slider->timeAt(x2));
        QCOMPARE(finished.count(), 1);
        QVERIFY(!m_slider->isAtMaximum());
    }

    void shouldLandExactlyOnAMarkDroppedNearIt()
    {
        m_slider->setMarks({{1333333, int(EventType::Created)}, {1666666, int(EventType::Updated)}});
        QSignalSpy requested(m_slider.get(), &TimeSlider::timeRequested);
        const int x = m_slider->positionOf(1666666) + 2;
        QTest::mouseClick(m_slider.get(), Qt::LeftButton, {}, QPoint(x, y()));
        QCOMPARE(requested.last().first().toLongLong(), 1666666);
        QCOMPARE(m_slider->value(), 1666666);
    }

    void shouldStepFromEventToEventWithTheArrowKeys()
    {
        QSignalSpy requested(m_slider.get(), &TimeSlider::timeRequested);
        m_slider->setValue(1300000); // between events
        QTest::keyClick(m_slider.get(), Qt::Key_Left);
        QCOMPARE(m_slider->value(), 1200000);
        QTest::keyClick(m_slider.get(), Qt::Key_Left);
        QCOMPARE(m_slider->value(), First);
        QTest::keyClick(m_slider.get(), Qt::Key_Left); // nothing before the first event
        QCOMPARE(m_slider->value(), First);
        QTest::keyClick(m_slider.get(), Qt::Key_Right);
        QTest::keyClick(m_slider.get(), Qt::Key_Right);
        QTest::keyClick(m_slider.get(), Qt::Key_Right);
        QCOMPARE(m_slider->value(), 1500500);
        QCOMPARE(requested.count(), 5);
        QTest::keyClick(m_slider.get(), Qt::Key_End);
        QVERIFY(m_slider->isAtMaximum());
        QTest::keyClick(m_slider.get(), Qt::Key_Home);
        QCOMPARE(m_slider->value(), First);
        QTest::keyClick(m_slider.get(), Qt::Key_PageUp);
        QCOMPARE(m_slider->value(), First + (Last - First) / 20);
    }

    void shouldStepOverTheSelectedCustomersEventsWithShift()
    {
        m_slider->setMarks({{1666666, int(EventType::Updated)}, {1333333, int(EventType::Created)}});
        m_slider->setValue(Last);
        QTest::keyClick(m_slider.get(), Qt::Key_Left, Qt::ShiftModifier);
        QCOMPARE(m_slider->value(), 1666666);
        QTest::keyClick(m_slider.get(), Qt::Key_Left, Qt::ShiftModifier);
        QCOMPARE(m_slider->value(), 1333333);
        QVERIFY(!m_slider->stepMark(-1));
        QCOMPARE(m_slider->value(), 1333333);
        QVERIFY(m_slider->stepMark(1));
        QCOMPARE(m_slider->value(), 1666666);
    }

    void shouldMoveWithTheWheel()
    {
        m_slider->setValue(1500000);
        const QPointF at(m_slider->width() / 2.0, y());
        QWheelEvent back(at, m_slider->mapToGlobal(at), {}, QPoint(0, -240), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(m_slider.get(), &back);
        QCOMPARE(m_slider->value(), 1500000 - 2 * (Last - First) / 200);
        // With Ctrl, a notch is an event
        QWheelEvent forward(at, m_slider->mapToGlobal(at), {}, QPoint(0, 120), Qt::NoButton, Qt::ControlModifier,
                            Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(m_slider.get(), &forward);
        QCOMPARE(m_slider->value(), 1500000);
    }

    void shouldIgnoreTheMouseWhileBusy()
    {
        QSignalSpy requested(m_slider.get(), &TimeSlider::timeRequested);
        m_slider->setBusyText(QStringLiteral("Loading history… 40%"), 40);
        QTest::mouseClick(m_slider.get(), Qt::LeftButton, {}, QPoint(m_slider->positionOf(1250000), y()));
        QTest::keyClick(m_slider.get(), Qt::Key_Left);
        QCOMPARE(requested.count(), 0);
        QCOMPARE(m_slider->value(), Last);
    }

    void shouldTellAssistiveTechnologyTheMoment()
    {
        QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(m_slider.get());
        QVERIFY(accessible);
        QCOMPARE(accessible->role(), QAccessible::Slider);
        QCOMPARE(accessible->text(QAccessible::Name), QStringLiteral("Time"));
        QAccessibleValueInterface* value = accessible->valueInterface();
        QVERIFY(value);
        QCOMPARE(value->minimumValue().toDouble(), double(First));
        QCOMPARE(value->maximumValue().toDouble(), double(Last));
        QCOMPARE(accessible->text(QAccessible::Value), QStringLiteral("Now"));
        // Setting it is a person's move
        QSignalSpy requested(m_slider.get(), &TimeSlider::timeRequested);
        value->setCurrentValue(double(1500000));
        QCOMPARE(requested.count(), 1);
        QCOMPARE(value->currentValue().toDouble(), 1500000.0);
        QCOMPARE(accessible->text(QAccessible::Value), QStringLiteral("As of %1").arg(TimeSlider::localTimeText(1500000)));
    }
};

QTEST_MAIN(TestTimeSlider)
#include "TestTimeSlider.moc"
