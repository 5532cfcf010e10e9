#include "FileSegments.h"

#include <QBuffer>
#include <QTest>

using namespace hindsight;

/** FileSegments: a file in segments of whole lines (or whole CSV records), each knowing the line it starts on. */
class TestFileSegments : public QObject
{
    Q_OBJECT

private slots:
    void shouldCutAfterLineBreaksOnly_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<FileSegments::Ends>("ends");
        QTest::addColumn<qsizetype>("segmentBytes");
        QByteArray lines;
        for (int i = 0; i < 500; ++i)
            lines += "line " + QByteArray::number(i) + QByteArray(i % 13, 'x') + '\n';
        QByteArray records;
        for (int i = 0; i < 500; ++i)
            records += "r" + QByteArray::number(i) + (i % 3 ? ",\"quoted\nover \"\"two\"\"\nlines\"" : ",plain") + "\r\n";
        for (const qsizetype size : {qsizetype(1), qsizetype(17), qsizetype(1000), qsizetype(1) << 20}) {
            QTest::addRow("lines, segments of %lld", qlonglong(size)) << lines << FileSegments::Ends::Lines << size;
            QTest::addRow("CSV records, segments of %lld", qlonglong(size)) << records << FileSegments::Ends::CsvRecords << size;
        }
        QTest::newRow("a line far longer than a segment") << QByteArray("a\n" + QByteArray(100000, 'b') + "\nc") << FileSegments::Ends::Lines
                                                         << qsizetype(64);
        QTest::newRow("no line break at the end") << QByteArray("a\nb\nc") << FileSegments::Ends::Lines << qsizetype(2);
        QTest::newRow("empty") << QByteArray() << FileSegments::Ends::Lines << qsizetype(10);
    }
    void shouldCutAfterLineBreaksOnly()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(FileSegments::Ends, ends);
        QFETCH(qsizetype, segmentBytes);
        QBuffer device(&bytes);
        QVERIFY(device.open(QIODevice::ReadOnly));
        FileSegments segments(device, QStringLiteral("f"), ends, segmentBytes);
        QByteArray joined;
        int count = 0;
        while (true) {
            auto segment = segments.next();
            QVERIFY(segment.ok());
            if (segment->isEmpty())
                break;
            ++count;
            // THEN each starts on the line after what came before, and ends after a line break (outside quotes) or at the end
            QCOMPARE(segments.firstLine(), joined.count('\n') + 1);
            joined += *segment;
            if (joined.size() < bytes.size()) {
                QVERIFY(segment->endsWith('\n'));
                if (ends == FileSegments::Ends::CsvRecords)
                    QCOMPARE(segment->count('"') % 2, 0);
            }
            QVERIFY(segment->size() <= std::max<qsizetype>(segmentBytes, 100002) + segmentBytes);
        }
        // AND together they are the file
        QCOMPARE(joined, bytes);
        QVERIFY(bytes.isEmpty() || count >= 1);
    }

    void shouldRefuseALineLongerThanAnyEvent()
    {
        // GIVEN a file whose second line goes on past the longest record a reader takes
        QByteArray bytes = "a\n" + QByteArray(FileSegments::MaxRecordBytes + 1024, 'x') + "\nb\n";
        QBuffer device(&bytes);
        QVERIFY(device.open(QIODevice::ReadOnly));
        FileSegments segments(device, QStringLiteral("f.csv"), FileSegments::Ends::Lines, qsizetype(1) << 20);
        QCOMPARE(*segments.next(), QByteArray("a\n"));
        // WHEN it is read on THEN it is refused, naming the line where the long record starts
        const auto next = segments.next();
        QVERIFY(!next.ok());
        QCOMPARE(next.error().line, 2);
        QCOMPARE(next.error().message, u"f.csv, line 2: the record that starts here is longer than 64 MiB; no event is that long"_qs);
    }
};

QTEST_GUILESS_MAIN(TestFileSegments)
#include "TestFileSegments.moc"
