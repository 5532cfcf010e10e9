#include "CsvEventReader.h"
#include "Timestamp.h"

#include <QFile>
#include <QTest>

using namespace hindsight;

namespace {
const QByteArray Header = "PK,SK,Event ID,First name,Last name,Address,DOB,Status\n";
}

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
};

QTEST_GUILESS_MAIN(TestCsvEventReader)
#include "TestCsvEventReader.moc"
