#include "TimelineModel.h"

#include "CustomerProjection.h"
#include "Timestamp.h"

#include <QDateTime>

namespace hindsight {

TimelineModel::TimelineModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

int TimelineModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_stream.size());
}

QHash<int, QByteArray> TimelineModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(TypeRole, "type");
    names.insert(RecordedAtRole, "recordedAt");
    names.insert(EventIdRole, "eventId");
    names.insert(VersionRole, "version");
    names.insert(PositionRole, "position");
    names.insert(ChangesRole, "changes");
    names.insert(InEffectRole, "inEffect");
    names.insert(AfterAsOfRole, "afterAsOf");
    return names;
}

QVariant TimelineModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int i = streamIndex(index.row());
    const Event& e = m_stream.at(i);
    switch (role) {
    case Qt::DisplayRole: {
        const QString when = QDateTime::fromMSecsSinceEpoch(e.recordedAtMs()).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        QStringList lines{QStringLiteral("%1 v%2 %3").arg(statusName(e.type())).arg(e.version()).arg(when)};
        lines += CustomerDiff::describe(m_changes.at(i));
        return lines.join(QLatin1Char('\n'));
    }
    case Qt::ToolTipRole:
        return tr("%1 (%2)\nRecorded %3 UTC\nEvent ID %4\nVersion %5, position %6 in the store")
            .arg(eventTypeName(e.type()), statusName(e.type()), Timestamp::format(e.recordedAtMs()), e.eventId())
            .arg(e.version())
            .arg(e.position());
    case TypeRole:
        return static_cast<int>(e.type());
    case RecordedAtRole:
        return e.recordedAtMs();
    case EventIdRole:
        return e.eventId();
    case VersionRole:
        return e.version();
    case PositionRole:
        return e.position();
    case ChangesRole:
        return QVariant::fromValue(m_changes.at(i));
    case InEffectRole:
        return index.row() == rowInEffect();
    case AfterAsOfRole:
        return m_asOfMs != CustomerSnapshot::Now && e.recordedAtMs() > m_asOfMs;
    default:
        return {};
    }
}

void TimelineModel::setStream(const QString& customerId, const EventList& stream)
{
    beginResetModel();
    m_customerId = customerId;
    m_stream = stream;
    m_states.clear();
    m_changes.clear();
    std::optional<CustomerRecord> state;
    for (const Event& e : stream) {
        auto after = applyEvent(state, e);
        // The store validated the stream on append; a record that cannot follow keeps the previous state.
        CustomerRecord next = after ? std::move(after).value() : state.value_or(CustomerRecord{});
        FieldChanges changes = CustomerDiff::between(state ? state->data : CustomerData{}, next.data);
        if (e.type() == EventType::Deleted)
            changes.append({QStringLiteral("status"), tr("Status"), customerStatusName(CustomerStatus::Active),
                            customerStatusName(CustomerStatus::Deleted)});
        m_changes.append(changes);
        m_states.append(next);
        state = next;
    }
    endResetModel();
}

void TimelineModel::clear()
{
    setStream({}, {});
}

const Event& TimelineModel::eventAt(int row) const
{
    return m_stream.at(streamIndex(row));
}

CustomerRecord TimelineModel::stateAfter(int row) const
{
    return m_states.at(streamIndex(row));
}

FieldChanges TimelineModel::differenceBetween(int a, int b) const
{
    int older = streamIndex(a);
    int newer = streamIndex(b);
    if (older > newer)
        std::swap(older, newer);
    return CustomerDiff::between(std::optional(m_states.at(older)), std::optional(m_states.at(newer)));
}

int TimelineModel::rowOfVersion(qint64 version) const
{
    for (int i = 0; i < m_stream.size(); ++i) {
        if (m_stream.at(i).version() == version)
            return static_cast<int>(m_stream.size()) - 1 - i;
    }
    return -1;
}

void TimelineModel::setAsOfMs(qint64 asOfMs)
{
    if (asOfMs == m_asOfMs)
        return;
    // The marks depend only on which event is in effect: a slider move within one event's time repaints nothing.
    const int before = rowInEffect();
    m_asOfMs = asOfMs;
    if (!m_stream.isEmpty() && rowInEffect() != before)
        emit dataChanged(index(0), index(rowCount() - 1), {InEffectRole, AfterAsOfRole});
}

int TimelineModel::rowInEffect() const
{
    if (m_stream.isEmpty())
        return -1;
    if (m_asOfMs == CustomerSnapshot::Now)
        return 0;
    for (int i = static_cast<int>(m_stream.size()) - 1; i >= 0; --i) {
        if (m_stream.at(i).recordedAtMs() <= m_asOfMs)
            return static_cast<int>(m_stream.size()) - 1 - i;
    }
    return -1;
}

} // namespace hindsight
