#pragma once

#include <QString>

#include <optional>

namespace hindsight {

/** How a table of customers or events is written for people and spreadsheets. */
enum class TableFormat { Csv, Json };

/** "csv" or "json", any case. */
inline std::optional<TableFormat> tableFormatFromString(QStringView text)
{
    if (text.compare(u"csv", Qt::CaseInsensitive) == 0)
        return TableFormat::Csv;
    if (text.compare(u"json", Qt::CaseInsensitive) == 0)
        return TableFormat::Json;
    return std::nullopt;
}

} // namespace hindsight
