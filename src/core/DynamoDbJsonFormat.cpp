#include "DynamoDbJsonFormat.h"

#include "Gzip.h"
#include "JsonFieldReader.h"
#include "JsonRecordSplitter.h"
#include "JsonText.h"
#include "Timestamp.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>

namespace hindsight {

namespace {

enum class Attribute { Pk, Sk, EventId, FirstName, LastName, Address, Dob, Status, Count };

struct AttributeName {
    const char* name;     ///< as written on export
    const char* key;      ///< normalized, for matching
    const char* altKey;   ///< another accepted spelling, normalized (or empty)
};

const AttributeName Attributes[] = {
    {"PK", "pk", "customerid"},          {"SK", "sk", "recordedat"},    {"EventId", "eventid", ""},
    {"FirstName", "firstname", ""},      {"LastName", "lastname", ""},  {"Address", "address", ""},
    {"DOB", "dob", "dateofbirth"},       {"Status", "status", "type"},
};

QString normalized(const QString& name)
{
    QString key;
    for (QChar c : name) {
        if (c.isLetterOrNumber())
            key.append(c.toLower());
    }
    return key;
}

QString readError(const QString& path, const QString& why)
{
    return QStringLiteral("cannot read %1: %2").arg(QDir::toNativeSeparators(path), why);
}

Result<QByteArray> readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, readError(path, file.errorString()));
    return file.readAll();
}

/**
 * The files an export folder may have read: only those inside it, links resolved. A manifest names each data file by
 * its S3 key (export-prefix/AWSDynamoDB/<export id>/data/<file>.json.gz), which is looked up in the folder's own
 * data/ by file name; a key that is an absolute path or climbs out with ".." is refused before any file is opened.
 */
class ExportFolder
{
public:
    explicit ExportFolder(const QString& folder)
        : m_dir(folder)
        , m_canonical(QFileInfo(folder).canonicalFilePath())
    {
    }

    /** @p path itself when it lies inside the folder once links are resolved; otherwise an error naming where it leads. */
    Result<QString> check(const QString& path) const
    {
        const QString real = QFileInfo(path).canonicalFilePath();
        if (real.isEmpty())
            return makeError(ErrorCode::NotFound, QStringLiteral("%1 does not exist").arg(QDir::toNativeSeparators(path)));
        if (m_canonical.isEmpty() || !real.startsWith(m_canonical + u'/')) {
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("%1 leads to %2, outside the export folder %3; only files inside it are read")
                                 .arg(QDir::toNativeSeparators(path), QDir::toNativeSeparators(real),
                                      QDir::toNativeSeparators(m_canonical)));
        }
        return path;
    }

    /** The data file a manifest's dataFileS3Key names, inside the folder. */
    Result<QString> dataFile(const QString& key) const
    {
        const auto refuse = [&](const QString& why) {
            return makeError(ErrorCode::Parse, QStringLiteral("\"%1\" %2; expected the S3 key of a data file, such as "
                                                              "AWSDynamoDB/<export id>/data/<file>.json.gz")
                                                   .arg(key, why));
        };
        if (key.startsWith(u'/') || key.startsWith(u'\\') || (key.size() > 1 && key[1] == u':') || QDir::isAbsolutePath(key))
            return refuse(QStringLiteral("is an absolute path; only files inside the export folder are read"));
        const QStringList segments = key.split(QRegularExpression(QStringLiteral("[/\\\\]")));
        if (segments.contains(QStringLiteral("..")))
            return refuse(QStringLiteral("climbs out with \"..\"; only files inside the export folder are read"));
        const QString name = segments.last();
        if (name.isEmpty() || name == u".")
            return refuse(QStringLiteral("names no file"));
        // A genuine key ends in data/<file>: that file of this folder's data/. Any other is a path in the folder.
        const QString inData = m_dir.filePath(QStringLiteral("data/") + name);
        QString path = inData;
        if (!QFileInfo(inData).exists() && !(segments.size() >= 2 && segments[segments.size() - 2] == u"data"))
            path = m_dir.filePath(segments.join(u'/'));
        const QFileInfo info(path);
        if (!info.exists() && !info.isSymLink()) {
            return makeError(ErrorCode::NotFound, QStringLiteral("the data file %1 is not in %2")
                                                      .arg(key, QDir::toNativeSeparators(m_dir.filePath(QStringLiteral("data")))));
        }
        auto inside = check(path);
        if (!inside)
            return inside;
        if (!QFileInfo(path).isFile())
            return makeError(ErrorCode::Parse, QStringLiteral("%1 is not a file").arg(QDir::toNativeSeparators(path)));
        return path;
    }

private:
    QDir m_dir;
    QString m_canonical;
};

/** One item of a data file, as an event. */
Result<std::optional<Event>> readItem(const QJsonObject& object, const JsonFieldReader& f)
{
    // An export wraps each item in {"Item": …}; a hand-written file may give the item itself.
    QJsonObject item = object;
    QString prefix;
    if (object.contains(u"Item")) {
        const QJsonValue wrapped = object.value(u"Item");
        if (!wrapped.isObject())
            return f.error(QStringLiteral("Item"), QStringLiteral("expected an object of attributes"));
        item = wrapped.toObject();
        prefix = QStringLiteral("Item.");
    }

    QString values[int(Attribute::Count)];
    bool found[int(Attribute::Count)] = {};
    for (auto it = item.constBegin(); it != item.constEnd(); ++it) {
        const QString key = normalized(it.key());
        for (int a = 0; a < int(Attribute::Count); ++a) {
            if (key != QLatin1String(Attributes[a].key) && key != QLatin1String(Attributes[a].altKey))
                continue;
            const QString field = prefix + it.key();
            if (found[a])
                return f.error(field, QStringLiteral("the attribute %1 appears twice").arg(QString::fromLatin1(Attributes[a].name)));
            if (!it.value().isObject())
                return f.error(field, QStringLiteral("expected a typed attribute such as {\"S\": \"…\"}"));
            const QJsonObject typed = it.value().toObject();
            const QJsonValue s = typed.value(u"S").isUndefined() ? typed.value(u"N") : typed.value(u"S");
            if (typed.size() != 1 || !s.isString())
                return f.error(field, QStringLiteral("expected a string attribute {\"S\": \"…\"}"));
            // Ids, names and addresses repeat from event to event: one string for each distinct text.
            const bool repeats = a != int(Attribute::Sk) && a != int(Attribute::EventId) && a != int(Attribute::Dob)
                && a != int(Attribute::Status);
            auto text = repeats ? f.sharedString(s, field) : f.string(s, field);
            if (!text)
                return text.error();
            values[a] = std::move(text).value();
            found[a] = true;
        }
    }
    for (int a = 0; a < int(Attribute::Count); ++a) {
        if (!found[a]) {
            return f.error(prefix + QString::fromLatin1(Attributes[a].name),
                           QStringLiteral("missing; an item needs PK, SK, EventId, FirstName, LastName, Address, DOB and Status"));
        }
    }
    const auto field = [&](Attribute a) -> QString { return prefix + QString::fromLatin1(Attributes[int(a)].name); };
    auto customerId = f.identifier(values[int(Attribute::Pk)], field(Attribute::Pk));
    if (!customerId)
        return customerId.error();
    customerId = f.shared(*customerId);
    auto recordedAt = f.time(values[int(Attribute::Sk)], field(Attribute::Sk));
    if (!recordedAt)
        return recordedAt.error();
    auto eventId = f.identifier(values[int(Attribute::EventId)], field(Attribute::EventId));
    if (!eventId)
        return eventId.error();
    auto dob = f.date(values[int(Attribute::Dob)], field(Attribute::Dob));
    if (!dob)
        return dob.error();
    auto type = f.type(values[int(Attribute::Status)], field(Attribute::Status));
    if (!type)
        return type.error();
    CustomerData data{values[int(Attribute::FirstName)], values[int(Attribute::LastName)], values[int(Attribute::Address)], *dob};
    return std::optional<Event>(Event(std::move(eventId).value(), std::move(customerId).value(), *type, *recordedAt, std::move(data)));
}

/** The items of one data file; @p budget is what the import may still inflate from gzip files. */
Result<SourcedEventList> readDataFile(const QByteArray& bytes, const QString& sourceName, qint64* budget)
{
    Result<SourcedEventList> events = SourcedEventList();
    if (Gzip::isGzip(bytes)) {
        // Inflated piece by piece as the items are read: the content is never held whole, and a bomb stops at the limits.
        GzipReader reader(bytes, sourceName, budget);
        events = JsonRecordSplitter::readEvents([&reader](QByteArray& buffer, qsizetype maxBytes) { return reader.read(buffer, maxBytes); },
                                                sourceName, readItem);
    } else {
        events = JsonRecordSplitter::readEvents(bytes, sourceName, readItem);
    }
    if (events)
        events.value().setFormat(EventFileFormat::DynamoDb);
    return events;
}

} // namespace

Result<SourcedEventList> DynamoDbJsonFormat::read(const QByteArray& bytes, const QString& sourceName)
{
    qint64 budget = Gzip::limits().maxBytes;
    return readDataFile(bytes, sourceName, &budget);
}

Result<SourcedEventList> DynamoDbJsonFormat::read(const JsonRecordSplitter::ChunkReader& next, const QString& sourceName)
{
    auto events = JsonRecordSplitter::readEvents(next, sourceName, readItem);
    if (events)
        events.value().setFormat(EventFileFormat::DynamoDb);
    return events;
}

bool DynamoDbJsonFormat::isExportFolder(const QString& folder)
{
    const QDir dir(folder);
    if (dir.exists(QStringLiteral("manifest-files.json")))
        return true;
    return !QDir(dir.filePath(QStringLiteral("data"))).entryList({QStringLiteral("*.json.gz")}, QDir::Files).isEmpty();
}

Result<SourcedEventList> DynamoDbJsonFormat::readExportFolder(const QString& folder)
{
    const QDir dir(folder);
    const ExportFolder within(folder);
    const QString manifestName = QStringLiteral("manifest-files.json");
    const QString manifestPath = dir.filePath(manifestName);
    struct DataFile {
        QString path;
        QString shown;
        qint64 itemCount = -1;
        qint64 manifestLine = 0;
    };
    QList<DataFile> files;
    if (QFileInfo::exists(manifestPath)) {
        if (auto inside = within.check(manifestPath); !inside)
            return makeError(ErrorCode::InvalidArgument, inside.error().message);
        auto manifest = readFile(manifestPath);
        if (!manifest)
            return manifest.error();
        auto records = JsonRecordSplitter::split(*manifest, manifestName);
        if (!records)
            return records.error();
        for (const JsonRecord& record : std::as_const(*records)) {
            auto object = JsonRecordSplitter::parseObject(*manifest, record, manifestName);
            if (!object)
                return object.error();
            const JsonFieldReader f(manifestName, record.line);
            auto key = f.identifier(object->value(u"dataFileS3Key"), QStringLiteral("dataFileS3Key"));
            if (!key)
                return key.error();
            auto path = within.dataFile(*key);
            if (!path)
                return f.error(QStringLiteral("dataFileS3Key"), path.error().message);
            qint64 count = -1;
            if (object->contains(u"itemCount")) {
                const QJsonValue v = object->value(u"itemCount");
                if (!v.isDouble() || v.toDouble() < 0 || v.toDouble() != double(qint64(v.toDouble())))
                    return f.error(QStringLiteral("itemCount"), QStringLiteral("expected a whole number"));
                count = qint64(v.toDouble());
            }
            files.append({*path, dir.relativeFilePath(*path), count, record.line});
        }
    } else {
        const QDir data(dir.filePath(QStringLiteral("data")));
        const QStringList names = data.entryList({QStringLiteral("*.json.gz"), QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        if (names.isEmpty()) {
            return makeError(ErrorCode::Parse, QStringLiteral("%1 holds no manifest-files.json and no data/*.json.gz files")
                                                   .arg(QDir::toNativeSeparators(folder)));
        }
        for (const QString& name : names) {
            const QString path = data.filePath(name);
            if (auto inside = within.check(path); !inside)
                return makeError(ErrorCode::InvalidArgument, inside.error().message);
            files.append({path, dir.relativeFilePath(path), -1, 0});
        }
    }

    // What all the data files together may inflate: one budget for the whole import.
    qint64 budget = Gzip::limits().maxBytes;
    SourcedEventList events(EventFileFormat::DynamoDb);
    for (const DataFile& file : std::as_const(files)) {
        auto bytes = readFile(file.path);
        if (!bytes)
            return bytes.error();
        auto read = readDataFile(*bytes, file.shown, &budget);
        if (!read)
            return read.error();
        if (file.itemCount >= 0 && read->size() != file.itemCount) {
            return JsonRecordSplitter::error(manifestName, file.manifestLine, QStringLiteral("itemCount"),
                                             QStringLiteral("%1 holds %2 items, not %3: the export is incomplete or damaged")
                                                 .arg(file.shown)
                                                 .arg(read->size())
                                                 .arg(file.itemCount));
        }
        events.append(std::move(read).value());
    }
    events.setFormat(EventFileFormat::DynamoDb);
    return events;
}

void DynamoDbJsonFormat::appendLine(QByteArray& out, const Event& e)
{
    const auto attribute = [&out](const char* name, QStringView value, bool first = false) {
        if (!first)
            out.append(',');
        out.append('"').append(name).append("\":{\"S\":");
        JsonText::appendString(out, value);
        out.append('}');
    };
    out.append("{\"Item\":{");
    attribute("PK", e.customerId(), true);
    attribute("SK", Timestamp::format(e.recordedAtMs()));
    attribute("EventId", e.eventId());
    attribute("FirstName", e.data().firstName);
    attribute("LastName", e.data().lastName);
    attribute("Address", e.data().address);
    attribute("DOB", Timestamp::formatDate(e.data().dateOfBirth));
    attribute("Status", statusName(e.type()));
    out.append("}}\n");
}

} // namespace hindsight
