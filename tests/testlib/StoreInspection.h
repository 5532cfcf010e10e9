#pragma once

#include "Event.h"
#include "Result.h"

#include <QSqlDatabase>
#include <QStringList>

namespace hindsight::test {

/**
 * A store's content as SQLite holds it, for tests that must prove two files (or one file before and after)
 * hold the same thing. Values are SQL literals (quote()), so a column bound as a blob instead of text, or an
 * integer stored as text, shows as a difference.
 */

/** Every events row in position order, all columns including the chain hash, one line per row. */
QStringList eventRows(const QSqlDatabase& db);
/** Every customers row in customer id order, one line per row. */
QStringList customerRows(const QSqlDatabase& db);
/** Names of the schema objects of @p type ("table", "index", "trigger") sorted; SQLite's own are left out. */
QStringList schemaNames(const QSqlDatabase& db, const QString& type);
/** "type name on table: sql" of every schema object, whitespace collapsed, sorted by type and name. */
QStringList schemaSql(const QSqlDatabase& db);
/** PRAGMA table_info of @p table, one "cid name type notnull dflt pk" line per column. */
QStringList tableColumns(const QSqlDatabase& db, const QString& table);
/** PRAGMA user_version; -1 when it cannot be read. */
int userVersion(const QSqlDatabase& db);
/** The number of rows of the events table; -1 when it cannot be read. */
qint64 eventCount(const QSqlDatabase& db);

/**
 * How many POSIX locks the process @p pid holds on the file at @p path, as /proc/locks lists them (by device and
 * inode); -1 when they cannot be read. SQLite's connections hold one on the store file while they are open.
 */
int posixLocksHeld(qint64 pid, const QString& path);

/** A result's error message, empty when it succeeded: for QVERIFY2, which builds its message even on success. */
template <typename T>
QString failureOf(const Result<T>& result)
{
    return result ? QString() : result.error().message;
}

/**
 * The chain hash exactly as the first release computed it, independently of EventHash: QCryptographicHash over the
 * previous hash, then QString::toUtf8() of eventId, customerId, version, position, recordedAtMs, type (as int),
 * firstName, lastName, address and date of birth (ISO yyyy-MM-dd, empty if invalid) joined by U+001F.
 * Files written by that release carry these bytes; the store must go on computing the same.
 */
QByteArray firstReleaseChainHash(const QByteArray& previousHash, const Event& event);
/** The fields firstReleaseChainHash() joins, as text, in their order. */
QStringList firstReleaseHashFields(const Event& event);

/** SHA-256 of a file's bytes (empty when it cannot be read). */
QByteArray fileDigest(const QString& path);

/**
 * A connection of the test's own to a store file, named uniquely and removed with the object: for writing files
 * the way an older Hindsight did, or looking at one behind the store's back.
 */
class RawConnection
{
public:
    explicit RawConnection(const QString& path, bool readOnly = false);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    bool isOpen() const { return m_db.isOpen(); }
    QSqlDatabase& db() { return m_db; }
    /** Runs @p sql; on failure returns false and sets @p error to SQLite's message. */
    bool exec(const QString& sql, QString* error = nullptr);
    /** Checkpoints the write-ahead log into the file and closes the connection (the -wal file goes). */
    void close();

private:
    QString m_name;
    QSqlDatabase m_db;
};

} // namespace hindsight::test
