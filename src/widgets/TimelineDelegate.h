#pragma once

#include <QStyledItemDelegate>

namespace hindsight {

/**
 * Paints one timeline entry as a card: the event type as a coloured badge, the local time, the version, the
 * event id, then only the fields the event changed, old → new. Entries after the as-of moment are dimmed and
 * the entry in effect is marked.
 */
class TimelineDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    /** Badge colour of an event type (also used by the time slider's marks). */
    static QColor typeColor(int eventType);
};

} // namespace hindsight
