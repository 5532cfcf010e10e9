#include "CsvWriter.h"

namespace hindsight {

namespace {

bool needsQuotes(QStringView field)
{
    // Spaces and tabs around a field are content, but many readers (libcsv among them) trim them unless quoted.
    if (!field.isEmpty() && (field.front() == u' ' || field.front() == u'\t' || field.back() == u' ' || field.back() == u'\t'))
        return true;
    for (QChar c : field) {
        if (c == u',' || c == u'"' || c == u'\r' || c == u'\n')
            return true;
    }
    return false;
}

} // namespace

void CsvWriter::appendField(QString& line, QStringView field)
{
    if (!needsQuotes(field)) {
        line.append(field);
        return;
    }
    line.append(u'"');
    for (QChar c : field) {
        if (c == u'"')
            line.append(u'"');
        line.append(c);
    }
    line.append(u'"');
}

QString CsvWriter::quoted(QStringView field)
{
    QString out;
    appendField(out, field);
    return out;
}

QString CsvWriter::record(const QStringList& fields)
{
    QString line;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            line.append(u',');
        appendField(line, fields[i]);
    }
    line.append(u'\n');
    return line;
}

void CsvWriter::appendRecord(QByteArray& out, const QStringList& fields)
{
    out.append(record(fields).toUtf8());
}

} // namespace hindsight
