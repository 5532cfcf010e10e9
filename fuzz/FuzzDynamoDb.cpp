// libFuzzer target: DynamoDbJsonFormat (gzip included), and the round trip of whatever it accepts.
#include "DynamoDbJsonFormat.h"
#include "FuzzChecks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace hindsight;
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    const QString source = QStringLiteral("fuzz.json.gz");
    const auto events = DynamoDbJsonFormat::read(bytes, source);
    if (!events) {
        fuzz::checkError(events.error(), source);
        return 0;
    }
    QByteArray written;
    for (const SourcedEvent& e : *events)
        DynamoDbJsonFormat::appendLine(written, e.event);
    const auto again = DynamoDbJsonFormat::read(written, source);
    fuzz::checkSameEvents(*events, again);
    return 0;
}
