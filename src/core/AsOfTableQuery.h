#pragma once

#include <QHash>
#include <QString>
#include <QStringMatcher>

#include <string>
#include <vector>

namespace hindsight {

class AsOfEngine;

/** The rows of an AsOfEngine's table to show, in order: indices into the engine's rows (0 .. rowCount()). */
struct AsOfRowOrder {
    std::vector<int> rows;
};

/**
 * Searches and sorts the table of an AsOfEngine at its current moment, fast enough to run on every slider move:
 * it works on the engine's interned text, remembering per distinct string whether it contains each search word
 * and where it sorts, so a move costs a pass over the rows rather than over their text.
 *
 * Same meaning as the table's query in the present: each word of the search (split on spaces) must occur, in any
 * case, in the customer id, first name, last name or address, or else in an address the customer had by the
 * moment (matchedAddress() tells which). Sorting compares text in any case and keeps ties in customer id order;
 * descending is the ascending order reversed.
 *
 * Belongs to the engine's thread; the engine must outlive it.
 */
class AsOfTableQuery
{
public:
    enum class SortKey { CustomerId, FirstName, LastName, Address, DateOfBirth, Status, MatchedAddress };

    explicit AsOfTableQuery(const AsOfEngine& engine);

    void setSearch(const QString& search);
    const QString& search() const { return m_search; }
    void setSort(SortKey key, Qt::SortOrder order = Qt::AscendingOrder);
    void setHideDeleted(bool hide) { m_hideDeleted = hide; }

    /** The rows at the engine's current moment. */
    AsOfRowOrder run();

    /**
     * Works out now where every text sorts (otherwise done by the first run sorted by text: a few hundred ms
     * for a million events). A loader thread can call it before handing the engine and the query over.
     */
    void prepareSort() { ensureRanks(); }

    /**
     * For a row that matched the search through a past address (engine row, current moment): that address,
     * the newest held by then that holds a word the current text lacks; null when the current text holds every
     * word. Worked out per row asked for, as a table asks only for the rows it shows.
     */
    QString matchedAddress(int row);

private:
    using Mask = quint64;
    static constexpr int MaxWords = 63;
    static constexpr Mask Unknown = Mask(1) << 63;

    Mask textMask(quint32 stringId);
    Mask customerMask(qint32 customer);
    Mask maskOf(QByteArrayView text) const;
    qint64 matchedPastAddress(qint32 event, Mask now);
    void ensureRanks();
    static void sortKeys(std::vector<quint64>& keys);
    void ensureAddressHistoryMasks();
    std::string foldedKey(quint32 stringId) const;
    quint32 sortValue(qint32 event, qint64 matchedAddress) const;

    const AsOfEngine& m_engine;
    QString m_search;
    std::vector<QStringMatcher> m_words;
    std::vector<QByteArray> m_lowerWords; // the words lower-cased, for the ASCII path
    bool m_asciiWords = true;
    std::vector<Mask> m_textMasks;     // per string id of the engine's pool; Unknown until computed
    std::vector<Mask> m_customerMasks; // per customer (its id text)
    std::vector<Mask> m_historyMasks;  // per event: words in any address of the customer up to that event
    quint64 m_historyLayout = 0;       // the engine's layout revision the history masks were made for
    SortKey m_sortKey = SortKey::CustomerId;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    bool m_hideDeleted = false;
    std::vector<quint32> m_ranks;      // per string id: place in case-insensitive order (ties share a rank)
    std::vector<quint32> m_sorted;     // string ids in that order
    std::vector<bool> m_tiesPrevious;  // per place in m_sorted: same text, in any case, as the place before
};

} // namespace hindsight
