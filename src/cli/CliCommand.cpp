#include "CliCommand.h"

#include "EventStore.h"

namespace hindsight {

QCommandLineOption CliCommand::tableFormatOption()
{
    return QCommandLineOption(QStringLiteral("format"), QStringLiteral("Output format: csv (default) or json."),
                              QStringLiteral("csv|json"), QStringLiteral("csv"));
}

Result<TableFormat> CliCommand::tableFormat(const QCommandLineParser& parser)
{
    const QString value = parser.value(QStringLiteral("format"));
    if (const auto format = tableFormatFromString(value))
        return *format;
    return makeError(ErrorCode::InvalidArgument,
                     QStringLiteral("--format: \"%1\" is not a format; expected csv or json").arg(value));
}

Result<qint64> CliCommand::integerValue(const QCommandLineParser& parser, const QString& name, qint64 min, qint64 max)
{
    const QString value = parser.value(name);
    bool ok = false;
    const qint64 n = value.trimmed().toLongLong(&ok);
    if (!ok || n < min || n > max) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("--%1: \"%2\" is not a whole number from %3 to %4").arg(name, value).arg(min).arg(max));
    }
    return n;
}

QCommandLineOption CliCommand::expectedVersionOption()
{
    return QCommandLineOption(QStringLiteral("expected-version"),
                              QStringLiteral("Refuse (exit code 3, nothing written) unless the customer is at version N."),
                              QStringLiteral("N"));
}

Result<qint64> CliCommand::expectedVersion(const QCommandLineParser& parser)
{
    if (!parser.isSet(QStringLiteral("expected-version")))
        return EventStore::AnyVersion;
    return integerValue(parser, QStringLiteral("expected-version"), 0, std::numeric_limits<qint64>::max());
}

QByteArray CliCommand::appendedLine(const Event& event)
{
    return QStringLiteral("customer %1 event %2 version %3\n")
        .arg(event.customerId(), event.eventId())
        .arg(event.version())
        .toUtf8();
}

} // namespace hindsight
