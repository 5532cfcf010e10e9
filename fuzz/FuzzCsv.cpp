// libFuzzer target: CsvEventReader, and the CSV writer's round trip of whatever it accepts.
#include "CsvEventReader.h"
#include "EventTableWriter.h"
#include "FuzzChecks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace hindsight;
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    const QString source = QStringLiteral("fuzz.csv");
    const auto events = CsvEventReader::read(bytes, source);
    if (!events) {
        fuzz::checkError(events.error(), source);
        return 0;
    }
    // What was read must write out and read back as the same events.
    QByteArray written = EventTableWriter::toCsv({}, EventTableWriter::Columns::EventStore);
    for (const SourcedEvent& e : *events)
        EventTableWriter::appendCsv(written, e.event, EventTableWriter::Columns::EventStore);
    const auto again = CsvEventReader::read(written, source);
    fuzz::checkSameEvents(*events, again);
    return 0;
}
