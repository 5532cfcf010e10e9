#include "JsonRecordSplitter.h"
#include "JsonlEventFormat.h"

#include <QTest>

using namespace hindsight;

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
