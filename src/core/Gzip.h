#pragma once

#include "Result.h"

#include <QByteArray>

namespace hindsight {

/** gzip through zlib: DynamoDB exports write their data files as .json.gz. */
class Gzip
{
public:
    /** Whether @p bytes start with the gzip magic number. */
    static bool isGzip(const QByteArray& bytes);
    /** The content of a gzip file (all members, as gunzip does); @p sourceName names it in errors. */
    static Result<QByteArray> decompress(const QByteArray& bytes, const QString& sourceName);
    static QByteArray compress(const QByteArray& bytes);
};

} // namespace hindsight
