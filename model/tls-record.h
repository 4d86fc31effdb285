/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_RECORD_H
#define TLS_RECORD_H

#include "tls-engine.h"
#include "tls-messages.h"

#include "ns3/address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/sequence-number.h"

#include <array>
#include <cstdint>
#include <string>

namespace ns3
{

class Packet;
class TcpHeader;
class TcpSocketBase;

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
    ERROR,             //!< another failure (peer closed TCP early, local error)
    CLOSE_TIMEOUT,     //!< handshake completed, but the peer did not answer close_notify in time
    CUT                //!< still running when the run was stopped (time limit, signal)
};

/**
 * \ingroup tls
 * \param outcome an outcome
 * \return "pending", "ok", "alert", "timeout", "connection-failed", "error", "close-timeout"
 *         or "cut"
 */
std::string TlsOutcomeName(TlsOutcome outcome);

/**
 * \ingroup tls
 * Everything measured about one connection at one side. Times are simulation
 * times; a negative time means the event did not happen.
 */
struct TlsConnectionRecord
{
    uint64_t id{0}; //!< connection id, unique in the process
    /// server side: the id of the client side's record of the same TCP connection
    /// (when the client is a TlsSocket of the same simulation), 0 if unknown
    uint64_t peerId{0};
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
    std::string error;                       //!< why it failed ("" if it did not)
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
    /// the server's flight, the client's Finished flight, and no phase 4, also when the
    /// handshake failed); index 0 unused; -1 where a phase did not happen.
    std::array<Time, 5> phaseEnd{{Time(-1), Time(-1), Time(-1), Time(-1), Time(-1)}};
    Time cpuDelay{Seconds(0)}; //!< time this side's output waited for its crypto CPU

    /// \return true if this side's handshake completed
    bool HandshakeCompleted() const;
    /// \return handshakeDone - start (client: from the TCP connect), or -1 s
    Time GetHandshakeLatency() const;
};

/**
 * \ingroup tls
 * Measures one connection: fills a TlsConnectionRecord from the events of its
 * TLS socket, its engine and its TCP socket. It observes; it never changes
 * what the connection does.
 */
class TlsRecorder
{
  public:
    /// \param role the side this recorder measures
    explicit TlsRecorder(TlsRole role);
    ~TlsRecorder();
    TlsRecorder(const TlsRecorder&) = delete;
    TlsRecorder& operator=(const TlsRecorder&) = delete;

    /// \return the record
    const TlsConnectionRecord& GetRecord() const;
    /// \return the record, for the owner's own fields (appBytes*, tcpBytes*)
    TlsConnectionRecord& GetRecord();

    /**
     * The connection started (client: connect called; server: accepted; the server
     * looks up the client connection that holds the peer's address now: peerId).
     * \param peer the peer's address
     */
    void Started(const Address& peer);
    /**
     * TCP is connected. A client registers its local address, so that the server
     * side of the same connection (Started) learns the client's record id (peerId).
     * \param local this side's address
     */
    void TcpConnected(const Address& local);
    /**
     * The handshake completed.
     * \param info what it negotiated
     */
    void HandshakeDone(const TlsHandshakeInfo& info);
    /**
     * A record was written or read.
     * \param sent written
     */
    void Record(bool sent);
    /**
     * A handshake message was written or read.
     * \param sent written
     * \param msg the message
     * \param engine the engine, if known: its handshake state is kept, so that an alert
     *        this side sends after a failure names the state the failure happened in
     */
    void Message(bool sent, TlsMessage msg, const TlsEngine* engine = nullptr);
    /**
     * An alert was written or read.
     * \param sent written
     * \param description its description
     * \param engine the engine (its handshake state is recorded for the first fatal alert)
     * \return true if it is the connection's first fatal alert
     */
    bool Alert(bool sent, uint8_t description, const TlsEngine& engine);
    /// \return true once a fatal alert was seen
    bool HasFatalAlert() const;
    /**
     * The connection ended.
     * \param outcome how, unless an outcome is already recorded
     * \param reason why, for a failure
     */
    void Ended(TlsOutcome outcome, const std::string& reason);

    /**
     * TCP sent a segment (counts segments and retransmissions).
     * \param packet the payload
     * \param header the TCP header
     * \param socket the socket
     */
    void TcpTx(Ptr<const Packet> packet, const TcpHeader& header, Ptr<const TcpSocketBase> socket);
    /**
     * TCP received a segment.
     * \param packet the payload
     * \param header the TCP header
     * \param socket the socket
     */
    void TcpRx(Ptr<const Packet> packet, const TcpHeader& header, Ptr<const TcpSocketBase> socket);

    /// \return the id the next recorder will get
    static uint64_t GetNextId();

  private:
    TlsConnectionRecord m_record;    //!< the record
    bool m_fatalAlert;               //!< a fatal alert was seen
    SequenceNumber32 m_highestTx;    //!< end of the highest segment sent
    bool m_synSent;                  //!< a SYN or SYN-ACK was sent
    std::array<Time, 5> m_flightEnd; //!< TLS 1.3 flight ends (see phaseEnd)
    bool m_tls13;                    //!< a message only TLS 1.3 has was seen
    bool m_registered;               //!< client: its local address is registered
    std::string m_lastState;         //!< the engine's handshake state at the last message
};

} // namespace ns3

#endif /* TLS_RECORD_H */
