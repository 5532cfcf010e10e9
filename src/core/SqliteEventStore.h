#pragma once

#include "EventStore.h"

#include <QHash>
#include <QMutex>
#include <QSet>
#include <QSqlDatabase>

#include <memory>
#include <optional>
#include <utility>

class QSqlQuery;

namespace hindsight {

/**
 * The embedded event store: one SQLite file in WAL mode with synchronous=FULL, so an acknowledged append
 * survives a crash or power loss. The schema refuses UPDATE and DELETE of stored events; writes begin
 * IMMEDIATE so that concurrent writers queue on the busy timeout instead of failing half-way.
 */
class SqliteEventStore final : public EventStore
{
public:
    enum class OpenMode {
        OpenExisting,    ///< refuse a missing file
        CreateIfMissing, ///< create an empty store when the file does not exist
        ReadOnly,        ///< open an existing store for reading only
    };

    /** The schema this build writes. Files at an older version are migrated on open; newer ones are refused. */
    static constexpr int SchemaVersion = 2;
    /** A batch of at least this many events, and at least as many as the log holds, is written in bulk. */
    static constexpr qsizetype BulkMinimum = 1024;
    /** PRAGMA application_id of a Hindsight store ("HSGT"). */
    static constexpr qint32 ApplicationId = 0x48534754;

    /**
     * Opens the store at @p path. A file that is not a Hindsight store, a newer schema, a damaged file or a
     * directory is refused with a message that names the path, and the file is left as it was.
     * A file the user cannot write is opened read-only.
     */
    static Result<std::unique_ptr<SqliteEventStore>> open(const QString& path, OpenMode mode = OpenMode::OpenExisting);

    /** Whether open() would upgrade the file at @p path: a writable Hindsight store of an older schema. Reads only. */
    static bool needsUpgrade(const QString& path);

    ~SqliteEventStore() override;

    QString location() const override { return m_path; }
    bool isReadOnly() const override { return m_readOnly; }

    Result<AppendOutcome> append(const QString& customerId, qint64 expectedVersion, const EventList& events) override;
    /** A batch written in bulk commits without a checkpoint: see checkpoint(). */
    Result<BatchOutcome> appendBatch(const EventList& events, const std::function<bool(qint64)>& progress = {}) override;
    /** A passive checkpoint: copies what the write-ahead log holds into the store file, without waiting for readers. */
    Result<void> checkpoint() override;
    Result<EventList> readStream(const QString& customerId) const override;
    Result<qint64> streamVersion(const QString& customerId) const override;
    Result<void> forEachEvent(qint64 afterPosition, const std::function<bool(const Event&)>& visit) const override;
    /** Reads rows in place through the SQLite C API: several times faster than building Events. */
    Result<void> forEachEventRecord(qint64 afterPosition,
                                    const std::function<bool(const EventRecordView&)>& visit) const override;
    /** One scan of the (customer_id, recorded_at) index: by customer, then version. */
    Result<void> forEachEventByCustomer(const std::function<bool(const Event&)>& visit) const override;
    Result<CustomerList> customers() const override;
    Result<std::optional<CustomerRecord>> customer(const QString& customerId) const override;
    Result<StoreStats> stats() const override;
    Result<qint64> headPosition() const override;
    Result<void> rebuildProjection() override;
    Result<StoreHead> head() const override;
    Result<VerifyReport> verify(const std::optional<StoreHead>& against = std::nullopt,
                                const VerifyProgress& progress = {}) const override;

    /** The connection, for tests and the benchmark; belongs to the opening thread. */
    QSqlDatabase database() const;

private:
    class Writer;

    /** A file by device and inode, however it is named. */
    using FileKey = std::pair<quint64, quint64>;
    /** The store files this process has connections to, and how many: see open(). */
    struct OpenFiles {
        QMutex mutex;
        QHash<FileKey, int> connections;
        /** Files whose structure checkStructureOnce() found sound, with their modification time and size then. */
        QHash<FileKey, std::pair<qint64, qint64>> checked;
    };
    static OpenFiles& openFiles();
    static FileKey fileKeyOf(const QString& path);
    /** The file's modification time (ns) and size: a file written outside SQLite since a check is checked again. */
    static std::pair<qint64, qint64> fileStampOf(const QString& path);

    SqliteEventStore(QString path, QString connectionName, bool readOnly);

    /** Creates a new, empty store file at @p path, atomically. */
    static Result<void> createFile(const QString& path);
    /** Creates @p folder and any missing folder above it, each readable by its owner alone (0700). */
    static Result<void> makePrivateFolder(const QString& folder);
    /** Creates the empty file @p path, readable and writable by its owner alone (0600), whatever the umask. */
    static Result<void> makePrivateFile(const QString& path);
    Result<void> initializeNewFile();
    Result<void> createSchema();
    Result<void> migrate(int fromVersion);
    /**
     * appendBatch() in one transaction; @p allowBulk lets a large batch be written without the unique indexes.
     * When rebuilding them fails, @p retryRowByRow is set: the batch should be written again row by row.
     */
    Result<BatchOutcome> writeBatch(const EventList& events, const std::function<bool(qint64)>& progress, bool allowBulk,
                                    bool* retryRowByRow);
    Result<void> configureConnection();
    /** SQLite's quick check, before this process first writes to the file; refuses a damaged one. */
    Result<void> checkStructureOnce();
    Result<void> exec(const QString& sql, const QString& what) const;
    Error sqlError(const QSqlQuery& query, const QString& what) const;
    Error sqlError(const QSqlDatabase& db, const QString& what) const;
    /** @p error as ErrorCode::Corrupt when SQLite's @p sqliteCode says the file is damaged, which also stops writes. */
    Error classified(Error error, int sqliteCode) const;
    Result<void> beginWrite();
    Result<void> commitWrite();
    /** After a commit: an error when the store file or its write-ahead log was moved or deleted under this connection. */
    Result<void> checkFilesInPlace() const;
    void rollbackWrite();

    QString m_path;
    QString m_connectionName;
    bool m_readOnly = false;
    bool m_writeAheadLog = false; ///< the file is in WAL mode (every store Hindsight made)
    std::optional<FileKey> m_fileKey; ///< set when open() counted this connection in openFiles()
    mutable QString m_damage; ///< what SQLite reported when it found the file damaged; writes are refused from then on
};

} // namespace hindsight
