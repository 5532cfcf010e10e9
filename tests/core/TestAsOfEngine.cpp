#include "AsOfEngine.h"

#include "CustomerProjection.h"
#include "StoreFactory.h"
#include "SyntheticHistory.h"
#include "Timestamp.h"

#include "TestStores.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <numeric>
#include <random>

using namespace hindsight;
using namespace hindsight::test;

namespace {

const QString Joe = QStringLiteral("100-255-8730");
const QString Biz = QStringLiteral("100-735-6729");

qint64 at(const char* iso)
{
    auto parsed = Timestamp::parse(QString::fromLatin1(iso));
    if (!parsed)
        qFatal("bad time in a test: %s", iso);
    return *parsed;
}

/** "id STATUS address" per row: what a reader of the table sees, in one comparable line each. */
QStringList describe(const CustomerList& customers)
{
    QStringList rows;
    for (const CustomerRecord& r : customers)
        rows << r.customerId % QLatin1Char(' ') % customerStatusName(r.status) % QLatin1Char(' ') % r.data.address;
    return rows;
}

EventList allEvents(const EventStore& store)
{
    EventList events;
    auto read = store.forEachEvent(0, [&events](const Event& e) {
        events.append(e);
        return true;
    });
    if (!read)
        qFatal("cannot read the test store: %s", qPrintable(read.error().message));
    return events;
}

EventList byRecordedAt(EventList events)
{
    std::stable_sort(events.begin(), events.end(),
                     [](const Event& a, const Event& b) { return a.recordedAtMs() < b.recordedAtMs(); });
    return events;
}

/**
 * The reference: a full replay, through the one projection, of the events recorded at or before @p asOfMs.
 * @p events must be in recorded-at order (byRecordedAt).
 */
CustomerList replaySorted(const EventList& events, qint64 asOfMs)
{
    CustomerProjection projection;
    for (const Event& e : std::as_const(events)) {
        if (e.recordedAtMs() > asOfMs)
            break;
        if (auto applied = projection.apply(e); !applied)
            qFatal("the reference replay failed: %s", qPrintable(applied.error().message));
    }
    return projection.customers();
}

/**
 * The same replay for many moments at once: the projection advances through the events in time order and the
 * table is taken at each moment, so each table is exactly that of a replay from nothing up to its moment.
 */
QHash<qint64, CustomerList> replayAt(const EventList& events, std::vector<qint64> moments)
{
    std::sort(moments.begin(), moments.end());
    QHash<qint64, CustomerList> tables;
    CustomerProjection projection;
    qsizetype next = 0;
    for (const qint64 t : moments) {
        for (; next < events.size() && events[next].recordedAtMs() <= t; ++next) {
            if (auto applied = projection.apply(events[next]); !applied)
                qFatal("the reference replay failed: %s", qPrintable(applied.error().message));
        }
        tables.insert(t, projection.customers());
    }
    return tables;
}

CustomerList replayAsOf(const EventList& events, qint64 asOfMs)
{
    return replaySorted(byRecordedAt(events), asOfMs);
}

enum class Pattern { Jumps, StepsForward, StepsBackward, BackAndForth };

/** 200 moments in the order a person would visit them with the given gesture. */
std::vector<qint64> moments(Pattern pattern, const EventList& events, qint64 first, qint64 last, quint64 seed)
{
    std::mt19937_64 rng(seed);
    std::vector<qint64> out;
    const qint64 range = last - first;
    const auto eventTime = [&] {
        return events[std::uniform_int_distribution<qsizetype>(0, events.size() - 1)(rng)].recordedAtMs();
    };
    switch (pattern) {
    case Pattern::Jumps:
        // Half anywhere (and beyond the ends), half exactly at an event or a millisecond either side of one.
        for (int i = 0; i < 200; ++i) {
            if (i % 2 == 0)
                out.push_back(std::uniform_int_distribution<qint64>(first - range / 20, last + range / 20)(rng));
            else
                out.push_back(eventTime() + std::uniform_int_distribution<int>(-1, 1)(rng));
        }
        break;
    case Pattern::StepsForward:
    case Pattern::StepsBackward: {
        // Slider steps of 1/1000 of the range, and a run of 1 ms steps through a busy spot.
        const qint64 step = std::max<qint64>(1, range / 1000);
        const bool forward = pattern == Pattern::StepsForward;
        qint64 t = forward ? first - 2 * step : last + 2 * step;
        for (int i = 0; i < 150; ++i) {
            out.push_back(t);
            t += forward ? step * 7 : -step * 7;
        }
        t = eventTime();
        for (int i = 0; i < 50; ++i)
            out.push_back(t + (forward ? i - 25 : 25 - i));
        break;
    }
    case Pattern::BackAndForth: {
        qint64 t = eventTime();
        for (int i = 0; i < 200; ++i) {
            const qint64 step = std::uniform_int_distribution<qint64>(1, std::max<qint64>(2, range / 200))(rng);
            t += (i / 10) % 2 == 0 ? step : -step;
            out.push_back(t);
        }
        break;
    }
    }
    return out;
}

/** Checks every way the engine shows the moment against the reference table. */
void verifyAgainst(const AsOfEngine& engine, const CustomerList& expected, qint64 asOfMs)
{
    const QByteArray where = "as of " + Timestamp::format(asOfMs).toLatin1();
    QVERIFY2(engine.customers() == expected, where.constData());
    QCOMPARE(engine.rowCount(), expected.size());
    const auto deleted = std::count_if(expected.begin(), expected.end(),
                                       [](const CustomerRecord& r) { return r.status == CustomerStatus::Deleted; });
    QCOMPARE(engine.deletedCount(), qint64(deleted));
    for (int row = 0; row < expected.size(); row += 97) {
        QCOMPARE(engine.customerAt(row), expected[row]);
        QCOMPARE(engine.customerIdAt(row), expected[row].customerId);
        QCOMPARE(engine.rowOf(expected[row].customerId), row);
        const auto inEffect = engine.eventInEffect(expected[row].customerId);
        QVERIFY(inEffect.has_value());
        QCOMPARE(inEffect->version, expected[row].version);
        QCOMPARE(inEffect->recordedAtMs, expected[row].updatedAtMs);
        QCOMPARE(engine.eventInEffectAt(expected[row].customerId, asOfMs), inEffect);
    }
}

} // namespace

Q_DECLARE_METATYPE(Pattern)

class TestAsOfEngine : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<EventStore> m_demo;
    TemporaryStore m_generated;
    EventList m_generatedEvents;
    EventList m_generatedByTime;

    std::unique_ptr<AsOfEngine> loadEngine(const EventStore& store)
    {
        auto engine = AsOfEngine::load(store);
        if (!engine)
            qFatal("cannot load the engine: %s", qPrintable(engine.error().message));
        return std::move(engine).value();
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        auto demo = StoreFactory::createDemo(m_dir.filePath(QStringLiteral("demo.hindsight")));
        QVERIFY2(demo.ok(), demo.ok() ? "" : qPrintable(demo.error().message));
        m_demo = std::move(demo).value();

        SyntheticHistory::Options options;
        options.customers = 2000;
        options.eventsPerCustomer = 8;
        options.seed = 20240601;
        auto written = SyntheticHistory(options).writeTo(m_generated.store());
        QVERIFY(written.ok());
        QCOMPARE(written->appended, 16000);
        m_generatedEvents = allEvents(m_generated.store());
        m_generatedByTime = byRecordedAt(m_generatedEvents);
    }

    void shouldShowTheDemoTableAsItWasAtEachMoment_data()
    {
        QTest::addColumn<QString>("asOf");
        QTest::addColumn<QStringList>("expected");
        const QString joeLondon = Joe + u" ACTIVE 99, Edge Lane, London"_qs;
        const QString joeLeeds = Joe + u" ACTIVE 34, Fine Way, Leeds"_qs;
        const QString joeCardiff = Joe + u" ACTIVE 15, Nice Road, Cardiff"_qs;
        const QString bizActive = Biz + u" ACTIVE 12A, Top Street, Mumbai"_qs;
        const QString bizDeleted = Biz + u" DELETED 12A, Top Street, Mumbai"_qs;
        QTest::newRow("now") << u"2030-01-01T00:00:00Z"_qs << QStringList{joeLondon, bizDeleted};
        QTest::newRow("2022-12-01: Joe in Leeds, Biz active") << u"2022-12-01T00:00:00Z"_qs << QStringList{joeLeeds, bizActive};
        QTest::newRow("2022-07-01: Joe in Cardiff") << u"2022-07-01T00:00:00Z"_qs << QStringList{joeCardiff, bizActive};
        QTest::newRow("2009-01-01: nobody yet") << u"2009-01-01T00:00:00Z"_qs << QStringList{};
        QTest::newRow("at Joe's creation, to the millisecond") << u"2022-06-15T18:57:43.148Z"_qs << QStringList{joeCardiff, bizActive};
        QTest::newRow("a millisecond before Joe's creation") << u"2022-06-15T18:57:43.147Z"_qs << QStringList{bizActive};
        QTest::newRow("at Biz's deletion") << u"2023-01-15T02:37:20.545Z"_qs << QStringList{joeLeeds, bizDeleted};
        QTest::newRow("a millisecond before Biz's deletion") << u"2023-01-15T02:37:20.544Z"_qs << QStringList{joeLeeds, bizActive};
        QTest::newRow("at Joe's move to London") << u"2023-04-05T08:47:30.718Z"_qs << QStringList{joeLondon, bizDeleted};
    }
    void shouldShowTheDemoTableAsItWasAtEachMoment()
    {
        QFETCH(QString, asOf);
        QFETCH(QStringList, expected);
        // GIVEN the demo store loaded into the engine
        const auto engine = loadEngine(*m_demo);
        // WHEN it moves to the moment
        engine->seek(*Timestamp::parse(asOf));
        // THEN the table is as it was then, and agrees with a replay of the events up to then
        QCOMPARE(describe(engine->customers()), expected);
        QCOMPARE(engine->rowCount(), expected.size());
        QCOMPARE(engine->deletedCount(), expected.filter(u" DELETED "_qs).size());
        QCOMPARE(engine->customers(), replayAsOf(allEvents(*m_demo), *Timestamp::parse(asOf)));
    }

    void shouldStartAtTheLatestEventWithTheStoresCurrentTable()
    {
        // GIVEN the demo store WHEN the engine is loaded
        const auto engine = loadEngine(*m_demo);
        // THEN it shows the present: the same table as the store's maintained projection
        QVERIFY(engine->isAtLatest());
        QCOMPARE(engine->asOfMs(), at("2023-04-05T08:47:30.718Z"));
        QCOMPARE(engine->eventCount(), 5);
        QCOMPARE(engine->customerCount(), 2);
        QCOMPARE(engine->firstRecordedAtMs(), at("2009-11-29T20:49:40.003Z"));
        QCOMPARE(engine->lastRecordedAtMs(), at("2023-04-05T08:47:30.718Z"));
        QCOMPARE(engine->customers(), *m_demo->customers());
        const auto joe = engine->customer(Joe);
        QVERIFY(joe.has_value());
        QCOMPARE(joe->data.firstName, u"Joe"_qs);
        QCOMPARE(joe->data.dateOfBirth, QDate(1966, 4, 12));
        QCOMPARE(joe->version, 3);
        QCOMPARE(joe->createdAtMs, at("2022-06-15T18:57:43.148Z"));
    }

    void shouldKeepEveryAttributeExactly_data()
    {
        QTest::addColumn<QString>("customerId");
        QTest::addColumn<QString>("firstName");
        QTest::addColumn<QString>("address");
        QTest::addColumn<QDate>("dateOfBirth");
        QTest::newRow("accents and scripts") << u"cust-ü"_qs << u"Łucja"_qs << u"7, Rue d'Été, Montréal, 東京"_qs << QDate(1950, 2, 28);
        QTest::newRow("no date of birth") << u"100-000-0003"_qs << u"Ann"_qs << u"1, Mill Lane, Leeds"_qs << QDate();
        QTest::newRow("empty address, leap day") << u"100-000-0004"_qs << u"Bo"_qs << QString() << QDate(2000, 2, 29);
        QTest::newRow("old date") << u"100-000-0005"_qs << u"Cy"_qs << u"x"_qs << QDate(1800, 12, 31);
    }
    void shouldKeepEveryAttributeExactly()
    {
        QFETCH(QString, customerId);
        QFETCH(QString, firstName);
        QFETCH(QString, address);
        QFETCH(QDate, dateOfBirth);
        // GIVEN a customer stored with unusual attributes, then changed
        TemporaryStore temporary;
        const CustomerData data = customerData(firstName, u"Nowak"_qs, address, dateOfBirth);
        CustomerData moved = data;
        moved.address = address + u" (moved)"_qs;
        QVERIFY(temporary.store().append(customerId, EventStore::NoStream,
                                         {newEvent(customerId, EventType::Created, at("2020-01-01"), data),
                                          newEvent(customerId, EventType::Updated, at("2021-01-01"), moved)}).ok());
        // WHEN the engine loads it
        const auto engine = loadEngine(temporary.store());
        // THEN it shows what the store's own table shows, and the first state before the change
        QCOMPARE(engine->customers(), *temporary.store().customers());
        engine->seek(at("2020-06-01"));
        QCOMPARE(engine->customer(customerId)->data, data);
        QCOMPARE(engine->customer(customerId)->data.dateOfBirth, dateOfBirth);
        QCOMPARE(engine->rowOf(customerId), 0);
    }

    void shouldTellTheSliderWhereTheEventsAre()
    {
        const auto engine = loadEngine(*m_demo);
        // The selected customer's marks, and the event in effect at a moment.
        QCOMPARE(engine->customerEventTimes(Joe),
                 QList<qint64>({at("2022-06-15T18:57:43.148Z"), at("2022-10-04T09:27:20.443Z"), at("2023-04-05T08:47:30.718Z")}));
        QCOMPARE(engine->customerEvents(Biz).size(), 2);
        QCOMPARE(engine->customerEvents(Biz).last().type, EventType::Deleted);
        QVERIFY(engine->customerEventTimes(u"no-such-customer"_qs).isEmpty());
        const auto inLeeds = engine->eventInEffectAt(Joe, at("2022-12-01"));
        QVERIFY(inLeeds.has_value());
        QCOMPARE(inLeeds->version, 2);
        QCOMPARE(inLeeds->type, EventType::Updated);
        QCOMPARE(inLeeds->recordedAtMs, at("2022-10-04T09:27:20.443Z"));
        QVERIFY(!engine->eventInEffectAt(Joe, at("2022-06-15T18:57:43.147Z")).has_value());
        engine->seek(at("2022-07-01"));
        QCOMPARE(engine->eventInEffect(Joe)->version, 1);
        QVERIFY(!engine->isAtLatest());
        QCOMPARE(engine->eventsInEffect(), 2);

        // Previous / next event of the store.
        QCOMPARE(engine->nextEventAtMs(at("2022-07-01")), std::optional(at("2022-10-04T09:27:20.443Z")));
        QCOMPARE(engine->nextEventAtMs(at("2022-10-04T09:27:20.443Z")), std::optional(at("2023-01-15T02:37:20.545Z")));
        QCOMPARE(engine->previousEventAtMs(at("2022-10-04T09:27:20.443Z")), std::optional(at("2022-06-15T18:57:43.148Z")));
        QCOMPARE(engine->previousEventAtMs(at("2009-11-29T20:49:40.003Z")), std::nullopt);
        QCOMPARE(engine->nextEventAtMs(at("2023-04-05T08:47:30.718Z")), std::nullopt);

        // Density: every event in exactly one bucket; the busy end of the range holds four of the five.
        const QList<qint64> density = engine->densityHistogram(10);
        QCOMPARE(density.size(), 10);
        QCOMPARE(std::accumulate(density.begin(), density.end(), qint64(0)), 5);
        QCOMPARE(density.first(), 1);
        QCOMPARE(density.last(), 4);
        QCOMPARE(engine->densityHistogram(4, at("2022-01-01"), at("2022-12-31")), QList<qint64>({0, 1, 0, 1}));
        QCOMPARE(engine->densityHistogram(0), QList<qint64>());
    }

    void shouldAgreeWithAFullReplay_data()
    {
        QTest::addColumn<Pattern>("pattern");
        QTest::newRow("random jumps") << Pattern::Jumps;
        QTest::newRow("slider steps forward") << Pattern::StepsForward;
        QTest::newRow("slider steps backward") << Pattern::StepsBackward;
        QTest::newRow("back and forth") << Pattern::BackAndForth;
    }
    void shouldAgreeWithAFullReplay()
    {
        QFETCH(Pattern, pattern);
        // GIVEN a generated store of 2,000 customers with 8 events each, loaded into the engine
        const auto engine = loadEngine(m_generated.store());
        QCOMPARE(engine->eventCount(), 16000);
        // WHEN it visits 200 moments in the gesture's order
        const std::vector<qint64> visits =
            moments(pattern, m_generatedEvents, engine->firstRecordedAtMs(), engine->lastRecordedAtMs(), 42);
        const QHash<qint64, CustomerList> expected = replayAt(m_generatedByTime, visits);
        for (const qint64 t : visits) {
            engine->seek(t);
            // THEN each table equals a replay of the events recorded by then
            verifyAgainst(*engine, expected.value(t), t);
            if (QTest::currentTestFailed())
                return;
        }
    }

    void shouldTakeEventsAppendedAfterLoad_data()
    {
        QTest::addColumn<QString>("recordedAt");
        QTest::addColumn<bool>("visibleAtOnce");
        QTest::newRow("recorded after everything") << u"2024-02-01T12:00:00Z"_qs << false;
        QTest::newRow("recorded in the past (an import)") << u"2015-03-01T12:00:00Z"_qs << true;
    }
    void shouldTakeEventsAppendedAfterLoad()
    {
        QFETCH(QString, recordedAt);
        QFETCH(bool, visibleAtOnce);
        // GIVEN an engine over a store showing the present
        TemporaryStore temporary;
        QVERIFY(temporary.store().appendBatch(*StoreFactory::demoEvents()).ok());
        const auto engine = loadEngine(temporary.store());
        const qint64 before = engine->asOfMs();
        const quint64 rowsRevision = engine->rowsRevision();
        // WHEN another writer adds a customer and the engine reads what follows its head
        const qint64 t = *Timestamp::parse(recordedAt);
        const auto anna = customerData(u"Anna"_qs, u"Nowak"_qs, u"1, Canal Walk, Leeds"_qs, QDate(1980, 2, 3));
        QVERIFY(temporary.store().append(u"100-000-0001"_qs, EventStore::NoStream, {newEvent(u"100-000-0001"_qs, EventType::Created, t, anna)}).ok());
        EventList newEvents;
        QVERIFY(temporary.store().forEachEvent(engine->headPosition(), [&](const Event& e) {
            newEvents.append(e);
            return true;
        }).ok());
        QCOMPARE(newEvents.size(), 1);
        QVERIFY(engine->apply(newEvents).ok());
        // THEN the moment stays, the new customer shows when it counts at that moment, and at the latest one
        QCOMPARE(engine->asOfMs(), before);
        QCOMPARE(engine->eventCount(), 6);
        QCOMPARE(engine->rowOf(u"100-000-0001"_qs) >= 0, visibleAtOnce);
        QCOMPARE(engine->rowsRevision() != rowsRevision, visibleAtOnce);
        engine->seekToLatest();
        QCOMPARE(engine->customer(u"100-000-0001"_qs)->data, anna);
        QCOMPARE(engine->rowOf(u"100-000-0001"_qs), 0);
        QCOMPARE(engine->customers(), *temporary.store().customers());
        // AND applying the same events again changes nothing
        QVERIFY(engine->apply(newEvents).ok());
        QCOMPARE(engine->eventCount(), 6);
        for (const char* moment : {"2009-01-01", "2015-06-01", "2022-12-01", "2024-06-01"}) {
            engine->seek(at(moment));
            QCOMPARE(engine->customers(), replayAsOf(allEvents(temporary.store()), at(moment)));
        }
    }

    void shouldAgreeWithAFreshLoadAfterCatchingUp_data()
    {
        QTest::addColumn<bool>("pastEvents");
        QTest::newRow("later events") << false;
        QTest::newRow("events from the past") << true;
    }
    void shouldAgreeWithAFreshLoadAfterCatchingUp()
    {
        QFETCH(bool, pastEvents);
        // GIVEN an engine loaded from a store holding part of a history
        SyntheticHistory::Options options;
        options.customers = 600;
        options.eventsPerCustomer = 6;
        options.seed = 99;
        const SyntheticHistory history(options);
        TemporaryStore temporary;
        EventList all = history.events(0, 600);
        // Later events: the first events of every customer, then the rest; the past: customers 300.. come late.
        EventList early;
        EventList late;
        if (pastEvents) {
            // Whole customers come late, their events spread over the years already loaded.
            early = history.events(0, 300);
            late = history.events(300, 300);
        } else {
            // Everything after a cut in time comes late, in the order it was recorded (crossing checkpoints).
            std::stable_sort(all.begin(), all.end(),
                             [](const Event& a, const Event& b) { return a.recordedAtMs() < b.recordedAtMs(); });
            early = all.first(all.size() * 2 / 3);
            late = all.sliced(all.size() * 2 / 3);
        }
        QVERIFY(temporary.store().appendBatch(early).ok());
        const auto engine = loadEngine(temporary.store());
        engine->seek(engine->firstRecordedAtMs() + (engine->lastRecordedAtMs() - engine->firstRecordedAtMs()) / 2);
        // WHEN the rest is appended and the engine catches up
        QVERIFY(temporary.store().appendBatch(late).ok());
        const auto taken = engine->catchUp(temporary.store());
        QVERIFY(taken.ok());
        QCOMPARE(*taken, late.size());
        // THEN it agrees with an engine loaded from the whole store, and with a replay, at many moments
        const auto fresh = loadEngine(temporary.store());
        const EventList stored = byRecordedAt(allEvents(temporary.store()));
        std::mt19937_64 rng(5);
        std::uniform_int_distribution<qint64> moment(fresh->firstRecordedAtMs() - 1, fresh->lastRecordedAtMs() + 1);
        for (int i = 0; i < 60; ++i) {
            const qint64 t = moment(rng);
            engine->seek(t);
            fresh->seek(t);
            QCOMPARE(engine->customers(), fresh->customers());
            if (i % 6 == 0)
                verifyAgainst(*engine, replaySorted(stored, t), t);
        }
        QCOMPARE(engine->densityHistogram(50), fresh->densityHistogram(50));
    }

    void shouldRefuseEventsThatBreakAStreamAndStayAsItWas()
    {
        const auto engine = loadEngine(*m_demo);
        const CustomerList before = engine->customers();
        // Version 5 where 4 follows; and an update of a customer never created.
        const Event skipped(Event::newEventId(), Joe, EventType::Updated, at("2024-01-01"), customerData(), 5, 100);
        const Event unknown(Event::newEventId(), u"999"_qs, EventType::Updated, at("2024-01-01"), customerData(), 1, 101);
        for (const Event& bad : {skipped, unknown}) {
            const Event good(Event::newEventId(), u"100-000-0002"_qs, EventType::Created, at("2024-01-01"), customerData(), 1, 99);
            const auto applied = engine->apply({good, bad});
            QVERIFY(!applied.ok());
            QCOMPARE(applied.error().code, ErrorCode::Corrupt);
            QCOMPARE(engine->eventCount(), 5);
            engine->seekToLatest();
            QCOMPARE(engine->customers(), before);
        }
    }

    void shouldShowNothingForAnEmptyStore()
    {
        TemporaryStore empty;
        const auto engine = loadEngine(empty.store());
        QCOMPARE(engine->eventCount(), 0);
        QCOMPARE(engine->rowCount(), 0);
        QCOMPARE(engine->firstRecordedAtMs(), 0);
        QCOMPARE(engine->lastRecordedAtMs(), 0);
        QVERIFY(engine->isAtLatest());
        engine->seek(at("2020-01-01"));
        QVERIFY(engine->customers().isEmpty());
        QCOMPARE(engine->rowOf(Joe), -1);
        QVERIFY(!engine->customer(Joe).has_value());
        QVERIFY(!engine->nextEventAtMs(0).has_value());
        QVERIFY(!engine->previousEventAtMs(at("2020-01-01")).has_value());
        QCOMPARE(engine->densityHistogram(3), QList<qint64>({0, 0, 0}));
        // Events that come later are taken in.
        QVERIFY(empty.store().appendBatch(*StoreFactory::demoEvents()).ok());
        QCOMPARE(*engine->catchUp(empty.store()), 5);
        engine->seekToLatest();
        QCOMPARE(engine->customers(), *empty.store().customers());
    }

    void shouldReportProgressAndStopWhenCancelled()
    {
        qint64 lastDone = -1;
        qint64 lastTotal = -1;
        int calls = 0;
        bool increasing = true;
        auto loaded = AsOfEngine::load(m_generated.store(), [&](qint64 done, qint64 total) {
            increasing = increasing && done > lastDone;
            lastDone = done;
            lastTotal = total;
            ++calls;
            return true;
        });
        QVERIFY(loaded.ok());
        QVERIFY(calls > 1);
        QVERIFY(increasing);
        QCOMPARE(lastDone, 16000);
        QCOMPARE(lastTotal, 16000);

        auto cancelled = AsOfEngine::load(m_generated.store(), [](qint64, qint64) { return false; });
        QVERIFY(!cancelled.ok());
        QVERIFY(cancelled.error().message.contains(u"cancelled"_qs));
    }
};

QTEST_GUILESS_MAIN(TestAsOfEngine)
#include "TestAsOfEngine.moc"
