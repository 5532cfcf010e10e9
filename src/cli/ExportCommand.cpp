#include "ExportCommand.h"

#include "EventExporter.h"

#include <QDir>
#include <QElapsedTimer>

namespace hindsight {

QString ExportCommand::name() const
{
    return QStringLiteral("export");
}

QString ExportCommand::summary() const
{
    return QStringLiteral("Export every event as JSON Lines, CSV or DynamoDB JSON (to a file or standard output).");
}

QString ExportCommand::description() const
{
    return QStringLiteral(
        "Writes every event in a format import reads, so that export, import into an empty store and export again "
        "give the same bytes. jsonl (default): Hindsight's own lossless format in the store's order; csv: Table "
        "3-2's columns; dynamodb: DynamoDB JSON items, one per line. csv and dynamodb list events by customer, then "
        "version. With --output the file is replaced only when the export is complete; a new file is readable by "
        "its owner only (0600), an existing one keeps its permissions, and a file of the store itself is refused. "
        "For the customer table as of a time, use: state --as-of TIME --format csv.");
}

void ExportCommand::addOptions(QCommandLineParser& parser) const
{
    parser.addOption(QCommandLineOption(QStringLiteral("format"), QStringLiteral("jsonl (default), csv or dynamodb."),
                                        QStringLiteral("format"), QStringLiteral("jsonl")));
    parser.addOption(QCommandLineOption(QStringLiteral("output"), QStringLiteral("Write to FILE instead of standard output."),
                                        QStringLiteral("FILE")));
}

int ExportCommand::run(const QCommandLineParser& parser, CliContext& context) const
{
    if (!parser.positionalArguments().isEmpty())
        return context.fail(QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()), ExitCode::Usage);
    const QString formatName = parser.value(QStringLiteral("format"));
    const auto format = eventFileFormatFromName(formatName);
    if (!format || !EventExporter::canWrite(*format))
        return context.fail(QStringLiteral("--format: \"%1\" is not an export format; expected jsonl, csv or dynamodb").arg(formatName));
    if (parser.isSet(QStringLiteral("output")) && parser.value(QStringLiteral("output")).trimmed().isEmpty())
        return context.fail(QStringLiteral("--output needs a file name"), ExitCode::Usage);

    auto store = context.openStore(CliContext::StoreAccess::ReadOnly);
    if (!store)
        return context.fail(store.error());
    QElapsedTimer timer;
    timer.start();
    Result<qint64> written = qint64(0);
    const bool toFile = parser.isSet(QStringLiteral("output"));
    const QString output = parser.value(QStringLiteral("output"));
    if (toFile) {
        // writeFile() refuses the store's own files (the save would replace the store) and makes new files 0600.
        written = EventExporter::writeFile(**store, *format, output);
    } else {
        written = EventExporter::write(**store, *format, context.out());
        if (context.outputFailed())
            return context.failWriting(QStringLiteral("the export"));
    }
    if (!written)
        return context.fail(written.error());
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const QString summary = QStringLiteral("exported %1 events (%2) to %3 in %4 s")
                                .arg(*written)
                                .arg(eventFileFormatName(*format),
                                     toFile ? QDir::toNativeSeparators(output) : QStringLiteral("standard output"))
                                .arg(seconds, 0, 'f', 2);
    if (!toFile) {
        context.note(summary);
    } else if (!context.writeOut((summary + u'\n').toUtf8())) {
        return context.failWriting(QStringLiteral("the summary"),
                                   QStringLiteral("the export %1 is complete").arg(QDir::toNativeSeparators(output)));
    }
    return static_cast<int>(ExitCode::Ok);
}

} // namespace hindsight
