#pragma once

#include "CustomerSnapshot.h"

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>

namespace hindsight {

/**
 * Reads the customer table and the index of past addresses of a store on a worker thread, and later the
 * events other writers append, and hands each result over as a new CustomerSnapshot. The worker opens its own
 * connection to the store (a store instance belongs to the thread that opened it). Jobs run one at a time, in
 * the order asked; a new load() cancels what runs.
 */
class CustomerTableLoader : public QObject
{
    Q_OBJECT

public:
    explicit CustomerTableLoader(QObject* parent = nullptr);
    ~CustomerTableLoader() override;

    /** Reads the store at @p location from scratch: the table first, then the index of past addresses. */
    void load(const QString& location);
    /** Folds in the events appended since the current snapshot; runs after the current job when one runs. */
    void refresh();
    /** Forgets the store; a running job is cancelled and its results dropped. */
    void clear();

    const QString& location() const { return m_location; }
    const CustomerSnapshotPtr& snapshot() const { return m_snapshot; }
    bool isBusy() const { return m_busy; }
    /** True once the index of past addresses is part of the snapshot. */
    bool isIndexed() const { return m_snapshot && m_snapshot->addresses() != nullptr; }

signals:
    /** A new state of the table: the first one of a load comes before its index of past addresses. */
    void snapshotReady(const hindsight::CustomerSnapshotPtr& snapshot);
    /** What the worker does, and how far it is (0-100, or -1 when it cannot tell). */
    void progressChanged(const QString& what, int percent);
    void busyChanged(bool busy);
    /** The store could not be read; the previous snapshot stays. */
    void failed(const QString& message);
    /** A load or refresh finished and nothing else is queued. */
    void idle();

public:
    /** One result of a job. */
    struct Step {
        CustomerSnapshotPtr snapshot; ///< null when the job changed nothing
        QString error;
        bool needsFullLoad = false;   ///< the events could not be folded in: read everything again
    };

private:
    void start(QFuture<Step> future, const QString& what);
    void stepReady(int index);
    void jobFinished();
    void progressValueChanged(int value);

    QString m_location;
    CustomerSnapshotPtr m_snapshot;
    QThreadPool m_pool;
    QFutureWatcher<Step> m_watcher;
    QString m_what;
    bool m_busy = false;
    bool m_refreshQueued = false;
    bool m_fullLoadQueued = false;
};

} // namespace hindsight
