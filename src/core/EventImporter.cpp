#include "EventImporter.h"

#include "DynamoDbJsonFormat.h"
#include "EventBridgeFormat.h"
#include "Gzip.h"
#include "ImportPlanner.h"
#include "JsonRecordSplitter.h"
#include "JsonlEventFormat.h"
#include "StepTimer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace hindsight {

namespace {

/** How much of a file's content detection looks at: the first records, whatever the format. */
constexpr qsizetype DetectionBytes = qsizetype(1) << 20;

/**
 * What detection looks at: the bytes, or the first MiB of their content when they are gzipped. @p whole says whether
 * the bytes are the whole file or only its start, whose compressed data stops short (reading reports that, not this).
 */
Result<QByteArray> contentHead(const QByteArray& bytes, const QString& sourceName, bool whole = true)
{
    if (!Gzip::isGzip(bytes))
        return bytes;
    qint64 budget = Gzip::limits().maxBytes;
    GzipReader reader(bytes, sourceName, &budget);
    QByteArray head;
    auto more = reader.read(head, DetectionBytes);
    if (!more && whole)
        return more.error();
    return head;
}

} // namespace


Result<EventFileFormat> EventImporter::detectFormat(const QString& path)
{
    const QFileInfo info(path);
    if (info.isDir()) {
        if (DynamoDbJsonFormat::isExportFolder(path))
            return EventFileFormat::DynamoDb;
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("%1 is a folder but not a DynamoDB export (no manifest-files.json, no data/*.json.gz)")
                             .arg(QDir::toNativeSeparators(path)));
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    const QByteArray bytes = file.peek(DetectionBytes); // the first records tell the format; no need for more
    auto head = contentHead(bytes, info.fileName(), file.size() <= bytes.size());
    if (!head)
        return head.error();
    return detectFormat(*head, info.fileName());
}

Result<EventFileFormat> EventImporter::detectFormat(const QByteArray& bytes, const QString& fileName)
{
    // A name that says the format decides it: garbage in a .jsonl file is refused as JSON, on the line it starts.
    QString name = fileName.toLower();
    if (name.endsWith(u".gz"))
        name.chop(3);
    if (name.endsWith(u".csv"))
        return EventFileFormat::Csv;
    if (name.endsWith(u".jsonl") || name.endsWith(u".ndjson"))
        return EventFileFormat::Jsonl;
    const bool jsonName = name.endsWith(u".json");
    qsizetype i = bytes.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n'))
        ++i;
    if (i >= bytes.size() || (bytes[i] != '{' && bytes[i] != '[')) {
        if (!jsonName)
            return EventFileFormat::Csv;
        // A DynamoDB data file may be empty (a partition without items), and its content may go on past what
        // detection looked at; not JSON, though named so, the JSON reader names the line where it is not.
        if (fileName.toLower().endsWith(u".gz"))
            return EventFileFormat::DynamoDb;
        if (i >= bytes.size())
            return makeError(ErrorCode::Parse, QStringLiteral("%1, line 1: the file is empty; expected JSON events").arg(fileName));
        return EventFileFormat::Jsonl;
    }
    const auto first = JsonRecordSplitter::firstRecord(bytes);
    bool firstIsObject = false;
    if (first) {
        auto object = JsonRecordSplitter::parseObject(bytes, *first, fileName);
        firstIsObject = object.ok();
        if (object) {
            if (object->contains(u"Item") || (object->contains(u"PK") && object->value(u"PK").isObject()))
                return EventFileFormat::DynamoDb;
            if (object->contains(u"detail-type") || object->contains(u"detail"))
                return EventFileFormat::EventBridge;
            if (object->contains(u"eventId") || object->contains(u"customerId") || object->contains(u"recordedAt"))
                return EventFileFormat::Jsonl;
        }
    }
    if (fileName.toLower().endsWith(u".json.gz"))
        return EventFileFormat::DynamoDb;
    if (jsonName && !firstIsObject)
        return EventFileFormat::Jsonl; // a first record that is not JSON: the JSON reader says where
    return makeError(ErrorCode::Parse,
                     QStringLiteral("%1: cannot tell the format from the name or the first record (no \"Item\", \"detail-type\" "
                                    "or \"eventId\"); name it with --format csv|jsonl|dynamodb|eventbridge")
                         .arg(fileName));
}

Result<SourcedEventList> EventImporter::read(const QByteArray& input, const QString& sourceName, EventFileFormat format,
                                             EventFileFormat* used)
{
    const bool gzipped = Gzip::isGzip(input);
    if (format == EventFileFormat::Auto) {
        auto head = contentHead(input, sourceName);
        if (!head)
            return head.error();
        auto detected = detectFormat(*head, sourceName);
        if (!detected)
            return detected.error();
        format = *detected;
    }
    if (used)
        *used = format;
    // DynamoDB data files are inflated piece by piece as they are read; the other formats read a whole text.
    if (format == EventFileFormat::DynamoDb)
        return DynamoDbJsonFormat::read(input, sourceName);
    QByteArray bytes = input;
    if (gzipped) {
        auto inflated = Gzip::decompress(input, sourceName);
        if (!inflated)
            return inflated.error();
        bytes = std::move(inflated).value();
    }
    switch (format) {
    case EventFileFormat::Csv:
        return CsvEventReader::read(bytes, sourceName);
    case EventFileFormat::Jsonl:
        return JsonlEventFormat::read(bytes, sourceName);
    case EventFileFormat::EventBridge:
        return EventBridgeFormat::read(bytes, sourceName);
    case EventFileFormat::DynamoDb:
    case EventFileFormat::Auto:
        break;
    }
    return makeError(ErrorCode::InvalidArgument, QStringLiteral("no format to read %1 with").arg(sourceName));
}

Result<SourcedEventList> EventImporter::read(const QString& path, EventFileFormat format, EventFileFormat* used)
{
    const QFileInfo info(path);
    if (!info.exists())
        return makeError(ErrorCode::NotFound, QStringLiteral("there is no file %1").arg(QDir::toNativeSeparators(path)));
    if (info.isDir()) {
        if (format != EventFileFormat::Auto && format != EventFileFormat::DynamoDb) {
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("%1 is a folder; only a DynamoDB export folder can be imported")
                                                             .arg(QDir::toNativeSeparators(path)));
        }
        if (!DynamoDbJsonFormat::isExportFolder(path)) {
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("%1 is a folder but not a DynamoDB export (no manifest-files.json, no data/*.json.gz)")
                                 .arg(QDir::toNativeSeparators(path)));
        }
        if (used)
            *used = EventFileFormat::DynamoDb;
        return DynamoDbJsonFormat::readExportFolder(path);
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    StepTimer timer(lcImport(), "reading");
    const QString name = info.fileName();
    const QByteArray head = file.peek(DetectionBytes);
    if (Gzip::isGzip(head) || file.isSequential()) {
        // Compressed: the file whole, inflated as each format reads it (DynamoDB's data files piece by piece). A pipe
        // is read whole too: reading it in parts, there would be no going back to name an error.
        auto events = read(file.readAll(), name, format, used);
        timer.step("the gzip file");
        return events;
    }
    // Plain text is read a part at a time: an import holds its events, not its events and the whole file as well.
    if (format == EventFileFormat::Auto) {
        auto detected = detectFormat(head, name);
        if (!detected)
            return detected.error();
        format = *detected;
    }
    if (used)
        *used = format;
    const auto next = [&file, &name](QByteArray& buffer, qsizetype maxBytes) -> Result<bool> {
        const qsizetype before = buffer.size();
        buffer.resize(before + maxBytes);
        const qint64 got = file.read(buffer.data() + before, maxBytes);
        if (got < 0)
            return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(name, file.errorString()));
        buffer.resize(before + got);
        return got > 0 && !file.atEnd();
    };
    Result<SourcedEventList> events = SourcedEventList();
    switch (format) {
    case EventFileFormat::Csv:
        events = CsvEventReader::read(file, name);
        break;
    case EventFileFormat::Jsonl:
        events = JsonlEventFormat::read(file, name);
        break;
    case EventFileFormat::DynamoDb:
        events = DynamoDbJsonFormat::read(next, name);
        break;
    case EventFileFormat::EventBridge:
        events = EventBridgeFormat::read(next, name);
        break;
    case EventFileFormat::Auto:
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("no format to read %1 with").arg(name));
    }
    timer.step("the events");
    return events;
}

Result<ImportPlan> EventImporter::plan(const EventStore& store, const SourcedEventList& events)
{
    return ImportPlanner::plan(store, events);
}

Result<ImportReport> EventImporter::importEvents(EventStore& store, const SourcedEventList& events, const Progress& progress)
{
    const qint64 read = events.size();
    if (progress && !progress(ImportStage::Checking, 0, read))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("import cancelled; nothing was written"));
    auto planned = plan(store, events);
    if (!planned)
        return planned.error();
    ImportReport report;
    report.read = read;
    report.skipped = planned->skipped;
    const qint64 total = planned->events.size();
    if (progress && !progress(ImportStage::Checking, read, read))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("import cancelled; nothing was written"));
    if (total == 0)
        return report;
    auto outcome = store.appendBatch(planned->events, [&](qint64 done) {
        return !progress || progress(ImportStage::Writing, done, total);
    });
    if (!outcome) {
        Error e = outcome.error();
        // The store names the event it refused; say where that event came from.
        for (qsizetype k = 0; k < planned->events.size(); ++k) {
            if (e.message.contains(u' ' + planned->events[k].eventId() + u' ')) {
                const qsizetype source = planned->sources.isEmpty() ? k : planned->sources[k];
                e.message = ImportPlanner::where(events, source) % QStringLiteral(": ") % e.message;
                e.line = events.line(source);
                break;
            }
        }
        if (e.message.startsWith(u"cancelled"))
            e.message = QStringLiteral("import cancelled; nothing was written");
        return e;
    }
    report.imported = outcome->appended;
    report.skipped += outcome->skipped;
    return report;
}

Result<ImportReport> EventImporter::importFile(EventStore& store, const QString& path, EventFileFormat format,
                                              const Progress& progress)
{
    if (progress && !progress(ImportStage::Reading, 0, 1))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("import cancelled; nothing was written"));
    EventFileFormat used = format;
    auto events = read(path, format, &used);
    if (!events)
        return events.error();
    if (progress && !progress(ImportStage::Reading, 1, 1))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("import cancelled; nothing was written"));
    auto report = importEvents(store, *events, progress);
    if (!report)
        return report;
    report.value().format = used;
    return report;
}

} // namespace hindsight
