#include "TimelineView.h"

#include "TimelineDelegate.h"

#include <algorithm>

namespace hindsight {

TimelineView::TimelineView(QWidget* parent)
    : QListView(parent)
{
    setItemDelegate(new TimelineDelegate(this));
    // Ctrl/Shift-click picks any two entries to compare, not only neighbours.
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setUniformItemSizes(false);
    setResizeMode(QListView::Adjust);
    setMouseTracking(true);
    setFrameShape(QFrame::NoFrame);
}

QList<int> TimelineView::selectedRows() const
{
    QList<int> rows;
    if (!selectionModel())
        return rows;
    for (const QModelIndex& index : selectionModel()->selectedIndexes())
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

} // namespace hindsight
