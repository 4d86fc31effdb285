/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_REPLAY_RECORDER_H
#define TLS_REPLAY_RECORDER_H

#include "tls-replay-flights.h"

#include "ns3/ptr.h"

#include <string>

namespace ns3
{

class TlsContext;

/**
 * \ingroup tls
 * Records handshakes of one shape for the replay engine: a real OpenSSL
 * handshake between two OpenSslEngines in memory (as tls-benchmark's floor
 * runs them), one record at a time, so that every record read (its header,
 * then its body) is one step; then application data of every length modulo
 * 16 each way, and the ordered close (client first). It keeps the record
 * headers, the observer calls with the state and info the engine reported
 * during each, and the state after each step.
 *
 * It works on copies of the two contexts (without key log, the server's with
 * its own session cache), so that recording leaves no trace in the
 * simulation's contexts.
 */
class TlsReplayRecorder
{
  public:
    /**
     * \param client the clients' context
     * \param server the servers' context
     */
    TlsReplayRecorder(Ptr<TlsContext> client, Ptr<TlsContext> server);

    /**
     * Record one more handshake into a shape.
     * \param shape the shape (its strings, infos and sessions grow)
     * \return "" or why the handshake cannot be replayed
     */
    std::string Record(TlsReplayShape& shape);

  private:
    Ptr<TlsContext> m_client; //!< copy of the clients' context
    Ptr<TlsContext> m_server; //!< copy of the servers' context
};

} // namespace ns3

#endif /* TLS_REPLAY_RECORDER_H */
