#pragma once

#include "Result.h"

#include <QDate>
#include <QString>

namespace hindsight::Timestamp {

/**
 * Parses an ISO-8601 time: "2022-12-01" (start of that day, UTC), "2022-12-01T10:00:00Z",
 * with or without milliseconds, with "Z", a "+hh:mm" offset or no zone (read as UTC).
 * Returns milliseconds since the epoch.
 */
Result<qint64> parse(QStringView text);

/** "2023-04-05T08:47:30.718Z": UTC, millisecond precision, as the event store's SK. */
QString format(qint64 msSinceEpoch);

/** The times format() writes in four-digit years, which parse() reads back: 0001-01-01 to 9999-12-31, UTC. */
constexpr qint64 FirstWritableMs = -62135596800000;
constexpr qint64 LastWritableMs = 253402300799999;

/** Parses a date of birth written "1966-04-12" or "1966/04/12". */
Result<QDate> parseDate(QStringView text);

/** "1966-04-12". */
QString formatDate(QDate date);

} // namespace hindsight::Timestamp
