#include "StringPool.h"

#include <QTest>

using namespace hindsight;

class TestStringPool : public QObject
{
    Q_OBJECT

private slots:
    void shouldGiveEachDistinctStringOneDenseId_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("ascii") << QByteArray("12A, Top Street, Mumbai");
        QTest::newRow("utf-8") << QString::fromUtf8("Müller, García, Łódź").toUtf8();
        QTest::newRow("longer than a hash block") << QByteArray(100, 'x');
    }
    void shouldGiveEachDistinctStringOneDenseId()
    {
        QFETCH(QByteArray, text);
        StringPool pool;
        const quint32 other = pool.intern("other");
        const quint32 id = pool.intern(text);
        QCOMPARE(pool.intern(text), id);
        QCOMPARE(pool.find(text), qint64(id));
        QCOMPARE(pool.view(id), QByteArrayView(text));
        QCOMPARE(pool.string(id), QString::fromUtf8(text));
        QCOMPARE(pool.size(), 2u);
        QVERIFY(id != other);
        QCOMPARE(pool.find("never interned"), -1);
    }

    void shouldKeepEveryStringThroughGrowth()
    {
        // GIVEN far more strings than the first table holds, some reserved for and some not
        StringPool pool;
        pool.reserve(1000);
        for (int i = 0; i < 50000; ++i)
            QCOMPARE(pool.intern(QByteArray(QByteArray::number(i) + ", Canal Walk")), quint32(i));
        // THEN every one is found again under its id, and interning again adds nothing
        for (int i = 0; i < 50000; i += 7) {
            const QByteArray text = QByteArray::number(i) + ", Canal Walk";
            QCOMPARE(pool.find(text), qint64(i));
            QCOMPARE(pool.intern(text), quint32(i));
            QCOMPARE(pool.view(quint32(i)), QByteArrayView(text));
        }
        QCOMPARE(pool.size(), 50000u);
        QVERIFY(pool.memoryBytes() > 50000u * 4);
    }
};

QTEST_GUILESS_MAIN(TestStringPool)
#include "TestStringPool.moc"
