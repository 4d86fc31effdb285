/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PROFILED_TCP_SOCKET_H
#define PROFILED_TCP_SOCKET_H

#include "ns3/event-id.h"
#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/rack-scoreboard.h"
#include "ns3/sequence-number.h"
#include "ns3/tcp-socket-base.h"
#include "ns3/tls-ns3-compat.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <unordered_map>

namespace ns3
{

class Node;
class TcpL4Protocol;
class ProfiledTcpL4Protocol;

/**
 * \ingroup tcp-ext
 * \brief A node's TCP socket (every TCP socket of a node with a ProfiledTcpL4Protocol):
 * ns-3's TcpSocketBase with a choice of timer profile, which can register its endpoint
 * with the node's ProfiledTcpL4Protocol and offers its segment traces without a
 * look-up by name.
 *
 * ns-3's Ipv4EndPointDemux scans every endpoint of a node for every received segment;
 * a server node holding thousands of connections spends most of the simulation there.
 * An indexed ProfiledTcpSocket registers its connected 4-tuple (after Connect, and for
 * an accepted socket when the fork completes) and its listening port, so that the
 * ProfiledTcpL4Protocol hands the node's segments to it through a hash table. Its
 * forks (the sockets a listening socket accepts) are ProfiledTcpSockets too.
 *
 * Attribute Profile chooses the timers. `Ns3` (ProfiledTcpSocket::NS3) is ns-3.37's
 * TcpSocketBase unchanged. `Linux` (ProfiledTcpSocket::LINUX) follows the Linux kernel
 * (net/ipv4/tcp_input.c, tcp_output.c, tcp_timer.c) where handshake latency is
 * decided:
 * - RTO: Linux's estimator (MdevRttEstimator, tcp_rtt_estimator()) and
 *   RTO = srtt + rttvar with rttvar >= rto_min (tcp_set_rto()), 1 s before any sample
 *   (TCP_TIMEOUT_INIT), doubled at each timeout and kept doubled until the next
 *   valid RTT sample (tcp_retransmit_timer(), tcp_ack_update_rtt()), at most
 *   120 s (TCP_RTO_MAX, tcp_bound_rto()). A segment acknowledged after a
 *   retransmission is timed by its echoed timestamp (tcp_ack_update_rtt()).
 * - Tail loss probe (RFC 8985 section 7, tcp_schedule_loss_probe(),
 *   tcp_send_loss_probe()): after new data is sent or an ACK advances, with data
 *   outstanding, SACK on and no recovery under way, a probe timer of 2 srtt, plus
 *   MinRto (TCP_RTO_MIN, the worst-case delayed ACK) when one segment is in flight
 *   or 2 ms (TCP_TIMEOUT_MIN) otherwise, 1 s before any sample; not later than the
 *   RTO. It sends one new segment if the receive window allows, else the last
 *   segment again, then restarts the RTO from the probe. One probe per tail:
 *   none until an ACK covers the probe's snd_nxt.
 * - RACK (RFC 8985 sections 6.2-6.3, net/ipv4/tcp_recovery.c; attribute Rack, Linux's
 *   tcp_recovery 1): a RackScoreboard keeps each outstanding segment's send time and
 *   SACK state. After every ACK that delivers a segment, a segment sent before the
 *   most recently sent delivered one is lost once RACK.rtt + reo_wnd has passed since
 *   it was sent (reo_wnd: 0 while no reordering has been seen and recovery is under
 *   way or DupThresh segments are SACKed, else min(min_rtt / 4, srtt)); otherwise the
 *   RACK timer (tcp_rack_reo_timeout()) fires at the longest wait + 2 ms
 *   (TCP_TIMEOUT_MIN). A loss of the first outstanding segment outside recovery
 *   enters recovery (TcpSocketBase::EnterRecovery(), the fast retransmit); the other
 *   lost segments are retransmitted while the bytes in flight are below cwnd.
 *   BytesInFlight() counts a segment RACK marked lost, and TcpTxBuffer does not, as
 *   Linux does (lost: not in flight; its retransmission: in flight). Within recovery
 *   and after an RTO TcpSocketBase's RFC 6675 rules still run (three duplicate ACKs,
 *   NextSeg(), partial ACKs, the loss state after an RTO, where RACK stays idle).
 * - ACKs: quickack for the first LinuxQuickAcks data segments (TCP_MAX_QUICKACKS,
 *   tcp_event_data_recv() / tcp_incr_quickack()): each is ACKed at once; later ones
 *   follow TcpSocket::DelAckCount and DelAckTimeout (the tls module's TlsTcpDefaults: 2 and 40 ms,
 *   TCP_DELACK_MIN).
 * - SYN and SYN-ACK: retransmitted after TcpSocket::ConnTimeout (1 s,
 *   TCP_TIMEOUT_INIT), doubling; LinuxSynRetries retransmissions of a SYN
 *   (tcp_syn_retries, 6) and LinuxSynAckRetries of a SYN-ACK (tcp_synack_retries, 5)
 *   before the attempt fails, in place of TcpSocket::SynRetries; LinuxRetries2
 *   retransmissions of data (tcp_retries2, 15, counted not timed) in place of
 *   TcpSocket::DataRetries.
 *
 * The profile is read when the socket connects or listens (and by the forks of a
 * listening socket); set it with Config::SetDefault before sockets are made.
 */
class ProfiledTcpSocket : public TcpSocketBase
{
  public:
    /// Signature of TcpSocketBase's "Tx" and "Rx" trace sources.
    typedef Callback<void, Ptr<const Packet>, const TcpHeader&, Ptr<const TcpSocketBase>>
        SegmentCallback;

    /// Timer behaviour.
    enum Profile
    {
        NS3,  //!< ns-3.37's TcpSocketBase, unchanged
        LINUX //!< Linux's RTO, tail loss probe, quickack, SYN retries
    };

    /**
     * TracedCallback signature of a tail loss probe.
     * \param seq first sequence number of the probe
     * \param size its size in bytes
     * \param newData true if it carried new data, false if it repeated the last segment
     */
    typedef void (*LossProbeTracedCallback)(SequenceNumber32 seq, uint32_t size, bool newData);
    /**
     * TracedCallback signature of a retransmission of a segment RACK marked lost.
     * \param seq its first sequence number
     * \param size its size in bytes
     */
    typedef void (*RackLossTracedCallback)(SequenceNumber32 seq, uint32_t size);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TLS_NS3_INSTANCE_TYPE_ID_DECLARE;

    ProfiledTcpSocket();
    /**
     * \brief Copy constructor, used by Fork().
     * \param sock the socket to copy
     */
    ProfiledTcpSocket(const ProfiledTcpSocket& sock);
    ~ProfiledTcpSocket() override;

    /**
     * \brief Make a socket as TcpL4Protocol::CreateSocket() does (the node's
     * TcpL4Protocol attributes RttEstimatorType, SocketType and RecoveryType and the
     * attribute defaults of TcpSocket and TcpSocketBase), without adding it to the
     * TcpL4Protocol's socket list. Sockets for applications come from the node's
     * ProfiledTcpL4Protocol (or its TcpSocketFactory), not from here.
     * \param node a node with an internet stack
     * \param tcp its TcpL4Protocol
     * \return the socket
     */
    static Ptr<ProfiledTcpSocket> Make(Ptr<Node> node, Ptr<TcpL4Protocol> tcp);

    /// \return this socket's congestion control
    Ptr<TcpCongestionOps> GetCongestionControl() const;

    int Connect(const Address& address) override;
    int Listen() override;
    void SetRtt(Ptr<RttEstimator> rtt) override;

    /// \return the timer profile
    Profile GetProfile() const;
    /**
     * \brief Set the timer profile (before Connect or Listen).
     * \param profile the profile
     */
    void SetProfile(Profile profile);
    /// \return the tail loss probes sent
    uint32_t GetLossProbes() const;
    /// \return the current retransmission timeout
    Time GetRto() const;
    /// \return the segments RACK marked lost and retransmitted (RACK timer or ACK)
    uint32_t GetRackRetransmissions() const;
    /// \return RACK's scoreboard (for tests)
    const RackScoreboard& GetRackScoreboard() const;

    /**
     * \brief Connect callbacks to this socket's "Tx" and "Rx" trace sources.
     * \param tx called for every segment sent
     * \param rx called for every segment received
     */
    void ConnectSegmentTraces(SegmentCallback tx, SegmentCallback rx);
    /**
     * \brief Disconnect callbacks connected with ConnectSegmentTraces().
     * \param tx the callback connected to "Tx"
     * \param rx the callback connected to "Rx"
     */
    void DisconnectSegmentTraces(SegmentCallback tx, SegmentCallback rx);

    /**
     * \brief Hand a received segment (TCP header still on) to this socket's IPv4
     * endpoint, as TcpL4Protocol does after its endpoint look-up.
     *
     * Delivers only if the endpoint exists, receives, is not bound to another device,
     * and matches the segment's addresses and ports exactly (or, for a listening
     * socket, its local port and address).
     * \param packet the segment
     * \param header its IPv4 header
     * \param sport its source port
     * \param dport its destination port
     * \param incomingInterface the interface it arrived on
     * \return true if delivered
     */
    bool Deliver(Ptr<Packet> packet,
                 const Ipv4Header& header,
                 uint16_t sport,
                 uint16_t dport,
                 Ptr<Ipv4Interface> incomingInterface);

  protected:
    void DoDispose() override;
    Ptr<TcpSocketBase> Fork() override;
    void CompleteFork(Ptr<Packet> p,
                      const TcpHeader& tcpHeader,
                      const Address& fromAddress,
                      const Address& toAddress) override;
    void EstimateRtt(const TcpHeader& tcpHeader) override;
    void NewAck(const SequenceNumber32& seq, bool resetRTO) override;
    void ReTxTimeout() override;
    uint32_t SendDataPacket(SequenceNumber32 seq, uint32_t maxSize, bool withAck) override;
    void SendEmptyPacket(uint8_t flags) override;
    void ReceivedData(Ptr<Packet> packet, const TcpHeader& tcpHeader) override;
    void ReceivedAck(Ptr<Packet> packet, const TcpHeader& tcpHeader) override;
    uint32_t BytesInFlight() const override;

  private:
    friend class ProfiledTcpL4Protocol;

    /// Register the connected endpoint's 4-tuple with the demultiplexer.
    void RegisterConnection();
    /// Remove this socket's registrations.
    void Unregister();

    /// \return true with the Linux profile
    bool IsLinux() const;
    /// Set up the Linux profile's state for a new connection.
    void StartLinuxConnection();
    /**
     * \brief Arm (or re-arm) the tail loss probe timer, Linux's
     * tcp_schedule_loss_probe().
     * \param advancingRto true when called for an ACK (the RTO restarts now)
     * \param una first unacknowledged sequence number
     */
    void ScheduleLossProbe(bool advancingRto, SequenceNumber32 una);
    /// Send a tail loss probe, Linux's tcp_send_loss_probe().
    void SendLossProbe();
    /// \return true if RACK detects losses (Linux profile, attribute Rack, SACK on)
    bool IsRackActive() const;
    /// \return true in a state with data that RACK may retransmit
    bool IsRackState() const;
    /**
     * \brief RACK's loss detection and the retransmission of what it marks lost
     * (tcp_rack_mark_lost(), tcp_rack_reo_timeout(), tcp_xmit_retransmit_queue()).
     * \param timer true when called by the RACK timer (detect even if no ACK advanced
     * RACK)
     * \return true if the first outstanding segment was retransmitted
     */
    bool RackRecover(bool timer);
    /// The RACK timer fired, Linux's tcp_rack_reo_timeout().
    void RackTimeout();

    Profile m_profile{LINUX};          //!< timer profile
    uint32_t m_linuxSynRetries{6};     //!< tcp_syn_retries
    uint32_t m_linuxSynAckRetries{5};  //!< tcp_synack_retries
    uint32_t m_linuxRetries2{15};      //!< tcp_retries2
    uint32_t m_linuxQuickAcks{16};     //!< TCP_MAX_QUICKACKS
    bool m_tailLossProbe{true};        //!< send tail loss probes (Linux profile)
    Time m_linuxRto{Seconds(1)};       //!< Linux's icsk_rto (backoff included)
    uint32_t m_quickAcksLeft{0};       //!< quick ACKs left
    EventId m_tlpEvent;                //!< tail loss probe timer
    bool m_tlpOutstanding{false};      //!< a probe awaits its ACK
    SequenceNumber32 m_tlpHighSeq{0};  //!< snd_nxt when the probe was sent
    SequenceNumber32 m_lastSegment{0}; //!< start of the last new segment sent
    bool m_inProbe{false};             //!< sending a probe
    uint32_t m_lossProbes{0};          //!< probes sent
    TracedCallback<SequenceNumber32, uint32_t, bool> m_lossProbeTrace; //!< probe sent
    bool m_rackEnabled{true};          //!< RACK loss detection (Linux profile)
    RackScoreboard m_rack;             //!< RACK's scoreboard
    EventId m_reoEvent;                //!< RACK timer
    uint32_t m_rackRetransmissions{0}; //!< segments RACK retransmitted
    TracedCallback<SequenceNumber32, uint32_t> m_rackLossTrace; //!< RACK retransmission

    Ptr<ProfiledTcpL4Protocol> m_demux; //!< the node's demultiplexer (null: not indexed)
    bool m_connectionKey{false};        //!< a 4-tuple is registered
    bool m_listenKey{false};            //!< a listening port is registered
    Ipv4Address m_localAddress;         //!< registered local address
    Ipv4Address m_peerAddress;          //!< registered peer address
    uint16_t m_localPort{0};            //!< registered local port
    uint16_t m_peerPort{0};             //!< registered peer port
};

} // namespace ns3

#endif /* PROFILED_TCP_SOCKET_H */
