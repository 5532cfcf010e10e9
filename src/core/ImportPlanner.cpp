#include "ImportPlanner.h"

#include "AccountRules.h"
#include "Clock.h"
#include "ParallelPieces.h"
#include "StepTimer.h"
#include "Timestamp.h"

#include <QHash>
#include <QThread>

#include <algorithm>
#include <numeric>
#include <optional>
#include <vector>

namespace hindsight {

namespace {

/** Inputs of at least this many events are checked on two threads where they can be. */
constexpr qsizetype SideBySideMinimum = 16384;

Error planError(const SourcedEventList& events, qsizetype i, const QString& field, const QString& what)
{
    Error error = makeError(ErrorCode::Parse,
                            field.isEmpty() ? QStringLiteral("%1: %2").arg(ImportPlanner::where(events, i), what)
                                            : QStringLiteral("%1, field %2: %3").arg(ImportPlanner::where(events, i), field, what),
                            field);
    error.line = events.line(i);
    return error;
}

/** The field an AccountRules error names (its Error::field key), as the input's format spells it. */
QString ruleField(EventFileFormat format, const QString& key)
{
    static const std::pair<const char*, EventField> keys[] = {
        {"id", EventField::CustomerId},      {"eventId", EventField::EventId}, {"firstName", EventField::FirstName},
        {"lastName", EventField::LastName}, {"address", EventField::Address}, {"dob", EventField::DateOfBirth},
    };
    for (const auto& [name, field] : keys) {
        if (key == QLatin1String(name))
            return eventFieldName(format, field);
    }
    return key;
}

/** Where a customer's history stands while the input is checked. */
struct CustomerCheck {
    bool exists = false;
    bool deleted = false;
    qint64 version = 0;
    qint64 updatedAtMs = 0;
    qsizetype lastIndex = -1;             ///< input event that left it so; -1: the store
    QHash<QString, Event> storedById;     ///< the store's events of this customer (only when it had any)
};

QString byWhom(const SourcedEventList& events, qsizetype index, qsizetype current)
{
    if (index < 0)
        return QStringLiteral("in the store");
    return events.source(index) == events.source(current) ? QStringLiteral("on line %1").arg(events.line(index))
                                                           : QStringLiteral("at %1").arg(ImportPlanner::where(events, index));
}

/**
 * The events of @p events that break AccountRules, in order, found on every core: almost always none, so that the
 * rules cost one pass over the input and the history checks ask only about these.
 */
std::vector<qsizetype> eventsBreakingRules(const SourcedEventList& events, QDate today)
{
    const qsizetype n = events.size();
    const qsizetype pieces = piecesFor(n, SideBySideMinimum);
    std::vector<std::vector<qsizetype>> found(static_cast<size_t>(pieces));
    runPieces(pieces, [&](qsizetype p) {
        for (qsizetype i = n * p / pieces, end = n * (p + 1) / pieces; i < end; ++i) {
            if (!AccountRules::checkEvent(events.event(i), today))
                found[size_t(p)].push_back(i);
        }
    });
    std::vector<qsizetype> all;
    for (const auto& piece : found)
        all.insert(all.end(), piece.begin(), piece.end());
    return all;
}

/** Ids repeated within the input: the same event twice is skipped, two different events under one id refused. */
struct Repeats {
    std::vector<bool> repeated; ///< for each event: a later copy of an earlier one
    qint64 count = 0;
    qsizetype conflict = -1;      ///< the first repeat, in input order, whose content differs from the id's first event
    qsizetype conflictFirst = -1; ///< that id's first event
};

/**
 * Found by sorting a 64-bit hash of every id with its index, then comparing text only within runs of equal hashes:
 * for a million events several times faster than a hash table of a million strings.
 */
Repeats findRepeats(const SourcedEventList& events)
{
    const qsizetype n = events.size();
    Repeats r;
    r.repeated.assign(size_t(n), false);
    std::vector<std::pair<size_t, qsizetype>> keys(static_cast<size_t>(n));
    for (qsizetype i = 0; i < n; ++i)
        keys[size_t(i)] = {qHash(events.event(i).eventId()), i};
    std::sort(keys.begin(), keys.end());
    for (size_t a = 0; a < keys.size();) {
        size_t b = a + 1;
        while (b < keys.size() && keys[b].first == keys[a].first)
            ++b;
        if (b - a > 1) {
            // Within a run, indices ascend: the first member with an id is that id's first event.
            QHash<QString, qsizetype> firstInRun;
            for (size_t k = a; k < b; ++k) {
                const qsizetype i = keys[k].second;
                const auto first = firstInRun.constFind(events.event(i).eventId());
                if (first == firstInRun.cend()) {
                    firstInRun.insert(events.event(i).eventId(), i);
                    continue;
                }
                r.repeated[size_t(i)] = true;
                ++r.count;
                if (!events.event(*first).sameContentAs(events.event(i)) && (r.conflict < 0 || i < r.conflict)) {
                    r.conflict = i;
                    r.conflictFirst = *first;
                }
            }
        }
        a = b;
    }
    return r;
}

/** Each event's customer as a number, numbered in customer id order. */
struct Customers {
    std::vector<qint32> of; ///< for each event
    QStringList ids;        ///< by number
};

/**
 * The ordering then compares numbers, and the history checks keep each customer's state in a vector rather than a
 * hash table. Repeats are numbered too: one with its first event's content has its customer, any other is refused.
 */
Customers numberCustomers(const SourcedEventList& events)
{
    const qsizetype n = events.size();
    Customers c;
    c.of.assign(size_t(n), -1);
    QHash<QString, qint32> numbers;
    for (qsizetype i = 0; i < n; ++i) {
        const QString& id = events.event(i).customerId();
        auto it = numbers.constFind(id);
        if (it == numbers.cend()) {
            it = numbers.insert(id, qint32(c.ids.size()));
            c.ids.append(id);
        }
        c.of[size_t(i)] = *it;
    }
    std::vector<qint32> byId(static_cast<size_t>(c.ids.size()));
    std::iota(byId.begin(), byId.end(), 0);
    std::sort(byId.begin(), byId.end(), [&](qint32 x, qint32 y) { return c.ids[x] < c.ids[y]; });
    std::vector<qint32> rank(byId.size());
    for (size_t r = 0; r < byId.size(); ++r)
        rank[size_t(byId[r])] = qint32(r);
    for (qint32& customer : c.of)
        customer = rank[size_t(customer)];
    QStringList sorted;
    sorted.reserve(c.ids.size());
    for (const qint32 k : byId)
        sorted.append(c.ids[k]);
    c.ids = std::move(sorted);
    return c;
}

/**
 * The order of appending, repeats left out: the global order a Hindsight export recorded, when every event carries
 * its position; otherwise by customer, then time (the input's own order breaking ties, so that a repeated time is
 * reported).
 */
std::vector<qsizetype> orderOfAppending(const SourcedEventList& events, const std::vector<bool>& repeated,
                                        const std::vector<qint32>& customerOf)
{
    std::vector<qsizetype> order;
    order.reserve(size_t(events.size()));
    bool allPositioned = true;
    for (qsizetype i = 0; i < events.size(); ++i) {
        if (repeated[size_t(i)])
            continue;
        order.push_back(i);
        allPositioned = allPositioned && events.event(i).position() > 0;
    }
    if (allPositioned) {
        std::stable_sort(order.begin(), order.end(),
                         [&](qsizetype a, qsizetype b) { return events.event(a).position() < events.event(b).position(); });
        return order;
    }
    std::sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) {
        const qint32 x = customerOf[size_t(a)];
        const qint32 y = customerOf[size_t(b)];
        if (x != y)
            return x < y;
        const qint64 tx = events.event(a).recordedAtMs();
        const qint64 ty = events.event(b).recordedAtMs();
        return tx != ty ? tx < ty : a < b;
    });
    return order;
}

/**
 * Each customer's history, event by event in the order of appending, continuing what the store holds: starts with
 * CREATED, nothing after a DELETED, times rising, versions following, and every event written keeping the account
 * rules. Gives the events to append, by index.
 */
class HistoryCheck
{
public:
    HistoryCheck(const EventStore& store, const SourcedEventList& events, const Customers& customers,
                 const std::vector<qsizetype>& breaking)
        : m_store(store)
        , m_events(events)
        , m_customers(customers)
        , m_breaking(breaking)
        , m_format(events.format())
        , m_states(static_cast<size_t>(customers.ids.size()))
    {
    }

    Result<std::vector<qsizetype>> run(const std::vector<qsizetype>& order)
    {
        auto head = m_store.headPosition();
        if (!head)
            return head.error();
        m_storeIsEmpty = *head == 0;
        std::vector<qsizetype> chosen;
        chosen.reserve(order.size());
        for (const qsizetype i : order) {
            auto state = stateOf(i);
            if (!state)
                return state.error();
            auto take = check(i, **state);
            if (!take)
                return take.error();
            if (*take)
                chosen.push_back(i);
        }
        return chosen;
    }

    /** Events skipped because the store holds them already. */
    qint64 storedAlready() const { return m_storedAlready; }

private:
    QString field(EventField f) const { return eventFieldName(m_format, f); }

    /** The customer's state, read from the store the first time the customer comes up. */
    Result<CustomerCheck*> stateOf(qsizetype i)
    {
        std::optional<CustomerCheck>& slot = m_states[size_t(m_customers.of[size_t(i)])];
        if (slot)
            return &*slot;
        CustomerCheck check;
        const QString& customerId = m_events.event(i).customerId();
        if (!m_storeIsEmpty) {
            auto stored = m_store.customer(customerId);
            if (!stored)
                return stored.error();
            if (stored->has_value()) {
                const CustomerRecord& r = **stored;
                check.exists = true;
                check.deleted = r.status == CustomerStatus::Deleted;
                check.version = r.version;
                check.updatedAtMs = r.updatedAtMs;
                auto stream = m_store.readStream(customerId);
                if (!stream)
                    return stream.error();
                for (const Event& s : std::as_const(*stream))
                    check.storedById.insert(s.eventId(), s);
            }
        }
        slot = std::move(check);
        return &*slot;
    }

    /** Whether the @p i-th event is to be appended (false: stored already), or why it may not be. */
    Result<bool> check(qsizetype i, CustomerCheck& c)
    {
        const Event& e = m_events.event(i);
        if (const auto s = c.storedById.constFind(e.eventId()); s != c.storedById.cend()) {
            if (!s->sameContentAs(e)) {
                return planError(m_events, i, {}, QStringLiteral("event id %1 is stored already with different content (%2 of customer %3 at %4)")
                                                      .arg(e.eventId(), statusName(s->type()), s->customerId(),
                                                           Timestamp::format(s->recordedAtMs())));
            }
            ++m_storedAlready;
            return false;
        }
        const QString status = field(EventField::Type);
        if (!c.exists && e.type() != EventType::Created) {
            return planError(m_events, i, status, QStringLiteral("customer %1's history starts here with %2; it must start with CREATED")
                                                      .arg(e.customerId(), statusName(e.type())));
        }
        if (c.exists && e.type() == EventType::Created) {
            return planError(m_events, i, status, QStringLiteral("customer %1 was created already (%2); expected UPDATED or DELETED")
                                                      .arg(e.customerId(), byWhom(m_events, c.lastIndex, i)));
        }
        if (c.deleted) {
            return planError(m_events, i, status, QStringLiteral("customer %1 was deleted (%2); nothing may follow a DELETED")
                                                      .arg(e.customerId(), byWhom(m_events, c.lastIndex, i)));
        }
        if (c.exists && e.recordedAtMs() <= c.updatedAtMs) {
            const QString what = e.recordedAtMs() == c.updatedAtMs
                ? QStringLiteral("customer %1 has an event at %2 already (%3); a customer's times must not repeat")
                      .arg(e.customerId(), Timestamp::format(e.recordedAtMs()), byWhom(m_events, c.lastIndex, i))
                : QStringLiteral("%1 is earlier than customer %2's event at %3 (%4) that comes before it")
                      .arg(Timestamp::format(e.recordedAtMs()), e.customerId(), Timestamp::format(c.updatedAtMs),
                           byWhom(m_events, c.lastIndex, i));
            return planError(m_events, i, field(EventField::RecordedAt), what);
        }
        if (e.version() != 0 && e.version() != c.version + 1) {
            return planError(m_events, i, field(EventField::Version),
                             QStringLiteral("%1 does not follow customer %2's version %3; expected %4")
                                 .arg(e.version())
                                 .arg(e.customerId())
                                 .arg(c.version)
                                 .arg(c.version + 1));
        }
        // The account rules every entry path keeps (AccountRules), for every event written, DELETED included.
        if (std::binary_search(m_breaking.begin(), m_breaking.end(), i)) {
            const Error broken = AccountRules::checkEvent(e, AccountRules::dayOf(SystemClock::instance().nowMs())).error();
            // The rule's own words; an import's message goes on (the CLI adds "; nothing was imported").
            QString what = broken.message;
            if (what.endsWith(u'.'))
                what.chop(1);
            return planError(m_events, i, ruleField(m_format, broken.field), what);
        }
        c.exists = true;
        c.deleted = e.type() == EventType::Deleted;
        c.version += 1;
        c.updatedAtMs = e.recordedAtMs();
        c.lastIndex = i;
        return true;
    }

    const EventStore& m_store;
    const SourcedEventList& m_events;
    const Customers& m_customers;
    const std::vector<qsizetype>& m_breaking;
    EventFileFormat m_format;
    bool m_storeIsEmpty = true;
    qint64 m_storedAlready = 0;
    std::vector<std::optional<CustomerCheck>> m_states;
};

} // namespace

QString ImportPlanner::where(const SourcedEventList& events, qsizetype i)
{
    const QString& source = events.source(i);
    return QStringLiteral("%1, line %2").arg(source.isEmpty() ? QStringLiteral("input") : source).arg(events.line(i));
}

Result<ImportPlan> ImportPlanner::plan(const EventStore& store, const SourcedEventList& events)
{
    StepTimer timer(lcImport(), "checking");
    ImportPlan plan;
    plan.read = events.size();

    // Three independent passes over the input, side by side when there is more than one core.
    Repeats repeats;
    Customers customers;
    const bool sideBySide = events.size() >= SideBySideMinimum && QThread::idealThreadCount() > 1;
    runPieces(sideBySide ? 2 : 1, [&](qsizetype pass) {
        if (pass == 0)
            repeats = findRepeats(events);
        if (pass == 1 || !sideBySide)
            customers = numberCustomers(events);
    });
    const std::vector<qsizetype> breaking = eventsBreakingRules(events, AccountRules::dayOf(SystemClock::instance().nowMs()));
    if (repeats.conflict >= 0) {
        return planError(events, repeats.conflict, {},
                         QStringLiteral("event id %1 appears also %2 with different content; an id names one event")
                             .arg(events.event(repeats.conflict).eventId(), byWhom(events, repeats.conflictFirst, repeats.conflict)));
    }
    plan.skipped = repeats.count;
    timer.step("repeated ids, customers and account rules");

    const std::vector<qsizetype> order = orderOfAppending(events, repeats.repeated, customers.of);
    timer.step("ordering");

    HistoryCheck check{store, events, customers, breaking};
    auto chosen = check.run(order);
    if (!chosen)
        return chosen.error();
    plan.skipped += check.storedAlready();
    timer.step("rules");

    // Events that need no reordering and no skipping go to the store as the very list that was read: no copy.
    bool asRead = qsizetype(chosen->size()) == events.size();
    for (size_t k = 0; asRead && k < chosen->size(); ++k)
        asRead = (*chosen)[k] == qsizetype(k);
    if (asRead) {
        plan.events = events.events();
        return plan;
    }
    plan.events.reserve(qsizetype(chosen->size()));
    plan.sources.reserve(qsizetype(chosen->size()));
    for (const qsizetype i : *chosen) {
        plan.events.append(events.event(i));
        plan.sources.append(i);
    }
    return plan;
}

} // namespace hindsight
