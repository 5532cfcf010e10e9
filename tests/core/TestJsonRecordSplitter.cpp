#include "JsonFieldReader.h"
#include "JsonRecordSplitter.h"
#include "JsonlEventFormat.h"

#include <QTest>

using namespace hindsight;

namespace {

/** What a format makes of a record, for these tests: an event whose id is the record's "id" (a record without one is skipped). */
Result<std::optional<Event>> readTestRecord(const QJsonObject& object, const JsonFieldReader& f)
{
    if (!object.contains(u"id"))
        return std::optional<Event>();
    auto id = f.identifier(object.value(u"id"), QStringLiteral("id"));
    if (!id)
        return id.error();
    return std::optional<Event>(Event(*id, QStringLiteral("c"), EventType::Created, 0, {}));
}

/** The events' ids and lines, or the error, as one comparable text. */
QString outcome(const Result<SourcedEventList>& read)
{
    if (!read)
        return QStringLiteral("error at line %1: %2").arg(read.error().line).arg(read.error().message);
    QStringList out;
    for (const SourcedEvent& e : *read)
        out << QStringLiteral("%1@%2").arg(e.event.eventId()).arg(e.line);
    return out.join(u' ');
}

/** A stream of @p bytes handing out at most @p piece bytes at a time. */
JsonRecordSplitter::ChunkReader streamOf(const QByteArray& bytes, qsizetype piece)
{
    return [bytes, piece, at = qsizetype(0)](QByteArray& buffer, qsizetype maxBytes) mutable -> Result<bool> {
        const qsizetype n = std::min({piece, maxBytes, bytes.size() - at});
        buffer.append(bytes.constData() + at, n);
        at += n;
        return at < bytes.size();
    };
}

} // namespace

/** JsonRecordSplitter: finding the records of a JSON file, and the line each starts on, whatever the bytes. */
class TestJsonRecordSplitter : public QObject
{
    Q_OBJECT

private slots:
    void shouldFindRecordsAndTheirLines_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QList<qint64>>("lines");
        QTest::addColumn<QStringList>("records");
        QTest::newRow("empty") << QByteArray() << QList<qint64>{} << QStringList{};
        QTest::newRow("only space and a byte-order mark") << QByteArray("\xEF\xBB\xBF \r\n\n") << QList<qint64>{} << QStringList{};
        QTest::newRow("one per line") << QByteArray("{\"a\":1}\n{\"b\":2}\n") << QList<qint64>{1, 2} << QStringList{u"{\"a\":1}"_qs, u"{\"b\":2}"_qs};
        QTest::newRow("CRLF and blank lines") << QByteArray("{\"a\":1}\r\n\r\n{\"b\":2}") << QList<qint64>{1, 3}
                                              << QStringList{u"{\"a\":1}"_qs, u"{\"b\":2}"_qs};
        QTest::newRow("brackets and line breaks inside strings")
            << QByteArray("{\"a\":\"}{[\\\"\\n\"}\n{\"b\":\"x\ny\"}\n{\"c\":3}") << QList<qint64>{1, 2, 4}
            << QStringList{u"{\"a\":\"}{[\\\"\\n\"}"_qs, u"{\"b\":\"x\ny\"}"_qs, u"{\"c\":3}"_qs};
        QTest::newRow("pretty-printed objects one after another") << QByteArray("{\n \"a\": {\"x\": [1, 2]}\n}\n{\n \"b\": 2\n}\n")
                                                                   << QList<qint64>{1, 4}
                                                                   << QStringList{u"{\n \"a\": {\"x\": [1, 2]}\n}"_qs, u"{\n \"b\": 2\n}"_qs};
        QTest::newRow("one array") << QByteArray("[\n {\"a\":1},\n {\"b\":[2]}\n]\n") << QList<qint64>{2, 3}
                                   << QStringList{u"{\"a\":1}"_qs, u"{\"b\":[2]}"_qs};
        QTest::newRow("an empty array") << QByteArray(" [ ] ") << QList<qint64>{} << QStringList{};
        QTest::newRow("a bare word is a record for the parser to refuse") << QByteArray("nonsense\n") << QList<qint64>{1}
                                                                          << QStringList{u"nonsense"_qs};
    }
    void shouldFindRecordsAndTheirLines()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QList<qint64>, lines);
        QFETCH(QStringList, records);
        const auto split = JsonRecordSplitter::split(bytes, QStringLiteral("f.json"));
        QVERIFY2(split.ok(), qPrintable(split.ok() ? QString() : split.error().message));
        QList<qint64> foundLines;
        QStringList found;
        for (const JsonRecord& r : *split) {
            foundLines << r.line;
            found << QString::fromUtf8(bytes.mid(r.offset, r.length));
        }
        QCOMPARE(foundLines, lines);
        QCOMPARE(found, records);
    }

    void shouldRefuseBrokenFilesNamingTheLine_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<qint64>("line");
        QTest::addColumn<QString>("expected");
        QTest::newRow("record not closed") << QByteArray("{\"a\":1}\n{\"b\":\n2\n") << qint64(2) << "not closed";
        QTest::newRow("string not closed") << QByteArray("{\"a\":1}\n\n{\"b\":\"x}\n") << qint64(3) << "string that is not closed";
        QTest::newRow("a stray closing brace") << QByteArray("{\"a\":1}\n}\n") << qint64(2) << "unexpected '}'";
        QTest::newRow("records separated by commas") << QByteArray("{\"a\":1},\n{\"b\":2}\n") << qint64(1) << "unexpected ','";
        QTest::newRow("array not closed") << QByteArray("[\n{\"a\":1},\n{\"b\":2}\n") << qint64(4) << "array opened on line 1";
        QTest::newRow("array elements without comma") << QByteArray("[\n{\"a\":1}\n{\"b\":2}\n]") << qint64(3) << "expected ',' or ']'";
        QTest::newRow("text after the array") << QByteArray("[{\"a\":1}]\n{\"b\":2}\n") << qint64(2) << "after the array";
    }
    void shouldRefuseBrokenFilesNamingTheLine()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(qint64, line);
        QFETCH(QString, expected);
        const auto split = JsonRecordSplitter::split(bytes, QStringLiteral("f.json"));
        QVERIFY(!split.ok());
        QCOMPARE(split.error().line, line);
        QVERIFY2(split.error().message.startsWith(QStringLiteral("f.json, line %1: ").arg(line)), qPrintable(split.error().message));
        QVERIFY2(split.error().message.contains(expected), qPrintable(split.error().message));
    }

    void shouldNameTheLineWhereParsingStopped()
    {
        const QByteArray bytes = "{\"a\":1}\n{\n \"b\": 2,\n \"c\": oops\n}\n";
        const auto split = JsonRecordSplitter::split(bytes, QStringLiteral("f.json"));
        QVERIFY(split.ok());
        QCOMPARE(split->size(), 2);
        QVERIFY(JsonRecordSplitter::parseObject(bytes, split->at(0), QStringLiteral("f.json")).ok());
        const auto second = JsonRecordSplitter::parseObject(bytes, split->at(1), QStringLiteral("f.json"));
        QVERIFY(!second.ok());
        QCOMPARE(second.error().line, 4);
        QVERIFY2(second.error().message.startsWith(QStringLiteral("f.json, line 4: not valid JSON")), qPrintable(second.error().message));
    }

    // Files of many records are parsed in pieces on every core: the same events in the same order with the same
    // lines, and the error of the first bad record in the file.
    void shouldReadManyRecordsInPiecesAsOneWhole()
    {
        constexpr int Records = 20000;
        const QByteArray bytes = manyRecords(Records, {});
        const auto events = JsonlEventFormat::read(bytes, QStringLiteral("big.jsonl"));
        QVERIFY2(events.ok(), qPrintable(events.ok() ? QString() : events.error().message));
        QCOMPARE(events->size(), Records);
        for (int i = 0; i < Records; ++i) {
            const SourcedEvent& e = events->at(i);
            if (e.event.eventId() != QStringLiteral("id-%1").arg(i) || e.line != 2 * i + 1)
                QFAIL(qPrintable(QStringLiteral("record %1: id %2 on line %3").arg(i).arg(e.event.eventId()).arg(e.line)));
        }
    }

    void shouldNameTheFirstBadRecordOfManyRecords_data()
    {
        QTest::addColumn<QList<int>>("bad");
        QTest::addColumn<int>("first");
        QTest::newRow("one, late") << QList<int>{17000} << 17000;
        QTest::newRow("one, early") << QList<int>{3} << 3;
        QTest::newRow("one in each half") << QList<int>{19000, 4000} << 4000;
        QTest::newRow("two in the last half") << QList<int>{18000, 15000} << 15000;
    }
    void shouldNameTheFirstBadRecordOfManyRecords()
    {
        QFETCH(QList<int>, bad);
        QFETCH(int, first);
        const auto events = JsonlEventFormat::read(manyRecords(20000, bad), QStringLiteral("big.jsonl"));
        QVERIFY(!events.ok());
        const qint64 line = 2 * first + 1;
        QCOMPARE(events.error().line, line);
        QVERIFY2(events.error().message.startsWith(QStringLiteral("big.jsonl, line %1").arg(line)), qPrintable(events.error().message));
    }

    void shouldRefuseAKeyRepeatedInOneObject_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<qint64>("line");
        QTest::addColumn<QString>("key");
        QTest::newRow("at the top") << QByteArray(R"({"eventId":"e1","firstName":"Ann","eventId":"e2"})") << qint64(1) << "eventId";
        QTest::newRow("in a nested object") << QByteArray(R"({"Item":{"FirstName":{"S":"Ann","S":"Bob"}}})") << qint64(1) << "S";
        QTest::newRow("in an object in an array") << QByteArray(R"({"a":[1,{"x":1,"y":2,"x":3}]})") << qint64(1) << "x";
        QTest::newRow("once escaped") << QByteArray(R"({"id":"e1","\u0069d":"e2"})") << qint64(1) << "id";
        QTest::newRow("on the line it is repeated") << QByteArray("{\n \"a\": 1,\n \"b\": {\"c\": 2},\n \"a\": 3\n}") << qint64(4) << "a";
        QByteArray many = "{";
        for (int i = 0; i < 40; ++i)
            many += "\"k" + QByteArray::number(i) + "\":" + QByteArray::number(i) + ",";
        QTest::newRow("after forty keys") << QByteArray(many + "\"k7\":0}") << qint64(1) << "k7";
    }
    void shouldRefuseAKeyRepeatedInOneObject()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(qint64, line);
        QFETCH(QString, key);
        // GIVEN one record that gives a key twice (Qt's reader would keep the last, others the first)
        const JsonRecord record{0, bytes.size(), 1};
        // WHEN it is parsed THEN it is refused, naming the key and the line it is repeated on
        const auto object = JsonRecordSplitter::parseObject(bytes, record, QStringLiteral("f.json"));
        QVERIFY(!object.ok());
        QCOMPARE(object.error().line, line);
        QCOMPARE(object.error().message,
                 QStringLiteral("f.json, line %1: the key \"%2\" appears twice in one object; expected each key once").arg(line).arg(key));
    }

    void shouldAcceptOneKeyInDifferentObjects_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("sibling objects") << QByteArray(R"({"a":{"x":1},"b":{"x":2}})");
        QTest::newRow("objects in an array") << QByteArray(R"({"a":[{"x":1},{"x":2}]})");
        QTest::newRow("a key after the nested object that has it") << QByteArray(R"({"a":{"b":1},"b":2})");
        QTest::newRow("a value equal to a key") << QByteArray(R"({"a":"a","b":"a"})");
        QTest::newRow("keys that differ by an escaped quote") << QByteArray("{\"a\\\"b\":1,\"a\":2,\"b\":3}");
        QTest::newRow("commas and colons in strings") << QByteArray("{\"a\":\"x,\\\"b\\\":1\",\"b\":{\"c\":\"}{\"},\"c\":[]}");
    }
    void shouldAcceptOneKeyInDifferentObjects()
    {
        QFETCH(QByteArray, bytes);
        const auto object = JsonRecordSplitter::parseObject(bytes, JsonRecord{0, bytes.size(), 1}, QStringLiteral("f.json"));
        QVERIFY2(object.ok(), qPrintable(object.ok() ? QString() : object.error().message));
    }

    // A gzipped data file is read as a stream, a part at a time: the same events, lines and errors as the whole file,
    // wherever the parts end.
    void shouldReadAStreamAsTheWholeFile_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("lines") << QByteArray("{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n");
        QTest::newRow("blank lines, CRLF, a byte-order mark")
            << QByteArray("\xEF\xBB\xBF\r\n\r\n{\"id\":\"a\"}\r\n\r\n{\"id\":\"b\"}\r\n");
        QTest::newRow("records over several lines") << QByteArray("{\n \"id\": \"a\",\n \"x\": [1,\n 2]\n}\n{\"id\":\n\"b\"}");
        QTest::newRow("strings holding brackets and line breaks") << QByteArray("{\"id\":\"a}{\\\"\",\"s\":\"x\\ny\"}\n{\"id\":\"b\"}\n");
        QTest::newRow("records to skip") << QByteArray("{\"head\":1}\n{\"id\":\"a\"}\n{\"head\":2}\n");
        QTest::newRow("one array") << QByteArray("\n\n[\n{\"id\":\"a\"},\n{\"id\":\"b\"}\n]\n");
        QTest::newRow("only space") << QByteArray("\n \n\t\n");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("a bad record late") << QByteArray("{\"id\":\"a\"}\n\n{\"id\":\"b\"}\n{\"id\": oops}\n{\"id\":\"c\"}\n");
        QTest::newRow("a bare word late") << QByteArray("{\"id\":\"a\"}\n\nnonsense\n{\"id\":\"c\"}\n");
        QTest::newRow("a stray brace late") << QByteArray("{\"id\":\"a\"}\n\n}\n");
        QTest::newRow("a record not closed at the end") << QByteArray("{\"id\":\"a\"}\n{\"id\":\n\"b\"\n");
        QTest::newRow("a string not closed at the end") << QByteArray("{\"id\":\"a\"}\n{\"id\":\"b}\n");
        QTest::newRow("an empty id late") << QByteArray("{\"id\":\"a\"}\n{\"id\":\" \"}\n");
        QTest::newRow("a bad record before broken structure (found by FuzzJsonStream)")
            << QByteArray(1, '\0') + ".+02:00\n{\"id\":\"a\"}\n{\"id\":\"b\"}\n]\n";
        QTest::newRow("a key twice late") << QByteArray("{\"id\":\"a\"}\n{\"id\":\"b\",\n\"id\":\"c\"}\n");
    }
    void shouldReadAStreamAsTheWholeFile()
    {
        QFETCH(QByteArray, bytes);
        const QString whole = outcome(JsonRecordSplitter::readEvents(bytes, QStringLiteral("f.json"), readTestRecord));
        for (const qsizetype part : {qsizetype(1), qsizetype(2), qsizetype(5), qsizetype(13), qsizetype(1) << 20}) {
            for (const qsizetype piece : {qsizetype(1), qsizetype(3), qsizetype(64)}) {
                const auto streamed = JsonRecordSplitter::readEvents(streamOf(bytes, piece), QStringLiteral("f.json"), readTestRecord, part);
                if (outcome(streamed) != whole) {
                    QFAIL(qPrintable(QStringLiteral("parts of %1, pieces of %2: %3\nwhole: %4").arg(part).arg(piece).arg(outcome(streamed), whole)));
                }
            }
        }
    }

    void shouldRefuseAStreamedRecordTooLongToBeAnEvent()
    {
        // GIVEN a stream of one record that never ends: a string of 'x' after a line of its own
        qint64 handedOut = 0;
        const auto endless = [&handedOut](QByteArray& buffer, qsizetype maxBytes) -> Result<bool> {
            if (handedOut == 0)
                buffer.append("{\"id\":\"a\"}\n{\"id\":\"");
            const qsizetype n = std::min<qsizetype>(maxBytes, qsizetype(1) << 20);
            buffer.append(QByteArray(n, 'x'));
            handedOut += n;
            return true;
        };
        // WHEN it is read THEN it is refused at the record's line once it is longer than any event could be
        const auto read = JsonRecordSplitter::readEvents(endless, QStringLiteral("f.json"), readTestRecord);
        QVERIFY(!read.ok());
        QCOMPARE(read.error().line, 2);
        QVERIFY2(read.error().message.startsWith(u"f.json, line 2: the record that starts here is longer than 64 MiB"_qs),
                 qPrintable(read.error().message));
        // AND no more was read than that record and one part
        QVERIFY(handedOut <= JsonRecordSplitter::MaxStreamedRecordBytes + JsonRecordSplitter::StreamPartBytes);
    }

private:
    /**
     * @p count JSON Lines events, each followed by an empty line (record i starts on line 2i+1); the records
     * numbered in @p bad lack their time, half of them, or are broken JSON, the other half.
     */
    static QByteArray manyRecords(int count, const QList<int>& bad)
    {
        QByteArray out;
        for (int i = 0; i < count; ++i) {
            const QByteArray time = bad.contains(i) && i % 2 == 0 ? QByteArray() : QByteArray("\"recordedAt\":\"2023-04-05T08:47:30Z\",");
            out += "{\"eventId\":\"id-" + QByteArray::number(i) + "\",\"customerId\":\"c" + QByteArray::number(i) + "\"," + time
                + "\"type\":\"AccountCreated\",\"firstName\":\"Zoë\",\"lastName\":\"O'Brien\",\"address\":\"1, Straße, Köln\",\"dob\":\"1966-04-12\""
                + (bad.contains(i) && i % 2 == 1 ? "," : "") + "}\n\n";
        }
        return out;
    }
};

QTEST_GUILESS_MAIN(TestJsonRecordSplitter)
#include "TestJsonRecordSplitter.moc"
