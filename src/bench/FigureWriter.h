#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <cstdio>

namespace hindsight::bench {

/** Prints figures as one JSON object per line on standard output, flushed at once so a reader sees progress. */
class FigureWriter
{
public:
    explicit FigureWriter(FILE* out = stdout);

    /** {"figure": name, "value": value, ...extra}. */
    void value(const QString& figure, double value, const QJsonObject& extra = {});
    /** {"figure": name, "p50": ..., "p95": ..., "max": ..., "samples": n, ...extra} from raw samples. */
    void distribution(const QString& figure, QList<double> samples, const QJsonObject& extra = {});
    /** Any other object, with "figure" set. */
    void object(const QString& figure, QJsonObject fields);

    /** The @p p-th percentile (0..100) by nearest rank; 0 for no samples. */
    static double percentile(QList<double> samples, double p);
    /** Rounds to @p decimals, so the output stays readable. */
    static double rounded(double value, int decimals = 3);

private:
    FILE* m_out;
};

} // namespace hindsight::bench
