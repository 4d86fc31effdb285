/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_SERVER_H
#define TLS_SERVER_H

#include "tls-application.h"

#include "ns3/address.h"
#include "ns3/nstime.h"

#include <map>
#include <vector>

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
    void ConnectionEnded(uint64_t id, const TlsConnectionRecord& record) override;
    uint64_t GetCorruptBytes(uint64_t id) const override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /**
     * \param socket the listening socket
     * \param from the client
     * \return true while fewer than MaxConnections are open
     */
    bool HandleConnectionRequest(Ptr<Socket> socket, const Address& from);
    /**
     * A connection completed its handshake.
     * \param socket the new connection's socket
     * \param from the client
     */
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    /// \param socket the socket \brief request data arrived
    void HandleRead(Ptr<Socket> socket);
    /// \param socket the socket \param available free space \brief room to send
    void HandleSend(Ptr<Socket> socket, uint32_t available);

    /// The request/response exchange of one connection.
    struct Exchange
    {
        Ptr<TlsSocket> socket;     //!< the socket
        std::vector<uint8_t> head; //!< the request header as it arrives
        uint32_t requestSize{0};   //!< request bytes (from the header; 0: not known yet)
        uint32_t responseSize{0};  //!< response bytes asked for
        uint64_t rxReceived{0};    //!< request bytes read
        uint64_t txGiven{0};       //!< response bytes given to the socket
        bool responding{false};    //!< the whole request arrived
        uint64_t corrupt{0};       //!< request bytes that differ from the pattern
    };

    /**
     * \param exchange the exchange
     * \brief give the socket as much of the response as it takes
     */
    void SendResponse(Exchange& exchange);

    Address m_local;                          //!< listening address
    Time m_handshakeTimeout;                  //!< handshake timeout
    uint32_t m_maxConnections;                //!< concurrent connection limit (0 = none)
    Ptr<TlsSocket> m_listener;                //!< listening socket
    uint64_t m_accepted;                      //!< connections accepted
    std::map<uint64_t, Exchange> m_exchanges; //!< handshaken connections by id
    // Made once and given to every accepted socket (a Callback copy shares its implementation).
    Callback<void, Ptr<Socket>> m_readCb;           //!< HandleRead
    Callback<void, Ptr<Socket>, uint32_t> m_sendCb; //!< HandleSend
};

} // namespace ns3

#endif /* TLS_SERVER_H */
