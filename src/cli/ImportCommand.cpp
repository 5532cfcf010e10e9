#include "ImportCommand.h"

#include "EventImporter.h"
#include "StagedStore.h"
#include "StoreFactory.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

namespace hindsight {

QString ImportCommand::name() const
{
    return QStringLiteral("import");
}

QString ImportCommand::summary() const
{
    return QStringLiteral("Import events from a CSV, JSON Lines, DynamoDB or EventBridge file, all or nothing.");
}

QString ImportCommand::arguments() const
{
    return QStringLiteral("FILE");
}

QString ImportCommand::description() const
{
    return QStringLiteral(
        "Reads FILE, checks every event, and appends the new ones in one transaction; on any error nothing is written "
        "and the message names the file, the line and the field. Rows may come in any order: they are applied by "
        "customer and time. Each customer's history must start with CREATED, nothing may follow a DELETED, and no "
        "(customer, time) pair may repeat. Events stored already with the same content are skipped, so importing a "
        "file twice adds nothing. A missing --store file is created, under its name only once the import is complete. "
        "A file of the store itself (the store, its -wal or -shm) is refused as FILE.\n"
        "Formats: csv (Table 3-2: PK,SK,Event ID,First name,Last name,Address,DOB,Status, any column order, DOB "
        "1966-04-12 or 1966/04/12), jsonl (what export writes), dynamodb (DynamoDB JSON items, .json or .json.gz, or "
        "an export folder holding manifest-files.json and data/), eventbridge (EventBridge events, one per line or "
        "one JSON array). auto decides from the name and the content.");
}

void ImportCommand::addOptions(QCommandLineParser& parser) const
{
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The file, or DynamoDB export folder, to import."));
    parser.addOption(QCommandLineOption(QStringLiteral("format"),
                                        QStringLiteral("auto (default), csv, jsonl, dynamodb or eventbridge."),
                                        QStringLiteral("format"), QStringLiteral("auto")));
}

Result<std::unique_ptr<EventStore>> ImportCommand::openStore(CliContext& context, std::unique_ptr<StagedStore>& staged)
{
    // A missing store is filled under a private name and moved into place when complete, so that a failed import
    // removes only files no other program can have opened (the default store is created with the demo events).
    if (context.usesDefaultStore() || QFileInfo::exists(context.storeLocation()))
        return context.openStore(CliContext::StoreAccess::Existing);
    if (auto checked = context.checkStandardOutput(); !checked)
        return checked.error();
    staged = std::make_unique<StagedStore>(context.storeLocation());
    return staged->open();
}

int ImportCommand::run(const QCommandLineParser& parser, CliContext& context) const
{
    const QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        return context.fail(QStringLiteral("missing FILE"), ExitCode::Usage);
    if (args.size() > 1)
        return context.fail(QStringLiteral("unexpected argument \"%1\"").arg(args.at(1)), ExitCode::Usage);
    const auto format = eventFileFormatFromName(parser.value(QStringLiteral("format")));
    if (!format) {
        return context.fail(QStringLiteral("--format: \"%1\" is not a format; expected auto, csv, jsonl, dynamodb or eventbridge")
                                .arg(parser.value(QStringLiteral("format"))));
    }
    const QString path = args.first();
    const QString location = context.storeLocation();
    // Told by name and inode, never by opening it: reading a store file outside SQLite drops the locks of any
    // connection this process has to it (see StoreFactory::isStoreFile()), and it holds no events to import.
    if (StoreFactory::isStoreFile(location, path)) {
        return context.fail(QStringLiteral("%1 is a file of the store %2 itself, not a file to import; nothing was read or imported")
                                .arg(QDir::toNativeSeparators(path), QDir::toNativeSeparators(location)));
    }
    QElapsedTimer timer;
    timer.start();

    // Read and parse before the store is opened: a bad file never creates or touches one.
    context.note(QStringLiteral("reading %1").arg(QDir::toNativeSeparators(path)));
    EventFileFormat used = *format;
    auto events = EventImporter::read(path, *format, &used);
    if (!events) {
        return context.fail(events.error().message + QStringLiteral("; nothing was imported"),
                            CliContext::exitCodeFor(events.error().code));
    }

    std::unique_ptr<StagedStore> staged;
    auto store = openStore(context, staged);
    if (!store)
        return context.fail(store.error());
    const auto discardStaged = [&] {
        store.value().reset();
        if (staged)
            staged->discard();
    };

    int reportedTenth = 0;
    auto report = EventImporter::importEvents(**store, *events, [&](ImportStage stage, qint64 done, qint64 total) {
        if (stage == ImportStage::Checking && done == 0)
            context.note(QStringLiteral("checking %1 events").arg(total));
        if (stage == ImportStage::Writing && total > 0) {
            const int tenth = int(done * 10 / total);
            if (tenth > reportedTenth && tenth < 10) {
                reportedTenth = tenth;
                context.note(QStringLiteral("  %1 of %2 events written (%3%)").arg(done).arg(total).arg(tenth * 10));
            }
        }
        return true;
    });
    if (!report) {
        discardStaged();
        return context.fail(report.error().message + QStringLiteral("; nothing was imported"),
                            CliContext::exitCodeFor(report.error().code));
    }
    // This process waits for the checkpoint anyway (closing the store would run it), so its time is counted.
    if (auto r = (*store)->checkpoint(); !r)
        context.note(QStringLiteral("note: the events are stored; %1").arg(r.error().message));
    if (staged) {
        if (auto published = staged->publish(std::move(store).value()); !published)
            return context.fail(published.error().message, CliContext::exitCodeFor(published.error().code));
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const bool written = context.writeOut(QStringLiteral("read %1 events (%2) from %3: %4 imported, %5 skipped as already stored or repeated, "
                                    "in %6 s (%7 events/s)\n")
                         .arg(report->read)
                         .arg(eventFileFormatName(used), QDir::toNativeSeparators(path))
                         .arg(report->imported)
                         .arg(report->skipped)
                         .arg(seconds, 0, 'f', 2)
                         .arg(seconds > 0 ? qint64(double(report->read) / seconds) : report->read)
                         .toUtf8());
    if (!written)
        return context.failWriting(QStringLiteral("the summary"), QStringLiteral("the import is complete"));
    return static_cast<int>(ExitCode::Ok);
}

} // namespace hindsight
