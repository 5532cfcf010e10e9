#pragma once

#include "Event.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDate>

#include <array>
#include <memory>

struct evp_md_st;
struct evp_md_ctx_st;

namespace hindsight {

/**
 * The bytes an event's chain hash covers: the UTF-8 of its fields joined by U+001F (unit separator), position
 * and version included. Built once per event into a reused buffer, so that a bulk write also binds its text
 * columns from here instead of converting every field a second time.
 *
 * Inside a field, U+001B (escape) is hashed as 1B 30 and U+001F as 1B 31, so no text can pass for a field boundary:
 * with bare separators, "Joe<US>Smith" + "Bloke" and "Joe" + "Smith<US>Bloke" hashed alike, and text could be moved
 * from one field to the next without breaking the chain. A field without either character hashes exactly as in the
 * first release (every event the account rules let in since they refuse control characters), so no stored hash
 * changes; legacyChainHash() gives the first release's hash of the rest, for stores written before.
 */
class EventHashInput
{
public:
    EventHashInput();
    ~EventHashInput();
    EventHashInput(const EventHashInput&) = delete;
    EventHashInput& operator=(const EventHashInput&) = delete;

    enum Field { EventId, CustomerId, Version, Position, RecordedAt, Type, FirstName, LastName, Address, DateOfBirth, FieldCount };

    /** Encodes @p event, replacing what was built before. */
    void build(const Event& event) { build(event, event.version(), event.position()); }
    /** Encodes @p event as it is stored with @p version and @p position, without a copy of it that carries them. */
    void build(const Event& event, qint64 version, qint64 position);
    /**
     * Every field's UTF-8 as stored, joined by separators, valid until the next build(). It is what the chain hash
     * covers unless hasEscapedText().
     */
    QByteArrayView encoded() const { return QByteArrayView(m_bytes).sliced(HashSize); }
    /** One field's UTF-8, valid until the next build(); it lies within encoded(). */
    QByteArrayView field(Field f) const;
    /** SHA-256 over @p previousHash (empty for the first event) followed by the encoded event, fields escaped. */
    QByteArray chainHash(const QByteArray& previousHash);
    /** Whether a text field holds U+001B or U+001F, so that chainHash() and legacyChainHash() differ. */
    bool hasEscapedText() const { return m_hasEscapedText; }
    /** The first release's hash, separators inside fields left bare: only for events stored before the escaping. */
    QByteArray legacyChainHash(const QByteArray& previousHash);

private:
    void beginField(Field f);
    void endField(Field f);
    void appendText(const QString& text);
    void appendNumber(qint64 value);
    void appendDate(QDate date);
    QByteArray sha256(QByteArrayView previousHash, QByteArrayView encoded);

    struct OpenSslDeleter {
        void operator()(evp_md_st* md) const;
        void operator()(evp_md_ctx_st* context) const;
    };

    static constexpr qsizetype HashSize = 32;
    std::unique_ptr<evp_md_st, OpenSslDeleter> m_sha256;
    std::unique_ptr<evp_md_ctx_st, OpenSslDeleter> m_context;
    QByteArray m_bytes; // HashSize bytes of room for the previous hash, then the encoded event
    std::array<qsizetype, 2 * FieldCount> m_bounds{};
    bool m_hasEscapedText = false;
    QByteArray m_escaped; // the encoding with escaped fields, built only when m_hasEscapedText
};

/**
 * The tamper-evidence chain: SHA-256 over the previous event's hash and this event's full content, position
 * and version included, so that an edit, a deletion, a reordering or an insertion breaks the chain from there on.
 */
QByteArray eventChainHash(const QByteArray& previousHash, const Event& event);

/** How a stored hash matched its event. */
enum class ChainHashMatch {
    Matches,       ///< the hash of today's encoding
    MatchesLegacy, ///< only the first release's hash: the event has a separator in its text and predates the escaping
    Differs,
};

/** Checks @p stored against @p event chained onto @p previousHash. */
ChainHashMatch matchChainHash(const QByteArray& previousHash, const Event& event, const QByteArray& stored);

} // namespace hindsight
