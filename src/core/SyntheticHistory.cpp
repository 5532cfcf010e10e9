#include "SyntheticHistory.h"

#include <QUuid>

#include <algorithm>
#include <random>

namespace hindsight {

namespace {

const char* const FirstNames[] = {
    "Joe", "Biz", "Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Mia", "Arthur", "Priya", "Aarav", "Ananya",
    "Rohan", "Saanvi", "Vihaan", "Fatima", "Omar", "Layla", "Yusuf", "Chloe", "Liam", "Emma", "Lucas", "Sofia",
    "Mateo", "Hannah", "Jonas", "Lea", "Finn", "Grace", "Thomas", "Sophie", "Daniel", "Ruby", "Samuel", "Zara",
    "Kofi", "Amara", "Chen", "Mei", "Hiro", "Yuki", "Olga", "Ivan", "Nadia", "Pedro", "Lucia", "Ines", "Dylan",
};
const char* const LastNames[] = {
    "Bloke", "Raj", "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Patel", "Sharma",
    "Singh", "Kumar", "Gupta", "Khan", "Ali", "Ahmed", "Murphy", "O'Brien", "Walsh", "Byrne", "Müller", "Schmidt",
    "Fischer", "García", "Fernández", "López", "Martin", "Bernard", "Dubois", "Rossi", "Russo", "Novak", "Kowalski",
    "Nowak", "Okafor", "Mensah", "Wang", "Li", "Zhang", "Tanaka", "Sato", "Ivanova", "Silva", "Santos", "Costa",
    "Hughes", "Edwards", "Clarke",
};
const char* const Streets[] = {
    "Edge Lane", "Top Street", "Fine Way", "Nice Road", "High Street", "Station Road", "Church Lane", "Park Avenue",
    "Mill Lane", "Victoria Road", "Green Lane", "Manor Road", "Kings Road", "Queens Drive", "Orchard Close",
    "Harbour View", "Canal Walk", "Market Square", "Bridge Street", "Elm Grove", "Oak Crescent", "Willow Way",
    "Linking Road", "MG Road", "Brigade Road", "Park Street", "Marine Drive", "Hill Road", "Lake View", "Ring Road",
};
const char* const Cities[] = {
    "London", "Mumbai", "Leeds", "Cardiff", "Manchester", "Birmingham", "Glasgow", "Edinburgh", "Bristol",
    "Liverpool", "Belfast", "Dublin", "Delhi", "Bengaluru", "Chennai", "Kolkata", "Pune", "Hyderabad", "Berlin",
    "Hamburg", "Paris", "Lyon", "Madrid", "Lisbon", "Rome", "Warsaw", "Lagos", "Accra", "Nairobi", "Toronto",
};

template <typename T, size_t N>
const T& pick(const T (&items)[N], std::mt19937_64& rng)
{
    return items[std::uniform_int_distribution<size_t>(0, N - 1)(rng)];
}

QString randomAddress(std::mt19937_64& rng)
{
    const int number = std::uniform_int_distribution<int>(1, 240)(rng);
    const bool suffix = std::uniform_int_distribution<int>(0, 9)(rng) == 0;
    return QString::number(number) % (suffix ? QStringLiteral("A") : QString()) % QStringLiteral(", ")
        % QString::fromUtf8(pick(Streets, rng)) % QStringLiteral(", ") % QString::fromUtf8(pick(Cities, rng));
}

QString randomEventId(std::mt19937_64& rng)
{
    QByteArray bytes(16, Qt::Uninitialized);
    for (int i = 0; i < 16; i += 8) {
        const quint64 word = rng();
        memcpy(bytes.data() + i, &word, 8);
    }
    bytes[6] = char((bytes[6] & 0x0f) | 0x40); // version 4
    bytes[8] = char((bytes[8] & 0x3f) | 0x80); // RFC 4122 variant
    return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
}

} // namespace

SyntheticHistory::SyntheticHistory(Options options)
    : m_options(options)
{
}

QString SyntheticHistory::customerId(qint64 index)
{
    const qint64 n = 1000000000 + index * 97 % 9000000000;
    const QString digits = QString::number(n);
    return digits.left(3) % QLatin1Char('-') % digits.mid(3, 3) % QLatin1Char('-') % digits.mid(6);
}

EventList SyntheticHistory::events(qint64 first, qint64 count) const
{
    EventList events;
    events.reserve(count * m_options.eventsPerCustomer);
    const int perCustomer = std::max(1, m_options.eventsPerCustomer);
    const qint64 span = std::max<qint64>(m_options.endMs - m_options.startMs, perCustomer * 1000);
    for (qint64 c = first; c < first + count; ++c) {
        // One generator per customer, seeded from (seed, index): any slice comes out the same.
        std::seed_seq seq{quint32(m_options.seed), quint32(m_options.seed >> 32), quint32(c), quint32(c >> 32)};
        std::mt19937_64 rng(seq);
        const QString id = customerId(c);
        CustomerData data{QString::fromUtf8(pick(FirstNames, rng)), QString::fromUtf8(pick(LastNames, rng)),
                          randomAddress(rng),
                          QDate(1940, 1, 1).addDays(std::uniform_int_distribution<int>(0, 365 * 65)(rng))};
        // Creation somewhere in the first 80% of the span, later events spread over what remains.
        const qint64 createdAt = m_options.startMs + std::uniform_int_distribution<qint64>(0, span * 8 / 10)(rng);
        std::vector<qint64> times(static_cast<size_t>(perCustomer));
        times[0] = createdAt;
        for (int k = 1; k < perCustomer; ++k)
            times[size_t(k)] = std::uniform_int_distribution<qint64>(createdAt + 1, m_options.startMs + span)(rng);
        std::sort(times.begin(), times.end());
        for (int k = 1; k < perCustomer; ++k)
            times[size_t(k)] = std::max(times[size_t(k)], times[size_t(k - 1)] + 1);
        const bool deletedLast = perCustomer > 1 && std::uniform_int_distribution<int>(0, 9)(rng) == 0;
        for (int k = 0; k < perCustomer; ++k) {
            EventType type = EventType::Updated;
            if (k == 0) {
                type = EventType::Created;
            } else if (k == perCustomer - 1 && deletedLast) {
                type = EventType::Deleted;
            } else {
                const int what = std::uniform_int_distribution<int>(0, 9)(rng);
                if (what < 7) {
                    data.address = randomAddress(rng);
                } else if (what < 9) {
                    data.lastName = QString::fromUtf8(pick(LastNames, rng));
                } else {
                    data.firstName = QString::fromUtf8(pick(FirstNames, rng));
                }
            }
            events.append(Event(randomEventId(rng), id, type, times[size_t(k)], data));
        }
    }
    return events;
}

Result<BatchOutcome> SyntheticHistory::writeTo(EventStore& store, const std::function<bool(qint64)>& progress) const
{
    constexpr qint64 CustomersPerBatch = 20000;
    BatchOutcome total;
    for (qint64 first = 0; first < m_options.customers; first += CustomersPerBatch) {
        const EventList batch = events(first, std::min(CustomersPerBatch, m_options.customers - first));
        const qint64 before = total.appended + total.skipped;
        auto outcome = store.appendBatch(batch, [&](qint64 done) { return !progress || progress(before + done); });
        if (!outcome)
            return outcome.error();
        total.appended += outcome->appended;
        total.skipped += outcome->skipped;
    }
    return total;
}

} // namespace hindsight
