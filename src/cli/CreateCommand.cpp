#include "CreateCommand.h"

#include "AccountService.h"
#include "Timestamp.h"

namespace hindsight {

QString CreateCommand::name() const
{
    return QStringLiteral("create");
}

QString CreateCommand::summary() const
{
    return QStringLiteral("Create a customer; prints the new event's id and version.");
}

QString CreateCommand::description() const
{
    return QStringLiteral("Appends an AccountCreated event. First and last name must not be blank; the date of birth "
                          "must be a real date, not in the future. Without --id a fresh id like 100-255-8730 is chosen. "
                          "Prints: customer ID event EVENT_ID version 1");
}

void CreateCommand::addOptions(QCommandLineParser& parser) const
{
    parser.addOptions({
        {QStringLiteral("first-name"), QStringLiteral("First name (required)."), QStringLiteral("F")},
        {QStringLiteral("last-name"), QStringLiteral("Last name (required)."), QStringLiteral("L")},
        {QStringLiteral("address"), QStringLiteral("Address (required)."), QStringLiteral("A")},
        {QStringLiteral("dob"), QStringLiteral("Date of birth, YYYY-MM-DD (required)."), QStringLiteral("YYYY-MM-DD")},
        {QStringLiteral("id"), QStringLiteral("Customer id to use instead of a fresh one."), QStringLiteral("ID")},
    });
}

int CreateCommand::run(const QCommandLineParser& parser, CliContext& context) const
{
    if (!parser.positionalArguments().isEmpty())
        return context.fail(QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()), ExitCode::Usage);
    for (const char* required : {"first-name", "last-name", "address", "dob"}) {
        if (!parser.isSet(QString::fromLatin1(required)))
            return context.fail(QStringLiteral("missing --%1").arg(QString::fromLatin1(required)), ExitCode::Usage);
    }
    const auto dob = Timestamp::parseDate(parser.value(QStringLiteral("dob")));
    if (!dob)
        return context.fail(QStringLiteral("--dob: ") + dob.error().message);
    const CustomerData data{parser.value(QStringLiteral("first-name")), parser.value(QStringLiteral("last-name")),
                            parser.value(QStringLiteral("address")), *dob};
    if (parser.isSet(QStringLiteral("id")) && parser.value(QStringLiteral("id")).trimmed().isEmpty())
        return context.fail(QStringLiteral("--id: Customer ID must not be blank."));

    auto store = context.openStore(CliContext::StoreAccess::Existing);
    if (!store)
        return context.fail(store.error());
    AccountService service(**store);
    auto event = service.createCustomer(data, parser.value(QStringLiteral("id")));
    if (!event)
        return context.fail(event.error());
    if (!context.writeOut(appendedLine(*event)))
        return context.failWriting(QStringLiteral("the new event's line"), QStringLiteral("the event is stored"));
    return static_cast<int>(ExitCode::Ok);
}

} // namespace hindsight
