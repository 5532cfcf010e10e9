#pragma once

#include "Event.h"
#include "CustomerRecord.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace hindsight::test {

/** A store's whole content as the first release (schema 1) wrote it. */
struct Version1History {
    EventList events;         ///< as stored: versions and positions assigned, in position order
    QList<QByteArray> hashes; ///< the chain hash of each event (the first release's computation), same order
    CustomerList customers;   ///< the customer table those events leave
    QStringList customerIds;  ///< every customer, in the order of its first event
};

/**
 * @p events (each customer's in stream order; the log's order as given) as the first release stored them:
 * versions and positions assigned, hashed by firstReleaseChainHash() rather than this build's EventHash, and
 * the customer table they leave. A test fails if the events break a stream rule.
 */
Version1History version1History(const EventList& events);

/**
 * Writes @p history into a new file at @p path exactly as the first release laid it out: WAL, the schema 1
 * statements, the application id, user_version 1, then the rows; runs @p extraSql (if any) last, then
 * checkpoints and closes. Reports failures through QTest (check QTest::currentTestFailed()).
 */
void writeVersion1Store(const QString& path, const Version1History& history, const QString& extraSql = {});

/** PRAGMA user_version of the file at @p path, through a read-only connection of its own; -1 if unreadable. */
int fileSchemaVersion(const QString& path);

} // namespace hindsight::test
