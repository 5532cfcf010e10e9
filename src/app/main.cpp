// hindsight: the desktop application. Parses the command line and builds the main window; nothing else.

#include "CustomerTableModel.h"
#include "MainWindow.h"
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

using namespace hindsight;

namespace {

/** Once the table is ready, selects the first customer, compares its newest and oldest states, saves a PNG. */
void takeScreenshot(MainWindow& window, const QString& file)
{
    auto* done = new bool(false);
    QObject::connect(&window, &MainWindow::tableReady, &window, [&window, file, done] {
        if (*done)
            return;
        *done = true;
        const CustomerRecord* first = window.customerModel()->recordAt(0);
        if (first) {
            window.selectCustomer(first->customerId);
            auto* timeline = window.findChild<TimelineView*>(QStringLiteral("timelineView"));
            const int last = window.timelineModel()->rowCount() - 1;
            if (timeline && last > 0) {
                timeline->selectionModel()->select(window.timelineModel()->index(0), QItemSelectionModel::Select);
                timeline->selectionModel()->select(window.timelineModel()->index(last), QItemSelectionModel::Select);
            }
        }
        QTimer::singleShot(200, &window, [&window, file] {
            const bool saved = window.grab().save(file, "PNG");
            if (!saved)
                std::fprintf(stderr, "hindsight: cannot write %s\n", qPrintable(QDir::toNativeSeparators(file)));
            QCoreApplication::exit(saved ? 0 : 1);
        });
        delete done;
    });
}

/** The command line: `hindsight [PATH]`, `--screenshot FILE [PATH]`, `--help`, `--version`. */
struct CommandLine {
    QCommandLineParser parser;
    QCommandLineOption screenshot{QStringLiteral("screenshot"),
                                  QCoreApplication::translate("main", "Render the window with a customer selected to a PNG <file> and exit."),
                                  QCoreApplication::translate("main", "file")};

    CommandLine()
    {
        parser.setApplicationDescription(
            QCoreApplication::translate("main", "Browse and edit customer accounts kept as an event-sourced history."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOption(screenshot);
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
        if (std::strcmp(argv[i], "--screenshot") == 0 && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
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

    MainWindow window;
    const bool shooting = parser.isSet(commandLine.screenshot);
    if (shooting) {
        window.resize(1440, 860);
        takeScreenshot(window, parser.value(commandLine.screenshot));
    } else {
        window.restoreSettings();
    }
    window.show();
    const bool opened = positional.isEmpty() ? window.openDefaultStore() : window.openStore(positional.first());
    if (!opened && shooting)
        return 1;
    return app.exec();
}
