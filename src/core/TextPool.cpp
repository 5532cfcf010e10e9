#include "TextPool.h"

#include <QStringDecoder>

namespace hindsight {

QString TextPool::decode(QByteArrayView utf8)
{
    if (!utf8.startsWith("\xEF\xBB\xBF"))
        return QString::fromUtf8(utf8);
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    return decoder.decode(utf8);
}

const QString& TextPool::fromUtf8(QByteArrayView utf8)
{
    const quint32 id = m_pool.intern(utf8);
    if (id == m_strings.size())
        m_strings.push_back(decode(utf8));
    return m_strings[id];
}

QString TextPool::shared(const QString& text)
{
    const auto found = m_set.constFind(text);
    if (found != m_set.cend())
        return *found;
    m_set.insert(text);
    return text;
}

} // namespace hindsight
