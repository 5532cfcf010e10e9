#pragma once

#include "EventStore.h"

#include <memory>

namespace hindsight {

/**
 * A new store filled under a private name beside the path it is meant for, and given that path only once it is
 * complete: what `import` does when its --store file does not exist yet.
 *
 * Nobody can open the store half-filled, so a failed import removes only files no other program knows of. (The
 * way before, creating the store in place and deleting it again on failure, could delete a store that another
 * program had opened meanwhile, with what it wrote, or its -wal and -shm under its open connection.) Moving into
 * place never replaces a file: if another program created one at that path meanwhile, theirs stays and the
 * staged store is discarded.
 */
class StagedStore
{
public:
    /** Stages a store meant for @p location; nothing is created until open(). */
    explicit StagedStore(QString location);
    /** Discards the staged files unless publish() moved them into place. */
    ~StagedStore();
    StagedStore(const StagedStore&) = delete;
    StagedStore& operator=(const StagedStore&) = delete;

    /** The private name the store is filled under: LOCATION.importing-XXXXXXXX, in the same folder. */
    QString stagingPath() const { return m_stagingPath; }

    /** Creates the empty store at stagingPath(). */
    Result<std::unique_ptr<EventStore>> open();

    /**
     * Closes @p store (which open() returned: SQLite folds its -wal into the file) and moves the file to the
     * location, unless a file exists there: then ErrorCode::Conflict, the file there is left alone and the
     * staged one is removed. On any failure nothing is left at the staging path.
     */
    Result<void> publish(std::unique_ptr<EventStore> store);

    /** Removes the staged files (the store, its -wal, -shm and -journal): files only this object knows. */
    void discard();

private:
    QString m_location;
    QString m_stagingPath;
    bool m_published = false;
};

} // namespace hindsight
