#include "CliApplication.h"

#include "CreateCommand.h"
#include "DeleteCommand.h"
#include "ExportCommand.h"
#include "GenerateCommand.h"
#include "HistoryCommand.h"
#include "ImportCommand.h"
#include "InitCommand.h"
#include "RebuildCommand.h"
#include "StandardOutput.h"
#include "StateCommand.h"
#include "StoreFactory.h"
#include "UpdateCommand.h"
#include "VerifyCommand.h"

#include <QCoreApplication>
#include <QDir>

#include <cstdio>

namespace hindsight {

namespace {

const QString ProgramName = QString::fromLatin1(CliApplication::Program);

QCommandLineOption storeOption()
{
    return QCommandLineOption(QStringLiteral("store"),
                              QStringLiteral("The store file to use instead of the default store."),
                              QStringLiteral("PATH"));
}

QCommandLineOption helpOption()
{
    return QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help and exit."));
}

/** @p text wrapped at @p width columns; paragraphs (lines) kept. */
QString wrapped(const QString& text, qsizetype width = 79)
{
    QStringList out;
    for (const QString& paragraph : text.split(u'\n')) {
        QString line;
        for (const QString& word : paragraph.split(u' ', Qt::SkipEmptyParts)) {
            if (!line.isEmpty() && line.size() + 1 + word.size() > width) {
                out << line;
                line.clear();
            }
            line += line.isEmpty() ? word : u' ' + word;
        }
        out << line;
    }
    return out.join(u'\n');
}

void printError(const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

/** Prints @p what (the help, the version) on standard output; exit code 1 with a message when it cannot. */
int printOut(const QString& text, const QString& what)
{
    StandardOutput out;
    if (out.write(text.toUtf8()) && out.flush())
        return static_cast<int>(ExitCode::Ok);
    printError(QStringLiteral("%1: cannot write %2 to standard output: %3\n").arg(ProgramName, what, out.errorString()));
    return static_cast<int>(ExitCode::Error);
}

} // namespace

CliApplication::CliApplication()
{
    m_commands.push_back(std::make_unique<InitCommand>());
    m_commands.push_back(std::make_unique<StateCommand>());
    m_commands.push_back(std::make_unique<HistoryCommand>());
    m_commands.push_back(std::make_unique<CreateCommand>());
    m_commands.push_back(std::make_unique<UpdateCommand>());
    m_commands.push_back(std::make_unique<DeleteCommand>());
    m_commands.push_back(std::make_unique<GenerateCommand>());
    m_commands.push_back(std::make_unique<ImportCommand>());
    m_commands.push_back(std::make_unique<ExportCommand>());
    m_commands.push_back(std::make_unique<VerifyCommand>());
    m_commands.push_back(std::make_unique<RebuildCommand>());
}

CliApplication::~CliApplication() = default;

const CliCommand* CliApplication::find(const QString& name) const
{
    for (const auto& command : m_commands) {
        if (command->name() == name)
            return command.get();
    }
    return nullptr;
}

QString CliApplication::helpText() const
{
    QString text = QStringLiteral("Usage: %1 [--store PATH] COMMAND [OPTIONS]\n\n").arg(ProgramName);
    text += wrapped(QStringLiteral(
                "Hindsight keeps every change to a customer account as an immutable event and derives the customer "
                "table from those events. This program reads and writes a Hindsight store."))
        + u'\n';
    text += QStringLiteral("\nOptions:\n"
                           "  --store PATH   The store file to use. Without it: the default store,\n"
                           "                 %1\n"
                           "                 (created holding the demo events the first time).\n"
                           "  -h, --help     Show this help and exit.\n"
                           "  -v, --version  Show the version and exit.\n")
                .arg(QDir::toNativeSeparators(StoreFactory::defaultLocation()));
    text += QStringLiteral("\nCommands:\n");
    for (const auto& command : m_commands)
        text += QStringLiteral("  %1%2\n").arg(command->name(), -10).arg(command->summary());
    text += QStringLiteral("\nRun '%1 COMMAND --help' for the options of a command.\n").arg(ProgramName);
    text += QStringLiteral("\nExit codes:\n"
                           "  0  success\n"
                           "  1  error: bad input, a command the rules refused, a store that cannot be read or written\n"
                           "  2  usage error: unknown command or option, missing argument\n"
                           "  3  concurrency conflict: another writer got in first; nothing was written (the customer\n"
                           "     changed since --expected-version, or another program created the --store file that\n"
                           "     import was filling)\n"
                           "  4  not found: no such customer, or no store at the --store path\n");
    return text;
}

QString CliApplication::commandHelpText(const CliCommand& command) const
{
    QCommandLineParser parser;
    command.addOptions(parser);
    parser.addOption(storeOption());
    parser.addOption(helpOption());
    QString options = parser.helpText();
    options = options.mid(options.indexOf(u'\n') + 1); // drop Qt's usage line, which names the binary's path
    QString usage = QStringLiteral("Usage: %1 [--store PATH] %2 [options]").arg(ProgramName, command.name());
    if (!command.arguments().isEmpty())
        usage += u' ' + command.arguments();
    return usage + QStringLiteral("\n\n") + wrapped(command.description()) + u'\n' + options;
}

int CliApplication::run(const QStringList& arguments)
{
    QCommandLineParser global;
    global.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    global.addOption(storeOption());
    global.addOption(helpOption());
    global.addOption(QCommandLineOption({QStringLiteral("v"), QStringLiteral("version")}, QStringLiteral("Show the version.")));
    const auto usageError = [](const QString& message) {
        printError(QStringLiteral("%1: %2\nRun '%1 --help' for the commands and options.\n").arg(ProgramName, message));
        return static_cast<int>(ExitCode::Usage);
    };
    if (!global.parse(arguments))
        return usageError(global.errorText());
    if (global.isSet(QStringLiteral("help")))
        return printOut(helpText(), QStringLiteral("the help"));
    if (global.isSet(QStringLiteral("version")))
        return printOut(QStringLiteral("%1 %2\n").arg(ProgramName, QCoreApplication::applicationVersion()), QStringLiteral("the version"));
    const QString storeLocation = global.value(QStringLiteral("store"));
    if (global.isSet(QStringLiteral("store")) && storeLocation.trimmed().isEmpty())
        return usageError(QStringLiteral("--store needs a path"));

    QStringList rest = global.positionalArguments();
    if (rest.isEmpty())
        return usageError(QStringLiteral("no command given"));
    const QString name = rest.takeFirst();
    if (name == u"help") {
        if (rest.isEmpty())
            return printOut(helpText(), QStringLiteral("the help"));
        if (const CliCommand* command = find(rest.first()))
            return printOut(commandHelpText(*command), QStringLiteral("the help"));
        return usageError(QStringLiteral("unknown command \"%1\"").arg(rest.first()));
    }
    const CliCommand* command = find(name);
    if (!command) {
        QStringList names;
        for (const auto& c : m_commands)
            names << c->name();
        return usageError(QStringLiteral("unknown command \"%1\"; the commands are %2").arg(name, names.join(QStringLiteral(", "))));
    }
    return runCommand(*command, rest, storeLocation);
}

int CliApplication::runCommand(const CliCommand& command, const QStringList& arguments, const QString& storeLocation)
{
    QCommandLineParser parser;
    command.addOptions(parser);
    parser.addOption(storeOption());
    parser.addOption(helpOption());
    if (!parser.parse(QStringList{ProgramName + u' ' + command.name()} + arguments)) {
        printError(QStringLiteral("%1: %2: %3\nRun '%1 %2 --help' for its options.\n")
                       .arg(ProgramName, command.name(), parser.errorText()));
        return static_cast<int>(ExitCode::Usage);
    }
    if (parser.isSet(QStringLiteral("help")))
        return printOut(commandHelpText(command), QStringLiteral("the help"));
    QString location = storeLocation;
    if (parser.isSet(QStringLiteral("store"))) {
        location = parser.value(QStringLiteral("store"));
        if (location.trimmed().isEmpty()) {
            printError(QStringLiteral("%1: %2: --store needs a path\n").arg(ProgramName, command.name()));
            return static_cast<int>(ExitCode::Usage);
        }
    }
    CliContext context(ProgramName, command.name(), location);
    const int code = command.run(parser, context);
    // Commands check their own writes; this catches anything stdio still held, before success is claimed.
    if (!context.finishOutput() && code == static_cast<int>(ExitCode::Ok))
        return context.failWriting(QStringLiteral("the results"));
    return code;
}

} // namespace hindsight
