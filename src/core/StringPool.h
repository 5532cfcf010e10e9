#pragma once

#include <QByteArrayView>
#include <QString>

#include <cstdint>
#include <vector>

namespace hindsight {

/**
 * Interned UTF-8 strings in one arena: each distinct string is stored once and named by a dense 32-bit id.
 * A million events carry a few hundred thousand distinct names and addresses; ids keep them at 4 bytes each.
 */
class StringPool
{
public:
    StringPool();

    /** Makes room for @p count distinct strings without rehashing. */
    void reserve(size_t count);

    /** The id of @p text, adding it if new. */
    quint32 intern(QByteArrayView text);
    /** The id of @p text, or -1 when it was never interned. */
    qint64 find(QByteArrayView text) const;

    QByteArrayView view(quint32 id) const
    {
        return QByteArrayView(m_bytes.data() + m_offsets[id], qsizetype(m_offsets[id + 1] - m_offsets[id]));
    }
    QString string(quint32 id) const { return QString::fromUtf8(view(id)); }

    /** Number of distinct strings. */
    quint32 size() const { return quint32(m_offsets.size() - 1); }
    /** Bytes held, for memory reports. */
    size_t memoryBytes() const;

    static quint64 hash(QByteArrayView text);

private:
    void grow();
    void rehash(size_t slotCount);

    std::vector<char> m_bytes;
    std::vector<quint64> m_offsets;   // size() + 1 entries
    /** Open addressing: id + 1 (0 = empty) beside the hash's high bits, so most probes touch one cache line. */
    struct Slot {
        quint32 id = 0;
        quint32 tag = 0;
    };
    std::vector<Slot> m_slots;
};

} // namespace hindsight
