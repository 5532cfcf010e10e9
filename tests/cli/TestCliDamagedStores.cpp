#include "SqliteEventStore.h"
#include "SyntheticHistory.h"

#include "TestStores.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace hindsight;
using namespace hindsight::test;

/** hindsight-cli on files that are not whole stores: a clear message or a clean answer, never a crash or a change. */
class TestCliDamagedStores : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QByteArray m_pristine;

    void runOn(const QString& path, const QString& label)
    {
        const QByteArray before = QFileInfo(path).isFile() ? readFile(path) : QByteArray();
        for (const QStringList& command : {QStringList{QStringLiteral("state")}, QStringList{QStringLiteral("verify")}}) {
            QString out, err;
            const int code = runProcess(QStringLiteral(HINDSIGHT_CLI_PATH), QStringList{QStringLiteral("--store"), path} + command, &out, &err);
            // Exit codes 0..4 are answers; anything else (a signal, a hang killed by the harness) is a failure.
            QVERIFY2(code >= 0 && code <= 4, qPrintable(QStringLiteral("%1, %2: exit %3\n%4").arg(label, command.first()).arg(code).arg(err)));
            if (code != 0) {
                QVERIFY2(err.contains(QStringLiteral("hindsight-cli")) && err.size() > 30, qPrintable(label + u": "_qs + err));
                QVERIFY2(out.isEmpty() || command.first() == u"verify", qPrintable(label + u": printed a result and failed"_qs));
            }
        }
        if (QFileInfo(path).isFile())
            QVERIFY2(readFile(path) == before, qPrintable(label + u": the file was changed"_qs));
    }

private slots:
    void initTestCase()
    {
        const QString path = m_dir.filePath(QStringLiteral("pristine.hindsight"));
        {
            auto store = SqliteEventStore::open(path, SqliteEventStore::OpenMode::CreateIfMissing);
            QVERIFY(store.ok());
            QVERIFY(SyntheticHistory({80, 4, 5}).writeTo(**store).ok());
        }
        m_pristine = readFile(path);
    }

    void shouldRefuseFilesThatAreNotStores()
    {
        const QString empty = m_dir.filePath(QStringLiteral("empty.hindsight"));
        QVERIFY(writeFile(empty, {}));
        runOn(empty, QStringLiteral("empty file"));
        const QString text = m_dir.filePath(QStringLiteral("notes.txt"));
        QVERIFY(writeFile(text, "PK,SK\n"));
        runOn(text, QStringLiteral("text file"));
        const QString folder = m_dir.filePath(QStringLiteral("folder.hindsight"));
        QVERIFY(QDir().mkpath(folder));
        runOn(folder, QStringLiteral("directory"));
    }

    void shouldAnswerCleanlyOnDamagedCopies()
    {
        auto* random = QRandomGenerator::global();
        const QString path = m_dir.filePath(QStringLiteral("damaged.hindsight"));
        for (int i = 0; i < 30; ++i) {
            QByteArray copy = m_pristine;
            if (i % 3 == 0) {
                copy.truncate(random->bounded(copy.size()));
            } else if (i % 3 == 1) {
                const qsizetype at = random->bounded(copy.size());
                std::fill(copy.begin() + at, copy.begin() + std::min(copy.size(), at + 2048), '\0');
            } else {
                for (int f = 0; f < 6; ++f) {
                    const qsizetype at = random->bounded(copy.size());
                    copy[at] = char(copy[at] ^ 0x55);
                }
            }
            QFile::remove(path);
            QVERIFY(writeFile(path, copy));
            runOn(path, QStringLiteral("damaged copy %1").arg(i));
        }
    }
};

QTEST_GUILESS_MAIN(TestCliDamagedStores)
#include "TestCliDamagedStores.moc"
