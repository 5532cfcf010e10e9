#include "SqliteEventStore.h"

#include "TestStores.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTest>

using namespace hindsight;
using namespace hindsight::test;

namespace {
/** Kills per run; HINDSIGHT_CRASH_KILLS raises it for the long variant. */
int killCount()
{
    const int fromEnvironment = qEnvironmentVariableIntValue("HINDSIGHT_CRASH_KILLS");
    return fromEnvironment > 0 ? fromEnvironment : 200;
}

struct Ack {
    QString eventId;
    QString customerId;
    qint64 version = 0;
};

/** Complete "ack" lines only: a line cut by the kill was never acknowledged. */
QList<Ack> acknowledgements(const QByteArray& output)
{
    QList<Ack> acks;
    const QList<QByteArray> lines = output.split('\n');
    for (qsizetype i = 0; i + 1 < lines.size(); ++i) { // the last piece has no newline after it
        const QList<QByteArray> parts = lines[i].split(' ');
        if (parts.size() == 4 && parts[0] == "ack")
            acks.append({QString::fromUtf8(parts[1]), QString::fromUtf8(parts[2]), parts[3].toLongLong()});
    }
    return acks;
}
} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT

private slots:
    void shouldKeepEveryAcknowledgedEventThroughKills()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("crash.hindsight"));
        QList<Ack> acknowledged;
        const int kills = killCount();
        int killedWhileWriting = 0;
        for (int round = 0; round < kills; ++round) {
            // GIVEN a writer appending as fast as it can (the first round creates the store)
            QProcess writer;
            writer.start(QStringLiteral(HINDSIGHT_TEST_WRITER),
                         {QStringLiteral("append"), path, QStringLiteral("100000"), QStringLiteral("--customers"), QStringLiteral("25")});
            QVERIFY(writer.waitForStarted());
            // WHEN it is killed with SIGKILL at a random moment: mostly while it appends (after its first
            // acknowledgement), one round in ten while it starts up and opens the store
            if (round % 10 != 0)
                writer.waitForReadyRead(10000);
            QTest::qWait(QRandomGenerator::global()->bounded(0, 80));
            writer.kill();
            QVERIFY(writer.state() == QProcess::NotRunning || writer.waitForFinished(10000));
            const QByteArray output = writer.readAllStandardOutput();
            QVERIFY2(!output.contains("error "), output.constData());
            const QList<Ack> acks = acknowledgements(output);
            if (!acks.isEmpty())
                ++killedWhileWriting;
            acknowledged.append(acks);
            if (!QFile::exists(path))
                continue; // killed before the store was moved into place: nothing was acknowledged
            // THEN the store opens, passes integrity, chain, version and projection checks
            auto store = SqliteEventStore::open(path);
            QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().message));
            const auto report = (*store)->verify();
            QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
            QVERIFY2(report->intact(), qPrintable(QStringLiteral("after kill %1: %2").arg(round).arg(report->problems.join(u'\n'))));
            // AND every acknowledged event is there exactly once, at the version it was acknowledged with
            QSqlQuery q((*store)->database());
            QVERIFY(q.prepare(QStringLiteral("SELECT customer_id, version FROM events WHERE event_id = ?")));
            for (const Ack& ack : std::as_const(acks)) {
                q.addBindValue(ack.eventId);
                QVERIFY(q.exec());
                QVERIFY2(q.next(), qPrintable(QStringLiteral("acknowledged event %1 is missing after kill %2").arg(ack.eventId).arg(round)));
                QCOMPARE(q.value(0).toString(), ack.customerId);
                QCOMPARE(q.value(1).toLongLong(), ack.version);
                QVERIFY(!q.next());
                q.finish();
            }
            QVERIFY(report->eventsChecked >= acknowledged.size());
        }
        // The kills must have landed while events were being written, or this proved nothing.
        QVERIFY2(killedWhileWriting > kills / 2, qPrintable(QStringLiteral("only %1 of %2 kills came after an append").arg(killedWhileWriting).arg(kills)));
        qInfo("%d kills, %lld acknowledged events, all present", kills, qint64(acknowledged.size()));
    }

    void shouldNeverLeaveAHalfMadeStoreWhenKilledDuringCreation()
    {
        for (int round = 0; round < 30; ++round) {
            QTemporaryDir dir;
            const QString path = dir.filePath(QStringLiteral("new.hindsight"));
            QProcess writer;
            writer.start(QStringLiteral(HINDSIGHT_TEST_WRITER), {QStringLiteral("append"), path, QStringLiteral("1")});
            QVERIFY(writer.waitForStarted());
            QTest::qWait(QRandomGenerator::global()->bounded(0, 40));
            writer.kill();
            QVERIFY(writer.state() == QProcess::NotRunning || writer.waitForFinished(10000));
            // Either there is no store yet, or there is a whole one.
            if (QFile::exists(path)) {
                auto store = SqliteEventStore::open(path);
                QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().message));
                QVERIFY((*store)->verify()->intact());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "TestCrashSafety.moc"
