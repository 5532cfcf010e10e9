#include "StringPool.h"

#include <cstring>

namespace hindsight {

StringPool::StringPool()
    : m_offsets{0}
    , m_slots(1024, 0)
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
    const size_t mask = m_slots.size() - 1;
    for (size_t i = size_t(h) & mask;; i = (i + 1) & mask) {
        const quint32 slot = m_slots[i];
        if (slot == 0) {
            const quint32 id = size();
            m_bytes.insert(m_bytes.end(), text.begin(), text.end());
            m_offsets.push_back(m_bytes.size());
            m_hashes.push_back(quint32(h >> 32));
            m_slots[i] = id + 1;
            if (size_t(size()) * 2 > m_slots.size())
                grow();
            return id;
        }
        const quint32 id = slot - 1;
        if (m_hashes[id] == quint32(h >> 32) && view(id) == text)
            return id;
    }
}

qint64 StringPool::find(QByteArrayView text) const
{
    const quint64 h = hash(text);
    const size_t mask = m_slots.size() - 1;
    for (size_t i = size_t(h) & mask;; i = (i + 1) & mask) {
        const quint32 slot = m_slots[i];
        if (slot == 0)
            return -1;
        const quint32 id = slot - 1;
        if (m_hashes[id] == quint32(h >> 32) && view(id) == text)
            return id;
    }
}

void StringPool::grow()
{
    std::vector<quint32> table(m_slots.size() * 2, 0);
    const size_t mask = table.size() - 1;
    for (quint32 id = 0; id < size(); ++id) {
        size_t i = size_t(hash(view(id))) & mask;
        while (table[i] != 0)
            i = (i + 1) & mask;
        table[i] = id + 1;
    }
    m_slots.swap(table);
}

size_t StringPool::memoryBytes() const
{
    return m_bytes.capacity() + m_offsets.capacity() * sizeof(quint64) + m_slots.capacity() * sizeof(quint32)
        + m_hashes.capacity() * sizeof(quint32);
}

} // namespace hindsight
