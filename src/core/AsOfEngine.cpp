#include "AsOfEngine.h"

#include <QHash>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <string_view>

namespace hindsight {

namespace {

/** Copies of the per-customer array take at most about this much memory together. */
constexpr qint64 CheckpointBudgetBytes = 16 * 1024 * 1024;
constexpr qint64 MinCheckpointInterval = 1024;

std::string_view stringView(QByteArrayView v)
{
    return std::string_view(v.data(), size_t(v.size()));
}

int digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : -1;
}

/** "YYYY-MM-DD" as a Julian day; anything else through QDate's parser; unset or invalid as @p none. */
qint32 julianDay(QByteArrayView text, qint32 none)
{
    if (text.isEmpty())
        return none;
    if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
        int value[8];
        const int at[8] = {0, 1, 2, 3, 5, 6, 8, 9};
        bool digits = true;
        for (int i = 0; i < 8; ++i) {
            value[i] = digit(text[at[i]]);
            digits = digits && value[i] >= 0;
        }
        if (digits) {
            const int y = value[0] * 1000 + value[1] * 100 + value[2] * 10 + value[3];
            const int m = value[4] * 10 + value[5];
            const int d = value[6] * 10 + value[7];
            static constexpr int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
            const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            if (y < 1 || m < 1 || m > 12 || d < 1 || d > days[m - 1] || (m == 2 && d == 29 && !leap))
                return none;
            // Gregorian date to Julian day number (Fliegel & Van Flandern); a million of these take milliseconds,
            // where QDate's constructor would take tens of them.
            const int a = (14 - m) / 12;
            const int yy = y + 4800 - a;
            const int mm = m + 12 * a - 3;
            return qint32(d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045);
        }
    }
    const QDate date = QDate::fromString(QString::fromUtf8(text), Qt::ISODate);
    return date.isValid() ? qint32(date.toJulianDay()) : none;
}

/**
 * Stable LSD radix sort of @p order by @p keys[order[i]] (16 bits a pass over the keys' span): events come in
 * position order, so equal times stay in position order.
 */
void radixSortBy(const std::vector<qint64>& keys, std::vector<qint32>& order)
{
    if (order.size() < 2)
        return;
    const auto [lo, hi] = std::minmax_element(keys.begin(), keys.end());
    const quint64 min = quint64(*lo);
    const quint64 span = quint64(*hi) - min;
    std::vector<qint32> buffer(order.size());
    std::vector<size_t> counts(65536);
    for (int shift = 0; shift < 64 && (span >> shift) != 0; shift += 16) {
        std::fill(counts.begin(), counts.end(), 0);
        for (const qint32 i : order)
            ++counts[((quint64(keys[size_t(i)]) - min) >> shift) & 0xffff];
        size_t sum = 0;
        for (size_t& c : counts) {
            const size_t n = c;
            c = sum;
            sum += n;
        }
        for (const qint32 i : order)
            buffer[counts[((quint64(keys[size_t(i)]) - min) >> shift) & 0xffff]++] = i;
        order.swap(buffer);
    }
}

template <typename T>
void permute(std::vector<T>& column, const std::vector<qint32>& order)
{
    std::vector<T> sorted(column.size());
    for (size_t i = 0; i < order.size(); ++i)
        sorted[i] = column[size_t(order[i])];
    column.swap(sorted);
}

qint64 powerOfTwoAtLeast(qint64 n)
{
    qint64 p = 1;
    while (p < n)
        p *= 2;
    return p;
}

} // namespace

AsOfEngine::AsOfEngine() = default;

Result<std::unique_ptr<AsOfEngine>> AsOfEngine::load(const EventStore& store, const Progress& progress)
{
    auto head = store.headPosition();
    if (!head)
        return head.error();
    const qint64 total = *head;

    std::unique_ptr<AsOfEngine> engine(new AsOfEngine);
    // Positions are dense in an append-only log: reserving the head avoids doubling the columns while reading.
    const size_t expected = size_t(std::max<qint64>(total, 0));
    engine->m_recordedAt.reserve(expected);
    engine->m_position.reserve(expected);
    engine->m_customer.reserve(expected);
    engine->m_previous.reserve(expected);
    engine->m_version.reserve(expected);
    engine->m_type.reserve(expected);
    engine->m_firstName.reserve(expected);
    engine->m_lastName.reserve(expected);
    engine->m_address.reserve(expected);
    engine->m_dateOfBirth.reserve(expected);
    engine->m_strings.reserve(expected);

    std::optional<Error> failure;
    bool cancelled = false;
    qint64 done = 0;
    auto read = store.forEachEventRecord(0, [&](const EventRecordView& record) {
        if (auto appended = engine->appendRecord(record); !appended) {
            failure = appended.error();
            return false;
        }
        if (progress && (++done & 0xfff) == 0 && !progress(done, total)) {
            cancelled = true;
            return false;
        }
        return true;
    });
    if (!read)
        return read.error();
    if (failure)
        return *failure;
    if (cancelled)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("loading %1 was cancelled").arg(store.location()));

    engine->orderCustomersById();
    engine->finishLoad();
    if (progress)
        progress(engine->eventCount(), engine->eventCount());
    return engine;
}

std::optional<Error> AsOfEngine::refuse(const EventRecordView& record, const std::optional<StreamTip>& tip)
{
    QString why;
    const qint64 expectedVersion = tip ? tip->version + 1 : 1;
    if (record.version != expectedVersion)
        why = QStringLiteral("its version is %1 where %2 follows").arg(record.version).arg(expectedVersion);
    else if (!tip && record.type != EventType::Created)
        why = QStringLiteral("the customer has not been created");
    else if (tip && record.type == EventType::Created)
        why = QStringLiteral("the customer exists already");
    else if (tip && tip->type == EventType::Deleted)
        why = QStringLiteral("the customer is deleted");
    else if (tip && record.recordedAtMs <= tip->recordedAtMs)
        why = QStringLiteral("it is not later than the customer's previous event");
    if (why.isEmpty())
        return std::nullopt;
    return makeError(ErrorCode::Corrupt, QStringLiteral("the event at position %1 (customer %2) breaks its stream: %3")
                                             .arg(record.position)
                                             .arg(QString::fromUtf8(record.customerId), why));
}

AsOfEngine::StreamTip AsOfEngine::tipOf(qint32 customer) const
{
    const qint32 last = m_lastEvent[size_t(customer)];
    return {m_version[size_t(last)], m_recordedAt[size_t(last)], EventType(m_type[size_t(last)])};
}

Result<void> AsOfEngine::appendRecord(const EventRecordView& record)
{
    // A customer's events often come together (an import, a generated store): skip the hash for a repeat.
    const bool sameCustomer = !m_customerName.empty() && !m_customer.empty()
        && m_customerIds.view(m_customerName[size_t(m_customer.back())]) == record.customerId;
    const quint32 name = sameCustomer ? m_customerName[size_t(m_customer.back())] : m_customerIds.intern(record.customerId);
    qint32 customer;
    if (name == m_customerOfName.size()) {
        customer = qint32(m_firstEvent.size());
        m_customerOfName.push_back(customer);
        m_customerName.push_back(name);
        m_firstEvent.push_back(NoEvent);
        m_lastEvent.push_back(NoEvent);
    } else {
        customer = m_customerOfName[name];
    }
    const qint32 previous = m_lastEvent[size_t(customer)];
    if (auto refused = refuse(record, previous == NoEvent ? std::nullopt : std::optional(tipOf(customer))))
        return *refused;

    // Most events repeat most of the previous state: compare before hashing.
    const auto intern = [&](const std::vector<quint32>& column, QByteArrayView text) {
        if (previous != NoEvent) {
            const quint32 before = column[size_t(previous)];
            if (m_strings.view(before) == text)
                return before;
        }
        return m_strings.intern(text);
    };
    const quint32 firstName = intern(m_firstName, record.firstName);
    const quint32 lastName = intern(m_lastName, record.lastName);
    const quint32 address = intern(m_address, record.address);

    const qint32 index = qint32(m_recordedAt.size());
    m_recordedAt.push_back(record.recordedAtMs);
    m_position.push_back(record.position);
    m_customer.push_back(customer);
    m_previous.push_back(previous);
    m_version.push_back(qint32(record.version));
    m_type.push_back(quint8(record.type));
    m_firstName.push_back(firstName);
    m_lastName.push_back(lastName);
    m_address.push_back(address);
    m_dateOfBirth.push_back(julianDay(record.dateOfBirth, NoDate));
    if (previous == NoEvent)
        m_firstEvent[size_t(customer)] = index;
    m_lastEvent[size_t(customer)] = index;
    m_headPosition = std::max(m_headPosition, record.position);
    return {};
}

void AsOfEngine::orderCustomersById()
{
    // Index customers in id order, so the row list is a plain scan of the per-customer array.
    const size_t count = m_firstEvent.size();
    std::vector<qint32> order(count);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [this](qint32 a, qint32 b) {
        return stringView(m_customerIds.view(m_customerName[size_t(a)]))
            < stringView(m_customerIds.view(m_customerName[size_t(b)]));
    });
    std::vector<qint32> rank(count);
    for (size_t i = 0; i < count; ++i)
        rank[size_t(order[i])] = qint32(i);
    for (qint32& c : m_customer)
        c = rank[size_t(c)];
    permute(m_customerName, order);
    permute(m_firstEvent, order);
    permute(m_lastEvent, order);
    for (size_t c = 0; c < count; ++c)
        m_customerOfName[m_customerName[c]] = qint32(c);
    m_byId.resize(count);
    std::iota(m_byId.begin(), m_byId.end(), 0);
    m_byIdIsIdentity = true;
}

void AsOfEngine::finishLoad()
{
    sortByRecordedAt();
    buildLinks();
    buildCheckpoints();
    m_current = m_lastEvent;
    m_deletedCount = 0;
    for (const qint32 e : m_current)
        m_deletedCount += e != NoEvent && EventType(m_type[size_t(e)]) == EventType::Deleted;
    m_cursor = eventCount();
    m_asOfMs = lastRecordedAtMs();
    rebuildRows();
}

void AsOfEngine::sortByRecordedAt()
{
    // Callers keep equal times in position order (a load reads by position; later events have higher
    // positions), so a stable sort by time gives (recorded-at, position) order.
    const size_t n = m_recordedAt.size();
    bool sorted = true;
    for (size_t i = 1; i < n && sorted; ++i)
        sorted = m_recordedAt[i - 1] <= m_recordedAt[i];
    if (sorted)
        return;
    std::vector<qint32> order(n);
    std::iota(order.begin(), order.end(), 0);
    radixSortBy(m_recordedAt, order);
    permute(m_recordedAt, order);
    permute(m_position, order);
    permute(m_customer, order);
    permute(m_version, order);
    permute(m_type, order);
    permute(m_firstName, order);
    permute(m_lastName, order);
    permute(m_address, order);
    permute(m_dateOfBirth, order);
}

void AsOfEngine::buildLinks()
{
    // Within a customer, recorded-at rises with the version, so time order is stream order.
    std::fill(m_firstEvent.begin(), m_firstEvent.end(), NoEvent);
    std::fill(m_lastEvent.begin(), m_lastEvent.end(), NoEvent);
    m_previous.resize(m_recordedAt.size());
    for (size_t i = 0; i < m_recordedAt.size(); ++i) {
        const size_t c = size_t(m_customer[i]);
        m_previous[i] = m_lastEvent[c];
        if (m_firstEvent[c] == NoEvent)
            m_firstEvent[c] = qint32(i);
        m_lastEvent[c] = qint32(i);
    }
}

void AsOfEngine::buildCheckpoints()
{
    const qint64 n = eventCount();
    const qint64 customers = std::max<qint64>(customerCount(), 1);
    // Interval K: (n / K) copies of 4 * customers bytes fit the budget; a jump then replays at most K / 2 events.
    const qint64 wanted = n * customers * qint64(sizeof(qint32)) / CheckpointBudgetBytes + 1;
    m_checkpointInterval = std::max(MinCheckpointInterval, powerOfTwoAtLeast(wanted));
    m_checkpoints.clear();
    m_checkpointDeleted.clear();
    appendCheckpointsUpTo(n);
}

void AsOfEngine::appendCheckpointsUpTo(qint64 eventIndex)
{
    const qint64 k = m_checkpointInterval;
    const qint64 have = qint64(m_checkpoints.size());
    if ((have + 1) * k > eventIndex)
        return;
    std::vector<qint32> state(m_firstEvent.size(), NoEvent);
    qint64 from = 0;
    qint64 deleted = 0;
    if (have > 0) {
        const auto& last = m_checkpoints.back();
        std::copy(last.begin(), last.end(), state.begin());
        from = have * k;
        deleted = m_checkpointDeleted.back();
    }
    constexpr quint8 deletion = quint8(EventType::Deleted);
    for (qint64 boundary = (have + 1) * k; boundary <= eventIndex; boundary += k) {
        for (qint64 i = from; i < boundary; ++i) {
            state[size_t(m_customer[size_t(i)])] = qint32(i);
            deleted += m_type[size_t(i)] == deletion;
        }
        from = boundary;
        m_checkpoints.push_back(state);
        m_checkpointDeleted.push_back(deleted);
    }
}

void AsOfEngine::seek(qint64 asOfMs)
{
    m_asOfMs = asOfMs;
    const auto end = std::upper_bound(m_recordedAt.begin(), m_recordedAt.end(), asOfMs);
    moveCursor(qint64(end - m_recordedAt.begin()));
}

void AsOfEngine::moveCursor(qint64 target)
{
    if (target == m_cursor)
        return;
    bool rowsChanged = false;
    const qint64 k = m_checkpointInterval;
    // Copying the array costs about as much as replaying an eighth as many events (sequential vs scattered).
    const qint64 copyCost = customerCount() / 8 + 1;
    const qint64 nearest = std::min<qint64>((target + k / 2) / k, qint64(m_checkpoints.size()));
    if (std::abs(target - nearest * k) + copyCost < std::abs(target - m_cursor)) {
        if (nearest == 0) {
            std::fill(m_current.begin(), m_current.end(), NoEvent);
            m_deletedCount = 0;
        } else {
            const auto& checkpoint = m_checkpoints[size_t(nearest - 1)];
            std::copy(checkpoint.begin(), checkpoint.end(), m_current.begin());
            std::fill(m_current.begin() + qsizetype(checkpoint.size()), m_current.end(), NoEvent);
            m_deletedCount = m_checkpointDeleted[size_t(nearest - 1)];
        }
        m_cursor = nearest * k;
        rowsChanged = true;
    }
    qint32* current = m_current.data();
    const qint32* customer = m_customer.data();
    const quint8* type = m_type.data();
    constexpr quint8 created = quint8(EventType::Created);
    constexpr quint8 deletion = quint8(EventType::Deleted);
    bool crossedCreation = false;
    qint64 deleted = m_deletedCount;
    if (target > m_cursor) {
        for (qint64 i = m_cursor; i < target; ++i) {
            current[customer[i]] = qint32(i);
            crossedCreation |= type[i] == created;
            deleted += type[i] == deletion;
        }
    } else {
        // A deletion is a customer's last event: undoing it is the only way a deleted customer comes back.
        const qint32* previous = m_previous.data();
        for (qint64 i = m_cursor; i-- > target;) {
            current[customer[i]] = previous[i];
            crossedCreation |= type[i] == created;
            deleted -= type[i] == deletion;
        }
    }
    m_deletedCount = deleted;
    m_cursor = target;
    if (rowsChanged || crossedCreation)
        rebuildRows();
}

void AsOfEngine::rebuildRows()
{
    const size_t count = m_current.size();
    m_rows.resize(count);
    qint32* rows = m_rows.data();
    const qint32* current = m_current.data();
    qsizetype n = 0;
    // Branch-free: write every candidate, advance only over present ones.
    if (m_byIdIsIdentity) {
        for (size_t c = 0; c < count; ++c) {
            rows[n] = qint32(c);
            n += current[c] != NoEvent;
        }
    } else {
        const qint32* byId = m_byId.data();
        for (size_t i = 0; i < count; ++i) {
            const qint32 c = byId[i];
            rows[n] = c;
            n += current[c] != NoEvent;
        }
    }
    m_rowCount = n;
    ++m_rowsRevision;
}

CustomerRecord AsOfEngine::record(qint32 customer, qint32 event) const
{
    const size_t e = size_t(event);
    CustomerRecord r;
    r.customerId = m_customerIds.string(m_customerName[size_t(customer)]);
    r.data.firstName = m_strings.string(m_firstName[e]);
    r.data.lastName = m_strings.string(m_lastName[e]);
    r.data.address = m_strings.string(m_address[e]);
    if (m_dateOfBirth[e] != NoDate)
        r.data.dateOfBirth = QDate::fromJulianDay(m_dateOfBirth[e]);
    r.status = EventType(m_type[e]) == EventType::Deleted ? CustomerStatus::Deleted : CustomerStatus::Active;
    r.version = m_version[e];
    r.createdAtMs = m_recordedAt[size_t(m_firstEvent[size_t(customer)])];
    r.updatedAtMs = m_recordedAt[e];
    return r;
}

CustomerRecord AsOfEngine::customerAt(int row) const
{
    const qint32 c = m_rows[size_t(row)];
    return record(c, m_current[size_t(c)]);
}

QString AsOfEngine::customerIdAt(int row) const
{
    return m_customerIds.string(m_customerName[size_t(m_rows[size_t(row)])]);
}

qint32 AsOfEngine::customerIndex(const QString& customerId) const
{
    const qint64 name = m_customerIds.find(customerId.toUtf8());
    return name < 0 ? NoEvent : m_customerOfName[size_t(name)];
}

int AsOfEngine::rowOf(const QString& customerId) const
{
    const qint32 c = customerIndex(customerId);
    if (c == NoEvent || m_current[size_t(c)] == NoEvent)
        return -1;
    const std::string_view id = stringView(m_customerIds.view(m_customerName[size_t(c)]));
    const auto end = m_rows.begin() + m_rowCount;
    const auto it = std::lower_bound(m_rows.begin(), end, id, [this](qint32 row, std::string_view wanted) {
        return stringView(m_customerIds.view(m_customerName[size_t(row)])) < wanted;
    });
    return it != end && *it == c ? int(it - m_rows.begin()) : -1;
}

CustomerList AsOfEngine::customers() const
{
    CustomerList list;
    list.reserve(m_rowCount);
    for (int row = 0; row < rowCount(); ++row)
        list.append(customerAt(row));
    return list;
}

std::optional<CustomerRecord> AsOfEngine::customer(const QString& customerId) const
{
    const qint32 c = customerIndex(customerId);
    if (c == NoEvent || m_current[size_t(c)] == NoEvent)
        return std::nullopt;
    return record(c, m_current[size_t(c)]);
}

qint64 AsOfEngine::firstRecordedAtMs() const
{
    return m_recordedAt.empty() ? 0 : m_recordedAt.front();
}

qint64 AsOfEngine::lastRecordedAtMs() const
{
    return m_recordedAt.empty() ? 0 : m_recordedAt.back();
}

QList<qint64> AsOfEngine::densityHistogram(int buckets, qint64 fromMs, qint64 toMs) const
{
    QList<qint64> counts(std::max(buckets, 0), 0);
    if (buckets <= 0 || toMs < fromMs)
        return counts;
    const qint64 span = toMs - fromMs + 1;
    auto begin = std::lower_bound(m_recordedAt.begin(), m_recordedAt.end(), fromMs);
    for (int b = 1; b <= buckets; ++b) {
        // span * b fits in 64 bits for any realistic range and bucket count; long double keeps it exact enough
        // for ranges beyond that.
        const qint64 bound = fromMs + qint64(static_cast<long double>(span) * b / buckets);
        const auto end = std::lower_bound(begin, m_recordedAt.end(), bound);
        counts[b - 1] = qint64(end - begin);
        begin = end;
    }
    return counts;
}

QList<qint64> AsOfEngine::densityHistogram(int buckets) const
{
    return densityHistogram(buckets, firstRecordedAtMs(), lastRecordedAtMs());
}

std::optional<qint64> AsOfEngine::nextEventAtMs(qint64 ms) const
{
    const auto it = std::upper_bound(m_recordedAt.begin(), m_recordedAt.end(), ms);
    return it == m_recordedAt.end() ? std::nullopt : std::optional(*it);
}

std::optional<qint64> AsOfEngine::previousEventAtMs(qint64 ms) const
{
    const auto it = std::lower_bound(m_recordedAt.begin(), m_recordedAt.end(), ms);
    return it == m_recordedAt.begin() ? std::nullopt : std::optional(*(it - 1));
}

AsOfEvent AsOfEngine::asOfEvent(qint32 event) const
{
    const size_t e = size_t(event);
    return {m_position[e], m_version[e], m_recordedAt[e], EventType(m_type[e])};
}

QList<AsOfEvent> AsOfEngine::customerEvents(const QString& customerId) const
{
    QList<AsOfEvent> events;
    const qint32 c = customerIndex(customerId);
    if (c == NoEvent)
        return events;
    for (qint32 e = m_lastEvent[size_t(c)]; e != NoEvent; e = m_previous[size_t(e)])
        events.append(asOfEvent(e));
    std::reverse(events.begin(), events.end());
    return events;
}

QList<qint64> AsOfEngine::customerEventTimes(const QString& customerId) const
{
    QList<qint64> times;
    const qint32 c = customerIndex(customerId);
    if (c == NoEvent)
        return times;
    for (qint32 e = m_lastEvent[size_t(c)]; e != NoEvent; e = m_previous[size_t(e)])
        times.append(m_recordedAt[size_t(e)]);
    std::reverse(times.begin(), times.end());
    return times;
}

std::optional<AsOfEvent> AsOfEngine::eventInEffect(const QString& customerId) const
{
    const qint32 c = customerIndex(customerId);
    if (c == NoEvent || m_current[size_t(c)] == NoEvent)
        return std::nullopt;
    return asOfEvent(m_current[size_t(c)]);
}

std::optional<AsOfEvent> AsOfEngine::eventInEffectAt(const QString& customerId, qint64 asOfMs) const
{
    const qint32 c = customerIndex(customerId);
    if (c == NoEvent)
        return std::nullopt;
    qint32 e = m_lastEvent[size_t(c)];
    while (e != NoEvent && m_recordedAt[size_t(e)] > asOfMs)
        e = m_previous[size_t(e)];
    if (e == NoEvent)
        return std::nullopt;
    return asOfEvent(e);
}

Result<void> AsOfEngine::apply(const EventList& newEvents)
{
    // Check the whole batch before touching anything, so a refused batch leaves the engine as it was.
    struct Converted {
        QByteArray customerId, firstName, lastName, address, dateOfBirth;
        EventRecordView view;
    };
    std::vector<Converted> records;
    records.reserve(size_t(newEvents.size()));
    QHash<QString, StreamTip> tips;
    qint64 head = m_headPosition;
    for (const Event& e : newEvents) {
        if (e.position() <= head)
            continue; // seen already (a catch-up that overlapped the load)
        head = e.position();
        Converted& r = records.emplace_back();
        r.customerId = e.customerId().toUtf8();
        r.firstName = e.data().firstName.toUtf8();
        r.lastName = e.data().lastName.toUtf8();
        r.address = e.data().address.toUtf8();
        r.dateOfBirth = e.data().dateOfBirth.toString(Qt::ISODate).toLatin1();
        r.view.position = e.position();
        r.view.version = e.version();
        r.view.recordedAtMs = e.recordedAtMs();
        r.view.type = e.type();
        r.view.customerId = r.customerId;
        r.view.firstName = r.firstName;
        r.view.lastName = r.lastName;
        r.view.address = r.address;
        r.view.dateOfBirth = r.dateOfBirth;

        std::optional<StreamTip> tip;
        if (const auto it = tips.constFind(e.customerId()); it != tips.cend()) {
            tip = *it;
        } else if (const qint32 c = customerIndex(e.customerId()); c != NoEvent) {
            tip = tipOf(c);
        }
        if (auto refused = refuse(r.view, tip))
            return *refused;
        tips.insert(e.customerId(), {e.version(), e.recordedAtMs(), e.type()});
    }
    if (records.empty())
        return {};

    const qint64 oldCount = eventCount();
    const qint64 oldCustomers = customerCount();
    bool inOrder = true;
    qint64 last = oldCount > 0 ? lastRecordedAtMs() : std::numeric_limits<qint64>::min();
    for (const Converted& r : records) {
        inOrder = inOrder && r.view.recordedAtMs >= last;
        last = r.view.recordedAtMs;
        if (auto appended = appendRecord(r.view); !appended)
            return appended; // cannot happen: checked above
    }

    // New customers: keep the id order of rows.
    for (qint64 c = oldCustomers; c < customerCount(); ++c) {
        const std::string_view id = stringView(m_customerIds.view(m_customerName[size_t(c)]));
        const auto at = std::lower_bound(m_byId.begin(), m_byId.end(), id, [this](qint32 other, std::string_view wanted) {
            return stringView(m_customerIds.view(m_customerName[size_t(other)])) < wanted;
        });
        m_byIdIsIdentity = m_byIdIsIdentity && at == m_byId.end() && qint64(m_byId.size()) == c;
        m_byId.insert(at, qint32(c));
        m_current.push_back(NoEvent);
    }

    if (inOrder) {
        // Appended after everything: the columns stay sorted and the links made while appending hold.
        appendCheckpointsUpTo(eventCount());
        const qint64 target =
            qint64(std::upper_bound(m_recordedAt.begin(), m_recordedAt.end(), m_asOfMs) - m_recordedAt.begin());
        moveCursor(target);
        return {};
    }

    // Events from the past: re-sort the log and start the cursor over.
    ++m_layoutRevision;
    sortByRecordedAt();
    buildLinks();
    buildCheckpoints();
    std::fill(m_current.begin(), m_current.end(), NoEvent);
    m_deletedCount = 0;
    m_cursor = 0;
    const qint64 target =
        qint64(std::upper_bound(m_recordedAt.begin(), m_recordedAt.end(), m_asOfMs) - m_recordedAt.begin());
    moveCursor(target);
    rebuildRows();
    return {};
}

Result<qint64> AsOfEngine::catchUp(const EventStore& store)
{
    EventList events;
    auto read = store.forEachEvent(m_headPosition, [&events](const Event& e) {
        events.append(e);
        return true;
    });
    if (!read)
        return read.error();
    if (auto applied = apply(events); !applied)
        return applied.error();
    return qint64(events.size());
}

size_t AsOfEngine::memoryBytes() const
{
    size_t bytes = m_strings.memoryBytes() + m_customerIds.memoryBytes();
    const auto add = [&bytes](const auto& v) { bytes += v.capacity() * sizeof(v[0]); };
    add(m_recordedAt);
    add(m_position);
    add(m_customer);
    add(m_previous);
    add(m_version);
    add(m_type);
    add(m_firstName);
    add(m_lastName);
    add(m_address);
    add(m_dateOfBirth);
    add(m_customerName);
    add(m_customerOfName);
    add(m_byId);
    add(m_firstEvent);
    add(m_lastEvent);
    add(m_current);
    add(m_rows);
    for (const auto& checkpoint : m_checkpoints)
        add(checkpoint);
    add(m_checkpointDeleted);
    return bytes;
}

} // namespace hindsight
