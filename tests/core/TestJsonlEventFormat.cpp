#include "JsonlEventFormat.h"

#include <QBuffer>
#include <QTest>

using namespace hindsight;

namespace {

const QByteArray Plain = R"({"position":1,"eventId":"e1","customerId":"100-255-8730","version":1,"recordedAt":"2022-06-15T18:57:43.148Z","type":"AccountCreated","firstName":"Joe","lastName":"Bloke","address":"15, Nice Road, Cardiff","dob":"1966-04-12"})";
const QByteArray Second = R"({"position":2,"eventId":"e2","customerId":"100-255-8730","version":2,"recordedAt":"2022-10-04T09:27:20.000Z","type":"AccountUpdated","firstName":"Joe","lastName":"Bloke","address":"34, Fine Way, Leeds","dob":"1966-04-12"})";
const QByteArray Head = R"({"storeHead":{"position":2,"sha256":"00ff"}})";

/** Every event's content and line, or the error, as one comparable text. */
QString outcome(const Result<SourcedEventList>& read)
{
    if (!read)
        return QStringLiteral("error at line %1: %2").arg(read.error().line).arg(read.error().message);
    QStringList lines;
    for (const SourcedEvent& s : *read) {
        const Event& e = s.event;
        lines << QStringLiteral("line %1|%2|%3|%4|%5|%6|%7|%8|%9")
                     .arg(s.line)
                     .arg(e.eventId(), e.customerId())
                     .arg(e.recordedAtMs())
                     .arg(int(e.type()))
                     .arg(e.data().firstName, e.data().lastName, e.data().address, e.data().dateOfBirth.toString(Qt::ISODate))
                 + QStringLiteral("|v%1|p%2|%3").arg(e.version()).arg(e.position()).arg(s.source);
    }
    return lines.join(u'\n');
}

QByteArray withField(const QByteArray& line, const QByteArray& from, const QByteArray& to)
{
    QByteArray changed = line;
    changed.replace(from, to);
    return changed;
}

} // namespace

/**
 * JsonlEventFormat::read takes plain JSON Lines through simdjson and everything else through the general Qt JSON
 * reader: for any input, both must give the same events, lines and errors.
 */
class TestJsonlEventFormat : public QObject
{
    Q_OBJECT

private slots:
    void shouldReadEveryInputAsTheGeneralReaderDoes_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("valid");
        const auto row = [](const char* tag, const QByteArray& bytes, bool valid = true) { QTest::newRow(tag) << bytes << valid; };
        row("an export", Plain + '\n' + Second + '\n' + Head + '\n');
        row("no line break at the end", Plain + '\n' + Second);
        row("CRLF", Plain + "\r\n" + Second + "\r\n");
        row("blank lines and spaces around records", "\n  " + Plain + "  \n\n\t" + Second + "\t\n\n");
        row("a byte-order mark", "\xEF\xBB\xBF" + Plain + '\n');
        row("without position and version", withField(Plain, R"("position":1,)", "") + '\n');
        row("escapes in text", withField(Plain, "15, Nice Road", R"(\"The Mews\"\\ 15,\tNice\/Road\nCardiff)") + '\n');
        row("raw UTF-8", withField(Plain, "Joe", "Zoë 漢字 🙂") + '\n');
        row("a \\u escape", withField(Plain, "Joe", R"(Zo\u00eb)") + '\n');
        row("ids to trim", withField(withField(Plain, R"("e1")", R"("  e1 ")"), R"("100-255-8730")", R"(" 100-255-8730")") + '\n');
        row("type and date in the document's spelling", withField(withField(Plain, "AccountCreated", "CREATED"), "1966-04-12", "1966/04/12") + '\n');
        row("time without milliseconds", withField(Plain, "18:57:43.148Z", "18:57:43Z") + '\n');
        row("a key it does not know", withField(Plain, R"("dob")", R"("note":[1,{"a":null}],"dob")") + '\n');
        row("version as a string", withField(Plain, R"("version":1)", R"("version":"1")") + '\n');
        row("version as 1.0", withField(Plain, R"("version":1)", R"("version":1.0)") + '\n');
        row("a record over several lines", withField(Plain, R"(,"type")", ",\n  \"type\"") + '\n' + Second + '\n');
        row("one array", '[' + Plain + ",\n" + Second + "]\n");
        row("two records on one line", Plain + Second + '\n');
        row("a store head with more in it", R"({"storeHead":{"position":2},"eventId":"x"})" "\n" + Plain + '\n', false);
        row("a store head that is not JSON (found by FuzzJsonl)",
            Plain + '\n' + R"({"storeHead":{"position":5,"sha256":"20d8339cdob":"1262f4"}})" "\n", false);
        row("a store head with an array in it", Plain + '\n' + R"({"storeHead":{"position":5,"sha256":[1,}}})" "\n", false);
        row("a raw byte-order mark inside a string", withField(Plain, "Joe", "\xEF\xBB\xBFJoe") + '\n');
        row("a key twice", withField(Plain, R"("dob")", R"("firstName":"Jim","dob")") + '\n', false);
        row("a missing field", Plain + '\n' + withField(Second, R"("dob":"1966-04-12")", R"("x":1)") + '\n', false);
        row("an empty event id", withField(Plain, R"("e1")", R"("  ")") + '\n', false);
        row("a bad time", Plain + '\n' + withField(Second, "2022-10-04T09:27:20.000Z", "2022-10-04T09:27: 20Z") + '\n', false);
        row("a bad type", withField(Plain, "AccountCreated", "AccountMoved") + '\n', false);
        row("a bad date", withField(Plain, "1966-04-12", "12.04.1966") + '\n', false);
        row("version 0", withField(Plain, R"("version":1)", R"("version":0)") + '\n', false);
        row("a name that is a number", withField(Plain, R"("Joe")", "5") + '\n', false);
        row("broken JSON", Plain + '\n' + withField(Second, R"(,"type")", R"(,"type" "x")") + '\n', false);
        row("a lone surrogate escape", withField(Plain, "Joe", R"(Jo\ud800e)") + '\n', false);
        row("text that is not JSON", "hello\n", false);
    }
    void shouldReadEveryInputAsTheGeneralReaderDoes()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, valid);
        const auto read = JsonlEventFormat::read(bytes, QStringLiteral("f.jsonl"));
        const auto reference = JsonlEventFormat::readWithQtJson(bytes, QStringLiteral("f.jsonl"));
        QCOMPARE(read.ok(), reference.ok());
        QCOMPARE(outcome(read), outcome(reference));
        if (valid)
            QVERIFY2(read.ok(), qPrintable(outcome(read)));
    }

    void shouldReadALargeFileInPiecesAsTheGeneralReaderDoes_data()
    {
        QTest::addColumn<QByteArray>("lineEnd");
        QTest::addColumn<int>("badRecord"); // -1: none
        QTest::newRow("LF") << QByteArray("\n") << -1;
        QTest::newRow("CRLF") << QByteArray("\r\n") << -1;
        QTest::newRow("a bad time late in the file") << QByteArray("\n") << 15000;
        QTest::newRow("a record the general reader must take, late in the file") << QByteArray("\n") << 15001;
    }
    void shouldReadALargeFileInPiecesAsTheGeneralReaderDoes()
    {
        QFETCH(QByteArray, lineEnd);
        QFETCH(int, badRecord);
        // GIVEN 20,000 events (several megabytes: read in pieces), every third with an escaped quote, blank lines between
        QByteArray bytes;
        for (int i = 0; i < 20000; ++i) {
            QByteArray line = withField(withField(Plain, R"("e1")", "\"id-" + QByteArray::number(i) + '"'), R"("position":1)",
                                        "\"position\":" + QByteArray::number(i + 1));
            if (i % 3 == 0)
                line = withField(line, "15, Nice Road", R"(\"The Mews\" 15)");
            if (i == badRecord)
                line = withField(line, (i % 2) ? R"("dob")" : "2022-06-15T18:57:43.148Z", (i % 2) ? R"("note":{},"dob")" : "2022-06-15T18:57: 43.148Z");
            bytes += line + lineEnd + (i % 7 == 0 ? lineEnd : QByteArray());
        }
        QVERIFY(bytes.size() > 4 * 1024 * 1024);
        // WHEN both readers read it THEN they agree, events, lines and error alike
        const auto read = JsonlEventFormat::read(bytes, QStringLiteral("big.jsonl"));
        const auto reference = JsonlEventFormat::readWithQtJson(bytes, QStringLiteral("big.jsonl"));
        QCOMPARE(read.ok(), badRecord != 15000);
        QCOMPARE(outcome(read), outcome(reference));
    }

    // An import reads a file a segment at a time (FileSegments): the same events, lines and errors as reading it
    // whole, wherever the segments end, and whether every line is plain or one sends the whole file to Qt's reader.
    void shouldReadAFileInSegmentsAsAWhole_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QByteArray many;
        for (int i = 0; i < 200; ++i)
            many += withField(Plain, R"("e1")", "\"id-" + QByteArray::number(i) + '"') + (i % 7 == 0 ? "\n\n" : "\n");
        QTest::newRow("plain lines") << many;
        QTest::newRow("an export, store head last") << QByteArray(many + Head + '\n');
        QTest::newRow("a byte-order mark, CRLF") << QByteArray("\xEF\xBB\xBF" + QByteArray(many).replace("\n", "\r\n"));
        QTest::newRow("no line break at the end") << many.chopped(1);
        QTest::newRow("a record over several lines late") << QByteArray(many + withField(Plain, R"(,"type")", ",\n  \"type\"") + '\n' + many);
        QTest::newRow("a bad time late") << QByteArray(many + withField(Plain, "18:57:43.148Z", "18:57: 43Z") + '\n' + many);
        QTest::newRow("a key twice late") << QByteArray(many + withField(Plain, R"("dob")", R"("dob":"1966-04-12","dob")") + '\n');
        QTest::newRow("the store head beside an event late") << QByteArray(many + withField(Plain, "{", R"({"storeHead":{"position":1,"sha256":"00"},)") + '\n');
        QTest::newRow("empty") << QByteArray();
    }
    void shouldReadAFileInSegmentsAsAWhole()
    {
        QFETCH(QByteArray, bytes);
        const QString whole = outcome(JsonlEventFormat::read(bytes, QStringLiteral("f.jsonl")));
        for (const qsizetype segment : {qsizetype(1), qsizetype(500), qsizetype(8192), JsonlEventFormat::SegmentBytes}) {
            QBuffer file(&bytes);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QString read = outcome(JsonlEventFormat::read(file, QStringLiteral("f.jsonl"), segment));
            if (read != whole)
                QFAIL(qPrintable(QStringLiteral("segments of %1 bytes:\n%2\nwhole:\n%3").arg(segment).arg(read.left(2000), whole.left(2000))));
        }
    }
};

QTEST_GUILESS_MAIN(TestJsonlEventFormat)
#include "TestJsonlEventFormat.moc"
