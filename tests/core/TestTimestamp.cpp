#include "Timestamp.h"

#include <QDateTime>
#include <QTest>

using namespace hindsight;

class TestTimestamp : public QObject
{
    Q_OBJECT

private slots:
    void shouldParseIsoTimes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("date is start of day UTC") << "2022-12-01" << "2022-12-01T00:00:00.000Z";
        QTest::newRow("seconds with Z") << "2022-12-01T10:00:00Z" << "2022-12-01T10:00:00.000Z";
        QTest::newRow("milliseconds with Z") << "2023-04-05T08:47:30.718Z" << "2023-04-05T08:47:30.718Z";
        QTest::newRow("no zone is UTC") << "2023-04-05T08:47:30.718" << "2023-04-05T08:47:30.718Z";
        QTest::newRow("positive offset") << "2023-04-05T10:47:30+02:00" << "2023-04-05T08:47:30.000Z";
        QTest::newRow("negative offset without colon") << "2023-04-05T03:47:30-0500" << "2023-04-05T08:47:30.000Z";
        QTest::newRow("microseconds are cut to milliseconds") << "2023-04-05T08:47:30.718999Z" << "2023-04-05T08:47:30.718Z";
        QTest::newRow("one fraction digit") << "2023-04-05T08:47:30.7Z" << "2023-04-05T08:47:30.700Z";
        QTest::newRow("minutes only") << "2023-04-05T08:47Z" << "2023-04-05T08:47:00.000Z";
        QTest::newRow("surrounding spaces") << "  2022-12-01  " << "2022-12-01T00:00:00.000Z";
    }
    void shouldParseIsoTimes()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const auto parsed = Timestamp::parse(text);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
        QCOMPARE(Timestamp::format(*parsed), expected);
    }

    void shouldFormatDatesAsQtsIsoDateDoes_data()
    {
        QTest::addColumn<QDate>("date");
        QTest::newRow("Joe's birthday") << QDate(1966, 4, 12);
        QTest::newRow("first day of year 1") << QDate(1, 1, 1);
        QTest::newRow("last day of year 9999") << QDate(9999, 12, 31);
        QTest::newRow("leap day") << QDate(2000, 2, 29);
        QTest::newRow("two-digit year") << QDate(42, 10, 5);
        QTest::newRow("year 10000") << QDate(10000, 1, 1);
        QTest::newRow("before year 1") << QDate(-44, 3, 15);
        QTest::newRow("invalid") << QDate();
    }
    void shouldFormatDatesAsQtsIsoDateDoes()
    {
        QFETCH(QDate, date);
        QCOMPARE(Timestamp::formatDate(date), date.toString(Qt::ISODate));
    }

    void shouldFormatAndParseTimesAsQDateTimeDoes_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::newRow("the seed's newest event") << qint64(1680684450718);
        QTest::newRow("the epoch") << qint64(0);
        QTest::newRow("a millisecond before the epoch") << qint64(-1);
        QTest::newRow("a day and a bit before the epoch") << qint64(-86400001);
        QTest::newRow("leap day 2000, last millisecond") << qint64(951868799999);
        QTest::newRow("year 1") << qint64(-62135596800000);
        QTest::newRow("year 9999, last millisecond") << qint64(253402300799999);
        QTest::newRow("year 10000") << qint64(253402300800000);
        QTest::newRow("before year 1") << qint64(-62135596800001);
    }
    void shouldFormatAndParseTimesAsQDateTimeDoes()
    {
        QFETCH(qint64, ms);
        const QString expected = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
        QCOMPARE(Timestamp::format(ms), expected);
        const auto parsed = Timestamp::parse(expected);
        if (parsed.ok())
            QCOMPARE(*parsed, ms);
        else
            QVERIFY(ms < -62135596800000 || ms >= 253402300800000); // QDateTime writes those years unreadably
    }

    void shouldParseCommonFormsAsTheGeneralRuleDoes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // empty: refused
        QTest::newRow("nine fraction digits") << "2023-04-05T08:47:30.123456789Z" << "2023-04-05T08:47:30.123Z";
        QTest::newRow("ten fraction digits") << "2023-04-05T08:47:30.1234567891Z" << "";
        QTest::newRow("dot without digits") << "2023-04-05T08:47:30.Z" << "";
        QTest::newRow("second 60") << "2023-04-05T08:47:60Z" << "";
        QTest::newRow("hour 24") << "2023-04-05T24:00:00Z" << "";
        QTest::newRow("day 31 of April") << "2023-04-31" << "";
        QTest::newRow("leap day of a leap year") << "2024-02-29T00:00:00Z" << "2024-02-29T00:00:00.000Z";
        QTest::newRow("leap day of another year") << "2023-02-29" << "";
        QTest::newRow("letters for digits") << "2023-O4-05" << "";
        QTest::newRow("lower-case t and z") << "2023-04-05t08:47:30z" << "";
    }
    void shouldParseCommonFormsAsTheGeneralRuleDoes()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const auto parsed = Timestamp::parse(text);
        QCOMPARE(parsed.ok(), !expected.isEmpty());
        if (parsed.ok())
            QCOMPARE(Timestamp::format(*parsed), expected);
    }

    void shouldParseDatesOfBirthWithEitherSeparator_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDate>("expected"); // invalid: refused
        QTest::newRow("dashes") << "1966-04-12" << QDate(1966, 4, 12);
        QTest::newRow("slashes") << "1966/04/12" << QDate(1966, 4, 12);
        QTest::newRow("spaces around") << " 1995/06/15 " << QDate(1995, 6, 15);
        QTest::newRow("no such day") << "1995/02/30" << QDate();
        QTest::newRow("day first") << "12/04/1966" << QDate();
        QTest::newRow("short month") << "1966-4-12" << QDate();
    }
    void shouldParseDatesOfBirthWithEitherSeparator()
    {
        QFETCH(QString, text);
        QFETCH(QDate, expected);
        const auto parsed = Timestamp::parseDate(text);
        QCOMPARE(parsed.ok(), expected.isValid());
        if (parsed.ok())
            QCOMPARE(*parsed, expected);
        else
            QVERIFY2(parsed.error().message.contains(text.trimmed()), qPrintable(parsed.error().message));
    }

    void shouldRefuseMalformedTimesNamingTheValue_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << "";
        QTest::newRow("words") << "yesterday";
        QTest::newRow("no such day") << "2023-02-30";
        QTest::newRow("no such hour") << "2023-02-03T25:00:00Z";
        QTest::newRow("stray space of the source document") << "2023-04-05T08:47: 30.718Z";
        QTest::newRow("bad offset") << "2023-04-05T08:47:30+25:00";
    }
    void shouldRefuseMalformedTimesNamingTheValue()
    {
        QFETCH(QString, text);
        const auto parsed = Timestamp::parse(text);
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error().message.contains(text.trimmed()), qPrintable(parsed.error().message));
    }

    void shouldParseDatesWithDashOrSlash_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDate>("expected");
        QTest::newRow("dash") << "1966-04-12" << QDate(1966, 4, 12);
        QTest::newRow("slash as in the source document") << "1966/04/12" << QDate(1966, 4, 12);
    }
    void shouldParseDatesWithDashOrSlash()
    {
        QFETCH(QString, text);
        QFETCH(QDate, expected);
        const auto parsed = Timestamp::parseDate(text);
        QVERIFY(parsed.ok());
        QCOMPARE(*parsed, expected);
        QCOMPARE(Timestamp::formatDate(*parsed), QStringLiteral("%1").arg(expected.toString(Qt::ISODate)));
    }

    void shouldRefuseImpossibleDates()
    {
        QVERIFY(!Timestamp::parseDate(u"1966-02-30").ok());
        QVERIFY(!Timestamp::parseDate(u"12/04/1966").ok());
        QVERIFY(!Timestamp::parseDate(u"").ok());
    }
};

QTEST_GUILESS_MAIN(TestTimestamp)
#include "TestTimestamp.moc"
