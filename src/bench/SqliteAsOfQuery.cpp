#include "SqliteAsOfQuery.h"

#include <QString>

#include <sqlite3.h>

namespace hindsight::bench {

QList<SqliteAsOfQuery::Candidate> SqliteAsOfQuery::candidates()
{
    return {
        // Per customer one seek for its latest moment and one for that row, over the (customer_id, recorded_at) index.
        {"correlated_max",
         "SELECT e.customer_id, e.version, e.type, e.first_name, e.last_name, e.address, e.dob "
         "FROM (SELECT DISTINCT customer_id FROM events) AS c "
         "JOIN events AS e ON e.customer_id = c.customer_id AND e.recorded_at = "
         "  (SELECT MAX(m.recorded_at) FROM events AS m WHERE m.customer_id = c.customer_id AND m.recorded_at <= ?1) "
         "ORDER BY c.customer_id"},
        // SQLite's bare columns take their values from the row holding the MAX.
        {"group_by_max",
         "SELECT customer_id, version, type, first_name, last_name, address, dob, MAX(recorded_at) "
         "FROM events WHERE recorded_at <= ?1 GROUP BY customer_id ORDER BY customer_id"},
        {"window_row_number",
         "SELECT customer_id, version, type, first_name, last_name, address, dob FROM "
         "(SELECT customer_id, version, type, first_name, last_name, address, dob, "
         "        ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY recorded_at DESC) AS rn "
         " FROM events WHERE recorded_at <= ?1) WHERE rn = 1 ORDER BY customer_id"},
        {"not_exists_later",
         "SELECT e.customer_id, e.version, e.type, e.first_name, e.last_name, e.address, e.dob FROM events AS e "
         "WHERE e.recorded_at <= ?1 AND NOT EXISTS (SELECT 1 FROM events AS l WHERE l.customer_id = e.customer_id "
         "  AND l.recorded_at > e.recorded_at AND l.recorded_at <= ?1) ORDER BY e.customer_id"},
    };
}

SqliteAsOfQuery::SqliteAsOfQuery(sqlite3* db)
    : m_db(db)
{
}

SqliteAsOfQuery::~SqliteAsOfQuery()
{
    sqlite3_finalize(m_statement);
}

Result<void> SqliteAsOfQuery::prepare(const Candidate& candidate)
{
    sqlite3_finalize(m_statement);
    m_statement = nullptr;
    m_name = candidate.name;
    if (sqlite3_prepare_v2(m_db, candidate.sql, -1, &m_statement, nullptr) != SQLITE_OK) {
        return makeError(ErrorCode::Io, QStringLiteral("preparing %1: %2")
                                            .arg(QString::fromLatin1(candidate.name), QString::fromUtf8(sqlite3_errmsg(m_db))));
    }
    return {};
}

Result<qint64> SqliteAsOfQuery::run(qint64 asOfMs, std::vector<SqliteAsOfRow>* rows)
{
    const auto text = [this](int column) {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_statement, column));
        return QByteArrayView(p, sqlite3_column_bytes(m_statement, column));
    };
    sqlite3_reset(m_statement);
    sqlite3_bind_int64(m_statement, 1, asOfMs);
    qint64 count = 0;
    qint64 checksum = 0;
    int rc;
    while ((rc = sqlite3_step(m_statement)) == SQLITE_ROW) {
        // Every column is read, as a table that shows the row would.
        const QByteArrayView id = text(0);
        const qint64 version = sqlite3_column_int64(m_statement, 1);
        const int type = sqlite3_column_int(m_statement, 2);
        const QByteArrayView first = text(3);
        const QByteArrayView last = text(4);
        const QByteArrayView address = text(5);
        const QByteArrayView dob = text(6);
        checksum += id.size() + version + type + first.size() + last.size() + address.size() + dob.size();
        if (rows)
            rows->push_back({id.toByteArray(), version, type, first.toByteArray(), last.toByteArray(), address.toByteArray(),
                             dob.toByteArray()});
        ++count;
    }
    if (rc != SQLITE_DONE)
        return makeError(ErrorCode::Io, QStringLiteral("running %1: %2").arg(QString::fromLatin1(m_name), QString::fromUtf8(sqlite3_errmsg(m_db))));
    m_checksum += checksum; // keeps the reads from being optimized away
    return count;
}

} // namespace hindsight::bench
