#include "CustomerStatusDelegate.h"

#include "CustomerRecord.h"
#include "CustomerTableModel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace hindsight {

void CustomerStatusDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget); // background and selection

    const bool deleted = index.data(CustomerTableModel::StatusRole).toInt() == static_cast<int>(CustomerStatus::Deleted);
    QFont font = option.font;
    font.setPointSizeF(font.pointSizeF() * 0.85);
    font.setBold(true);
    const QFontMetrics fm(font);
    const int height = std::min(option.rect.height() - 4, fm.height() + 2);
    const QRect badge(option.rect.left() + 4, option.rect.center().y() - height / 2, fm.horizontalAdvance(text) + 12, height);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.addRoundedRect(QRectF(badge).adjusted(0.5, 0.5, -0.5, -0.5), height / 2.0, height / 2.0);
    painter->setFont(font);
    if (deleted) {
        painter->fillPath(path, QColor(0xc6, 0x28, 0x28));
        painter->setPen(Qt::white);
    } else {
        // On a selected row the highlight colour would swallow the green: use the highlighted text colour.
        const QColor quiet = (option.state & QStyle::State_Selected) ? option.palette.color(QPalette::HighlightedText)
                                                                     : QColor(0x2e, 0x7d, 0x32);
        painter->setPen(QPen(quiet, 1));
        painter->drawPath(path);
        painter->setPen(quiet);
    }
    painter->drawText(badge, Qt::AlignCenter, text);
    painter->restore();
}

} // namespace hindsight
