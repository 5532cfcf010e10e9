#include "CustomerQuery.h"

#include "Timestamp.h"

#include <QStringMatcher>

#include <algorithm>

namespace hindsight {

namespace {

bool isCancelled(const std::atomic<bool>* cancelled)
{
    return cancelled && cancelled->load(std::memory_order_relaxed);
}

bool found(const QStringMatcher& word, const QString& text)
{
    return word.indexIn(text) >= 0;
}

bool matchesCurrent(const CustomerRecord& r, const QStringMatcher& word)
{
    return found(word, r.customerId) || found(word, r.data.firstName) || found(word, r.data.lastName)
        || found(word, r.data.address);
}

/** The newest past address (set by @p asOfMs) that contains @p word, or null. */
const QString* matchingPastAddress(const AddressPeriods* periods, const QStringMatcher& word, qint64 asOfMs)
{
    if (!periods)
        return nullptr;
    for (auto it = periods->crbegin(); it != periods->crend(); ++it) {
        if (asOfMs != CustomerSnapshot::Now && it->fromMs > asOfMs)
            continue;
        if (found(word, it->address))
            return &it->address;
    }
    return nullptr;
}

} // namespace

CustomerRowOrderPtr CustomerQuery::run(const CustomerSnapshot& snapshot, const CustomerQuery& query,
                                       const std::atomic<bool>* cancelled)
{
    auto order = std::make_shared<CustomerRowOrder>();
    const qsizetype n = snapshot.size();
    // One matcher per word: QStringMatcher skips ahead instead of comparing at every position.
    std::vector<QStringMatcher> words;
    for (const QString& word : query.search.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        words.emplace_back(word, Qt::CaseInsensitive);
    const AddressIndex* index = snapshot.addresses().get();
    order->rows.reserve(static_cast<size_t>(n));

    for (qsizetype i = 0; i < n; ++i) {
        if ((i & 0xfff) == 0 && isCancelled(cancelled))
            return nullptr;
        const CustomerRecord& r = snapshot.at(i);
        if (query.hideDeleted && r.status == CustomerStatus::Deleted)
            continue;
        bool matches = true;
        const QString* matchedPast = nullptr;
        const AddressPeriods* periods = nullptr;
        bool periodsLooked = false;
        for (const QStringMatcher& word : words) {
            if (matchesCurrent(r, word))
                continue;
            if (!periodsLooked) {
                periods = index ? index->periodsOf(r.customerId) : nullptr;
                periodsLooked = true;
            }
            const QString* past = matchingPastAddress(periods, word, snapshot.asOfMs());
            if (!past) {
                matches = false;
                break;
            }
            matchedPast = past;
        }
        if (!matches)
            continue;
        order->rows.push_back(static_cast<int>(i));
        if (matchedPast)
            order->matchedAddress.insert(static_cast<int>(i), *matchedPast);
    }

    if (query.sortColumn != CustomerColumn::Id) {
        // Fold each row's key once, then sort on plain comparisons: a case-insensitive compare inside the sort
        // would fold the same strings again at every one of its n·log n comparisons.
        const CustomerColumn column = query.sortColumn;
        const auto& matched = order->matchedAddress;
        std::vector<std::pair<QString, int>> keyed;
        keyed.reserve(order->rows.size());
        for (int i : order->rows) {
            const CustomerRecord& r = snapshot.at(i);
            QString key;
            switch (column) {
            case CustomerColumn::FirstName:
                key = r.data.firstName.toCaseFolded();
                break;
            case CustomerColumn::LastName:
                key = r.data.lastName.toCaseFolded();
                break;
            case CustomerColumn::Address:
                key = r.data.address.toCaseFolded();
                break;
            case CustomerColumn::DateOfBirth:
                key = r.data.dateOfBirth.toString(Qt::ISODate); // sorts as the date does
                break;
            case CustomerColumn::Status:
                key = QString::number(static_cast<int>(r.status));
                break;
            case CustomerColumn::Matched:
                key = matched.value(i).toCaseFolded();
                break;
            case CustomerColumn::Id:
            case CustomerColumn::Count:
                break;
            }
            keyed.emplace_back(std::move(key), i);
        }
        if (isCancelled(cancelled))
            return nullptr;
        // Ties keep the snapshot's order, which is by id.
        std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (size_t k = 0; k < keyed.size(); ++k)
            order->rows[k] = keyed[k].second;
    }
    if (isCancelled(cancelled))
        return nullptr;
    if (query.sortOrder == Qt::DescendingOrder)
        std::reverse(order->rows.begin(), order->rows.end());

    order->rowOfRecord.assign(static_cast<size_t>(n), -1);
    for (size_t row = 0; row < order->rows.size(); ++row)
        order->rowOfRecord[static_cast<size_t>(order->rows[row])] = static_cast<int>(row);
    return order;
}

} // namespace hindsight
