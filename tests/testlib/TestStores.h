#pragma once

#include "SqliteEventStore.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace hindsight::test {

/** A fresh store file in its own temporary folder, removed with the object. */
class TemporaryStore
{
public:
    TemporaryStore();
    QString path() const { return m_dir.filePath(QStringLiteral("test.hindsight")); }
    QString dirPath() const { return m_dir.path(); }
    SqliteEventStore& store() { return *m_store; }
    /** Closes and reopens the file, as a later session would. */
    void reopen();
    /** Closes the store (so other tools can work on the file). */
    void close() { m_store.reset(); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<SqliteEventStore> m_store;
};

/** Customer attributes for tests. */
CustomerData customerData(const QString& first = QStringLiteral("Joe"), const QString& last = QStringLiteral("Bloke"),
                          const QString& address = QStringLiteral("15, Nice Road, Cardiff"), QDate dob = QDate(1966, 4, 12));

/** An event not yet stored. */
Event newEvent(const QString& customerId, EventType type, qint64 recordedAtMs, const CustomerData& data = customerData(),
               const QString& eventId = {});

/** The whole content of a file (empty if it cannot be read). */
QByteArray readFile(const QString& path);
/** Replaces a file's content, creating its folder; false if it cannot be written. */
bool writeFile(const QString& path, const QByteArray& bytes);

/** Runs a command and returns its exit code; output goes into the given strings. */
int runProcess(const QString& program, const QStringList& args, QString* out = nullptr, QString* err = nullptr,
               const QByteArray& input = {});

} // namespace hindsight::test
