// hindsight-test-writer: a small program that the durability tests start, kill and run against each other.
//
//   hindsight-test-writer append STORE COUNT [--customers N] [--prefix P] [--shared-prefix S] [--pace-us U]
//   hindsight-test-writer hold STORE [--connections N]
//
// Appends COUNT events through AccountService (creates, then updates of customers P-0 .. P-(N-1); with
// --shared-prefix, every other append goes to S-0 .. S-(N-1) instead, which other writers share) and prints
// "ack <event id> <customer id> <version>" on stdout, flushed, after each append is committed; prints
// "conflict <customer id> <current version>" for each optimistic-concurrency conflict it meets, and
// "error <message>" for any other failure (and exits 1).
// hold: keeps the store open as the window does, with N connections (default 3: one on the main thread, the
// others each on a thread of their own that lives until the end), prints "ready <pid>", then answers lines on
// stdin: "create ID" appends an AccountCreated through the first connection and prints "ack ID VERSION" or
// "error MESSAGE"; "head" prints "head P1 P2 ..." as each connection sees it; "quit" closes all and exits 0.
#include "AccountService.h"
#include "StoreFactory.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QThread>

#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace hindsight;

namespace {

/** A connection that lives on a thread of its own, as the window's loaders do. */
class ThreadConnection
{
public:
    explicit ThreadConnection(const QString& path)
    {
        m_thread = std::thread([this, path] {
            auto store = StoreFactory::open(path);
            std::unique_lock lock(m_mutex);
            m_opened = true;
            m_error = store ? QString() : store.error().message;
            if (store)
                m_store = std::move(store).value();
            m_changed.notify_all();
            while (!m_quit) {
                m_changed.wait(lock, [this] { return m_quit || m_wantHead; });
                if (m_wantHead && m_store) {
                    auto head = m_store->headPosition();
                    m_head = head ? *head : -1;
                    m_wantHead = false;
                    m_changed.notify_all();
                }
            }
            m_store.reset(); // closed on the thread that opened it
        });
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_opened; });
    }
    ~ThreadConnection()
    {
        {
            std::lock_guard lock(m_mutex);
            m_quit = true;
        }
        m_changed.notify_all();
        m_thread.join();
    }
    QString error() const { return m_error; }
    qint64 head()
    {
        std::unique_lock lock(m_mutex);
        m_wantHead = true;
        m_changed.notify_all();
        m_changed.wait(lock, [this] { return !m_wantHead; });
        return m_head;
    }

private:
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::unique_ptr<EventStore> m_store;
    QString m_error;
    qint64 m_head = -1;
    bool m_opened = false;
    bool m_wantHead = false;
    bool m_quit = false;
};

int hold(const QString& path, int connections)
{
    auto main = StoreFactory::open(path);
    if (!main) {
        std::printf("error %s\n", qPrintable(main.error().message));
        return 1;
    }
    std::vector<std::unique_ptr<ThreadConnection>> others;
    for (int i = 1; i < connections; ++i) {
        others.push_back(std::make_unique<ThreadConnection>(path));
        if (!others.back()->error().isEmpty()) {
            std::printf("error %s\n", qPrintable(others.back()->error()));
            return 1;
        }
    }
    AccountService service(**main);
    std::printf("ready %lld\n", qint64(QCoreApplication::applicationPid()));
    std::fflush(stdout);
    std::string line;
    while (std::getline(std::cin, line)) {
        const QStringList words = QString::fromStdString(line).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (words.isEmpty())
            continue;
        if (words.first() == u"quit")
            break;
        if (words.first() == u"create" && words.size() == 2) {
            const CustomerData data{QStringLiteral("Held"), QStringLiteral("Open"), QStringLiteral("1, Lock Lane, Leeds"), QDate(1980, 1, 1)};
            auto created = service.createCustomer(data, words.at(1));
            if (created)
                std::printf("ack %s %lld\n", qPrintable(created->customerId()), created->version());
            else
                std::printf("error %s\n", qPrintable(created.error().message));
        } else if (words.first() == u"head") {
            QStringList heads;
            auto head = (*main)->headPosition();
            heads << QString::number(head ? *head : -1);
            for (const auto& other : others)
                heads << QString::number(other->head());
            std::printf("head %s\n", qPrintable(heads.join(QLatin1Char(' '))));
        } else {
            std::printf("error unknown command %s\n", line.c_str());
        }
        std::fflush(stdout);
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 3 && args.at(1) == u"hold") {
        const qsizetype n = args.indexOf(QStringLiteral("--connections"));
        return hold(args.at(2), n > 0 && n + 1 < args.size() ? args.at(n + 1).toInt() : 3);
    }
    if (args.size() < 4 || args.at(1) != u"append") {
        std::fprintf(stderr, "usage: hindsight-test-writer append STORE COUNT [--customers N] [--prefix P] [--shared-prefix S] [--pace-us U]\n"
                             "       hindsight-test-writer hold STORE [--connections N]\n");
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
