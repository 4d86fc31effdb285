/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_SERVER_H
#define TLS_SERVER_H

#include "tls-application.h"

#include "ns3/address.h"
#include "ns3/nstime.h"

namespace ns3
{

/**
 * \ingroup tls
 * A TLS server: listens on a TCP port, accepts any number of concurrent
 * connections, runs a handshake on each and answers requests.
 */
class TlsServer : public TlsApplication
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TlsServer();
    ~TlsServer() override;

    /// \return the number of connections accepted
    uint64_t GetAccepted() const;

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /**
     * \param socket the listening socket
     * \param from the client
     * \return true: accept every connection
     */
    bool HandleConnectionRequest(Ptr<Socket> socket, const Address& from);
    /**
     * \param socket the new connection's socket
     * \param from the client
     */
    void HandleAccept(Ptr<Socket> socket, const Address& from);

    Address m_local;           //!< listening address
    Time m_handshakeTimeout;   //!< handshake timeout
    uint32_t m_maxConnections; //!< concurrent connection limit (0 = none)
    Ptr<Socket> m_listener;    //!< listening socket
    uint64_t m_accepted;       //!< connections accepted
};

} // namespace ns3

#endif /* TLS_SERVER_H */
