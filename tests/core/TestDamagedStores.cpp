#include "SqliteEventStore.h"
#include "SyntheticHistory.h"

#include "TestStores.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTest>

using namespace hindsight;
using namespace hindsight::test;

class TestDamagedStores : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QByteArray m_pristine;

    /** Opens a damaged copy and uses it as the app would; nothing may crash, hang, or change the file. */
    void exercise(const QString& label, const QByteArray& bytes, int* refused, int* opened)
    {
        const QString path = m_dir.filePath(QStringLiteral("damaged.hindsight"));
        QFile::remove(path);
        QVERIFY(writeFile(path, bytes));
        {
            auto store = SqliteEventStore::open(path);
            if (!store) {
                ++*refused;
                QVERIFY2(store.error().message.contains(path), qPrintable(label + u": "_qs + store.error().message));
                QVERIFY2(store.error().message.size() > path.size() + 10, qPrintable(label));
            } else {
                ++*opened;
                // Whatever it holds, reading either works or fails with a message; verification says what is wrong.
                (void)(*store)->customers();
                (void)(*store)->stats();
                (void)(*store)->readStream(SyntheticHistory::customerId(3));
                const auto report = (*store)->verify();
                if (report)
                    QVERIFY(report->eventsChecked >= 0);
            }
        }
        QVERIFY2(readFile(path) == bytes, qPrintable(label + u": the file was changed"_qs));
    }

private slots:
    void initTestCase()
    {
        const QString path = m_dir.filePath(QStringLiteral("pristine.hindsight"));
        {
            auto store = SqliteEventStore::open(path, SqliteEventStore::OpenMode::CreateIfMissing);
            QVERIFY(store.ok());
            QVERIFY(SyntheticHistory({150, 4, 11}).writeTo(**store).ok());
        }
        m_pristine = readFile(path);
        QVERIFY(m_pristine.size() > 8192);
        QVERIFY2(!QFile::exists(path + QStringLiteral("-wal")), "closing should have checkpointed the log");
    }

    void shouldRefuseOrSurviveTruncatedCopies()
    {
        int refused = 0, opened = 0;
        auto* random = QRandomGenerator::global();
        for (int i = 0; i < 120; ++i) {
            const qsizetype length = i < 20 ? i * 7 : random->bounded(qsizetype(1), m_pristine.size() - 1);
            exercise(QStringLiteral("truncated to %1").arg(length), m_pristine.left(length), &refused, &opened);
        }
        qInfo("truncated: %d refused, %d opened", refused, opened);
        QVERIFY(refused > 0);
    }

    void shouldRefuseOrSurviveZeroedRanges()
    {
        int refused = 0, opened = 0;
        auto* random = QRandomGenerator::global();
        for (int i = 0; i < 120; ++i) {
            QByteArray copy = m_pristine;
            const qsizetype start = i < 10 ? 0 : random->bounded(copy.size() - 1);
            const qsizetype length = std::min<qsizetype>(copy.size() - start, random->bounded(1, 4096));
            std::fill(copy.begin() + start, copy.begin() + start + length, '\0');
            exercise(QStringLiteral("zeroed %1+%2").arg(start).arg(length), copy, &refused, &opened);
        }
        qInfo("zeroed: %d refused, %d opened", refused, opened);
    }

    void shouldRefuseOrSurviveFlippedBytes()
    {
        int refused = 0, opened = 0;
        auto* random = QRandomGenerator::global();
        for (int i = 0; i < 200; ++i) {
            QByteArray copy = m_pristine;
            const int flips = 1 + random->bounded(8);
            // Half of the rounds aim at the first page, where the header and schema live.
            for (int f = 0; f < flips; ++f) {
                const qsizetype at = i % 2 ? random->bounded(qsizetype(4096)) : random->bounded(copy.size());
                copy[at] = char(copy[at] ^ char(1 << random->bounded(8)));
            }
            exercise(QStringLiteral("flipped round %1").arg(i), copy, &refused, &opened);
        }
        qInfo("flipped: %d refused, %d opened", refused, opened);
    }

    void shouldFindFlippedEventBytesOnVerify()
    {
        // A flip inside an event's text is not a storage error SQLite can see, but the chain sees it.
        const QByteArray needle = SyntheticHistory::customerId(77).toUtf8();
        const qsizetype at = m_pristine.lastIndexOf(needle);
        QVERIFY(at > 0);
        QByteArray copy = m_pristine;
        copy[at + needle.size() - 1] = copy[at + needle.size() - 1] == '1' ? '2' : '1';
        const QString path = m_dir.filePath(QStringLiteral("flipped-text.hindsight"));
        QVERIFY(writeFile(path, copy));
        auto store = SqliteEventStore::open(path);
        QVERIFY(store.ok());
        const auto report = (*store)->verify();
        QVERIFY(report.ok());
        QVERIFY(!report->intact());
    }
};

QTEST_GUILESS_MAIN(TestDamagedStores)
#include "TestDamagedStores.moc"
