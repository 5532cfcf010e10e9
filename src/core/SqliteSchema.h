#pragma once

#include <span>

namespace hindsight::sqliteschema {

/**
 * The SQL of the store's schema, version by version. A version's statements are never edited once released:
 * later versions add migration steps. A new store runs version 1 and then every migration, in one transaction,
 * so that the steps existing files take are the steps every new file took.
 */

/**
 * The append-only triggers, the same in every version. verify compares the SQL stored in the file with these
 * (whitespace aside): a trigger of the same name that does nothing would otherwise pass.
 */
inline constexpr const char* RefuseUpdateTrigger = R"(CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events
       BEGIN SELECT RAISE(ABORT, 'Hindsight events are append-only: UPDATE is refused'); END)";
inline constexpr const char* RefuseDeleteTrigger = R"(CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events
       BEGIN SELECT RAISE(ABORT, 'Hindsight events are append-only: DELETE is refused'); END)";

/** Schema version 1: the first release. */
inline constexpr const char* Version1[] = {
    R"(CREATE TABLE events (
        position     INTEGER PRIMARY KEY,
        event_id     TEXT    NOT NULL UNIQUE,
        customer_id  TEXT    NOT NULL,
        version      INTEGER NOT NULL CHECK (version >= 1),
        recorded_at  INTEGER NOT NULL,
        type         INTEGER NOT NULL CHECK (type IN (1, 2, 3)),
        first_name   TEXT    NOT NULL,
        last_name    TEXT    NOT NULL,
        address      TEXT    NOT NULL,
        dob          TEXT    NOT NULL,
        hash         BLOB    NOT NULL,
        UNIQUE (customer_id, version),
        UNIQUE (customer_id, recorded_at)
    ))",
    "CREATE INDEX events_by_recorded_at ON events (recorded_at)",
    RefuseUpdateTrigger,
    RefuseDeleteTrigger,
    R"(CREATE TABLE customers (
        customer_id  TEXT    PRIMARY KEY,
        first_name   TEXT    NOT NULL,
        last_name    TEXT    NOT NULL,
        address      TEXT    NOT NULL,
        dob          TEXT    NOT NULL,
        status       INTEGER NOT NULL CHECK (status IN (0, 1)),
        version      INTEGER NOT NULL,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
    ) WITHOUT ROWID)",
};

/** One unique index of the events table from version 2 on: dropped and rebuilt around a bulk import. */
struct EventIndex {
    const char* name;
    const char* create;
};

/**
 * The events table's unique indexes from version 2 on: the event id (what makes an append idempotent) and the
 * source document's key, customer (PK) and time (SK). A version is the ordinal of an event in its customer's
 * stream, given by the one writer under the write lock and checked by verify; it needs no index of its own.
 */
inline constexpr EventIndex EventIndexes[] = {
    {"events_by_id", "CREATE UNIQUE INDEX events_by_id ON events (event_id)"},
    {"events_by_customer_time", "CREATE UNIQUE INDEX events_by_customer_time ON events (customer_id, recorded_at)"},
};

/**
 * Version 1 → 2, for the speed of bulk imports (issue 5):
 * - the uniqueness rules become named indexes that a bulk import drops and rebuilds in its transaction (SQLite
 *   builds an index from sorted rows several times faster than it grows one row by row);
 * - the index on recorded_at alone goes (the earliest and latest moments come from the customer table);
 * - "x IN (1, 2, 3)" checks become comparisons: SQLite evaluates an IN list through a temporary table for each row,
 *   which cost more than the insert itself.
 * SQLite cannot drop a constraint, so both tables are rebuilt; every row, and the order of the log, is kept.
 */
inline constexpr const char* MigrationTo2[] = {
    R"(CREATE TABLE events_v2 (
        position     INTEGER PRIMARY KEY,
        event_id     TEXT    NOT NULL,
        customer_id  TEXT    NOT NULL,
        version      INTEGER NOT NULL CHECK (version >= 1),
        recorded_at  INTEGER NOT NULL,
        type         INTEGER NOT NULL CHECK (type = 1 OR type = 2 OR type = 3),
        first_name   TEXT    NOT NULL,
        last_name    TEXT    NOT NULL,
        address      TEXT    NOT NULL,
        dob          TEXT    NOT NULL,
        hash         BLOB    NOT NULL
    ))",
    "INSERT INTO events_v2 SELECT position, event_id, customer_id, version, recorded_at, type, first_name, last_name, "
    "address, dob, hash FROM events ORDER BY position",
    // Dropping a table drops its triggers first, so the append-only triggers do not stop this.
    "DROP TABLE events",
    "ALTER TABLE events_v2 RENAME TO events",
    "CREATE UNIQUE INDEX events_by_id ON events (event_id)",
    "CREATE UNIQUE INDEX events_by_customer_time ON events (customer_id, recorded_at)",
    RefuseUpdateTrigger,
    RefuseDeleteTrigger,
    R"(CREATE TABLE customers_v2 (
        customer_id  TEXT    PRIMARY KEY,
        first_name   TEXT    NOT NULL,
        last_name    TEXT    NOT NULL,
        address      TEXT    NOT NULL,
        dob          TEXT    NOT NULL,
        status       INTEGER NOT NULL CHECK (status = 0 OR status = 1),
        version      INTEGER NOT NULL,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
    ) WITHOUT ROWID)",
    "INSERT INTO customers_v2 SELECT customer_id, first_name, last_name, address, dob, status, version, created_at, "
    "updated_at FROM customers ORDER BY customer_id",
    "DROP TABLE customers",
    "ALTER TABLE customers_v2 RENAME TO customers",
};

/** A migration: the statements that take a file from version to - 1 to version to. */
struct Migration {
    int to;
    std::span<const char* const> steps;
};

inline constexpr Migration Migrations[] = {
    {2, MigrationTo2},
};

} // namespace hindsight::sqliteschema
