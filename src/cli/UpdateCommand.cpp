#include "UpdateCommand.h"

#include "AccountService.h"
#include "Timestamp.h"

#include <QDir>

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
                          "With --expected-version, refused with exit code 3 when the customer has moved on.");
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
    const bool anyField = parser.isSet(QStringLiteral("first-name")) || parser.isSet(QStringLiteral("last-name"))
        || parser.isSet(QStringLiteral("address")) || parser.isSet(QStringLiteral("dob"));
    if (!anyField)
        return context.fail(QStringLiteral("nothing to change: give --first-name, --last-name, --address or --dob"), ExitCode::Usage);
    const auto expected = expectedVersion(parser);
    if (!expected)
        return context.fail(expected.error());
    std::optional<QDate> dob;
    if (parser.isSet(QStringLiteral("dob"))) {
        const auto parsed = Timestamp::parseDate(parser.value(QStringLiteral("dob")));
        if (!parsed)
            return context.fail(QStringLiteral("--dob: ") + parsed.error().message);
        dob = *parsed;
    }

    auto store = context.openStore(CliContext::StoreAccess::Existing);
    if (!store)
        return context.fail(store.error());
    auto current = (*store)->customer(customerId);
    if (!current)
        return context.fail(current.error());
    if (!current->has_value()) {
        return context.fail(QStringLiteral("there is no customer %1 in %2")
                                .arg(customerId, QDir::toNativeSeparators((*store)->location())),
                            ExitCode::NotFound);
    }
    CustomerData data = (*current)->data;
    if (parser.isSet(QStringLiteral("first-name")))
        data.firstName = parser.value(QStringLiteral("first-name"));
    if (parser.isSet(QStringLiteral("last-name")))
        data.lastName = parser.value(QStringLiteral("last-name"));
    if (parser.isSet(QStringLiteral("address")))
        data.address = parser.value(QStringLiteral("address"));
    if (dob)
        data.dateOfBirth = *dob;

    // The fields not given were read at this version: if another writer gets in first, refuse rather than
    // write their old values back.
    const qint64 basedOn = *expected == EventStore::AnyVersion ? (*current)->version : *expected;
    AccountService service(**store);
    auto event = service.updateCustomer(customerId, data, basedOn);
    if (!event)
        return context.fail(event.error());
    if (!context.writeOut(appendedLine(*event)))
        return context.failWriting(QStringLiteral("the new event's line"), QStringLiteral("the event is stored"));
    return static_cast<int>(ExitCode::Ok);
}

} // namespace hindsight
