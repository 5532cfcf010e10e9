#include "TimeSliderAccessible.h"

#include "TimeSlider.h"

namespace hindsight {

namespace {

QAccessibleInterface* makeAccessible(const QString& className, QObject* object)
{
    if (className == QLatin1String(TimeSlider::staticMetaObject.className()) && object && object->isWidgetType())
        return new TimeSliderAccessible(static_cast<QWidget*>(object));
    return nullptr;
}

} // namespace

TimeSliderAccessible::TimeSliderAccessible(QWidget* widget)
    : QAccessibleWidget(widget, QAccessible::Slider)
{
}

void TimeSliderAccessible::install()
{
    static const bool installed = [] {
        QAccessible::installFactory(makeAccessible);
        return true;
    }();
    Q_UNUSED(installed);
}

TimeSlider* TimeSliderAccessible::slider() const
{
    return static_cast<TimeSlider*>(widget());
}

void* TimeSliderAccessible::interface_cast(QAccessible::InterfaceType type)
{
    if (type == QAccessible::ValueInterface)
        return static_cast<QAccessibleValueInterface*>(this);
    return QAccessibleWidget::interface_cast(type);
}

QString TimeSliderAccessible::text(QAccessible::Text type) const
{
    if (type == QAccessible::Value) {
        const TimeSlider* s = slider();
        return s->isAtMaximum() ? TimeSlider::tr("Now") : TimeSlider::tr("As of %1").arg(TimeSlider::localTimeText(s->value()));
    }
    return QAccessibleWidget::text(type);
}

QVariant TimeSliderAccessible::currentValue() const
{
    return double(slider()->value());
}

void TimeSliderAccessible::setCurrentValue(const QVariant& value)
{
    bool ok = false;
    const double ms = value.toDouble(&ok);
    if (ok)
        slider()->requestTime(qint64(ms));
}

QVariant TimeSliderAccessible::maximumValue() const
{
    return double(slider()->maximum());
}

QVariant TimeSliderAccessible::minimumValue() const
{
    return double(slider()->minimum());
}

QVariant TimeSliderAccessible::minimumStepSize() const
{
    return 1000.0; // a second: finer steps are for the keys, which go from event to event
}

} // namespace hindsight
