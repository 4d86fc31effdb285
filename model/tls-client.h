/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_CLIENT_H
#define TLS_CLIENT_H

#include "tls-application.h"
#include "tls-session-store.h"

#include "ns3/address.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"

#include <deque>
#include <map>
#include <vector>

namespace ns3
{

/**
 * \ingroup tls
 * A TLS client: opens TCP connections to a server one after another, runs a
 * handshake on each, optionally sends a request and reads the response, then
 * closes in order (close_notify, TCP close).
 *
 * The client keeps its own session store (TLS 1.2 sessions and TLS 1.3
 * tickets, newest first; a TLS 1.3 ticket is used once) and resumes never,
 * always when it holds a session, or with a probability (Resume). With
 * EarlyData, the first bytes of the request leave as 0-RTT data with the
 * ClientHello when the ticket allows it. Several servers (a farm) may be
 * given with AddRemote; each connection picks one (ServerSelection).
 */
class TlsClient : public TlsApplication
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Values of the Resume attribute: when to resume a stored session.
    enum Resume
    {
        RESUME_NEVER,      //!< "never"
        RESUME_ALWAYS,     //!< "always" (when one is stored)
        RESUME_PROBABILITY //!< "probability" (ResumeProbability)
    };

    /// Values of the ServerSelection attribute.
    enum ServerSelection
    {
        ROUND_ROBIN, //!< "round-robin"
        RANDOM       //!< "random"
    };

    TlsClient();
    ~TlsClient() override;

    /// \param remote the server's socket address (InetSocketAddress or Inet6SocketAddress)
    void SetRemote(const Address& remote);

    /// \return the number of connections opened so far
    uint32_t GetConnectionsOpened() const;

    /**
     * Open one more connection now (besides the Connections run from the start),
     * e.g. for arrivals driven from outside. Ignored unless the application runs.
     */
    void StartConnection();

    /**
     * Add a server of a farm; connections go to the servers in turn or at
     * random (ServerSelection). Without any, Remote is used.
     * \param remote a server's socket address
     */
    void AddRemote(const Address& remote);

    /// \return the number of sessions in the store
    uint32_t GetStoredSessions() const;

    /**
     * Use fixed random streams (resumption decisions, server choice).
     * \param stream first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;
    void ConnectionEnded(uint64_t id, const TlsConnectionRecord& record) override;
    void SessionReceived(uint64_t id, Ptr<TlsSession> session) override;
    uint64_t GetCorruptBytes(uint64_t id) const override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// Open the next connection.
    void OpenConnection();
    /// \return a misbehaving engine that sends garbage instead of a ClientHello
    Ptr<TlsEngine> MakeGarbageEngine();

    /// The request/response exchange of one connection.
    struct Exchange
    {
        Ptr<TlsSocket> socket;  //!< the socket
        uint64_t txGiven{0};    //!< request bytes given to the socket
        uint64_t rxReceived{0}; //!< response bytes read
        uint64_t corrupt{0};    //!< response bytes that differ from the pattern
    };

    /**
     * \param socket a socket
     * \return its exchange (nullptr if it ended)
     */
    Exchange* Find(Ptr<Socket> socket);
    /**
     * Give the socket as much of the request as it takes; close when all is
     * given and the response is complete.
     * \param exchange the exchange
     */
    void SendRequest(Exchange& exchange);
    /**
     * Close once the whole request is given and the whole response read.
     * \param exchange the exchange
     */
    void MaybeClose(Exchange& exchange);
    /// \param socket the socket \brief the handshake completed
    void HandleConnected(Ptr<Socket> socket);
    /// \param socket the socket \brief the connection failed (ends through its trace)
    void HandleConnectFailed(Ptr<Socket> socket);
    /// \param socket the socket \brief response data arrived
    void HandleRead(Ptr<Socket> socket);
    /// \param socket the socket \param available free space \brief room to send
    void HandleSend(Ptr<Socket> socket, uint32_t available);

    Address m_remote;                 //!< server address
    Address m_local;                  //!< local address to bind (optional)
    uint32_t m_connections;           //!< number of connections to open (0: unlimited)
    Time m_interval;                  //!< pause between the end of one connection and the next
    uint32_t m_requestSize;           //!< request bytes
    uint32_t m_responseSize;          //!< response bytes asked for
    Time m_handshakeTimeout;          //!< handshake timeout
    uint32_t m_opened;                //!< connections opened
    EventId m_nextEvent;              //!< next connection
    bool m_running;                   //!< between start and stop
    Resume m_resume;                  //!< Resume attribute
    double m_resumeProbability;       //!< ResumeProbability attribute
    uint32_t m_maxSessions;           //!< MaxSessions attribute
    uint32_t m_earlyData;             //!< EarlyData attribute
    ServerSelection m_selection;      //!< ServerSelection attribute
    std::vector<Address> m_remotes;   //!< servers of a farm
    uint32_t m_nextRemote;            //!< round-robin position
    Ptr<TlsSessionStore> m_sessions;  //!< session store (made with MaxSessions)
    Ptr<UniformRandomVariable> m_rng; //!< resumption and server choice
    bool m_sendGarbage;               //!< SendGarbage attribute
    std::map<uint64_t, Exchange> m_exchanges; //!< open connections by id
    // Made once and given to every socket (a Callback copy shares its implementation).
    Callback<void, Ptr<Socket>> m_connectedCb;      //!< HandleConnected
    Callback<void, Ptr<Socket>> m_connectFailedCb;  //!< HandleConnectFailed
    Callback<void, Ptr<Socket>> m_readCb;           //!< HandleRead
    Callback<void, Ptr<Socket>, uint32_t> m_sendCb; //!< HandleSend
};

} // namespace ns3

#endif /* TLS_CLIENT_H */
