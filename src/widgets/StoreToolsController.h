#pragma once

#include <QObject>
#include <QPointer>
#include <QProgressDialog>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>

class QAction;
class QMainWindow;

namespace hindsight {

/**
 * The store-wide tools of the main window's menus: Tools → Verify store…, File → Import events… and
 * File → Export events…. Each runs on a worker thread with its own connection to the open store (a store belongs
 * to the thread that opened it), behind a progress dialog whose Cancel closes it; the outcome is reported through
 * MessageBox. The main window notices imported events by its own polling.
 */
class StoreToolsController : public QObject
{
    Q_OBJECT

public:
    /** The location of the store open in the window, or empty. */
    using LocationProvider = std::function<QString()>;
    /** Asks for a file: the one to import, or the one to export to; empty when the person cancels. */
    using FileChooser = std::function<QString(QWidget* parent)>;

    /** Adds the actions to @p window's menus (found by name: menuFile, menuHelp) and lives as its child. */
    StoreToolsController(QMainWindow* window, LocationProvider location);
    ~StoreToolsController() override;

    QAction* verifyAction() const { return m_verifyAction; }
    QAction* importAction() const { return m_importAction; }
    QAction* exportAction() const { return m_exportAction; }

    /** Replaces the file dialogs (tests choose the file this way). */
    void setImportFileChooser(FileChooser chooser) { m_chooseImportFile = std::move(chooser); }
    void setExportFileChooser(FileChooser chooser) { m_chooseExportFile = std::move(chooser); }
    /** Runs on the worker thread before each job starts; for tests that must act while a job is pending. */
    void setBeforeWork(std::function<void()> hook) { m_beforeWork = std::move(hook); }

    /** True while a job runs (its progress dialog is shown). */
    bool isBusy() const { return m_busy; }
    /** The progress dialog of the running job, or null. */
    QProgressDialog* progressDialog() const { return m_progress; }

public slots:
    void verifyStore();
    void importEvents();
    void exportEvents();

signals:
    /** A job ended and its outcome was reported (or it was cancelled). */
    void finished();

private:
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
    std::function<void()> m_beforeWork;
    QAction* m_verifyAction;
    QAction* m_importAction;
    QAction* m_exportAction;
    QPointer<QProgressDialog> m_progress;
    std::shared_ptr<Job> m_job;
    bool m_busy = false;
    QThreadPool m_pool;
};

} // namespace hindsight
