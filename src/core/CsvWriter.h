#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace hindsight {

/**
 * Writes CSV records with RFC 4180 quoting: a field holding a comma, a double quote, CR or LF is put in double
 * quotes, and its quotes are doubled; so is a field that starts or ends with a space or tab, which readers trim. Records end in LF (as Unix tools expect; every reader here accepts CRLF too).
 * Output is UTF-8 without a byte-order mark.
 */
class CsvWriter
{
public:
    /** @p field as it appears in a record: quoted only when it must be. */
    static QString quoted(QStringView field);
    /** Appends @p field, quoted when it must be, to @p line. */
    static void appendField(QString& line, QStringView field);
    /** One record: the fields joined by commas, then LF. */
    static QString record(const QStringList& fields);
    /** One record, UTF-8 encoded, appended to @p out. */
    static void appendRecord(QByteArray& out, const QStringList& fields);
};

} // namespace hindsight
