#include "Gzip.h"

#include <zlib.h>

#include <algorithm>
#include <atomic>

namespace hindsight {

namespace {

std::atomic<qint64> g_maxBytes{Gzip::Limits().maxBytes};
std::atomic<qint64> g_maxRatio{Gzip::Limits().maxRatio};
std::atomic<qint64> g_ratioFloor{Gzip::Limits().ratioFloor};

QString sizeText(qint64 bytes)
{
    if (bytes >= (qint64(1) << 30) && bytes % (qint64(1) << 30) == 0)
        return QStringLiteral("%1 GiB").arg(bytes >> 30);
    if (bytes >= (qint64(1) << 20))
        return QStringLiteral("%1 MiB").arg(bytes >> 20);
    if (bytes >= (qint64(1) << 10))
        return QStringLiteral("%1 KiB").arg(bytes >> 10);
    return QStringLiteral("%1 bytes").arg(bytes);
}

} // namespace

Gzip::Limits Gzip::limits()
{
    return {g_maxBytes.load(), g_maxRatio.load(), g_ratioFloor.load()};
}

void Gzip::setLimits(const Limits& limits)
{
    g_maxBytes = limits.maxBytes;
    g_maxRatio = limits.maxRatio;
    g_ratioFloor = limits.ratioFloor;
}

bool Gzip::isGzip(QByteArrayView bytes)
{
    return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f && static_cast<unsigned char>(bytes[1]) == 0x8b;
}

struct GzipReader::State {
    z_stream stream{};
    bool started = false;
    qsizetype consumed = 0; ///< input bytes handed to zlib so far
};

GzipReader::GzipReader(QByteArrayView compressed, const QString& sourceName, qint64* budget)
    : m_state(std::make_unique<State>())
    , m_input(compressed)
    , m_sourceName(sourceName)
    , m_budget(budget ? budget : &m_ownBudget)
    , m_ownBudget(Gzip::limits().maxBytes)
{
}

GzipReader::~GzipReader()
{
    if (m_state->started)
        inflateEnd(&m_state->stream);
}

Error GzipReader::fail(const QString& why) const
{
    return makeError(ErrorCode::Parse, QStringLiteral("%1: not a readable gzip file (%2)").arg(m_sourceName, why));
}

Error GzipReader::refuse(const QString& why) const
{
    return makeError(ErrorCode::Parse, QStringLiteral("%1: refused: %2").arg(m_sourceName, why));
}

Result<bool> GzipReader::read(QByteArray& out, qsizetype maxBytes)
{
    if (m_ended)
        return false;
    z_stream& stream = m_state->stream;
    if (!m_state->started) {
        if (inflateInit2(&stream, 15 + 16) != Z_OK)
            return fail(QStringLiteral("zlib could not start"));
        m_state->started = true;
    }
    const Gzip::Limits limits = Gzip::limits();
    // zlib counts in 32-bit units: feed and drain in chunks.
    constexpr qsizetype InputChunk = 1 << 20;
    constexpr qsizetype OutputChunk = 1 << 20;
    qsizetype& consumed = m_state->consumed;
    const qsizetype wanted = out.size() + maxBytes;
    while (out.size() < wanted) {
        if (stream.avail_in == 0 && consumed < m_input.size()) {
            const qsizetype n = qMin(InputChunk, m_input.size() - consumed);
            stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(m_input.data() + consumed));
            stream.avail_in = uInt(n);
            consumed += n;
        }
        const qsizetype before = out.size();
        const qsizetype room = std::min(OutputChunk, wanted - before);
        out.resize(before + room);
        stream.next_out = reinterpret_cast<Bytef*>(out.data() + before);
        stream.avail_out = uInt(room);
        const int rc = inflate(&stream, Z_NO_FLUSH);
        const qsizetype got = room - qsizetype(stream.avail_out);
        out.resize(before + got);
        m_produced += got;
        *m_budget -= got;

        // The checks come before the output grows further: a bomb stops within a chunk of the limit.
        if (*m_budget < 0) {
            m_ended = true;
            return refuse(QStringLiteral("its content is larger than %1, the most one import inflates from gzip files; "
                                         "split the export, or import its data files one by one")
                              .arg(sizeText(limits.maxBytes)));
        }
        const qint64 input = qint64(consumed) - qint64(stream.avail_in);
        if (m_produced > limits.ratioFloor && m_produced > qMax<qint64>(input, 1) * limits.maxRatio) {
            m_ended = true;
            return refuse(QStringLiteral("its first %1 inflate to over %2, more than %3 times their size, as a decompression "
                                         "bomb does (real exports inflate 5 to 10 times)")
                              .arg(sizeText(input), sizeText(m_produced))
                              .arg(limits.maxRatio));
        }

        if (rc == Z_STREAM_END) {
            // Another gzip member may follow (files written by appending gzip streams); trailing zeros are padding.
            const qsizetype rest = qsizetype(stream.avail_in) + (m_input.size() - consumed);
            const QByteArrayView tail = m_input.sliced(m_input.size() - rest);
            if (rest == 0 || std::all_of(tail.begin(), tail.end(), [](char c) { return c == 0; })) {
                m_ended = true;
                return false;
            }
            if (inflateReset(&stream) != Z_OK)
                return fail(QStringLiteral("zlib could not restart"));
            continue;
        }
        if (rc == Z_BUF_ERROR && stream.avail_in == 0 && consumed >= m_input.size())
            return fail(QStringLiteral("the file ends before its compressed data does"));
        if (rc != Z_OK && rc != Z_BUF_ERROR)
            return fail(stream.msg ? QString::fromUtf8(stream.msg) : QStringLiteral("zlib error %1").arg(rc));
    }
    return true;
}

Result<QByteArray> Gzip::decompress(const QByteArray& bytes, const QString& sourceName, qint64* budget)
{
    GzipReader reader(bytes, sourceName, budget);
    QByteArray out;
    // Growing a large QByteArray reallocates in place (mremap), so it need not be reserved: a guess from the
    // compressed size would reserve gigabytes for a bomb.
    while (true) {
        auto more = reader.read(out, qsizetype(64) << 20);
        if (!more)
            return more.error();
        if (!*more)
            break;
    }
    return out;
}

QByteArray Gzip::compress(const QByteArray& bytes)
{
    z_stream stream{};
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out;
    constexpr qsizetype Chunk = 1 << 20;
    qsizetype consumed = 0;
    char buffer[64 * 1024];
    int rc = Z_OK;
    do {
        if (stream.avail_in == 0 && consumed < bytes.size()) {
            const qsizetype n = qMin(Chunk, bytes.size() - consumed);
            stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.constData() + consumed));
            stream.avail_in = uInt(n);
            consumed += n;
        }
        const int flush = consumed >= bytes.size() ? Z_FINISH : Z_NO_FLUSH;
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        rc = deflate(&stream, flush);
        out.append(buffer, qsizetype(sizeof buffer - stream.avail_out));
    } while (rc != Z_STREAM_END && rc != Z_STREAM_ERROR);
    deflateEnd(&stream);
    return out;
}

} // namespace hindsight
