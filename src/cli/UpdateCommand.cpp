#include "UpdateCommand.h"

#include "CustomerFieldUpdate.h"
#include "Timestamp.h"

namespace hindsight {

QString UpdateCommand::name() const
{
    return QStringLiteral("update");
}

QString UpdateCommand::summary() const
{
    return QStringLiteral("Change a customer's details; prints the new event's id and version.");
}

QString UpdateCommand::arguments() const
{
    return QStringLiteral("CUSTOMER_ID");
}

QString UpdateCommand::description() const
{
    return QStringLiteral("Appends an AccountUpdated event holding the customer's full new state: the options given "
                          "change, the rest stays. Refused when nothing changes, and for a deleted or unknown customer. "
                          "Without --expected-version the fields given are set on the customer as it is when the event is written: "
                          "if another writer gets in first, the customer is read again and the change applied to what "
                          "is there now. With --expected-version, refused with exit code 3 when the customer has moved on, "
                          "and nothing is written.");
}

void UpdateCommand::addOptions(QCommandLineParser& parser) const
{
    parser.addPositionalArgument(QStringLiteral("CUSTOMER_ID"), QStringLiteral("The customer to change."));
    parser.addOptions({
        {QStringLiteral("first-name"), QStringLiteral("New first name."), QStringLiteral("F")},
        {QStringLiteral("last-name"), QStringLiteral("New last name."), QStringLiteral("L")},
        {QStringLiteral("address"), QStringLiteral("New address."), QStringLiteral("A")},
        {QStringLiteral("dob"), QStringLiteral("New date of birth, YYYY-MM-DD."), QStringLiteral("YYYY-MM-DD")},
        expectedVersionOption(),
    });
}

int UpdateCommand::run(const QCommandLineParser& parser, CliContext& context) const
{
    const QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        return context.fail(QStringLiteral("missing CUSTOMER_ID"), ExitCode::Usage);
    if (args.size() > 1)
        return context.fail(QStringLiteral("unexpected argument \"%1\"").arg(args.at(1)), ExitCode::Usage);
    const QString customerId = args.first();
    CustomerFieldUpdate update;
    if (parser.isSet(QStringLiteral("first-name")))
        update.firstName = parser.value(QStringLiteral("first-name"));
    if (parser.isSet(QStringLiteral("last-name")))
        update.lastName = parser.value(QStringLiteral("last-name"));
    if (parser.isSet(QStringLiteral("address")))
        update.address = parser.value(QStringLiteral("address"));
    if (parser.isSet(QStringLiteral("dob"))) {
        const auto parsed = Timestamp::parseDate(parser.value(QStringLiteral("dob")));
        if (!parsed)
            return context.fail(QStringLiteral("--dob: ") + parsed.error().message);
        update.dateOfBirth = *parsed;
    }
    if (update.isEmpty())
        return context.fail(QStringLiteral("nothing to change: give --first-name, --last-name, --address or --dob"), ExitCode::Usage);
    const auto expected = expectedVersion(parser);
    if (!expected)
        return context.fail(expected.error());

    auto store = context.openStore(CliContext::StoreAccess::Existing);
    if (!store)
        return context.fail(store.error());
    auto event = update.writeTo(**store, customerId, *expected);
    if (!event)
        return context.fail(event.error());
    if (!context.writeOut(appendedLine(*event)))
        return context.failWriting(QStringLiteral("the new event's line"), QStringLiteral("the event is stored"));
    return static_cast<int>(ExitCode::Ok);
}

} // namespace hindsight
