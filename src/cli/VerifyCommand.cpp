#include "VerifyCommand.h"

#include "StoreFactory.h"
#include "StoreHeadRecord.h"

#include <QDir>

namespace hindsight {

QString VerifyCommand::name() const
{
    return QStringLiteral("verify");
}

QString VerifyCommand::summary() const
{
    return QStringLiteral("Check the store: storage, schema, hash chain, streams, customer table; names the first broken event.");
}

QString VerifyCommand::description() const
{
    return QStringLiteral(
        "Checks SQLite's integrity, the append-only triggers, the SHA-256 chain that links every event to the one "
        "before it, every customer's versions and rules, and that the customer table equals a replay of the log. "
        "Prints \"intact\" and the head, or each problem found, the first naming the first event that breaks the "
        "store; exits 0 when intact and 1 otherwise. With --against, also checks that the log still holds the head "
        "that a JSON Lines export recorded, which shows a log cut short or rewritten since.");
}

void VerifyCommand::addOptions(QCommandLineParser& parser) const
{
    parser.addOption(QCommandLineOption(QStringLiteral("against"),
                                        QStringLiteral("A JSON Lines export of this store, whose recorded head must still be in the log."),
                                        QStringLiteral("EXPORT")));
}

int VerifyCommand::run(const QCommandLineParser& parser, CliContext& context) const
{
    if (!parser.positionalArguments().isEmpty())
        return context.fail(QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()), ExitCode::Usage);
    std::optional<StoreHead> against;
    if (parser.isSet(QStringLiteral("against"))) {
        const QString path = parser.value(QStringLiteral("against"));
        // Reading a store file outside SQLite is how locks get lost (see StoreFactory::isStoreFile()).
        if (StoreFactory::isStoreFile(context.storeLocation(), path)) {
            return context.fail(QStringLiteral("--against: %1 is a file of the store itself, not an export of it; nothing was read")
                                    .arg(QDir::toNativeSeparators(path)));
        }
        auto recorded = StoreHeadRecord::readFromFile(path);
        if (!recorded)
            return context.fail(QStringLiteral("--against: %1").arg(recorded.error().message));
        against = *recorded;
    }
    auto store = context.openStore(CliContext::StoreAccess::ReadOnly);
    if (!store)
        return context.fail(store.error());
    auto report = (*store)->verify(against);
    if (!report)
        return context.fail(report.error());
    if (report->intact()) {
        if (!context.writeOut(QStringLiteral("intact: %1 events checked; head at position %2, sha256 %3\n")
                                  .arg(report->eventsChecked)
                                  .arg(report->head.position)
                                  .arg(QString::fromLatin1(report->head.hash.toHex()))
                                  .toUtf8())) {
            return context.failWriting(QStringLiteral("the verify report (the store is intact)"));
        }
        return static_cast<int>(ExitCode::Ok);
    }
    QByteArray out;
    for (const QString& problem : std::as_const(report->problems))
        out += "problem: " + problem.toUtf8() + '\n';
    if (!context.writeOut(out))
        context.failWriting(QStringLiteral("the problems found"));
    return context.fail(QStringLiteral("%1 is not intact: %2 problem(s); the first: %3")
                            .arg(context.storeLocation())
                            .arg(report->problems.size())
                            .arg(report->problems.first()));
}

} // namespace hindsight
