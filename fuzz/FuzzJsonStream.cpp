// libFuzzer target: JsonRecordSplitter reading a file part by part, as gzipped DynamoDB data files and plain JSON
// files are read, gives the same events, lines and errors as reading it whole, wherever the parts end.
#include "FuzzChecks.h"
#include "JsonFieldReader.h"
#include "JsonRecordSplitter.h"

namespace {

using namespace hindsight;

/** An event whose id is the record's "id"; a record without one is skipped, as a store head is. */
Result<std::optional<Event>> readRecord(const QJsonObject& object, const JsonFieldReader& f)
{
    if (!object.contains(u"id"))
        return std::optional<Event>();
    auto id = f.identifier(object.value(u"id"), QStringLiteral("id"));
    if (!id)
        return id.error();
    return std::optional<Event>(Event(*id, QStringLiteral("c"), EventType::Created, 0, {}));
}

QString outcome(const Result<SourcedEventList>& read)
{
    if (!read)
        return QStringLiteral("error at line %1: %2").arg(read.error().line).arg(read.error().message);
    QStringList out;
    for (const SourcedEvent& e : *read)
        out << QStringLiteral("%1@%2").arg(e.event.eventId()).arg(e.line);
    return out.join(u' ');
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2)
        return 0;
    // The first two bytes choose how long the parts are and how much the stream hands out at a time.
    const qsizetype part = 1 + data[0] % 64;
    const qsizetype piece = 1 + data[1] % 16;
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data + 2), qsizetype(size - 2));
    const QString source = QStringLiteral("fuzz.json");
    const auto whole = JsonRecordSplitter::readEvents(bytes, source, readRecord);
    qsizetype at = 0;
    const auto next = [&](QByteArray& buffer, qsizetype maxBytes) -> Result<bool> {
        const qsizetype n = std::min({piece, maxBytes, bytes.size() - at});
        buffer.append(bytes.constData() + at, n);
        at += n;
        return at < bytes.size();
    };
    const auto streamed = JsonRecordSplitter::readEvents(next, source, readRecord, part);
    if (outcome(whole) != outcome(streamed))
        fuzz::fail("the stream read otherwise than the whole file:", outcome(streamed) + QStringLiteral(" / ") + outcome(whole));
    if (!whole)
        fuzz::checkError(whole.error(), source);
    return 0;
}
