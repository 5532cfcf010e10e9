// hindsight-test-writer: a small program that the durability tests start, kill and run against each other.
//
//   hindsight-test-writer append STORE COUNT [--customers N] [--prefix P] [--shared-prefix S] [--pace-us U]
//
// Appends COUNT events through AccountService (creates, then updates of customers P-0 .. P-(N-1); with
// --shared-prefix, every other append goes to S-0 .. S-(N-1) instead, which other writers share) and prints
// "ack <event id> <customer id> <version>" on stdout, flushed, after each append is committed; prints
// "conflict <customer id> <current version>" for each optimistic-concurrency conflict it meets, and
// "error <message>" for any other failure (and exits 1).
#include "AccountService.h"
#include "StoreFactory.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QThread>

#include <cstdio>

using namespace hindsight;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4 || args.at(1) != u"append") {
        std::fprintf(stderr, "usage: hindsight-test-writer append STORE COUNT [--customers N] [--prefix P] [--shared-prefix S] [--pace-us U]\n");
        return 2;
    }
    const QString path = args.at(2);
    const int count = args.at(3).toInt();
    int customers = 10;
    QString prefix = QStringLiteral("c");
    QString sharedPrefix;
    int paceUs = 0;
    for (int i = 4; i + 1 < args.size(); i += 2) {
        if (args.at(i) == u"--customers")
            customers = args.at(i + 1).toInt();
        else if (args.at(i) == u"--prefix")
            prefix = args.at(i + 1);
        else if (args.at(i) == u"--shared-prefix")
            sharedPrefix = args.at(i + 1);
        else if (args.at(i) == u"--pace-us")
            paceUs = args.at(i + 1).toInt();
    }
    auto store = StoreFactory::open(path, StoreFactory::Mode::CreateIfMissing);
    if (!store) {
        std::printf("error %s\n", qPrintable(store.error().message));
        return 1;
    }
    AccountService service(**store);
    for (int n = 0; n < count; ++n) {
        const QString& stream = (!sharedPrefix.isEmpty() && n % 2 == 1) ? sharedPrefix : prefix;
        const QString id = stream + QLatin1Char('-') + QString::number(QRandomGenerator::global()->bounded(customers));
        auto current = (*store)->customer(id);
        if (!current) {
            std::printf("error %s\n", qPrintable(current.error().message));
            return 1;
        }
        Result<Event> appended = makeError(ErrorCode::InvalidArgument, QString());
        // A random house number, so that no update repeats the state before it.
        const CustomerData data{QStringLiteral("Writer"), QStringLiteral("N%1").arg(n),
                                QStringLiteral("%1, Test Street, Leeds").arg(QRandomGenerator::global()->generate64()),
                                QDate(1980, 1, 1)};
        if (!current->has_value())
            appended = service.createCustomer(data, id);
        else
            appended = service.updateCustomer(id, data, (*current)->version);
        if (appended) {
            std::printf("ack %s %s %lld\n", qPrintable(appended->eventId()), qPrintable(id), appended->version());
        } else if (appended.error().code == ErrorCode::Conflict
                   || (appended.error().code == ErrorCode::Validation && appended.error().message.contains(u"exists already"))) {
            std::printf("conflict %s %lld\n", qPrintable(id), appended.error().currentVersion);
        } else {
            std::printf("error %s\n", qPrintable(appended.error().message));
            std::fflush(stdout);
            return 1;
        }
        std::fflush(stdout);
        if (paceUs > 0)
            QThread::usleep(static_cast<unsigned long>(paceUs));
    }
    return 0;
}
