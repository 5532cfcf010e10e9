#pragma once

#include <QByteArrayView>
#include <QString>
#include <QThread>

#include <algorithm>
#include <thread>
#include <vector>

namespace hindsight {

/**
 * The line breaks in @p text. QByteArrayView::count(char) in Qt 6.4 searches for a one-byte substring, which cost
 * a quarter of a second over a 250 MiB import; std::count is a vectorised loop.
 */
inline qsizetype countLineBreaks(QByteArrayView text)
{
    return std::count(text.begin(), text.end(), '\n');
}

/**
 * A copy of @p text with storage of its own, for one piece: every event a reader makes holds its source's name, and
 * pieces sharing one QString would have their threads contend on its reference count a million times.
 */
inline QString copyForPiece(const QString& text)
{
    return QString(text.constData(), text.size());
}

/** How many pieces to cut work of @p size into: one per @p minPerPiece, at most one per core, at least one. */
inline qsizetype piecesFor(qsizetype size, qsizetype minPerPiece)
{
    return std::clamp<qsizetype>(size / minPerPiece, 1, std::max(1, QThread::idealThreadCount()));
}

/**
 * Runs @p run(p) for every piece p in [0, @p pieces): the first on this thread, the others on threads of their own;
 * returns when all are done. Each piece must write only its own results.
 */
template <typename Run>
void runPieces(qsizetype pieces, const Run& run)
{
    std::vector<std::thread> threads;
    threads.reserve(size_t(std::max<qsizetype>(pieces - 1, 0)));
    for (qsizetype p = 1; p < pieces; ++p)
        threads.emplace_back(run, p);
    if (pieces > 0)
        run(qsizetype(0));
    for (std::thread& thread : threads)
        thread.join();
}

} // namespace hindsight
