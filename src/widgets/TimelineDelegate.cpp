#include "TimelineDelegate.h"

#include "CustomerDiff.h"
#include "TimelineModel.h"

#include <QApplication>
#include <QDateTime>
#include <QPainter>
#include <QPainterPath>

namespace hindsight {

namespace {

constexpr int Margin = 4;     // around the card
constexpr int Padding = 8;    // inside the card
constexpr int LineGap = 2;

QFont smallFont(const QFont& base)
{
    QFont f = base;
    f.setPointSizeF(base.pointSizeF() * 0.9);
    return f;
}

QFont boldFont(const QFont& base)
{
    QFont f = base;
    f.setBold(true);
    return f;
}

} // namespace

QColor TimelineDelegate::typeColor(int eventType)
{
    switch (static_cast<EventType>(eventType)) {
    case EventType::Created:
        return QColor(0x2e, 0x7d, 0x32);
    case EventType::Updated:
        return QColor(0x15, 0x65, 0xc0);
    case EventType::Deleted:
        return QColor(0xc6, 0x28, 0x28);
    }
    return QColor(Qt::gray);
}

QSize TimelineDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QFontMetrics fm(option.font);
    const QFontMetrics small(smallFont(option.font));
    const auto changes = index.data(TimelineModel::ChangesRole).value<FieldChanges>();
    const int changeLines = std::max<int>(1, static_cast<int>(changes.size()));
    const int height = 2 * Margin + 2 * Padding + (fm.height() + 4) + LineGap + small.height() + LineGap
        + changeLines * (fm.height() + LineGap);
    return {option.rect.width() > 0 ? option.rect.width() : 300, height};
}

void TimelineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    const bool after = index.data(TimelineModel::AfterAsOfRole).toBool();
    const bool inEffect = index.data(TimelineModel::InEffectRole).toBool();
    const int type = index.data(TimelineModel::TypeRole).toInt();
    const QColor accent = typeColor(type);
    if (after)
        painter->setOpacity(0.38);

    const QRect card = option.rect.adjusted(Margin, Margin, -Margin, -Margin);
    QPainterPath path;
    path.addRoundedRect(QRectF(card).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
    QColor background = selected ? pal.color(QPalette::Highlight).lighter(185) : pal.color(QPalette::Base);
    painter->fillPath(path, background);
    painter->setPen(QPen(selected ? pal.color(QPalette::Highlight) : pal.color(QPalette::Mid), selected ? 1.5 : 1.0));
    painter->drawPath(path);
    // The stripe on the left says the type before the text is read.
    painter->fillRect(QRect(card.left() + 1, card.top() + 6, 4, card.height() - 12), accent);
    if (inEffect && index.row() != 0) {
        painter->setPen(QPen(accent, 2));
        painter->drawPath(path);
    }

    const QFont base = option.font;
    const QFontMetrics fm(base);
    const QFont bold = boldFont(base);
    const QFontMetrics bfm(bold);
    const QFont small = smallFont(base);
    const QFontMetrics sfm(small);
    const QColor textColor = pal.color(QPalette::Text);
    const QColor dim = pal.color(QPalette::PlaceholderText);
    int x = card.left() + Padding + 6;
    int y = card.top() + Padding;
    const int right = card.right() - Padding;

    // Line 1: badge, local time, version.
    const QString badge = statusName(static_cast<EventType>(type));
    QFont badgeFont = small;
    badgeFont.setBold(true);
    const QFontMetrics badgeFm(badgeFont);
    const QRect badgeRect(x, y, badgeFm.horizontalAdvance(badge) + 12, fm.height() + 4);
    QPainterPath badgePath;
    badgePath.addRoundedRect(badgeRect, badgeRect.height() / 2.0, badgeRect.height() / 2.0);
    painter->fillPath(badgePath, accent);
    painter->setFont(badgeFont);
    painter->setPen(Qt::white);
    painter->drawText(badgeRect, Qt::AlignCenter, badge);

    const qint64 recordedAt = index.data(TimelineModel::RecordedAtRole).toLongLong();
    const QString when = QDateTime::fromMSecsSinceEpoch(recordedAt).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    const QString version = tr("v%1").arg(index.data(TimelineModel::VersionRole).toLongLong());
    painter->setFont(bold);
    painter->setPen(textColor);
    const int versionWidth = bfm.horizontalAdvance(version);
    painter->drawText(QRect(right - versionWidth, y, versionWidth, badgeRect.height()), Qt::AlignRight | Qt::AlignVCenter, version);
    painter->setFont(base);
    const int whenLeft = badgeRect.right() + 10;
    painter->drawText(QRect(whenLeft, y, right - versionWidth - 8 - whenLeft, badgeRect.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      fm.elidedText(when, Qt::ElideRight, right - versionWidth - 8 - whenLeft));
    y += badgeRect.height() + LineGap;

    // Line 2: event id.
    painter->setFont(small);
    painter->setPen(dim);
    const QString idLine = tr("event %1").arg(index.data(TimelineModel::EventIdRole).toString());
    painter->drawText(QRect(x, y, right - x, sfm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      sfm.elidedText(idLine, Qt::ElideMiddle, right - x));
    y += sfm.height() + LineGap;

    // Then what changed.
    const auto changes = index.data(TimelineModel::ChangesRole).value<FieldChanges>();
    const QString arrow = QStringLiteral("  \u2192  ");
    int labelWidth = 0;
    for (const FieldChange& c : changes)
        labelWidth = std::max(labelWidth, bfm.horizontalAdvance(c.label));
    labelWidth += 10;
    if (changes.isEmpty()) {
        painter->setFont(base);
        painter->setPen(dim);
        painter->drawText(QRect(x, y, right - x, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, tr("no attribute changed"));
    }
    for (const FieldChange& c : changes) {
        painter->setFont(bold);
        painter->setPen(textColor);
        painter->drawText(QRect(x, y, labelWidth, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, c.label);
        int cx = x + labelWidth;
        const int available = right - cx;
        painter->setFont(base);
        if (c.before.isEmpty()) {
            painter->drawText(QRect(cx, y, available, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                              fm.elidedText(c.after, Qt::ElideRight, available));
        } else {
            // Old value dimmed, new value plain; both share the width when they do not fit.
            const int arrowWidth = fm.horizontalAdvance(arrow);
            // A pixel of slack: elidedText() elides text that measures exactly the width it is given.
            const int oldWidth = fm.horizontalAdvance(c.before) + 1;
            const int newWidth = fm.horizontalAdvance(c.after) + 1;
            int oldSpace = oldWidth;
            if (oldWidth + arrowWidth + newWidth > available)
                oldSpace = std::min(oldWidth, std::max((available - arrowWidth) / 2, available - arrowWidth - newWidth));
            const QString oldText = fm.elidedText(c.before, Qt::ElideRight, oldSpace);
            painter->setPen(dim);
            painter->drawText(QRect(cx, y, oldSpace, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, oldText);
            cx += fm.horizontalAdvance(oldText);
            painter->setPen(accent);
            painter->drawText(QRect(cx, y, arrowWidth, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, arrow);
            cx += arrowWidth;
            painter->setPen(textColor);
            painter->drawText(QRect(cx, y, right - cx, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                              fm.elidedText(c.after, Qt::ElideRight, right - cx));
        }
        y += fm.height() + LineGap;
    }
    painter->restore();
}

} // namespace hindsight
