#pragma once

#include <QAccessibleWidget>

namespace hindsight {

class TimeSlider;

/**
 * What assistive technology hears of the time slider: a slider named "Time" whose value is the moment shown,
 * spoken as "As of 2022-12-01 00:00:00" or "Now", and which can be set like any slider.
 */
class TimeSliderAccessible : public QAccessibleWidget, public QAccessibleValueInterface
{
public:
    explicit TimeSliderAccessible(QWidget* widget);

    /** Makes Qt's accessibility use this class for every TimeSlider (once per process). */
    static void install();

    void* interface_cast(QAccessible::InterfaceType type) override;
    QString text(QAccessible::Text type) const override;

    QVariant currentValue() const override;
    void setCurrentValue(const QVariant& value) override;
    QVariant maximumValue() const override;
    QVariant minimumValue() const override;
    QVariant minimumStepSize() const override;

private:
    TimeSlider* slider() const;
};

} // namespace hindsight
