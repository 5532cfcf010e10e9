#include "GenerateCommand.h"

#include "SyntheticHistory.h"

#include <QDir>
#include <QElapsedTimer>

namespace hindsight {

QString GenerateCommand::name() const
{
    return QStringLiteral("generate");
}

QString GenerateCommand::summary() const
{
    return QStringLiteral("Fill a store with a deterministic synthetic history (for benchmarks and demos).");
}

QString GenerateCommand::description() const
{
    return QStringLiteral(
        "Appends N customers with K events each: plausible names, addresses and dates of birth, recorded-at spread "
        "over 2010-2025, about one customer in ten deleted last. The same N, K and seed always give the same events, "
        "so running it twice adds nothing. A missing --store file is created. Progress goes to standard error.");
}

void GenerateCommand::addOptions(QCommandLineParser& parser) const
{
    parser.addOptions({
        {QStringLiteral("customers"), QStringLiteral("Number of customers (required)."), QStringLiteral("N")},
        {QStringLiteral("events-per-customer"), QStringLiteral("Events per customer, the first one AccountCreated (required)."),
         QStringLiteral("K")},
        {QStringLiteral("seed"), QStringLiteral("Seed of the generator (default 1)."), QStringLiteral("S"), QStringLiteral("1")},
    });
}

int GenerateCommand::run(const QCommandLineParser& parser, CliContext& context) const
{
    if (!parser.positionalArguments().isEmpty())
        return context.fail(QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()), ExitCode::Usage);
    for (const char* required : {"customers", "events-per-customer"}) {
        if (!parser.isSet(QString::fromLatin1(required)))
            return context.fail(QStringLiteral("missing --%1").arg(QString::fromLatin1(required)), ExitCode::Usage);
    }
    const auto customers = integerValue(parser, QStringLiteral("customers"), 1, 100'000'000);
    if (!customers)
        return context.fail(customers.error());
    const auto perCustomer = integerValue(parser, QStringLiteral("events-per-customer"), 1, 10'000);
    if (!perCustomer)
        return context.fail(perCustomer.error());
    const auto seed = integerValue(parser, QStringLiteral("seed"), 0, std::numeric_limits<qint64>::max());
    if (!seed)
        return context.fail(seed.error());

    auto store = context.openStore(CliContext::StoreAccess::CreateIfMissing);
    if (!store)
        return context.fail(store.error());

    SyntheticHistory::Options options;
    options.customers = *customers;
    options.eventsPerCustomer = int(*perCustomer);
    options.seed = quint64(*seed);
    const qint64 total = *customers * *perCustomer;
    const QString where = QDir::toNativeSeparators((*store)->location());
    context.note(QStringLiteral("generating %1 events for %2 customers into %3").arg(total).arg(*customers).arg(where));

    QElapsedTimer timer;
    timer.start();
    int reportedTenth = 0;
    auto outcome = SyntheticHistory(options).writeTo(**store, [&](qint64 done) {
        const int tenth = int(done * 10 / total);
        if (tenth > reportedTenth && tenth < 10) {
            reportedTenth = tenth;
            context.note(QStringLiteral("  %1 of %2 events (%3%)").arg(done).arg(total).arg(tenth * 10));
        }
        return true;
    });
    if (!outcome)
        return context.fail(outcome.error());
    if (auto r = (*store)->checkpoint(); !r)
        context.note(QStringLiteral("note: the events are stored; %1").arg(r.error().message));
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const qint64 handled = outcome->appended + outcome->skipped;
    const bool written = context.writeOut(QStringLiteral("generated %1 events for %2 customers (seed %3) into %4 in %5 s (%6 events/s): "
                                    "%7 appended, %8 already stored\n")
                         .arg(total)
                         .arg(*customers)
                         .arg(*seed)
                         .arg(where)
                         .arg(seconds, 0, 'f', 2)
                         .arg(seconds > 0 ? qint64(double(handled) / seconds) : handled)
                         .arg(outcome->appended)
                         .arg(outcome->skipped)
                         .toUtf8());
    if (!written)
        return context.failWriting(QStringLiteral("the summary"), QStringLiteral("the events are stored"));
    return static_cast<int>(ExitCode::Ok);
}

} // namespace hindsight
