#include "AsOfEngine.h"
#include "AsOfTableService.h"
#include "StoreFactory.h"
#include "SyntheticHistory.h"
#include "TestStores.h"
#include "Timestamp.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <numeric>

using namespace hindsight;

namespace {

const QString Joe = QStringLiteral("100-255-8730");
const QString Biz = QStringLiteral("100-735-6729");
constexpr qint64 DayMs = 24 * 3600 * 1000;

qint64 at(const char* iso)
{
    return Timestamp::parse(QString::fromLatin1(iso)).value();
}

const CustomerRecord* recordOf(const AsOfTablePage& page, const QString& id)
{
    const int row = page.rowOf(id);
    return row < 0 ? nullptr : page.recordAt(row);
}

} // namespace

/** The as-of engine on its own thread: what the slider asks of it, and what it answers. */
class TestAsOfTableService : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_stores = 0;

    QString demoStore()
    {
        const QString path = m_dir.filePath(QStringLiteral("demo%1.hindsight").arg(++m_stores));
        if (!StoreFactory::createDemo(path))
            qFatal("cannot create the demo store");
        return path;
    }

    static bool loaded(AsOfTableService& service) { return QTest::qWaitFor([&] { return service.isReady(); }, 20000); }

    /** Waits until the service answered its latest request. */
    static AsOfTablePagePtr answer(AsOfTableService& service)
    {
        if (!QTest::qWaitFor([&] { return !service.isBusy() && service.page(); }, 20000))
            return nullptr;
        return service.page();
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void shouldLoadOnItsOwnThreadAndSpanTheFirstToTheLastEvent()
    {
        // GIVEN the demo store
        AsOfTableService service;
        QSignalSpy ready(&service, &AsOfTableService::ready);
        QSignalSpy progress(&service, &AsOfTableService::loadProgress);
        // WHEN it is opened
        service.setHistogramBuckets(10);
        service.open(demoStore());
        QVERIFY(!service.isReady()); // the load runs elsewhere; open() returns at once
        QVERIFY(loaded(service));
        // THEN the overview spans the first to the last event, with every distinct event time and the density
        QCOMPARE(ready.count(), 1);
        QVERIFY(progress.count() >= 1);
        const AsOfOverviewPtr overview = service.overview();
        QCOMPARE(overview->firstMs, at("2009-11-29T20:49:40.003Z"));
        QCOMPARE(overview->lastMs, at("2023-04-05T08:47:30.718Z"));
        QCOMPARE(overview->eventCount, 5);
        QCOMPARE(overview->customerCount, 2);
        QCOMPARE(overview->headPosition, 5);
        const std::vector<qint64> times{at("2009-11-29T20:49:40.003Z"), at("2022-06-15T18:57:43.148Z"),
                                        at("2022-10-04T09:27:20.443Z"), at("2023-01-15T02:37:20.545Z"),
                                        at("2023-04-05T08:47:30.718Z")};
        QCOMPARE(*overview->eventTimes, times);
        QCOMPARE(overview->histogram.size(), 10);
        QCOMPARE(std::accumulate(overview->histogram.cbegin(), overview->histogram.cend(), qint64(0)), 5);
        QCOMPARE(overview->histogram.first(), 1);  // Biz, 2009
        QCOMPARE(overview->histogram.last(), 4);   // everything else, 2022-2023
        // AND the steps between events land exactly on them
        QCOMPARE(overview->nextEventAfter(at("2022-12-01")), at("2023-01-15T02:37:20.545Z"));
        QCOMPARE(overview->previousEventBefore(at("2022-10-04T09:27:20.443Z")), at("2022-06-15T18:57:43.148Z"));
        QVERIFY(!overview->previousEventBefore(overview->firstMs));
        QVERIFY(!overview->nextEventAfter(overview->lastMs));
    }

    void shouldAnswerWithTheTableAsOfAMoment_data()
    {
        QTest::addColumn<qint64>("asOf");
        QTest::addColumn<int>("rows");
        QTest::addColumn<QString>("joeAddress"); // empty: Joe not created yet
        QTest::addColumn<QString>("bizStatus");
        QTest::addColumn<qint64>("eventsInEffect");

        QTest::newRow("2022-12-01: Joe in Leeds, Biz active") << at("2022-12-01") << 2 << QStringLiteral("34, Fine Way, Leeds")
                                                              << QStringLiteral("ACTIVE") << qint64(3);
        QTest::newRow("2022-07-01: Joe in Cardiff") << at("2022-07-01") << 2 << QStringLiteral("15, Nice Road, Cardiff")
                                                    << QStringLiteral("ACTIVE") << qint64(2);
        QTest::newRow("2023-02-01: Biz deleted") << at("2023-02-01") << 2 << QStringLiteral("34, Fine Way, Leeds")
                                                 << QStringLiteral("DELETED") << qint64(4);
        QTest::newRow("exactly at Joe's move to Leeds, it counts")
            << at("2022-10-04T09:27:20.443Z") << 2 << QStringLiteral("34, Fine Way, Leeds") << QStringLiteral("ACTIVE") << qint64(3);
        QTest::newRow("a millisecond before, it does not")
            << at("2022-10-04T09:27:20.442Z") << 2 << QStringLiteral("15, Nice Road, Cardiff") << QStringLiteral("ACTIVE") << qint64(2);
        QTest::newRow("2015: only Biz") << at("2015-01-01") << 1 << QString() << QStringLiteral("ACTIVE") << qint64(1);
        QTest::newRow("before the first event: nobody") << at("2009-11-29T20:49:40.002Z") << 0 << QString() << QString() << qint64(0);
    }

    void shouldAnswerWithTheTableAsOfAMoment()
    {
        QFETCH(qint64, asOf);
        QFETCH(int, rows);
        QFETCH(QString, joeAddress);
        QFETCH(QString, bizStatus);
        QFETCH(qint64, eventsInEffect);
        // GIVEN the demo store's history, loaded
        AsOfTableService service;
        service.open(demoStore());
        QVERIFY(loaded(service));
        // WHEN the table as of the moment is asked for
        service.setFocusCustomer(Joe);
        service.setAsOf(asOf);
        const AsOfTablePagePtr page = answer(service);
        QVERIFY(page);
        // THEN customers not created are absent, deleted ones are deleted, attributes are as they were
        QCOMPARE(page->asOfMs, asOf);
        QCOMPARE(page->rowCount, rows);
        QCOMPARE(page->eventsInEffect, eventsInEffect);
        QCOMPARE(page->customers, rows);
        const CustomerRecord* joe = recordOf(*page, Joe);
        QCOMPARE(joe ? joe->data.address : QString(), joeAddress);
        QCOMPARE(page->focusRow, joe ? 0 : -1);
        const CustomerRecord* biz = recordOf(*page, Biz);
        QCOMPARE(biz ? customerStatusName(biz->status) : QString(), bizStatus);
        QCOMPARE(page->deletedCustomers, bizStatus == QStringLiteral("DELETED") ? 1 : 0);
    }

    void shouldAnswerOnlyTheLatestOfManyRequests()
    {
        // GIVEN a loaded history
        AsOfTableService service;
        service.open(demoStore());
        QVERIFY(loaded(service));
        QSignalSpy pages(&service, &AsOfTableService::pageReady);
        // WHEN a drag asks for a hundred moments before the window looks at its events again
        const qint64 from = at("2022-06-01");
        for (int i = 0; i < 100; ++i)
            service.setAsOf(from + i * DayMs);
        const AsOfTablePagePtr page = answer(service);
        // THEN the last moment is shown, and the ones overtaken were dropped, not queued
        QVERIFY(page);
        QCOMPARE(page->asOfMs, from + 99 * DayMs);
        QCOMPARE(page->serial, service.requestSerial());
        QVERIFY2(pages.count() <= 3, qPrintable(QString::number(pages.count())));
    }

    void shouldSearchThePastAsItWas_data()
    {
        QTest::addColumn<qint64>("asOf");
        QTest::addColumn<QStringList>("found");
        QTest::addColumn<QString>("matched");

        QTest::newRow("before Joe moved to Leeds") << at("2022-10-04T09:27:20.442Z") << QStringList() << QString();
        QTest::newRow("the moment he moved") << at("2022-10-04T09:27:20.443Z") << QStringList{Joe} << QString();
        QTest::newRow("while he lived there") << at("2022-12-01") << QStringList{Joe} << QString();
        QTest::newRow("just before he left") << at("2023-04-05T08:47:30.717Z") << QStringList{Joe} << QString();
        QTest::newRow("once he left, through his past address")
            << at("2023-04-05T08:47:30.718Z") << QStringList{Joe} << QStringLiteral("34, Fine Way, Leeds");
    }

    void shouldSearchThePastAsItWas()
    {
        QFETCH(qint64, asOf);
        QFETCH(QStringList, found);
        QFETCH(QString, matched);
        AsOfTableService service;
        service.open(demoStore());
        QVERIFY(loaded(service));
        // WHEN "leeds" is searched at the moment
        CustomerQuery query;
        query.search = QStringLiteral("leeds");
        service.setQuery(query);
        service.setAsOf(asOf);
        const AsOfTablePagePtr page = answer(service);
        QVERIFY(page);
        // THEN only who lived in Leeds by then is found, with the past address when it is no longer current
        QStringList ids;
        for (const CustomerRecord& r : page->records)
            ids << r.customerId;
        QCOMPARE(ids, found);
        QCOMPARE(page->query, query);
        if (!found.isEmpty())
            QCOMPARE(page->matchedAddressAt(0), matched);
    }

    void shouldSortAndHideDeletedAsOfTheMoment()
    {
        AsOfTableService service;
        service.open(demoStore());
        QVERIFY(loaded(service));
        // WHEN sorted by first name, descending, as of 2023-02-01 (Biz deleted)
        CustomerQuery query;
        query.sortColumn = CustomerColumn::FirstName;
        query.sortOrder = Qt::DescendingOrder;
        service.setQuery(query);
        service.setAsOf(at("2023-02-01"));
        AsOfTablePagePtr page = answer(service);
        QVERIFY(page);
        QCOMPARE(page->rowCount, 2);
        QCOMPARE(page->records.at(0).data.firstName, QStringLiteral("Joe"));
        QCOMPARE(page->records.at(1).data.firstName, QStringLiteral("Biz"));
        // AND with deleted customers hidden, Biz goes
        query.hideDeleted = true;
        service.setQuery(query);
        page = answer(service);
        QCOMPARE(page->rowCount, 1);
        QCOMPARE(page->records.at(0).customerId, Joe);
        QCOMPARE(page->deletedCustomers, 1); // counted, though not shown
    }

    void shouldHoldTheRowsInViewAndFindTheSelectedCustomerAnywhere()
    {
        // GIVEN a generated store of 600 customers
        const QString path = m_dir.filePath(QStringLiteral("generated.hindsight"));
        {
            auto store = StoreFactory::open(path, StoreFactory::Mode::CreateIfMissing);
            QVERIFY(store);
            SyntheticHistory::Options options;
            options.customers = 600;
            options.eventsPerCustomer = 4;
            QVERIFY(SyntheticHistory(options).writeTo(**store));
        }
        AsOfTableService service;
        service.open(path);
        QVERIFY(loaded(service));
        const AsOfOverviewPtr overview = service.overview();
        const qint64 middle = overview->firstMs + (overview->lastMs - overview->firstMs) / 2;
        // AND, for reference, an engine of the test's own moved to the same moment
        auto reader = StoreFactory::open(path);
        QVERIFY(reader);
        auto engine = AsOfEngine::load(**reader);
        QVERIFY(engine);
        (*engine)->seek(middle);
        const int rows = (*engine)->rowCount();
        QVERIFY(rows > 200);
        const QString focus = (*engine)->customerIdAt(rows - 3);
        // WHEN rows 100-119 are in view and a customer near the end is selected
        service.setWindow(100, 20);
        service.setFocusCustomer(focus);
        service.setAsOf(middle);
        const AsOfTablePagePtr page = answer(service);
        QVERIFY(page);
        // THEN the page holds the rows in view and a margin, exactly as the engine has them, and knows where the
        // selected customer is, far outside them
        QCOMPARE(page->rowCount, rows);
        QVERIFY(page->covers(100 - 20) && page->covers(119 + 20));
        QVERIFY(!page->covers(0) && !page->covers(rows - 1));
        QVERIFY(page->records.size() < 200);
        for (int row = page->firstRow; row < page->firstRow + int(page->records.size()); ++row)
            QCOMPARE(*page->recordAt(row), (*engine)->customerAt(row));
        QCOMPARE(page->focusRow, rows - 3);
        QCOMPARE(page->rowOf(focus), rows - 3);
        // AND scrolling within the margin needs no new page; beyond it, one comes
        const quint64 serial = service.requestSerial();
        service.setWindow(105, 20);
        QCOMPARE(service.requestSerial(), serial);
        service.setWindow(rows - 20, 20);
        QVERIFY(service.requestSerial() > serial);
        const AsOfTablePagePtr end = answer(service);
        QVERIFY(end->covers(rows - 1));
        QCOMPARE(*end->recordAt(rows - 1), (*engine)->customerAt(rows - 1));
    }

    void shouldTakeEventsOtherWritersAppend()
    {
        // GIVEN the history loaded and shown as of 2022-12-01
        const QString path = demoStore();
        AsOfTableService service;
        service.open(path);
        QVERIFY(loaded(service));
        service.setAsOf(at("2022-12-01"));
        QVERIFY(answer(service));
        QSignalSpy overviews(&service, &AsOfTableService::overviewChanged);
        // WHEN another writer moves Joe to York and creates Ann
        auto writer = StoreFactory::open(path);
        QVERIFY(writer);
        const qint64 later = at("2024-01-01");
        QVERIFY((*writer)->append(Joe, 3, {test::newEvent(Joe, EventType::Updated, later,
                                                          test::customerData(QStringLiteral("Joe"), QStringLiteral("Bloke"),
                                                                             QStringLiteral("7, Quay Street, York")))}));
        QVERIFY((*writer)->append(QStringLiteral("200-000-0001"), EventStore::NoStream,
                                  {test::newEvent(QStringLiteral("200-000-0001"), EventType::Created, later + 1000,
                                                  test::customerData(QStringLiteral("Ann")))}));
        // AND the engine is told to catch up
        service.catchUp();
        QTRY_COMPARE(service.overview()->eventCount, 7);
        // THEN the span grows to the new events, the moment shown stays as it was
        QCOMPARE(service.overview()->lastMs, later + 1000);
        QCOMPARE(service.overview()->headPosition, 7);
        QCOMPARE(service.overview()->eventTimes->back(), later + 1000);
        QCOMPARE(service.overview()->eventTimes->size(), size_t(7));
        QVERIFY(overviews.count() >= 1);
        AsOfTablePagePtr page = answer(service);
        QCOMPARE(page->rowCount, 2);
        QCOMPARE(recordOf(*page, Joe)->data.address, QStringLiteral("34, Fine Way, Leeds"));
        // AND the new events show at a moment after them
        service.setAsOf(later + 1000);
        page = answer(service);
        QCOMPARE(page->rowCount, 3);
        QCOMPARE(recordOf(*page, Joe)->data.address, QStringLiteral("7, Quay Street, York"));
    }

    void shouldTakeAnImportOfPastEventsWholly()
    {
        // GIVEN the history loaded
        const QString path = demoStore();
        AsOfTableService service;
        service.open(path);
        QVERIFY(loaded(service));
        // WHEN another writer adds a customer created in 2015 (an import of the past)
        auto writer = StoreFactory::open(path);
        QVERIFY(writer);
        QVERIFY((*writer)->append(QStringLiteral("050-000-0001"), EventStore::NoStream,
                                  {test::newEvent(QStringLiteral("050-000-0001"), EventType::Created, at("2015-05-05"),
                                                  test::customerData(QStringLiteral("Old")))}));
        service.catchUp();
        QTRY_COMPARE(service.overview()->eventCount, 6);
        // THEN the event times take it in its place, and the table as of 2016 has that customer
        QCOMPARE(service.overview()->eventTimes->size(), size_t(6));
        QCOMPARE(service.overview()->eventTimes->at(1), at("2015-05-05"));
        service.setAsOf(at("2016-01-01"));
        const AsOfTablePagePtr page = answer(service);
        QCOMPARE(page->rowCount, 2);
        QCOMPARE(page->records.at(0).customerId, QStringLiteral("050-000-0001"));
    }

    void shouldSendNothingOnceClosed()
    {
        // GIVEN a load of the demo store under way, a moment asked for
        AsOfTableService service;
        QSignalSpy ready(&service, &AsOfTableService::ready);
        QSignalSpy pages(&service, &AsOfTableService::pageReady);
        service.open(demoStore());
        service.setAsOf(at("2022-12-01"));
        // WHEN the service lets it go and opens another store (a single customer) instead
        service.close();
        QVERIFY(!service.isReady());
        test::TemporaryStore other;
        QVERIFY(other.store().append(Joe, EventStore::NoStream, {test::newEvent(Joe, EventType::Created, at("2020-01-01"))}));
        service.open(other.path());
        QVERIFY(loaded(service));
        // THEN only the second store was heard of: one load, its single event, no page of the first
        QCOMPARE(ready.count(), 1);
        QCOMPARE(service.overview()->eventCount, 1);
        QCOMPARE(pages.count(), 0);
    }

    void shouldReportAStoreItCannotRead()
    {
        AsOfTableService service;
        QSignalSpy failed(&service, &AsOfTableService::failed);
        service.open(m_dir.filePath(QStringLiteral("missing.hindsight")));
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY(!failed.first().first().toString().isEmpty());
        QVERIFY(!service.isReady());
    }
};

QTEST_GUILESS_MAIN(TestAsOfTableService)
#include "TestAsOfTableService.moc"
