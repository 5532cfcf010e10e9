#pragma once

#include "Result.h"

#include <QByteArray>

class QIODevice;

namespace hindsight {

/**
 * Reads a file in segments of whole lines, so that a reader of a large file holds a part of it at a time rather
 * than all of it: each segment ends after a line break (for CSV, one outside double quotes: a record's end) or at the
 * end of the file. A line longer than a segment makes that segment longer, up to MaxRecordBytes.
 */
class FileSegments
{
public:
    enum class Ends { Lines, CsvRecords };

    /**
     * The longest line (or record) a reader takes from a file it reads in parts: far beyond any event, whose fields
     * hold a few thousand characters at most (FieldLimits), and short of filling memory with one.
     */
    static constexpr qsizetype MaxRecordBytes = qsizetype(64) << 20;

    /** Reads @p device, named @p sourceName in errors, in segments of about @p segmentBytes. */
    FileSegments(QIODevice& device, const QString& sourceName, Ends ends, qsizetype segmentBytes);

    /** The next segment; empty at the end of the file. A line longer than MaxRecordBytes is refused, naming it. */
    Result<QByteArray> next();
    /** The 1-based line the segment next() gave last starts on. */
    qint64 firstLine() const { return m_firstLine; }

private:
    /** Where the segment in m_buffer ends: after its last line break (outside quotes), or 0 when it has none. */
    qsizetype cut() const;

    QIODevice& m_device;
    QString m_sourceName;
    Ends m_ends;
    qsizetype m_segmentBytes;
    QByteArray m_buffer; ///< read but not given yet
    bool m_atEnd = false;
    qint64 m_firstLine = 1;
    qint64 m_nextLine = 1;
};

} // namespace hindsight
