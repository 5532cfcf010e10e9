#include "StoreFactory.h"

#include "CsvEventReader.h"
#include "SqliteEventStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <sys/stat.h>

namespace hindsight {

Result<std::unique_ptr<EventStore>> StoreFactory::open(const QString& location, Mode mode)
{
    const auto sqliteMode = mode == Mode::CreateIfMissing ? SqliteEventStore::OpenMode::CreateIfMissing
        : mode == Mode::ReadOnly                          ? SqliteEventStore::OpenMode::ReadOnly
                                                          : SqliteEventStore::OpenMode::OpenExisting;
    auto store = SqliteEventStore::open(location, sqliteMode);
    if (!store)
        return store.error();
    return std::unique_ptr<EventStore>(std::move(store).value());
}

bool StoreFactory::needsUpgrade(const QString& location)
{
    return SqliteEventStore::needsUpgrade(location);
}

Result<void> StoreFactory::upgrade(const QString& location)
{
    auto store = SqliteEventStore::open(location, SqliteEventStore::OpenMode::OpenExisting);
    if (!store)
        return store.error();
    return {};
}

bool StoreFactory::isStoreFile(const QString& location, const QString& path)
{
    if (location.isEmpty() || path.isEmpty())
        return false;
    const QFileInfo target(path);
    // stat() reads the inode without opening the file, so no lock of this process is touched.
    struct stat targetStat {};
    const bool targetExists = ::stat(QFile::encodeName(target.absoluteFilePath()).constData(), &targetStat) == 0;
    const QFileInfo store(location);
    // canonicalPath() of a file that does not exist is empty: the folders are resolved instead.
    const QString storeFolder = QFileInfo(store.absolutePath()).canonicalFilePath();
    const QString targetFolder = QFileInfo(target.absolutePath()).canonicalFilePath();
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        const QString name = store.absoluteFilePath() + QLatin1String(suffix);
        struct stat storeStat {};
        if (targetExists && ::stat(QFile::encodeName(name).constData(), &storeStat) == 0) {
            if (storeStat.st_dev == targetStat.st_dev && storeStat.st_ino == targetStat.st_ino)
                return true;
            continue;
        }
        // One of them does not exist (yet): the same folder and the same name would make it that file.
        if (!storeFolder.isEmpty() && targetFolder == storeFolder
            && target.fileName() == store.fileName() + QLatin1String(suffix)) {
            return true;
        }
    }
    return false;
}

QString StoreFactory::defaultLocation()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/customers.hindsight");
}

Result<std::unique_ptr<EventStore>> StoreFactory::openDefault()
{
    const QString location = defaultLocation();
    if (QFileInfo::exists(location))
        return open(location);
    return createDemo(location);
}

Result<std::unique_ptr<EventStore>> StoreFactory::createDemo(const QString& location)
{
    if (QFileInfo::exists(location))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("%1 exists already").arg(QDir::toNativeSeparators(location)));
    auto events = demoEvents();
    if (!events)
        return events.error();
    auto store = open(location, Mode::CreateIfMissing);
    if (!store)
        return store;
    if (auto appended = (*store)->appendBatch(*events); !appended)
        return appended.error();
    return store;
}

Result<EventList> StoreFactory::demoEvents()
{
    QFile file(QStringLiteral(":/demo/seed-events.csv"));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("the demo events are missing from this build"));
    auto read = CsvEventReader::read(file.readAll(), QStringLiteral("seed-events.csv"));
    if (!read)
        return read.error();
    SourcedEventList sourced = std::move(read).value();
    sortByCustomerAndTime(sourced);
    EventList events;
    for (const SourcedEvent& e : std::as_const(sourced))
        events.append(e.event);
    return events;
}

} // namespace hindsight
