#pragma once

#include "EventStore.h"

#include <memory>

namespace hindsight {

/**
 * Opens stores by location, so nothing above core names a backend. Today every location is an SQLite file;
 * a server store will be told apart by its URL scheme here and nowhere else.
 */
class StoreFactory
{
public:
    enum class Mode {
        OpenExisting,    ///< for reading and writing; an older format is upgraded first
        CreateIfMissing, ///< as OpenExisting, creating an empty store where there is none
        ReadOnly,        ///< for reading only: never writes, never upgrades (verify, state, history, export)
    };

    static Result<std::unique_ptr<EventStore>> open(const QString& location, Mode mode = Mode::OpenExisting);

    /**
     * Whether opening @p location for writing would first upgrade its format (a store written by an older
     * Hindsight). Reads only; false for anything open() would refuse, which open() then reports.
     */
    static bool needsUpgrade(const QString& location);

    /**
     * Upgrades the store at @p location to this version's format, in one transaction, and closes it again. Takes
     * time that grows with the store: a window runs it on a worker thread before opening the store.
     */
    static Result<void> upgrade(const QString& location);

    /**
     * Whether @p path is one of the files of the store at @p location: the store file, or SQLite's -wal, -shm or
     * -journal beside it, told by file identity (device and inode), so links and other spellings of the same file
     * count; a path that does not exist yet counts when it names one of those files. Never opens a file: opening
     * and closing a store file outside SQLite drops this process's locks on it (see SqliteEventStore::open()).
     * Import sources and export targets are checked with it before they are opened.
     */
    static bool isStoreFile(const QString& location, const QString& path);

    /** The store used when none is named: customers.hindsight under the user's application data folder. */
    static QString defaultLocation();

    /** Opens the default store, creating it with the demo events (Table 3-2) the first time. */
    static Result<std::unique_ptr<EventStore>> openDefault();

    /** Creates a store at @p location holding the demo events; refuses if a store exists there. */
    static Result<std::unique_ptr<EventStore>> createDemo(const QString& location);

    /** The five events of the source document's Table 3-2, in stream order. */
    static Result<EventList> demoEvents();
};

} // namespace hindsight
