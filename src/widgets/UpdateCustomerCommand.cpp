#include "UpdateCustomerCommand.h"

#include "MessageBox.h"

#include <QCoreApplication>

namespace hindsight {

UpdateCustomerCommand::UpdateCustomerCommand(AccountService& service, QWidget* window, const CustomerData& before,
                                             const Event& updated, Changed changed, StoreFailed storeFailed)
    : m_service(service)
    , m_window(window)
    , m_customerId(updated.customerId())
    , m_before(before)
    , m_after(updated.data())
    , m_version(updated.version())
    , m_changed(std::move(changed))
    , m_storeFailed(std::move(storeFailed))
{
    setText(QCoreApplication::translate("UpdateCustomerCommand", "Edit %1 %2").arg(updated.data().firstName, updated.data().lastName));
}

void UpdateCustomerCommand::redo()
{
    if (m_appended) {
        m_appended = false; // the first redo is the push: the event is stored already
        return;
    }
    apply(m_after, QCoreApplication::translate("UpdateCustomerCommand", "redone"));
}

void UpdateCustomerCommand::undo()
{
    apply(m_before, QCoreApplication::translate("UpdateCustomerCommand", "undone"));
}

void UpdateCustomerCommand::apply(const CustomerData& data, const QString& action)
{
    auto updated = m_service.updateCustomer(m_customerId, data, m_version);
    if (!updated) {
        setObsolete(true);
        if (m_storeFailed && m_storeFailed(updated.error()))
            return;
        MessageBox::warning(m_window, QCoreApplication::translate("UpdateCustomerCommand", "Cannot change customer"),
                            QCoreApplication::translate("UpdateCustomerCommand",
                                                        "\"%1\" could not be %2: %3\nNothing was written; the step is "
                                                        "removed from the undo history.")
                                .arg(text(), action, updated.error().message));
        return;
    }
    m_version = updated->version();
    if (m_changed)
        m_changed(m_customerId);
}

} // namespace hindsight
