#pragma once

#include "CustomerProjection.h"
#include "EventHash.h"
#include "SqliteEventStore.h"
#include "SqliteSchema.h"
#include "Timestamp.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace hindsight::test {

/**
 * Writes a store of schema version 1, as the first release of Hindsight did, holding @p events (each customer's
 * events in stream order; positions, versions, chain hashes and the customer table are filled in). For tests of
 * upgrades. False when a statement failed (@p why receives SQLite's message).
 */
inline bool writeVersion1Store(const QString& path, const EventList& events, QString* why = nullptr)
{
    const QString connection = QStringLiteral("legacy-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery q(db);
        const auto run = [&](const QString& sql) {
            if (ok && !q.exec(sql)) {
                ok = false;
                if (why)
                    *why = sql + QStringLiteral(": ") + q.lastError().text();
            }
        };
        run(QStringLiteral("PRAGMA journal_mode = WAL"));
        run(QStringLiteral("BEGIN"));
        for (const char* sql : sqliteschema::Version1)
            run(QString::fromLatin1(sql));
        run(QStringLiteral("PRAGMA application_id = %1").arg(SqliteEventStore::ApplicationId));
        run(QStringLiteral("PRAGMA user_version = 1"));
        CustomerProjection projection;
        QByteArray previous;
        qint64 position = 0;
        for (const Event& e : events) {
            if (!ok)
                break;
            const qint64 version = projection.customer(e.customerId()) ? projection.customer(e.customerId())->version + 1 : 1;
            const Event stored = e.stored(version, ++position);
            if (!projection.apply(stored)) {
                ok = false;
                break;
            }
            const QByteArray hash = eventChainHash(previous, stored);
            previous = hash;
            ok = q.prepare(QStringLiteral("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
            for (const QVariant& v : {QVariant(stored.position()), QVariant(stored.eventId()), QVariant(stored.customerId()),
                                      QVariant(stored.version()), QVariant(stored.recordedAtMs()), QVariant(int(stored.type())),
                                      QVariant(stored.data().firstName), QVariant(stored.data().lastName),
                                      QVariant(stored.data().address), QVariant(Timestamp::formatDate(stored.data().dateOfBirth)),
                                      QVariant(hash)})
                q.addBindValue(v);
            if (ok && !q.exec()) {
                ok = false;
                if (why)
                    *why = q.lastError().text();
            }
        }
        for (const CustomerRecord& r : projection.customers()) {
            if (!ok)
                break;
            ok = q.prepare(QStringLiteral("INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
            for (const QVariant& v : {QVariant(r.customerId), QVariant(r.data.firstName), QVariant(r.data.lastName),
                                      QVariant(r.data.address), QVariant(Timestamp::formatDate(r.data.dateOfBirth)),
                                      QVariant(r.status == CustomerStatus::Deleted ? 1 : 0), QVariant(r.version),
                                      QVariant(r.createdAtMs), QVariant(r.updatedAtMs)})
                q.addBindValue(v);
            if (ok && !q.exec()) {
                ok = false;
                if (why)
                    *why = q.lastError().text();
            }
        }
        run(QStringLiteral("COMMIT"));
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

/** PRAGMA user_version of the file at @p path, read through a connection of its own; -1 if it cannot be read. */
inline int fileSchemaVersion(const QString& path)
{
    const QString connection = QStringLiteral("version-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    int version = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
                version = q.value(0).toInt();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return version;
}

} // namespace hindsight::test
