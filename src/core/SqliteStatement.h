#pragma once

#include <QByteArray>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace hindsight {

/**
 * One prepared statement on a QSQLITE connection, for the hot write path. It talks to the SQLite library
 * directly when the driver exposes its handle (SqliteHandle), which skips QSqlQuery's per-value QVariant and
 * placeholder bookkeeping that otherwise dominates a bulk append; it falls back to QSqlQuery when not.
 * Both paths run inside the connection's current transaction.
 */
class SqliteStatement
{
public:
    enum class Backend {
        Native, ///< sqlite3_* calls on the driver's handle (QtSql when there is none)
        QtSql,  ///< QSqlQuery
    };

    explicit SqliteStatement(const QSqlDatabase& db, Backend backend = Backend::Native);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    Backend backend() const { return m_handle ? Backend::Native : Backend::QtSql; }

    bool prepare(const QString& sql);
    /** Binds the 0-based parameter @p index for the next exec(). */
    void bind(int index, qint64 value);
    void bind(int index, const QString& text);
    void bindBlob(int index, const QByteArray& bytes);
    /** Binds UTF-8 text as it is; @p utf8 must stay unchanged until exec() has run. */
    void bindUtf8(int index, QByteArrayView utf8);
    /** Runs the statement with the bound values; a query is then positioned before its first row. */
    bool exec();
    /** Moves to the next row; false at the end. */
    bool next();
    qint64 int64(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    /** Ends the current run (releasing its read position) and clears the bindings. */
    void reset();
    /** False when the last prepare, exec or next failed (rather than ran out of rows). */
    bool ok() const;
    /** What the last failure was, as SQLite said it. */
    QString errorText() const;
    /** SQLite's primary result code of the last failure (SQLITE_CORRUPT, SQLITE_BUSY…); 0 when unknown. */
    int errorCode() const;

private:
    void bindValue(int index, const QVariant& value);

    QSqlDatabase m_db;
    sqlite3* m_handle = nullptr;
    sqlite3_stmt* m_native = nullptr;
    std::unique_ptr<QSqlQuery> m_query;
    bool m_hasRow = false;    // native: exec() stepped onto a row that next() has not handed out yet
    bool m_started = false;   // native: exec() ran since the last reset()
    int m_lastResult = 0;
    std::vector<QByteArray> m_bound; // native: text and blobs bound with SQLITE_STATIC live here until rebound
};

} // namespace hindsight
