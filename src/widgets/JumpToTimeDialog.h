#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class JumpToTimeDialog;
}

namespace hindsight {

/**
 * Asks for a moment to show, in local time to the second, and refuses (beside the field) one outside the
 * history: before the second of the first event or after the second of the last one. A typed second counts the
 * events recorded during it.
 */
class JumpToTimeDialog : public QDialog
{
    Q_OBJECT

public:
    explicit JumpToTimeDialog(QWidget* parent = nullptr);
    ~JumpToTimeDialog() override;

    /** The history's span, ms since the epoch. */
    void setRange(qint64 firstMs, qint64 lastMs);
    /** The moment the field starts with. */
    void setMoment(qint64 ms);
    /** The moment typed, ms since the epoch: the end of the second typed (at most the last event). */
    qint64 moment() const;

    /** Accepts only a moment within the range; otherwise says why beside the field and stays open. */
    void accept() override;

    /** The problem with the moment typed, or empty when it can be shown. */
    QString problem() const;

private:
    std::unique_ptr<Ui::JumpToTimeDialog> m_ui;
    qint64 m_firstMs = 0;
    qint64 m_lastMs = 0;
};

} // namespace hindsight
