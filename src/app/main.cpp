// hindsight: the desktop application. Parses the command line and builds the main window; nothing else.

#include "CustomerTableModel.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "ScrubBenchmark.h"
#include "Timestamp.h"
#include "TimelineModel.h"
#include "TimelineView.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QPixmap>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

using namespace hindsight;

namespace {

/** Saves the window as a PNG a moment after the last repaint, and exits. */
void grabAndExit(MainWindow& window, const QString& file)
{
    QTimer::singleShot(200, &window, [&window, file] {
        const bool saved = window.grab().save(file, "PNG");
        if (!saved)
            std::fprintf(stderr, "hindsight: cannot write %s\n", qPrintable(QDir::toNativeSeparators(file)));
        QCoreApplication::exit(saved ? 0 : 1);
    });
}

/** Selects entries @p a and @p b of the timeline, so the picture shows a comparison. */
void compareTimelineEntries(MainWindow& window, int a, int b)
{
    auto* timeline = window.findChild<TimelineView*>(QStringLiteral("timelineView"));
    if (!timeline || a < 0 || b < 0 || a == b)
        return;
    timeline->selectionModel()->clearSelection();
    timeline->selectionModel()->select(window.timelineModel()->index(a), QItemSelectionModel::Select);
    timeline->selectionModel()->select(window.timelineModel()->index(b), QItemSelectionModel::Select);
}

/**
 * Once the table is ready, selects the first customer and compares its newest and oldest states; with
 * @p asOf, moves to that moment once the history is loaded (comparing the state then with the first), then
 * saves a PNG.
 */
void takeScreenshot(MainWindow& window, const QString& file, std::optional<qint64> asOf)
{
    struct Progress {
        bool selected = false;
        bool moved = false;
        bool done = false;
    };
    auto progress = std::make_shared<Progress>();
    const auto moveInTime = [&window, asOf, progress] {
        if (progress->moved)
            return;
        progress->moved = true;
        if (!window.setAsOf(*asOf)) {
            std::fprintf(stderr, "hindsight: the store has no history to show as of a moment\n");
            QCoreApplication::exit(1);
        }
    };
    QObject::connect(&window, &MainWindow::tableReady, &window, [&window, file, asOf, progress, moveInTime] {
        if (progress->done)
            return;
        if (!progress->selected) {
            progress->selected = true;
            if (const CustomerRecord* first = window.customerModel()->recordAt(0)) {
                window.selectCustomer(first->customerId);
                compareTimelineEntries(window, 0, window.timelineModel()->rowCount() - 1);
            }
            if (!asOf) {
                progress->done = true;
                grabAndExit(window, file);
            } else if (window.isHistoryReady()) {
                moveInTime();
            } else {
                QObject::connect(&window, &MainWindow::historyReady, &window, moveInTime);
            }
            return;
        }
        if (asOf && window.isShowingPast() && window.asOfMs() == *asOf) {
            progress->done = true;
            // The customer picked in the present may not exist yet then: show one who does.
            const CustomerRecord* first = window.customerModel()->recordAt(0);
            if (window.customerModel()->rowOf(window.currentCustomerId()) < 0 && first)
                window.selectCustomer(first->customerId);
            const int inEffect = window.timelineModel()->rowInEffect();
            compareTimelineEntries(window, inEffect, window.timelineModel()->rowCount() - 1);
            grabAndExit(window, file);
        }
    });
}

/** The command line: `hindsight [PATH]`, `--screenshot FILE [PATH]`, `--help`, `--version`. */
struct CommandLine {
    QCommandLineParser parser;
    QCommandLineOption screenshot{QStringLiteral("screenshot"),
                                  QCoreApplication::translate("main", "Render the window with a customer selected to a PNG <file> and exit."),
                                  QCoreApplication::translate("main", "file")};
    QCommandLineOption benchmarkScrub{QStringLiteral("benchmark-scrub"),
                                      QCoreApplication::translate("main", "Drag the time slider over the store as a person would, "
                                                                          "print timings as JSON lines and exit.")};
    QCommandLineOption asOf{QStringLiteral("as-of"),
                            QCoreApplication::translate("main", "With --screenshot: show the table as of <time> (e.g. 2022-12-01 or "
                                                                "2022-12-01T10:00:00Z; no zone means UTC)."),
                            QCoreApplication::translate("main", "time")};

    CommandLine()
    {
        parser.setApplicationDescription(
            QCoreApplication::translate("main", "Browse and edit customer accounts kept as an event-sourced history."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOption(screenshot);
        parser.addOption(asOf);
        parser.addOption(benchmarkScrub);
        parser.addPositionalArgument(QStringLiteral("path"),
                                     QCoreApplication::translate("main", "The store to open (default: the store in the application data folder, "
                                                                         "created with demo customers on first run)."),
                                     QStringLiteral("[PATH]"));
    }
};

void nameApplication()
{
    // The same name as hindsight-cli (and no organization name, as there), so that both resolve
    // QStandardPaths::AppDataLocation to ~/.local/share/hindsight and share one default store.
    QCoreApplication::setApplicationName(QStringLiteral("hindsight"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HINDSIGHT_VERSION));
}

bool onlyAsksForText(int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i) {
        for (const char* option : {"-h", "--help", "--help-all", "-v", "--version", "-?"}) {
            if (std::strcmp(argv[i], option) == 0)
                return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char* argv[])
{
    // --help and --version print and exit: they must work without a display.
    if (onlyAsksForText(argc, argv)) {
        QCoreApplication app(argc, argv);
        nameApplication();
        CommandLine commandLine;
        commandLine.parser.process(app);
        return 0;
    }

    // A screenshot needs no display: render offscreen unless told otherwise.
    for (int i = 1; i < argc; ++i) {
        const bool offscreen = std::strcmp(argv[i], "--screenshot") == 0 || std::strcmp(argv[i], "--benchmark-scrub") == 0;
        if (offscreen && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
    }

    QApplication app(argc, argv);
    nameApplication();
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Hindsight"));
    QGuiApplication::setDesktopFileName(QStringLiteral("hindsight"));
    QIcon icon;
    for (int size : {32, 64, 256})
        icon.addFile(QStringLiteral(":/icons/hindsight-%1.png").arg(size), QSize(size, size));
    QApplication::setWindowIcon(icon);

    CommandLine commandLine;
    QCommandLineParser& parser = commandLine.parser;
    parser.process(app);
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        std::fprintf(stderr, "hindsight: one store at a time, got %lld paths\n%s", static_cast<long long>(positional.size()),
                     qPrintable(parser.helpText()));
        return 2;
    }

    std::optional<qint64> asOf;
    if (parser.isSet(commandLine.asOf)) {
        if (!parser.isSet(commandLine.screenshot)) {
            std::fprintf(stderr, "hindsight: --as-of goes with --screenshot (in the window, use the time slider)\n");
            return 2;
        }
        auto parsed = Timestamp::parse(parser.value(commandLine.asOf));
        if (!parsed) {
            std::fprintf(stderr, "hindsight: --as-of %s: %s\n", qPrintable(parser.value(commandLine.asOf)),
                         qPrintable(parsed.error().message));
            return 2;
        }
        asOf = *parsed;
    }

    MainWindow window;
    const bool shooting = parser.isSet(commandLine.screenshot);
    MessageBox::setNonInteractive(shooting || parser.isSet(commandLine.benchmarkScrub));
    std::unique_ptr<ScrubBenchmark> benchmark;
    if (parser.isSet(commandLine.benchmarkScrub)) {
        window.resize(1440, 860);
        benchmark = std::make_unique<ScrubBenchmark>(window, stdout);
        QObject::connect(benchmark.get(), &ScrubBenchmark::finished, &app, &QCoreApplication::exit);
        benchmark->start();
    } else if (shooting) {
        window.resize(1440, 860);
        takeScreenshot(window, parser.value(commandLine.screenshot), asOf);
    } else {
        window.restoreSettings();
    }
    if (shooting || benchmark) {
        // Nobody is there to reopen a store that failed: the message went to standard error; end with it.
        QObject::connect(&window, &MainWindow::storeFailure, &app, [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    }
    window.show();
    const bool opened = positional.isEmpty() ? window.openDefaultStore() : window.openStore(positional.first());
    if (!opened && (shooting || benchmark))
        return 1;
    return app.exec();
}
