#include "AsOfTableQuery.h"

#include "AsOfEngine.h"

#include <algorithm>
#include <numeric>
#include <string_view>

namespace hindsight {

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
    for (const QString& word : search.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (int(m_words.size()) == MaxWords)
            break; // a person does not type more; the words beyond narrow nothing a reader would notice
        m_words.emplace_back(word, Qt::CaseInsensitive);
    }
    m_textMasks.clear();
    m_customerMasks.clear();
}

void AsOfTableQuery::setSort(SortKey key, Qt::SortOrder order)
{
    m_sortKey = key;
    m_sortOrder = order;
}

AsOfTableQuery::Mask AsOfTableQuery::maskOf(QByteArrayView text) const
{
    const QString s = QString::fromUtf8(text);
    Mask mask = 0;
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

void AsOfTableQuery::ensureRanks()
{
    const StringPool& pool = m_engine.m_strings;
    if (m_ranks.size() == pool.size())
        return;
    // Case-folded keys compare bytewise as QString::compare(..., Qt::CaseInsensitive) orders the texts.
    std::vector<char> bytes;
    std::vector<quint64> offsets{0};
    offsets.reserve(pool.size() + 1);
    for (quint32 id = 0; id < pool.size(); ++id) {
        const QByteArrayView text = pool.view(id);
        const bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return uchar(c) < 0x80; });
        if (ascii) {
            for (const char c : text)
                bytes.push_back(c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c);
        } else {
            const QByteArray folded = QString::fromUtf8(text).toCaseFolded().toUtf8();
            bytes.insert(bytes.end(), folded.begin(), folded.end());
        }
        offsets.push_back(bytes.size());
    }
    const auto key = [&](quint32 id) {
        return std::string_view(bytes.data() + offsets[id], size_t(offsets[id + 1] - offsets[id]));
    };
    std::vector<quint32> order(pool.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](quint32 a, quint32 b) { return key(a) < key(b); });
    m_ranks.assign(pool.size(), 0);
    quint32 rank = 0;
    for (size_t i = 0; i < order.size(); ++i) {
        if (i > 0 && key(order[i]) != key(order[i - 1]))
            ++rank;
        m_ranks[order[i]] = rank;
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
    order.rows.reserve(size_t(engine.rowCount()));
    const int words = int(m_words.size());
    const Mask all = words == 0 ? 0 : (Mask(1) << words) - 1;
    constexpr quint8 deleted = quint8(EventType::Deleted);
    QHash<int, quint32> matchedIds;

    for (int row = 0; row < engine.rowCount(); ++row) {
        const qint32 c = engine.m_rows[size_t(row)];
        const qint32 e = engine.m_current[size_t(c)];
        if (m_hideDeleted && engine.m_type[size_t(e)] == deleted)
            continue;
        if (words == 0) {
            order.rows.push_back(row);
            continue;
        }
        const Mask now = customerMask(c) | textMask(engine.m_firstName[size_t(e)]) | textMask(engine.m_lastName[size_t(e)])
            | textMask(engine.m_address[size_t(e)]);
        if (now == all) {
            order.rows.push_back(row);
            continue;
        }
        // Each word not found now must be in an address the customer had by the moment: the newest such counts.
        qint64 matchedPast = -1;
        bool matches = true;
        for (int w = 0; w < words && matches; ++w) {
            const Mask bit = Mask(1) << w;
            if (now & bit)
                continue;
            matches = false;
            for (qint32 p = e; p != AsOfEngine::NoEvent; p = engine.m_previous[size_t(p)]) {
                const quint32 address = engine.m_address[size_t(p)];
                if (textMask(address) & bit) {
                    matchedPast = address;
                    matches = true;
                    break;
                }
            }
        }
        if (!matches)
            continue;
        order.rows.push_back(row);
        if (matchedPast >= 0)
            matchedIds.insert(row, quint32(matchedPast));
    }

    if (m_sortKey != SortKey::CustomerId) {
        if (m_sortKey != SortKey::DateOfBirth && m_sortKey != SortKey::Status)
            ensureRanks();
        // Sort value above, place in id order below: one integer sort that is stable by construction.
        std::vector<quint64> keys(order.rows.size());
        for (size_t i = 0; i < order.rows.size(); ++i) {
            const int row = order.rows[i];
            const qint32 c = engine.m_rows[size_t(row)];
            const auto matched = matchedIds.constFind(row);
            const qint64 matchedAddress = matched == matchedIds.cend() ? -1 : qint64(*matched);
            keys[i] = (quint64(sortValue(engine.m_current[size_t(c)], matchedAddress)) << 32) | quint64(i);
        }
        std::sort(keys.begin(), keys.end());
        std::vector<int> sorted(order.rows.size());
        for (size_t i = 0; i < keys.size(); ++i)
            sorted[i] = order.rows[size_t(keys[i] & 0xffffffffu)];
        order.rows.swap(sorted);
    }
    if (m_sortOrder == Qt::DescendingOrder)
        std::reverse(order.rows.begin(), order.rows.end());
    for (auto it = matchedIds.cbegin(); it != matchedIds.cend(); ++it)
        order.matchedAddress.insert(it.key(), engine.m_strings.string(it.value()));
    return order;
}

} // namespace hindsight
