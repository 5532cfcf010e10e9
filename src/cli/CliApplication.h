#pragma once

#include "CliCommand.h"

#include <memory>
#include <vector>

namespace hindsight {

/**
 * hindsight-cli: `hindsight-cli [--store PATH] COMMAND [OPTIONS]`. Parses the global options, finds the command,
 * parses its options with its own QCommandLineParser and runs it. Results go to standard output, messages to
 * standard error; the exit codes are those of ExitCode.
 */
class CliApplication
{
public:
    CliApplication();
    ~CliApplication();

    /** Runs the command line @p arguments (the program name first); returns the exit code. */
    int run(const QStringList& arguments);

    /** The text of `hindsight-cli --help`. */
    QString helpText() const;
    /** The text of `hindsight-cli COMMAND --help`. */
    QString commandHelpText(const CliCommand& command) const;

    static constexpr const char* Program = "hindsight-cli";

private:
    const CliCommand* find(const QString& name) const;
    int runCommand(const CliCommand& command, const QStringList& arguments, const QString& storeLocation);

    std::vector<std::unique_ptr<CliCommand>> m_commands;
};

} // namespace hindsight
