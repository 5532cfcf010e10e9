#include "JsonText.h"

namespace hindsight {

void JsonText::appendString(QByteArray& out, QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8();
    out.reserve(out.size() + utf8.size() + 2);
    out.append('"');
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const char c = utf8[i];
        // U+FEFF (zero width no-break space, the byte-order mark) written as an escape: Qt's JSON reader, like
        // QString::fromUtf8, drops it raw at the start of a string, and the export must read back as it was.
        if (c == '\xEF' && i + 2 < utf8.size() && utf8[i + 1] == '\xBB' && utf8[i + 2] == '\xBF') {
            out.append("\\ufeff", 6);
            i += 2;
            continue;
        }
        switch (c) {
        case '"':
            out.append("\\\"", 2);
            break;
        case '\\':
            out.append("\\\\", 2);
            break;
        case '\n':
            out.append("\\n", 2);
            break;
        case '\r':
            out.append("\\r", 2);
            break;
        case '\t':
            out.append("\\t", 2);
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                const char escaped[] = {'\\', 'u', '0', '0', hex[(c >> 4) & 0xf], hex[c & 0xf]};
                out.append(escaped, 6);
            } else {
                out.append(c);
            }
        }
    }
    out.append('"');
}

} // namespace hindsight
