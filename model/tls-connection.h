/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_CONNECTION_H
#define TLS_CONNECTION_H

#include "tls-engine.h"

#include "ns3/address.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/sequence-number.h"

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

class Packet;
class Socket;
class TcpHeader;
class TcpSocketBase;
class TlsApplication;
class TlsCpu;

/**
 * \ingroup tls
 * How a connection ended.
 */
enum class TlsOutcome
{
    PENDING,           //!< not ended yet
    OK,                //!< handshake completed and the connection ended in order
    ALERT,             //!< a fatal alert was sent or received
    TIMEOUT,           //!< the handshake did not complete within the handshake timeout
    CONNECTION_FAILED, //!< TCP could not connect
    ERROR              //!< another failure (peer closed TCP early, local error)
};

/**
 * \ingroup tls
 * \param outcome an outcome
 * \return "pending", "ok", "alert", "timeout", "connection-failed" or "error"
 */
std::string TlsOutcomeName(TlsOutcome outcome);

/**
 * \ingroup tls
 * Everything measured about one connection. Times are simulation times; a
 * negative time means the event did not happen.
 */
struct TlsConnectionRecord
{
    uint64_t id{0};                          //!< connection id, unique in the process
    TlsRole role{TlsRole::CLIENT};           //!< the side that recorded this
    Address peer;                            //!< the peer's socket address
    Address local;                           //!< this side's socket address
    Time start{Time(-1)};                    //!< client: TCP connect called; server: accepted
    Time tcpConnected{Time(-1)};             //!< TCP connection established
    Time handshakeDone{Time(-1)};            //!< this side's handshake completed
    Time closed{Time(-1)};                   //!< the connection ended
    TlsHandshakeInfo info;                   //!< what the handshake negotiated
    TlsOutcome outcome{TlsOutcome::PENDING}; //!< how it ended
    int alert{-1};                           //!< first fatal alert's description, -1 if none
    bool alertSent{false};                   //!< true if this side sent that alert
    Time alertTime{Time(-1)};                //!< when that alert was sent or received
    std::string alertState;                  //!< handshake state at that moment
    std::string error;                       //!< failure description ("" if none)
    uint64_t tcpBytesSent{0};                //!< bytes handed to TCP
    uint64_t tcpBytesReceived{0};            //!< bytes received from TCP
    uint64_t appBytesSent{0};                //!< application bytes written
    uint64_t appBytesReceived{0};            //!< application bytes read
    uint64_t appBytesCorrupt{0};             //!< application bytes that differ from the expected
    uint32_t recordsSent{0};                 //!< TLS records written
    uint32_t recordsReceived{0};             //!< TLS records read
    uint32_t messagesSent{0};                //!< handshake messages (and CCS) written
    uint32_t messagesReceived{0};            //!< handshake messages (and CCS) read
    bool resumptionOffered{false};           //!< client: a session was offered
    uint32_t earlyDataBytes{0};              //!< client: bytes sent as 0-RTT data
    uint32_t packetsSent{0};                 //!< TCP segments this side sent
    uint32_t packetsReceived{0};             //!< TCP segments this side received
    uint32_t retransmissions{0};             //!< segments this side sent again (data or SYN)
    /// End of each TLS 1.2 phase 1-4 at this side (TLS 1.3: flights 1-3: ClientHello,
    /// the server's flight, the client's Finished flight); index 0 unused.
    std::array<Time, 5> phaseEnd{{Time(-1), Time(-1), Time(-1), Time(-1), Time(-1)}};
    Time cpuDelay{Seconds(0)}; //!< time this side's output waited for its crypto CPU

    /// \return true if this side's handshake completed
    bool HandshakeCompleted() const;
    /// \return handshakeDone - start (client: from the TCP connect), or -1 s
    Time GetHandshakeLatency() const;
};

/**
 * \ingroup tls
 * One TLS connection over one ns-3 TCP socket: pumps bytes between the socket
 * and a TlsEngine (a byte stream without record boundaries in, whatever the
 * engine produces out, as the send buffer allows), runs the request/response
 * exchange, reports protocol events to its application and keeps the record.
 *
 * The exchange: a client writes a request of RequestSize bytes whose first 8
 * bytes carry the request size and the wanted response size (big endian
 * uint32 each), the rest a known pattern; the server answers with that many
 * pattern bytes. Then the client sends close_notify, the server answers with
 * close_notify, the client closes TCP and the server closes on the client's FIN,
 * so that the server keeps no TIME_WAIT endpoints.
 */
class TlsConnection : public Object, private TlsEngineObserver
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TlsConnection();
    ~TlsConnection() override;

    /**
     * \param owner the application that owns the connection
     * \param role client or server
     * \param socket the TCP socket (bound; connected for a server)
     * \param engine the TLS engine
     */
    void Setup(TlsApplication* owner, TlsRole role, Ptr<Socket> socket, Ptr<TlsEngine> engine);

    /**
     * Client: set the request/response exchange.
     * \param requestSize request bytes (0: none, close after the handshake; else at least 8)
     * \param responseSize response bytes asked for
     */
    void SetExchange(uint32_t requestSize, uint32_t responseSize);

    /**
     * Client: offer a session for resumption, and send the first bytes of the
     * request as 0-RTT early data if the session allows it (call before Connect).
     * \param session the session
     * \param earlyData request bytes to send as early data (0: none)
     */
    void SetResumption(Ptr<TlsSession> session, uint32_t earlyData);

    /**
     * \param timeout end the connection with a TIMEOUT record if the handshake is
     *        not complete this long after start (0: never)
     */
    void SetHandshakeTimeout(Time timeout);

    /**
     * Client: connect to a server and start the handshake when TCP is up.
     * \param remote server socket address
     */
    void Connect(const Address& remote);

    /**
     * Server: the socket was accepted from a client.
     * \param from client socket address
     */
    void Accepted(const Address& from);

    /**
     * End the connection now (close_notify if possible, then TCP close), with the
     * given outcome if it has not ended yet.
     * \param outcome the outcome to record
     * \param reason why
     */
    void Abort(TlsOutcome outcome, const std::string& reason);

    /// \return the connection id
    uint64_t GetId() const;
    /// \return the record
    const TlsConnectionRecord& GetRecord() const;
    /// \return the engine
    Ptr<TlsEngine> GetEngine() const;
    /// \return true once the connection has ended
    bool IsFinished() const;

    /// \return the id the next connection will get
    static uint64_t GetNextId();

    /**
     * The byte at a given offset of the pattern that requests and responses carry.
     * \param offset stream offset
     * \return the byte
     */
    static uint8_t PatternByte(uint64_t offset);

  protected:
    void DoDispose() override;

  private:
    // TlsEngineObserver
    void OnRecord(bool sent, uint8_t contentType, uint16_t length) override;
    void OnMessage(bool sent, TlsMessage msg, uint32_t length) override;
    void OnAlert(bool sent, uint8_t level, uint8_t description) override;
    void OnSession(Ptr<TlsSession> session) override;

    /**
     * Fill a buffer with request (client) or response (server) bytes.
     * \param buffer where
     * \param offset stream offset of the first byte
     * \param size how many
     */
    void FillApplicationData(uint8_t* buffer, uint64_t offset, size_t size) const;

    /// \param socket the socket \brief TCP connected
    void ConnectionSucceeded(Ptr<Socket> socket);
    /// \param socket the socket \brief TCP connection failed
    void ConnectionFailed(Ptr<Socket> socket);
    /// \param socket the socket \brief data arrived
    void HandleRead(Ptr<Socket> socket);
    /// \param socket the socket \param available bytes free \brief buffer space
    void HandleSend(Ptr<Socket> socket, uint32_t available);
    /// \param socket the socket \brief peer closed TCP
    void HandlePeerClose(Ptr<Socket> socket);
    /// \param socket the socket \brief TCP error
    void HandleError(Ptr<Socket> socket);
    /**
     * TCP sent a segment.
     * \param packet the payload
     * \param header the TCP header
     * \param socket the socket
     */
    void OnTcpTx(Ptr<const Packet> packet,
                 const TcpHeader& header,
                 Ptr<const TcpSocketBase> socket);
    /**
     * TCP received a segment.
     * \param packet the payload
     * \param header the TCP header
     * \param socket the socket
     */
    void OnTcpRx(Ptr<const Packet> packet,
                 const TcpHeader& header,
                 Ptr<const TcpSocketBase> socket);
    /**
     * Charge the public-key work of the engine step just done to the node's
     * crypto CPU, if it has one.
     * \param measured host CPU seconds the step took
     * \return true if the step's effects must wait for the CPU
     */
    bool ChargeCpu(double measured);
    /// The crypto CPU finished this connection's work: let its effects happen.
    void CpuDone();
    /**
     * Detach from the socket (callbacks and traces) and drop it.
     * \param close close TCP first
     */
    void ReleaseSocket(bool close);
    /// Start the TLS handshake once TCP is up.
    void StartHandshake();
    /// React to the engine's state after input.
    void Advance();
    /// Read and consume decrypted application data.
    void ReadApplicationData();
    /**
     * Check and count received application bytes.
     * \param data the bytes
     * \param size how many
     */
    void ConsumeApplicationData(const uint8_t* data, size_t size);
    /// Write queued application data into the engine as its buffer allows.
    void PumpApplicationData();
    /// Send what the engine produced, as the socket allows.
    void Flush();
    /// Client: the exchange is done; send close_notify.
    void BeginClose();
    /// The handshake timeout expired.
    void HandshakeTimeout();
    /**
     * Close TCP and end the connection.
     * \param outcome the outcome, unless one is already recorded
     * \param reason why, for a failure
     */
    void Finish(TlsOutcome outcome, const std::string& reason);

    TlsApplication* m_owner;      //!< owning application (outlives the connection)
    TlsRole m_role;               //!< client or server
    Ptr<Socket> m_socket;         //!< TCP socket (null once released)
    Ptr<TlsEngine> m_engine;      //!< TLS engine
    TlsConnectionRecord m_record; //!< measurements
    Time m_handshakeTimeout;      //!< handshake timeout (0: none)
    EventId m_timeoutEvent;       //!< pending handshake timeout
    uint32_t m_requestSize;       //!< request bytes (client: to send; server: from header)
    uint32_t m_responseSize;      //!< response bytes
    uint64_t m_txTotal;           //!< application bytes this side will send
    uint64_t m_txOffset;          //!< application bytes written so far
    uint64_t m_rxExpected;        //!< application bytes this side expects (server: from header)
    uint8_t m_header[8];          //!< server: the request header as it arrives
    bool m_headerKnown;           //!< server: request header parsed
    bool m_closeNotifySent;       //!< this side sent close_notify
    bool m_finished;              //!< ended
    bool m_fatalAlert;            //!< a fatal alert was seen
    uint32_t m_earlyData;         //!< client: request bytes wanted as early data
    Ptr<TlsCpu> m_cpu;            //!< the node's crypto CPU, if any
    Time m_cpuReadyAt;            //!< output waits until then
    EventId m_cpuEvent;           //!< pending CpuDone
    std::vector<std::pair<bool, TlsMessage>> m_stepMessages; //!< messages of the current step
    std::string m_keyType;                                   //!< key type (for CPU costs)
    uint32_t m_chainDepth;                                   //!< chain depth (for CPU costs)
    SequenceNumber32 m_highestTx;                            //!< end of the highest segment sent
    bool m_synSent;                                          //!< a SYN or SYN-ACK was sent
    std::array<Time, 5> m_flightEnd;                         //!< TLS 1.3 flight ends (see phaseEnd)
};

} // namespace ns3

#endif /* TLS_CONNECTION_H */
