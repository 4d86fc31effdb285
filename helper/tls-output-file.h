/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_OUTPUT_FILE_H
#define TLS_OUTPUT_FILE_H

#include <cstdint>
#include <cstdio>
#include <string>

namespace ns3
{

/**
 * \ingroup tls
 * One output file of a run (records, summary, message trace), written in whole
 * pieces with every write, flush and close checked.
 *
 * The file is written at its own path, so that a run killed at any moment
 * leaves whole rows there. When a write fails (a full disk, a file size limit,
 * a removed directory), later writes are dropped, the partial file is renamed to
 * PATH.part (so that nothing reads it as complete) and GetError() says which
 * file, after how many bytes, and why, in one line. Close() ends the file and
 * returns that error, or the error of the close itself.
 */
class TlsOutputFile
{
  public:
    TlsOutputFile() = default;
    /// Closes the file (as Close(), the error is kept by nobody).
    ~TlsOutputFile();
    TlsOutputFile(const TlsOutputFile&) = delete;
    TlsOutputFile& operator=(const TlsOutputFile&) = delete;

    /**
     * Create (or truncate) the file.
     * \param path the file
     * \param what how messages name it, e.g. "attribute RecordsFile"
     * \return "" or the error, in one line
     */
    std::string Open(const std::string& path, const std::string& what);

    /// \return true between a successful Open() and Close()
    bool IsOpen() const;

    /**
     * Append one piece (whole rows) and flush it to the system.
     * \param text the piece
     * \return false if this or an earlier write failed (see GetError())
     */
    bool Write(const std::string& text);

    /**
     * Close the file.
     * \return "" if every byte was written, else GetError()
     */
    std::string Close();

    /// \return "" or why the file is not whole
    const std::string& GetError() const;

    /**
     * \param path a file
     * \return where the partial file goes when a write fails: path + ".part"
     */
    static std::string PartPath(const std::string& path);

  private:
    /**
     * Record a failure (the first one) and move the partial file aside.
     * \param action "writing" or "closing"
     * \param error the errno value
     */
    void Fail(const char* action, int error);

    std::FILE* m_file{nullptr}; //!< the open file
    std::string m_path;         //!< its path
    std::string m_what;         //!< how messages name it
    std::string m_error;        //!< the first failure
    uint64_t m_bytes{0};        //!< bytes written whole
};

} // namespace ns3

#endif /* TLS_OUTPUT_FILE_H */
