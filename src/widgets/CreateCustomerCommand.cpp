#include "CreateCustomerCommand.h"

#include "MessageBox.h"

#include <QCoreApplication>

namespace hindsight {

CreateCustomerCommand::CreateCustomerCommand(AccountService& service, QWidget* window, const Event& created, Changed changed, StoreFailed storeFailed)
    : m_service(service)
    , m_window(window)
    , m_customerId(created.customerId())
    , m_version(created.version())
    , m_changed(std::move(changed))
    , m_storeFailed(std::move(storeFailed))
{
    setText(QCoreApplication::translate("CreateCustomerCommand", "Create %1 %2")
                .arg(created.data().firstName, created.data().lastName));
}

void CreateCustomerCommand::redo()
{
    // The event was appended when the dialog was saved; this command is pushed afterwards and never redone.
}

void CreateCustomerCommand::undo()
{
    // Whatever happens, this command cannot stay: once deleted the customer cannot be created again.
    setObsolete(true);
    auto deleted = m_service.deleteCustomer(m_customerId, m_version);
    if (!deleted) {
        if (m_storeFailed && m_storeFailed(deleted.error()))
            return;
        MessageBox::warning(m_window, QCoreApplication::translate("CreateCustomerCommand", "Cannot undo"),
                            QCoreApplication::translate("CreateCustomerCommand",
                                                        "\"%1\" could not be undone: %2\nNothing was written.")
                                .arg(text(), deleted.error().message));
        return;
    }
    if (m_changed)
        m_changed(m_customerId);
}

} // namespace hindsight
