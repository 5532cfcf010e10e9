#pragma once

#include "AccountService.h"

#include <QUndoCommand>

#include <functional>

class QWidget;

namespace hindsight {

/**
 * An edit made from the window. The AccountUpdated event is appended before the command is pushed. Undo appends
 * another AccountUpdated that puts the previous attributes back; redo appends the edited ones again. Each
 * append expects the version the previous one left, so a change made meanwhile by someone else is never
 * overwritten: the step is refused, reported, and dropped from the stack.
 */
class UpdateCustomerCommand : public QUndoCommand
{
public:
    using Changed = std::function<void(const QString& customerId)>;
    /** Told of a failure of the store itself (not of a rule); returns true when it told the person. */
    using StoreFailed = std::function<bool(const Error& error)>;

    UpdateCustomerCommand(AccountService& service, QWidget* window, const CustomerData& before, const Event& updated,
                          Changed changed, StoreFailed storeFailed = {});

    void undo() override;
    void redo() override;

    const QString& customerId() const { return m_customerId; }

private:
    void apply(const CustomerData& data, const QString& action);

    AccountService& m_service;
    QWidget* m_window;
    QString m_customerId;
    CustomerData m_before;
    CustomerData m_after;
    qint64 m_version;
    bool m_appended = true;
    Changed m_changed;
    StoreFailed m_storeFailed;
};

} // namespace hindsight
