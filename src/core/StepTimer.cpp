#include "StepTimer.h"

namespace hindsight {

Q_LOGGING_CATEGORY(lcImport, "hindsight.import", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "hindsight.store", QtInfoMsg)

StepTimer::StepTimer(const QLoggingCategory& category, const char* operation)
    : m_category(category)
    , m_operation(operation)
{
    m_timer.start();
}

void StepTimer::step(const char* step)
{
    if (m_category.isDebugEnabled()) {
        QMessageLogger(nullptr, 0, nullptr, m_category.categoryName()).debug().nospace().noquote()
            << m_operation << ": " << step << " " << QString::number(double(m_timer.nsecsElapsed()) / 1e6, 'f', 1) << " ms";
    }
    m_timer.restart();
}

} // namespace hindsight
