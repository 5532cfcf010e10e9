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

/** The dialog checks what was typed and shows each problem beside its field before anything is written. */
class TestCustomerDialog : public QObject
{
    Q_OBJECT

private:
    static void type(CustomerDialog& dialog, const char* field, const QString& text)
    {
        auto* edit = dialog.findChild<QLineEdit*>(QString::fromLatin1(field) + QStringLiteral("Edit"));
        QVERIFY(edit);
        edit->setText(text);
    }

    static QLabel* error(CustomerDialog& dialog, const QString& field)
    {
        return dialog.findChild<QLabel*>(field + QStringLiteral("Error"));
    }

    static void save(CustomerDialog& dialog)
    {
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save)->click();
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void shouldShowEachProblemBesideItsField_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("first");
        QTest::addColumn<QString>("last");
        QTest::addColumn<QString>("dob");
        QTest::addColumn<QStringList>("faulty");
        QTest::addColumn<QString>("message");
        QTest::newRow("blank first name") << QString() << QString() << QStringLiteral("Bloke") << QStringLiteral("1966-04-12")
                                          << QStringList{QStringLiteral("firstName")} << QStringLiteral("First name must not be blank");
        QTest::newRow("blank last name") << QString() << QStringLiteral("Joe") << QStringLiteral("  ") << QStringLiteral("1966-04-12")
                                         << QStringList{QStringLiteral("lastName")} << QStringLiteral("Last name must not be blank");
        QTest::newRow("not a date") << QString() << QStringLiteral("Joe") << QStringLiteral("Bloke") << QStringLiteral("1966-13-45")
                                    << QStringList{QStringLiteral("dob")} << QStringLiteral("1966-04-12");
        QTest::newRow("missing date") << QString() << QStringLiteral("Joe") << QStringLiteral("Bloke") << QString()
                                      << QStringList{QStringLiteral("dob")} << QStringLiteral("real date");
        QTest::newRow("born in the future") << QString() << QStringLiteral("Joe") << QStringLiteral("Bloke") << QStringLiteral("2099-01-01")
                                            << QStringList{QStringLiteral("dob")} << QStringLiteral("in the future");
        QTest::newRow("id with a space") << QStringLiteral("100 255") << QStringLiteral("Joe") << QStringLiteral("Bloke")
                                         << QStringLiteral("1966-04-12") << QStringList{QStringLiteral("id")} << QStringLiteral("spaces");
        QTest::newRow("three at once") << QString() << QString() << QString() << QStringLiteral("x")
                                       << QStringList{QStringLiteral("firstName"), QStringLiteral("lastName"), QStringLiteral("dob")}
                                       << QStringLiteral("must not be blank");
    }

    void shouldShowEachProblemBesideItsField()
    {
        QFETCH(QString, id);
        QFETCH(QString, first);
        QFETCH(QString, last);
        QFETCH(QString, dob);
        QFETCH(QStringList, faulty);
        QFETCH(QString, message);
        // GIVEN a new-customer dialog, today being 2023-11-14
        test::MockClock clock(1700000000000);
        CustomerDialog dialog(CustomerDialog::Mode::Create, clock);
        dialog.show();
        QSignalSpy submitted(&dialog, &CustomerDialog::submitted);
        type(dialog, "id", id);
        type(dialog, "firstName", first);
        type(dialog, "lastName", last);
        type(dialog, "address", QStringLiteral("1, Road, Town"));
        type(dialog, "dob", dob);
        // WHEN saved
        save(dialog);
        // THEN nothing is submitted and exactly the faulty fields carry a message
        QCOMPARE(submitted.count(), 0);
        QVERIFY(dialog.isVisible());
        QString shown;
        for (const QString& field : {QStringLiteral("id"), QStringLiteral("firstName"), QStringLiteral("lastName"),
                                     QStringLiteral("address"), QStringLiteral("dob")}) {
            QLabel* label = error(dialog, field);
            QVERIFY(label);
            QCOMPARE(label->isVisible(), faulty.contains(field));
            if (label->isVisible())
                shown += label->text();
        }
        QVERIFY2(shown.contains(message), qPrintable(shown));
    }

    void shouldSubmitValidInputAndClearAProblemWhileItIsFixed()
    {
        test::MockClock clock(1700000000000);
        CustomerDialog dialog(CustomerDialog::Mode::Create, clock);
        dialog.show();
        QSignalSpy submitted(&dialog, &CustomerDialog::submitted);
        type(dialog, "lastName", QStringLiteral("Bloke"));
        type(dialog, "dob", QStringLiteral("1966/04/12"));
        save(dialog);
        QVERIFY(error(dialog, QStringLiteral("firstName"))->isVisible());
        // typing in the field takes the message away
        QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("firstNameEdit")), QStringLiteral("Joe"));
        QVERIFY(!error(dialog, QStringLiteral("firstName"))->isVisible());
        save(dialog);
        QCOMPARE(submitted.count(), 1);
        const CustomerData data = dialog.customerData();
        QCOMPARE(data.firstName, QStringLiteral("Joe"));
        QCOMPARE(data.dateOfBirth, QDate(1966, 4, 12));
    }

    void shouldRefuseAnEditThatChangesNothing()
    {
        test::MockClock clock(1700000000000);
        CustomerDialog dialog(CustomerDialog::Mode::Edit, clock);
        CustomerRecord joe;
        joe.customerId = QStringLiteral("100-255-8730");
        joe.data = {QStringLiteral("Joe"), QStringLiteral("Bloke"), QStringLiteral("99, Edge Lane, London"), QDate(1966, 4, 12)};
        joe.version = 3;
        dialog.setRecord(joe);
        dialog.show();
        QSignalSpy submitted(&dialog, &CustomerDialog::submitted);
        save(dialog);
        QCOMPARE(submitted.count(), 0);
        auto* notice = dialog.findChild<QLabel*>(QStringLiteral("noticeLabel"));
        QVERIFY(notice->isVisible());
        QVERIFY(notice->text().contains(QStringLiteral("Nothing changed")));
        QCOMPARE(dialog.expectedVersion(), 3);
        QVERIFY(dialog.findChild<QLineEdit*>(QStringLiteral("idEdit"))->isReadOnly());
    }
};

QTEST_MAIN(TestCustomerDialog)
#include "TestCustomerDialog.moc"
