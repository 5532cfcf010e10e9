#pragma once

#include <QStyledItemDelegate>

namespace hindsight {

/** The Status column: a red DELETED badge that stands out, a quiet ACTIVE one. */
class CustomerStatusDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace hindsight
