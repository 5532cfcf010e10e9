#pragma once

#include "EventStore.h"

#include <QSqlDatabase>

struct sqlite3;

namespace hindsight {

/**
 * Direct access to the SQLite library under a QSQLITE connection, for the few paths where Qt's per-value
 * QVariant conversions dominate: reading a whole store at once. Debian's QSQLITE driver links the system
 * libsqlite3, the same one this library links, so the driver's handle can be used with the C API.
 */
class SqliteHandle
{
public:
    /** The sqlite3 handle of an open QSQLITE connection, or nullptr when the driver does not expose one. */
    static sqlite3* of(const QSqlDatabase& db);

    /**
     * Visits the rows of the events table with position > @p afterPosition in position order, as
     * EventStore::forEachEventRecord describes. @p location names the store in error messages.
     */
    static Result<void> forEachEventRecord(sqlite3* db, const QString& location, qint64 afterPosition,
                                           const std::function<bool(const EventRecordView&)>& visit);
};

} // namespace hindsight
