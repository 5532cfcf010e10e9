#pragma once

#include "EventStore.h"

#include <QSqlDatabase>

namespace hindsight {

/** The checks behind SqliteEventStore::verify(), on an open connection. */
class SqliteStoreVerifier
{
public:
    SqliteStoreVerifier(QSqlDatabase database, QString path);

    /** See EventStore::verify(). */
    Result<VerifyReport> verify(const std::optional<StoreHead>& against, const VerifyProgress& progress = {}) const;

private:
    Result<VerifyReport> verifyInSnapshot(const std::optional<StoreHead>& against, const VerifyProgress& progress) const;
    Result<void> checkStorage(VerifyReport& report, qint64 total, const VerifyProgress& progress) const;
    void checkSchema(VerifyReport& report) const;
    Result<void> checkLog(VerifyReport& report, qint64 total, const VerifyProgress& progress) const;
    Error readError(const QString& what) const;
    /** Adds "SQLite cannot go on @p what" to the report's problems. */
    Result<void> unreadable(VerifyReport& report, const QString& what, const QString& why) const;
    Error cancelled() const;

    QSqlDatabase m_db;
    QString m_path;
};

} // namespace hindsight
