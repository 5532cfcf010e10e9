#include "HistoryCommand.h"

#include "EventTableWriter.h"

#include <QDir>

namespace hindsight {

QString HistoryCommand::name() const
{
    return QStringLiteral("history");
}

QString HistoryCommand::summary() const
{
    return QStringLiteral("Print one customer's events, oldest first (Table 3-2, with Version and Position).");
}

QString HistoryCommand::arguments() const
{
    return QStringLiteral("CUSTOMER_ID");
}

void HistoryCommand::addOptions(QCommandLineParser& parser) const
{
    parser.addPositionalArgument(QStringLiteral("CUSTOMER_ID"), QStringLiteral("The customer, e.g. 100-255-8730."));
    parser.addOption(tableFormatOption());
}

int HistoryCommand::run(const QCommandLineParser& parser, CliContext& context) const
{
    const QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        return context.fail(QStringLiteral("missing CUSTOMER_ID"), ExitCode::Usage);
    if (args.size() > 1)
        return context.fail(QStringLiteral("unexpected argument \"%1\"").arg(args.at(1)), ExitCode::Usage);
    const auto format = tableFormat(parser);
    if (!format)
        return context.fail(format.error());
    auto store = context.openStore(CliContext::StoreAccess::ReadOnly);
    if (!store)
        return context.fail(store.error());
    auto events = (*store)->readStream(args.first());
    if (!events)
        return context.fail(events.error());
    if (events->isEmpty()) {
        return context.fail(QStringLiteral("there is no customer %1 in %2")
                                .arg(args.first(), QDir::toNativeSeparators((*store)->location())),
                            ExitCode::NotFound);
    }
    if (!context.writeOut(EventTableWriter::write(*events, *format, EventTableWriter::Columns::WithStream)))
        return context.failWriting(QStringLiteral("the history of %1").arg(args.first()));
    return static_cast<int>(ExitCode::Ok);
}

} // namespace hindsight
