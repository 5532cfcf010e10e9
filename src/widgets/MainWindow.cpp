#include "MainWindow.h"
#include "ui_MainWindow.h"

#include "AccountService.h"
#include "AddressHistory.h"
#include "AddressHistoryModel.h"
#include "AsOfTableService.h"
#include "CreateCustomerCommand.h"
#include "CustomerDialog.h"
#include "CustomerStatusDelegate.h"
#include "CustomerTableLoader.h"
#include "CustomerTableModel.h"
#include "JumpToTimeDialog.h"
#include "MessageBox.h"
#include "StoreFactory.h"
#include "StoreToolsController.h"
#include "Timestamp.h"
#include "TimePlayback.h"
#include "TimeSlider.h"
#include "TimelineModel.h"
#include "UpdateCustomerCommand.h"

#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QFutureWatcher>
#include <QProgressBar>
#include <QProgressDialog>
#include <QScrollBar>
#include <QSettings>
#include <QTimer>
#include <QUndoStack>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace hindsight {

namespace {

constexpr int MaxRecentStores = 8;
constexpr int DefaultPollMs = 300;
constexpr qint64 DayMs = 24 * 3600 * 1000;
/** Play speeds offered: history per second of real time. */
constexpr std::pair<const char*, qint64> PlaySpeeds[] = {
    {QT_TRANSLATE_NOOP("hindsight::MainWindow", "1 hour/s"), 3600 * 1000},
    {QT_TRANSLATE_NOOP("hindsight::MainWindow", "1 day/s"), DayMs},
    {QT_TRANSLATE_NOOP("hindsight::MainWindow", "1 week/s"), 7 * DayMs},
    {QT_TRANSLATE_NOOP("hindsight::MainWindow", "1 month/s"), 30 * DayMs},
    {QT_TRANSLATE_NOOP("hindsight::MainWindow", "1 year/s"), 365 * DayMs},
};
/** Unless a speed was chosen, the slowest that plays the whole history within this long. */
constexpr qint64 DefaultPlaySeconds = 60;

QString localTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString escaped(const QString& text)
{
    return text.toHtmlEscaped();
}

/** ~/.config/hindsight/hindsight.conf: named here because the application sets no organization name. */
std::unique_ptr<QSettings> openSettings()
{
    return std::make_unique<QSettings>(QStringLiteral("hindsight"), QStringLiteral("hindsight"));
}

} // namespace

MainWindow::MainWindow(const Clock& clock, QWidget* parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_clock(clock)
    , m_customerModel(new CustomerTableModel(this))
    , m_timelineModel(new TimelineModel(this))
    , m_addressModel(new AddressHistoryModel(this))
    , m_loader(new CustomerTableLoader(this))
    , m_undoStack(new QUndoStack(this))
    , m_pollTimer(new QTimer(this))
    , m_history(new AsOfTableService(this))
    , m_playback(new TimePlayback(this))
{
    m_ui->setupUi(this);
    setupTable();
    setupActions();
    setupStatusBar();
    setupTimeBar();

    m_ui->timelineView->setModel(m_timelineModel);
    connect(m_ui->timelineView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateComparison);
    m_ui->addressTable->setModel(m_addressModel);
    m_ui->addressTable->verticalHeader()->hide();
    m_ui->addressTable->horizontalHeader()->setSectionResizeMode(static_cast<int>(AddressHistoryModel::Column::Address),
                                                                QHeaderView::Stretch);
    m_ui->addressTable->horizontalHeader()->setSectionResizeMode(static_cast<int>(AddressHistoryModel::Column::From),
                                                                QHeaderView::ResizeToContents);
    m_ui->addressTable->horizontalHeader()->setSectionResizeMode(static_cast<int>(AddressHistoryModel::Column::To),
                                                                QHeaderView::ResizeToContents);

    m_ui->mainSplitter->setStretchFactor(0, 3);
    m_ui->mainSplitter->setStretchFactor(1, 2);
    m_ui->detailSplitter->setStretchFactor(0, 3);
    m_ui->detailSplitter->setStretchFactor(1, 1);
    m_ui->mainSplitter->setSizes({800, 540});
    m_ui->detailSplitter->setSizes({560, 180});

    connect(m_loader, &CustomerTableLoader::snapshotReady, this, &MainWindow::snapshotReady);
    connect(m_loader, &CustomerTableLoader::failed, this, &MainWindow::storeFailed);
    connect(m_loader, &CustomerTableLoader::progressChanged, this, [this](const QString& what, int percent) {
        m_progressLabel->setText(percent >= 0 ? tr("%1… %2%").arg(what).arg(percent) : tr("%1…").arg(what));
        m_progressLabel->show();
        m_progressBar->setRange(0, percent >= 0 ? 100 : 0);
        if (percent >= 0)
            m_progressBar->setValue(percent);
        m_progressBar->show();
    });
    connect(m_loader, &CustomerTableLoader::idle, this, &MainWindow::maybeReady);
    connect(m_customerModel, &CustomerTableModel::contentReplaced, this, &MainWindow::tableContentReplaced);
    connect(m_customerModel, &CustomerTableModel::busyChanged, this, [this](bool busy) {
        if (busy && !m_loader->isBusy()) {
            m_progressLabel->setText(tr("Searching and sorting…"));
            m_progressLabel->show();
            m_progressBar->setRange(0, 0);
            m_progressBar->show();
        }
        if (!busy)
            maybeReady();
    });

    m_pollTimer->setInterval(DefaultPollMs);
    connect(m_pollTimer, &QTimer::timeout, this, &MainWindow::checkForChanges);

    m_storeTools = new StoreToolsController(
        this, [this] { return storeLocation(); },
        [this]() -> std::optional<qint64> { return isShowingPast() ? std::optional(m_asOfMs) : std::nullopt; }, m_clock);
    updateComparison();
    updateActions();
    updateTitle();
}

MainWindow::~MainWindow()
{
    // Children go after this body: nothing they emit on the way out may reach a half-destroyed window.
    m_pollTimer->stop();
    m_playback->stop();
    m_undoStack->disconnect(this);
    m_loader->disconnect(this);
    m_customerModel->disconnect(this);
    m_history->disconnect(this);
    m_playback->disconnect(this);
    m_undoStack->clear();
}

void MainWindow::setupTable()
{
    QTableView* table = m_ui->customerTable;
    table->setModel(m_customerModel);
    table->setItemDelegateForColumn(static_cast<int>(CustomerColumn::Status), new CustomerStatusDelegate(table));
    // Fixed row heights keep the view's work independent of the number of rows.
    QHeaderView* rows = table->verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(table->fontMetrics().height() + 8);
    QHeaderView* columns = table->horizontalHeader();
    columns->setSectionsMovable(true);
    columns->setHighlightSections(false);
    columns->setStretchLastSection(true);
    columns->setSortIndicator(static_cast<int>(CustomerColumn::Id), Qt::AscendingOrder);
    const QFontMetrics fm = table->fontMetrics();
    const std::pair<CustomerColumn, QString> widths[] = {
        {CustomerColumn::Id, QStringLiteral("100-255-87300")},
        {CustomerColumn::FirstName, QStringLiteral("Christopher")},
        {CustomerColumn::LastName, QStringLiteral("Montgomery")},
        {CustomerColumn::Address, QStringLiteral("12A, Top Street, Mumbai, ABCDEFGH")},
        {CustomerColumn::DateOfBirth, QStringLiteral("1966-04-12")},
        {CustomerColumn::Status, QStringLiteral("DELETED")},
    };
    for (const auto& [column, sample] : widths)
        columns->resizeSection(static_cast<int>(column), fm.horizontalAdvance(sample) + 28);
    columns->setSectionHidden(static_cast<int>(CustomerColumn::Matched), true);
    table->setSortingEnabled(true);
    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::currentRowChanged);
    // The rows in view, for the as-of pages: a page holds those and a margin around them.
    connect(table->verticalScrollBar(), &QScrollBar::valueChanged, this, &MainWindow::updateTableWindow);
    connect(table->verticalScrollBar(), &QScrollBar::rangeChanged, this, &MainWindow::updateTableWindow);
    table->viewport()->installEventFilter(this);
    connect(table, &QTableView::doubleClicked, this, [this] { editCustomer(); });

    connect(m_ui->searchEdit, &QLineEdit::textChanged, this, &MainWindow::searchTextChanged);
    connect(m_ui->showDeletedCheck, &QCheckBox::toggled, m_ui->actionShowDeleted, &QAction::setChecked);
    connect(m_ui->actionShowDeleted, &QAction::toggled, m_ui->showDeletedCheck, &QCheckBox::setChecked);
    connect(m_ui->actionShowDeleted, &QAction::toggled, this, [this](bool show) { m_customerModel->setHideDeleted(!show); });
}

void MainWindow::setupActions()
{
    m_ui->actionNewStore->setShortcut(QKeySequence::New);
    m_ui->actionOpenStore->setShortcut(QKeySequence::Open);
    m_ui->actionQuit->setShortcut(QKeySequence::Quit);
    m_ui->actionUndo->setShortcut(QKeySequence::Undo);
    m_ui->actionRedo->setShortcut(QKeySequence::Redo);
    m_ui->actionNewCustomer->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_ui->actionEditCustomer->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_ui->actionDeleteCustomer->setShortcut(QKeySequence::Delete);
    m_ui->actionFind->setShortcut(QKeySequence::Find);

    connect(m_ui->actionNewStore, &QAction::triggered, this, [this] {
        const QString dir = QFileInfo(storeLocation()).absolutePath();
        QString path = QFileDialog::getSaveFileName(this, tr("New store"), dir, tr("Hindsight stores (*.hindsight)"), nullptr,
                                                    QFileDialog::DontConfirmOverwrite);
        if (path.isEmpty())
            return;
        if (QFileInfo(path).suffix().isEmpty())
            path += QStringLiteral(".hindsight");
        createStore(path);
    });
    connect(m_ui->actionOpenStore, &QAction::triggered, this, [this] {
        const QString dir = QFileInfo(storeLocation()).absolutePath();
        const QString path = QFileDialog::getOpenFileName(this, tr("Open store"), dir,
                                                          tr("Hindsight stores (*.hindsight);;All files (*)"));
        if (!path.isEmpty())
            openStore(path);
    });
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionUndo, &QAction::triggered, this, &MainWindow::undo);
    connect(m_ui->actionRedo, &QAction::triggered, this, &MainWindow::redo);
    connect(m_ui->actionNewCustomer, &QAction::triggered, this, &MainWindow::newCustomer);
    connect(m_ui->actionEditCustomer, &QAction::triggered, this, &MainWindow::editCustomer);
    connect(m_ui->actionDeleteCustomer, &QAction::triggered, this, &MainWindow::deleteCustomer);
    connect(m_ui->actionFind, &QAction::triggered, this, [this] {
        m_ui->searchEdit->setFocus(Qt::ShortcutFocusReason);
        m_ui->searchEdit->selectAll();
    });
    connect(m_ui->actionAbout, &QAction::triggered, this, [this] {
        MessageBox::information(this, tr("About Hindsight"),
                                tr("Hindsight %1\n\nCustomer accounts as an event-sourced history: every change is an "
                                   "immutable event, and the customer table is derived from them.")
                                    .arg(QCoreApplication::applicationVersion()));
    });

    connect(m_undoStack, &QUndoStack::canUndoChanged, this, &MainWindow::updateActions);
    connect(m_undoStack, &QUndoStack::canRedoChanged, this, &MainWindow::updateActions);
    connect(m_undoStack, &QUndoStack::undoTextChanged, this, &MainWindow::updateActions);
    connect(m_undoStack, &QUndoStack::redoTextChanged, this, &MainWindow::updateActions);

    m_ui->customerTable->addActions({m_ui->actionEditCustomer, m_ui->actionDeleteCustomer});
    rebuildRecentMenu();
}

void MainWindow::setupStatusBar()
{
    m_storeLabel = new QLabel(this);
    m_storeLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_countsLabel = new QLabel(this);
    m_progressLabel = new QLabel(this);
    m_progressBar = new QProgressBar(this);
    m_storeLabel->setObjectName(QStringLiteral("storeLabel"));
    m_countsLabel->setObjectName(QStringLiteral("countsLabel"));
    m_progressLabel->setObjectName(QStringLiteral("progressLabel"));
    m_progressBar->setMaximumWidth(160);
    m_progressBar->setTextVisible(false);
    m_progressLabel->hide();
    m_progressBar->hide();
    m_historyLabel = new QLabel(this);
    m_historyProgress = new QProgressBar(this);
    m_historyLabel->setObjectName(QStringLiteral("historyLabel"));
    m_historyProgress->setObjectName(QStringLiteral("historyProgress"));
    m_historyProgress->setMaximumWidth(120);
    m_historyProgress->setTextVisible(false);
    m_historyLabel->hide();
    m_historyProgress->hide();
    statusBar()->addWidget(m_storeLabel, 1);
    statusBar()->addPermanentWidget(m_historyLabel);
    statusBar()->addPermanentWidget(m_historyProgress);
    statusBar()->addPermanentWidget(m_progressLabel);
    statusBar()->addPermanentWidget(m_progressBar);
    statusBar()->addPermanentWidget(m_countsLabel);
}

void MainWindow::setupTimeBar()
{
    TimeSlider* slider = m_ui->timeSlider;
    slider->setEnabled(false);
    slider->setBusyText(tr("Loading history…"));

    m_ui->actionPlay->setShortcut(QKeySequence(Qt::Key_Space));
    // Space plays only where it means nothing else: on the slider.
    m_ui->actionPlay->setShortcutContext(Qt::WidgetShortcut);
    slider->addAction(m_ui->actionPlay);
    m_ui->actionNow->setShortcut(QKeySequence(Qt::ALT | Qt::Key_End));
    m_ui->actionFirstEvent->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Home));
    m_ui->actionJumpToTime->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    m_ui->actionPreviousEvent->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    m_ui->actionNextEvent->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
    m_ui->actionPreviousCustomerEvent->setShortcut(QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key_Left));
    m_ui->actionNextCustomerEvent->setShortcut(QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key_Right));
    for (QAction* action : {m_ui->actionPlay, m_ui->actionNow, m_ui->actionJumpToTime, m_ui->actionPreviousEvent,
                            m_ui->actionNextEvent, m_ui->actionPreviousCustomerEvent, m_ui->actionNextCustomerEvent,
                            m_ui->actionFirstEvent}) {
        if (!action->shortcut().isEmpty())
            action->setToolTip(tr("%1 (%2)").arg(action->toolTip(), action->shortcut().toString(QKeySequence::NativeText)));
        action->setEnabled(false);
    }
    m_ui->playButton->setDefaultAction(m_ui->actionPlay);
    m_ui->nowButton->setDefaultAction(m_ui->actionNow);
    for (const auto& [name, ms] : PlaySpeeds)
        m_ui->speedCombo->addItem(tr(name), QVariant::fromValue<qint64>(ms));
    m_ui->speedCombo->setCurrentIndex(int(std::size(PlaySpeeds)) - 1);
    m_ui->speedCombo->setEnabled(false);
    m_playback->setSpeed(m_ui->speedCombo->currentData().toLongLong());
    connect(m_ui->speedCombo, &QComboBox::activated, this, [this] { m_speedChosen = true; });
    connect(m_ui->speedCombo, &QComboBox::currentIndexChanged, this,
            [this] { m_playback->setSpeed(m_ui->speedCombo->currentData().toLongLong()); });
    // A fixed size: its text changes at every step, and a label that may change size lays the window out again.
    QFont bold = m_ui->asOfLabel->font();
    bold.setBold(true);
    m_ui->asOfLabel->setFont(bold);
    const QFontMetrics fm(bold);
    m_ui->asOfLabel->setFixedSize(fm.horizontalAdvance(QStringLiteral("As of 0000-00-00 00:00:00")) + 24, fm.height() + 8);

    connect(m_ui->actionPlay, &QAction::triggered, this, &MainWindow::togglePlay);
    connect(m_ui->actionNow, &QAction::triggered, this, &MainWindow::showNow);
    connect(m_ui->actionJumpToTime, &QAction::triggered, this, &MainWindow::jumpToTime);
    connect(m_ui->actionPreviousEvent, &QAction::triggered, this, &MainWindow::previousEvent);
    connect(m_ui->actionNextEvent, &QAction::triggered, this, &MainWindow::nextEvent);
    connect(m_ui->actionPreviousCustomerEvent, &QAction::triggered, this, &MainWindow::previousCustomerEvent);
    connect(m_ui->actionNextCustomerEvent, &QAction::triggered, this, &MainWindow::nextCustomerEvent);
    connect(m_ui->actionFirstEvent, &QAction::triggered, this, &MainWindow::firstEvent);

    connect(slider, &TimeSlider::timeRequested, this, [this](qint64 ms) { setAsOf(ms); });
    connect(slider, &TimeSlider::trackWidthChanged, m_history, &AsOfTableService::setHistogramBuckets);
    connect(m_history, &AsOfTableService::loadProgress, this, [this](qint64 done, qint64 total) {
        const int percent = total > 0 ? int(std::min<qint64>(100, done * 100 / total)) : 0;
        // Every event read, the engine still orders and indexes them.
        m_ui->timeSlider->setBusyText(done >= total ? tr("Preparing history…") : tr("Loading history… %1%").arg(percent), percent);
        m_historyLabel->setText(tr("Loading history… %L1 of %L2 events").arg(done).arg(total));
        m_historyLabel->show();
        m_historyProgress->setRange(0, 100);
        m_historyProgress->setValue(percent);
        m_historyProgress->show();
    });
    connect(m_history, &AsOfTableService::failed, this, [this](const QString& message) {
        m_ui->timeSlider->setBusyText(tr("History unavailable: %1").arg(message));
        m_historyLabel->setText(tr("History unavailable"));
        m_historyLabel->setToolTip(message);
        m_historyLabel->show();
        m_historyProgress->hide();
    });
    connect(m_history, &AsOfTableService::overviewChanged, this, &MainWindow::historyOverviewChanged);
    connect(m_history, &AsOfTableService::ready, this, [this] {
        m_historyLabel->hide();
        m_historyProgress->hide();
        emit historyReady();
    });
    connect(m_history, &AsOfTableService::pageReady, this, &MainWindow::historyPageReady);
    connect(m_customerModel, &CustomerTableModel::queryChanged, m_history, &AsOfTableService::setQuery);

    connect(m_playback, &TimePlayback::advanced, this, &MainWindow::showMoment);
    connect(m_playback, &TimePlayback::playingChanged, this, [this](bool playing) {
        m_ui->actionPlay->setText(playing ? tr("&Pause") : tr("&Play"));
        m_ui->actionPlay->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    });
    m_ui->actionPlay->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));

    // Clicking an entry of the timeline shows the whole table as that event left it; Ctrl/Shift+click only
    // picks entries to compare.
    connect(m_ui->timelineView, &QAbstractItemView::clicked, this, [this](const QModelIndex& index) {
        if (QGuiApplication::keyboardModifiers() & (Qt::ControlModifier | Qt::ShiftModifier))
            return;
        setAsOf(index.data(TimelineModel::RecordedAtRole).toLongLong());
    });
    updateTimeIndicator();
}

// ---- stores --------------------------------------------------------------------------------------------------

bool MainWindow::upgradeIfNeeded(const QString& location)
{
    // Opening a store for writing upgrades an older format (one transaction, seconds for a large store) and checks
    // the file's structure (0.4 s a million events): both on a worker, with the window painting. The window's own
    // connection then finds the file checked and opens at once. A busy dialog says why the store cannot be used
    // yet: at once for an upgrade, after a moment for the check.
    const bool upgrade = StoreFactory::needsUpgrade(location);
    const QString shown = QDir::toNativeSeparators(location);
    QProgressDialog progress(upgrade ? tr("Upgrading %1 to the store format of this version of Hindsight…\nThe store stays as it "
                                          "was until the upgrade is complete.")
                                           .arg(shown)
                                     : tr("Checking %1…").arg(shown),
                             QString(), 0, 0, this);
    progress.setWindowTitle(upgrade ? tr("Upgrading store") : tr("Opening store"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(upgrade ? 0 : 700);
    progress.setCancelButton(nullptr);
    QFutureWatcher<Result<void>> watcher;
    QEventLoop loop;
    connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(QtConcurrent::run([location] { return StoreFactory::upgrade(location); }));
    if (!watcher.isFinished())
        loop.exec();
    progress.reset();
    const Result<void> upgraded = watcher.result();
    if (!upgraded) {
        // A missing file is reported by the open that follows, which knows whether to create it.
        if (upgraded.error().code == ErrorCode::NotFound)
            return true;
        MessageBox::critical(this, upgrade ? tr("Cannot upgrade store") : tr("Cannot open store"), upgraded.error().message);
        return false;
    }
    if (upgrade)
        statusBar()->showMessage(tr("Upgraded %1 to this version's store format").arg(shown), 10000);
    return true;
}

bool MainWindow::openStore(const QString& location)
{
    if (!upgradeIfNeeded(location))
        return false;
    auto opened = StoreFactory::open(location);
    if (!opened) {
        MessageBox::critical(this, tr("Cannot open store"), opened.error().message);
        return false;
    }
    return adoptStore(std::move(opened).value());
}

bool MainWindow::openDefaultStore()
{
    if (!upgradeIfNeeded(StoreFactory::defaultLocation()))
        return false;
    auto opened = StoreFactory::openDefault();
    if (!opened) {
        MessageBox::critical(this, tr("Cannot open the default store"), opened.error().message);
        return false;
    }
    return adoptStore(std::move(opened).value());
}

bool MainWindow::createStore(const QString& location)
{
    if (QFileInfo::exists(location)) {
        MessageBox::warning(this, tr("New store"),
                            tr("%1 exists already. Choose another name, or open it with File › Open store.")
                                .arg(QDir::toNativeSeparators(location)));
        return false;
    }
    auto created = StoreFactory::open(location, StoreFactory::Mode::CreateIfMissing);
    if (!created) {
        MessageBox::critical(this, tr("Cannot create store"), created.error().message);
        return false;
    }
    return adoptStore(std::move(created).value());
}

bool MainWindow::adoptStore(std::unique_ptr<EventStore> store)
{
    m_storeFailure = false;
    m_undoStack->clear(); // its commands speak of the previous store
    m_service.reset();
    m_store = std::move(store);
    m_service = std::make_unique<AccountService>(*m_store, m_clock);
    m_selectedId.clear();
    m_shownVersion = -1;
    m_firstTable = true;
    // The previous store's history and moment go with it; the new one's history loads once its table shows.
    m_playback->stop();
    m_history->close();
    m_historyStarted = false;
    m_past.reset();
    m_engineMode = false;
    m_asOfMs = CustomerSnapshot::Now;
    m_pendingCurrentRow = -1;
    m_timelineModel->setAsOfMs(CustomerSnapshot::Now);
    m_addressModel->setAsOfMs(CustomerSnapshot::Now);
    setReadOnly(false);
    m_ui->timeSlider->setEnabled(false);
    m_ui->timeSlider->setBusyText(tr("Loading history…"));
    m_ui->timeSlider->setHistogram({});
    m_ui->timeSlider->setMarks({});
    m_ui->speedCombo->setEnabled(false);
    m_timelineModel->clear();
    m_addressModel->clear();
    m_customerModel->setContent(std::make_shared<CustomerSnapshot>(), nullptr);
    m_loader->load(m_store->location());
    m_pollTimer->start();
    addRecentStore(m_store->location());
    showCustomer({});
    updateTitle();
    updateStatus();
    updateActions();
    updateTimeIndicator();
    emit storeOpened(m_store->location());
    return true;
}

QString MainWindow::storeLocation() const
{
    return m_store ? m_store->location() : QString();
}

void MainWindow::checkForChanges()
{
    if (!m_store)
        return;
    const CustomerSnapshotPtr& snapshot = m_loader->snapshot();
    if (!snapshot)
        return; // the first read is still running and will see what is there
    auto head = m_store->headPosition();
    if (!head) {
        storeFailed(head.error().message);
        return;
    }
    if (*head > snapshot->headPosition())
        m_loader->refresh();
    // The engine reads them on its own thread, between two moments.
    if (m_history->isReady() && *head > m_history->overview()->headPosition)
        m_history->catchUp();
}

void MainWindow::setPollInterval(int ms)
{
    m_pollTimer->setInterval(ms);
}

void MainWindow::snapshotReady(const CustomerSnapshotPtr& snapshot)
{
    if (!isShowingPast())
        m_customerModel->setSnapshot(snapshot);
    else if (!m_selectedId.isEmpty() && latestVersionOf(m_selectedId) != m_shownVersion)
        showCustomer(m_selectedId, true); // in the past the table stays, but the timeline shows what came since
    // The table first, then the history: both read the whole store, and the table is what people wait for.
    startHistory();
    updateStatus();
}

void MainWindow::startHistory()
{
    if (m_historyStarted || !m_store)
        return;
    m_historyStarted = true;
    m_history->setHistogramBuckets(m_ui->timeSlider->trackWidth());
    m_history->setQuery(m_customerModel->query());
    m_history->open(m_store->location());
}

void MainWindow::showPast(CustomerSnapshotPtr past, CustomerRowOrderPtr order)
{
    if (!past)
        return;
    m_past = past;
    m_playback->stop();
    m_engineMode = false;
    m_history->setPresent();
    m_asOfMs = past->asOfMs();
    m_ui->timeSlider->setValue(past->asOfMs());
    updateTimeIndicator();
    if (order)
        m_customerModel->setContent(past, std::move(order));
    else
        m_customerModel->setSnapshot(past);
    m_timelineModel->setAsOfMs(past->asOfMs());
    m_addressModel->setAsOfMs(past->asOfMs());
    setReadOnly(true, tr("Showing the customer table as of %1 (local time). Editing is off in the past: return to now to edit.")
                          .arg(localTime(past->asOfMs())));
    showCustomer(m_selectedId, true);
    emit asOfChanged(past->asOfMs());
}

void MainWindow::showPresent()
{
    if (!isShowingPast())
        return;
    m_past.reset();
    m_engineMode = false;
    m_asOfMs = CustomerSnapshot::Now;
    m_pendingCurrentRow = -1;
    m_history->setPresent();
    // The table keeps the last page until the present's rows are searched and sorted, then swaps in one step.
    if (m_loader->snapshot())
        m_customerModel->setSnapshot(m_loader->snapshot());
    m_timelineModel->setAsOfMs(CustomerSnapshot::Now);
    m_addressModel->setAsOfMs(CustomerSnapshot::Now);
    m_ui->timeSlider->setValue(m_ui->timeSlider->maximum());
    setReadOnly(false);
    showCustomer(m_selectedId, true);
    updateTimeIndicator();
    updateStatus();
    emit asOfChanged(CustomerSnapshot::Now);
}

qint64 MainWindow::asOfMs() const
{
    return m_asOfMs;
}

bool MainWindow::isHistoryReady() const
{
    return m_history->isReady() && !m_history->overview()->isEmpty();
}

TimeSlider* MainWindow::timeSlider() const
{
    return m_ui->timeSlider;
}

bool MainWindow::setAsOf(qint64 asOfMs)
{
    if (!isHistoryReady())
        return false;
    m_playback->stop();
    showMoment(asOfMs);
    return true;
}

void MainWindow::showMoment(qint64 asOfMs)
{
    const AsOfOverviewPtr& overview = m_history->overview();
    if (!overview || overview->isEmpty())
        return;
    if (asOfMs == CustomerSnapshot::Now || asOfMs >= overview->lastMs) {
        showPresent();
        m_ui->timeSlider->setValue(overview->lastMs);
        return;
    }
    if (m_engineMode && asOfMs == m_asOfMs)
        return;
    const bool entering = !m_engineMode;
    m_past.reset();
    m_engineMode = true;
    m_asOfMs = asOfMs;
    m_history->setAsOf(asOfMs);
    if (entering)
        m_pageFloor = m_history->requestSerial();
    // What is cheap follows at once; the table follows when the engine's page arrives.
    m_ui->timeSlider->setValue(asOfMs);
    const int eventBefore = m_timelineModel->rowInEffect();
    const int addressBefore = m_addressModel->rowInEffect();
    m_timelineModel->setAsOfMs(asOfMs);
    m_addressModel->setAsOfMs(asOfMs);
    // Keep the event and the address in effect in sight (newest first, they can be far down).
    if (const int row = m_timelineModel->rowInEffect(); row >= 0 && row != eventBefore)
        m_ui->timelineView->scrollTo(m_timelineModel->index(row), QAbstractItemView::EnsureVisible);
    if (const int row = m_addressModel->rowInEffect(); row >= 0 && row != addressBefore)
        m_ui->addressTable->scrollTo(m_addressModel->index(row, 0), QAbstractItemView::EnsureVisible);
    // The same words at every step: a banner that changed would lay the window out again each frame.
    setReadOnly(true, tr("Showing the customer table as it was at the moment on the time bar. Editing is off in the past: "
                         "go back to now (%1) to edit.")
                          .arg(m_ui->actionNow->shortcut().toString(QKeySequence::NativeText)));
    updateCustomerTitle();
    updateTimeIndicator();
    emit asOfChanged(asOfMs);
}

void MainWindow::historyOverviewChanged(const AsOfOverviewPtr& overview)
{
    TimeSlider* slider = m_ui->timeSlider;
    slider->setRange(overview->firstMs, overview->lastMs);
    slider->setHistogram(overview->histogram);
    slider->setEventTimes(overview->eventTimes);
    const bool usable = !overview->isEmpty();
    slider->setEnabled(usable);
    slider->setBusyText(usable ? QString() : tr("No events yet: the history starts with the first customer"));
    if (!isShowingPast())
        slider->setValue(overview->lastMs);
    m_playback->setEnd(overview->lastMs);
    m_ui->speedCombo->setEnabled(usable);
    if (usable && !m_speedChosen) {
        // The slowest speed that plays the whole history within a minute.
        const qint64 span = overview->lastMs - overview->firstMs;
        int choice = int(std::size(PlaySpeeds)) - 1;
        for (int i = 0; i < int(std::size(PlaySpeeds)); ++i) {
            if (span / PlaySpeeds[i].second <= DefaultPlaySeconds) {
                choice = i;
                break;
            }
        }
        m_ui->speedCombo->setCurrentIndex(choice);
    }
    for (QAction* action : {m_ui->actionPlay, m_ui->actionJumpToTime, m_ui->actionPreviousEvent, m_ui->actionNextEvent,
                            m_ui->actionPreviousCustomerEvent, m_ui->actionNextCustomerEvent, m_ui->actionFirstEvent})
        action->setEnabled(usable);
    updateTimeIndicator();
    updateTableWindow();
}

void MainWindow::historyPageReady(const AsOfTablePagePtr& page)
{
    if (!m_engineMode || page->serial < m_pageFloor)
        return; // for an earlier visit to the past
    m_customerModel->setPage(page);
}

void MainWindow::updateTimeIndicator()
{
    const bool past = isShowingPast();
    m_ui->actionNow->setEnabled(past);
    if (past) {
        m_ui->asOfLabel->setText(tr("As of %1").arg(localTime(m_asOfMs)));
        m_ui->asOfLabel->setToolTip(tr("The table shows the customers as they were at %1 local time (%2 UTC).")
                                        .arg(localTime(m_asOfMs), Timestamp::format(m_asOfMs)));
        m_ui->asOfLabel->setStyleSheet(QStringLiteral(
            "QLabel { background: #c77c02; color: white; border-radius: 4px; padding: 3px 8px; }"));
    } else {
        m_ui->asOfLabel->setText(tr("Now"));
        m_ui->asOfLabel->setToolTip(tr("The table shows the customers as they are now; changes by others appear as they happen."));
        m_ui->asOfLabel->setStyleSheet(QStringLiteral(
            "QLabel { background: #2e7d32; color: white; border-radius: 4px; padding: 3px 8px; }"));
    }
}

void MainWindow::updateTableWindow()
{
    const QTableView* table = m_ui->customerTable;
    const int rowHeight = std::max(1, table->verticalHeader()->defaultSectionSize());
    const int first = std::max(0, table->rowAt(0));
    const int visible = table->viewport()->height() / rowHeight + 2;
    m_history->setWindow(first, visible);
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_ui->customerTable->viewport() && event->type() == QEvent::Resize)
        updateTableWindow();
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::showNow()
{
    m_playback->stop();
    showPresent();
}

void MainWindow::previousEvent()
{
    if (isHistoryReady())
        m_ui->timeSlider->stepEvent(-1);
}

void MainWindow::nextEvent()
{
    if (isHistoryReady())
        m_ui->timeSlider->stepEvent(1);
}

void MainWindow::previousCustomerEvent()
{
    if (isHistoryReady())
        m_ui->timeSlider->stepMark(-1);
}

void MainWindow::nextCustomerEvent()
{
    if (isHistoryReady())
        m_ui->timeSlider->stepMark(1);
}

void MainWindow::firstEvent()
{
    if (isHistoryReady())
        m_ui->timeSlider->requestTime(m_ui->timeSlider->minimum());
}

void MainWindow::jumpToTime()
{
    if (!isHistoryReady())
        return;
    const AsOfOverviewPtr& overview = m_history->overview();
    auto* dialog = new JumpToTimeDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setRange(overview->firstMs, overview->lastMs);
    dialog->setMoment(isShowingPast() ? m_asOfMs : overview->lastMs);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { setAsOf(dialog->moment()); });
    dialog->open();
}

void MainWindow::togglePlay()
{
    if (m_playback->isPlaying()) {
        m_playback->stop();
        return;
    }
    if (!isHistoryReady())
        return;
    const AsOfOverviewPtr& overview = m_history->overview();
    // From the present there is nothing ahead: play the whole history from its start.
    const qint64 from = isShowingPast() ? m_asOfMs : overview->firstMs;
    m_playback->setSpeed(m_ui->speedCombo->currentData().toLongLong());
    m_playback->start(from, overview->lastMs);
    showMoment(from);
}

qint64 MainWindow::latestVersionOf(const QString& customerId) const
{
    const CustomerSnapshotPtr& latest = m_loader->snapshot();
    if (!latest)
        return -1;
    const qsizetype i = latest->indexOf(customerId);
    return i < 0 ? -1 : latest->at(i).version;
}

bool MainWindow::isLoading() const
{
    if (m_engineMode && (m_history->isBusy() || !m_customerModel->page() || m_customerModel->page() != m_history->page()))
        return true;
    return m_loader->isBusy() || !m_loader->isIndexed() || m_customerModel->isBusy();
}

void MainWindow::maybeReady()
{
    if (!m_loader->isBusy() && !m_customerModel->isBusy()) {
        m_progressLabel->hide();
        m_progressBar->hide();
    }
    updateStatus();
    if (m_store && !isLoading() && (m_past || m_customerModel->snapshot() == m_loader->snapshot()))
        emit tableReady();
}

// ---- selection -----------------------------------------------------------------------------------------------

void MainWindow::tableContentReplaced()
{
    QTableView* table = m_ui->customerTable;
    if (m_pendingCurrentRow >= 0 && m_customerModel->recordAt(m_pendingCurrentRow)) {
        // The row made current (keys, a jump) before the page with its customer arrived: that customer it is.
        m_selectedId = m_customerModel->recordAt(m_pendingCurrentRow)->customerId;
        m_pendingCurrentRow = -1;
        showCustomer(m_selectedId);
    }
    if (m_selectedId.isEmpty() && m_firstTable && m_customerModel->rowCount() > 0) {
        m_firstTable = false;
        table->selectionModel()->setCurrentIndex(m_customerModel->index(0, 0),
                                                 QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    } else if (!m_selectedId.isEmpty() && m_pendingCurrentRow < 0) {
        // (While a row made current waits for its page, a page that was on its way before must not put the
        // selection back on the customer the person just left.)
        const int row = m_customerModel->rowOf(m_selectedId);
        if (row >= 0) {
            // Put the selection back without moving the view: the person may be scrolling elsewhere.
            const bool autoScroll = table->hasAutoScroll();
            table->setAutoScroll(false);
            table->selectionModel()->setCurrentIndex(m_customerModel->index(row, 0),
                                                     QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            table->setAutoScroll(autoScroll);
            if (std::exchange(m_scrollToSelection, false))
                table->scrollTo(m_customerModel->index(row, 0), QAbstractItemView::PositionAtCenter);
            if (latestVersionOf(m_selectedId) != m_shownVersion)
                showCustomer(m_selectedId, true);
        } else if (m_customerModel->page() && m_pendingCurrentRow < 0) {
            // Not in the table at this moment (not created yet, or filtered out): no row may look selected,
            // and the rows of a page that only repainted keep their selection otherwise.
            table->selectionModel()->clear();
        } else if (latestVersionOf(m_selectedId) != m_shownVersion) {
            // Filtered out or not in the table shown: the timeline stays, but it may have moved on.
            showCustomer(m_selectedId, true);
        }
    }
    updateStatus();
    updateActions();
    maybeReady();
}

void MainWindow::currentRowChanged(const QModelIndex& current)
{
    if (!current.isValid())
        return; // a model reset; the selection is put back by customer id
    const QString id = current.data(CustomerTableModel::CustomerIdRole).toString();
    if (id.isEmpty()) {
        // A row of the past the page does not hold yet (End in a long table): its page is on the way.
        m_pendingCurrentRow = current.row();
        return;
    }
    m_pendingCurrentRow = -1;
    m_selectedId = id;
    m_firstTable = false;
    showCustomer(id);
    updateActions();
}

bool MainWindow::selectCustomer(const QString& customerId)
{
    m_selectedId = customerId;
    m_firstTable = false;
    m_pendingCurrentRow = -1;
    const int row = m_customerModel->rowOf(customerId);
    if (row >= 0) {
        m_ui->customerTable->selectionModel()->setCurrentIndex(m_customerModel->index(row, 0),
                                                               QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_ui->customerTable->scrollTo(m_customerModel->index(row, 0), QAbstractItemView::PositionAtCenter);
    } else if (m_engineMode) {
        // The page shown may not hold the row: the next one will say where it is.
        m_scrollToSelection = true;
    }
    showCustomer(customerId, true);
    updateActions();
    return row >= 0;
}

void MainWindow::showCustomer(const QString& customerId, bool force)
{
    if (!force && customerId == m_timelineModel->customerId() && !customerId.isEmpty()) {
        const qint64 latest = latestVersionOf(customerId);
        if (latest < 0 || latest == m_shownVersion)
            return;
    }
    EventList stream;
    if (m_store && !customerId.isEmpty()) {
        // One customer's stream: cheap whatever the size of the store.
        auto read = m_store->readStream(customerId);
        if (read)
            stream = std::move(read).value();
    }
    m_timelineModel->setStream(customerId, stream);
    m_addressModel->setPeriods(AddressHistory::fromStream(stream));
    m_shownVersion = stream.isEmpty() ? -1 : stream.last().version();
    m_history->setFocusCustomer(customerId);
    QList<TimeSlider::Mark> marks;
    for (const Event& e : std::as_const(stream))
        marks.append({e.recordedAtMs(), static_cast<int>(e.type())});
    m_ui->timeSlider->setMarks(marks);
    updateCustomerTitle();
    updateComparison();
    updateActions();
    emit customerShown(customerId);
}

void MainWindow::updateCustomerTitle()
{
    const TimelineModel* timeline = m_timelineModel;
    const QString& customerId = timeline->customerId();
    const int events = timeline->rowCount();
    if (events == 0) {
        m_ui->customerTitle->setText(customerId.isEmpty() ? tr("No customer selected")
                                                          : tr("Customer %1 has no events").arg(escaped(customerId)));
        return;
    }
    const int inEffect = timeline->rowInEffect();
    if (inEffect < 0) {
        const CustomerRecord first = timeline->stateAfter(events - 1);
        m_ui->customerTitle->setText(tr("<span style='font-size:large'><b>%1 %2</b></span>&nbsp;&nbsp;not created yet "
                                        "<span style='color:gray'>(created %3)</span>")
                                         .arg(escaped(first.data.firstName), escaped(first.data.lastName), localTime(first.createdAtMs)));
        return;
    }
    // The state at the moment shown: the newest event now, the one in effect in the past.
    const CustomerRecord state = timeline->stateAfter(inEffect);
    const bool deleted = state.status == CustomerStatus::Deleted;
    const QString badge = deleted ? QStringLiteral("<span style='background:#c62828;color:white;font-weight:bold'>&nbsp;DELETED&nbsp;</span>")
                                  : QStringLiteral("<span style='color:#2e7d32;font-weight:bold'>ACTIVE</span>");
    m_ui->customerTitle->setText(tr("<span style='font-size:large'><b>%1 %2</b></span>&nbsp;&nbsp;%3<br>"
                                    "<span style='color:gray'>%4 · %5 events · created %6 · last change %7</span>")
                                     .arg(escaped(state.data.firstName), escaped(state.data.lastName), badge, escaped(customerId))
                                     .arg(events - inEffect)
                                     .arg(localTime(state.createdAtMs), localTime(state.updatedAtMs)));
}

void MainWindow::updateComparison()
{
    const QList<int> rows = m_ui->timelineView->selectedRows();
    QString html;
    if (m_timelineModel->rowCount() == 0) {
        html = tr("Select a customer to see the story of the account.");
    } else if (rows.isEmpty()) {
        html = tr("Click an entry to see the state it left; Ctrl+click a second one to compare those two states.");
    } else if (rows.size() == 1) {
        const CustomerRecord s = m_timelineModel->stateAfter(rows.first());
        html = tr("<b>State after version %1</b> (%2):<br>%3 %4 · %5 · born %6 · %7")
                   .arg(s.version)
                   .arg(localTime(s.updatedAtMs), escaped(s.data.firstName), escaped(s.data.lastName), escaped(s.data.address),
                        Timestamp::formatDate(s.data.dateOfBirth), customerStatusName(s.status));
    } else if (rows.size() == 2) {
        // Rows run newest first: the higher row is the older state.
        const Event& older = m_timelineModel->eventAt(rows.at(1));
        const Event& newer = m_timelineModel->eventAt(rows.at(0));
        const QStringList lines = CustomerDiff::describe(m_timelineModel->differenceBetween(rows.at(1), rows.at(0)));
        QStringList items;
        for (const QString& line : lines)
            items.append(escaped(line));
        html = tr("<b>From version %1 to version %2</b> (%3 → %4):<br>%5")
                   .arg(older.version())
                   .arg(newer.version())
                   .arg(localTime(older.recordedAtMs()), localTime(newer.recordedAtMs()),
                        items.isEmpty() ? tr("no difference") : items.join(QStringLiteral("<br>")));
    } else {
        html = tr("%1 entries selected: select two to compare their states.").arg(rows.size());
    }
    m_ui->comparisonLabel->setText(html);
}

QString MainWindow::comparisonText() const
{
    return m_ui->comparisonLabel->text();
}

void MainWindow::searchTextChanged(const QString& text)
{
    m_customerModel->setSearchText(text);
    m_ui->customerTable->horizontalHeader()->setSectionHidden(static_cast<int>(CustomerColumn::Matched), text.trimmed().isEmpty());
}

// ---- edits ---------------------------------------------------------------------------------------------------

std::optional<CustomerRecord> MainWindow::readCustomer(const QString& customerId) const
{
    if (!m_store)
        return std::nullopt;
    auto read = m_store->customer(customerId);
    return read ? *read : std::nullopt;
}

QString MainWindow::describeChangesSince(const CustomerRecord& base, const std::optional<CustomerRecord>& current) const
{
    if (!current)
        return tr("Customer %1 no longer exists.").arg(base.customerId);
    QStringList lines;
    lines << tr("Customer %1 is now at version %2 (you started from version %3).")
                 .arg(current->customerId)
                 .arg(current->version)
                 .arg(base.version);
    if (m_store) {
        if (auto stream = m_store->readStream(base.customerId)) {
            for (const Event& e : *stream) {
                if (e.version() > base.version)
                    lines << tr("  v%1 %2 at %3").arg(e.version()).arg(statusName(e.type()), localTime(e.recordedAtMs()));
            }
        }
    }
    const FieldChanges changes = CustomerDiff::between(std::optional(base), current);
    lines << tr("What changed:");
    const QStringList described = CustomerDiff::describe(changes);
    for (const QString& line : described)
        lines << QStringLiteral("  • ") + line;
    if (described.isEmpty())
        lines << tr("  • nothing visible (the attributes are the same)");
    return lines.join(QLatin1Char('\n'));
}

void MainWindow::reportError(const QString& title, const Error& error)
{
    if (isStoreFailure(error))
        storeFailed(error.message);
    else
        MessageBox::warning(this, title, error.message);
}

bool MainWindow::isStoreFailure(const Error& error)
{
    // The store itself failed (the file, the disk, damage), as opposed to a rule refusing one command.
    return error.code == ErrorCode::Io || error.code == ErrorCode::Corrupt;
}

void MainWindow::storeFailed(const QString& message)
{
    // One message however many reads and writes fail after the first: polling, paging and saving all stop here.
    if (m_storeFailure || !m_store)
        return;
    m_storeFailure = true;
    m_pollTimer->stop();
    m_playback->stop();
    const QString location = m_store->location();
    setReadOnly(true, tr("Hindsight stopped using this store after an error; reopen it (File › Open Recent) to go on."));
    emit storeFailure(message);
    // Core messages are clauses ("reading events failed in …"): a sentence here.
    QString sentence = message.trimmed();
    if (!sentence.isEmpty())
        sentence[0] = sentence.at(0).toUpper();
    if (!sentence.endsWith(u'.'))
        sentence += u'.';
    const auto answer = MessageBox::critical(
        this, tr("Store unavailable"),
        tr("%1\n\nHindsight stopped reading and writing %2 so that nothing more is lost. Reopen it now, to see what it "
           "holds?")
            .arg(sentence, QDir::toNativeSeparators(location)),
        MessageBox::Buttons(QMessageBox::Yes | QMessageBox::No), QMessageBox::No);
    if (answer == QMessageBox::Yes)
        reopenStore();
}

void MainWindow::reopenStore()
{
    if (!m_store)
        return;
    const QString location = m_store->location();
    // Every connection of this process to the file goes first: a new one would share the old ones' view of the
    // write-ahead log, which is what failed.
    m_undoStack->clear();
    m_service.reset();
    m_history->close();
    m_store.reset();
    openStore(location);
}

void MainWindow::newCustomer()
{
    if (!m_store || m_readOnly || m_store->isReadOnly())
        return;
    auto* dialog = new CustomerDialog(CustomerDialog::Mode::Create, m_clock, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CustomerDialog::submitted, this, [this, dialog] { saveDialog(dialog); });
    dialog->open();
}

void MainWindow::editCustomer()
{
    if (!m_store || m_readOnly || m_store->isReadOnly() || m_selectedId.isEmpty())
        return;
    // The dialog starts from the store's current record: its version is what the save will expect.
    const std::optional<CustomerRecord> record = readCustomer(m_selectedId);
    if (!record) {
        MessageBox::warning(this, tr("Edit customer"), tr("Customer %1 does not exist.").arg(m_selectedId));
        return;
    }
    if (record->status == CustomerStatus::Deleted) {
        MessageBox::information(this, tr("Edit customer"),
                                tr("Customer %1 is deleted. A deleted customer cannot be changed; its history stays readable.")
                                    .arg(m_selectedId));
        return;
    }
    auto* dialog = new CustomerDialog(CustomerDialog::Mode::Edit, m_clock, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setRecord(*record);
    connect(dialog, &CustomerDialog::submitted, this, [this, dialog] { saveDialog(dialog); });
    dialog->open();
}

void MainWindow::saveDialog(CustomerDialog* dialog)
{
    if (!m_service || m_readOnly)
        return;
    const CustomerData typed = dialog->customerData();
    const auto changed = [this](const QString& id) { customerChanged(id); };
    const auto storeFailedHook = [this](const Error& error) {
        if (!isStoreFailure(error))
            return false;
        storeFailed(error.message);
        return true;
    };
    if (dialog->mode() == CustomerDialog::Mode::Create) {
        auto created = m_service->createCustomer(typed, dialog->customerId());
        if (!created) {
            if (isStoreFailure(created.error())) {
                dialog->reject();
                storeFailed(created.error().message);
                return;
            }
            dialog->showFieldError(created.error().field, created.error().message);
            return;
        }
        m_undoStack->push(new CreateCustomerCommand(*m_service, this, *created, changed, storeFailedHook));
        m_selectedId = created->customerId();
        customerChanged(created->customerId());
        dialog->accept();
        return;
    }

    const CustomerRecord base = dialog->base();
    auto updated = m_service->updateCustomer(base.customerId, typed, dialog->expectedVersion());
    if (updated) {
        m_undoStack->push(new UpdateCustomerCommand(*m_service, this, base.data, *updated, changed, storeFailedHook));
        customerChanged(base.customerId);
        dialog->accept();
        return;
    }
    if (updated.error().code == ErrorCode::Conflict) {
        // Someone else wrote first: show what they changed, keep what this person typed, write nothing.
        const std::optional<CustomerRecord> current = readCustomer(base.customerId);
        const QString what = describeChangesSince(base, current);
        MessageBox::warning(this, tr("Customer changed meanwhile"),
                            tr("%1 %2 was changed by someone else after you opened it. Nothing was saved.\n\n%3")
                                .arg(base.data.firstName, base.data.lastName, what));
        customerChanged(base.customerId);
        if (current && current->status == CustomerStatus::Active)
            dialog->rebase(*current, what);
        else
            dialog->reject();
        return;
    }
    if (isStoreFailure(updated.error())) {
        dialog->reject();
        storeFailed(updated.error().message);
        return;
    }
    dialog->showFieldError(updated.error().field, updated.error().message);
}

void MainWindow::deleteCustomer()
{
    if (!m_service || m_readOnly || m_store->isReadOnly() || m_selectedId.isEmpty())
        return;
    // What the person sees is what they agree to delete: a newer version is a conflict, not a silent delete.
    std::optional<CustomerRecord> seen;
    if (const CustomerRecord* record = m_customerModel->recordAt(m_customerModel->rowOf(m_selectedId)))
        seen = *record;
    else if (m_timelineModel->customerId() == m_selectedId && m_timelineModel->rowCount() > 0)
        seen = m_timelineModel->stateAfter(0);
    if (!seen)
        return;
    if (seen->status == CustomerStatus::Deleted) {
        MessageBox::information(this, tr("Delete customer"), tr("Customer %1 is deleted already.").arg(seen->customerId));
        return;
    }
    const auto answer = MessageBox::question(
        this, tr("Delete customer"),
        tr("Delete %1 %2 (%3)?\n\nThis appends an AccountDeleted event. The history stays in the log, but a deleted "
           "customer can never be changed or restored: this cannot be undone.")
            .arg(seen->data.firstName, seen->data.lastName, seen->customerId),
        MessageBox::Buttons(QMessageBox::Yes | QMessageBox::Cancel), QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    auto deleted = m_service->deleteCustomer(seen->customerId, seen->version);
    if (!deleted) {
        if (deleted.error().code == ErrorCode::Conflict) {
            MessageBox::warning(this, tr("Customer changed meanwhile"),
                                tr("%1 %2 was changed by someone else since the table showed it. Nothing was deleted.\n\n%3")
                                    .arg(seen->data.firstName, seen->data.lastName,
                                         describeChangesSince(*seen, readCustomer(seen->customerId))));
        } else {
            reportError(tr("Cannot delete customer"), deleted.error());
        }
        customerChanged(seen->customerId);
        return;
    }
    customerChanged(seen->customerId);
}

void MainWindow::customerChanged(const QString& customerId)
{
    m_loader->refresh();
    if (customerId == m_selectedId)
        showCustomer(customerId, true);
}

void MainWindow::undo()
{
    if (m_readOnly || !m_undoStack->canUndo())
        return;
    const QUndoCommand* command = m_undoStack->command(m_undoStack->index() - 1);
    if (const auto* create = dynamic_cast<const CreateCustomerCommand*>(command)) {
        const auto answer = MessageBox::question(
            this, tr("Undo"),
            tr("Undoing \"%1\" appends an AccountDeleted event for customer %2. A deleted customer cannot be created "
               "again, so this undo cannot be redone.\n\nUndo?")
                .arg(create->text(), create->customerId()),
            MessageBox::Buttons(QMessageBox::Yes | QMessageBox::Cancel), QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
    }
    m_undoStack->undo();
}

void MainWindow::redo()
{
    if (m_readOnly || !m_undoStack->canRedo())
        return;
    m_undoStack->redo();
}

void MainWindow::setReadOnly(bool readOnly, const QString& reason)
{
    m_readOnly = readOnly;
    m_readOnlyReason = reason;
    updateActions();
}

// ---- window state --------------------------------------------------------------------------------------------

void MainWindow::updateActions()
{
    const bool storeWritable = m_store && !m_store->isReadOnly();
    const bool editable = storeWritable && !m_readOnly;
    const CustomerRecord* record = m_customerModel->recordAt(m_customerModel->rowOf(m_selectedId));
    const bool live = record ? record->status == CustomerStatus::Active
                             : (m_timelineModel->customerId() == m_selectedId && m_timelineModel->rowCount() > 0
                                && m_timelineModel->stateAfter(0).status == CustomerStatus::Active);
    m_ui->actionNewCustomer->setEnabled(editable);
    m_ui->actionEditCustomer->setEnabled(editable && !m_selectedId.isEmpty() && live);
    m_ui->actionDeleteCustomer->setEnabled(editable && !m_selectedId.isEmpty() && live);
    m_ui->actionUndo->setEnabled(editable && m_undoStack->canUndo());
    m_ui->actionRedo->setEnabled(editable && m_undoStack->canRedo());
    m_ui->actionUndo->setText(m_undoStack->canUndo() ? tr("&Undo %1").arg(m_undoStack->undoText()) : tr("&Undo"));
    m_ui->actionRedo->setText(m_undoStack->canRedo() ? tr("&Redo %1").arg(m_undoStack->redoText()) : tr("&Redo"));

    QString banner;
    if (m_readOnly)
        banner = m_readOnlyReason.isEmpty() ? tr("Editing is off.") : m_readOnlyReason;
    else if (m_store && m_store->isReadOnly())
        banner = tr("This store file is read-only: you can browse it, but not change it.");
    m_ui->readOnlyBanner->setText(banner);
    m_ui->readOnlyBanner->setVisible(!banner.isEmpty());
    if (m_storeTools)
        m_storeTools->updateActions();
}

void MainWindow::updateTitle()
{
    if (!m_store) {
        setWindowTitle(tr("Hindsight"));
        return;
    }
    const QString name = QFileInfo(m_store->location()).fileName();
    setWindowTitle(m_store->isReadOnly() ? tr("%1 [read-only] — Hindsight").arg(name) : tr("%1 — Hindsight").arg(name));
    m_storeLabel->setText(tr("Store: %1").arg(QDir::toNativeSeparators(m_store->location())));
    m_storeLabel->setToolTip(QDir::toNativeSeparators(m_store->location()));
}

void MainWindow::updateStatus()
{
    const CustomerSnapshotPtr& snapshot = m_customerModel->snapshot();
    const CustomerSnapshotPtr& latest = m_loader->snapshot() ? m_loader->snapshot() : snapshot;
    if (!m_store || !latest) {
        m_countsLabel->clear();
        return;
    }
    QString text = tr("%L1 customers (%L2 active, %L3 deleted) · %L4 events")
                       .arg(latest->size())
                       .arg(latest->activeCount())
                       .arg(latest->deletedCount())
                       .arg(latest->eventCount());
    if (const AsOfTablePagePtr& page = m_customerModel->page(); page && isShowingPast()) {
        text = tr("As of %1: %L2 customers (%L3 active, %L4 deleted) · %L5 of %L6 events")
                   .arg(localTime(page->asOfMs))
                   .arg(page->customers)
                   .arg(page->customers - page->deletedCustomers)
                   .arg(page->deletedCustomers)
                   .arg(page->eventsInEffect)
                   .arg(m_history->overview() ? m_history->overview()->eventCount : latest->eventCount());
    }
    const CustomerQuery& query = m_customerModel->query();
    if (!query.search.trimmed().isEmpty() || query.hideDeleted)
        text = tr("%L1 shown · ").arg(m_customerModel->rowCount()) + text;
    m_countsLabel->setText(text);
}

void MainWindow::addRecentStore(const QString& location)
{
    const QString path = QFileInfo(location).absoluteFilePath();
    m_recentStores.removeAll(path);
    m_recentStores.prepend(path);
    while (m_recentStores.size() > MaxRecentStores)
        m_recentStores.removeLast();
    rebuildRecentMenu();
    if (m_saveSettings)
        openSettings()->setValue(QStringLiteral("recentStores"), m_recentStores);
}

void MainWindow::rebuildRecentMenu()
{
    QMenu* menu = m_ui->menuRecent;
    menu->clear();
    for (const QString& path : std::as_const(m_recentStores)) {
        QAction* action = menu->addAction(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] { openStore(path); });
    }
    if (!m_recentStores.isEmpty()) {
        menu->addSeparator();
        menu->addAction(tr("Clear list"), this, [this] {
            m_recentStores.clear();
            rebuildRecentMenu();
            if (m_saveSettings)
                openSettings()->setValue(QStringLiteral("recentStores"), m_recentStores);
        });
    }
    menu->setEnabled(!m_recentStores.isEmpty());
}

void MainWindow::restoreSettings()
{
    m_saveSettings = true;
    const auto stored = openSettings();
    QSettings& settings = *stored;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
    m_ui->mainSplitter->restoreState(settings.value(QStringLiteral("mainWindow/mainSplitter")).toByteArray());
    m_ui->detailSplitter->restoreState(settings.value(QStringLiteral("mainWindow/detailSplitter")).toByteArray());
    QHeaderView* header = m_ui->customerTable->horizontalHeader();
    header->restoreState(settings.value(QStringLiteral("customerTable/header")).toByteArray());
    header->setSectionHidden(static_cast<int>(CustomerColumn::Matched), m_ui->searchEdit->text().trimmed().isEmpty());
    m_ui->actionShowDeleted->setChecked(settings.value(QStringLiteral("view/showDeleted"), true).toBool());
    const QStringList recent = settings.value(QStringLiteral("recentStores")).toStringList();
    // Stores opened already this session go first.
    for (const QString& path : recent) {
        if (!m_recentStores.contains(path) && m_recentStores.size() < MaxRecentStores)
            m_recentStores.append(path);
    }
    rebuildRecentMenu();
}

void MainWindow::saveSettings()
{
    const auto stored = openSettings();
    QSettings& settings = *stored;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    settings.setValue(QStringLiteral("mainWindow/mainSplitter"), m_ui->mainSplitter->saveState());
    settings.setValue(QStringLiteral("mainWindow/detailSplitter"), m_ui->detailSplitter->saveState());
    settings.setValue(QStringLiteral("customerTable/header"), m_ui->customerTable->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("view/showDeleted"), m_ui->actionShowDeleted->isChecked());
    settings.setValue(QStringLiteral("recentStores"), m_recentStores);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_saveSettings)
        saveSettings();
    m_pollTimer->stop();
    event->accept();
}

} // namespace hindsight
