#include "Gzip.h"

#include <zlib.h>

namespace hindsight {

bool Gzip::isGzip(const QByteArray& bytes)
{
    return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f && static_cast<unsigned char>(bytes[1]) == 0x8b;
}

Result<QByteArray> Gzip::decompress(const QByteArray& bytes, const QString& sourceName)
{
    const auto fail = [&](const QString& why) {
        Error e = makeError(ErrorCode::Parse, QStringLiteral("%1: not a readable gzip file (%2)").arg(sourceName, why));
        return e;
    };
    z_stream stream{};
    if (inflateInit2(&stream, 15 + 16) != Z_OK)
        return fail(QStringLiteral("zlib could not start"));
    QByteArray out;
    out.reserve(qMin<qsizetype>(bytes.size() * 4, qsizetype(1) << 30));
    // zlib counts in 32-bit units: feed and drain in chunks.
    constexpr qsizetype Chunk = 1 << 20;
    qsizetype consumed = 0;
    int rc = Z_OK;
    char buffer[64 * 1024];
    while (true) {
        if (stream.avail_in == 0 && consumed < bytes.size()) {
            const qsizetype n = qMin(Chunk, bytes.size() - consumed);
            stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.constData() + consumed));
            stream.avail_in = uInt(n);
            consumed += n;
        }
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        rc = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer, qsizetype(sizeof buffer - stream.avail_out));
        if (rc == Z_STREAM_END) {
            // Another gzip member may follow (files written by appending gzip streams); trailing zeros are padding.
            qsizetype rest = qsizetype(stream.avail_in) + (bytes.size() - consumed);
            const char* next = reinterpret_cast<const char*>(stream.next_in);
            bool onlyPadding = true;
            for (qsizetype i = 0; i < qsizetype(stream.avail_in); ++i)
                onlyPadding = onlyPadding && next[i] == 0;
            for (qsizetype i = consumed; i < bytes.size(); ++i)
                onlyPadding = onlyPadding && bytes[i] == 0;
            if (rest == 0 || onlyPadding)
                break;
            if (inflateReset(&stream) != Z_OK) {
                inflateEnd(&stream);
                return fail(QStringLiteral("zlib could not restart"));
            }
            continue;
        }
        if (rc == Z_BUF_ERROR && stream.avail_in == 0 && consumed >= bytes.size()) {
            inflateEnd(&stream);
            return fail(QStringLiteral("the file ends before its compressed data does"));
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            const QString why = stream.msg ? QString::fromUtf8(stream.msg) : QStringLiteral("zlib error %1").arg(rc);
            inflateEnd(&stream);
            return fail(why);
        }
    }
    inflateEnd(&stream);
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
