#pragma once

#include <QElapsedTimer>
#include <QLoggingCategory>

namespace hindsight {

/** Reading and checking files for an import (EventImporter). */
Q_DECLARE_LOGGING_CATEGORY(lcImport)
/** Writing to a store (SqliteEventStore). */
Q_DECLARE_LOGGING_CATEGORY(lcStore)

/**
 * Logs how long each step of a long operation took, at debug level in @p category: off unless asked for, e.g.
 * QT_LOGGING_RULES="hindsight.*.debug=true" hindsight-cli import FILE.
 */
class StepTimer
{
public:
    StepTimer(const QLoggingCategory& category, const char* operation);

    /** Logs the time since the previous step (or the start) under @p step, and starts timing the next step. */
    void step(const char* step);

private:
    const QLoggingCategory& m_category;
    const char* m_operation;
    QElapsedTimer m_timer;
};

} // namespace hindsight
