#include "SqliteEventStore.h"

#include "TestStores.h"

#include <QProcess>
#include <QSet>
#include <QSqlQuery>
#include <QTest>

#include <memory>
#include <vector>

using namespace hindsight;
using namespace hindsight::test;

class TestContention : public QObject
{
    Q_OBJECT

private slots:
    void shouldSerializeFourWritersWithoutLosingOrDuplicatingVersions()
    {
        constexpr int Writers = 4;
        constexpr int AppendsPerWriter = 2000;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("contended.hindsight"));
        QVERIFY(SqliteEventStore::open(path, SqliteEventStore::OpenMode::CreateIfMissing).ok());

        // GIVEN four processes, each alternating appends to shared customers and to customers of its own
        std::vector<std::unique_ptr<QProcess>> writers;
        for (int w = 0; w < Writers; ++w) {
            auto writer = std::make_unique<QProcess>();
            writer->start(QStringLiteral(HINDSIGHT_TEST_WRITER),
                          {QStringLiteral("append"), path, QString::number(AppendsPerWriter), QStringLiteral("--customers"),
                           QStringLiteral("20"), QStringLiteral("--prefix"), QStringLiteral("own%1").arg(w), QStringLiteral("--shared-prefix"),
                           QStringLiteral("shared")});
            QVERIFY(writer->waitForStarted());
            writers.push_back(std::move(writer));
        }
        // WHEN they all finish
        QHash<QString, QSet<qint64>> versionsByCustomer;
        qint64 acks = 0;
        qint64 conflicts = 0;
        for (auto& writer : writers) {
            QVERIFY(writer->waitForFinished(600000));
            const QByteArray output = writer->readAllStandardOutput();
            const QByteArray errors = writer->readAllStandardError();
            // THEN none failed, and none saw "database is locked"
            QVERIFY2(writer->exitStatus() == QProcess::NormalExit && writer->exitCode() == 0, errors.constData());
            QVERIFY2(!output.contains("error") && !output.contains("locked"), output.right(400).constData());
            qint64 attempts = 0;
            for (const QByteArray& line : output.split('\n')) {
                const QList<QByteArray> parts = line.split(' ');
                if (parts.first() == "ack") {
                    ++acks;
                    ++attempts;
                    const QString customer = QString::fromUtf8(parts[2]);
                    const qint64 version = parts[3].toLongLong();
                    // AND no version of any customer was handed out twice
                    QVERIFY2(!versionsByCustomer[customer].contains(version), qPrintable(customer));
                    versionsByCustomer[customer].insert(version);
                } else if (parts.first() == "conflict") {
                    ++conflicts;
                    ++attempts;
                }
            }
            // AND every attempt was either acknowledged or reported to its writer as a conflict
            QCOMPARE(attempts, AppendsPerWriter);
        }
        // AND the store holds exactly the acknowledged events, each stream without gaps
        auto store = SqliteEventStore::open(path);
        QVERIFY(store.ok());
        const auto report = (*store)->verify();
        QVERIFY2(report->intact(), qPrintable(report->problems.join(u'\n')));
        QCOMPARE(report->eventsChecked, acks);
        for (auto it = versionsByCustomer.cbegin(); it != versionsByCustomer.cend(); ++it)
            QCOMPARE(qint64(it->size()), *(*store)->streamVersion(it.key()));
        qInfo("%lld appends acknowledged, %lld conflicts reported to their writers", acks, conflicts);
        QVERIFY2(conflicts > 0, "the shared customers were never contended: the test proved nothing");
    }
};

QTEST_GUILESS_MAIN(TestContention)
#include "TestContention.moc"
