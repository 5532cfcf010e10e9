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

} // namespace

Result<SourcedEventList> DynamoDbJsonFormat::read(const QByteArray& input, const QString& sourceName)
{
    QByteArray bytes = input;
    if (Gzip::isGzip(input)) {
        auto inflated = Gzip::decompress(input, sourceName);
        if (!inflated)
            return inflated.error();
        bytes = std::move(inflated).value();
    }
    return JsonRecordSplitter::readEvents(bytes, sourceName,
                                          [&](const QJsonObject& object, const JsonFieldReader& f) -> Result<std::optional<Event>> {
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
                auto text = f.string(s, field);
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
    });
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
    const QString manifestPath = dir.filePath(QStringLiteral("manifest-files.json"));
    struct DataFile {
        QString path;
        QString shown;
        qint64 itemCount = -1;
        qint64 manifestLine = 0;
    };
    QList<DataFile> files;
    if (QFileInfo::exists(manifestPath)) {
        auto manifest = readFile(manifestPath);
        if (!manifest)
            return manifest.error();
        const QString manifestName = QStringLiteral("manifest-files.json");
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
            // The key is the object's path in the bucket (AWSDynamoDB/<export>/data/<file>.json.gz): look for it
            // under this folder's data/, and as a path relative to the folder.
            const QString name = QFileInfo(*key).fileName();
            const QStringList candidates{dir.filePath(QStringLiteral("data/") + name), dir.filePath(*key)};
            QString path;
            for (const QString& candidate : candidates) {
                if (!name.isEmpty() && QFileInfo(candidate).isFile()) {
                    path = candidate;
                    break;
                }
            }
            if (path.isEmpty()) {
                return f.error(QStringLiteral("dataFileS3Key"),
                               QStringLiteral("the data file %1 is not in %2").arg(*key, QDir::toNativeSeparators(dir.filePath(QStringLiteral("data")))));
            }
            qint64 count = -1;
            if (object->contains(u"itemCount")) {
                const QJsonValue v = object->value(u"itemCount");
                if (!v.isDouble() || v.toDouble() < 0 || v.toDouble() != double(qint64(v.toDouble())))
                    return f.error(QStringLiteral("itemCount"), QStringLiteral("expected a whole number"));
                count = qint64(v.toDouble());
            }
            files.append({path, QStringLiteral("data/") + name, count, record.line});
        }
    } else {
        const QDir data(dir.filePath(QStringLiteral("data")));
        const QStringList names = data.entryList({QStringLiteral("*.json.gz"), QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        if (names.isEmpty()) {
            return makeError(ErrorCode::Parse, QStringLiteral("%1 holds no manifest-files.json and no data/*.json.gz files")
                                                   .arg(QDir::toNativeSeparators(folder)));
        }
        for (const QString& name : names)
            files.append({data.filePath(name), QStringLiteral("data/") + name, -1, 0});
    }

    SourcedEventList events;
    for (const DataFile& file : std::as_const(files)) {
        auto bytes = readFile(file.path);
        if (!bytes)
            return bytes.error();
        auto read = DynamoDbJsonFormat::read(*bytes, file.shown);
        if (!read)
            return read.error();
        if (file.itemCount >= 0 && read->size() != file.itemCount) {
            return JsonRecordSplitter::error(QStringLiteral("manifest-files.json"), file.manifestLine, QStringLiteral("itemCount"),
                                             QStringLiteral("%1 holds %2 items, not %3: the export is incomplete or damaged")
                                                 .arg(file.shown)
                                                 .arg(read->size())
                                                 .arg(file.itemCount));
        }
        events.append(std::move(read).value());
    }
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
