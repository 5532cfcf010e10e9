#include "InitCommand.h"

#include "StoreFactory.h"

#include <QDir>
#include <QFileInfo>

namespace hindsight {

QString InitCommand::name() const
{
    return QStringLiteral("init");
}

QString InitCommand::summary() const
{
    return QStringLiteral("Create a store (with --demo: holding the five events of the source document).");
}

QString InitCommand::description() const
{
    return QStringLiteral("Creates the store named by --store (or the default store). With --demo it holds the five "
                          "events of Table 3-2; otherwise it is empty. An existing file is never touched.");
}

void InitCommand::addOptions(QCommandLineParser& parser) const
{
    parser.addOption(QCommandLineOption(QStringLiteral("demo"), QStringLiteral("Fill the new store with the demo events.")));
}

int InitCommand::run(const QCommandLineParser& parser, CliContext& context) const
{
    if (!parser.positionalArguments().isEmpty())
        return context.fail(QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()), ExitCode::Usage);
    const QString location = QFileInfo(context.storeLocation()).absoluteFilePath();
    const QString shown = QDir::toNativeSeparators(location);
    if (QFileInfo::exists(location))
        return context.fail(QStringLiteral("%1 exists already; nothing was changed").arg(shown));
    const bool demo = parser.isSet(QStringLiteral("demo"));
    auto store = demo ? StoreFactory::createDemo(location) : StoreFactory::open(location, StoreFactory::Mode::CreateIfMissing);
    if (!store)
        return context.fail(store.error());
    auto stats = (*store)->stats();
    if (!stats)
        return context.fail(stats.error());
    if (!context.writeOut(QStringLiteral("created store %1 holding %2 events\n").arg(shown).arg(stats->eventCount).toUtf8()))
        return context.failWriting(QStringLiteral("the summary"), QStringLiteral("the store %1 is created").arg(shown));
    return static_cast<int>(ExitCode::Ok);
}

} // namespace hindsight
