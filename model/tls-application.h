/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_APPLICATION_H
#define TLS_APPLICATION_H

#include "tls-context.h"
#include "tls-exchange-header.h"
#include "tls-messages.h"
#include "tls-record.h"
#include "tls-socket.h"

#include "ns3/application.h"
#include "ns3/object-factory.h"
#include "ns3/packet.h"
#include "ns3/traced-callback.h"

namespace ns3
{

/**
 * \ingroup tls
 * What TlsClient and TlsServer share: the TLS context, the sockets' settings,
 * the counters and the trace sources (the same as a TlsSocket's, for all the
 * application's connections; every trace carries the connection id).
 *
 * Both are applications over TlsSocket, as BulkSend and PacketSink are over
 * TCP: they make their sockets with TlsSocketFactory::MakeSocket and use the
 * Socket API and the sockets' trace sources, nothing else.
 */
class TlsApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TlsApplication();
    ~TlsApplication() override;

    /// \param context the shared configuration
    void SetContext(Ptr<TlsContext> context);
    /// \return the shared configuration (created with default attributes if none was set)
    Ptr<TlsContext> GetContext();

    /// \return the number of connections open now
    uint32_t GetOpenConnections() const;
    /// \return the number of handshakes started
    uint64_t GetHandshakesStarted() const;
    /// \return the number of handshakes completed by this side
    uint64_t GetHandshakesCompleted() const;
    /// \return the number of connections that ended with outcome ok
    uint64_t GetConnectionsOk() const;
    /// \return the number of connections that ended with another outcome
    uint64_t GetConnectionsFailed() const;

    /**
     * The byte at a given offset of the pattern that requests (after their
     * header) and responses carry (TlsExchangeHeader::PatternByte).
     * \param offset stream offset
     * \return the byte
     */
    static uint8_t PatternByte(uint64_t offset);

  protected:
    void DoDispose() override;

    /**
     * \return a new TLS socket on this application's node, with its context
     *         and a TCP socket made as attribute TcpFastPath says
     */
    Ptr<TlsSocket> CreateSocket();

    /**
     * Give a socket pattern bytes (PatternByte) from stream offset *given up to
     * total, as much as its send buffer takes now (the send callback goes on).
     * \param socket the socket
     * \param given bytes given so far (advanced)
     * \param total bytes to give in all
     * \param header if not null, written over the first bytes of the stream
     */
    static void SendPattern(Ptr<Socket> socket,
                            uint64_t* given,
                            uint64_t total,
                            const TlsExchangeHeader* header);

    /**
     * Count the events of a socket's connections and forward them to this
     * application's trace sources (those with sinks now). A client socket
     * counts as an open connection from now on; a listener's connections from
     * their accept.
     * \param socket a client socket, or a listening socket (for all it accepts)
     */
    void Track(Ptr<TlsSocket> socket);

    /**
     * A connection ended (called once per connection, after the counters and
     * the ConnectionClosed trace).
     * \param id the connection id
     * \param record its record
     */
    virtual void ConnectionEnded(uint64_t id, const TlsConnectionRecord& record);

    /**
     * A client connection received a session it may resume later.
     * \param id the connection id
     * \param session the session
     */
    virtual void SessionReceived(uint64_t id, Ptr<TlsSession> session);

    /**
     * \param id a connection id
     * \return application bytes of that connection that differed from the pattern
     */
    virtual uint64_t GetCorruptBytes(uint64_t id) const;

    TlsSocket::Traces m_traces; //!< trace sources (all connections)

  private:
    /// \param id connection id \brief a handshake started
    void OnStarted(uint64_t id);
    /// \param id connection id \param record the record \brief a handshake completed
    void OnCompleted(uint64_t id, const TlsConnectionRecord& record);
    /// \param id connection id \param record the record \brief a connection ended
    void OnClosed(uint64_t id, const TlsConnectionRecord& record);
    /// \param id connection id \param session the session \brief a session arrived
    void OnSession(uint64_t id, Ptr<TlsSession> session);

    Ptr<TlsContext> m_context;     //!< shared configuration
    bool m_tcpFastPath;            //!< make TCP sockets through ProfiledTcpL4Protocol
    ObjectFactory m_socketFactory; //!< makes the TLS sockets
    uint64_t m_started;            //!< handshakes started
    uint64_t m_completed;          //!< handshakes completed
    uint64_t m_ok;                 //!< connections ended ok
    uint64_t m_failed;             //!< connections ended otherwise
    uint32_t m_open;               //!< connections open now
    bool m_listening;              //!< tracking a listener (connections open when started)

    // Made once and shared by every socket tracked (a Callback copy shares its
    // implementation): no callback allocation per connection.
    Callback<void, uint64_t> m_onStarted;                               //!< OnStarted
    Callback<void, uint64_t, const TlsConnectionRecord&> m_onCompleted; //!< OnCompleted
    Callback<void, uint64_t, const TlsConnectionRecord&> m_onClosed;    //!< OnClosed
    Callback<void, uint64_t, Ptr<TlsSession>> m_onSession;              //!< OnSession
};

} // namespace ns3

#endif /* TLS_APPLICATION_H */
