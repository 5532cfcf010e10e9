#include "StoreInspection.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <iterator>

namespace hindsight::test {

namespace {

QStringList lines(const QSqlDatabase& db, const QString& sql)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    QStringList out;
    if (!q.exec(sql)) {
        out << QStringLiteral("<query failed: %1>").arg(q.lastError().text());
        return out;
    }
    while (q.next())
        out << q.value(0).toString();
    return out;
}

QString quotedColumns(const char* const* columns, size_t count)
{
    QStringList parts;
    for (size_t i = 0; i < count; ++i)
        parts << QStringLiteral("quote(%1)").arg(QLatin1String(columns[i]));
    return parts.join(QStringLiteral(" || '|' || "));
}

} // namespace

QStringList eventRows(const QSqlDatabase& db)
{
    static const char* const columns[] = {"position", "event_id", "customer_id", "version", "recorded_at", "type",
                                          "first_name", "last_name", "address", "dob", "hash"};
    return lines(db, QStringLiteral("SELECT %1 FROM events ORDER BY position").arg(quotedColumns(columns, std::size(columns))));
}

QStringList customerRows(const QSqlDatabase& db)
{
    static const char* const columns[] = {"customer_id", "first_name", "last_name", "address", "dob",
                                          "status", "version", "created_at", "updated_at"};
    return lines(db, QStringLiteral("SELECT %1 FROM customers ORDER BY customer_id").arg(quotedColumns(columns, std::size(columns))));
}

QStringList schemaNames(const QSqlDatabase& db, const QString& type)
{
    QSqlQuery q(db);
    QStringList names;
    q.prepare(QStringLiteral("SELECT name FROM sqlite_schema WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name"));
    q.addBindValue(type);
    if (!q.exec())
        return {QStringLiteral("<query failed: %1>").arg(q.lastError().text())};
    while (q.next())
        names << q.value(0).toString();
    return names;
}

QStringList schemaSql(const QSqlDatabase& db)
{
    QStringList out = lines(db, QStringLiteral("SELECT type || ' ' || name || ' on ' || tbl_name || ': ' || COALESCE(sql, '') "
                                               "FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"));
    static const QRegularExpression space(QStringLiteral("\\s+"));
    for (QString& line : out)
        line = line.replace(space, QStringLiteral(" ")).trimmed();
    return out;
}

QStringList tableColumns(const QSqlDatabase& db, const QString& table)
{
    QSqlQuery q(db);
    QStringList out;
    if (!q.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table)))
        return {QStringLiteral("<query failed: %1>").arg(q.lastError().text())};
    while (q.next()) {
        out << QStringLiteral("%1 %2 %3 %4 %5 %6")
                   .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                        q.value(4).isNull() ? QStringLiteral("NULL") : q.value(4).toString(), q.value(5).toString());
    }
    return out;
}

int userVersion(const QSqlDatabase& db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return -1;
    return q.value(0).toInt();
}

qint64 eventCount(const QSqlDatabase& db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM events")) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

QStringList firstReleaseHashFields(const Event& e)
{
    return {e.eventId(),
            e.customerId(),
            QString::number(e.version()),
            QString::number(e.position()),
            QString::number(e.recordedAtMs()),
            QString::number(static_cast<int>(e.type())),
            e.data().firstName,
            e.data().lastName,
            e.data().address,
            e.data().dateOfBirth.toString(Qt::ISODate)};
}

QByteArray firstReleaseChainHash(const QByteArray& previousHash, const Event& e)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(previousHash);
    h.addData(firstReleaseHashFields(e).join(QChar(0x1f)).toUtf8());
    return h.result();
}

QByteArray fileDigest(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result();
}

RawConnection::RawConnection(const QString& path, bool readOnly)
    : m_name(QStringLiteral("hindsight-test-raw-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
    m_db.setDatabaseName(path);
    if (readOnly)
        m_db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
    m_db.open();
}

RawConnection::~RawConnection()
{
    close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

bool RawConnection::exec(const QString& sql, QString* error)
{
    QSqlQuery q(m_db);
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

void RawConnection::close()
{
    if (!m_db.isOpen())
        return;
    {
        QSqlQuery q(m_db);
        q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    }
    m_db.close();
}

int posixLocksHeld(qint64 pid, const QString& path)
{
    struct stat target {};
    if (::stat(QFile::encodeName(path).constData(), &target) != 0)
        return -1;
    QFile locks(QStringLiteral("/proc/locks"));
    if (!locks.open(QIODevice::ReadOnly))
        return -1;
    int held = 0;
    // "1: POSIX  ADVISORY  READ 12345 08:01:1234567 1073741826 1073742335"; a waiting request has "->" after the
    // number. The device is hexadecimal major:minor, the inode decimal.
    for (const QByteArray& line : locks.readAll().split('\n')) {
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() < 8 || f.at(1) != "POSIX")
            continue;
        const QList<QByteArray> device = f.at(5).split(':');
        if (f.at(4).toLongLong() == pid && device.size() == 3 && device.at(2).toULongLong() == quint64(target.st_ino)
            && device.at(0).toUInt(nullptr, 16) == major(target.st_dev) && device.at(1).toUInt(nullptr, 16) == minor(target.st_dev))
            ++held;
    }
    return held;
}

} // namespace hindsight::test
