#pragma once

#include "Clock.h"
#include "CustomerRecord.h"

#include <QDialog>

#include <memory>

class QLabel;

namespace Ui {
class CustomerDialog;
}

namespace hindsight {

/**
 * New customer / edit customer. Checks what was typed against the domain's rules and shows each problem beside
 * its field before anything is written. It writes nothing itself: submitted() asks the window to save, and the
 * window closes the dialog when the event is stored, or reports back (showFieldError, rebase) when it is not.
 */
class CustomerDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Mode { Create, Edit };

    CustomerDialog(Mode mode, const Clock& clock, QWidget* parent = nullptr);
    ~CustomerDialog() override;

    Mode mode() const { return m_mode; }
    /** Prefills the dialog with @p record and remembers its version: the version the edit expects. */
    void setRecord(const CustomerRecord& record);

    /** The id typed (Create; blank asks for a new one) or edited (Edit). */
    QString customerId() const;
    /** The attributes as typed; only meaningful after validate() returned true. */
    CustomerData customerData() const;
    /** The version the dialog was opened with (or rebased to). */
    qint64 expectedVersion() const { return m_base.version; }
    /** The customer as the dialog was opened with (or rebased to). */
    const CustomerRecord& base() const { return m_base; }

    /** Checks every field and shows the problems beside them; true when the input can be saved. */
    bool validate();
    /** Shows @p message beside @p field ("id", "firstName", "lastName", "address", "dob"), or on top. */
    void showFieldError(const QString& field, const QString& message);
    /** A message above the fields. */
    void showNotice(const QString& text);
    /**
     * The customer changed while the dialog was open: takes @p current as the new base, keeps the fields the
     * person changed, takes the other writer's values for the rest, and tells them what changed, so that saving
     * again is a decision made knowing it.
     */
    void rebase(const CustomerRecord& current, const QString& whatChanged);

signals:
    /** The input passed the checks; the window should try to save it. */
    void submitted();

private:
    void trySubmit();
    void clearErrors();
    QLabel* errorLabel(const QString& field) const;

    std::unique_ptr<Ui::CustomerDialog> m_ui;
    Mode m_mode;
    const Clock& m_clock;
    CustomerRecord m_base;
};

} // namespace hindsight
