#pragma once

#include "EventStore.h"

namespace hindsight {

/**
 * The store head an export records, so that `verify --against EXPORT` can later tell whether the log still
 * holds it. Written as the last line of a JSON Lines export:
 *   {"storeHead":{"position":1234,"sha256":"<64 hex digits>"}}
 */
class StoreHeadRecord
{
public:
    /** The line for @p head, without the line break. */
    static QByteArray line(const StoreHead& head);
    /** True when @p line is a head record (importers skip it). */
    static bool isHeadLine(QByteArrayView line);
    /** Reads @p line; an error says what is wrong with it. */
    static Result<StoreHead> parse(QByteArrayView line);
    /** The head recorded at the end of the export file at @p path; an error names the file. */
    static Result<StoreHead> readFromFile(const QString& path);
};

} // namespace hindsight
