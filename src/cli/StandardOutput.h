#pragma once

#include <QFile>

namespace hindsight {

/**
 * hindsight-cli's standard output, every write checked. It writes straight to file descriptor 1 (not through
 * stdio's buffer, whose errors would only surface in the flush at exit, after the exit code is chosen), so a
 * full disk, /dev/full or a closed pipe fails the write that met it.
 */
class StandardOutput
{
public:
    StandardOutput();

    /** Writes all of @p bytes; false when they could not all be written (errorString() says why). */
    [[nodiscard]] bool write(const QByteArray& bytes);
    /** Pushes out whatever stdio may still hold for standard output; false when it could not be written. */
    [[nodiscard]] bool flush();
    /** False once any write or flush failed, through write() or device(). */
    bool ok() const { return m_error.isEmpty() && m_file.error() == QFileDevice::NoError; }
    /** Why the first failed write or flush failed. */
    QString errorString() const { return m_error.isEmpty() ? m_file.errorString() : m_error; }
    /** The device, for writers that take a QIODevice; check ok() after they wrote. */
    QIODevice& device() { return m_file; }

private:
    QFile m_file;
    QString m_error;
};

} // namespace hindsight
