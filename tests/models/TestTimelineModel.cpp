#include "StoreFactory.h"
#include "TestStores.h"
#include "TimelineModel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QTest>

using namespace hindsight;

class TestTimelineModel : public QObject
{
    Q_OBJECT

private:
    static EventList joeStream()
    {
        test::TemporaryStore temp;
        auto events = StoreFactory::demoEvents();
        if (!events || !temp.store().appendBatch(*events))
            qFatal("cannot write the demo events");
        return *temp.store().readStream(QStringLiteral("100-255-8730"));
    }

    static qint64 utc(int y, int m, int d)
    {
        return QDateTime(QDate(y, m, d), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    }

private slots:
    void shouldListEventsNewestFirstWithTypeVersionAndId()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStream(QStringLiteral("100-255-8730"), joeStream());
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0).data(TimelineModel::TypeRole).toInt(), int(EventType::Updated));
        QCOMPARE(model.index(0).data(TimelineModel::VersionRole).toLongLong(), 3);
        QCOMPARE(model.index(0).data(TimelineModel::EventIdRole).toString(), QStringLiteral("Hru343t5-jvcj"));
        QCOMPARE(model.index(2).data(TimelineModel::TypeRole).toInt(), int(EventType::Created));
        QCOMPARE(model.index(2).data(TimelineModel::RecordedAtRole).toLongLong(),
                 QDateTime::fromString(QStringLiteral("2022-06-15T18:57:43.148Z"), Qt::ISODateWithMs).toMSecsSinceEpoch());
        // The tooltip gives the time in UTC.
        QVERIFY(model.index(2).data(Qt::ToolTipRole).toString().contains(QStringLiteral("2022-06-15T18:57:43.148Z")));
    }

    void shouldShowOnlyTheFieldsEachEventChanged()
    {
        TimelineModel model;
        model.setStream(QStringLiteral("100-255-8730"), joeStream());
        // v3 moved Joe from Leeds to London, and nothing else
        const auto latest = model.index(0).data(TimelineModel::ChangesRole).value<FieldChanges>();
        QCOMPARE(latest.size(), 1);
        QCOMPARE(latest.first().field, QStringLiteral("address"));
        QCOMPARE(latest.first().before, QStringLiteral("34, Fine Way, Leeds"));
        QCOMPARE(latest.first().after, QStringLiteral("99, Edge Lane, London"));
        // the creation sets every field
        const auto created = model.index(2).data(TimelineModel::ChangesRole).value<FieldChanges>();
        QCOMPARE(created.size(), 4);
        QVERIFY(created.first().before.isEmpty());
        QVERIFY(model.index(0).data().toString().contains(QStringLiteral("34, Fine Way, Leeds \u2192 99, Edge Lane, London")));
    }

    void shouldCompareAnyTwoStatesNotOnlyNeighbours()
    {
        TimelineModel model;
        model.setStream(QStringLiteral("100-255-8730"), joeStream());
        // rows 0 (v3) and 2 (v1), in either order
        for (const auto& [a, b] : {std::pair{0, 2}, std::pair{2, 0}}) {
            const FieldChanges diff = model.differenceBetween(a, b);
            QCOMPARE(diff.size(), 1);
            QCOMPARE(diff.first().before, QStringLiteral("15, Nice Road, Cardiff"));
            QCOMPARE(diff.first().after, QStringLiteral("99, Edge Lane, London"));
        }
        QVERIFY(model.differenceBetween(1, 1).isEmpty());
    }

    void shouldMarkTheEventInEffectAndThoseNotYetHappened()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStream(QStringLiteral("100-255-8730"), joeStream());
        QCOMPARE(model.rowInEffect(), 0);
        QVERIFY(!model.index(0).data(TimelineModel::AfterAsOfRole).toBool());
        // WHEN the moment is 2023-01-01: v2 (Leeds) holds, v3 has not happened
        model.setAsOfMs(utc(2023, 1, 1));
        QCOMPARE(model.rowInEffect(), 1);
        QVERIFY(model.index(1).data(TimelineModel::InEffectRole).toBool());
        QVERIFY(model.index(0).data(TimelineModel::AfterAsOfRole).toBool());
        QVERIFY(!model.index(2).data(TimelineModel::AfterAsOfRole).toBool());
        // before the creation nothing is in effect
        model.setAsOfMs(utc(2020, 1, 1));
        QCOMPARE(model.rowInEffect(), -1);
    }

    void shouldGiveTheStateEachEventLeft()
    {
        TimelineModel model;
        model.setStream(QStringLiteral("100-255-8730"), joeStream());
        QCOMPARE(model.stateAfter(1).data.address, QStringLiteral("34, Fine Way, Leeds"));
        QCOMPARE(model.stateAfter(1).version, 2);
        QCOMPARE(model.rowOfVersion(1), 2);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTimelineModel)
#include "TestTimelineModel.moc"
