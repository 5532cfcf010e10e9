#include "StringPool.h"

#include <cstring>

namespace hindsight {

StringPool::StringPool()
    : m_offsets{0}
    , m_slots(1024)
{
}

quint64 StringPool::hash(QByteArrayView text)
{
    // 8 bytes at a time with a multiply-xorshift mix: names and addresses are short, so speed beats strength here.
    const char* p = text.data();
    qsizetype n = text.size();
    quint64 h = 0x9E3779B97F4A7C15ull ^ quint64(n);
    while (n >= 8) {
        quint64 w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
        p += 8;
        n -= 8;
    }
    if (n > 0) {
        quint64 w = 0;
        std::memcpy(&w, p, size_t(n));
        h = (h ^ w) * 0x94D049BB133111EBull;
        h ^= h >> 29;
    }
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 32);
}

quint32 StringPool::intern(QByteArrayView text)
{
    const quint64 h = hash(text);
    const quint32 tag = quint32(h >> 32);
    const size_t mask = m_slots.size() - 1;
    for (size_t i = size_t(h) & mask;; i = (i + 1) & mask) {
        const Slot slot = m_slots[i];
        if (slot.id == 0) {
            const quint32 id = size();
            m_bytes.insert(m_bytes.end(), text.begin(), text.end());
            m_offsets.push_back(m_bytes.size());
            m_slots[i] = {id + 1, tag};
            if (size_t(size()) * 2 > m_slots.size())
                grow();
            return id;
        }
        if (slot.tag == tag && view(slot.id - 1) == text)
            return slot.id - 1;
    }
}

qint64 StringPool::find(QByteArrayView text) const
{
    const quint64 h = hash(text);
    const quint32 tag = quint32(h >> 32);
    const size_t mask = m_slots.size() - 1;
    for (size_t i = size_t(h) & mask;; i = (i + 1) & mask) {
        const Slot slot = m_slots[i];
        if (slot.id == 0)
            return -1;
        if (slot.tag == tag && view(slot.id - 1) == text)
            return slot.id - 1;
    }
}

void StringPool::reserve(size_t count)
{
    size_t slotCount = m_slots.size();
    while (slotCount < count * 2)
        slotCount *= 2;
    if (slotCount != m_slots.size())
        rehash(slotCount);
}

void StringPool::grow()
{
    rehash(m_slots.size() * 2);
}

void StringPool::rehash(size_t slotCount)
{
    // The tags are the hashes' high bits, the positions come from the low bits: recompute those.
    std::vector<Slot> table(slotCount);
    const size_t mask = table.size() - 1;
    for (quint32 id = 0; id < size(); ++id) {
        const quint64 h = hash(view(id));
        size_t i = size_t(h) & mask;
        while (table[i].id != 0)
            i = (i + 1) & mask;
        table[i] = {id + 1, quint32(h >> 32)};
    }
    m_slots.swap(table);
}

size_t StringPool::memoryBytes() const
{
    return m_bytes.capacity() + m_offsets.capacity() * sizeof(quint64) + m_slots.capacity() * sizeof(Slot);
}

} // namespace hindsight
