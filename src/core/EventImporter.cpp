#include "EventImporter.h"

#include "CustomerAggregate.h"
#include "DynamoDbJsonFormat.h"
#include "EventBridgeFormat.h"
#include "Gzip.h"
#include "JsonRecordSplitter.h"
#include "JsonlEventFormat.h"
#include "ParallelPieces.h"
#include "StepTimer.h"
#include "Timestamp.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <algorithm>
#include <numeric>
#include <vector>

namespace hindsight {

namespace {

/** Inputs of at least this many events are checked on two threads where they can be. */
constexpr qsizetype SideBySideMinimum = 16384;

/** "FILE, line N: " for messages about a sourced event. */
QString where(const SourcedEvent& e)
{
    const QString source = e.source.isEmpty() ? QStringLiteral("input") : e.source;
    return QStringLiteral("%1, line %2").arg(source).arg(e.line);
}

Error planError(const SourcedEvent& e, const QString& field, const QString& what)
{
    Error error = makeError(ErrorCode::Parse,
                            field.isEmpty() ? QStringLiteral("%1: %2").arg(where(e), what)
                                            : QStringLiteral("%1, field %2: %3").arg(where(e), field, what),
                            field);
    error.line = e.line;
    return error;
}

/** Where a customer's history stands while the input is checked. */
struct CustomerCheck {
    bool exists = false;
    bool deleted = false;
    qint64 version = 0;
    qint64 updatedAtMs = 0;
    qsizetype lastIndex = -1;             ///< input event that left it so; -1: the store
    QHash<QString, Event> storedById;     ///< the store's events of this customer (only when it had any)
};

QString byWhom(const SourcedEventList& events, qsizetype index, const SourcedEvent& current)
{
    if (index < 0)
        return QStringLiteral("in the store");
    const SourcedEvent& e = events[index];
    return e.source == current.source ? QStringLiteral("on line %1").arg(e.line) : QStringLiteral("at %1").arg(where(e));
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
    QByteArray bytes = file.readAll();
    if (Gzip::isGzip(bytes)) {
        auto inflated = Gzip::decompress(bytes, info.fileName());
        if (!inflated)
            return inflated.error();
        bytes = std::move(inflated).value();
    }
    return detectFormat(bytes, info.fileName());
}

Result<EventFileFormat> EventImporter::detectFormat(const QByteArray& bytes, const QString& fileName)
{
    const QString name = fileName.toLower();
    qsizetype i = bytes.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n'))
        ++i;
    if (i >= bytes.size() || (bytes[i] != '{' && bytes[i] != '[')) {
        if (name.endsWith(u".jsonl") || name.endsWith(u".ndjson") || name.endsWith(u".json") || name.endsWith(u".json.gz")) {
            if (i >= bytes.size())
                return makeError(ErrorCode::Parse, QStringLiteral("%1, line 1: the file is empty; expected JSON events").arg(fileName));
        }
        return EventFileFormat::Csv;
    }
    const auto first = JsonRecordSplitter::firstRecord(bytes);
    if (first) {
        auto object = JsonRecordSplitter::parseObject(bytes, *first, fileName);
        if (object) {
            if (object->contains(u"Item") || (object->contains(u"PK") && object->value(u"PK").isObject()))
                return EventFileFormat::DynamoDb;
            if (object->contains(u"detail-type") || object->contains(u"detail"))
                return EventFileFormat::EventBridge;
            if (object->contains(u"eventId") || object->contains(u"customerId") || object->contains(u"recordedAt"))
                return EventFileFormat::Jsonl;
        }
    }
    if (name.endsWith(u".jsonl") || name.endsWith(u".ndjson"))
        return EventFileFormat::Jsonl;
    if (name.endsWith(u".json.gz"))
        return EventFileFormat::DynamoDb;
    return makeError(ErrorCode::Parse,
                     QStringLiteral("%1: cannot tell the format from the name or the first record (no \"Item\", \"detail-type\" "
                                    "or \"eventId\"); name it with --format csv|jsonl|dynamodb|eventbridge")
                         .arg(fileName));
}

Result<SourcedEventList> EventImporter::read(const QByteArray& input, const QString& sourceName, EventFileFormat format,
                                             EventFileFormat* used)
{
    QByteArray bytes = input;
    if (Gzip::isGzip(input)) {
        auto inflated = Gzip::decompress(input, sourceName);
        if (!inflated)
            return inflated.error();
        bytes = std::move(inflated).value();
    }
    if (format == EventFileFormat::Auto) {
        auto detected = detectFormat(bytes, sourceName);
        if (!detected)
            return detected.error();
        format = *detected;
    }
    if (used)
        *used = format;
    switch (format) {
    case EventFileFormat::Csv:
        return CsvEventReader::read(bytes, sourceName);
    case EventFileFormat::Jsonl:
        return JsonlEventFormat::read(bytes, sourceName);
    case EventFileFormat::DynamoDb:
        return DynamoDbJsonFormat::read(bytes, sourceName);
    case EventFileFormat::EventBridge:
        return EventBridgeFormat::read(bytes, sourceName);
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
    const QByteArray bytes = file.readAll();
    timer.step("the file");
    auto events = read(bytes, info.fileName(), format, used);
    timer.step("the events");
    return events;
}

Result<ImportPlan> EventImporter::plan(const EventStore& store, const SourcedEventList& events)
{
    ImportPlan plan;
    plan.read = events.size();
    const qsizetype n = events.size();
    StepTimer timer(lcImport(), "checking");

    // Two independent passes over the input, side by side when there is more than one core.
    // 1. Repeated ids within the input: the same event twice is skipped, two different events under one id refused.
    //    Found by sorting a 64-bit hash of every id with its index, then comparing text only within runs of equal
    //    hashes: for a million events several times faster than a hash table of a million strings.
    std::vector<bool> repeated(size_t(n), false);
    qsizetype conflict = -1; // the first repeat, in input order, whose content differs from the id's first event
    qsizetype conflictFirst = -1;
    const auto findRepeats = [&] {
        std::vector<std::pair<size_t, qsizetype>> keys(static_cast<size_t>(n));
        for (qsizetype i = 0; i < n; ++i)
            keys[size_t(i)] = {qHash(events[i].event.eventId()), i};
        std::sort(keys.begin(), keys.end());
        for (size_t a = 0; a < keys.size();) {
            size_t b = a + 1;
            while (b < keys.size() && keys[b].first == keys[a].first)
                ++b;
            if (b - a > 1) {
                // Within a run, indices ascend: the first member with an id is that id's first event.
                QHash<QString, qsizetype> firstInRun;
                for (size_t k = a; k < b; ++k) {
                    const qsizetype i = keys[k].second;
                    const auto first = firstInRun.constFind(events[i].event.eventId());
                    if (first == firstInRun.cend()) {
                        firstInRun.insert(events[i].event.eventId(), i);
                        continue;
                    }
                    repeated[size_t(i)] = true;
                    ++plan.skipped;
                    if (!events[*first].event.sameContentAs(events[i].event) && (conflict < 0 || i < conflict)) {
                        conflict = i;
                        conflictFirst = *first;
                    }
                }
            }
            a = b;
        }
    };

    // 2. Each event's customer as a number, numbered in customer id order: the ordering below then compares
    //    numbers, and the checks below keep each customer's state in a vector rather than a hash table. Repeats
    //    are numbered too: one with its first event's content has its customer, any other is refused above.
    std::vector<qint32> customerOf(static_cast<size_t>(n), -1);
    QStringList customerIds;
    const auto numberCustomers = [&] {
        QHash<QString, qint32> numbers;
        for (qsizetype i = 0; i < n; ++i) {
            const QString& id = events[i].event.customerId();
            auto it = numbers.constFind(id);
            if (it == numbers.cend()) {
                it = numbers.insert(id, qint32(customerIds.size()));
                customerIds.append(id);
            }
            customerOf[size_t(i)] = *it;
        }
        std::vector<qint32> byId(static_cast<size_t>(customerIds.size()));
        std::iota(byId.begin(), byId.end(), 0);
        std::sort(byId.begin(), byId.end(), [&](qint32 x, qint32 y) { return customerIds[x] < customerIds[y]; });
        std::vector<qint32> rank(byId.size());
        for (size_t r = 0; r < byId.size(); ++r)
            rank[size_t(byId[r])] = qint32(r);
        for (qint32& c : customerOf)
            c = rank[size_t(c)];
        QStringList sorted;
        sorted.reserve(customerIds.size());
        for (const qint32 c : byId)
            sorted.append(customerIds[c]);
        customerIds = std::move(sorted);
    };
    const bool sideBySide = n >= SideBySideMinimum && QThread::idealThreadCount() > 1;
    runPieces(sideBySide ? 2 : 1, [&](qsizetype pass) {
        if (pass == 0)
            findRepeats();
        if (pass == 1 || !sideBySide)
            numberCustomers();
    });
    if (conflict >= 0) {
        return planError(events[conflict], {},
                         QStringLiteral("event id %1 appears also %2 with different content; an id names one event")
                             .arg(events[conflict].event.eventId(), byWhom(events, conflictFirst, events[conflict])));
    }

    timer.step("repeated ids and customers");
    // The order of appending: the global order a Hindsight export recorded, when every event carries its position;
    // otherwise by customer, then time (the input's own order breaking ties, so that a repeated time is reported).
    std::vector<qsizetype> order;
    order.reserve(size_t(n));
    bool allPositioned = true;
    for (qsizetype i = 0; i < n; ++i) {
        if (repeated[size_t(i)])
            continue;
        order.push_back(i);
        allPositioned = allPositioned && events[i].event.position() > 0;
    }
    if (allPositioned) {
        std::stable_sort(order.begin(), order.end(),
                         [&](qsizetype a, qsizetype b) { return events[a].event.position() < events[b].event.position(); });
    } else {
        std::sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) {
            const qint32 x = customerOf[size_t(a)];
            const qint32 y = customerOf[size_t(b)];
            if (x != y)
                return x < y;
            const qint64 tx = events[a].event.recordedAtMs();
            const qint64 ty = events[b].event.recordedAtMs();
            return tx != ty ? tx < ty : a < b;
        });
    }

    timer.step("ordering");
    // Each customer's history, event by event, continuing what the store holds.
    auto head = store.headPosition();
    if (!head)
        return head.error();
    const bool storeIsEmpty = *head == 0;
    std::vector<std::optional<CustomerCheck>> customers(static_cast<size_t>(customerIds.size()));
    plan.events.reserve(qsizetype(order.size()));
    plan.sources.reserve(qsizetype(order.size()));
    for (const qsizetype i : order) {
        const SourcedEvent& current = events[i];
        const Event& e = current.event;
        std::optional<CustomerCheck>& slot = customers[size_t(customerOf[size_t(i)])];
        if (!slot) {
            CustomerCheck check;
            if (!storeIsEmpty) {
                auto stored = store.customer(e.customerId());
                if (!stored)
                    return stored.error();
                if (stored->has_value()) {
                    const CustomerRecord& r = **stored;
                    check.exists = true;
                    check.deleted = r.status == CustomerStatus::Deleted;
                    check.version = r.version;
                    check.updatedAtMs = r.updatedAtMs;
                    auto stream = store.readStream(e.customerId());
                    if (!stream)
                        return stream.error();
                    for (const Event& s : std::as_const(*stream))
                        check.storedById.insert(s.eventId(), s);
                }
            }
            if (!check.exists) {
                if (auto valid = CustomerAggregate::validateCustomerId(e.customerId()); !valid)
                    return planError(current, QStringLiteral("PK"), valid.error().message);
            }
            slot = std::move(check);
        }
        CustomerCheck& c = *slot;

        if (!c.storedById.isEmpty()) {
            if (const auto s = c.storedById.constFind(e.eventId()); s != c.storedById.cend()) {
                if (!s->sameContentAs(e)) {
                    return planError(current, {}, QStringLiteral("event id %1 is stored already with different content (%2 of "
                                                                 "customer %3 at %4)")
                                                      .arg(e.eventId(), statusName(s->type()), s->customerId(),
                                                           Timestamp::format(s->recordedAtMs())));
                }
                ++plan.skipped;
                continue;
            }
        }

        const QString status = QStringLiteral("Status");
        if (!c.exists && e.type() != EventType::Created) {
            return planError(current, status, QStringLiteral("customer %1's history starts here with %2; it must start with CREATED")
                                                  .arg(e.customerId(), statusName(e.type())));
        }
        if (c.exists && e.type() == EventType::Created) {
            return planError(current, status, QStringLiteral("customer %1 was created already (%2); expected UPDATED or DELETED")
                                                  .arg(e.customerId(), byWhom(events, c.lastIndex, current)));
        }
        if (c.deleted) {
            return planError(current, status, QStringLiteral("customer %1 was deleted (%2); nothing may follow a DELETED")
                                                  .arg(e.customerId(), byWhom(events, c.lastIndex, current)));
        }
        if (c.exists && e.recordedAtMs() == c.updatedAtMs) {
            return planError(current, QStringLiteral("SK"),
                             QStringLiteral("customer %1 has an event at %2 already (%3); a customer's times must not repeat")
                                 .arg(e.customerId(), Timestamp::format(e.recordedAtMs()), byWhom(events, c.lastIndex, current)));
        }
        if (c.exists && e.recordedAtMs() < c.updatedAtMs) {
            return planError(current, QStringLiteral("SK"),
                             QStringLiteral("%1 is earlier than customer %2's event at %3 (%4) that comes before it")
                                 .arg(Timestamp::format(e.recordedAtMs()), e.customerId(), Timestamp::format(c.updatedAtMs),
                                      byWhom(events, c.lastIndex, current)));
        }
        if (e.version() != 0 && e.version() != c.version + 1) {
            return planError(current, QStringLiteral("version"),
                             QStringLiteral("%1 does not follow customer %2's version %3; expected %4")
                                 .arg(e.version())
                                 .arg(e.customerId())
                                 .arg(c.version)
                                 .arg(c.version + 1));
        }
        if (e.type() != EventType::Deleted) {
            if (e.data().firstName.trimmed().isEmpty())
                return planError(current, QStringLiteral("First name"), QStringLiteral("must not be blank"));
            if (e.data().lastName.trimmed().isEmpty())
                return planError(current, QStringLiteral("Last name"), QStringLiteral("must not be blank"));
        }
        c.exists = true;
        c.deleted = e.type() == EventType::Deleted;
        c.version += 1;
        c.updatedAtMs = e.recordedAtMs();
        c.lastIndex = i;
        plan.events.append(e);
        plan.sources.append(i);
    }
    timer.step("rules");
    return plan;
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
                const SourcedEvent& s = events[planned->sources[k]];
                e.message = where(s) % QStringLiteral(": ") % e.message;
                e.line = s.line;
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
