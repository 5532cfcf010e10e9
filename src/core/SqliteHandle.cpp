#include "SqliteHandle.h"

#include <QDir>
#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace hindsight {

namespace {

QByteArrayView textColumn(sqlite3_stmt* statement, int column)
{
    // sqlite3_column_text first, then _bytes: the documented order that yields the UTF-8 length.
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
    const int size = sqlite3_column_bytes(statement, column);
    return text ? QByteArrayView(text, size) : QByteArrayView();
}

} // namespace

sqlite3* SqliteHandle::of(const QSqlDatabase& db)
{
    if (!db.isOpen() || !db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(handle.constData());
}

Result<void> SqliteHandle::forEachEventRecord(sqlite3* db, const QString& location, qint64 afterPosition,
                                              const std::function<bool(const EventRecordView&)>& visit)
{
    const auto fail = [&](const char* what) {
        return makeError(ErrorCode::Io, QStringLiteral("%1 failed in %2: %3")
                                            .arg(QString::fromLatin1(what), QDir::toNativeSeparators(location),
                                                 QString::fromUtf8(sqlite3_errmsg(db))));
    };
    static const char sql[] = "SELECT position, version, recorded_at, type, customer_id, first_name, last_name, address, dob "
                              "FROM events WHERE position > ? ORDER BY position";
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql, sizeof sql, &statement, nullptr) != SQLITE_OK) {
        sqlite3_finalize(statement);
        return fail("reading events");
    }
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(statement, sqlite3_finalize);
    sqlite3_bind_int64(statement, 1, afterPosition);
    EventRecordView view;
    for (;;) {
        const int rc = sqlite3_step(statement);
        if (rc == SQLITE_DONE)
            return {};
        if (rc != SQLITE_ROW)
            return fail("reading events");
        view.position = sqlite3_column_int64(statement, 0);
        view.version = sqlite3_column_int64(statement, 1);
        view.recordedAtMs = sqlite3_column_int64(statement, 2);
        view.type = static_cast<EventType>(sqlite3_column_int(statement, 3));
        view.customerId = textColumn(statement, 4);
        view.firstName = textColumn(statement, 5);
        view.lastName = textColumn(statement, 6);
        view.address = textColumn(statement, 7);
        view.dateOfBirth = textColumn(statement, 8);
        if (!visit(view))
            return {};
    }
}

} // namespace hindsight
