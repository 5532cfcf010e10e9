#pragma once

#include <QByteArray>
#include <QString>

namespace hindsight {

/** Writes JSON text by hand, for exports whose bytes must not change between runs and must be written fast. */
class JsonText
{
public:
    /** Appends @p text as a JSON string: quoted, UTF-8, with quotes, backslashes and control characters escaped. */
    static void appendString(QByteArray& out, QStringView text);
};

} // namespace hindsight
