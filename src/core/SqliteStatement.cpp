#include "SqliteStatement.h"

#include "SqliteHandle.h"

#include <QSqlError>
#include <QVariant>

#include <sqlite3.h>

namespace hindsight {

SqliteStatement::SqliteStatement(const QSqlDatabase& db, Backend backend)
    : m_db(db)
{
    if (backend == Backend::Native)
        m_handle = SqliteHandle::of(db);
    if (!m_handle)
        m_query = std::make_unique<QSqlQuery>(db);
}

SqliteStatement::~SqliteStatement()
{
    if (m_native)
        sqlite3_finalize(m_native);
}

bool SqliteStatement::prepare(const QString& sql)
{
    if (!m_handle) {
        m_query->setForwardOnly(true);
        return m_query->prepare(sql);
    }
    const QByteArray utf8 = sql.toUtf8();
    if (m_native) {
        sqlite3_finalize(m_native);
        m_native = nullptr;
    }
    m_lastResult = sqlite3_prepare_v3(m_handle, utf8.constData(), int(utf8.size()), SQLITE_PREPARE_PERSISTENT, &m_native,
                                      nullptr);
    if (m_lastResult != SQLITE_OK) {
        sqlite3_finalize(m_native);
        m_native = nullptr;
        return false;
    }
    m_bound.assign(size_t(sqlite3_bind_parameter_count(m_native)), QByteArray());
    return true;
}

void SqliteStatement::bindValue(int index, const QVariant& value)
{
    m_query->bindValue(index, value);
}

void SqliteStatement::bind(int index, qint64 value)
{
    if (m_native)
        sqlite3_bind_int64(m_native, index + 1, value);
    else
        bindValue(index, value);
}

void SqliteStatement::bind(int index, const QString& text)
{
    if (!m_native) {
        // QSqlQuery binds a null QString as NULL; text columns here are NOT NULL and a null string means "".
        bindValue(index, text.isNull() ? QStringLiteral("") : text);
        return;
    }
    QByteArray& utf8 = m_bound[size_t(index)];
    utf8 = text.toUtf8();
    // An empty QByteArray has no storage; SQLite reads a null pointer as NULL, not as ''.
    sqlite3_bind_text(m_native, index + 1, utf8.isNull() ? "" : utf8.constData(), int(utf8.size()), SQLITE_STATIC);
}

void SqliteStatement::bindBlob(int index, const QByteArray& bytes)
{
    if (!m_native) {
        bindValue(index, bytes.isNull() ? QByteArrayLiteral("") : bytes);
        return;
    }
    m_bound[size_t(index)] = bytes;
    sqlite3_bind_blob(m_native, index + 1, bytes.isNull() ? "" : bytes.constData(), int(bytes.size()), SQLITE_STATIC);
}

void SqliteStatement::bindUtf8(int index, QByteArrayView utf8)
{
    if (!m_native) {
        bindValue(index, QString::fromUtf8(utf8));
        return;
    }
    // An empty view may have no storage; SQLite reads a null pointer as NULL, not as ''.
    sqlite3_bind_text(m_native, index + 1, utf8.isEmpty() ? "" : utf8.data(), int(utf8.size()), SQLITE_STATIC);
}

bool SqliteStatement::exec()
{
    if (!m_native)
        return m_query->exec();
    if (m_started)
        sqlite3_reset(m_native);
    m_started = true;
    m_lastResult = sqlite3_step(m_native);
    m_hasRow = m_lastResult == SQLITE_ROW;
    return m_lastResult == SQLITE_ROW || m_lastResult == SQLITE_DONE;
}

bool SqliteStatement::next()
{
    if (!m_native)
        return m_query->next();
    if (m_hasRow) {
        m_hasRow = false;
        return true;
    }
    if (m_lastResult != SQLITE_ROW)
        return false;
    m_lastResult = sqlite3_step(m_native);
    return m_lastResult == SQLITE_ROW;
}

qint64 SqliteStatement::int64(int column) const
{
    return m_native ? sqlite3_column_int64(m_native, column) : m_query->value(column).toLongLong();
}

QString SqliteStatement::text(int column) const
{
    if (!m_native)
        return m_query->value(column).toString();
    // As UTF-16 from SQLite itself, as the Qt driver reads it: QString::fromUtf8 would drop a U+FEFF that
    // starts the text.
    const auto* utf16 = static_cast<const QChar*>(sqlite3_column_text16(m_native, column));
    return utf16 ? QString(utf16, sqlite3_column_bytes16(m_native, column) / 2) : QString();
}

QByteArray SqliteStatement::blob(int column) const
{
    if (!m_native)
        return m_query->value(column).toByteArray();
    const void* bytes = sqlite3_column_blob(m_native, column);
    return QByteArray(static_cast<const char*>(bytes), sqlite3_column_bytes(m_native, column));
}

void SqliteStatement::reset()
{
    if (!m_native) {
        m_query->finish();
        return;
    }
    sqlite3_reset(m_native);
    sqlite3_clear_bindings(m_native);
    m_started = false;
    m_hasRow = false;
    m_lastResult = SQLITE_OK;
}

bool SqliteStatement::ok() const
{
    if (!m_handle)
        return !m_query->lastError().isValid();
    return m_lastResult == SQLITE_OK || m_lastResult == SQLITE_ROW || m_lastResult == SQLITE_DONE;
}

int SqliteStatement::errorCode() const
{
    if (!m_handle)
        return m_query->lastError().nativeErrorCode().toInt() & 0xff;
    return sqlite3_errcode(m_handle) & 0xff;
}

QString SqliteStatement::errorText() const
{
    if (!m_handle) {
        const QSqlError e = m_query->lastError();
        return e.databaseText().isEmpty() ? e.text() : e.databaseText();
    }
    return QString::fromUtf8(sqlite3_errmsg(m_handle));
}

} // namespace hindsight
