#include "MessageBox.h"

#include <cstdio>

namespace hindsight {

namespace {

QMessageBox::StandardButton g_nextAnswer = QMessageBox::NoButton;
QString g_lastTitle;
QString g_lastText;
int g_count = 0;
bool g_nonInteractive = false;

} // namespace

MessageBox::Button MessageBox::show(QMessageBox::Icon icon, QWidget* parent, const QString& title, const QString& text,
                                    Buttons buttons, Button defaultButton)
{
    g_lastTitle = title;
    g_lastText = text;
    ++g_count;
    if (g_nextAnswer != QMessageBox::NoButton) {
        const Button answer = g_nextAnswer;
        g_nextAnswer = QMessageBox::NoButton;
        return answer;
    }
    if (g_nonInteractive) {
        // Nobody to answer (a screenshot or benchmark run without a display): say it where a script sees it.
        std::fprintf(stderr, "hindsight: %s: %s\n", qUtf8Printable(title), qUtf8Printable(text));
        if (defaultButton != QMessageBox::NoButton)
            return defaultButton;
        for (const Button b : {QMessageBox::Ok, QMessageBox::Cancel, QMessageBox::No, QMessageBox::Close}) {
            if (buttons.testFlag(b))
                return b;
        }
        return QMessageBox::NoButton;
    }
    QMessageBox box(icon, title, text, buttons, parent);
    box.setDefaultButton(defaultButton);
    box.setTextFormat(Qt::PlainText);
    return static_cast<Button>(box.exec());
}

void MessageBox::setNonInteractive(bool nonInteractive)
{
    g_nonInteractive = nonInteractive;
}

MessageBox::Button MessageBox::question(QWidget* parent, const QString& title, const QString& text, Buttons buttons,
                                        Button defaultButton)
{
    return show(QMessageBox::Question, parent, title, text, buttons, defaultButton);
}

MessageBox::Button MessageBox::warning(QWidget* parent, const QString& title, const QString& text, Buttons buttons,
                                       Button defaultButton)
{
    return show(QMessageBox::Warning, parent, title, text, buttons, defaultButton);
}

MessageBox::Button MessageBox::critical(QWidget* parent, const QString& title, const QString& text, Buttons buttons,
                                        Button defaultButton)
{
    return show(QMessageBox::Critical, parent, title, text, buttons, defaultButton);
}

MessageBox::Button MessageBox::information(QWidget* parent, const QString& title, const QString& text, Buttons buttons,
                                           Button defaultButton)
{
    return show(QMessageBox::Information, parent, title, text, buttons, defaultButton);
}

void MessageBox::setNextAnswer(Button button)
{
    g_nextAnswer = button;
}

QString MessageBox::lastTitle()
{
    return g_lastTitle;
}

QString MessageBox::lastText()
{
    return g_lastText;
}

int MessageBox::messageCount()
{
    return g_count;
}

void MessageBox::resetCounters()
{
    g_count = 0;
    g_lastTitle.clear();
    g_lastText.clear();
    g_nextAnswer = QMessageBox::NoButton;
}

} // namespace hindsight
