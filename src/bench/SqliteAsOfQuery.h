#pragma once

#include "Result.h"

#include <QByteArray>
#include <QList>

#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace hindsight::bench {

/** One row of an as-of answer computed by SQLite: the latest event of a customer at or before the moment. */
struct SqliteAsOfRow {
    QByteArray customerId;
    qint64 version = 0;
    int type = 0;
    QByteArray firstName;
    QByteArray lastName;
    QByteArray address;
    QByteArray dateOfBirth;
};

/**
 * The whole customer table as of a moment, computed by SQLite alone over the events table and its
 * UNIQUE (customer_id, recorded_at) index, through the C API so that no Qt conversion is counted against it.
 */
class SqliteAsOfQuery
{
public:
    struct Candidate {
        const char* name;
        const char* sql; ///< one parameter: the moment in ms; columns as SqliteAsOfRow, ordered by customer id
    };
    /** The ways of asking tried; the benchmark keeps the fastest. */
    static QList<Candidate> candidates();

    explicit SqliteAsOfQuery(sqlite3* db);
    ~SqliteAsOfQuery();
    SqliteAsOfQuery(const SqliteAsOfQuery&) = delete;
    SqliteAsOfQuery& operator=(const SqliteAsOfQuery&) = delete;

    Result<void> prepare(const Candidate& candidate);
    const char* name() const { return m_name; }

    /** Runs as of @p asOfMs, reading every column of every row; keeps the rows in @p rows when given. */
    Result<qint64> run(qint64 asOfMs, std::vector<SqliteAsOfRow>* rows = nullptr);
    /** A sum over everything read, so that no read can be skipped. */
    qint64 checksum() const { return m_checksum; }

private:
    sqlite3* m_db;
    sqlite3_stmt* m_statement = nullptr;
    const char* m_name = "";
    qint64 m_checksum = 0;
};

} // namespace hindsight::bench
