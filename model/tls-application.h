/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_APPLICATION_H
#define TLS_APPLICATION_H

#include "tls-connection.h"
#include "tls-context.h"
#include "tls-messages.h"

#include "ns3/application.h"
#include "ns3/packet.h"
#include "ns3/traced-callback.h"

#include <map>

namespace ns3
{

/**
 * \ingroup tls
 * What TlsClient and TlsServer share: the TLS context, the open connections and
 * the trace sources. Every trace carries the id of the connection it is about.
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
     * TracedCallback signature for events of a connection.
     * \param connId the connection id
     */
    typedef void (*ConnectionTracedCallback)(uint64_t connId);
    /**
     * TracedCallback signature for records.
     * \param connId connection id
     * \param sent true if written by this side
     * \param contentType record content type
     * \param length record length
     */
    typedef void (*RecordTracedCallback)(uint64_t connId,
                                         bool sent,
                                         uint8_t contentType,
                                         uint16_t length);
    /**
     * TracedCallback signature for handshake messages.
     * \param connId connection id
     * \param sent true if written by this side
     * \param msg the message
     * \param length its length in bytes (with the 4-byte handshake header)
     */
    typedef void (*MessageTracedCallback)(uint64_t connId,
                                          bool sent,
                                          TlsMessage msg,
                                          uint32_t length);
    /**
     * TracedCallback signature for ChangeCipherSpec.
     * \param connId connection id
     * \param sent true if written by this side
     */
    typedef void (*ChangeCipherSpecTracedCallback)(uint64_t connId, bool sent);
    /**
     * TracedCallback signature for alerts.
     * \param connId connection id
     * \param sent true if written by this side
     * \param level alert level
     * \param description alert description code (see TlsAlertName)
     */
    typedef void (*AlertTracedCallback)(uint64_t connId,
                                        bool sent,
                                        uint8_t level,
                                        uint8_t description);
    /**
     * TracedCallback signature for connection records.
     * \param connId connection id
     * \param record the record
     */
    typedef void (*RecordReportTracedCallback)(uint64_t connId, const TlsConnectionRecord& record);
    /**
     * TracedCallback signature for application data.
     * \param connId connection id
     * \param data the bytes
     */
    typedef void (*DataTracedCallback)(uint64_t connId, Ptr<const Packet> data);

  protected:
    void DoDispose() override;

    /**
     * Create a connection on a socket and keep it until it ends.
     * \param role client or server
     * \param socket its socket
     * \return the connection
     */
    Ptr<TlsConnection> AddConnection(TlsRole role, Ptr<Socket> socket);

    /**
     * Create a TCP socket on this application's node: a TlsTcpSocket, made through
     * the node's TlsTcpDemux if attribute TcpFastPath is true.
     * \return the socket
     */
    Ptr<Socket> CreateTcpSocket();

    /**
     * Create the engine of a new connection (default: the context's OpenSSL
     * engine).
     * \param role client or server
     * \return the engine
     */
    virtual Ptr<TlsEngine> CreateEngine(TlsRole role);

    /**
     * Abort every open connection (used when the application stops).
     * \param reason why
     */
    void AbortAll(const std::string& reason);

    /**
     * Called when a connection's handshake completes at this side.
     * \param connection the connection
     */
    virtual void ConnectionEstablished(Ptr<TlsConnection> connection);

    /**
     * Called when a connection has ended; it is forgotten afterwards.
     * \param connection the connection
     */
    virtual void ConnectionEnded(Ptr<TlsConnection> connection);

    /**
     * Called when a client connection received a session it may resume later.
     * \param connection the connection
     * \param session the session
     */
    virtual void SessionReceived(Ptr<TlsConnection> connection, Ptr<TlsSession> session);

  private:
    friend class TlsConnection;

    /**
     * From a connection: handshake started.
     * \param c the connection
     */
    void NotifyHandshakeStarted(TlsConnection* c);
    /**
     * From a connection: handshake completed.
     * \param c the connection
     */
    void NotifyHandshakeCompleted(TlsConnection* c);
    /**
     * From a connection: it ended.
     * \param c the connection
     */
    void NotifyEnded(TlsConnection* c);
    /**
     * From a connection: a session to keep.
     * \param c the connection
     * \param session the session
     */
    void NotifySession(TlsConnection* c, Ptr<TlsSession> session);

    Ptr<TlsContext> m_context;                            //!< shared configuration
    bool m_tcpFastPath;                                   //!< make sockets through TlsTcpDemux
    std::map<uint64_t, Ptr<TlsConnection>> m_connections; //!< open connections by id
    uint64_t m_started;                                   //!< handshakes started
    uint64_t m_completed;                                 //!< handshakes completed
    uint64_t m_ok;                                        //!< connections ended ok
    uint64_t m_failed;                                    //!< connections ended otherwise

  protected:
    /// Trace: a handshake started (client: TCP connected; server: accepted).
    TracedCallback<uint64_t> m_handshakeStartedTrace;
    /// Trace: a TLS record was written or read.
    TracedCallback<uint64_t, bool, uint8_t, uint16_t> m_recordTrace;
    /// Trace: a handshake message (or ChangeCipherSpec) was written or read.
    TracedCallback<uint64_t, bool, TlsMessage, uint32_t> m_messageTrace;
    /// Trace: a ChangeCipherSpec was written or read.
    TracedCallback<uint64_t, bool> m_ccsTrace;
    /// Trace: an alert was written or read.
    TracedCallback<uint64_t, bool, uint8_t, uint8_t> m_alertTrace;
    /// Trace: this side completed its handshake.
    TracedCallback<uint64_t, const TlsConnectionRecord&> m_handshakeCompletedTrace;
    /// Trace: application data written.
    TracedCallback<uint64_t, Ptr<const Packet>> m_txTrace;
    /// Trace: application data read.
    TracedCallback<uint64_t, Ptr<const Packet>> m_rxTrace;
    /// Trace: a connection ended, with its record.
    TracedCallback<uint64_t, const TlsConnectionRecord&> m_closedTrace;
};

} // namespace ns3

#endif /* TLS_APPLICATION_H */
