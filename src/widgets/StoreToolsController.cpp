#include "StoreToolsController.h"

#include "CustomerTableExporter.h"
#include "EventExporter.h"
#include "EventImporter.h"
#include "MessageBox.h"
#include "StoreFactory.h"
#include "Timestamp.h"

#include <QAction>
#include <QDebug>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QProgressDialog>
#include <QStandardPaths>
#include <QStatusBar>

#include <limits>

namespace hindsight {

namespace {

constexpr int MaxProblemsListed = 10;
/** How long an outcome stays in the status bar: it hides the store's path meanwhile. */
constexpr int StatusMessageMs = 15000;

QString nativePath(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

/** The format an export writes to @p path, from its suffix; JSON Lines unless another writable one is named. */
EventFileFormat exportFormatFor(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"json")
        return EventFileFormat::DynamoDb;
    const auto named = eventFileFormatFromName(suffix);
    return named && EventExporter::canWrite(*named) ? *named : EventFileFormat::Jsonl;
}

/** "2022-12-01T00-00-00Z" (milliseconds only when there are some): a moment as a file name may hold it everywhere. */
QString momentForFileName(qint64 ms)
{
    QString text = Timestamp::format(ms);
    if (text.endsWith(u".000Z"))
        text.replace(text.size() - 5, 4, QString());
    return text.replace(u':', u'-');
}

/** "2022-12-01 00:00:00 UTC" (milliseconds only when there are some). */
QString momentForPeople(qint64 ms)
{
    QString text = Timestamp::format(ms);
    text.chop(1); // Z
    if (text.endsWith(u".000"))
        text.chop(4);
    return text.replace(u'T', u' ') + QStringLiteral(" UTC");
}

} // namespace

struct StoreToolsController::Job {
    std::atomic<bool> cancelled = false;
    /** Set by the work, run on the worker after its result was posted: what nobody needs to wait for. */
    std::function<void()> afterwards;
};

StoreToolsController::StoreToolsController(QMainWindow* window, LocationProvider location, MomentProvider moment,
                                           const Clock& clock)
    : QObject(window)
    , m_window(window)
    , m_location(std::move(location))
    , m_moment(std::move(moment))
    , m_clock(clock)
    , m_verifyAction(new QAction(tr("&Verify store…"), this))
    , m_importAction(new QAction(tr("&Import events…"), this))
    , m_exportAction(new QAction(tr("&Export events…"), this))
    , m_exportTableAction(new QAction(tr("Export &table…"), this))
{
    setObjectName(QStringLiteral("storeTools"));
    // One job at a time, and the pool waits for it when the window goes.
    m_pool.setMaxThreadCount(1);

    m_verifyAction->setObjectName(QStringLiteral("actionVerifyStore"));
    m_verifyAction->setStatusTip(tr("Checks every event of the store against its hash chain"));
    m_importAction->setObjectName(QStringLiteral("actionImportEvents"));
    m_importAction->setStatusTip(tr("Adds the events of a CSV, JSON Lines or DynamoDB file to the store, all or nothing"));
    m_exportAction->setObjectName(QStringLiteral("actionExportEvents"));
    m_exportAction->setStatusTip(tr("Writes every event of the store to a file"));
    m_exportTableAction->setObjectName(QStringLiteral("actionExportTable"));
    m_exportTableAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_exportTableAction->setStatusTip(tr("Writes the customer table as of the moment shown (now, or on the time bar) to a CSV file"));
    connect(m_verifyAction, &QAction::triggered, this, &StoreToolsController::verifyStore);
    connect(m_importAction, &QAction::triggered, this, &StoreToolsController::importEvents);
    connect(m_exportAction, &QAction::triggered, this, &StoreToolsController::exportEvents);
    connect(m_exportTableAction, &QAction::triggered, this, &StoreToolsController::exportTable);

    m_chooseImportFile = [](QWidget* parent) {
        return QFileDialog::getOpenFileName(parent, tr("Import events"), QString(),
                                            tr("Event files (*.csv *.jsonl *.json *.gz);;All files (*)"));
    };
    m_chooseExportFile = [](QWidget* parent) {
        return QFileDialog::getSaveFileName(parent, tr("Export events"), QString(),
                                            tr("JSON Lines (*.jsonl);;CSV (*.csv);;DynamoDB JSON (*.json)"));
    };
    m_chooseTableFile = [](QWidget* parent, const QString& suggestedPath) {
        // An instance rather than getSaveFileName: a name typed without a suffix gets .csv, and the overwrite
        // question is asked of the name that will be written.
        QFileDialog dialog(parent, tr("Export table"), QFileInfo(suggestedPath).absolutePath(),
                           tr("CSV files (*.csv);;All files (*)"));
        dialog.setAcceptMode(QFileDialog::AcceptSave);
        dialog.setFileMode(QFileDialog::AnyFile);
        dialog.setDefaultSuffix(QStringLiteral("csv"));
        dialog.selectFile(QFileInfo(suggestedPath).fileName());
        if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
            return QString();
        return dialog.selectedFiles().constFirst();
    };

    QMenuBar* bar = window->menuBar();
    if (auto* file = window->findChild<QMenu*>(QStringLiteral("menuFile"))) {
        auto* quit = window->findChild<QAction*>(QStringLiteral("actionQuit"));
        QAction* before = quit && file->actions().contains(quit) ? quit : nullptr;
        file->insertAction(before, m_importAction);
        file->insertAction(before, m_exportAction);
        file->insertAction(before, m_exportTableAction);
        file->insertSeparator(before);
    }
    auto* tools = new QMenu(tr("&Tools"), bar);
    tools->setObjectName(QStringLiteral("menuTools"));
    tools->addAction(m_verifyAction);
    auto* help = window->findChild<QMenu*>(QStringLiteral("menuHelp"));
    bar->insertMenu(help ? help->menuAction() : nullptr, tools);
    updateActions();
}

StoreToolsController::~StoreToolsController()
{
    if (m_job)
        m_job->cancelled = true;
    m_pool.waitForDone();
}

QString StoreToolsController::openLocation()
{
    const QString location = m_location ? m_location() : QString();
    if (location.isEmpty())
        MessageBox::warning(m_window, tr("No store"), tr("No store is open."));
    return location;
}

void StoreToolsController::updateActions()
{
    const bool usable = !m_busy && m_location && !m_location().isEmpty();
    for (QAction* action : {m_verifyAction, m_importAction, m_exportAction, m_exportTableAction})
        action->setEnabled(usable);
}

void StoreToolsController::begin(const QString& title, const QString& label)
{
    m_busy = true;
    updateActions();
    m_job = std::make_shared<Job>();
    auto* progress = new QProgressDialog(label, tr("Cancel"), 0, 0, m_window);
    progress->setObjectName(QStringLiteral("storeToolsProgress"));
    progress->setWindowTitle(title);
    progress->setWindowModality(Qt::WindowModal);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    progress->setMinimumDuration(0);
    connect(progress, &QProgressDialog::canceled, this, [job = m_job] { job->cancelled = true; });
    m_progress = progress;
    progress->show();
}

void StoreToolsController::end()
{
    m_busy = false;
    m_job.reset();
    updateActions();
    if (m_progress) {
        m_progress->hide();
        m_progress->deleteLater();
    }
    m_progress = nullptr;
}

void StoreToolsController::run(std::function<std::function<void()>(const std::shared_ptr<Job>&)> work)
{
    m_pool.start([this, job = m_job, work = std::move(work), hook = m_beforeWork] {
        if (hook)
            hook();
        std::function<void()> done = work(job);
        // Posted to this object: dropped with it if the window goes first (the destructor waits for this thread).
        QMetaObject::invokeMethod(
            this,
            [this, job, done = std::move(done)] {
                if (job != m_job)
                    return;
                end();
                done();
                emit finished();
            },
            Qt::QueuedConnection);
        if (job->afterwards) {
            job->afterwards();
            job->afterwards = nullptr; // here, so that what it holds (a store's connection) ends on this thread
        }
    });
}

void StoreToolsController::reportProgress(const std::shared_ptr<Job>& job, const QString& label, qint64 done, qint64 total)
{
    QMetaObject::invokeMethod(
        this,
        [this, job, label, done, total] {
            if (job != m_job || job->cancelled || !m_progress)
                return;
            // QProgressDialog counts in int: scale large totals down.
            const qint64 scale = total > std::numeric_limits<int>::max() ? total / std::numeric_limits<int>::max() + 1 : 1;
            m_progress->setLabelText(label);
            m_progress->setRange(0, static_cast<int>(total / scale));
            m_progress->setValue(static_cast<int>(done / scale));
        },
        Qt::QueuedConnection);
}

void StoreToolsController::verifyStore()
{
    if (m_busy)
        return;
    const QString location = openLocation();
    if (location.isEmpty())
        return;
    begin(tr("Verify store"), tr("Checking every event of %1…").arg(nativePath(location)));
    run([this, location](const std::shared_ptr<Job>& job) -> std::function<void()> {
        auto opened = StoreFactory::open(location, StoreFactory::Mode::ReadOnly);
        if (!opened)
            return [this, job, error = opened.error()] {
                if (!job->cancelled)
                    MessageBox::critical(m_window, tr("Verify store"), tr("The store could not be verified: %1").arg(error.message));
            };
        const std::unique_ptr<EventStore> store = std::move(opened).value();
        // Cancel stops the check itself, so that the next job does not wait behind it.
        auto verified = store->verify({}, [this, job](qint64 checked, qint64 total) {
            if (job->cancelled)
                return false;
            if (checked == 0)
                reportProgress(job, tr("Checking the file's storage…"), 0, 0);
            else
                reportProgress(job, tr("Checked %L1 of %L2 events…").arg(checked).arg(total), checked, total);
            return true;
        });
        if (!verified)
            return [this, job, error = verified.error()] {
                if (!job->cancelled)
                    MessageBox::critical(m_window, tr("Verify store"), tr("The store could not be verified: %1").arg(error.message));
            };
        return [this, job, report = verified.value()] {
            if (job->cancelled)
                return;
            if (report.intact()) {
                MessageBox::information(m_window, tr("Verify store"),
                                        tr("Store intact: %1 events checked, head at position %2.")
                                            .arg(report.eventsChecked)
                                            .arg(report.head.position));
                return;
            }
            QString text = tr("The store is damaged.\n\n%1\n\n").arg(report.problems.first());
            text += report.problems.size() == 1 ? tr("1 problem found in %1 events checked.").arg(report.eventsChecked)
                                                : tr("%1 problems found in %2 events checked.")
                                                      .arg(report.problems.size())
                                                      .arg(report.eventsChecked);
            if (report.problems.size() > 1) {
                text += tr("\n\nThe others:");
                for (qsizetype i = 1; i < report.problems.size() && i <= MaxProblemsListed; ++i)
                    text += u"\n• " + report.problems.at(i);
                if (report.problems.size() > MaxProblemsListed + 1)
                    text += tr("\n… and %1 more.").arg(report.problems.size() - MaxProblemsListed - 1);
            }
            MessageBox::critical(m_window, tr("Verify store"), text);
        };
    });
}

void StoreToolsController::importEvents()
{
    if (m_busy)
        return;
    const QString location = openLocation();
    if (location.isEmpty())
        return;
    const QString path = m_chooseImportFile ? m_chooseImportFile(m_window) : QString();
    if (path.isEmpty())
        return;
    if (StoreFactory::isStoreFile(location, path)) {
        // Reading it would open the store file outside SQLite, which drops this process's locks on it.
        MessageBox::warning(m_window, tr("Import events"),
                            tr("%1 is a file of the open store: a store cannot import itself. Nothing was imported.").arg(nativePath(path)));
        return;
    }
    begin(tr("Import events"), tr("Reading %1…").arg(nativePath(path)));
    run([this, location, path](const std::shared_ptr<Job>& job) -> std::function<void()> {
        Result<ImportReport> imported = [&]() -> Result<ImportReport> {
            auto opened = StoreFactory::open(location, StoreFactory::Mode::OpenExisting);
            if (!opened)
                return opened.error();
            const std::shared_ptr<EventStore> store = std::move(opened).value();
            // Once the report is on its way, the store's log is copied into its file (after a large import).
            job->afterwards = [store] {
                if (auto r = store->checkpoint(); !r)
                    qWarning().noquote() << "Import events: the events are stored;" << r.error().message;
            };
            return EventImporter::importFile(*store, path, EventFileFormat::Auto,
                                             [this, job](ImportStage stage, qint64 done, qint64 total) {
                                                 if (job->cancelled)
                                                     return false;
                                                 const QString label = stage == ImportStage::Reading    ? tr("Reading events…")
                                                                       : stage == ImportStage::Checking ? tr("Checking events…")
                                                                                                        : tr("Writing events…");
                                                 reportProgress(job, label, done, total);
                                                 return true;
                                             });
        }();
        return [this, job, path, imported = std::move(imported)] {
            const QString title = tr("Import events");
            if (imported) {
                const ImportReport& report = imported.value();
                MessageBox::information(m_window, title,
                                        tr("Imported %1: %2 read, %3 imported, %4 skipped (already in the store).")
                                            .arg(nativePath(path))
                                            .arg(report.read)
                                            .arg(report.imported)
                                            .arg(report.skipped));
            } else if (job->cancelled) {
                MessageBox::information(m_window, title, tr("Import cancelled: nothing was written."));
            } else {
                MessageBox::warning(m_window, title,
                                    tr("Nothing was imported from %1.\n\n%2").arg(nativePath(path), imported.error().message));
            }
        };
    });
}

bool StoreToolsController::refuseOverwritingTheStore(const QString& path, const QString& location, const QString& title)
{
    if (!StoreFactory::isStoreFile(location, path))
        return false;
    // The save would replace the store (or SQLite's log beside it) with an export of itself.
    MessageBox::warning(m_window, title, tr("%1 is a file of the open store: nothing was written. Choose another file.").arg(nativePath(path)));
    return true;
}

void StoreToolsController::exportEvents()
{
    if (m_busy)
        return;
    const QString location = openLocation();
    if (location.isEmpty())
        return;
    const QString path = m_chooseExportFile ? m_chooseExportFile(m_window) : QString();
    if (path.isEmpty() || refuseOverwritingTheStore(path, location, tr("Export events")))
        return;
    const EventFileFormat format = exportFormatFor(path);
    begin(tr("Export events"), tr("Writing %1…").arg(nativePath(path)));
    run([this, location, path, format](const std::shared_ptr<Job>& job) -> std::function<void()> {
        Result<qint64> written = [&]() -> Result<qint64> {
            auto opened = StoreFactory::open(location, StoreFactory::Mode::ReadOnly);
            if (!opened)
                return opened.error();
            const std::unique_ptr<EventStore> store = std::move(opened).value();
            return EventExporter::writeFile(*store, format, path, [this, job](qint64 done, qint64 total) {
                if (job->cancelled)
                    return false;
                reportProgress(job, tr("Writing events…"), done, total);
                return true;
            });
        }();
        return [this, job, path, format, written = std::move(written)] {
            const QString title = tr("Export events");
            if (written)
                MessageBox::information(m_window, title,
                                        tr("Exported %1 events to %2 (%3).")
                                            .arg(written.value())
                                            .arg(nativePath(path), eventFileFormatName(format)));
            else if (job->cancelled)
                MessageBox::information(m_window, title, tr("Export cancelled: %1 was left as it was.").arg(nativePath(path)));
            else
                MessageBox::warning(m_window, title,
                                    tr("The events could not be exported to %1.\n\n%2").arg(nativePath(path), written.error().message));
        };
    });
}

QString StoreToolsController::suggestedTablePath(std::optional<qint64> asOfMs) const
{
    QString folder = m_tableFolder;
    if (folder.isEmpty())
        folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty())
        folder = QDir::homePath();
    // The present is named after the time it was taken: a file called "now" would be wrong by tomorrow.
    const QString name = QStringLiteral("customers-%1.csv").arg(momentForFileName(asOfMs ? *asOfMs : m_clock.nowMs()));
    return QDir(folder).filePath(name);
}

void StoreToolsController::exportTable()
{
    if (m_busy)
        return;
    const QString location = openLocation();
    if (location.isEmpty())
        return;
    // The moment of the trigger: the name offered and the rows written agree even if playback moves on meanwhile.
    const std::optional<qint64> asOfMs = m_moment ? m_moment() : std::nullopt;
    const QString path = m_chooseTableFile ? m_chooseTableFile(m_window, suggestedTablePath(asOfMs)) : QString();
    if (path.isEmpty())
        return;
    m_tableFolder = QFileInfo(path).absolutePath();
    if (refuseOverwritingTheStore(path, location, tr("Export table")))
        return;
    begin(tr("Export table"), tr("Exporting the customer table to %1…").arg(nativePath(path)));
    run([this, location, path, asOfMs](const std::shared_ptr<Job>& job) -> std::function<void()> {
        Result<qint64> written = [&]() -> Result<qint64> {
            auto opened = StoreFactory::open(location, StoreFactory::Mode::ReadOnly);
            if (!opened)
                return opened.error();
            const std::unique_ptr<EventStore> store = std::move(opened).value();
            using Stage = CustomerTableExporter::Stage;
            return CustomerTableExporter::writeFile(*store, asOfMs, path, [this, job](Stage stage, qint64 done, qint64 total) {
                if (job->cancelled)
                    return false;
                const QString label = stage == Stage::ReadingEvents  ? tr("Reading events…")
                                      : stage == Stage::ReadingTable ? tr("Reading the customer table…")
                                                                     : tr("Writing the table…");
                reportProgress(job, label, done, total);
                return true;
            });
        }();
        return [this, job, path, asOfMs, written = std::move(written)] {
            const QString moment = asOfMs ? tr("as of %1").arg(momentForPeople(*asOfMs)) : tr("as of now");
            if (written) {
                const qint64 rows = written.value();
                const QString customers = rows == 1 ? tr("1 customer") : tr("%L1 customers").arg(rows);
                m_window->statusBar()->showMessage(tr("Exported %1 %2 to %3").arg(customers, moment, nativePath(path)),
                                                   StatusMessageMs);
            } else if (job->cancelled) {
                m_window->statusBar()->showMessage(tr("Export of the table cancelled: %1 was left as it was.").arg(nativePath(path)),
                                                   StatusMessageMs);
            } else {
                MessageBox::warning(m_window, tr("Export table"),
                                    tr("The customer table %1 could not be exported to %2.\n\n%3")
                                        .arg(moment, nativePath(path), written.error().message));
            }
        };
    });
}

} // namespace hindsight
