#pragma once

#include "AccountService.h"

#include <QUndoCommand>

#include <functional>

class QWidget;

namespace hindsight {

/**
 * A customer created from the window. The AccountCreated event is appended before the command is pushed.
 * Undo appends AccountDeleted (the log keeps both). A deleted customer cannot be created again, so once undone
 * the command leaves the stack: there is nothing left that redo could honestly do.
 */
class CreateCustomerCommand : public QUndoCommand
{
public:
    using Changed = std::function<void(const QString& customerId)>;
    /** Told of a failure of the store itself (not of a rule); returns true when it told the person. */
    using StoreFailed = std::function<bool(const Error& error)>;

    CreateCustomerCommand(AccountService& service, QWidget* window, const Event& created, Changed changed, StoreFailed storeFailed = {});

    void undo() override;
    void redo() override;

    const QString& customerId() const { return m_customerId; }

private:
    AccountService& m_service;
    QWidget* m_window;
    QString m_customerId;
    qint64 m_version;
    Changed m_changed;
    StoreFailed m_storeFailed;
};

} // namespace hindsight
