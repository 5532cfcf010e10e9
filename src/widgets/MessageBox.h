#pragma once

#include <QMessageBox>

namespace hindsight {

/**
 * Every question and message the application puts to a person goes through here, so that tests can answer
 * instead of a person (setNextAnswer) and read what would have been shown (lastText).
 */
class MessageBox
{
public:
    using Button = QMessageBox::StandardButton;
    using Buttons = QMessageBox::StandardButtons;

    static Button question(QWidget* parent, const QString& title, const QString& text,
                           Buttons buttons = Buttons(QMessageBox::Yes | QMessageBox::No), Button defaultButton = QMessageBox::No);
    static Button warning(QWidget* parent, const QString& title, const QString& text,
                          Buttons buttons = QMessageBox::Ok, Button defaultButton = QMessageBox::NoButton);
    static Button critical(QWidget* parent, const QString& title, const QString& text,
                           Buttons buttons = QMessageBox::Ok, Button defaultButton = QMessageBox::NoButton);
    static Button information(QWidget* parent, const QString& title, const QString& text,
                              Buttons buttons = QMessageBox::Ok, Button defaultButton = QMessageBox::NoButton);

    /**
     * With @p nonInteractive, messages are written to standard error and answered with their default button
     * (else Ok, Cancel, No or Close): for runs without anyone at the screen, such as --screenshot.
     */
    static void setNonInteractive(bool nonInteractive);

    /** The next message is not shown; it is answered with @p button. For tests. */
    static void setNextAnswer(Button button);
    /** Title and text of the last message, shown or answered. */
    static QString lastTitle();
    static QString lastText();
    /** How many messages were asked for since the start (or the last resetCounters()). */
    static int messageCount();
    static void resetCounters();

private:
    static Button show(QMessageBox::Icon icon, QWidget* parent, const QString& title, const QString& text, Buttons buttons,
                       Button defaultButton);
};

} // namespace hindsight
