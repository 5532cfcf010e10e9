#include "EventHash.h"

#include "Timestamp.h"


#include <openssl/evp.h>

#include <charconv>
#include <cstring>

namespace hindsight {

namespace {

constexpr char Separator = '\x1f'; // U+001F, one byte in UTF-8
constexpr char Escape = '\x1b';    // U+001B

bool isTextField(EventHashInput::Field f)
{
    switch (f) {
    case EventHashInput::EventId:
    case EventHashInput::CustomerId:
    case EventHashInput::FirstName:
    case EventHashInput::LastName:
    case EventHashInput::Address:
    case EventHashInput::DateOfBirth:
        return true;
    default:
        return false;
    }
}

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
    if (!m_hasEscapedText && isTextField(f)) {
        const QByteArrayView text = field(f);
        m_hasEscapedText = text.contains(Separator) || text.contains(Escape);
    }
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
    m_hasEscapedText = false;
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

QByteArray EventHashInput::sha256(QByteArrayView previousHash, QByteArrayView encoded)
{
    // One fetched SHA-256 and one reused context: OpenSSL's one-shot SHA256() looks the algorithm up on every
    // call, which cost more than the hashing (that uses the processor's SHA instructions where there are any).
    QByteArray digest(32, Qt::Uninitialized);
    unsigned int length = 0;
    const bool hashed = m_sha256 && m_context && EVP_DigestInit_ex2(m_context.get(), m_sha256.get(), nullptr) == 1
        && EVP_DigestUpdate(m_context.get(), previousHash.data(), size_t(previousHash.size())) == 1
        && EVP_DigestUpdate(m_context.get(), encoded.data(), size_t(encoded.size())) == 1
        && EVP_DigestFinal_ex(m_context.get(), reinterpret_cast<unsigned char*>(digest.data()), &length) == 1 && length == 32;
    // OpenSSL without SHA-256 is a broken installation; no hash at all would read as "nothing to compare".
    if (!hashed)
        qFatal("Hindsight: OpenSSL could not compute SHA-256");
    return digest;
}

QByteArray EventHashInput::legacyChainHash(const QByteArray& previousHash)
{
    return sha256(previousHash, encoded());
}

QByteArray EventHashInput::chainHash(const QByteArray& previousHash)
{
    if (!m_hasEscapedText)
        return sha256(previousHash, encoded());
    // Rare (the account rules refuse control characters): an escaped copy, the stored bytes left as they are.
    m_escaped.clear();
    qsizetype copied = HashSize;
    for (int f = 0; f < FieldCount; ++f) {
        const qsizetype begin = m_bounds[size_t(2 * f)];
        const qsizetype end = m_bounds[size_t(2 * f + 1)];
        m_escaped.append(QByteArrayView(m_bytes).sliced(copied, begin - copied)); // the separator before it
        for (qsizetype i = begin; i < end; ++i) {
            const char c = m_bytes.at(i);
            if (c == Escape || c == Separator) {
                m_escaped.append(Escape);
                m_escaped.append(c == Escape ? '0' : '1');
            } else {
                m_escaped.append(c);
            }
        }
        copied = end;
    }
    return sha256(previousHash, m_escaped);
}

QByteArray eventChainHash(const QByteArray& previousHash, const Event& e)
{
    thread_local EventHashInput input;
    input.build(e);
    return input.chainHash(previousHash);
}

ChainHashMatch matchChainHash(const QByteArray& previousHash, const Event& event, const QByteArray& stored)
{
    thread_local EventHashInput input;
    input.build(event);
    if (input.chainHash(previousHash) == stored)
        return ChainHashMatch::Matches;
    if (input.hasEscapedText() && input.legacyChainHash(previousHash) == stored)
        return ChainHashMatch::MatchesLegacy;
    return ChainHashMatch::Differs;
}

} // namespace hindsight
