#include "EventHash.h"

#include "Timestamp.h"

#include <QCryptographicHash>

namespace hindsight {

QByteArray eventChainHash(const QByteArray& previousHash, const Event& e)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(previousHash);
    // Fields separated by U+001F (unit separator), which no field may contain unnoticed: the hash is over
    // the UTF-8 of the joined text.
    const QChar sep(0x1f);
    const QString canonical = e.eventId() % sep % e.customerId() % sep % QString::number(e.version()) % sep
        % QString::number(e.position()) % sep % QString::number(e.recordedAtMs()) % sep
        % QString::number(static_cast<int>(e.type())) % sep % e.data().firstName % sep % e.data().lastName % sep
        % e.data().address % sep % Timestamp::formatDate(e.data().dateOfBirth);
    h.addData(canonical.toUtf8());
    return h.result();
}

} // namespace hindsight
