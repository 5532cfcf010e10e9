#include "LegacyStore.h"

#include "CustomerProjection.h"
#include "SqliteEventStore.h"
#include "SqliteSchema.h"
#include "StoreInspection.h"

#include <QFile>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QVariant>

namespace hindsight::test {

Version1History version1History(const EventList& events)
{
    Version1History h;
    QHash<QString, qint64> versions;
    CustomerProjection projection;
    QByteArray previous;
    for (const Event& e : events) {
        qint64& version = versions[e.customerId()];
        if (version == 0)
            h.customerIds << e.customerId();
        const Event stored = e.stored(++version, h.events.size() + 1);
        // Hashed as the first release hashed, not by this build's EventHash: the file must be a real old file.
        previous = firstReleaseChainHash(previous, stored);
        h.events.append(stored);
        h.hashes.append(previous);
        if (!projection.apply(stored))
            QTest::qFail(qPrintable(QStringLiteral("the history breaks a stream rule at %1").arg(stored.eventId())), __FILE__, __LINE__);
    }
    h.customers = projection.customers();
    return h;
}

void writeVersion1Store(const QString& path, const Version1History& history, const QString& extraSql)
{
    RawConnection raw(path);
    QVERIFY2(raw.isOpen(), qPrintable(raw.db().lastError().text()));
    {
        QSqlQuery q(raw.db());
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode = WAL")) && q.next());
        QCOMPARE(q.value(0).toString(), u"wal"_qs);
    }
    QString error;
    for (const char* sql : sqliteschema::Version1)
        QVERIFY2(raw.exec(QString::fromLatin1(sql), &error), qPrintable(error));
    QVERIFY(raw.exec(QStringLiteral("PRAGMA application_id = %1").arg(SqliteEventStore::ApplicationId)));
    QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = 1")));

    QVERIFY(raw.db().transaction());
    QSqlQuery insert(raw.db());
    QVERIFY(insert.prepare(QStringLiteral("INSERT INTO events (position, event_id, customer_id, version, recorded_at, type, "
                                          "first_name, last_name, address, dob, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")));
    for (qsizetype i = 0; i < history.events.size(); ++i) {
        const Event& e = history.events.at(i);
        const QVariantList values = {e.position(), e.eventId(), e.customerId(), e.version(), e.recordedAtMs(), int(e.type()),
                                     e.data().firstName, e.data().lastName, e.data().address,
                                     e.data().dateOfBirth.toString(Qt::ISODate), history.hashes.at(i)};
        for (int v = 0; v < values.size(); ++v)
            insert.bindValue(v, values.at(v));
        QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
    }
    QVERIFY(insert.prepare(QStringLiteral("INSERT INTO customers (customer_id, first_name, last_name, address, dob, status, "
                                          "version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")));
    for (const CustomerRecord& c : history.customers) {
        const QVariantList values = {c.customerId, c.data.firstName, c.data.lastName, c.data.address,
                                     c.data.dateOfBirth.toString(Qt::ISODate), c.status == CustomerStatus::Deleted ? 1 : 0,
                                     c.version, c.createdAtMs, c.updatedAtMs};
        for (int v = 0; v < values.size(); ++v)
            insert.bindValue(v, values.at(v));
        QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
    }
    insert.finish();
    QVERIFY(raw.db().commit());
    if (!extraSql.isEmpty())
        QVERIFY2(raw.exec(extraSql, &error), qPrintable(error));
    // Checkpoint and close, so that the file alone holds the store and its bytes can be compared later.
    raw.close();
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
}

int fileSchemaVersion(const QString& path)
{
    RawConnection raw(path, true);
    return raw.isOpen() ? userVersion(raw.db()) : -1;
}

} // namespace hindsight::test
