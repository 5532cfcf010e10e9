#include "AccountService.h"
#include "StagedStore.h"
#include "StoreFactory.h"

#include "MockClock.h"
#include "StoreInspection.h"
#include "TestStores.h"

#include <QDir>
#include <QTest>

#include <sys/stat.h>

using namespace hindsight;
using namespace hindsight::test;

namespace {

QStringList entries(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDir::Name);
}

ino_t inodeOf(const QString& path)
{
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_ino : 0;
}

qint64 eventCount(const EventStore& store)
{
    auto stats = store.stats();
    return stats ? stats->eventCount : -1;
}

} // namespace

/**
 * The store `import` fills when its --store file does not exist yet: it appears under its name complete or not at
 * all, and whatever another program created at that name meanwhile is never replaced or removed.
 */
class TestStagedStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_location;
    int m_runs = 0;
    MockClock m_clock;

    void addCustomer(EventStore& store, const QString& id)
    {
        QVERIFY(AccountService(store, m_clock).createCustomer(customerData(), id).ok());
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void init()
    {
        const QString folder = m_dir.filePath(QStringLiteral("run-%1").arg(++m_runs));
        QVERIFY(QDir().mkpath(folder));
        m_location = QDir(folder).filePath(QStringLiteral("customers.hindsight"));
    }

    void shouldGiveTheStoreItsNameOnlyWhenComplete()
    {
        // GIVEN a store staged for a path where none exists, filled with a customer
        StagedStore staged(m_location);
        auto store = staged.open();
        QVERIFY2(store.ok(), qPrintable(failureOf(store)));
        addCustomer(**store, u"200-000-0001"_qs);
        // THEN nothing is at the path yet, and the staged file sits beside it
        QVERIFY(!QFileInfo::exists(m_location));
        QVERIFY(QFileInfo::exists(staged.stagingPath()));
        QCOMPARE(QFileInfo(staged.stagingPath()).path(), QFileInfo(m_location).path());
        // WHEN it is published THEN the path holds the store with its customer, and nothing else is left
        const auto published = staged.publish(std::move(store).value());
        QVERIFY2(published.ok(), qPrintable(failureOf(published)));
        QCOMPARE(entries(QFileInfo(m_location).path()), QStringList{u"customers.hindsight"_qs});
        auto reopened = StoreFactory::open(m_location);
        QVERIFY(reopened.ok());
        QCOMPARE(eventCount(**reopened), 1);
    }

    void shouldLeaveAStoreAnotherProgramCreatedMeanwhileAsItIs()
    {
        // GIVEN a staged store being filled
        StagedStore staged(m_location);
        auto store = staged.open();
        QVERIFY(store.ok());
        addCustomer(**store, u"200-000-0001"_qs);
        // AND another program that creates a store at the same path meanwhile, writes to it and keeps it open
        auto theirs = StoreFactory::open(m_location, StoreFactory::Mode::CreateIfMissing);
        QVERIFY(theirs.ok());
        addCustomer(**theirs, u"300-000-0001"_qs);
        const ino_t inode = inodeOf(m_location);
        // WHEN the staged store is published THEN it is a conflict, and theirs stays, with their customer
        const auto published = staged.publish(std::move(store).value());
        QVERIFY(!published.ok());
        QCOMPARE(published.error().code, ErrorCode::Conflict);
        QVERIFY2(published.error().message.contains(QDir::toNativeSeparators(m_location)), qPrintable(published.error().message));
        QCOMPARE(inodeOf(m_location), inode);
        QCOMPARE(eventCount(**theirs), 1);
        QVERIFY((*theirs)->customer(u"300-000-0001"_qs).value().has_value());
        addCustomer(**theirs, u"300-000-0002"_qs);
        // AND the staged files are gone
        QVERIFY(!QFileInfo::exists(staged.stagingPath()));
        QVERIFY(!QFileInfo::exists(staged.stagingPath() + u"-wal"_qs));
    }

    void shouldRemoveOnlyItsOwnFilesWhenDiscarded()
    {
        // GIVEN a staged store whose import failed, and another program that meanwhile created a store at the path
        // and has it open with a write in its -wal (the case where removing "the store it created" lost their data)
        StagedStore staged(m_location);
        auto store = staged.open();
        QVERIFY(store.ok());
        auto theirs = StoreFactory::open(m_location, StoreFactory::Mode::CreateIfMissing);
        QVERIFY(theirs.ok());
        addCustomer(**theirs, u"300-000-0001"_qs);
        const QList<ino_t> files{inodeOf(m_location), inodeOf(m_location + u"-wal"_qs), inodeOf(m_location + u"-shm"_qs)};
        QVERIFY(!files.contains(0));
        // WHEN the staged store is discarded
        store.value().reset();
        staged.discard();
        // THEN their store, -wal and -shm are untouched, and their customer is there
        QCOMPARE((QList<ino_t>{inodeOf(m_location), inodeOf(m_location + u"-wal"_qs), inodeOf(m_location + u"-shm"_qs)}), files);
        QCOMPARE(eventCount(**theirs), 1);
        theirs.value().reset();
        QCOMPARE(entries(QFileInfo(m_location).path()), QStringList{u"customers.hindsight"_qs});
        auto reopened = StoreFactory::open(m_location);
        QVERIFY(reopened.ok());
        QCOMPARE(eventCount(**reopened), 1);
    }

    void shouldDiscardWhenDestroyedUnpublished()
    {
        QString stagingPath;
        {
            StagedStore staged(m_location);
            stagingPath = staged.stagingPath();
            auto store = staged.open();
            QVERIFY(store.ok());
            addCustomer(**store, u"200-000-0001"_qs);
        }
        QVERIFY(!QFileInfo::exists(stagingPath));
        QCOMPARE(entries(QFileInfo(m_location).path()), QStringList{});
    }
};

QTEST_GUILESS_MAIN(TestStagedStore)
#include "TestStagedStore.moc"
