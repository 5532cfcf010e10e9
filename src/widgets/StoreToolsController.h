#pragma once

#include "Clock.h"

#include <QObject>
#include <QPointer>
#include <QProgressDialog>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class QAction;
class QMainWindow;

namespace hindsight {

/**
 * The store-wide tools of the main window's menus: Tools → Verify store…, File → Import events…,
 * File → Export events… and File → Export table…. Each runs on a worker thread with its own connection to the open
 * store (a store belongs to the thread that opened it), behind a progress dialog whose Cancel closes it; the outcome
 * is reported through MessageBox (an exported table, in the status bar). The main window notices imported events by
 * its own polling.
 */
class StoreToolsController : public QObject
{
    Q_OBJECT

public:
    /** The location of the store open in the window, or empty. */
    using LocationProvider = std::function<QString()>;
    /** Asks for a file: the one to import, or the one to export to; empty when the person cancels. */
    using FileChooser = std::function<QString(QWidget* parent)>;
    /** Asks for a file to write, starting from @p suggestedPath; empty when the person cancels. */
    using SaveFileChooser = std::function<QString(QWidget* parent, const QString& suggestedPath)>;
    /** The moment the window shows: ms since the epoch, or nullopt for the present. */
    using MomentProvider = std::function<std::optional<qint64>()>;

    /**
     * Adds the actions to @p window's menus (found by name: menuFile, menuHelp) and lives as its child.
     * Export table… writes the table as of @p moment (the present without one); @p clock names a table exported
     * at the present.
     */
    StoreToolsController(QMainWindow* window, LocationProvider location, MomentProvider moment = {},
                         const Clock& clock = SystemClock::instance());
    ~StoreToolsController() override;

    QAction* verifyAction() const { return m_verifyAction; }
    QAction* importAction() const { return m_importAction; }
    QAction* exportAction() const { return m_exportAction; }
    QAction* exportTableAction() const { return m_exportTableAction; }

    /** Replaces the file dialogs (tests choose the file this way). */
    void setImportFileChooser(FileChooser chooser) { m_chooseImportFile = std::move(chooser); }
    void setExportFileChooser(FileChooser chooser) { m_chooseExportFile = std::move(chooser); }
    void setTableFileChooser(SaveFileChooser chooser) { m_chooseTableFile = std::move(chooser); }
    /** Runs on the worker thread before each job starts; for tests that must act while a job is pending. */
    void setBeforeWork(std::function<void()> hook) { m_beforeWork = std::move(hook); }

    /** True while a job runs (its progress dialog is shown). */
    bool isBusy() const { return m_busy; }
    /** The progress dialog of the running job, or null. */
    QProgressDialog* progressDialog() const { return m_progress; }

    /**
     * Where Export table… suggests writing the table as of @p asOfMs (nullopt: the present, named after the
     * clock's time): customers-2022-12-01T00-00-00Z.csv in the folder of the last table exported, else Documents.
     */
    QString suggestedTablePath(std::optional<qint64> asOfMs) const;

public slots:
    void verifyStore();
    void importEvents();
    void exportEvents();
    /** Writes the customer table as of the moment the window shows to a CSV file the person chooses. */
    void exportTable();
    /** Enables the actions while a store is open and no job runs; the window calls it when either changes. */
    void updateActions();

signals:
    /** A job ended and its outcome was reported (or it was cancelled). */
    void finished();

private:
    /** Warns and returns true when @p path is the open store's file (@p location): an export must not replace it. */
    bool refuseOverwritingTheStore(const QString& path, const QString& location, const QString& title);
    struct Job;

    QString openLocation();
    void begin(const QString& title, const QString& label);
    void end();
    /** Runs @p work on the worker and @p done on this thread afterwards, unless the job was cancelled meanwhile. */
    void run(std::function<std::function<void()>(const std::shared_ptr<Job>&)> work);
    void reportProgress(const std::shared_ptr<Job>& job, const QString& label, qint64 done, qint64 total);

    QMainWindow* m_window;
    LocationProvider m_location;
    FileChooser m_chooseImportFile;
    FileChooser m_chooseExportFile;
    SaveFileChooser m_chooseTableFile;
    MomentProvider m_moment;
    const Clock& m_clock;
    QString m_tableFolder; // where the last table went
    std::function<void()> m_beforeWork;
    QAction* m_verifyAction;
    QAction* m_importAction;
    QAction* m_exportAction;
    QAction* m_exportTableAction;
    QPointer<QProgressDialog> m_progress;
    std::shared_ptr<Job> m_job;
    bool m_busy = false;
    QThreadPool m_pool;
};

} // namespace hindsight
