#pragma once

#include "Event.h"

#include <QByteArray>

namespace hindsight {

/**
 * The tamper-evidence chain: SHA-256 over the previous event's hash and this event's full content, position
 * and version included, so that an edit, a deletion, a reordering or an insertion breaks the chain from there on.
 */
QByteArray eventChainHash(const QByteArray& previousHash, const Event& event);

} // namespace hindsight
