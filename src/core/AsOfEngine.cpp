#include "AsOfEngine.h"

#include "CustomerProjection.h"

#include <algorithm>

namespace hindsight {

Result<std::unique_ptr<AsOfEngine>> AsOfEngine::load(const EventStore& store)
{
    std::unique_ptr<AsOfEngine> engine(new AsOfEngine);
    auto read = store.forEachEvent(0, [&](const Event& e) {
        engine->m_events.append(e);
        return true;
    });
    if (!read)
        return read.error();
    std::stable_sort(engine->m_events.begin(), engine->m_events.end(),
                     [](const Event& a, const Event& b) { return a.recordedAtMs() < b.recordedAtMs(); });
    engine->m_asOfMs = engine->lastRecordedAtMs();
    return engine;
}

void AsOfEngine::seek(qint64 asOfMs)
{
    m_asOfMs = asOfMs;
}

CustomerList AsOfEngine::customers() const
{
    CustomerProjection projection;
    for (const Event& e : m_events) {
        if (e.recordedAtMs() > m_asOfMs)
            break;
        // Events come from the store, which validated them on append.
        (void)projection.apply(e);
    }
    return projection.customers();
}

qint64 AsOfEngine::firstRecordedAtMs() const
{
    return m_events.isEmpty() ? 0 : m_events.first().recordedAtMs();
}

qint64 AsOfEngine::lastRecordedAtMs() const
{
    return m_events.isEmpty() ? 0 : m_events.last().recordedAtMs();
}

} // namespace hindsight
