// The window and hindsight-cli on one store, the normal way to use Hindsight: the CLI's runs must never take the
// window's write-ahead log away, and a store that fails under the window must be said once, not in a pile of dialogs.
#include "CustomerDialog.h"
#include "DemoWindow.h"
#include "SqliteEventStore.h"
#include "StoreInspection.h"
#include "TestStores.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>

using namespace hindsight;

class TestWindowBesideCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static int cli(const QString& store, QStringList args, QString* out = nullptr, QString* err = nullptr)
    {
        args.prepend(store);
        args.prepend(QStringLiteral("--store"));
        return test::runProcess(QStringLiteral(HINDSIGHT_CLI_PATH), args, out, err);
    }

    /** Creates a customer through the window's own dialog and returns whether the dialog closed (saved). */
    static bool createInWindow(MainWindow& window, const QString& id)
    {
        window.findChild<QAction*>(QStringLiteral("actionNewCustomer"))->trigger();
        QPointer<CustomerDialog> dialog = window.findChild<CustomerDialog*>();
        if (!dialog)
            return false;
        const auto set = [&](const char* field, const QString& text) {
            dialog->findChild<QLineEdit*>(QString::fromLatin1(field) + QStringLiteral("Edit"))->setText(text);
        };
        set("id", id);
        set("firstName", QStringLiteral("Win"));
        set("lastName", QStringLiteral("Dow"));
        set("address", QStringLiteral("3, Pane Street, Leeds"));
        set("dob", QStringLiteral("1990-02-03"));
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save)->click();
        return QTest::qWaitFor([&dialog] { return dialog.isNull(); }, 5000);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void shouldLoseNoSaveWhileTheCliOpensAndClosesTheStore()
    {
        // GIVEN the window on a store, with its history loaded (a second connection, on a worker thread)
        QString path;
        auto window = test::openDemoWindow(m_dir, &path);
        QVERIFY(window);
        QTRY_VERIFY_WITH_TIMEOUT(window->isHistoryReady(), 10000);
        const qint64 pid = QCoreApplication::applicationPid();
        QVERIFY(test::posixLocksHeld(pid, path) > 0);

        const QList<QStringList> commands = {
            {QStringLiteral("state")},
            {QStringLiteral("verify")},
            {QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("jsonl"), QStringLiteral("--output"),
             m_dir.filePath(QStringLiteral("beside.jsonl"))},
            {QStringLiteral("create"), QStringLiteral("--first-name"), QStringLiteral("Cli"), QStringLiteral("--last-name"),
             QStringLiteral("Run"), QStringLiteral("--address"), QStringLiteral("2, Side Street, York"), QStringLiteral("--dob"),
             QStringLiteral("1970-01-01")},
        };
        qint64 expectedEvents = 5;
        for (int round = 0; round < 2; ++round) {
            for (const QStringList& command : commands) {
                // WHEN hindsight-cli runs beside it
                QString err;
                QVERIFY2(cli(path, command, nullptr, &err) == 0, qPrintable(command.first() + u": " + err));
                if (command.first() == u"create")
                    ++expectedEvents;
                // THEN the window keeps its lock, and the log and its index stay where they are
                QVERIFY2(test::posixLocksHeld(pid, path) > 0, qPrintable(u"the window lost its lock after " + command.first()));
                QVERIFY(QFileInfo::exists(path + QStringLiteral("-wal")));
                QVERIFY(QFileInfo::exists(path + QStringLiteral("-shm")));
            }
            // AND the window's next save is in the store, as the CLI reads it
            const QString id = QStringLiteral("300-000-000%1").arg(round);
            QVERIFY(createInWindow(*window, id));
            ++expectedEvents;
            QString history;
            QVERIFY(cli(path, {QStringLiteral("history"), id}, &history) == 0);
            QVERIFY(history.contains(u"CREATED"));
            QTRY_VERIFY(window->customerModel()->rowOf(id) >= 0);
        }
        QCOMPARE(MessageBox::messageCount(), 0);
        window.reset();
        QString out;
        QVERIFY2(cli(path, {QStringLiteral("verify")}, &out) == 0, qPrintable(out));
        auto store = SqliteEventStore::open(path, SqliteEventStore::OpenMode::ReadOnly);
        QVERIFY(store);
        QCOMPARE(*(*store)->headPosition(), expectedEvents);
    }

    void shouldSayOnceThatTheStoreFailedAndOfferToReopenIt()
    {
        // GIVEN the window on a store whose file is then taken away under it
        QString path;
        auto window = test::openDemoWindow(m_dir, &path);
        QVERIFY(window);
        QSignalSpy failures(window.get(), &MainWindow::storeFailure);
        const QString moved = path + QStringLiteral(".moved");
        QVERIFY(QFile::rename(path, moved));
        // WHEN the window saves and then keeps polling for a while
        MessageBox::resetCounters();
        MessageBox::setNextAnswer(QMessageBox::No);
        createInWindow(*window, QStringLiteral("300-000-0099"));
        QTest::qWait(1000);
        // THEN it said so once, and did not claim the save
        QCOMPARE(failures.size(), 1);
        QCOMPARE(MessageBox::messageCount(), 1);
        QVERIFY2(MessageBox::lastText().contains(u"Reopen"), qPrintable(MessageBox::lastText()));
        QVERIFY(window->customerModel()->rowOf(QStringLiteral("300-000-0099")) < 0);
        // AND editing is off until the store is reopened
        QVERIFY(!window->findChild<QAction*>(QStringLiteral("actionNewCustomer"))->isEnabled());
    }
};

QTEST_MAIN(TestWindowBesideCli)
#include "TestWindowBesideCli.moc"
