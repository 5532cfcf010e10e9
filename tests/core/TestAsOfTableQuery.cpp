#include "AsOfTableQuery.h"

#include "AsOfEngine.h"
#include "CustomerProjection.h"
#include "StoreFactory.h"
#include "SyntheticHistory.h"
#include "Timestamp.h"

#include "TestStores.h"

#include <QStandardPaths>
#include <QTest>

#include <algorithm>
#include <random>

using namespace hindsight;
using namespace hindsight::test;

namespace {

using SortKey = AsOfTableQuery::SortKey;

qint64 at(const QString& iso)
{
    auto parsed = Timestamp::parse(iso);
    if (!parsed)
        qFatal("bad time in a test: %s", qPrintable(iso));
    return *parsed;
}

int compareRecords(const CustomerRecord& a, const CustomerRecord& b, SortKey key)
{
    switch (key) {
    case SortKey::CustomerId:
    case SortKey::MatchedAddress:
        return 0;
    case SortKey::FirstName:
        return a.data.firstName.compare(b.data.firstName, Qt::CaseInsensitive);
    case SortKey::LastName:
        return a.data.lastName.compare(b.data.lastName, Qt::CaseInsensitive);
    case SortKey::Address:
        return a.data.address.compare(b.data.address, Qt::CaseInsensitive);
    case SortKey::DateOfBirth:
        return a.data.dateOfBirth < b.data.dateOfBirth ? -1 : (b.data.dateOfBirth < a.data.dateOfBirth ? 1 : 0);
    case SortKey::Status:
        return int(a.status) - int(b.status);
    }
    return 0;
}

/** What the reference gives: the rows in order and, per row matched through a past address, that address. */
struct PlainOrder {
    std::vector<int> rows;
    QHash<int, QString> matchedAddress;
};

/**
 * The reference, written plainly over QStrings: a full replay up to the moment, the addresses each customer had
 * by then, and the table query's rules applied record by record.
 */
PlainOrder plainQuery(const EventList& events, qint64 asOfMs, const QString& search, SortKey key, Qt::SortOrder order,
                        bool hideDeleted)
{
    CustomerProjection projection;
    QHash<QString, QStringList> addresses; // oldest first
    for (const Event& e : events) {
        if (e.recordedAtMs() > asOfMs)
            continue;
        if (!projection.apply(e).ok())
            qFatal("the reference replay failed");
        addresses[e.customerId()].append(e.data().address);
    }
    const CustomerList records = projection.customers();
    const QStringList words = search.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    PlainOrder result;
    for (int i = 0; i < records.size(); ++i) {
        const CustomerRecord& r = records[i];
        if (hideDeleted && r.status == CustomerStatus::Deleted)
            continue;
        bool matches = true;
        QString matchedPast;
        for (const QString& word : words) {
            const auto has = [&](const QString& text) { return text.contains(word, Qt::CaseInsensitive); };
            if (has(r.customerId) || has(r.data.firstName) || has(r.data.lastName) || has(r.data.address))
                continue;
            const QStringList& past = addresses[r.customerId];
            const auto found = std::find_if(past.crbegin(), past.crend(), has);
            if (found == past.crend()) {
                matches = false;
                break;
            }
            matchedPast = *found;
        }
        if (!matches)
            continue;
        result.rows.push_back(i);
        if (!matchedPast.isNull())
            result.matchedAddress.insert(i, matchedPast);
    }
    if (key == SortKey::MatchedAddress) {
        std::stable_sort(result.rows.begin(), result.rows.end(), [&](int a, int b) {
            return result.matchedAddress.value(a).compare(result.matchedAddress.value(b), Qt::CaseInsensitive) < 0;
        });
    } else if (key != SortKey::CustomerId) {
        std::stable_sort(result.rows.begin(), result.rows.end(),
                         [&](int a, int b) { return compareRecords(records[a], records[b], key) < 0; });
    }
    if (order == Qt::DescendingOrder)
        std::reverse(result.rows.begin(), result.rows.end());
    return result;
}

EventList storedEvents(const EventStore& store)
{
    EventList events;
    if (!store.forEachEvent(0, [&events](const Event& e) {
             events.append(e);
             return true;
         }).ok()) {
        qFatal("cannot read the test store");
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const Event& a, const Event& b) { return a.recordedAtMs() < b.recordedAtMs(); });
    return events;
}

} // namespace

Q_DECLARE_METATYPE(AsOfTableQuery::SortKey)

class TestAsOfTableQuery : public QObject
{
    Q_OBJECT

private:
    TemporaryStore m_demo;
    TemporaryStore m_generated;
    EventList m_generatedEvents;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_demo.store().appendBatch(*StoreFactory::demoEvents()).ok());
        SyntheticHistory::Options options;
        options.customers = 1500;
        options.eventsPerCustomer = 7;
        options.seed = 77;
        QVERIFY(SyntheticHistory(options).writeTo(m_generated.store()).ok());
        m_generatedEvents = storedEvents(m_generated.store());
    }

    void shouldFindWhoLivedInLeedsThen_data()
    {
        QTest::addColumn<QString>("asOf");
        QTest::addColumn<QStringList>("expectedIds");
        QTest::addColumn<QString>("expectedMatchedPast");
        QTest::newRow("2022-07-01: Joe still in Cardiff") << u"2022-07-01"_qs << QStringList{} << QString();
        QTest::newRow("2022-12-01: Joe lives in Leeds") << u"2022-12-01"_qs << QStringList{u"100-255-8730"_qs} << QString();
        QTest::newRow("now: Joe lived in Leeds") << u"2024-01-01"_qs << QStringList{u"100-255-8730"_qs}
                                                 << u"34, Fine Way, Leeds"_qs;
    }
    void shouldFindWhoLivedInLeedsThen()
    {
        QFETCH(QString, asOf);
        QFETCH(QStringList, expectedIds);
        QFETCH(QString, expectedMatchedPast);
        // GIVEN the demo store at a moment and a search for "leeds"
        auto engine = AsOfEngine::load(m_demo.store());
        QVERIFY(engine.ok());
        (*engine)->seek(at(asOf));
        AsOfTableQuery query(**engine);
        query.setSearch(u"leeds"_qs);
        // WHEN the table is searched
        const AsOfRowOrder order = query.run();
        // THEN only who lived in Leeds by then shows, with the past address that matched
        QStringList ids;
        for (const int row : order.rows)
            ids << (*engine)->customerIdAt(row);
        QCOMPARE(ids, expectedIds);
        if (!expectedIds.isEmpty())
            QCOMPARE(query.matchedAddress(order.rows.front()), expectedMatchedPast);
    }

    void shouldAgreeWithThePlainQueryOverAReplay_data()
    {
        QTest::addColumn<QString>("search");
        QTest::addColumn<SortKey>("key");
        QTest::addColumn<Qt::SortOrder>("order");
        QTest::addColumn<bool>("hideDeleted");
        QTest::newRow("no search, by id") << QString() << SortKey::CustomerId << Qt::AscendingOrder << false;
        QTest::newRow("no search, by id, descending, without deleted") << QString() << SortKey::CustomerId << Qt::DescendingOrder << true;
        QTest::newRow("city, by address") << u"leeds"_qs << SortKey::Address << Qt::AscendingOrder << false;
        QTest::newRow("city and street, by last name desc") << u"LONDON road"_qs << SortKey::LastName << Qt::DescendingOrder << false;
        QTest::newRow("name, by first name") << u"mül"_qs << SortKey::FirstName << Qt::AscendingOrder << false;
        QTest::newRow("accented name any case, by last name") << u"GARCÍA"_qs << SortKey::LastName << Qt::AscendingOrder << true;
        QTest::newRow("id part, by date of birth") << u"-00"_qs << SortKey::DateOfBirth << Qt::AscendingOrder << false;
        QTest::newRow("all, by status desc") << QString() << SortKey::Status << Qt::DescendingOrder << false;
        QTest::newRow("past city, by matched address") << u"cardiff"_qs << SortKey::MatchedAddress << Qt::AscendingOrder << false;
        QTest::newRow("two cities, by matched address desc") << u"mumbai pune"_qs << SortKey::MatchedAddress << Qt::DescendingOrder << false;
        QTest::newRow("nothing matches") << u"atlantis"_qs << SortKey::Address << Qt::AscendingOrder << false;
    }
    void shouldAgreeWithThePlainQueryOverAReplay()
    {
        QFETCH(QString, search);
        QFETCH(SortKey, key);
        QFETCH(Qt::SortOrder, order);
        QFETCH(bool, hideDeleted);
        // GIVEN a generated store, one query object kept across moves as a window keeps it
        auto loaded = AsOfEngine::load(m_generated.store());
        QVERIFY(loaded.ok());
        AsOfEngine& engine = **loaded;
        AsOfTableQuery query(engine);
        query.setSearch(search);
        query.setSort(key, order);
        query.setHideDeleted(hideDeleted);
        std::mt19937_64 rng(3);
        std::uniform_int_distribution<qint64> moment(engine.firstRecordedAtMs(), engine.lastRecordedAtMs());
        for (int i = 0; i < 12; ++i) {
            // WHEN the slider moves and the query runs again
            const qint64 t = i == 0 ? engine.lastRecordedAtMs() : moment(rng);
            engine.seek(t);
            const AsOfRowOrder got = query.run();
            // THEN the rows, their order and the matched past addresses are the plain query's over a replay
            const PlainOrder expected = plainQuery(m_generatedEvents, t, search, key, order, hideDeleted);
            const QByteArray where = "as of " + Timestamp::format(t).toLatin1();
            QVERIFY2(got.rows == expected.rows, where.constData());
            for (const int row : got.rows)
                QVERIFY2(query.matchedAddress(row) == expected.matchedAddress.value(row), where.constData());
        }
    }

    void shouldSortNewTextAmongTheOldAfterCatchingUp_data()
    {
        QTest::addColumn<SortKey>("key");
        QTest::newRow("by address") << SortKey::Address;
        QTest::newRow("by last name") << SortKey::LastName;
        QTest::newRow("by first name, descending") << SortKey::FirstName;
    }
    void shouldSortNewTextAmongTheOldAfterCatchingUp()
    {
        QFETCH(SortKey, key);
        // GIVEN a query that has sorted the first half of a history (ties in any case included)
        SyntheticHistory::Options options;
        options.customers = 800;
        options.eventsPerCustomer = 5;
        options.seed = 11;
        const SyntheticHistory history(options);
        TemporaryStore temporary;
        QVERIFY(temporary.store().appendBatch(history.events(0, 400)).ok());
        const auto shout = customerData(u"JOE"_qs, u"BLOKE"_qs, u"15, NICE ROAD, CARDIFF"_qs);
        QVERIFY(temporary.store().append(u"000-shout"_qs, EventStore::NoStream,
                                         {newEvent(u"000-shout"_qs, EventType::Created, at(u"2015-01-01"_qs), shout)}).ok());
        auto loaded = AsOfEngine::load(temporary.store());
        QVERIFY(loaded.ok());
        AsOfEngine& engine = **loaded;
        AsOfTableQuery query(engine);
        const Qt::SortOrder order = key == SortKey::FirstName ? Qt::DescendingOrder : Qt::AscendingOrder;
        query.setSort(key, order);
        QVERIFY(!query.run().rows.empty());
        // WHEN the rest arrives, with the same texts in other cases
        QVERIFY(temporary.store().appendBatch(history.events(400, 400)).ok());
        const auto quiet = customerData(u"joe"_qs, u"bloke"_qs, u"15, nice road, cardiff"_qs);
        QVERIFY(temporary.store().append(u"999-quiet"_qs, EventStore::NoStream,
                                         {newEvent(u"999-quiet"_qs, EventType::Created, at(u"2015-01-02"_qs), quiet)}).ok());
        QVERIFY(engine.catchUp(temporary.store()).ok());
        engine.seekToLatest();
        // THEN the order is the one a fresh query and the plain query give
        const AsOfRowOrder merged = query.run();
        AsOfTableQuery fresh(engine);
        fresh.setSort(key, order);
        QVERIFY(merged.rows == fresh.run().rows);
        QVERIFY(merged.rows == plainQuery(storedEvents(temporary.store()), engine.asOfMs(), QString(), key, order, false).rows);
    }

    void shouldTakeNewTextAfterEventsAreApplied_data()
    {
        QTest::addColumn<QString>("recordedAt");
        QTest::newRow("recorded after everything") << u"2024-01-01"_qs;
        QTest::newRow("recorded in the past (the log is re-sorted)") << u"2015-01-01"_qs;
    }
    void shouldTakeNewTextAfterEventsAreApplied()
    {
        QFETCH(QString, recordedAt);
        // GIVEN a query that has seen the demo store's text
        TemporaryStore temporary;
        QVERIFY(temporary.store().appendBatch(*StoreFactory::demoEvents()).ok());
        auto loaded = AsOfEngine::load(temporary.store());
        QVERIFY(loaded.ok());
        AsOfEngine& engine = **loaded;
        AsOfTableQuery query(engine);
        query.setSearch(u"york"_qs);
        query.setSort(SortKey::Address);
        QVERIFY(query.run().rows.empty());
        AsOfTableQuery leedsQuery(engine);
        leedsQuery.setSearch(u"leeds"_qs);
        QCOMPARE(leedsQuery.run().rows.size(), size_t(1));
        // WHEN a customer with new text arrives
        const auto anna = customerData(u"Anna"_qs, u"Nowak"_qs, u"1, Aardvark Row, York"_qs);
        QVERIFY(temporary.store().append(u"100-000-0001"_qs, EventStore::NoStream,
                                         {newEvent(u"100-000-0001"_qs, EventType::Created, at(recordedAt), anna)}).ok());
        QVERIFY(engine.catchUp(temporary.store()).ok());
        engine.seekToLatest();
        // THEN the query finds it and sorts it among the others
        const AsOfRowOrder found = query.run();
        QCOMPARE(found.rows.size(), size_t(1));
        QCOMPARE(engine.customerIdAt(found.rows.front()), u"100-000-0001"_qs);
        query.setSearch(QString());
        const AsOfRowOrder all = query.run();
        QCOMPARE(all.rows.size(), size_t(3));
        QCOMPARE(engine.customerAt(all.rows.front()).data.address, anna.address);
        // AND a search for a past address, kept across the change, still finds who lived there
        const AsOfRowOrder leeds = leedsQuery.run();
        QCOMPARE(leeds.rows.size(), size_t(1));
        QCOMPARE(engine.customerIdAt(leeds.rows.front()), u"100-255-8730"_qs);
        QCOMPARE(leedsQuery.matchedAddress(leeds.rows.front()), u"34, Fine Way, Leeds"_qs);
    }
};

QTEST_GUILESS_MAIN(TestAsOfTableQuery)
#include "TestAsOfTableQuery.moc"
