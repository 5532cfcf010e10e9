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

int compareText(const QString& a, const QString& b)
{
    return a.compare(b, Qt::CaseInsensitive);
}

int compareRecords(const CustomerRecord& a, const CustomerRecord& b, CustomerColumn column)
{
    switch (column) {
    case CustomerColumn::Id:
    case CustomerColumn::Matched:
    case CustomerColumn::Count:
        return 0; // ties fall back to the snapshot order, which is by id
    case CustomerColumn::FirstName:
        return compareText(a.data.firstName, b.data.firstName);
    case CustomerColumn::LastName:
        return compareText(a.data.lastName, b.data.lastName);
    case CustomerColumn::Address:
        return compareText(a.data.address, b.data.address);
    case CustomerColumn::DateOfBirth:
        return a.data.dateOfBirth < b.data.dateOfBirth ? -1 : (b.data.dateOfBirth < a.data.dateOfBirth ? 1 : 0);
    case CustomerColumn::Status:
        return static_cast<int>(a.status) - static_cast<int>(b.status);
    }
    return 0;
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

    if (query.sortColumn == CustomerColumn::Matched) {
        const auto& matched = order->matchedAddress;
        std::stable_sort(order->rows.begin(), order->rows.end(), [&](int a, int b) {
            return compareText(matched.value(a), matched.value(b)) < 0;
        });
    } else if (query.sortColumn != CustomerColumn::Id) {
        const CustomerColumn column = query.sortColumn;
        std::stable_sort(order->rows.begin(), order->rows.end(), [&](int a, int b) {
            return compareRecords(snapshot.at(a), snapshot.at(b), column) < 0;
        });
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
