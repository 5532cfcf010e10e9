#include "DeleteCommand.h"

#include "AccountService.h"

namespace hindsight {

QString DeleteCommand::name() const
{
    return QStringLiteral("delete");
}

QString DeleteCommand::summary() const
{
    return QStringLiteral("Delete a customer (the history stays); prints the new event's id and version.");
}

QString DeleteCommand::arguments() const
{
    return QStringLiteral("CUSTOMER_ID");
}

void DeleteCommand::addOptions(QCommandLineParser& parser) const
{
    parser.addPositionalArgument(QStringLiteral("CUSTOMER_ID"), QStringLiteral("The customer to delete."));
    parser.addOption(expectedVersionOption());
}

int DeleteCommand::run(const QCommandLineParser& parser, CliContext& context) const
{
    const QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        return context.fail(QStringLiteral("missing CUSTOMER_ID"), ExitCode::Usage);
    if (args.size() > 1)
        return context.fail(QStringLiteral("unexpected argument \"%1\"").arg(args.at(1)), ExitCode::Usage);
    const auto expected = expectedVersion(parser);
    if (!expected)
        return context.fail(expected.error());
    auto store = context.openStore(CliContext::StoreAccess::Existing);
    if (!store)
        return context.fail(store.error());
    AccountService service(**store);
    auto event = service.deleteCustomer(args.first(), *expected);
    if (!event)
        return context.fail(event.error());
    if (!context.writeOut(appendedLine(*event)))
        return context.failWriting(QStringLiteral("the new event's line"), QStringLiteral("the event is stored"));
    return static_cast<int>(ExitCode::Ok);
}

} // namespace hindsight
