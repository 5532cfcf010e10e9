#pragma once

#include "EventStore.h"

#include <QSqlDatabase>

namespace hindsight {

/** The checks behind SqliteEventStore::verify(), on an open connection. */
class SqliteStoreVerifier
{
public:
    SqliteStoreVerifier(QSqlDatabase database, QString path);

    Result<VerifyReport> verify(const std::optional<StoreHead>& against) const;

private:
    void checkStorage(VerifyReport& report) const;
    void checkSchema(VerifyReport& report) const;
    Result<void> checkLog(VerifyReport& report) const;
    Error readError(const QString& what) const;

    QSqlDatabase m_db;
    QString m_path;
};

} // namespace hindsight
