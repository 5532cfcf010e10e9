#include "RebuildCommand.h"

#include <QDir>

namespace hindsight {

QString RebuildCommand::name() const
{
    return QStringLiteral("rebuild");
}

QString RebuildCommand::summary() const
{
    return QStringLiteral("Rebuild the customer table from the log, when verify finds that they disagree.");
}

QString RebuildCommand::description() const
{
    return QStringLiteral(
        "The log of events is the truth; the customer table is derived from it. This throws the table away and "
        "replays every event into a new one, in one transaction: other programs see the old table or the new one, "
        "never a part, and on any error the old table stays. The log itself is not changed, so a broken hash chain "
        "or a broken stream that verify reports stays broken (and a stream the rules refuse stops the rebuild). "
        "Prints the number of events replayed and of customers in the table.");
}

void RebuildCommand::addOptions(QCommandLineParser&) const {}

int RebuildCommand::run(const QCommandLineParser& parser, CliContext& context) const
{
    if (!parser.positionalArguments().isEmpty())
        return context.fail(QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()), ExitCode::Usage);
    auto store = context.openStore(CliContext::StoreAccess::Existing);
    if (!store)
        return context.fail(store.error());
    if (auto rebuilt = (*store)->rebuildProjection(); !rebuilt)
        return context.fail(rebuilt.error().message + QStringLiteral("; the customer table was left as it was"),
                            CliContext::exitCodeFor(rebuilt.error().code));
    auto stats = (*store)->stats();
    if (!stats)
        return context.fail(stats.error());
    const QString summary = QStringLiteral("rebuilt the customer table of %1 from %2 events: %3 customers, %4 of them deleted\n")
                                .arg(QDir::toNativeSeparators((*store)->location()))
                                .arg(stats->eventCount)
                                .arg(stats->activeCustomers + stats->deletedCustomers)
                                .arg(stats->deletedCustomers);
    if (!context.writeOut(summary.toUtf8()))
        return context.failWriting(QStringLiteral("the summary"), QStringLiteral("the table is rebuilt"));
    return static_cast<int>(ExitCode::Ok);
}

} // namespace hindsight
