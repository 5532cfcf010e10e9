// libFuzzer target: JsonlEventFormat (its simdjson reader of plain lines, and JsonRecordSplitter with Qt's JSON
// reader for everything else), the two readers agreeing, and the round trip of whatever it accepts.
#include "FuzzChecks.h"
#include "JsonlEventFormat.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace hindsight;
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    const QString source = QStringLiteral("fuzz.jsonl");
    const auto events = JsonlEventFormat::read(bytes, source);
    // The fast reader must never answer differently from the general one.
    const auto reference = JsonlEventFormat::readWithQtJson(bytes, source);
    if (events.ok() != reference.ok())
        fuzz::fail("read() and readWithQtJson() disagree on whether the input is valid");
    if (!events && events.error().message != reference.error().message)
        fuzz::fail("read() and readWithQtJson() give different errors:", events.error().message);
    if (events)
        fuzz::checkSameEvents(*reference, events, true);
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
