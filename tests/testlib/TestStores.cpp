#include "TestStores.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>

namespace hindsight::test {

TemporaryStore::TemporaryStore()
{
    auto opened = SqliteEventStore::open(path(), SqliteEventStore::OpenMode::CreateIfMissing);
    if (!opened)
        qFatal("cannot create a test store: %s", qPrintable(opened.error().message));
    m_store = std::move(opened).value();
}

void TemporaryStore::reopen()
{
    m_store.reset();
    auto opened = SqliteEventStore::open(path());
    if (!opened)
        qFatal("cannot reopen the test store: %s", qPrintable(opened.error().message));
    m_store = std::move(opened).value();
}

CustomerData customerData(const QString& first, const QString& last, const QString& address, QDate dob)
{
    return CustomerData{first, last, address, dob};
}

Event newEvent(const QString& customerId, EventType type, qint64 recordedAtMs, const CustomerData& data, const QString& eventId)
{
    return Event(eventId.isEmpty() ? Event::newEventId() : eventId, customerId, type, recordedAtMs, data);
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

int runProcess(const QString& program, const QStringList& args, QString* out, QString* err, const QByteArray& input)
{
    QProcess process;
    process.start(program, args);
    if (!process.waitForStarted(10000))
        return -1;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(120000)) {
        process.kill();
        return -2;
    }
    if (out)
        *out = QString::fromUtf8(process.readAllStandardOutput());
    if (err)
        *err = QString::fromUtf8(process.readAllStandardError());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -3;
}

} // namespace hindsight::test
