/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-output-file.h"

#include <cerrno>
#include <cstring>

namespace ns3
{

TlsOutputFile::~TlsOutputFile()
{
    Close();
}

std::string
TlsOutputFile::Open(const std::string& path, const std::string& what)
{
    Close();
    m_path = path;
    m_what = what;
    m_error.clear();
    m_bytes = 0;
    m_file = std::fopen(path.c_str(), "w");
    if (!m_file)
    {
        m_error = what + ": cannot write '" + path + "': " + std::strerror(errno);
    }
    return m_error;
}

bool
TlsOutputFile::IsOpen() const
{
    return m_file != nullptr;
}

bool
TlsOutputFile::Write(const std::string& text)
{
    if (!m_file || !m_error.empty())
    {
        return false;
    }
    errno = 0;
    if (std::fwrite(text.data(), 1, text.size(), m_file) != text.size() || std::fflush(m_file) != 0)
    {
        Fail("writing", errno);
        return false;
    }
    m_bytes += text.size();
    return true;
}

std::string
TlsOutputFile::Close()
{
    if (m_file)
    {
        errno = 0;
        bool failed = std::fflush(m_file) != 0;
        int error = errno;
        failed = std::fclose(m_file) != 0 || failed;
        error = error ? error : errno;
        m_file = nullptr;
        if (failed && m_error.empty())
        {
            Fail("closing", error);
        }
    }
    return m_error;
}

const std::string&
TlsOutputFile::GetError() const
{
    return m_error;
}

std::string
TlsOutputFile::PartPath(const std::string& path)
{
    return path + ".part";
}

void
TlsOutputFile::Fail(const char* action, int error)
{
    if (!m_error.empty())
    {
        return;
    }
    std::string part = PartPath(m_path);
    bool moved = std::rename(m_path.c_str(), part.c_str()) == 0;
    m_error = m_what + ": " + action + " '" + m_path + "' failed after " + std::to_string(m_bytes) +
              " bytes written whole: " + (error ? std::strerror(error) : "unknown error") +
              (moved ? "; the partial file is '" + part + "'"
                     : "; the partial file could not be renamed to '" + part + "'");
}

} // namespace ns3
