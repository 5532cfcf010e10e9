#pragma once

#include <QListView>

namespace hindsight {

/** The selected customer's events as cards, newest first; pick two to compare those states. */
class TimelineView : public QListView
{
    Q_OBJECT

public:
    explicit TimelineView(QWidget* parent = nullptr);

    /** Rows of the selected entries, in ascending order. */
    QList<int> selectedRows() const;
};

} // namespace hindsight
