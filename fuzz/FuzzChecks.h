#pragma once

// What every parser promises, checked on each fuzz input: a crash-free run is not enough.

#include "CsvEventReader.h"
#include "Timestamp.h"

#include <cstdio>
#include <cstdlib>

namespace hindsight::fuzz {

[[noreturn]] inline void fail(const char* what, const QString& detail = {})
{
    std::fprintf(stderr, "broken promise: %s %s\n", what, qPrintable(detail));
    std::abort();
}

/** A refusal names the file (and a line when it has one) in its message. */
inline void checkError(const Error& error, const QString& source)
{
    if (!error.message.startsWith(source))
        fail("the message does not start with the file name:", error.message);
    if (error.line > 0 && !error.message.contains(QStringLiteral("line %1").arg(error.line)))
        fail("the message does not name its line:", error.message);
}

/** Accepted events have ids, a type, a writable time and a real date of birth, and know their line. */
inline void checkEvents(const SourcedEventList& events, const QString& source)
{
    for (const SourcedEvent& e : events) {
        if (e.event.eventId().trimmed().isEmpty() || e.event.customerId().trimmed().isEmpty())
            fail("an event without ids");
        if (e.event.recordedAtMs() < Timestamp::FirstWritableMs || e.event.recordedAtMs() > Timestamp::LastWritableMs)
            fail("a time that cannot be written back");
        if (!e.event.data().dateOfBirth.isValid())
            fail("an invalid date of birth");
        if (e.line < 1 || e.source != source)
            fail("an event that does not know where it came from");
    }
}

/** Writing accepted events and reading them back gives the same events. */
inline void checkSameEvents(const SourcedEventList& events, const Result<SourcedEventList>& again, bool streamFieldsToo = false)
{
    if (events.isEmpty())
        return;
    if (!again)
        fail("written events do not read back:", again.error().message);
    if (again->size() != events.size())
        fail("written events read back as another number of events");
    for (qsizetype i = 0; i < events.size(); ++i) {
        const Event& a = events[i].event;
        const Event& b = again->at(i).event;
        if (!a.sameContentAs(b))
            fail("an event changed on its way out and back:", a.eventId());
        if (streamFieldsToo && (a.version() != b.version() || a.position() != b.position()))
            fail("version or position changed on the way out and back:", a.eventId());
    }
}

} // namespace hindsight::fuzz
