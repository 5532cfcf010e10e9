#include "FileSegments.h"

#include "ParallelPieces.h"

#include <QDir>
#include <QIODevice>

#include <algorithm>

namespace hindsight {

FileSegments::FileSegments(QIODevice& device, const QString& sourceName, Ends ends, qsizetype segmentBytes)
    : m_device(device)
    , m_sourceName(sourceName)
    , m_ends(ends)
    , m_segmentBytes(std::max<qsizetype>(segmentBytes, 1))
{
}

qsizetype FileSegments::cut() const
{
    if (m_ends == Ends::Lines) {
        const qsizetype last = m_buffer.lastIndexOf('\n');
        return last < 0 ? 0 : last + 1;
    }
    // A record ends at a line break with an even number of quotes before it since the segment began (which is at
    // a record's start): RFC 4180 has no other use for them.
    const char* data = m_buffer.constData();
    bool quoted = false;
    qsizetype end = 0;
    for (qsizetype i = 0, n = m_buffer.size(); i < n; ++i) {
        if (data[i] == '"')
            quoted = !quoted;
        else if (data[i] == '\n' && !quoted)
            end = i + 1;
    }
    return end;
}

Result<QByteArray> FileSegments::next()
{
    qsizetype wanted = m_segmentBytes;
    qsizetype end = 0;
    while (true) {
        if (!m_atEnd && m_buffer.size() < wanted) {
            const qsizetype before = m_buffer.size();
            m_buffer.resize(wanted);
            const qint64 got = m_device.read(m_buffer.data() + before, wanted - before);
            if (got < 0) {
                return makeError(ErrorCode::Io,
                                 QStringLiteral("cannot read %1: %2").arg(QDir::toNativeSeparators(m_sourceName), m_device.errorString()));
            }
            m_buffer.resize(before + got);
            m_atEnd = got == 0 || m_device.atEnd();
        }
        if (m_atEnd) {
            end = m_buffer.size();
            break;
        }
        end = cut();
        if (end > 0)
            break;
        // A line longer than a segment: read on until it ends, as long as it could be a line of events.
        if (m_buffer.size() > MaxRecordBytes) {
            Error e = makeError(ErrorCode::Parse, QStringLiteral("%1, line %2: the record that starts here is longer than %3 MiB; no "
                                                                 "event is that long")
                                                      .arg(m_sourceName)
                                                      .arg(m_nextLine)
                                                      .arg(MaxRecordBytes >> 20));
            e.line = m_nextLine;
            return e;
        }
        wanted = std::min(m_buffer.size() + std::max(m_buffer.size() / 2, m_segmentBytes), MaxRecordBytes + 1);
    }
    QByteArray segment = std::move(m_buffer);
    m_buffer = segment.mid(end);
    segment.truncate(end);
    m_firstLine = m_nextLine;
    m_nextLine += countLineBreaks(segment);
    return segment;
}

} // namespace hindsight
