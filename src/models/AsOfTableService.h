#pragma once

#include "AsOfOverview.h"
#include "AsOfTablePage.h"
#include "CustomerQuery.h"

#include <QObject>

#include <memory>
#include <vector>

class QThread;

namespace hindsight {

/**
 * The customer table as of any moment, for a window that scrubs through time. One thread of its own opens the
 * store (its own connection), loads the as-of engine and then owns it: the engine's cursor moves with every
 * request, so nothing else ever reads it. The GUI only states what it wants — a moment, a query, the rows in
 * view, the selected customer — and gets immutable AsOfTablePage and AsOfOverview objects back.
 *
 * Requests coalesce: while the thread works, newer wishes overwrite older ones, and it answers only the latest
 * (a drag produces far more moves than anyone needs answered). Events other writers append reach the engine
 * through catchUp(), on the same thread, between requests.
 */
class AsOfTableService : public QObject
{
    Q_OBJECT

public:
    explicit AsOfTableService(QObject* parent = nullptr);
    /** Waits for the threads it started (each stops at its next check, within milliseconds of a load step). */
    ~AsOfTableService() override;

    /** Starts loading the history of the store at @p location; a previous store's thread is told to stop. */
    void open(const QString& location);
    /** Forgets the store; nothing it computed arrives afterwards. */
    void close();
    const QString& location() const { return m_location; }

    /** True once the engine is loaded. */
    bool isReady() const { return m_overview != nullptr; }
    /** True while a page was asked for and has not arrived. */
    bool isBusy() const;
    /** The span, density and event times of the history; null until loaded. */
    const AsOfOverviewPtr& overview() const { return m_overview; }
    /** The newest page received; null before the first. */
    const AsOfTablePagePtr& page() const { return m_page; }

    /** Asks for the table as of @p asOfMs: pages come until setPresent(). */
    void setAsOf(qint64 asOfMs);
    /** No more pages (the window shows the present from its own snapshot). */
    void setPresent();
    bool isShowingPast() const { return m_wantsPages; }
    qint64 asOfMs() const { return m_asOfMs; }

    void setQuery(const CustomerQuery& query);
    /** The rows in view; a page holds them and a margin around them. */
    void setWindow(int firstRow, int visibleRows);
    /** The customer whose row each page reports (AsOfTablePage::focusRow). */
    void setFocusCustomer(const QString& customerId);
    /** How many buckets the density histogram has (the slider's width in pixels). */
    void setHistogramBuckets(int buckets);
    /** Reads the events appended to the store since the engine last looked. */
    void catchUp();

    /** Serial of the latest page request; pages answer with a serial at most this. */
    quint64 requestSerial() const { return m_serial; }

signals:
    /** Events read so far while loading. */
    void loadProgress(qint64 done, qint64 total);
    /** The engine is loaded: overview() is set. */
    void ready();
    void failed(const QString& message);
    void overviewChanged(const hindsight::AsOfOverviewPtr& overview);
    void pageReady(const hindsight::AsOfTablePagePtr& page);

public:
    struct Shared;

private:
    void request();
    void deliver();
    void retire();

    QString m_location;
    std::shared_ptr<Shared> m_shared;
    QThread* m_thread = nullptr;
    std::vector<QThread*> m_retired; // threads told to stop, joined on destruction
    AsOfOverviewPtr m_overview;
    AsOfTablePagePtr m_page;

    // What the GUI wants; copied to the shared state on each request.
    qint64 m_asOfMs = 0;
    bool m_wantsPages = false;
    CustomerQuery m_query;
    int m_firstRow = 0;
    int m_visibleRows = 60;
    QString m_focusId;
    int m_buckets = 0;
    quint64 m_serial = 0;
};

} // namespace hindsight
