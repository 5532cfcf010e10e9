#include "FigureWriter.h"

#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace hindsight::bench {

FigureWriter::FigureWriter(FILE* out)
    : m_out(out)
{
}

void FigureWriter::value(const QString& figure, double value, const QJsonObject& extra)
{
    QJsonObject fields = extra;
    fields.insert(QStringLiteral("value"), rounded(value));
    object(figure, std::move(fields));
}

void FigureWriter::distribution(const QString& figure, QList<double> samples, const QJsonObject& extra)
{
    std::sort(samples.begin(), samples.end());
    QJsonObject fields = extra;
    fields.insert(QStringLiteral("p50"), rounded(percentile(samples, 50)));
    fields.insert(QStringLiteral("p95"), rounded(percentile(samples, 95)));
    fields.insert(QStringLiteral("max"), rounded(samples.isEmpty() ? 0 : samples.last()));
    fields.insert(QStringLiteral("samples"), samples.size());
    object(figure, std::move(fields));
}

void FigureWriter::object(const QString& figure, QJsonObject fields)
{
    // "figure" first, as readers of the lines expect; QJsonObject sorts keys, so write it by hand.
    const QByteArray rest = QJsonDocument(fields).toJson(QJsonDocument::Compact);
    // {"f":"name"} -> "name", escaped by Qt.
    const QByteArray name = QJsonDocument(QJsonObject{{QStringLiteral("f"), figure}}).toJson(QJsonDocument::Compact).mid(5).chopped(1);
    QByteArray line = QByteArrayLiteral("{\"figure\":") + name;
    line += rest.size() > 2 ? QByteArray(',' + rest.mid(1)) : QByteArrayLiteral("}");
    std::fprintf(m_out, "%s\n", line.constData());
    std::fflush(m_out);
}

double FigureWriter::percentile(QList<double> samples, double p)
{
    if (samples.isEmpty())
        return 0;
    std::sort(samples.begin(), samples.end());
    const qsizetype rank = qsizetype(std::ceil(p / 100.0 * double(samples.size())));
    return samples[std::clamp<qsizetype>(rank - 1, 0, samples.size() - 1)];
}

double FigureWriter::rounded(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

} // namespace hindsight::bench
