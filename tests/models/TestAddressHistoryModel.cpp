#include "AddressHistoryModel.h"
#include "StoreFactory.h"
#include "TestStores.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

using namespace hindsight;

class TestAddressHistoryModel : public QObject
{
    Q_OBJECT

private:
    static EventList demoStream(const QString& customerId)
    {
        test::TemporaryStore temp;
        auto events = StoreFactory::demoEvents();
        if (!events || !temp.store().appendBatch(*events))
            qFatal("cannot write the demo events");
        return *temp.store().readStream(customerId);
    }

private slots:
    void shouldListEveryAddressNewestFirstWithItsPeriod()
    {
        AddressHistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const EventList stream = demoStream(QStringLiteral("100-255-8730"));
        model.setPeriods(AddressHistory::fromStream(stream));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("99, Edge Lane, London"));
        QCOMPARE(model.index(0, 2).data().toString(), QStringLiteral("current"));
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("34, Fine Way, Leeds"));
        // Leeds ran from the second event to the third
        QCOMPARE(model.index(1, 0).data(AddressHistoryModel::FromRole).toLongLong(), stream.at(1).recordedAtMs());
        QCOMPARE(model.index(1, 0).data(AddressHistoryModel::ToRole).toLongLong(), stream.at(2).recordedAtMs());
        QCOMPARE(model.index(2, 0).data().toString(), QStringLiteral("15, Nice Road, Cardiff"));
        QCOMPARE(model.rowInEffect(), 0);
        QVERIFY(model.index(0, 0).data(Qt::FontRole).value<QFont>().bold());
    }

    void shouldEndTheLastAddressWhenTheCustomerIsDeleted()
    {
        AddressHistoryModel model;
        const EventList stream = demoStream(QStringLiteral("100-735-6729"));
        model.setPeriods(AddressHistory::fromStream(stream));
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(!model.periodAt(0).isCurrent());
        QVERIFY(model.periodAt(0).endedByDeletion);
        QVERIFY(model.index(0, 2).data().toString().contains(QStringLiteral("deleted")));
        QCOMPARE(model.rowInEffect(), -1);
    }

    void shouldKeepOnePeriodWhenAnUpdateLeavesTheAddress()
    {
        const CustomerData a{QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("1 Road"), QDate(1990, 1, 1)};
        CustomerData renamed = a;
        renamed.firstName = QStringLiteral("Z");
        const EventList stream{Event(QStringLiteral("e1"), QStringLiteral("c"), EventType::Created, 1000, a, 1, 1),
                               Event(QStringLiteral("e2"), QStringLiteral("c"), EventType::Updated, 2000, renamed, 2, 2)};
        const AddressPeriods periods = AddressHistory::fromStream(stream);
        QCOMPARE(periods.size(), 1);
        QVERIFY(periods.first().isCurrent());
    }

    void shouldMarkTheAddressInEffectAtAMoment()
    {
        AddressHistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPeriods(AddressHistory::fromStream(demoStream(QStringLiteral("100-255-8730"))));
        model.setAsOfMs(QDateTime(QDate(2023, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
        QCOMPARE(model.rowInEffect(), 1);
        QVERIFY(model.index(1, 0).data(AddressHistoryModel::InEffectRole).toBool());
        QVERIFY(!model.index(0, 0).data(AddressHistoryModel::InEffectRole).toBool());
    }

    void shouldDimTheAddressesSetAfterTheMoment_data()
    {
        // Joe's three addresses (newest first: London, Leeds, Cardiff) seen from three moments.
        QTest::addColumn<QDateTime>("moment");
        QTest::addColumn<QList<bool>>("later");
        QTest::addColumn<int>("inEffect");
        QTest::newRow("the present") << QDateTime() << QList<bool>{false, false, false} << 0;
        QTest::newRow("while in Leeds") << QDateTime(QDate(2023, 1, 1), QTime(0, 0), Qt::UTC) << QList<bool>{true, false, false} << 1;
        QTest::newRow("before any address") << QDateTime(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC) << QList<bool>{true, true, true} << -1;
    }

    void shouldDimTheAddressesSetAfterTheMoment()
    {
        QFETCH(QDateTime, moment);
        QFETCH(QList<bool>, later);
        QFETCH(int, inEffect);
        AddressHistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPeriods(AddressHistory::fromStream(demoStream(QStringLiteral("100-255-8730"))));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setAsOfMs(moment.isValid() ? moment.toMSecsSinceEpoch() : CustomerSnapshot::Now);
        QCOMPARE(model.rowInEffect(), inEffect);
        for (int row = 0; row < model.rowCount(); ++row) {
            QCOMPARE(model.index(row, 0).data(AddressHistoryModel::LaterRole).toBool(), later.at(row));
            QCOMPARE(model.index(row, 0).data(Qt::ToolTipRole).toString().contains(u"set after the moment shown"_qs), later.at(row));
        }
        // A view repaints the greying only when told: a change of moment that greys or ungreys a row says so.
        const bool anyLater = later.contains(true);
        QCOMPARE(changed.size(), anyLater ? 1 : 0);
        if (anyLater)
            QVERIFY(changed.first().at(2).value<QList<int>>().contains(AddressHistoryModel::LaterRole));
        // Back to the present: nothing is greyed.
        model.setAsOfMs(CustomerSnapshot::Now);
        for (int row = 0; row < model.rowCount(); ++row)
            QVERIFY(!model.index(row, 0).data(AddressHistoryModel::LaterRole).toBool());
    }
};

QTEST_GUILESS_MAIN(TestAddressHistoryModel)
#include "TestAddressHistoryModel.moc"
