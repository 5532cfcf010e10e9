#pragma once

#include <QProcess>
#include <QTemporaryDir>

#include <memory>

namespace hindsight::test {

/** What one run of hindsight-cli did. */
struct CliRun {
    int exitCode = -1; ///< -1 did not start or finish, -3 crashed
    QByteArray out;
    QString err;
};

/**
 * Runs the real hindsight-cli (HINDSIGHT_CLI_PATH) the way a person would, with HOME and the XDG folders under a
 * temporary folder of its own: the default store lives there, never in real user data. The umask is inherited
 * from the test process.
 */
class CliRunner
{
public:
    CliRunner() = default;

    bool isValid() const { return m_home.isValid(); }
    /** The HOME of every run (XDG_DATA_HOME is its data/ folder). */
    QString homePath() const { return m_home.path(); }

    /** Starts hindsight-cli with @p args; standard output goes to @p outputFile when given (appended to with @p append). */
    std::unique_ptr<QProcess> start(const QStringList& args, const QString& outputFile = {}, bool append = false) const
    {
        auto process = std::make_unique<QProcess>();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        process->setProcessEnvironment(env);
        if (!outputFile.isEmpty())
            process->setStandardOutputFile(outputFile, append ? QIODevice::Append : QIODevice::Truncate);
        process->start(QStringLiteral(HINDSIGHT_CLI_PATH), args);
        return process;
    }

    /** What a process of start() did, once it ends. */
    static CliRun finish(QProcess& process)
    {
        CliRun run;
        if (!process.waitForStarted(10000) || !process.waitForFinished(120000)) {
            process.kill();
            process.waitForFinished();
            run.err = QStringLiteral("hindsight-cli did not finish");
            return run;
        }
        run.out = process.readAllStandardOutput();
        run.err = QString::fromUtf8(process.readAllStandardError());
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -3;
        return run;
    }

    /** Runs hindsight-cli with @p args to its end. */
    CliRun run(const QStringList& args, const QString& outputFile = {}, bool append = false) const
    {
        auto process = start(args, outputFile, append);
        return finish(*process);
    }

    /** A new store at @p path holding the demo events (`init --demo`); the test run ends if that fails. */
    QString demoStore(const QString& path) const
    {
        const CliRun made = onStore(path, {QStringLiteral("init"), QStringLiteral("--demo")});
        if (made.exitCode != 0)
            qFatal("init --demo failed: %s", qPrintable(made.err));
        return path;
    }

    /** Runs hindsight-cli --store @p store @p args. */
    CliRun onStore(const QString& store, const QStringList& args, const QString& outputFile = {}, bool append = false) const
    {
        return run(QStringList{QStringLiteral("--store"), store} + args, outputFile, append);
    }

private:
    QTemporaryDir m_home;
};

} // namespace hindsight::test
