#include "CustomerDialog.h"
#include "ui_CustomerDialog.h"

#include "AccountRules.h"
#include "CustomerAggregate.h"
#include "Timestamp.h"

#include <QDateTime>
#include <QLabel>
#include <QPushButton>

namespace hindsight {

namespace {

const QString ErrorStyle = QStringLiteral("QLabel { color: #b00020; }");

} // namespace

CustomerDialog::CustomerDialog(Mode mode, const Clock& clock, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::CustomerDialog>())
    , m_mode(mode)
    , m_clock(clock)
{
    m_ui->setupUi(this);
    setMinimumWidth(480);
    for (QLabel* label : {m_ui->idError, m_ui->firstNameError, m_ui->lastNameError, m_ui->addressError, m_ui->dobError})
        label->setStyleSheet(ErrorStyle);
    m_ui->buttonBox->button(QDialogButtonBox::Save)->setDefault(true);

    if (m_mode == Mode::Create) {
        setWindowTitle(tr("New customer"));
        m_ui->introLabel->setText(tr("Saving appends an AccountCreated event."));
        m_ui->idEdit->setPlaceholderText(tr("leave blank for a new id, e.g. 100-255-8730"));
    } else {
        setWindowTitle(tr("Edit customer"));
        m_ui->idEdit->setReadOnly(true);
    }

    // The limits every entry path keeps (AccountRules): the fields take no more than can be saved.
    m_ui->idEdit->setMaxLength(int(FieldLimits::MaxIdLength));
    m_ui->firstNameEdit->setMaxLength(int(FieldLimits::MaxNameLength));
    m_ui->lastNameEdit->setMaxLength(int(FieldLimits::MaxNameLength));
    m_ui->addressEdit->setMaxLength(int(FieldLimits::MaxAddressLength));

    const std::pair<QLineEdit*, QLabel*> fields[] = {{m_ui->idEdit, m_ui->idError},
                                                      {m_ui->firstNameEdit, m_ui->firstNameError},
                                                      {m_ui->lastNameEdit, m_ui->lastNameError},
                                                      {m_ui->addressEdit, m_ui->addressError},
                                                      {m_ui->dobEdit, m_ui->dobError}};
    for (const auto& [edit, error] : fields) {
        // A problem goes away as soon as the person starts fixing it.
        connect(edit, &QLineEdit::textEdited, error, [label = error] { label->hide(); });
    }
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &CustomerDialog::trySubmit);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

CustomerDialog::~CustomerDialog() = default;

void CustomerDialog::setRecord(const CustomerRecord& record)
{
    // A customer stored before the limits may hold more than the fields take: say so rather than cut it unseen.
    if (record.customerId.size() > FieldLimits::MaxIdLength || record.data.firstName.size() > FieldLimits::MaxNameLength
        || record.data.lastName.size() > FieldLimits::MaxNameLength || record.data.address.size() > FieldLimits::MaxAddressLength) {
        showNotice(tr("This customer holds more text than a field takes (ids %1, names %2, address %3 characters); the fields "
                      "show the start of it, and saving keeps only what they show.")
                       .arg(FieldLimits::MaxIdLength)
                       .arg(FieldLimits::MaxNameLength)
                       .arg(FieldLimits::MaxAddressLength));
    }
    m_base = record;
    m_ui->idEdit->setText(record.customerId);
    m_ui->firstNameEdit->setText(record.data.firstName);
    m_ui->lastNameEdit->setText(record.data.lastName);
    m_ui->addressEdit->setText(record.data.address);
    m_ui->dobEdit->setText(Timestamp::formatDate(record.data.dateOfBirth));
    if (m_mode == Mode::Edit) {
        m_ui->introLabel->setText(tr("Editing version %1 of customer %2. Saving appends an AccountUpdated event with the "
                                     "full new state; the history keeps every earlier state.")
                                      .arg(record.version)
                                      .arg(record.customerId));
    }
}

QString CustomerDialog::customerId() const
{
    return m_ui->idEdit->text().trimmed();
}

CustomerData CustomerDialog::customerData() const
{
    CustomerData typed;
    typed.firstName = m_ui->firstNameEdit->text().trimmed();
    typed.lastName = m_ui->lastNameEdit->text().trimmed();
    typed.address = m_ui->addressEdit->text().trimmed();
    auto dob = Timestamp::parseDate(m_ui->dobEdit->text().trimmed());
    typed.dateOfBirth = dob ? *dob : QDate();
    return typed;
}

QLabel* CustomerDialog::errorLabel(const QString& field) const
{
    if (field == QLatin1String("id"))
        return m_ui->idError;
    if (field == QLatin1String("firstName"))
        return m_ui->firstNameError;
    if (field == QLatin1String("lastName"))
        return m_ui->lastNameError;
    if (field == QLatin1String("address"))
        return m_ui->addressError;
    if (field == QLatin1String("dob"))
        return m_ui->dobError;
    return nullptr;
}

void CustomerDialog::clearErrors()
{
    for (QLabel* label : {m_ui->idError, m_ui->firstNameError, m_ui->lastNameError, m_ui->addressError, m_ui->dobError})
        label->hide();
}

void CustomerDialog::showFieldError(const QString& field, const QString& message)
{
    if (QLabel* label = errorLabel(field)) {
        label->setText(message);
        label->show();
    } else {
        showNotice(message);
    }
}

void CustomerDialog::showNotice(const QString& text)
{
    m_ui->noticeLabel->setText(text);
    m_ui->noticeLabel->setVisible(!text.isEmpty());
}

bool CustomerDialog::validate()
{
    clearErrors();
    showNotice({});
    bool ok = true;

    if (m_mode == Mode::Create && !customerId().isEmpty()) {
        if (auto r = CustomerAggregate::validateCustomerId(customerId()); !r) {
            showFieldError(QStringLiteral("id"), r.error().message);
            ok = false;
        }
    }

    const QString dobText = m_ui->dobEdit->text().trimmed();
    CustomerData checked = customerData();
    if (!dobText.isEmpty() && !Timestamp::parseDate(dobText)) {
        showFieldError(QStringLiteral("dob"), tr("Date of birth must be a date like 1966-04-12."));
        ok = false;
        checked.dateOfBirth = QDate(2000, 1, 1); // reported already; let the other fields be checked
    }

    // The domain reports one problem at a time; stand in a valid value for each field at fault to find the next,
    // so every problem shows at once, each in the domain's own words.
    const QDate today = QDateTime::fromMSecsSinceEpoch(m_clock.nowMs(), Qt::UTC).date();
    for (int attempt = 0; attempt < 5; ++attempt) {
        auto r = CustomerAggregate::validate(checked, today);
        if (r)
            break;
        ok = false;
        const QString field = r.error().field;
        showFieldError(field, r.error().message);
        if (field == QLatin1String("firstName"))
            checked.firstName = QStringLiteral("x");
        else if (field == QLatin1String("lastName"))
            checked.lastName = QStringLiteral("x");
        else if (field == QLatin1String("address"))
            checked.address.clear();
        else if (field == QLatin1String("dob"))
            checked.dateOfBirth = today.addYears(-1);
        else
            break;
    }
    if (!ok)
        return false;

    if (m_mode == Mode::Edit && customerData() == m_base.data) {
        showNotice(tr("Nothing changed. Change a field to save a new version, or cancel."));
        return false;
    }
    return true;
}

void CustomerDialog::rebase(const CustomerRecord& current, const QString& whatChanged)
{
    // A field the person left alone takes the other writer's value; a field they edited keeps theirs.
    const CustomerData typed = customerData();
    const CustomerData& old = m_base.data;
    if (typed.firstName == old.firstName)
        m_ui->firstNameEdit->setText(current.data.firstName);
    if (typed.lastName == old.lastName)
        m_ui->lastNameEdit->setText(current.data.lastName);
    if (typed.address == old.address)
        m_ui->addressEdit->setText(current.data.address);
    if (typed.dateOfBirth == old.dateOfBirth)
        m_ui->dobEdit->setText(Timestamp::formatDate(current.data.dateOfBirth));
    m_base = current;
    m_ui->introLabel->setText(tr("Editing version %1 of customer %2. Saving appends an AccountUpdated event with the "
                                 "full new state; the history keeps every earlier state.")
                                  .arg(current.version)
                                  .arg(current.customerId));
    showNotice(tr("Someone else changed this customer while the dialog was open, so nothing was saved.\n%1\n"
                  "The fields you changed keep your values; the others now show theirs. Save again to apply your changes on "
                  "top of version %2, or cancel.")
                   .arg(whatChanged)
                   .arg(current.version));
}

void CustomerDialog::trySubmit()
{
    if (validate())
        emit submitted();
}

} // namespace hindsight
