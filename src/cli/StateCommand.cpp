#include "StateCommand.h"

#include "AsOfEngine.h"
#include "CustomerTableWriter.h"
#include "Timestamp.h"

namespace hindsight {

QString StateCommand::name() const
{
    return QStringLiteral("state");
}

QString StateCommand::summary() const
{
    return QStringLiteral("Print the customer table (Table 3-1) now or as of a time.");
}

QString StateCommand::description() const
{
    return QStringLiteral(
        "Prints one row per customer created by then, sorted by Customer ID; deleted customers stay, with Status "
        "DELETED. An event counts when its recorded-at is at or before TIME.\n"
        "CSV columns: Customer ID,First name,Last name,Address,DOB,Status (RFC 4180 quoting, DOB as YYYY-MM-DD).");
}

void StateCommand::addOptions(QCommandLineParser& parser) const
{
    parser.addOption(QCommandLineOption(
        QStringLiteral("as-of"),
        QStringLiteral("The table as it was at TIME, ISO-8601 UTC: 2022-12-01 (start of that day), "
                       "2022-12-01T10:00:00Z or 2022-12-01T10:00:00.123Z."),
        QStringLiteral("TIME")));
    parser.addOption(tableFormatOption());
}

int StateCommand::run(const QCommandLineParser& parser, CliContext& context) const
{
    if (!parser.positionalArguments().isEmpty())
        return context.fail(QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()), ExitCode::Usage);
    const auto format = tableFormat(parser);
    if (!format)
        return context.fail(format.error());
    std::optional<qint64> asOf;
    if (parser.isSet(QStringLiteral("as-of"))) {
        const auto parsed = Timestamp::parse(parser.value(QStringLiteral("as-of")));
        if (!parsed)
            return context.fail(QStringLiteral("--as-of: ") + parsed.error().message);
        asOf = *parsed;
    }
    auto store = context.openStore(CliContext::StoreAccess::ReadOnly);
    if (!store)
        return context.fail(store.error());

    CustomerList customers;
    if (asOf) {
        auto engine = AsOfEngine::load(**store);
        if (!engine)
            return context.fail(engine.error());
        (*engine)->seek(*asOf);
        customers = (*engine)->customers();
    } else {
        auto current = (*store)->customers();
        if (!current)
            return context.fail(current.error());
        customers = std::move(current).value();
    }
    if (!context.writeOut(CustomerTableWriter::write(customers, *format)))
        return context.failWriting(QStringLiteral("the customer table"));
    return static_cast<int>(ExitCode::Ok);
}

} // namespace hindsight
