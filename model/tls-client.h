/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_CLIENT_H
#define TLS_CLIENT_H

#include "tls-application.h"

#include "ns3/address.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"

namespace ns3
{

/**
 * \ingroup tls
 * A TLS client: opens TCP connections to a server one after another, runs a
 * handshake on each, optionally sends a request and reads the response, then
 * closes in order (close_notify, TCP close).
 */
class TlsClient : public TlsApplication
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TlsClient();
    ~TlsClient() override;

    /// \param remote the server's socket address (InetSocketAddress or Inet6SocketAddress)
    void SetRemote(const Address& remote);

    /// \return the number of connections opened so far
    uint32_t GetConnectionsOpened() const;

  protected:
    void DoDispose() override;
    void ConnectionEnded(Ptr<TlsConnection> connection) override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// Open the next connection.
    void OpenConnection();

    Address m_remote;        //!< server address
    Address m_local;         //!< local address to bind (optional)
    uint32_t m_connections;  //!< number of connections to open (0: unlimited)
    Time m_interval;         //!< pause between the end of one connection and the next
    uint32_t m_requestSize;  //!< request bytes
    uint32_t m_responseSize; //!< response bytes asked for
    Time m_handshakeTimeout; //!< handshake timeout
    uint32_t m_opened;       //!< connections opened
    EventId m_nextEvent;     //!< next connection
    bool m_running;          //!< between start and stop
};

} // namespace ns3

#endif /* TLS_CLIENT_H */
