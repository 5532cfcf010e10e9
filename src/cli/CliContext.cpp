#include "CliContext.h"

#include "StoreFactory.h"

#include <QDir>
#include <QFileInfo>

#include <cstdio>

#include <unistd.h>

namespace hindsight {

CliContext::CliContext(QString program, QString command, QString storeLocation)
    : m_program(std::move(program))
    , m_command(std::move(command))
    , m_storeLocation(std::move(storeLocation))
{
    m_err.open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered);
}

QString CliContext::storeLocation() const
{
    return m_storeLocation.isEmpty() ? StoreFactory::defaultLocation() : m_storeLocation;
}

Result<void> CliContext::checkStandardOutput() const
{
    // The link names the file standard output is, without opening it.
    const QString standardOutput = QFile::symLinkTarget(QStringLiteral("/proc/self/fd/1"));
    if (!standardOutput.isEmpty() && StoreFactory::isStoreFile(storeLocation(), standardOutput)) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("standard output is %1, a file of the store itself: the results would be written "
                                        "into the store; nothing was done. Send them to another file.")
                             .arg(QDir::toNativeSeparators(standardOutput)));
    }
    return {};
}

Result<std::unique_ptr<EventStore>> CliContext::openStore(StoreAccess access)
{
    if (auto checked = checkStandardOutput(); !checked)
        return checked.error();
    const QString location = storeLocation();
    if (m_storeLocation.isEmpty() && !QFileInfo::exists(location))
        return StoreFactory::openDefault(); // the first run makes the default store with the demo events
    const StoreFactory::Mode mode = access == StoreAccess::ReadOnly ? StoreFactory::Mode::ReadOnly
        : access == StoreAccess::CreateIfMissing                    ? StoreFactory::Mode::CreateIfMissing
                                                                    : StoreFactory::Mode::OpenExisting;
    // Only a command that writes upgrades a store of an older format, and says so.
    const bool upgrading = mode != StoreFactory::Mode::ReadOnly && StoreFactory::needsUpgrade(location);
    auto store = StoreFactory::open(location, mode);
    if (store && upgrading) {
        note(QStringLiteral("note: %1 was upgraded to this version's store format before writing")
                                                .arg(QDir::toNativeSeparators(QFileInfo(location).absoluteFilePath())));
    }
    if (!store && store.error().code == ErrorCode::NotFound) {
        Error e = store.error();
        e.message += QStringLiteral(" (create one with: %1 --store %2 init)")
                         .arg(m_program, QDir::toNativeSeparators(QFileInfo(m_storeLocation).absoluteFilePath()));
        return e;
    }
    return store;
}

namespace {

/**
 * @p bytes as a terminal may be shown them: control characters, which a terminal obeys (ESC starts a command that
 * can rewrite the screen or the title), become their visible pictures (U+2400 onwards, U+2421 for DEL) and C1
 * controls U+FFFD; line breaks and tabs stay. Stores written before the account rules refused such characters may
 * hold them.
 */
QByteArray forTerminal(const QByteArray& bytes)
{
    const auto isControl = [](uchar c) { return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f; };
    const auto isC1 = [&bytes](qsizetype i) {
        return uchar(bytes.at(i)) == 0xc2 && i + 1 < bytes.size() && uchar(bytes.at(i + 1)) >= 0x80 && uchar(bytes.at(i + 1)) <= 0x9f;
    };
    qsizetype i = 0;
    while (i < bytes.size() && !isControl(uchar(bytes.at(i))) && !isC1(i))
        ++i;
    if (i == bytes.size())
        return bytes;
    QByteArray shown = bytes.left(i);
    for (; i < bytes.size(); ++i) {
        const uchar c = uchar(bytes.at(i));
        if (isC1(i)) {
            shown.append("\xef\xbf\xbd");
            ++i;
        } else if (isControl(c)) {
            const char16_t picture = c == 0x7f ? u'\u2421' : char16_t(0x2400 + c);
            shown.append(QStringView(&picture, 1).toUtf8());
        } else {
            shown.append(char(c));
        }
    }
    return shown;
}

} // namespace

bool CliContext::writeOut(const QByteArray& bytes)
{
    // Files and pipes get the exact bytes (an export must import back as it was); a person's terminal a safe view.
    static const bool terminal = ::isatty(STDOUT_FILENO) == 1;
    return m_out.write(terminal ? forTerminal(bytes) : bytes);
}

int CliContext::failWriting(const QString& what, const QString& afterwards)
{
    QString message = QStringLiteral("cannot write %1 to standard output: %2").arg(what, m_out.errorString());
    if (!afterwards.isEmpty())
        message += QStringLiteral("; ") + afterwards;
    return fail(message);
}

void CliContext::note(const QString& line)
{
    m_err.write((line + u'\n').toUtf8());
}

int CliContext::fail(const QString& message, ExitCode code)
{
    const QString prefix = m_command.isEmpty() ? m_program : m_program % QStringLiteral(": ") % m_command;
    m_err.write((prefix % QStringLiteral(": ") % message % u'\n').toUtf8());
    return static_cast<int>(code);
}

int CliContext::fail(const Error& error)
{
    const QString option = optionForField(error.field);
    if (option.isEmpty() || error.code == ErrorCode::Parse)
        return fail(error.message, exitCodeFor(error.code));
    return fail(option % QStringLiteral(": ") % error.message, exitCodeFor(error.code));
}

ExitCode CliContext::exitCodeFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Conflict:
        return ExitCode::Conflict;
    case ErrorCode::NotFound:
        return ExitCode::NotFound;
    default:
        return ExitCode::Error;
    }
}

QString CliContext::optionForField(const QString& field)
{
    if (field == u"firstName")
        return QStringLiteral("--first-name");
    if (field == u"lastName")
        return QStringLiteral("--last-name");
    if (field == u"address")
        return QStringLiteral("--address");
    if (field == u"dob")
        return QStringLiteral("--dob");
    if (field == u"id")
        return QStringLiteral("--id");
    return {};
}

} // namespace hindsight
