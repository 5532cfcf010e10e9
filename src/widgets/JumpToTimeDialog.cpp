#include "JumpToTimeDialog.h"
#include "ui_JumpToTimeDialog.h"

#include "TimeSlider.h"

#include <QDateTime>
#include <QPushButton>

#include <algorithm>

namespace hindsight {

namespace {

/** @p ms cut to its second. */
qint64 wholeSecond(qint64 ms)
{
    return ms - ((ms % 1000) + 1000) % 1000;
}

} // namespace

JumpToTimeDialog::JumpToTimeDialog(QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::JumpToTimeDialog>())
{
    m_ui->setupUi(this);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("&Jump"));
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &JumpToTimeDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &JumpToTimeDialog::reject);
    connect(m_ui->momentEdit, &QDateTimeEdit::dateTimeChanged, this, [this] { m_ui->errorLabel->hide(); });
}

JumpToTimeDialog::~JumpToTimeDialog() = default;

void JumpToTimeDialog::setRange(qint64 firstMs, qint64 lastMs)
{
    m_firstMs = firstMs;
    m_lastMs = lastMs;
    m_ui->rangeLabel->setText(tr("History runs from %1 to %2 (local time).")
                                  .arg(TimeSlider::localTimeText(firstMs), TimeSlider::localTimeText(lastMs)));
}

void JumpToTimeDialog::setMoment(qint64 ms)
{
    m_ui->momentEdit->setDateTime(QDateTime::fromMSecsSinceEpoch(ms).toLocalTime());
}

qint64 JumpToTimeDialog::moment() const
{
    // The field speaks in whole seconds: "as of 08:47:30" counts what was recorded during that second too.
    const qint64 endOfSecond = wholeSecond(m_ui->momentEdit->dateTime().toMSecsSinceEpoch()) + 999;
    return m_lastMs > 0 ? std::min(endOfSecond, m_lastMs) : endOfSecond;
}

QString JumpToTimeDialog::problem() const
{
    const qint64 second = wholeSecond(m_ui->momentEdit->dateTime().toMSecsSinceEpoch());
    if (second < wholeSecond(m_firstMs) || second > wholeSecond(m_lastMs))
        return tr("Choose a moment between %1 and %2: there is no history outside it.")
            .arg(TimeSlider::localTimeText(m_firstMs), TimeSlider::localTimeText(m_lastMs));
    return {};
}

void JumpToTimeDialog::accept()
{
    const QString why = problem();
    if (!why.isEmpty()) {
        m_ui->errorLabel->setText(why);
        m_ui->errorLabel->show();
        m_ui->momentEdit->setFocus();
        return;
    }
    QDialog::accept();
}

} // namespace hindsight
