#include "AsOfTableQuery.h"

#include "AsOfEngine.h"

#include <algorithm>
#include <numeric>
#include <string_view>

namespace hindsight {

namespace {

bool isAscii(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return uchar(c) < 0x80; });
}

char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

/** Whether ASCII @p text contains @p word (ASCII, lower case) in any case. */
bool containsAscii(QByteArrayView text, const QByteArray& word)
{
    const qsizetype n = text.size();
    const qsizetype m = word.size();
    for (qsizetype i = 0; i + m <= n; ++i) {
        qsizetype j = 0;
        while (j < m && lower(text[i + j]) == word[j])
            ++j;
        if (j == m)
            return true;
    }
    return false;
}

} // namespace

AsOfTableQuery::AsOfTableQuery(const AsOfEngine& engine)
    : m_engine(engine)
{
}

void AsOfTableQuery::setSearch(const QString& search)
{
    if (search == m_search)
        return;
    m_search = search;
    m_words.clear();
    m_lowerWords.clear();
    m_asciiWords = true;
    for (const QString& word : search.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (int(m_words.size()) == MaxWords)
            break; // a person does not type more; the words beyond narrow nothing a reader would notice
        m_words.emplace_back(word, Qt::CaseInsensitive);
        const QByteArray utf8 = word.toUtf8();
        m_asciiWords = m_asciiWords && isAscii(utf8);
        m_lowerWords.push_back(utf8.toLower());
    }
    m_textMasks.clear();
    m_customerMasks.clear();
    m_historyMasks.clear();
}

void AsOfTableQuery::setSort(SortKey key, Qt::SortOrder order)
{
    m_sortKey = key;
    m_sortOrder = order;
}

AsOfTableQuery::Mask AsOfTableQuery::maskOf(QByteArrayView text) const
{
    Mask mask = 0;
    // ASCII words in ASCII text: case folding is lower-casing, no conversion needed. Anything else may fold
    // across scripts (the Kelvin sign is a k), so it goes through QString.
    if (m_asciiWords && isAscii(text)) {
        for (size_t w = 0; w < m_lowerWords.size(); ++w) {
            if (containsAscii(text, m_lowerWords[w]))
                mask |= Mask(1) << w;
        }
        return mask;
    }
    const QString s = QString::fromUtf8(text);
    for (size_t w = 0; w < m_words.size(); ++w) {
        if (m_words[w].indexIn(s) >= 0)
            mask |= Mask(1) << w;
    }
    return mask;
}

AsOfTableQuery::Mask AsOfTableQuery::textMask(quint32 stringId)
{
    if (stringId >= m_textMasks.size())
        m_textMasks.resize(m_engine.m_strings.size(), Unknown);
    Mask& mask = m_textMasks[stringId];
    if (mask == Unknown)
        mask = maskOf(m_engine.m_strings.view(stringId));
    return mask;
}

AsOfTableQuery::Mask AsOfTableQuery::customerMask(qint32 customer)
{
    if (size_t(customer) >= m_customerMasks.size())
        m_customerMasks.resize(m_engine.m_customerName.size(), Unknown);
    Mask& mask = m_customerMasks[size_t(customer)];
    if (mask == Unknown)
        mask = maskOf(m_engine.m_customerIds.view(m_engine.m_customerName[size_t(customer)]));
    return mask;
}

void AsOfTableQuery::ensureAddressHistoryMasks()
{
    if (m_historyLayout != m_engine.m_layoutRevision) {
        m_historyMasks.clear();
        m_historyLayout = m_engine.m_layoutRevision;
    }
    // A customer's previous event has a lower index, so one forward pass folds each history; later events
    // (apply) extend it.
    const size_t count = m_engine.m_address.size();
    for (size_t e = m_historyMasks.size(); e < count; ++e) {
        const qint32 previous = m_engine.m_previous[e];
        m_historyMasks.push_back(textMask(m_engine.m_address[e])
                                 | (previous == AsOfEngine::NoEvent ? 0 : m_historyMasks[size_t(previous)]));
    }
}

std::string AsOfTableQuery::foldedKey(quint32 stringId) const
{
    // Case-folded keys compare bytewise as QString::compare(..., Qt::CaseInsensitive) orders the texts.
    const QByteArrayView text = m_engine.m_strings.view(stringId);
    if (isAscii(text)) {
        std::string key(size_t(text.size()), '\0');
        std::transform(text.begin(), text.end(), key.begin(), lower);
        return key;
    }
    return QString::fromUtf8(text).toCaseFolded().toStdString();
}

void AsOfTableQuery::ensureRanks()
{
    const quint32 count = m_engine.m_strings.size();
    const quint32 known = quint32(m_ranks.size());
    if (known == count)
        return;
    // Strings the engine took in since: sort them and merge them into the known order (a live append must not
    // cost a sort of every string again).
    std::vector<std::pair<std::string, quint32>> added;
    added.reserve(count - known);
    for (quint32 id = known; id < count; ++id)
        added.emplace_back(foldedKey(id), id);
    std::sort(added.begin(), added.end());

    std::vector<quint32> merged;
    std::vector<bool> inserted;
    merged.reserve(count);
    inserted.reserve(count);
    size_t from = 0;
    for (const auto& [key, id] : added) {
        const auto at = std::upper_bound(m_sorted.begin() + qsizetype(from), m_sorted.end(), key,
                                         [this](const std::string& k, quint32 other) { return k < foldedKey(other); });
        const size_t to = size_t(at - m_sorted.begin());
        for (; from < to; ++from) {
            merged.push_back(m_sorted[from]);
            inserted.push_back(false);
        }
        merged.push_back(id);
        inserted.push_back(true);
    }
    for (; from < m_sorted.size(); ++from) {
        merged.push_back(m_sorted[from]);
        inserted.push_back(false);
    }

    // Equal texts share a rank: ties are known among the old neighbours; compare only around what was inserted.
    std::vector<bool> tie(merged.size(), false);
    size_t old = 0;
    for (size_t i = 0; i < merged.size(); ++i) {
        if (!inserted[i]) {
            const bool wasTie = old > 0 && m_tiesPrevious[old];
            tie[i] = i > 0 && (inserted[i - 1] ? foldedKey(merged[i - 1]) == foldedKey(merged[i]) : wasTie);
            ++old;
        } else {
            tie[i] = i > 0 && foldedKey(merged[i - 1]) == foldedKey(merged[i]);
        }
    }
    m_sorted.swap(merged);
    m_tiesPrevious.swap(tie);
    m_ranks.resize(count);
    quint32 rank = 0;
    for (size_t i = 0; i < m_sorted.size(); ++i) {
        if (!m_tiesPrevious[i])
            rank = quint32(i);
        m_ranks[m_sorted[i]] = rank;
    }
}

quint32 AsOfTableQuery::sortValue(qint32 event, qint64 matchedAddress) const
{
    const size_t e = size_t(event);
    switch (m_sortKey) {
    case SortKey::CustomerId:
        return 0;
    case SortKey::FirstName:
        return m_ranks[m_engine.m_firstName[e]];
    case SortKey::LastName:
        return m_ranks[m_engine.m_lastName[e]];
    case SortKey::Address:
        return m_ranks[m_engine.m_address[e]];
    case SortKey::DateOfBirth:
        // An unset date (the engine's minimum) sorts first, as an invalid QDate does.
        return quint32(qint64(m_engine.m_dateOfBirth[e]) - qint64(std::numeric_limits<qint32>::min()));
    case SortKey::Status:
        return EventType(m_engine.m_type[e]) == EventType::Deleted ? 1 : 0;
    case SortKey::MatchedAddress:
        // Rows matched without a past address have none: the empty text, first.
        return matchedAddress < 0 ? 0 : m_ranks[size_t(matchedAddress)] + 1;
    }
    return 0;
}

AsOfRowOrder AsOfTableQuery::run()
{
    const AsOfEngine& engine = m_engine;
    AsOfRowOrder order;
    const size_t rowCount = size_t(engine.rowCount());
    order.rows.reserve(rowCount);
    const int words = int(m_words.size());
    const Mask all = words == 0 ? 0 : (Mask(1) << words) - 1;
    constexpr quint8 deleted = quint8(EventType::Deleted);
    if (words > 0)
        ensureAddressHistoryMasks();

    // The event in effect of every row, gathered first: the columns are then read far apart in the log, so the
    // loop below asks for them a few rows ahead (the memory, not the arithmetic, sets the pace).
    std::vector<qint32> events(rowCount);
    for (size_t row = 0; row < rowCount; ++row)
        events[row] = engine.m_current[size_t(engine.m_rows[row])];
    constexpr size_t Ahead = 16;
    const auto prefetch = [](const void* p) { __builtin_prefetch(p); };
    std::vector<qint64> matchedIds; // per kept row: the past address that matched, or -1
    for (size_t row = 0; row < rowCount; ++row) {
        if (row + Ahead < rowCount) {
            const size_t ahead = size_t(events[row + Ahead]);
            prefetch(&engine.m_type[ahead]);
            prefetch(&engine.m_address[ahead]);
            if (words > 0) {
                prefetch(&engine.m_firstName[ahead]);
                prefetch(&engine.m_lastName[ahead]);
                prefetch(&m_historyMasks[ahead]);
            }
        }
        if (words > 0 && row + Ahead / 2 < rowCount) {
            const quint32 address = engine.m_address[size_t(events[row + Ahead / 2])];
            if (address < m_textMasks.size())
                prefetch(&m_textMasks[address]);
        }
        const qint32 e = events[row];
        if (m_hideDeleted && engine.m_type[size_t(e)] == deleted)
            continue;
        if (words == 0) {
            order.rows.push_back(int(row));
            continue;
        }
        const qint32 c = engine.m_rows[row];
        const Mask now = customerMask(c) | textMask(engine.m_firstName[size_t(e)]) | textMask(engine.m_lastName[size_t(e)])
            | textMask(engine.m_address[size_t(e)]);
        if (now == all) {
            order.rows.push_back(int(row));
            matchedIds.push_back(-1);
            continue;
        }
        if ((now | m_historyMasks[size_t(e)]) != all)
            continue; // some word is in no address the customer had by then
        order.rows.push_back(int(row));
        // Which past address matched is only worked out when the order depends on it; otherwise per shown row.
        matchedIds.push_back(m_sortKey == SortKey::MatchedAddress ? matchedPastAddress(e, now) : -1);
    }
    matchedIds.resize(order.rows.size(), -1);

    if (m_sortKey != SortKey::CustomerId) {
        if (m_sortKey != SortKey::DateOfBirth && m_sortKey != SortKey::Status)
            ensureRanks();
        // Sort value above, place in id order below: one integer sort that is stable by construction.
        std::vector<quint64> keys(order.rows.size());
        for (size_t i = 0; i < order.rows.size(); ++i) {
            if (i + Ahead < order.rows.size())
                prefetch(&engine.m_address[size_t(events[size_t(order.rows[i + Ahead])])]);
            keys[i] = (quint64(sortValue(events[size_t(order.rows[i])], matchedIds[i])) << 32) | quint64(i);
        }
        sortKeys(keys);
        std::vector<int> sorted(order.rows.size());
        std::vector<qint64> sortedMatches(order.rows.size());
        for (size_t i = 0; i < keys.size(); ++i) {
            const size_t from = size_t(keys[i] & 0xffffffffu);
            sorted[i] = order.rows[from];
            sortedMatches[i] = matchedIds[from];
        }
        order.rows.swap(sorted);
        matchedIds.swap(sortedMatches);
    }
    if (m_sortOrder == Qt::DescendingOrder) {
        std::reverse(order.rows.begin(), order.rows.end());
        std::reverse(matchedIds.begin(), matchedIds.end());
    }
    return order;
}

qint64 AsOfTableQuery::matchedPastAddress(qint32 event, Mask now)
{
    // Each word not found in the current text must be in an address held by the moment: the newest such counts,
    // and the last such word's, as the table query in the present reports it.
    const AsOfEngine& engine = m_engine;
    qint64 matched = -1;
    for (int w = 0; w < int(m_words.size()); ++w) {
        const Mask bit = Mask(1) << w;
        if (now & bit)
            continue;
        for (qint32 p = event; p != AsOfEngine::NoEvent; p = engine.m_previous[size_t(p)]) {
            const quint32 address = engine.m_address[size_t(p)];
            if (textMask(address) & bit) {
                matched = address;
                break;
            }
        }
    }
    return matched;
}

QString AsOfTableQuery::matchedAddress(int row)
{
    const AsOfEngine& engine = m_engine;
    if (m_words.empty() || row < 0 || row >= engine.rowCount())
        return {};
    const qint32 c = engine.m_rows[size_t(row)];
    const qint32 e = engine.m_current[size_t(c)];
    const Mask now = customerMask(c) | textMask(engine.m_firstName[size_t(e)]) | textMask(engine.m_lastName[size_t(e)])
        | textMask(engine.m_address[size_t(e)]);
    const qint64 matched = matchedPastAddress(e, now);
    return matched < 0 ? QString() : engine.m_strings.string(quint32(matched));
}

void AsOfTableQuery::sortKeys(std::vector<quint64>& keys)
{
    // LSD radix sort, 16 bits a pass over the keys' span: keys are (sort value << 32 | place) and unique.
    if (keys.size() < 2)
        return;
    quint64 span = 0;
    for (const quint64 k : keys)
        span |= k;
    std::vector<quint64> buffer(keys.size());
    std::vector<size_t> counts(65536);
    for (int shift = 0; shift < 64 && (span >> shift) != 0; shift += 16) {
        std::fill(counts.begin(), counts.end(), 0);
        for (const quint64 k : keys)
            ++counts[(k >> shift) & 0xffff];
        size_t sum = 0;
        for (size_t& c : counts) {
            const size_t n = c;
            c = sum;
            sum += n;
        }
        for (const quint64 k : keys)
            buffer[counts[(k >> shift) & 0xffff]++] = k;
        keys.swap(buffer);
    }
}

} // namespace hindsight
