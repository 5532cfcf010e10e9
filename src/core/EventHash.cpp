#include "EventHash.h"

#include "Timestamp.h"


#include <openssl/evp.h>

#include <charconv>
#include <cstring>

namespace hindsight {

namespace {

constexpr char Separator = '\x1f'; // U+001F, one byte in UTF-8

} // namespace

void EventHashInput::beginField(Field f)
{
    if (f != EventId)
        m_bytes.append(Separator);
    m_bounds[size_t(2 * f)] = m_bytes.size();
}

void EventHashInput::endField(Field f)
{
    m_bounds[size_t(2 * f + 1)] = m_bytes.size();
}

void EventHashInput::appendText(const QString& text)
{
    // Straight into the buffer, no QByteArray per field; ASCII, nearly all text here, without the encoder.
    const qsizetype start = m_bytes.size();
    const qsizetype n = text.size();
    const ushort* utf16 = text.utf16();
    qsizetype ascii = 0;
    while (ascii < n && utf16[ascii] < 0x80)
        ++ascii;
    m_bytes.resize(start + ascii);
    char* out = m_bytes.data() + start;
    for (qsizetype i = 0; i < ascii; ++i)
        out[i] = char(utf16[i]);
    if (ascii == n)
        return;
    // The rest as QString::toUtf8() writes it, which is what the first release hashed and bound: a lone surrogate
    // becomes '?' (a QStringEncoder would write U+FFFD, or wait for the rest of a pair at the end).
    m_bytes.append(QStringView(text).sliced(ascii).toUtf8());
}

void EventHashInput::appendNumber(qint64 value)
{
    char digits[24];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
    Q_UNUSED(ec); // 24 characters hold any qint64
    m_bytes.append(digits, end - digits);
}

void EventHashInput::appendDate(QDate date)
{
    int year = 0;
    int month = 0;
    int day = 0;
    date.getDate(&year, &month, &day);
    if (!date.isValid() || year < 1 || year > 9999) {
        appendText(Timestamp::formatDate(date)); // as Timestamp writes it, whatever that is
        return;
    }
    const char text[10] = {char('0' + year / 1000), char('0' + year / 100 % 10), char('0' + year / 10 % 10), char('0' + year % 10), '-',
                           char('0' + month / 10),  char('0' + month % 10),       '-',                        char('0' + day / 10),
                           char('0' + day % 10)};
    m_bytes.append(text, sizeof text);
}

void EventHashInput::build(const Event& e, qint64 version, qint64 position)
{
    m_bytes.resize(HashSize);
    beginField(EventId);
    appendText(e.eventId());
    endField(EventId);
    beginField(CustomerId);
    appendText(e.customerId());
    endField(CustomerId);
    beginField(Version);
    appendNumber(version);
    endField(Version);
    beginField(Position);
    appendNumber(position);
    endField(Position);
    beginField(RecordedAt);
    appendNumber(e.recordedAtMs());
    endField(RecordedAt);
    beginField(Type);
    appendNumber(static_cast<int>(e.type()));
    endField(Type);
    beginField(FirstName);
    appendText(e.data().firstName);
    endField(FirstName);
    beginField(LastName);
    appendText(e.data().lastName);
    endField(LastName);
    beginField(Address);
    appendText(e.data().address);
    endField(Address);
    beginField(DateOfBirth);
    appendDate(e.data().dateOfBirth);
    endField(DateOfBirth);
}

QByteArrayView EventHashInput::field(Field f) const
{
    const qsizetype begin = m_bounds[size_t(2 * f)];
    return QByteArrayView(m_bytes.constData() + begin, m_bounds[size_t(2 * f + 1)] - begin);
}

void EventHashInput::OpenSslDeleter::operator()(evp_md_st* md) const
{
    EVP_MD_free(md);
}

void EventHashInput::OpenSslDeleter::operator()(evp_md_ctx_st* context) const
{
    EVP_MD_CTX_free(context);
}

EventHashInput::EventHashInput()
    : m_sha256(EVP_MD_fetch(nullptr, "SHA256", nullptr))
    , m_context(EVP_MD_CTX_new())
{
    m_bytes.reserve(512);
}

EventHashInput::~EventHashInput() = default;

QByteArray EventHashInput::chainHash(const QByteArray& previousHash)
{
    // One fetched SHA-256 and one reused context: OpenSSL's one-shot SHA256() looks the algorithm up on every
    // call, which cost more than the hashing (that uses the processor's SHA instructions where there are any).
    QByteArray digest(32, Qt::Uninitialized);
    const auto sha256 = [&](const char* data, qsizetype size) {
        unsigned int length = 0;
        const bool hashed = m_sha256 && m_context && EVP_DigestInit_ex2(m_context.get(), m_sha256.get(), nullptr) == 1
            && EVP_DigestUpdate(m_context.get(), data, size_t(size)) == 1
            && EVP_DigestFinal_ex(m_context.get(), reinterpret_cast<unsigned char*>(digest.data()), &length) == 1
            && length == 32;
        // OpenSSL without SHA-256 is a broken installation; no hash at all would read as "nothing to compare".
        if (!hashed)
            qFatal("Hindsight: OpenSSL could not compute SHA-256");
    };
    const qsizetype previous = previousHash.size();
    if (previous > HashSize) {
        // Not a hash this store wrote (verify meets damaged ones): hashed all the same, so it never matches.
        const QByteArray joined = previousHash + QByteArrayView(m_bytes).sliced(HashSize);
        sha256(joined.constData(), joined.size());
        return digest;
    }
    // The previous hash goes right before the event's bytes, so that one contiguous run is hashed.
    const qsizetype start = HashSize - previous;
    if (previous > 0)
        std::memcpy(m_bytes.data() + start, previousHash.constData(), size_t(previous));
    sha256(m_bytes.constData() + start, m_bytes.size() - start);
    return digest;
}

QByteArray eventChainHash(const QByteArray& previousHash, const Event& e)
{
    thread_local EventHashInput input;
    input.build(e);
    return input.chainHash(previousHash);
}

} // namespace hindsight
