#include "SqliteStoreVerifier.h"

#include "CustomerProjection.h"
#include "EventHash.h"
#include "SqliteEventStore.h"
#include "SqliteHandle.h"
#include "SqliteSchema.h"
#include "Timestamp.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <sqlite3.h>

#include <algorithm>

namespace hindsight {

namespace {
QString describe(const Event& e)
{
    return QStringLiteral("event %1 at position %2 (customer %3, version %4, %5)")
        .arg(e.eventId())
        .arg(e.position())
        .arg(e.customerId())
        .arg(e.version())
        .arg(Timestamp::format(e.recordedAtMs()));
}
} // namespace

SqliteStoreVerifier::SqliteStoreVerifier(QSqlDatabase database, QString path)
    : m_db(std::move(database))
    , m_path(std::move(path))
{
}

Error SqliteStoreVerifier::readError(const QString& what) const
{
    return makeError(ErrorCode::Io, QStringLiteral("%1 failed in %2: %3").arg(what, m_path, m_db.lastError().text()));
}

Result<void> SqliteStoreVerifier::unreadable(VerifyReport& report, const QString& what, const QString& why) const
{
    // A log or table SQLite cannot read is what verify is for: a finding, not a failure to check.
    report.problems << QStringLiteral("SQLite cannot go on %1: %2").arg(what, why);
    return {};
}

Error SqliteStoreVerifier::cancelled() const
{
    return makeError(ErrorCode::Cancelled, QStringLiteral("the check of %1 was stopped; nothing was changed").arg(m_path));
}

Result<VerifyReport> SqliteStoreVerifier::verify(const std::optional<StoreHead>& against, const VerifyProgress& progress) const
{
    // Everything is read in one read transaction, so the log, the customer table and the schema are one snapshot
    // of the file: writers beside verify commit to the write-ahead log, which this snapshot does not see, instead
    // of showing a table ahead of the log read before it (a false "the customer table disagrees").
    {
        QSqlQuery begin(m_db);
        if (!begin.exec(QStringLiteral("BEGIN DEFERRED")))
            return readError(QStringLiteral("starting to read"));
    }
    auto report = verifyInSnapshot(against, progress);
    QSqlQuery end(m_db);
    end.exec(QStringLiteral("ROLLBACK")); // read only: nothing to keep
    return report;
}

Result<VerifyReport> SqliteStoreVerifier::verifyInSnapshot(const std::optional<StoreHead>& against,
                                                           const VerifyProgress& progress) const
{
    VerifyReport report;
    qint64 total = 0;
    {
        QSqlQuery q(m_db);
        if (q.exec(QStringLiteral("SELECT COALESCE(MAX(position), 0) FROM events")) && q.next())
            total = q.value(0).toLongLong();
    }
    if (auto r = checkStorage(report, total, progress); !r)
        return r.error();
    checkSchema(report);
    if (auto r = checkLog(report, total, progress); !r)
        return r.error();
    if (against) {
        if (against->position > report.head.position) {
            report.problems << QStringLiteral("the log ends at position %1, but the export recorded position %2: events were cut off the end")
                                   .arg(report.head.position)
                                   .arg(against->position);
        } else if (against->position > 0) {
            QSqlQuery q(m_db);
            q.prepare(QStringLiteral("SELECT hash FROM events WHERE position = ?"));
            q.addBindValue(against->position);
            if (!q.exec())
                return readError(QStringLiteral("reading the recorded head"));
            if (!q.next() || q.value(0).toByteArray() != against->hash) {
                report.problems << QStringLiteral("the event at position %1 is not the one the export recorded: the log was rewritten")
                                       .arg(against->position);
            }
        }
    }
    return report;
}

Result<void> SqliteStoreVerifier::checkStorage(VerifyReport& report, qint64 total, const VerifyProgress& progress) const
{
    // SQLite's integrity check is one statement, seconds long on a large store: a progress handler asks the caller
    // (at once, then every 100 ms) whether to go on, and interrupts the statement when told to stop.
    struct Asking {
        const VerifyProgress& progress;
        qint64 total;
        QElapsedTimer sinceAsked;
        bool stopped = false;
    } asking{progress, total, {}};
    sqlite3* handle = progress ? SqliteHandle::of(m_db) : nullptr;
    if (handle) {
        sqlite3_progress_handler(
            handle, 1000,
            [](void* context) -> int {
                auto* a = static_cast<Asking*>(context);
                if (a->sinceAsked.isValid() && a->sinceAsked.elapsed() < 100)
                    return 0;
                a->sinceAsked.start();
                a->stopped = !a->progress(0, a->total);
                return a->stopped ? 1 : 0;
            },
            &asking);
    } else if (progress && !progress(0, total)) {
        return cancelled();
    }
    QSqlQuery q(m_db);
    const bool ran = q.exec(QStringLiteral("PRAGMA integrity_check"));
    QStringList findings;
    while (ran && q.next() && findings.size() < 5)
        findings << q.value(0).toString();
    q.finish();
    if (handle)
        sqlite3_progress_handler(handle, 0, nullptr, nullptr);
    if (asking.stopped)
        return cancelled();
    if (!ran) {
        report.problems << QStringLiteral("SQLite cannot check the file: %1").arg(q.lastError().text());
        return {};
    }
    if (findings != QStringList{QStringLiteral("ok")})
        report.problems << QStringLiteral("SQLite integrity check failed: %1").arg(findings.join(QStringLiteral("; ")));
    return {};
}

void SqliteStoreVerifier::checkSchema(VerifyReport& report) const
{
    QSqlQuery q(m_db);
    // An older version is a store this Hindsight reads as it is (one opened read-only is not upgraded); its
    // uniqueness rules are the ones of its own version.
    int version = SqliteEventStore::SchemaVersion;
    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
        version = q.value(0).toInt();
    if (version < 1 || version > SqliteEventStore::SchemaVersion)
        report.problems << QStringLiteral("the schema version is %1, expected 1 to %2").arg(version).arg(SqliteEventStore::SchemaVersion);

    struct Object {
        QString type;
        QString table;
        QString sql; // whitespace simplified; empty for SQLite's own indexes
    };
    QHash<QString, Object> schema;
    if (!q.exec(QStringLiteral("SELECT type, name, tbl_name, sql FROM sqlite_schema"))) {
        report.problems << QStringLiteral("the schema cannot be read: %1").arg(q.lastError().text());
        return;
    }
    while (q.next())
        schema.insert(q.value(1).toString(), {q.value(0).toString(), q.value(2).toString(), q.value(3).toString().simplified()});

    // What the append-only rule rests on is checked by what it does, not by its name: the triggers' SQL must be
    // ours, and nothing else in the schema (another trigger, a view with INSTEAD OF triggers) may write.
    const std::pair<const char*, const char*> triggers[] = {{"events_refuse_update", sqliteschema::RefuseUpdateTrigger},
                                                            {"events_refuse_delete", sqliteschema::RefuseDeleteTrigger}};
    for (const auto& [name, sql] : triggers) {
        const auto it = schema.constFind(QString::fromLatin1(name));
        if (it == schema.cend() || it->type != u"trigger")
            report.problems << QStringLiteral("the append-only trigger %1 is missing: the log may have been edited").arg(QLatin1String(name));
        else if (it->table != u"events" || it->sql != QString::fromLatin1(sql).simplified())
            report.problems << QStringLiteral("the append-only trigger %1 was replaced by another: the log may have been edited")
                                   .arg(QLatin1String(name));
    }
    for (auto it = schema.cbegin(); it != schema.cend(); ++it) {
        const bool ours = it.key() == u"events_refuse_update" || it.key() == u"events_refuse_delete";
        if ((it->type == u"trigger" && !ours) || it->type == u"view") {
            report.problems << QStringLiteral("the schema holds a %1 Hindsight did not make, %2 (on %3): it could change what is "
                                              "stored or read")
                                   .arg(it->type, it.key(), it->table);
        }
    }

    QStringList expected;
    QHash<QString, QString> expectedSql;
    if (version == 1) {
        // Version 1 declares its three UNIQUE constraints in the table, and SQLite names their indexes.
        for (int i = 1; i <= 3; ++i)
            expected << QStringLiteral("sqlite_autoindex_events_%1").arg(i);
    } else {
        for (const sqliteschema::EventIndex& index : sqliteschema::EventIndexes) {
            expected << QString::fromLatin1(index.name);
            expectedSql.insert(QString::fromLatin1(index.name), QString::fromLatin1(index.create).simplified());
        }
    }
    for (const QString& name : std::as_const(expected)) {
        const auto it = schema.constFind(name);
        if (it == schema.cend() || it->type != u"index" || it->table != u"events")
            report.problems << QStringLiteral("the unique index %1 is missing: ids or times may repeat unnoticed").arg(name);
        else if (expectedSql.contains(name) && it->sql != expectedSql.value(name))
            report.problems << QStringLiteral("the unique index %1 was replaced by another: ids or times may repeat unnoticed").arg(name);
    }
}

Result<void> SqliteStoreVerifier::checkLog(VerifyReport& report, qint64 total, const VerifyProgress& progress) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT position, event_id, customer_id, version, recorded_at, type, first_name, last_name, "
                               "address, dob, hash FROM events ORDER BY position")))
        return unreadable(report, QStringLiteral("reading the log"), q.lastError().text());
    CustomerProjection replay;
    QByteArray previousHash;
    qint64 expectedPosition = 1;
    bool chainBroken = false;
    bool streamsBroken = false;
    qint64 legacyHashes = 0;
    QString firstLegacy;
    const auto chainProblem = [&](qint64 position, const QString& text) {
        if (!chainBroken) {
            chainBroken = true;
            report.firstBadPosition = position;
            report.problems.prepend(text);
        }
    };
    while (q.next()) {
        CustomerData data{q.value(6).toString(), q.value(7).toString(), q.value(8).toString(),
                          QDate::fromString(q.value(9).toString(), Qt::ISODate)};
        const Event e(q.value(1).toString(), q.value(2).toString(), static_cast<EventType>(q.value(5).toInt()),
                      q.value(4).toLongLong(), std::move(data), q.value(3).toLongLong(), q.value(0).toLongLong());
        const QByteArray stored = q.value(10).toByteArray();
        ++report.eventsChecked;
        if (progress && report.eventsChecked % 4096 == 0 && !progress(report.eventsChecked, std::max(total, report.eventsChecked)))
            return cancelled();
        if (e.position() != expectedPosition) {
            chainProblem(e.position(), QStringLiteral("%1 follows position %2: events in between are missing or were moved")
                                           .arg(describe(e))
                                           .arg(expectedPosition - 1));
        } else if (const ChainHashMatch match = matchChainHash(previousHash, e, stored); match == ChainHashMatch::Differs) {
            chainProblem(e.position(), QStringLiteral("%1 does not match its hash: it was changed, or an event before it was "
                                                      "removed, inserted or reordered")
                                           .arg(describe(e)));
        } else if (match == ChainHashMatch::MatchesLegacy) {
            ++legacyHashes;
            if (firstLegacy.isEmpty())
                firstLegacy = describe(e);
        }
        if (!streamsBroken) {
            if (auto applied = replay.apply(e); !applied) {
                streamsBroken = true;
                report.problems << QStringLiteral("the log breaks a stream rule: %1").arg(applied.error().message);
            }
        }
        previousHash = stored;
        expectedPosition = e.position() + 1;
        report.head = {e.position(), stored};
    }
    if (q.lastError().isValid())
        return unreadable(report, QStringLiteral("reading the log"), q.lastError().text());
    if (legacyHashes > 0) {
        report.notes << QStringLiteral("%1 event(s), the first %2, hold a control character (U+001B or U+001F) in their text "
                                       "and were hashed before such characters were escaped: their hashes cannot show text "
                                       "moved from one field to the next")
                            .arg(legacyHashes)
                            .arg(firstLegacy);
    }

    if (!streamsBroken) {
        QSqlQuery c(m_db);
        c.setForwardOnly(true);
        if (!c.exec(QStringLiteral("SELECT customer_id, first_name, last_name, address, dob, status, version, created_at, "
                                   "updated_at FROM customers ORDER BY customer_id")))
            return unreadable(report, QStringLiteral("reading the customer table"), c.lastError().text());
        const CustomerList expected = replay.customers();
        qsizetype i = 0;
        QString mismatch;
        QString what;
        while (c.next() && mismatch.isEmpty()) {
            const QString id = c.value(0).toString();
            if (i >= expected.size() || expected[i].customerId != id) {
                mismatch = id;
                what = QStringLiteral("the table has a customer the log does not");
                break;
            }
            const CustomerRecord& r = expected[i++];
            const bool sameData = r.data.firstName == c.value(1).toString() && r.data.lastName == c.value(2).toString()
                && r.data.address == c.value(3).toString() && Timestamp::formatDate(r.data.dateOfBirth) == c.value(4).toString()
                && (r.status == CustomerStatus::Deleted ? 1 : 0) == c.value(5).toInt() && r.version == c.value(6).toLongLong();
            // The times matter as much as the fields: the earliest and latest moments of the store come from them.
            const qint64 createdAt = c.value(7).toLongLong();
            const qint64 updatedAt = c.value(8).toLongLong();
            if (!sameData) {
                mismatch = id;
                what = QStringLiteral("its fields, status or version differ");
            } else if (createdAt != r.createdAtMs) {
                mismatch = id;
                what = QStringLiteral("created_at is %1, the log says %2").arg(Timestamp::format(createdAt), Timestamp::format(r.createdAtMs));
            } else if (updatedAt != r.updatedAtMs) {
                mismatch = id;
                what = QStringLiteral("updated_at is %1, the log says %2").arg(Timestamp::format(updatedAt), Timestamp::format(r.updatedAtMs));
            }
        }
        if (mismatch.isEmpty() && i < expected.size()) {
            mismatch = expected[i].customerId;
            what = QStringLiteral("the table lacks a customer of the log");
        }
        if (!mismatch.isEmpty()) {
            report.problems << QStringLiteral("the customer table disagrees with the log at customer %1: %2 (the log is the truth: "
                                              "`hindsight-cli rebuild` rebuilds the table from it)")
                                   .arg(mismatch, what);
        }
    }
    return {};
}

} // namespace hindsight
