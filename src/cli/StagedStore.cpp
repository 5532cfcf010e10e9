#include "StagedStore.h"

#include "StoreFactory.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace hindsight {

namespace {

const char* const SqliteSuffixes[] = {"", "-wal", "-shm", "-journal"};

QString shown(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

/** Gives @p from the name @p to unless something exists there; errno tells why not. */
bool moveWithoutReplacing(const QString& from, const QString& to)
{
    const QByteArray source = QFile::encodeName(from);
    const QByteArray target = QFile::encodeName(to);
    if (::renameat2(AT_FDCWD, source.constData(), AT_FDCWD, target.constData(), RENAME_NOREPLACE) == 0)
        return true;
    if (errno != EINVAL && errno != ENOSYS)
        return false;
    // A file system without renameat2's flags: a hard link is made only where nothing exists, too.
    if (::link(source.constData(), target.constData()) != 0)
        return false;
    ::unlink(source.constData());
    return true;
}

} // namespace

StagedStore::StagedStore(QString location)
    : m_location(QFileInfo(location).absoluteFilePath())
{
    const quint32 random = QRandomGenerator::system()->generate();
    m_stagingPath = m_location + QStringLiteral(".importing-%1").arg(random, 8, 16, QLatin1Char('0'));
}

StagedStore::~StagedStore()
{
    if (!m_published)
        discard();
}

Result<std::unique_ptr<EventStore>> StagedStore::open()
{
    return StoreFactory::open(m_stagingPath, StoreFactory::Mode::CreateIfMissing);
}

Result<void> StagedStore::publish(std::unique_ptr<EventStore> store)
{
    // The last connection to close checkpoints the write-ahead log into the file and removes -wal and -shm.
    store.reset();
    const QString wal = m_stagingPath + QStringLiteral("-wal");
    if (QFileInfo(wal).size() > 0) {
        discard();
        return makeError(ErrorCode::Io, QStringLiteral("the new store %1 could not be completed (its write-ahead log stayed "
                                                       "behind); nothing was imported")
                                            .arg(shown(m_location)));
    }
    if (!moveWithoutReplacing(m_stagingPath, m_location)) {
        const int reason = errno;
        discard();
        if (reason == EEXIST) {
            return makeError(ErrorCode::Conflict,
                             QStringLiteral("%1 was created by another program while the import filled a new store for it; "
                                            "that file was left as it is and nothing was imported. Run the import again to "
                                            "import into it.")
                                 .arg(shown(m_location)));
        }
        return makeError(ErrorCode::Io, QStringLiteral("cannot move the new store into place at %1: %2; nothing was imported")
                                            .arg(shown(m_location), QString::fromLocal8Bit(std::strerror(reason))));
    }
    m_published = true;
    // An empty -shm may stay when SQLite could not remove it; it belongs to the staging name, which nobody opens.
    for (const char* suffix : SqliteSuffixes) {
        if (*suffix)
            QFile::remove(m_stagingPath + QLatin1String(suffix));
    }
    return {};
}

void StagedStore::discard()
{
    for (const char* suffix : SqliteSuffixes)
        QFile::remove(m_stagingPath + QLatin1String(suffix));
}

} // namespace hindsight
