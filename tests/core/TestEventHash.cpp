#include "EventHash.h"

#include "StoreInspection.h"

#include <QCryptographicHash>
#include <QStringList>
#include <QTest>

#include <limits>

using namespace hindsight;
using namespace hindsight::test;

Q_DECLARE_METATYPE(hindsight::Event)
Q_DECLARE_METATYPE(hindsight::CustomerData)

namespace {

const qint64 T0 = 1655319463148; // 2022-06-15T18:57:43.148Z
const QString EventId = QStringLiteral("f47ac10b-58cc-4372-a567-0e02b2c3d479");
const QString Joe = QStringLiteral("100-255-8730");

/** An event as stored at @p version and @p position. */
Event storedEvent(EventType type, const CustomerData& data, qint64 version = 1, qint64 position = 1, qint64 recordedAt = T0,
                  const QString& customerId = Joe, const QString& eventId = EventId)
{
    return Event(eventId, customerId, type, recordedAt, data, version, position);
}

const CustomerData Plain{QStringLiteral("Joe"), QStringLiteral("Bloke"), QStringLiteral("15, Nice Road, Cardiff"), QDate(1966, 4, 12)};

CustomerData withFirstName(const QString& firstName)
{
    CustomerData d = Plain;
    d.firstName = firstName;
    return d;
}

CustomerData withDateOfBirth(QDate dob)
{
    CustomerData d = Plain;
    d.dateOfBirth = dob;
    return d;
}

QByteArray bytes(int size, char fill)
{
    return QByteArray(size, fill);
}

} // namespace

class TestEventHash : public QObject
{
    Q_OBJECT

private slots:
    void shouldHashExactlyAsTheFirstRelease_data()
    {
        QTest::addColumn<QByteArray>("previousHash");
        QTest::addColumn<Event>("event");
        const auto row = [](const char* tag, const QByteArray& previousHash, const Event& e) { QTest::newRow(tag) << previousHash << e; };
        const QByteArray previous = QCryptographicHash::hash("the event before", QCryptographicHash::Sha256);
        const qint64 max = std::numeric_limits<qint64>::max();
        const qint64 min = std::numeric_limits<qint64>::min();

        row("first event, no previous hash", {}, storedEvent(EventType::Created, Plain));
        row("following event, 32-byte previous", previous, storedEvent(EventType::Updated, Plain, 2, 2, T0 + 1));
        row("accents", previous,
            storedEvent(EventType::Updated, {u"Élodie"_qs, u"Müller-Lüdenscheidt"_qs, u"3, Rue de l'Église, Besançon"_qs, QDate(1980, 2, 29)}));
        row("CJK", previous, storedEvent(EventType::Updated, {u"漢字"_qs, u"山田"_qs, u"東京都千代田区1-1"_qs, QDate(1990, 1, 1)}));
        row("emoji (surrogate pairs)", previous,
            storedEvent(EventType::Updated, {u"Joe 😀"_qs, u"🙂🙃"_qs, u"1, 🏠 Lane, Leeds"_qs, QDate(2000, 12, 31)}));
        row("ASCII then non-ASCII in one field", previous, storedEvent(EventType::Updated, withFirstName(u"abcdefghijklmnopqrstuvwxyzé"_qs)));
        row("non-ASCII first, then ASCII", previous, storedEvent(EventType::Updated, withFirstName(u"éabcdefghijklmnopqrstuvwxyz"_qs)));
        row("deleted event, empty address", previous,
            storedEvent(EventType::Deleted, {u"Joe"_qs, u"Bloke"_qs, QString(), QDate(1966, 4, 12)}, 3, 9));
        row("every text field empty", previous, storedEvent(EventType::Deleted, {}, 3, 9, T0, QString(), QString()));
        row("a field holding U+001F", previous, storedEvent(EventType::Updated, withFirstName(u"Jo\x1f" "e"_qs)));
        row("a field holding NUL", previous, storedEvent(EventType::Updated, withFirstName(u"Jo"_qs + QChar(0) + u"e"_qs)));
        row("a long field (past the reserved buffer)", previous,
            storedEvent(EventType::Updated, withFirstName(QString(5000, u'x') + u"é"_qs + QString(5000, u'y'))));
        const Event second = storedEvent(EventType::Updated, Plain, 2, 2, T0 + 1);
        row("damaged previous hash: 40 bytes", bytes(40, '\x5a'), second);
        row("damaged previous hash: 33 bytes", bytes(33, '\x01'), second);
        row("damaged previous hash: 31 bytes", bytes(31, '\xff'), second);
        row("damaged previous hash: 1 byte", bytes(1, '\0'), second);
        row("damaged previous hash: 1000 bytes", bytes(1000, 'h'), second);
        row("null date of birth", previous, storedEvent(EventType::Created, withDateOfBirth(QDate())));
        row("invalid date of birth (30 February)", previous, storedEvent(EventType::Created, withDateOfBirth(QDate(2023, 2, 30))));
        row("date of birth in year 1", previous, storedEvent(EventType::Created, withDateOfBirth(QDate(1, 1, 1))));
        row("date of birth in year 999", previous, storedEvent(EventType::Created, withDateOfBirth(QDate(999, 7, 4))));
        row("date of birth in year 9999", previous, storedEvent(EventType::Created, withDateOfBirth(QDate(9999, 12, 31))));
        row("date of birth in year 10000", previous, storedEvent(EventType::Created, withDateOfBirth(QDate(10000, 1, 1))));
        row("date of birth before year 1", previous, storedEvent(EventType::Created, withDateOfBirth(QDate(-44, 3, 15))));
        row("recorded before 1970", previous, storedEvent(EventType::Created, Plain, 1, 1, -86400000));
        row("recorded at 0", previous, storedEvent(EventType::Created, Plain, 1, 1, 0));
        row("largest numbers", previous, storedEvent(EventType::Updated, Plain, max, max, max));
        row("smallest numbers", previous, storedEvent(EventType::Updated, Plain, min, min, min));
        row("a type out of range (a damaged row as verify reads it)", previous, storedEvent(static_cast<EventType>(4), Plain));
        row("a lone high surrogate at the end", previous, storedEvent(EventType::Updated, withFirstName(u"Joe"_qs + QChar(0xd800))));
        row("a lone high surrogate before ASCII", previous,
            storedEvent(EventType::Updated, withFirstName(u"Jo"_qs + QChar(0xd800) + u"e"_qs)));
        row("a lone low surrogate", previous, storedEvent(EventType::Updated, withFirstName(QChar(0xdc00) + u"Joe"_qs)));
    }
    void shouldHashExactlyAsTheFirstRelease()
    {
        QFETCH(QByteArray, previousHash);
        QFETCH(Event, event);
        // GIVEN an event and the hash before it
        // WHEN the store's chain hash is computed
        const QByteArray hash = eventChainHash(previousHash, event);
        QCOMPARE(hash.size(), 32);
        EventHashInput input;
        input.build(event);
        if (input.hasEscapedText()) {
            // THEN with a separator or escape in its text, the first release's hash is the legacy one (still
            // accepted for events stored before), and today's escapes the character and so differs
            QCOMPARE(input.legacyChainHash(previousHash).toHex(), firstReleaseChainHash(previousHash, event).toHex());
            QVERIFY(hash != firstReleaseChainHash(previousHash, event));
            return;
        }
        // THEN it is the SHA-256 the first release computed over the same fields, byte for byte
        QCOMPARE(hash.toHex(), firstReleaseChainHash(previousHash, event).toHex());
        // AND computing it again (the encoder's buffer reused) gives the same bytes
        QCOMPARE(eventChainHash(previousHash, event).toHex(), hash.toHex());
    }

    void shouldExposeEachFieldAsTheUtf8ThatIsStored_data() { shouldHashExactlyAsTheFirstRelease_data(); }
    void shouldExposeEachFieldAsTheUtf8ThatIsStored()
    {
        QFETCH(QByteArray, previousHash);
        QFETCH(Event, event);
        // GIVEN the encoder the store binds its text columns from
        EventHashInput input;
        // WHEN it encodes an event
        input.build(event);
        // THEN each field is that field's UTF-8, nothing more or less (a bound off by one would store wrong text)
        const QStringList expected = firstReleaseHashFields(event);
        for (int f = 0; f < EventHashInput::FieldCount; ++f) {
            const QByteArray actual = input.field(static_cast<EventHashInput::Field>(f)).toByteArray();
            QVERIFY2(actual == expected.at(f).toUtf8(),
                     qPrintable(QStringLiteral("field %1: %2 instead of %3").arg(f).arg(QString::fromLatin1(actual.toHex()),
                                                                                       QString::fromLatin1(expected.at(f).toUtf8().toHex()))));
        }
        // AND its chain hash is the free function's
        QCOMPARE(input.chainHash(previousHash).toHex(), eventChainHash(previousHash, event).toHex());
    }

    void shouldChainEventsOfDifferentLengthsThroughOneEncoder()
    {
        // GIVEN events whose encodings grow and shrink (a reused buffer must not keep bytes of a longer event)
        const EventList events = {
            storedEvent(EventType::Created, withFirstName(QString(3000, u'a')), 1, 1),
            storedEvent(EventType::Updated, withFirstName(u"B"_qs), 2, 2, T0 + 1),
            storedEvent(EventType::Updated, withFirstName(u"漢字😀"_qs), 3, 3, T0 + 2),
            storedEvent(EventType::Deleted, {u"C"_qs, u"D"_qs, QString(), QDate()}, 4, 4, T0 + 3),
        };
        EventHashInput input;
        QByteArray previous;
        QByteArray reference;
        for (const Event& e : events) {
            // WHEN each is chained onto the one before through one encoder
            input.build(e);
            previous = input.chainHash(previous);
            reference = firstReleaseChainHash(reference, e);
            // THEN every link is the first release's
            QCOMPARE(previous.toHex(), reference.toHex());
        }
    }

    void shouldMatchDigestsComputedOutsideQt_data()
    {
        QTest::addColumn<QByteArray>("previousHash");
        QTest::addColumn<Event>("event");
        QTest::addColumn<QByteArray>("sha256");
        // Digests from the shell, over the bytes written out by hand, e.g.
        // printf 'e1\x1fc1\x1f1\x1f1\x1f1655319463148\x1f1\x1fJoe\x1fBloke\x1f15, Nice Road, Cardiff\x1f1966-04-12' | sha256sum
        QTest::newRow("first event") << QByteArray() << storedEvent(EventType::Created, Plain, 1, 1, T0, u"c1"_qs, u"e1"_qs)
                                     << QByteArray("50552af7ccc7e4a92a98e32c2bb9906cf1a1288dcc1711195e5ff5517caf0c7b");
        // ( for i in $(seq 32); do printf '\xab'; done; printf 'f47ac10b-...\x1f100-255-8730\x1f3\x1f42\x1f-86400000\x1f3\x1f'
        //   '\xc3\x89lodie\x1fM\xc3\xbcller \xe6\xbc\xa2\xe5\xad\x97 \xf0\x9f\x98\x80\x1f\x1f' ) | sha256sum
        QTest::newRow("deleted, non-ASCII, no address or date, after a hash")
            << QByteArray(32, '\xab') << storedEvent(EventType::Deleted, {u"Élodie"_qs, u"Müller 漢字 😀"_qs, QString(), QDate()}, 3, 42, -86400000)
            << QByteArray("c8911cfec9fb9f789218ff4ae14035324fe0c309174de6e51bc4f93e4ade4787");
    }
    void shouldMatchDigestsComputedOutsideQt()
    {
        QFETCH(QByteArray, previousHash);
        QFETCH(Event, event);
        QFETCH(QByteArray, sha256);
        QCOMPARE(eventChainHash(previousHash, event).toHex(), sha256);
    }

    void shouldTellTextMovedAcrossAFieldBoundary_data()
    {
        QTest::addColumn<CustomerData>("stored");
        QTest::addColumn<CustomerData>("tampered");
        const QString us = QStringLiteral("\x1f");
        const QString esc = QStringLiteral("\x1b");
        QTest::newRow("first name into last name")
            << CustomerData{u"Joe"_qs + us + u"Smith"_qs, u"Bloke"_qs, u"15, Nice Road"_qs, QDate(1966, 4, 12)}
            << CustomerData{u"Joe"_qs, u"Smith"_qs + us + u"Bloke"_qs, u"15, Nice Road"_qs, QDate(1966, 4, 12)};
        QTest::newRow("last name into address")
            << CustomerData{u"Joe"_qs, u"Bloke"_qs + us + u"15"_qs, u"Nice Road"_qs, QDate(1966, 4, 12)}
            << CustomerData{u"Joe"_qs, u"Bloke"_qs, u"15"_qs + us + u"Nice Road"_qs, QDate(1966, 4, 12)};
        QTest::newRow("an escape that spells an escaped separator")
            << CustomerData{u"Jo"_qs + esc + u"1e"_qs, u"Bloke"_qs, u"15, Nice Road"_qs, QDate(1966, 4, 12)}
            << CustomerData{u"Jo"_qs + us + u"e"_qs, u"Bloke"_qs, u"15, Nice Road"_qs, QDate(1966, 4, 12)};
    }
    void shouldTellTextMovedAcrossAFieldBoundary()
    {
        QFETCH(CustomerData, stored);
        QFETCH(CustomerData, tampered);
        // GIVEN an event, and the same event with text moved over a field boundary
        const Event original = storedEvent(EventType::Updated, stored, 2, 2, T0 + 1);
        const Event moved = storedEvent(EventType::Updated, tampered, 2, 2, T0 + 1);
        const QByteArray previous(32, '\x11');
        // WHEN both are hashed
        // THEN the hashes differ, so verify sees the change
        QVERIFY(eventChainHash(previous, original) != eventChainHash(previous, moved));
        QCOMPARE(matchChainHash(previous, moved, eventChainHash(previous, original)), ChainHashMatch::Differs);
        QCOMPARE(matchChainHash(previous, original, eventChainHash(previous, original)), ChainHashMatch::Matches);
    }

    void shouldAcceptTheFirstReleasesHashOfAnEventWithASeparatorAsLegacy()
    {
        // GIVEN an event stored by the first release with U+001F in its first name
        const Event e = storedEvent(EventType::Created, withFirstName(QStringLiteral("Joe\x1fSmith")));
        const QByteArray stored = firstReleaseChainHash({}, e);
        // WHEN verify matches it
        // THEN it is known for what it is: a legacy hash, accepted and reported
        QCOMPARE(matchChainHash({}, e, stored), ChainHashMatch::MatchesLegacy);
        // AND an event without such text never matches as legacy: its two hashes are the same one
        const Event plain = storedEvent(EventType::Created, Plain);
        QCOMPARE(matchChainHash({}, plain, firstReleaseChainHash({}, plain)), ChainHashMatch::Matches);
    }

    void shouldHashEscapedTextAsComputedOutsideQt_data()
    {
        QTest::addColumn<QString>("firstName");
        QTest::addColumn<QByteArray>("sha256");
        // python3 -c "import hashlib; print(hashlib.sha256('e1\x1fc1\x1f1\x1f1\x1f1655319463148\x1f1\x1f'
        //   'Joe\x1b1Smith\x1fBloke\x1f15, Nice Road, Cardiff\x1f1966-04-12'.encode()).hexdigest())"
        QTest::newRow("a separator") << QStringLiteral("Joe\x1fSmith") << QByteArray("66c0ee9a5c45b3de00d7897185fd91b8454729530c9ef2e45717825ea8713a68");
        // ... 'Jo\x1b0e\x1fBloke...'
        QTest::newRow("an escape") << QStringLiteral("Jo\x1b" "e") << QByteArray("08841fbf74da073a2fa3e9e4bae47b80c6ee92bdaeb5e2af48fb30f00962a914");
    }
    void shouldHashEscapedTextAsComputedOutsideQt()
    {
        QFETCH(QString, firstName);
        QFETCH(QByteArray, sha256);
        const Event e = storedEvent(EventType::Created, withFirstName(firstName), 1, 1, T0, u"c1"_qs, u"e1"_qs);
        QCOMPARE(eventChainHash({}, e).toHex(), sha256);
    }
};

QTEST_GUILESS_MAIN(TestEventHash)
#include "TestEventHash.moc"
