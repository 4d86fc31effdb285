/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_SOCKET_H
#define TLS_SOCKET_H

#include "tls-context.h"
#include "tls-cpu-gate.h"
#include "tls-engine.h"
#include "tls-record.h"
#include "tls-session-store.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/socket.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/traced-callback.h"
#include "ns3/type-id.h"

#include <list>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace ns3
{

class Node;
class Packet;
class TcpHeader;
class TcpSocketBase;
class TlsSocketFactory;

/**
 * \ingroup tls
 * A TLS connection as an ns-3 stream socket: one TLS session (a TlsEngine)
 * over one ns-3 TCP socket. Applications use it as they use a TCP socket;
 * what they Send is encrypted, what they Recv is decrypted.
 *
 * - Connect: TCP connects, then the client's handshake runs; the connect
 *   callback reports success once the handshake is complete (a ready secure
 *   channel), failure if TCP or the handshake fails (alert, timeout).
 * - Listen: every TCP connection accepted runs the server's handshake; the
 *   accept callback (NotifyNewConnectionCreated) fires for handshaken
 *   connections only. The connection-request callback decides as for TCP.
 * - Send before the handshake completes is buffered (with EarlyData and an
 *   offered session, its first bytes leave as TLS 1.3 0-RTT data); a send
 *   larger than GetTxAvailable fails with ERROR_MSGSIZE.
 * - Close sends what is buffered, then close_notify; the connection ends when
 *   the peer answers with close_notify (or after CloseTimeout); TCP closes then.
 *   A server answers a client's close_notify with its own and ends on the
 *   client's FIN. ShutdownSend sends close_notify and keeps receiving.
 * - Errors reach the close (or connect-failed) callbacks; GetRecord() and
 *   GetErrorString() say why (alert, timeout, TCP failure).
 *
 * Every connection is measured (TlsRecorder): GetRecord() and the trace
 * sources carry the record. A listening socket's trace sources also fire for
 * the connections it accepted, including those whose handshake failed, and
 * the node's TlsSocketFactory's for every connection of the node.
 *
 * States: IDLE -> CONNECTING -> HANDSHAKING -> ESTABLISHED -> CLOSING -> CLOSED,
 * or IDLE -> LISTENING; a failure goes to CLOSED from any state.
 */
class TlsSocket : public Socket, private TlsEngineObserver
{
  public:
    /// The life cycle of a TLS socket.
    enum State
    {
        IDLE,        //!< created, not connected
        LISTENING,   //!< accepting connections
        CONNECTING,  //!< TCP is connecting
        HANDSHAKING, //!< the TLS handshake runs
        ESTABLISHED, //!< application data flows
        CLOSING,     //!< close_notify sent or received, waiting for the end
        CLOSED       //!< ended (the record is final)
    };

    /**
     * \param state a state
     * \return its name
     */
    static std::string StateName(State state);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TlsSocket();
    ~TlsSocket() override;

    /**
     * Attach the socket to a node, a TCP socket and a configuration (done by
     * TlsSocketFactory).
     * \param node the node
     * \param tcp a new TCP socket of that node
     * \param context the shared configuration
     */
    void Setup(Ptr<Node> node, Ptr<Socket> tcp, Ptr<TlsContext> context);

    /// \return the shared configuration
    Ptr<TlsContext> GetContext() const;
    /// \return the TCP socket underneath
    Ptr<Socket> GetTcpSocket() const;
    /// \return the engine (nullptr before Connect or accept, and once released)
    Ptr<TlsEngine> GetEngine() const;
    /// \return the state
    State GetState() const;
    /// \return the connection id (0 for a socket that never connected, e.g. a listener)
    uint64_t GetId() const;
    /// \return the connection record (empty for a listener)
    const TlsConnectionRecord& GetRecord() const;
    /// \return why the connection failed ("" if it did not)
    std::string GetErrorString() const;

    /**
     * Client: use this engine instead of one made from EngineType (before Connect).
     * \param engine the engine
     */
    void SetEngine(Ptr<TlsEngine> engine);
    /**
     * Client: offer a session received earlier for resumption (before Connect).
     * \param session the session
     */
    void SetSession(Ptr<TlsSession> session);
    /**
     * \param bytes attribute EarlyData: bytes sent before the handshake completes
     *        that may leave as 0-RTT data with an offered session (before Connect)
     */
    void SetEarlyData(uint32_t bytes);
    /**
     * Client: offer the newest session of this store for the server connected to,
     * and keep the sessions received (before Connect).
     * \param store the node's session store
     */
    void SetSessionStore(Ptr<TlsSessionStore> store);
    /**
     * \param timeout end a handshake not complete this long after the connect
     *        (server: after the accept) with outcome timeout; 0: never
     */
    void SetHandshakeTimeout(Time timeout);
    /**
     * End the connection now: close_notify if the handshake completed, then the
     * TCP close; the record's outcome is error with this reason.
     * \param reason why
     */
    void Abort(const std::string& reason);
    /**
     * Listener: Abort every connection it accepted that has not ended, in the
     * order they were accepted.
     * \param reason why
     */
    void AbortConnections(const std::string& reason);

    // Socket
    using Socket::Recv;
    using Socket::RecvFrom;
    using Socket::Send;
    enum SocketErrno GetErrno() const override;
    enum SocketType GetSocketType() const override;
    Ptr<Node> GetNode() const override;
    int Bind(const Address& address) override;
    int Bind() override;
    int Bind6() override;
    int Close() override;
    int ShutdownSend() override;
    int ShutdownRecv() override;
    int Connect(const Address& address) override;
    int Listen() override;
    uint32_t GetTxAvailable() const override;
    int Send(Ptr<Packet> p, uint32_t flags) override;
    int SendTo(Ptr<Packet> p, uint32_t flags, const Address& toAddress) override;
    uint32_t GetRxAvailable() const override;
    Ptr<Packet> Recv(uint32_t maxSize, uint32_t flags) override;
    Ptr<Packet> RecvFrom(uint32_t maxSize, uint32_t flags, Address& fromAddress) override;
    int GetSockName(Address& address) const override;
    int GetPeerName(Address& address) const override;
    bool SetAllowBroadcast(bool allowBroadcast) override;
    bool GetAllowBroadcast() const override;
    void BindToNetDevice(Ptr<NetDevice> netdevice) override;

    /**
     * TracedCallback signature for state changes.
     * \param oldState the state left
     * \param newState the state entered
     */
    typedef void (*StateTracedCallback)(const std::string& oldState, const std::string& newState);
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
    /**
     * TracedCallback signature for sessions a client may resume.
     * \param connId connection id
     * \param session the session
     */
    typedef void (*SessionTracedCallback)(uint64_t connId, Ptr<TlsSession> session);

    /**
     * The trace sources of a socket, gathered so that a listener, a factory or an
     * application can forward a connection's events to its own sources.
     */
    struct Traces
    {
        /// A handshake started (client: TCP connected; server: accepted).
        TracedCallback<uint64_t> handshakeStarted;
        /// A TLS record was written or read.
        TracedCallback<uint64_t, bool, uint8_t, uint16_t> record;
        /// A handshake message (or ChangeCipherSpec) was written or read.
        TracedCallback<uint64_t, bool, TlsMessage, uint32_t> message;
        /// A ChangeCipherSpec was written or read.
        TracedCallback<uint64_t, bool> ccs;
        /// An alert was written or read.
        TracedCallback<uint64_t, bool, uint8_t, uint8_t> alert;
        /// This side completed its handshake.
        TracedCallback<uint64_t, const TlsConnectionRecord&> handshakeCompleted;
        /// Application data written into the connection.
        TracedCallback<uint64_t, Ptr<const Packet>> tx;
        /// Application data read from the connection.
        TracedCallback<uint64_t, Ptr<const Packet>> rx;
        /// A connection ended, with its record.
        TracedCallback<uint64_t, const TlsConnectionRecord&> closed;
        /// A client received a session it may resume later.
        TracedCallback<uint64_t, Ptr<TlsSession>> session;

        /**
         * Add these trace sources, with their names and help, to the TypeId of
         * a class that holds a Traces member (one definition for the socket,
         * its factory and the applications).
         * \tparam T the class
         * \param tid its TypeId
         * \param member the Traces member
         * \return tid
         */
        template <typename T>
        static TypeId AddTo(TypeId tid, Traces T::*member);
    };

    /// \return this socket's trace sources (to forward them)
    Traces& GetTraces();

  protected:
    void DoDispose() override;

  private:
    // TlsEngineObserver
    void OnRecord(bool sent, uint8_t contentType, uint16_t length) override;
    void OnMessage(bool sent, TlsMessage msg, uint32_t length) override;
    void OnAlert(bool sent, uint8_t level, uint8_t description) override;
    void OnSession(Ptr<TlsSession> session) override;

    /**
     * \param state the new state
     */
    void SetState(State state);
    /**
     * Make the engine and the recorder of a connection and hook the TCP socket.
     * \param role client or server
     */
    void Open(TlsRole role);
    /**
     * Server: start a connection accepted by a listener.
     * \param listener the listening TLS socket
     * \param from the client's address
     */
    void Accept(Ptr<TlsSocket> listener, const Address& from);

    // TCP callbacks
    /// \param socket the TCP socket \brief TCP connected
    void TcpConnected(Ptr<Socket> socket);
    /// \param socket the TCP socket \brief TCP connection failed
    void TcpConnectFailed(Ptr<Socket> socket);
    /// \param socket the TCP socket \brief data arrived
    void TcpRecv(Ptr<Socket> socket);
    /// \param socket the TCP socket \param available bytes free \brief buffer space
    void TcpSend(Ptr<Socket> socket, uint32_t available);
    /// \param socket the TCP socket \brief peer closed TCP
    void TcpPeerClose(Ptr<Socket> socket);
    /// \param socket the TCP socket \brief TCP error
    void TcpError(Ptr<Socket> socket);
    /**
     * Listener: TCP asks whether to accept a connection.
     * \param socket the TCP listener
     * \param from the client
     * \return the application's answer
     */
    bool TcpConnectionRequest(Ptr<Socket> socket, const Address& from);
    /**
     * Listener: TCP accepted a connection.
     * \param socket the new TCP socket
     * \param from the client
     */
    void TcpAccepted(Ptr<Socket> socket, const Address& from);

    /// Start the TLS handshake once TCP is up.
    void StartHandshake();
    /// After an engine step: wait for the crypto CPU, or advance now.
    void StepDone();
    /// React to the engine's state after input.
    void Advance();
    /// The handshake completed at this side.
    void HandshakeCompleted();
    /// Read decrypted application data and hand it to the application.
    void ReadApplicationData();
    /// Write buffered application data into the engine as its output allows.
    void Pump();
    /// Send what the engine produced, as the TCP socket allows.
    void Flush();
    /// Send close_notify (once the buffered data is written).
    void BeginClose();
    /// The handshake timeout expired.
    void HandshakeTimeout();
    /// The close timeout expired.
    void CloseTimeout();
    /**
     * End the connection: close TCP, finish the record, tell the application.
     * \param outcome the outcome, unless one is already recorded
     * \param reason why, for a failure
     */
    void Finish(TlsOutcome outcome, const std::string& reason);
    /**
     * Detach from the TCP socket (callbacks and segment traces).
     * \param close close TCP first
     */
    void ReleaseTcp(bool close);
    /// \return bytes buffered for sending and not yet written into the engine
    size_t Unwritten() const;

    /// TCP's callbacks and segment traces, one set for all TlsSockets (tls-socket.cc).
    struct TcpCallbacks;
    /// \return the shared TCP callbacks
    static const TcpCallbacks& SharedTcpCallbacks();
    /**
     * \param tcp a TCP socket
     * \return the TlsSocket it is open for (nullptr if none)
     */
    static TlsSocket* Owner(const Socket* tcp);
    /**
     * \name The shared TCP callbacks: each finds the TlsSocket of the TCP socket and
     * calls its handler (plain functions, so that a Callback can be made of them with
     * every ns-3 release: ns-3.35 makes none of a lambda).
     * \param tcp the TCP socket
     * @{
     */
    static void OnTcpConnected(Ptr<Socket> tcp);
    static void OnTcpConnectFailed(Ptr<Socket> tcp);
    static void OnTcpRecv(Ptr<Socket> tcp);
    static void OnTcpPeerClose(Ptr<Socket> tcp);
    static void OnTcpError(Ptr<Socket> tcp);
    /** @} */
    /**
     * \param tcp the TCP socket
     * \param available bytes free in its send buffer
     */
    static void OnTcpSend(Ptr<Socket> tcp, uint32_t available);
    /**
     * \name A segment the TCP socket sent or received, for the recorder.
     * \param packet the segment's payload
     * \param header its TCP header
     * \param tcp the TCP socket
     * @{
     */
    static void OnTcpTx(Ptr<const Packet> packet,
                        const TcpHeader& header,
                        Ptr<const TcpSocketBase> tcp);
    static void OnTcpRx(Ptr<const Packet> packet,
                        const TcpHeader& header,
                        Ptr<const TcpSocketBase> tcp);
    /** @} */

    // Configuration (attributes)
    Time m_handshakeTimeout; //!< handshake timeout (0: none)
    Time m_closeTimeout;     //!< close timeout (0: none)
    uint32_t m_sndBufSize;   //!< plaintext send buffer
    uint32_t m_earlyData;    //!< bytes that may leave as 0-RTT data
    TypeId m_engineType;     //!< engine implementation

    Ptr<Node> m_node;                          //!< the node
    Ptr<Socket> m_tcp;                         //!< the TCP socket
    Ptr<TlsContext> m_context;                 //!< shared configuration
    Ptr<TlsEngine> m_engine;                   //!< the TLS engine
    Ptr<TlsSession> m_session;                 //!< client: session offered
    Ptr<TlsSessionStore> m_store;              //!< client: sessions to resume and keep
    Ptr<TlsSocket> m_listener;                 //!< server: the listener that accepted it
    std::unique_ptr<TlsRecorder> m_recorder;   //!< measurements
    TlsCpuGate m_cpu;                          //!< crypto CPU gating
    TlsRole m_role;                            //!< client or server
    State m_state;                             //!< state
    mutable SocketErrno m_errno;               //!< last error
    bool m_shutdownSend;                       //!< the application sends no more
    bool m_shutdownRecv;                       //!< the application reads no more
    bool m_closeRequested;                     //!< Close called: close_notify once drained
    bool m_closeNotifySent;                    //!< this side sent close_notify
    bool m_closeNotified;                      //!< close callbacks called
    bool m_pumping;                            //!< inside Pump (Send only appends)
    bool m_inSend;                             //!< inside the application's Send
    EventId m_timeoutEvent;                    //!< handshake or close timeout
    EventId m_cpuEvent;                        //!< wake-up after the crypto CPU
    std::vector<uint8_t> m_txBuffer;           //!< plaintext to send (from m_txHead)
    size_t m_txHead;                           //!< first byte of m_txBuffer still buffered
    size_t m_txEarly;                          //!< buffered bytes already sent as 0-RTT data
    std::list<Ptr<Packet>> m_rxQueue;          //!< plaintext received, not yet read
    uint32_t m_rxAvailable;                    //!< bytes in m_rxQueue
    Address m_peer;                            //!< the peer's address
    std::map<uint64_t, TlsSocket*> m_accepted; //!< listener: connections not ended, by id

    Traces m_traces;                   //!< trace sources
    Traces* m_up[2]{nullptr, nullptr}; //!< also fired: the listener's and the node factory's

    /**
     * \param source a trace source
     * \return true if it, or the listener's or the factory's, has sinks
     */
    template <typename TC>
    bool Wants(TC Traces::*source) const
    {
        bool wanted = !(m_traces.*source).IsEmpty();
        for (Traces* up : m_up)
        {
            wanted = wanted || (up && !(up->*source).IsEmpty());
        }
        return wanted;
    }

    /**
     * Fire a trace source of this socket, its listener's and its node factory's.
     * \param source the source
     * \param args its arguments
     */
    template <typename TC, typename... Args>
    void Emit(TC Traces::*source, const Args&... args)
    {
        (m_traces.*source)(args...);
        for (Traces* up : m_up)
        {
            if (up)
            {
                (up->*source)(args...);
            }
        }
    }

    /// Trace: state changes.
    TracedCallback<const std::string&, const std::string&> m_stateTrace;
};

/**
 * \ingroup tls
 * Reaches a TracedCallback inside a TlsSocket::Traces member of an object.
 * \tparam T the object's class
 * \tparam TC the TracedCallback type
 */
template <typename T, typename TC>
class TlsTraceAccessor : public TraceSourceAccessor
{
  public:
    /**
     * \param member the Traces member of T
     * \param source the TracedCallback in Traces
     */
    TlsTraceAccessor(TlsSocket::Traces T::*member, TC TlsSocket::Traces::*source)
        : m_member(member),
          m_source(source)
    {
    }

    bool ConnectWithoutContext(ObjectBase* obj, const CallbackBase& cb) const override
    {
        TC* tc = Find(obj);
        if (tc)
        {
            tc->ConnectWithoutContext(cb);
        }
        return tc != nullptr;
    }

    bool Connect(ObjectBase* obj, std::string context, const CallbackBase& cb) const override
    {
        TC* tc = Find(obj);
        if (tc)
        {
            tc->Connect(cb, context);
        }
        return tc != nullptr;
    }

    bool DisconnectWithoutContext(ObjectBase* obj, const CallbackBase& cb) const override
    {
        TC* tc = Find(obj);
        if (tc)
        {
            tc->DisconnectWithoutContext(cb);
        }
        return tc != nullptr;
    }

    bool Disconnect(ObjectBase* obj, std::string context, const CallbackBase& cb) const override
    {
        TC* tc = Find(obj);
        if (tc)
        {
            tc->Disconnect(cb, context);
        }
        return tc != nullptr;
    }

  private:
    /**
     * \param obj the object
     * \return its TracedCallback, or nullptr if it is not a T
     */
    TC* Find(ObjectBase* obj) const
    {
        T* t = dynamic_cast<T*>(obj);
        return t ? &((t->*m_member).*m_source) : nullptr;
    }

    TlsSocket::Traces T::*m_member;  //!< the Traces member
    TC TlsSocket::Traces::*m_source; //!< the source in it
};

template <typename T>
TypeId
TlsSocket::Traces::AddTo(TypeId tid, Traces T::*member)
{
    auto make = [member](auto source) -> Ptr<const TraceSourceAccessor> {
        using TC = typename std::remove_reference<decltype(std::declval<Traces>().*source)>::type;
        return Ptr<const TraceSourceAccessor>(new TlsTraceAccessor<T, TC>(member, source), false);
    };
    return tid
        .AddTraceSource("HandshakeStarted",
                        "A handshake started (client: TCP connected; server: accepted).",
                        make(&Traces::handshakeStarted),
                        "ns3::TlsSocket::ConnectionTracedCallback")
        .AddTraceSource("Record",
                        "A TLS record was written or read (content type, length).",
                        make(&Traces::record),
                        "ns3::TlsSocket::RecordTracedCallback")
        .AddTraceSource("HandshakeMessage",
                        "A handshake message or ChangeCipherSpec was written or read.",
                        make(&Traces::message),
                        "ns3::TlsSocket::MessageTracedCallback")
        .AddTraceSource("ChangeCipherSpec",
                        "A ChangeCipherSpec was written or read.",
                        make(&Traces::ccs),
                        "ns3::TlsSocket::ChangeCipherSpecTracedCallback")
        .AddTraceSource("Alert",
                        "An alert was written or read (level, description).",
                        make(&Traces::alert),
                        "ns3::TlsSocket::AlertTracedCallback")
        .AddTraceSource("HandshakeCompleted",
                        "This side completed a handshake; the record has the negotiated "
                        "version, cipher and group.",
                        make(&Traces::handshakeCompleted),
                        "ns3::TlsSocket::RecordReportTracedCallback")
        .AddTraceSource("Tx",
                        "Application data written into the connection.",
                        make(&Traces::tx),
                        "ns3::TlsSocket::DataTracedCallback")
        .AddTraceSource("Rx",
                        "Application data read from the connection.",
                        make(&Traces::rx),
                        "ns3::TlsSocket::DataTracedCallback")
        .AddTraceSource("ConnectionClosed",
                        "A connection ended; the record has its outcome and measurements.",
                        make(&Traces::closed),
                        "ns3::TlsSocket::RecordReportTracedCallback")
        .AddTraceSource("NewSession",
                        "A client received a session it may resume later.",
                        make(&Traces::session),
                        "ns3::TlsSocket::SessionTracedCallback");
}

} // namespace ns3

#endif /* TLS_SOCKET_H */
