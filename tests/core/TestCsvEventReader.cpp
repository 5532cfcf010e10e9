#include "CsvEventReader.h"
#include "Timestamp.h"

#include <QBuffer>
#include <QFile>
#include <QTest>

using namespace hindsight;

namespace {
const QByteArray Header = "PK,SK,Event ID,First name,Last name,Address,DOB,Status\n";

/** The address of the @p i-th generated record: every third one spans two lines, every fifth has quotes. */
QString generatedAddress(int i)
{
    if (i % 3 == 0)
        return QStringLiteral("Flat %1\n15, Nice Road, Cardiff").arg(i);
    if (i % 5 == 0)
        return QStringLiteral("\"The Mews\" %1, Leeds").arg(i);
    return QStringLiteral("%1, Green Lane, Mumbai").arg(i);
}

/**
 * @p rows valid records, megabytes of them for a large count, in every shape the reader must cut around: quoted
 * commas, doubled quotes and line breaks inside quotes. @p lines receives how many physical lines they take.
 */
QByteArray generatedRows(int rows, qint64* lines, const QByteArray& lineEnd = "\n")
{
    QByteArray out;
    *lines = 0;
    for (int i = 0; i < rows; ++i) {
        QByteArray address = generatedAddress(i).toUtf8();
        address.replace('"', "\"\"");
        address.replace("\n", lineEnd);
        out += "100-000-" + QByteArray::number(i % 997).rightJustified(4, '0') + ",2023-04-05T08:47:30."
            + QByteArray::number(i % 1000).rightJustified(3, '0') + "Z,id-" + QByteArray::number(i) + ",Zoë,\"O\"\"Brien\",\""
            + address + "\",1966-04-12,UPDATED" + lineEnd;
        *lines += i % 3 == 0 ? 2 : 1;
    }
    return out;
}
/** Every event's id, line and address, or the error, as one comparable text. */
QString outcome(const Result<SourcedEventList>& read)
{
    if (!read)
        return QStringLiteral("error at line %1: %2").arg(read.error().line).arg(read.error().message);
    QStringList out;
    for (const SourcedEvent& e : *read)
        out << QStringLiteral("%1@%2:%3:%4").arg(e.event.eventId()).arg(e.line).arg(e.event.data().address, e.source);
    return out.join(u'|');
}
} // namespace

class TestCsvEventReader : public QObject
{
    Q_OBJECT

private slots:
    void shouldReadTheSeedEvents()
    {
        QFile seed(QStringLiteral(HINDSIGHT_SEED_CSV));
        QVERIFY(seed.open(QIODevice::ReadOnly));
        const auto events = CsvEventReader::read(seed.readAll(), QStringLiteral("seed-events.csv"));
        QVERIFY2(events.ok(), qPrintable(events.ok() ? QString() : events.error().message));
        QCOMPARE(events->size(), 5);
        const Event& first = events->first().event;
        QCOMPARE(first.customerId(), u"100-255-8730"_qs);
        QCOMPARE(Timestamp::format(first.recordedAtMs()), u"2023-04-05T08:47:30.718Z"_qs);
        QCOMPARE(first.eventId(), u"Hru343t5-jvcj"_qs);
        QCOMPARE(first.data().address, u"99, Edge Lane, London"_qs);
        QCOMPARE(first.data().dateOfBirth, QDate(1966, 4, 12));
        QCOMPARE(first.type(), EventType::Updated);
        QCOMPARE(events->first().line, 2);
        QCOMPARE(events->last().line, 6);
    }

    void shouldReadAwkwardButValidCsv_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("lastName");
        const QByteArray row = "1,2023-04-05T08:47:30Z,e1,Joe,Bloke,\"99, Edge Lane, London\",1966-04-12,CREATED\n";
        QTest::newRow("plain") << Header + row << "99, Edge Lane, London" << "Bloke";
        QTest::newRow("byte order mark") << "\xEF\xBB\xBF" + Header + row << "99, Edge Lane, London" << "Bloke";
        QByteArray crlf = Header + row;
        crlf.replace("\n", "\r\n");
        QTest::newRow("CRLF") << crlf << "99, Edge Lane, London" << "Bloke";
        QTest::newRow("quotes and a line break inside a field")
            << Header + "1,2023-04-05T08:47:30Z,e1,Joe,\"O\"\"Brien\",\"Flat 2\n\"\"The Mews\"\"\",1966/04/12,created\n"
            << "Flat 2\n\"The Mews\"" << "O\"Brien";
        QTest::newRow("columns in another order and case")
            << QByteArray("status, dob ,ADDRESS,last name,First Name,event id,sk,pk\nCREATED,1966-04-12,Leeds,Bloke,Joe,e1,2023-04-05,1\n")
            << "Leeds" << "Bloke";
        QTest::newRow("no newline at the end") << Header + row.chopped(1) << "99, Edge Lane, London" << "Bloke";
        QTest::newRow("UTF-8 names") << Header + "1,2023-04-05T08:47:30Z,e1,Zoë,Müller,\"1, Straße, Köln\",1966-04-12,CREATED\n"
                                     << "1, Straße, Köln" << "Müller";
    }
    void shouldReadAwkwardButValidCsv()
    {
        QFETCH(QByteArray, csv);
        QFETCH(QString, address);
        QFETCH(QString, lastName);
        const auto events = CsvEventReader::read(csv, QStringLiteral("x.csv"));
        QVERIFY2(events.ok(), qPrintable(events.ok() ? QString() : events.error().message));
        QCOMPARE(events->size(), 1);
        QCOMPARE(events->first().event.data().address, address);
        QCOMPARE(events->first().event.data().lastName, lastName);
        QCOMPARE(events->first().event.type(), EventType::Created);
    }

    void shouldRefuseBadCsvNamingLineAndField_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<qint64>("line");
        QTest::addColumn<QString>("expected");
        const QByteArray good = "1,2023-04-05T08:47:30Z,e1,Joe,Bloke,London,1966-04-12,CREATED\n";
        QTest::newRow("empty file") << QByteArray() << qint64(1) << "empty";
        QTest::newRow("missing column") << QByteArray("PK,SK,Event ID,First name,Last name,Address,DOB\n") << qint64(1) << "field Status";
        QTest::newRow("bad time") << Header + good + "1,2023-04-05T08:47: 30.718Z,e2,Joe,Bloke,London,1966-04-12,UPDATED\n" << qint64(3)
                                  << "field SK";
        QTest::newRow("bad date") << Header + "1,2023-04-05,e2,Joe,Bloke,London,12.04.1966,CREATED\n" << qint64(2) << "field DOB";
        QTest::newRow("bad status") << Header + "1,2023-04-05,e2,Joe,Bloke,London,1966-04-12,MOVED\n" << qint64(2) << "field Status";
        QTest::newRow("too few fields") << Header + good + "1,2023-04-05\n" << qint64(3) << "expected 8 fields";
        QTest::newRow("unclosed quote") << Header + good + "1,2023-04-05,e2,Joe,Bloke,\"London,1966-04-12,CREATED\n" << qint64(3)
                                        << "not closed";
        QTest::newRow("empty event id") << Header + "1,2023-04-05,,Joe,Bloke,London,1966-04-12,CREATED\n" << qint64(2) << "field Event ID";
    }
    void shouldRefuseBadCsvNamingLineAndField()
    {
        QFETCH(QByteArray, csv);
        QFETCH(qint64, line);
        QFETCH(QString, expected);
        const auto events = CsvEventReader::read(csv, QStringLiteral("bad.csv"));
        QVERIFY(!events.ok());
        QCOMPARE(events.error().line, line);
        QVERIFY2(events.error().message.startsWith(QStringLiteral("bad.csv, line %1").arg(line)), qPrintable(events.error().message));
        QVERIFY2(events.error().message.contains(expected), qPrintable(events.error().message));
    }

    // Files of more than a megabyte are cut at record boundaries and read on every core: the same events, lines
    // and errors as reading them in one pass.
    void shouldReadALargeFileInPiecesAsOneWhole_data()
    {
        QTest::addColumn<QByteArray>("lineEnd");
        QTest::addColumn<QByteArray>("prefix");
        QTest::newRow("LF") << QByteArray("\n") << QByteArray();
        QTest::newRow("CRLF") << QByteArray("\r\n") << QByteArray();
        QTest::newRow("byte order mark") << QByteArray("\n") << QByteArray("\xEF\xBB\xBF");
    }
    void shouldReadALargeFileInPiecesAsOneWhole()
    {
        QFETCH(QByteArray, lineEnd);
        QFETCH(QByteArray, prefix);
        constexpr int Rows = 30000;
        qint64 lines = 0;
        const QByteArray header = Header.chopped(1) + lineEnd;
        const QByteArray csv = prefix + header + generatedRows(Rows, &lines, lineEnd);
        QVERIFY(csv.size() > 3 * 1024 * 1024);
        const auto events = CsvEventReader::read(csv, QStringLiteral("big.csv"));
        QVERIFY2(events.ok(), qPrintable(events.ok() ? QString() : events.error().message));
        QCOMPARE(events->size(), Rows);
        qint64 line = 2;
        for (int i = 0; i < Rows; ++i) {
            const SourcedEvent& e = events->at(i);
            // A line break inside quotes is content, kept as the file wrote it
            const QString address = generatedAddress(i).replace(u'\n', QString::fromLatin1(lineEnd));
            if (e.event.eventId() != QStringLiteral("id-%1").arg(i) || e.line != line || e.event.data().address != address
                || e.event.data().lastName != QStringLiteral("O\"Brien") || e.event.data().firstName != QStringLiteral("Zoë")) {
                QFAIL(qPrintable(QStringLiteral("record %1: id %2, line %3 (expected %4), address \"%5\"")
                                     .arg(i)
                                     .arg(e.event.eventId())
                                     .arg(e.line)
                                     .arg(line)
                                     .arg(e.event.data().address)));
            }
            line += i % 3 == 0 ? 2 : 1;
        }
    }

    void shouldNameTheFirstBadLineOfALargeFile_data()
    {
        QTest::addColumn<QByteArray>("bad");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("tail"); // good records follow the bad one
        QTest::newRow("bad time") << QByteArray("1,2023-04-05T08:47: 30.718Z,e2,Joe,Bloke,London,1966-04-12,UPDATED\n") << "field SK" << true;
        QTest::newRow("bad date") << QByteArray("1,2023-04-05,e2,Joe,Bloke,London,12.04.1966,CREATED\n") << "field DOB" << true;
        QTest::newRow("bad status") << QByteArray("1,2023-04-05,e2,Joe,Bloke,London,1966-04-12,MOVED\n") << "field Status" << true;
        QTest::newRow("too few fields") << QByteArray("1,2023-04-05\n") << "expected 8 fields" << true;
        QTest::newRow("quote inside a bare field") << QByteArray("1,2023-04-05,e2,Jo\"e,Bloke,London,1966-04-12,CREATED\n")
                                                   << "malformed quoting" << true;
        QTest::newRow("unclosed quote") << QByteArray("1,2023-04-05,e2,Joe,Bloke,\"London,1966-04-12,CREATED\n") << "not closed" << false;
    }
    void shouldNameTheFirstBadLineOfALargeFile()
    {
        QFETCH(QByteArray, bad);
        QFETCH(QString, expected);
        QFETCH(bool, tail);
        // GIVEN a bad record two thirds into a large file (in the last piece), and, when it can be told apart,
        // a second bad record after it
        qint64 before = 0;
        qint64 after = 0;
        QByteArray csv = Header + generatedRows(20000, &before) + bad;
        if (tail)
            csv += generatedRows(5000, &after) + "1,2023-04-05,e9,Joe,Bloke,London,1966-04-12,GONE\n" + generatedRows(5000, &after);
        // WHEN it is read THEN the first bad record's line is named, as a reading in one pass would
        const qint64 line = 1 + before + 1;
        const auto events = CsvEventReader::read(csv, QStringLiteral("big.csv"));
        QVERIFY(!events.ok());
        QCOMPARE(events.error().line, line);
        QVERIFY2(events.error().message.startsWith(QStringLiteral("big.csv, line %1").arg(line)), qPrintable(events.error().message));
        QVERIFY2(events.error().message.contains(expected), qPrintable(events.error().message));
    }

    void shouldNameTheEarlierOfTwoBadLinesInDifferentPieces()
    {
        // GIVEN one bad record in the first half and one in the second
        qint64 first = 0;
        qint64 second = 0;
        const QByteArray csv = Header + generatedRows(6000, &first) + "1,2023-04-05,e2,Joe,Bloke,London,12.04.1966,CREATED\n"
            + generatedRows(24000, &second) + "1,2023-04-05,e3,Joe,Bloke,London,1966-04-12,MOVED\n";
        const auto events = CsvEventReader::read(csv, QStringLiteral("big.csv"));
        // THEN the first is reported
        QVERIFY(!events.ok());
        QCOMPARE(events.error().line, 1 + first + 1);
        QVERIFY2(events.error().message.contains(QStringLiteral("field DOB")), qPrintable(events.error().message));
    }

    void shouldSortByCustomerThenTime()
    {
        QFile seed(QStringLiteral(HINDSIGHT_SEED_CSV));
        QVERIFY(seed.open(QIODevice::ReadOnly));
        auto events = CsvEventReader::read(seed.readAll(), QStringLiteral("seed-events.csv"));
        QVERIFY(events.ok());
        SourcedEventList sorted = *events;
        sortByCustomerAndTime(sorted);
        QStringList order;
        for (const SourcedEvent& e : sorted)
            order << e.event.customerId() + QLatin1Char('/') + statusName(e.event.type());
        QCOMPARE(order, QStringList({u"100-255-8730/CREATED"_qs, u"100-255-8730/UPDATED"_qs, u"100-255-8730/UPDATED"_qs,
                                     u"100-735-6729/CREATED"_qs, u"100-735-6729/DELETED"_qs}));
    }

    // An import reads a file a segment at a time (FileSegments), never all its bytes at once: the same events, lines
    // and errors as reading it whole, wherever the segments end.
    void shouldReadAFileInSegmentsAsAWhole_data()
    {
        QTest::addColumn<QByteArray>("csv");
        qint64 lines = 0;
        const QByteArray rows = generatedRows(300, &lines);
        QTest::newRow("records with quotes and line breaks in them") << QByteArray(Header + rows);
        QByteArray crlf = Header + generatedRows(300, &lines, "\r\n");
        crlf.replace("Status\n", "Status\r\n");
        QTest::newRow("CRLF") << crlf;
        QTest::newRow("a byte-order mark") << QByteArray("\xEF\xBB\xBF" + Header + rows);
        QTest::newRow("blank lines") << QByteArray(Header + "\n\n" + rows + "\n\n");
        QTest::newRow("no line break at the end") << QByteArray(Header + rows.chopped(1));
        QTest::newRow("a bad time late") << QByteArray(Header + rows + "1,2023-04-05T08:47: 30Z,x,A,B,C,1966-04-12,CREATED\n" + rows);
        QTest::newRow("bytes that are not UTF-8 late") << QByteArray(Header + rows + "1,2023-04-05,x,A,B\xe9,C,1966-04-12,CREATED\n" + rows);
        QTest::newRow("a quote not closed late") << QByteArray(Header + rows + "1,2023-04-05,x,A,\"B,C,1966-04-12,CREATED\n" + rows);
        QTest::newRow("a header only") << Header;
        QTest::newRow("no header") << QByteArray("PK,SK\n1,2\n");
        QTest::newRow("empty") << QByteArray();
    }
    void shouldReadAFileInSegmentsAsAWhole()
    {
        QFETCH(QByteArray, csv);
        const QString whole = outcome(CsvEventReader::read(csv, QStringLiteral("f.csv")));
        for (const qsizetype segment : {qsizetype(1), qsizetype(100), qsizetype(4096), CsvEventReader::SegmentBytes}) {
            QBuffer file(&csv);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QString read = outcome(CsvEventReader::read(file, QStringLiteral("f.csv"), segment));
            if (read != whole)
                QFAIL(qPrintable(QStringLiteral("segments of %1 bytes:\n%2\nwhole:\n%3").arg(segment).arg(read.left(2000), whole.left(2000))));
        }
    }
};

QTEST_GUILESS_MAIN(TestCsvEventReader)
#include "TestCsvEventReader.moc"
