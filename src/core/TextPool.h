#pragma once

#include "StringPool.h"

#include <QSet>
#include <QString>

#include <vector>

namespace hindsight {

/**
 * One shared QString for each distinct text a reader meets: a customer's id and names repeat in every event of
 * its history and addresses across customers, so a million events read hold a few hundred thousand strings, not
 * four million (about 100 MB less). One pool per thread; the strings outlive it.
 */
class TextPool
{
public:
    /** The text of @p utf8 (valid UTF-8), decoded once per distinct text. A leading U+FEFF is kept: it is content. */
    const QString& fromUtf8(QByteArrayView utf8);
    /** @p text, or the equal string met before. */
    QString shared(const QString& text);

    /** UTF-8 to text, keeping a leading U+FEFF (QString::fromUtf8 drops it as a byte-order mark). */
    static QString decode(QByteArrayView utf8);

private:
    StringPool m_pool;
    std::vector<QString> m_strings;
    QSet<QString> m_set;
};

} // namespace hindsight
