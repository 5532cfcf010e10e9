#pragma once

#include "Result.h"

#include <QByteArray>

#include <memory>

namespace hindsight {

/**
 * gzip through zlib: DynamoDB exports write their data files as .json.gz.
 *
 * Decompression is bounded, so that a decompression bomb (gigabytes of zeros in a few megabytes) is refused in
 * a moment and in little memory instead of filling it: Limits caps what one import may inflate in all, and refuses
 * a file that inflates more than Limits::maxRatio times its compressed size (real exports inflate 5 to 10 times;
 * zeros, over 1,000 times).
 */
class Gzip
{
public:
    struct Limits {
        /** Decompressed bytes one import may read from all its gzip files together. */
        qint64 maxBytes = qint64(4) << 30;
        /** Decompressed bytes per compressed byte of one file, judged once it has inflated ratioFloor bytes. */
        qint64 maxRatio = 100;
        qint64 ratioFloor = qint64(16) << 20;
    };

    /** The limits decompress() and GzipReader apply: Limits' defaults unless a test set others. */
    static Limits limits();
    /** Replaces the limits in force (a seam for tests, which lower them to try bombs quickly). */
    static void setLimits(const Limits& limits);

    /** Whether @p bytes start with the gzip magic number. */
    static bool isGzip(QByteArrayView bytes);
    /**
     * The content of a gzip file (all members, as gunzip does); @p sourceName names it in errors. Refused past
     * the limits; @p budget, when given, is what the import may still inflate, and is reduced by what this file took.
     */
    static Result<QByteArray> decompress(const QByteArray& bytes, const QString& sourceName, qint64* budget = nullptr);
    static QByteArray compress(const QByteArray& bytes);
};

/** Reads a gzip file's content piece by piece within Gzip::limits(), so that it need never be held whole. */
class GzipReader
{
public:
    /** Reads @p compressed (which must outlive the reader); @p budget as in Gzip::decompress(). */
    GzipReader(QByteArrayView compressed, const QString& sourceName, qint64* budget = nullptr);
    ~GzipReader();
    GzipReader(const GzipReader&) = delete;
    GzipReader& operator=(const GzipReader&) = delete;

    /**
     * Appends up to @p maxBytes more of the content to @p out. True while there may be more; false once the content
     * has ended (what this call appended is in @p out all the same).
     */
    Result<bool> read(QByteArray& out, qsizetype maxBytes);

private:
    struct State;
    Error fail(const QString& why) const;
    Error refuse(const QString& why) const;

    std::unique_ptr<State> m_state;
    QByteArrayView m_input;
    QString m_sourceName;
    qint64* m_budget;
    qint64 m_ownBudget;
    qint64 m_produced = 0;
    bool m_ended = false;
};

} // namespace hindsight
