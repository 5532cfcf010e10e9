#include "StoreHeadRecord.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace hindsight {

namespace {
const QString HeadKey = QStringLiteral("storeHead");
}

QByteArray StoreHeadRecord::line(const StoreHead& head)
{
    return QByteArrayLiteral("{\"storeHead\":{\"position\":") + QByteArray::number(head.position) + QByteArrayLiteral(",\"sha256\":\"")
        + head.hash.toHex() + QByteArrayLiteral("\"}}");
}

bool StoreHeadRecord::isHeadLine(QByteArrayView line)
{
    return line.trimmed().startsWith("{\"storeHead\":");
}

Result<StoreHead> StoreHeadRecord::parse(QByteArrayView line)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line.toByteArray(), &error);
    const QJsonObject head = doc.object().value(HeadKey).toObject();
    const QByteArray hex = head.value(QStringLiteral("sha256")).toString().toLatin1();
    const qint64 position = head.value(QStringLiteral("position")).toInteger(-1);
    if (error.error != QJsonParseError::NoError || !doc.isObject() || position < 0 || (position > 0 && hex.size() != 64)) {
        return makeError(ErrorCode::Parse,
                         QStringLiteral("expected {\"storeHead\":{\"position\":N,\"sha256\":\"<64 hex digits>\"}}"));
    }
    return StoreHead{position, QByteArray::fromHex(hex)};
}

Result<StoreHead> StoreHeadRecord::readFromFile(const QString& path)
{
    const QString shown = QDir::toNativeSeparators(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::NotFound, QStringLiteral("cannot read %1: %2").arg(shown, file.errorString()));
    // The record is the last line: read the file's tail only.
    constexpr qint64 Tail = 512;
    if (file.size() > Tail)
        file.seek(file.size() - Tail);
    const QByteArray tail = file.readAll();
    const QList<QByteArray> lines = tail.trimmed().split('\n');
    const QByteArray last = lines.isEmpty() ? QByteArray() : lines.last().trimmed();
    if (!isHeadLine(last)) {
        return makeError(ErrorCode::Parse, QStringLiteral("%1 records no store head: only a JSON Lines export made by "
                                                          "`hindsight-cli export` ends with one")
                                               .arg(shown));
    }
    auto head = parse(last);
    if (!head) {
        Error e = head.error();
        e.message = QStringLiteral("%1, last line: %2").arg(shown, e.message);
        return e;
    }
    return head;
}

} // namespace hindsight
