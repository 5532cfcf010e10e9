// libFuzzer target: EventBridgeFormat (read only: Hindsight does not write EventBridge events).
#include "EventBridgeFormat.h"
#include "FuzzChecks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace hindsight;
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    const QString source = QStringLiteral("fuzz.json");
    const auto events = EventBridgeFormat::read(bytes, source);
    if (!events) {
        fuzz::checkError(events.error(), source);
        return 0;
    }
    fuzz::checkEvents(*events, source);
    return 0;
}
