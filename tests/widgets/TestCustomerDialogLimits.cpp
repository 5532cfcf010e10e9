#include "AccountRules.h"
#include "CustomerDialog.h"
#include "MockClock.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace hindsight;

/**
 * The customer dialog keeps the limits and character rules every entry path keeps (AccountRules): its fields take
 * no more than can be saved, and what the CLI or an import would refuse shows beside its field.
 */
class TestCustomerDialogLimits : public QObject
{
    Q_OBJECT

private:
    static QLineEdit* edit(CustomerDialog& dialog, const QString& field)
    {
        return dialog.findChild<QLineEdit*>(field + QStringLiteral("Edit"));
    }
    static QLabel* error(CustomerDialog& dialog, const QString& field)
    {
        return dialog.findChild<QLabel*>(field + QStringLiteral("Error"));
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void shouldTakeNoMoreThanAFieldMayHold_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("limit");
        QTest::newRow("id") << "id" << int(FieldLimits::MaxIdLength);
        QTest::newRow("first name") << "firstName" << int(FieldLimits::MaxNameLength);
        QTest::newRow("last name") << "lastName" << int(FieldLimits::MaxNameLength);
        QTest::newRow("address") << "address" << int(FieldLimits::MaxAddressLength);
    }
    void shouldTakeNoMoreThanAFieldMayHold()
    {
        QFETCH(QString, field);
        QFETCH(int, limit);
        // GIVEN a new-customer dialog
        test::MockClock clock(1700000000000);
        CustomerDialog dialog(CustomerDialog::Mode::Create, clock);
        QLineEdit* line = edit(dialog, field);
        QVERIFY(line);
        // WHEN more is pasted into a field than it may hold THEN it keeps only as much as may be saved
        line->insert(QString(limit + 5, QLatin1Char('7')));
        QCOMPARE(line->text().size(), limit);
        QCOMPARE(line->maxLength(), limit);
    }

    void shouldShowInvisibleAndControlCharactersBesideTheirField_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("first");
        QTest::addColumn<QString>("address");
        QTest::addColumn<QStringList>("faulty");
        QTest::addColumn<QString>("message");
        QTest::newRow("an id with a zero-width space") << u"100-255\u200B-8730"_qs << u"Joe"_qs << u"Leeds"_qs << QStringList{u"id"_qs}
                                                       << u"invisible character (U+200B)"_qs;
        QTest::newRow("a name with a right-to-left override") << QString() << u"Joe\u202E"_qs << u"Leeds"_qs << QStringList{u"firstName"_qs}
                                                              << u"bidirectional control (U+202E)"_qs;
        QTest::newRow("a blank name and an address with an escape")
            << QString() << QString() << u"Leeds\u001B[2J"_qs << QStringList{u"firstName"_qs, u"address"_qs} << u"escape character (U+001B)"_qs;
    }
    void shouldShowInvisibleAndControlCharactersBesideTheirField()
    {
        QFETCH(QString, id);
        QFETCH(QString, first);
        QFETCH(QString, address);
        QFETCH(QStringList, faulty);
        QFETCH(QString, message);
        // GIVEN a new-customer dialog
        test::MockClock clock(1700000000000);
        CustomerDialog dialog(CustomerDialog::Mode::Create, clock);
        dialog.show();
        QSignalSpy submitted(&dialog, &CustomerDialog::submitted);
        edit(dialog, u"id"_qs)->setText(id);
        edit(dialog, u"firstName"_qs)->setText(first);
        edit(dialog, u"lastName"_qs)->setText(u"Bloke"_qs);
        edit(dialog, u"address"_qs)->setText(address);
        edit(dialog, u"dob"_qs)->setText(u"1966-04-12"_qs);
        // WHEN it is saved
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save)->click();
        // THEN nothing is submitted, and each field at fault shows its problem
        QCOMPARE(submitted.count(), 0);
        for (const QString& field : faulty)
            QVERIFY2(error(dialog, field)->isVisible(), qPrintable(field));
        QVERIFY2(error(dialog, faulty.last())->text().contains(message), qPrintable(error(dialog, faulty.last())->text()));
    }
};

QTEST_MAIN(TestCustomerDialogLimits)
#include "TestCustomerDialogLimits.moc"
