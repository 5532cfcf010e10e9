#include "EventExporter.h"

#include "DynamoDbJsonFormat.h"
#include "EventTableWriter.h"
#include "JsonlEventFormat.h"
#include "StoreFactory.h"
#include "StoreHeadRecord.h"

#include <QDir>
#include <QFileInfo>
#include <QIODevice>
#include <QSaveFile>

#include <optional>

namespace hindsight {

namespace {

constexpr qsizetype FlushAt = 1 << 20;

bool writeAll(QIODevice& device, const QByteArray& bytes)
{
    qint64 written = 0;
    while (written < bytes.size()) {
        const qint64 n = device.write(bytes.constData() + written, bytes.size() - written);
        if (n <= 0)
            return false;
        written += n;
    }
    return true;
}

} // namespace

bool EventExporter::canWrite(EventFileFormat format)
{
    return format == EventFileFormat::Jsonl || format == EventFileFormat::Csv || format == EventFileFormat::DynamoDb;
}

Result<qint64> EventExporter::write(const EventStore& store, EventFileFormat format, QIODevice& device, const Progress& progress)
{
    if (!canWrite(format)) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("events cannot be exported as %1; use jsonl, csv or dynamodb").arg(eventFileFormatName(format)));
    }
    qint64 total = 0;
    if (progress) {
        auto stats = store.stats();
        if (!stats)
            return stats.error();
        total = stats->eventCount;
    }
    // JSON Lines ends with the store head it reached (StoreHeadRecord), for `verify --against`. It is read first and
    // the export stops there, so that the events and the head agree even while others append.
    std::optional<StoreHead> head;
    if (format == EventFileFormat::Jsonl) {
        auto read = store.head();
        if (!read)
            return read.error();
        head = *read;
    }
    QByteArray buffer;
    buffer.reserve(FlushAt + 4096);
    if (format == EventFileFormat::Csv)
        buffer.append(EventTableWriter::toCsv({}, EventTableWriter::Columns::EventStore));

    qint64 count = 0;
    std::optional<Error> failure;
    const auto visit = [&](const Event& e) {
        if (head && e.position() > head->position)
            return false;
        switch (format) {
        case EventFileFormat::Jsonl:
            JsonlEventFormat::appendLine(buffer, e);
            break;
        case EventFileFormat::Csv:
            EventTableWriter::appendCsv(buffer, e, EventTableWriter::Columns::EventStore);
            break;
        default:
            DynamoDbJsonFormat::appendLine(buffer, e);
            break;
        }
        ++count;
        if (buffer.size() >= FlushAt) {
            if (!writeAll(device, buffer)) {
                failure = makeError(ErrorCode::Io, QStringLiteral("writing the export failed: %1").arg(device.errorString()));
                return false;
            }
            buffer.clear();
            if (progress && !progress(count, total)) {
                failure = makeError(ErrorCode::InvalidArgument, QStringLiteral("export cancelled"));
                return false;
            }
        }
        return true;
    };
    // JSON Lines keeps the store's global order (it carries positions); the others, which do not, go by customer
    // so that their bytes do not depend on the order the events were appended in.
    auto visited = format == EventFileFormat::Jsonl ? store.forEachEvent(0, visit) : store.forEachEventByCustomer(visit);
    if (!visited)
        return visited.error();
    if (failure)
        return *failure;
    if (head)
        buffer.append(StoreHeadRecord::line(*head)).append('\n');
    if (!writeAll(device, buffer))
        return makeError(ErrorCode::Io, QStringLiteral("writing the export failed: %1").arg(device.errorString()));
    if (progress)
        progress(count, total);
    return count;
}

Result<qint64> EventExporter::writeFile(const EventStore& store, EventFileFormat format, const QString& path, const Progress& progress)
{
    const QString shown = QDir::toNativeSeparators(path);
    QSaveFile file(path);
    if (auto opened = openTarget(file, store); !opened)
        return opened.error();
    auto written = write(store, format, file, progress);
    if (!written) {
        file.cancelWriting();
        Error e = written.error();
        e.message = QStringLiteral("%1 (%2 was left as it was)").arg(e.message, shown);
        return e;
    }
    if (!file.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2; it was left as it was").arg(shown, file.errorString()));
    return written;
}

Result<void> EventExporter::openTarget(QSaveFile& file, const EventStore& store)
{
    const QString path = file.fileName();
    const QString shown = QDir::toNativeSeparators(path);
    if (StoreFactory::isStoreFile(store.location(), path)) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("%1 is a file of the store %2 itself: an export there would replace it; nothing was "
                                        "written. Choose another file.")
                             .arg(shown, QDir::toNativeSeparators(store.location())));
    }
    // Asked before open(): a file that appears in between gets 0600 as well, the safe side.
    const bool isNew = !QFileInfo::exists(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(shown, file.errorString()));
    // QSaveFile creates its temporary file 0666 less the umask (0644 under the usual 022) when the target is new,
    // and copies an existing target's permissions; commit() renames the temporary file, permissions and all.
    if (isNew && !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return makeError(ErrorCode::Io, QStringLiteral("cannot make %1 private to its owner: %2; nothing was written").arg(shown, reason));
    }
    return {};
}

} // namespace hindsight
