#pragma once

#include "CliContext.h"
#include "TableFormat.h"

#include <QCommandLineParser>

namespace hindsight {

/** One hindsight-cli command: its options, its help and what it does. */
class CliCommand
{
public:
    virtual ~CliCommand() = default;

    virtual QString name() const = 0;
    /** One line for the command list of `hindsight-cli --help`. */
    virtual QString summary() const = 0;
    /** The positional arguments as the usage line shows them, e.g. "CUSTOMER_ID". */
    virtual QString arguments() const { return {}; }
    /** Paragraphs shown by `hindsight-cli COMMAND --help` below the usage line. */
    virtual QString description() const { return summary(); }
    /** Adds the command's options and positional arguments (not --help or --store). */
    virtual void addOptions(QCommandLineParser& parser) const = 0;
    /** Runs the command on parsed arguments; returns the process exit code. */
    virtual int run(const QCommandLineParser& parser, CliContext& context) const = 0;

protected:
    /** `--format csv|json`, csv when not given. */
    static QCommandLineOption tableFormatOption();
    static Result<TableFormat> tableFormat(const QCommandLineParser& parser);
    /** The integer value of option @p name, between @p min and @p max; an error names the option and the value. */
    static Result<qint64> integerValue(const QCommandLineParser& parser, const QString& name, qint64 min, qint64 max);
    /** `--expected-version N`: EventStore::AnyVersion when not given. */
    static QCommandLineOption expectedVersionOption();
    static Result<qint64> expectedVersion(const QCommandLineParser& parser);
    /** "customer ID event EVENT_ID version N": what create, update and delete print. */
    static QByteArray appendedLine(const Event& event);
};

} // namespace hindsight
