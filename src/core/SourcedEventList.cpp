#include "SourcedEventList.h"

#include <algorithm>

namespace hindsight {

void SourcedEventList::reserve(qsizetype count)
{
    m_events.reserve(count);
    m_lines.reserve(size_t(count));
}

void SourcedEventList::append(Event event, qint64 line, const QString& source)
{
    if (m_sources.empty() || m_sources.back().source != source)
        m_sources.push_back({m_events.size(), source});
    m_events.append(std::move(event));
    m_lines.push_back(line);
}

void SourcedEventList::append(SourcedEventList&& other)
{
    if (other.isEmpty())
        return;
    if (isEmpty()) {
        const EventFileFormat format = m_format;
        *this = std::move(other);
        other = SourcedEventList();
        if (format != m_format && format != EventFileFormat::Auto)
            m_format = EventFileFormat::Auto;
        return;
    }
    if (m_format != other.m_format)
        m_format = EventFileFormat::Auto;
    const qsizetype offset = size();
    for (const SourceRun& run : other.m_sources) {
        if (m_sources.back().source != run.source)
            m_sources.push_back({offset + run.first, run.source});
    }
    m_events.reserve(size() + other.size());
    for (Event& e : other.m_events)
        m_events.append(std::move(e));
    m_lines.insert(m_lines.end(), other.m_lines.begin(), other.m_lines.end());
    other = SourcedEventList();
}

const QString& SourcedEventList::source(qsizetype i) const
{
    static const QString none;
    if (m_sources.empty())
        return none;
    // The run that starts at or before i: the last whose first index is not after it.
    const auto after = std::upper_bound(m_sources.begin(), m_sources.end(), i,
                                        [](qsizetype index, const SourceRun& run) { return index < run.first; });
    return after == m_sources.begin() ? none : std::prev(after)->source;
}

void SourcedEventList::reorder(const std::vector<qsizetype>& order)
{
    EventList events;
    events.reserve(qsizetype(order.size()));
    std::vector<qint64> lines;
    lines.reserve(order.size());
    std::vector<SourceRun> sources;
    for (const qsizetype i : order) {
        const QString& s = source(i);
        if (sources.empty() || sources.back().source != s)
            sources.push_back({events.size(), s});
        events.append(m_events[i]);
        lines.push_back(m_lines[size_t(i)]);
    }
    m_events = std::move(events);
    m_lines = std::move(lines);
    m_sources = std::move(sources);
}

void SourcedEventList::prepareSlots(qsizetype count, const QString& source)
{
    m_slotStart = size();
    if (m_sources.empty() || m_sources.back().source != source)
        m_sources.push_back({m_slotStart, source});
    m_events.resize(m_slotStart + count);
    m_lines.resize(size_t(m_slotStart + count), 0);
    m_slotEvents = m_events.data() + m_slotStart;
    m_slotLines = m_lines.data() + m_slotStart;
}

void SourcedEventList::dropEmptySlots()
{
    // Events read have lines from 1: a slot whose line is 0 was left empty.
    qsizetype to = m_slotStart;
    for (qsizetype from = m_slotStart; from < size(); ++from) {
        if (m_lines[size_t(from)] == 0)
            continue;
        if (to != from) {
            m_events[to] = std::move(m_events[from]);
            m_lines[size_t(to)] = m_lines[size_t(from)];
        }
        ++to;
    }
    // Slots are prepared for every line, so few stay empty (blank lines, records over several lines): giving the
    // room back would copy every event for little.
    const bool mostlyEmpty = to < size() / 2;
    m_events.resize(to);
    m_lines.resize(size_t(to));
    if (mostlyEmpty) {
        m_events.squeeze();
        m_lines.shrink_to_fit();
    }
    m_slotEvents = nullptr;
    m_slotLines = nullptr;
    if (!m_sources.empty() && m_sources.back().first >= to)
        m_sources.pop_back();
}

void sortByCustomerAndTime(SourcedEventList& events)
{
    std::vector<qsizetype> order(size_t(events.size()));
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = qsizetype(i);
    std::stable_sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) {
        const Event& x = events.event(a);
        const Event& y = events.event(b);
        if (x.customerId() != y.customerId())
            return x.customerId() < y.customerId();
        return x.recordedAtMs() < y.recordedAtMs();
    });
    events.reorder(order);
}

} // namespace hindsight
