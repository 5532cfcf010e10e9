#pragma once

#include "Event.h"
#include "EventFileFormat.h"

#include <vector>

namespace hindsight {

/** An event read from a file, with the line it started on, for messages. */
struct SourcedEvent {
    Event event;
    qint64 line = 0;
    QString source; ///< the file it came from, as messages name it (empty when not known)
};

/**
 * The events read from one or more files, in the order read, each with the file and line it came from.
 *
 * Held as one EventList beside a list of lines and runs of file names rather than as SourcedEvent objects: a
 * million events then cost one Event each, and an import whose events need no reordering hands events() to the
 * store as it is, without a copy (a copy of a million events is 160 MB). at() and iteration give SourcedEvent values.
 */
class SourcedEventList
{
public:
    class const_iterator
    {
    public:
        using value_type = SourcedEvent;
        using difference_type = qsizetype;
        const_iterator(const SourcedEventList* list, qsizetype index) : m_list(list), m_index(index) {}
        SourcedEvent operator*() const { return m_list->at(m_index); }
        const_iterator& operator++()
        {
            ++m_index;
            return *this;
        }
        friend bool operator==(const const_iterator&, const const_iterator&) = default;

    private:
        const SourcedEventList* m_list;
        qsizetype m_index;
    };

    SourcedEventList() = default;
    explicit SourcedEventList(EventFileFormat format) : m_format(format) {}

    qsizetype size() const { return m_events.size(); }
    bool isEmpty() const { return m_events.isEmpty(); }
    void reserve(qsizetype count);

    void append(Event event, qint64 line, const QString& source);
    void append(const SourcedEvent& event) { append(event.event, event.line, event.source); }
    /** Moves the events of @p other to the end of this list. */
    void append(SourcedEventList&& other);

    SourcedEvent at(qsizetype i) const { return {m_events[i], m_lines[size_t(i)], source(i)}; }
    SourcedEvent operator[](qsizetype i) const { return at(i); }
    SourcedEvent first() const { return at(0); }
    SourcedEvent last() const { return at(size() - 1); }
    const Event& event(qsizetype i) const { return m_events[i]; }
    qint64 line(qsizetype i) const { return m_lines[size_t(i)]; }
    const QString& source(qsizetype i) const;

    /** The events alone, in order: shared, not copied. */
    const EventList& events() const { return m_events; }

    /** The format the events were read in (Auto when not known or mixed): it decides how messages name fields. */
    EventFileFormat format() const { return m_format; }
    void setFormat(EventFileFormat format) { m_format = format; }

    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }

    /** Puts the events in the order @p order gives (a permutation of their indexes). */
    void reorder(const std::vector<qsizetype>& order);

    /**
     * Filling from several threads at once: prepareSlots() makes @p count empty slots after the events held, all
     * from @p source; each thread then fills its own slots with setSlot(), and dropEmptySlots() removes the slots
     * left empty, keeping the order. Slots are indexed from the first one prepared.
     */
    void prepareSlots(qsizetype count, const QString& source);
    void setSlot(qsizetype slot, Event&& event, qint64 line)
    {
        m_slotEvents[slot] = std::move(event);
        m_slotLines[slot] = line;
    }
    void dropEmptySlots();

private:
    struct SourceRun {
        qsizetype first; ///< index of the first event from the source
        QString source;
    };

    EventList m_events;
    std::vector<qint64> m_lines;
    std::vector<SourceRun> m_sources; ///< by first index
    EventFileFormat m_format = EventFileFormat::Auto;
    Event* m_slotEvents = nullptr;
    qint64* m_slotLines = nullptr;
    qsizetype m_slotStart = 0;
};

/** Orders events by customer, then recorded-at: the order in which streams are appended. */
void sortByCustomerAndTime(SourcedEventList& events);

} // namespace hindsight
