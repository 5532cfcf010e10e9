#pragma once

#include "EventStore.h"
#include "StandardOutput.h"

#include <QFile>

#include <memory>

namespace hindsight {

/** What hindsight-cli returns to the shell; `hindsight-cli --help` documents these. */
enum class ExitCode : int {
    Ok = 0,       ///< the command did what it was asked
    Error = 1,    ///< bad input, a command the rules refused, a store that cannot be read or written
    Usage = 2,    ///< unknown command or option, missing argument
    Conflict = 3, ///< another writer got in first (the customer changed since --expected-version); nothing was written
    NotFound = 4, ///< no such customer, or no store at the given path
};

/**
 * What a command works with: the store named on the command line (or the default one), standard output for
 * results and standard error for messages and progress.
 */
class CliContext
{
public:
    /** @p storeLocation empty means the default store. */
    CliContext(QString program, QString command, QString storeLocation);

    enum class StoreAccess {
        Existing,        ///< for writing; the store must exist (the default store is created with the demo events)
        CreateIfMissing, ///< for writing; an empty store is created at a missing path
        ReadOnly,        ///< for reading only: the file is never written, an older format never upgraded
    };

    /** The path given with --store, or the default store's path. */
    QString storeLocation() const;
    bool usesDefaultStore() const { return m_storeLocation.isEmpty(); }
    /** Opens the store, after checkStandardOutput(). */
    Result<std::unique_ptr<EventStore>> openStore(StoreAccess access);
    /**
     * Refuses a standard output that is a file of the store (`hindsight-cli ... >> STORE`): the results would be
     * written into the store behind SQLite's back. Looks at the file's name and inode only.
     */
    Result<void> checkStandardOutput() const;

    /**
     * Writes results to standard output. False when they could not all be written (a full disk, /dev/full): the
     * command then ends with failWriting(), so that the shell never sees success for output that was lost.
     */
    [[nodiscard]] bool writeOut(const QByteArray& bytes);
    /** Standard output as a device, for writers that take one; outputFailed() tells whether a write failed. */
    QIODevice& out() { return m_out.device(); }
    bool outputFailed() const { return !m_out.ok(); }
    /**
     * "cannot write WHAT to standard output: REASON" on standard error (then @p afterwards, e.g. that an event was
     * stored all the same); returns ExitCode::Error.
     */
    int failWriting(const QString& what, const QString& afterwards = {});
    /** Flushes standard output at the end of a command; false when what it held could not be written. */
    [[nodiscard]] bool finishOutput() { return m_out.flush(); }
    /** A progress or status line on standard error. */
    void note(const QString& line);
    /** "hindsight-cli: COMMAND: MESSAGE" on standard error; returns @p code as an int for the shell. */
    int fail(const QString& message, ExitCode code = ExitCode::Error);
    /** Reports @p error (naming the option that maps to its field) and returns the matching exit code. */
    int fail(const Error& error);

    static ExitCode exitCodeFor(ErrorCode code);
    /** The command-line option for a field named in a core Error ("firstName" → "--first-name"). */
    static QString optionForField(const QString& field);

    const QString& program() const { return m_program; }
    const QString& command() const { return m_command; }

private:
    QString m_program;
    QString m_command;
    QString m_storeLocation;
    StandardOutput m_out;
    QFile m_err;
};

} // namespace hindsight
