#include "StandardOutput.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace hindsight {

StandardOutput::StandardOutput()
{
    // Unbuffered: each QIODevice::write() goes to write(2) at once and reports its error.
    if (!m_file.open(STDOUT_FILENO, QIODevice::WriteOnly | QIODevice::Unbuffered, QFileDevice::DontCloseHandle))
        m_error = m_file.errorString();
}

bool StandardOutput::write(const QByteArray& bytes)
{
    if (!ok())
        return false;
    qint64 written = 0;
    while (written < bytes.size()) {
        const qint64 n = m_file.write(bytes.constData() + written, bytes.size() - written);
        if (n <= 0) {
            m_error = m_file.errorString();
            return false;
        }
        written += n;
    }
    return true;
}

bool StandardOutput::flush()
{
    if (!ok())
        return false;
    // Nothing of ours waits in a buffer; stdio's stdout may hold what a library printed.
    errno = 0;
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
        m_error = errno != 0 ? QString::fromLocal8Bit(std::strerror(errno)) : QStringLiteral("the stream reports an error");
        return false;
    }
    return ok();
}

} // namespace hindsight
