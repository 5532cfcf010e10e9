// libFuzzer target: JsonlEventFormat (and JsonRecordSplitter), and the round trip of whatever it accepts.
#include "FuzzChecks.h"
#include "JsonlEventFormat.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace hindsight;
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    const QString source = QStringLiteral("fuzz.jsonl");
    const auto events = JsonlEventFormat::read(bytes, source);
    if (!events) {
        fuzz::checkError(events.error(), source);
        return 0;
    }
    QByteArray written;
    for (const SourcedEvent& e : *events)
        JsonlEventFormat::appendLine(written, e.event);
    const auto again = JsonlEventFormat::read(written, source);
    fuzz::checkSameEvents(*events, again, true);
    return 0;
}
