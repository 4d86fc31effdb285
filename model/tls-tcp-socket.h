/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_TCP_SOCKET_H
#define TLS_TCP_SOCKET_H

#include "ns3/event-id.h"
#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
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
class TlsTcpDemux;

/**
 * \ingroup tls
 * \brief The TCP socket of the tls applications: ns-3's TcpSocketBase, unchanged in
 * behaviour, that registers its endpoint with a TlsTcpDemux and offers its segment
 * traces without a look-up by name.
 *
 * ns-3's Ipv4EndPointDemux scans every endpoint of a node for every received segment;
 * a server node holding thousands of connections spends most of the simulation there.
 * A TlsTcpSocket made with a demultiplexer registers its connected 4-tuple (after
 * Connect, and for an accepted socket when the fork completes) and its listening port,
 * so that TlsTcpDemux hands the node's segments to it through a hash table. Its
 * forks (the sockets a listening socket accepts) are TlsTcpSockets too.
 *
 * Attribute Profile chooses the timers. `Ns3` (TlsTcpSocket::NS3) is ns-3.37's
 * TcpSocketBase unchanged. `Linux` (TlsTcpSocket::LINUX) follows the Linux kernel
 * (net/ipv4/tcp_input.c, tcp_output.c, tcp_timer.c) where handshake latency is
 * decided:
 * - RTO: Linux's estimator (TlsLinuxRttEstimator, tcp_rtt_estimator()) and
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
 * - ACKs: quickack for the first LinuxQuickAcks data segments (TCP_MAX_QUICKACKS,
 *   tcp_event_data_recv() / tcp_incr_quickack()): each is ACKed at once; later ones
 *   follow TcpSocket::DelAckCount and DelAckTimeout (TlsTcpDefaults: 2 and 40 ms,
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
class TlsTcpSocket : public TcpSocketBase
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
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TLS_NS3_INSTANCE_TYPE_ID_DECLARE;

    TlsTcpSocket();
    /**
     * \brief Copy constructor, used by Fork().
     * \param sock the socket to copy
     */
    TlsTcpSocket(const TlsTcpSocket& sock);
    ~TlsTcpSocket() override;

    /**
     * \brief Make a socket on a node.
     *
     * Not indexed: as TcpL4Protocol::CreateSocket() does, with the node's
     * TcpL4Protocol attributes RttEstimatorType, SocketType and RecoveryType and the
     * attribute defaults of TcpSocket and TcpSocketBase. Indexed: a copy of the node's
     * TlsTcpDemux template socket, made that way when the node's first socket is
     * created (see TlsTcpDemux::CreateSocket()), registered with the demultiplexer.
     * \param node a node with an internet stack
     * \param indexed true to use the node's TlsTcpDemux (installed if needed)
     * \return the socket, already known to the node's TcpL4Protocol
     */
    static Ptr<TlsTcpSocket> Create(Ptr<Node> node, bool indexed);

    /**
     * \brief Make a socket as TcpL4Protocol::CreateSocket() does, without adding it
     * to the TcpL4Protocol's socket list.
     * \param node a node with an internet stack
     * \return the socket
     */
    static Ptr<TlsTcpSocket> Make(Ptr<Node> node);

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

  private:
    friend class TlsTcpDemux;

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

    Ptr<TlsTcpDemux> m_demux;    //!< the node's demultiplexer (null: not indexed)
    bool m_connectionKey{false}; //!< a 4-tuple is registered
    bool m_listenKey{false};     //!< a listening port is registered
    Ipv4Address m_localAddress;  //!< registered local address
    Ipv4Address m_peerAddress;   //!< registered peer address
    uint16_t m_localPort{0};     //!< registered local port
    uint16_t m_peerPort{0};      //!< registered peer port
};

/**
 * \ingroup tls
 * \brief Receives a node's IPv4 TCP segments in front of its TcpL4Protocol and hands
 * those of TlsTcpSockets straight to their endpoint through a hash table.
 *
 * Install() puts it in the node's Ipv4L3Protocol in place of the TcpL4Protocol for
 * protocol number 6; every other segment, ICMP errors, IPv6 and checksum-checked
 * traffic (when Node::ChecksumEnabled()) go to the TcpL4Protocol as before. A segment
 * for a registered 4-tuple goes to that socket; a SYN for a registered listening port
 * whose 4-tuple is not registered goes to the listening socket. Both are the endpoints
 * that ns-3's linear look-up chooses, provided no socket other than a TlsTcpSocket
 * shares a listening TlsTcpSocket's port on the node; the order and the content of
 * every event are the same, so a simulation gives the same results with or without it.
 */
class TlsTcpDemux : public IpL4Protocol
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TlsTcpDemux();
    ~TlsTcpDemux() override;

    /**
     * \brief The node's demultiplexer, installed on first use.
     * \param node a node with Ipv4L3Protocol and TcpL4Protocol
     * \return the demultiplexer, or null if the node has no IPv4 TCP
     */
    static Ptr<TlsTcpDemux> Install(Ptr<Node> node);
    /**
     * \brief The node's demultiplexer if one is installed.
     * \param node a node
     * \return the demultiplexer or null
     */
    static Ptr<TlsTcpDemux> Find(Ptr<Node> node);

    /**
     * \brief A new socket for the node: a copy of a template socket, as TCP copies a
     * listening socket for each connection it accepts.
     *
     * The template is made, as TcpL4Protocol::CreateSocket() makes a socket, when the
     * node's first socket is created; the copies skip the attribute construction
     * (about 40 attributes of the socket and those of its congestion control, RTT
     * estimator and recovery objects). Attribute defaults of TcpSocket and
     * TcpSocketBase, and the node's TcpL4Protocol socket types, must therefore be set
     * before the node's first TLS application starts.
     * \param node the node (the one this demultiplexer is installed on)
     * \return the socket, added to the node's TcpL4Protocol
     */
    Ptr<TlsTcpSocket> CreateSocket(Ptr<Node> node);

    /// \return the node's TcpL4Protocol
    Ptr<TcpL4Protocol> GetTcp() const;
    /// \return segments handed to a socket through the table
    uint64_t GetIndexedDeliveries() const;
    /// \return segments passed to TcpL4Protocol's own look-up
    uint64_t GetOtherDeliveries() const;
    /// \return registered 4-tuples
    std::size_t GetConnections() const;

    /**
     * \brief Register a connected socket.
     * \param socket the socket
     * \param local local address
     * \param localPort local port
     * \param peer peer address
     * \param peerPort peer port
     */
    void AddConnection(TlsTcpSocket* socket,
                       Ipv4Address local,
                       uint16_t localPort,
                       Ipv4Address peer,
                       uint16_t peerPort);
    /**
     * \brief Remove a connected socket's registration (if it is still the registered one).
     * \param socket the socket
     * \param local local address
     * \param localPort local port
     * \param peer peer address
     * \param peerPort peer port
     */
    void RemoveConnection(TlsTcpSocket* socket,
                          Ipv4Address local,
                          uint16_t localPort,
                          Ipv4Address peer,
                          uint16_t peerPort);
    /**
     * \brief Register a listening socket.
     * \param socket the socket
     * \param port its local port
     */
    void AddListener(TlsTcpSocket* socket, uint16_t port);
    /**
     * \brief Remove a listening socket's registration.
     * \param socket the socket
     * \param port its local port
     */
    void RemoveListener(TlsTcpSocket* socket, uint16_t port);

    // IpL4Protocol
    int GetProtocolNumber() const override;
    IpL4Protocol::RxStatus Receive(Ptr<Packet> p,
                                   const Ipv4Header& header,
                                   Ptr<Ipv4Interface> incomingInterface) override;
    IpL4Protocol::RxStatus Receive(Ptr<Packet> p,
                                   const Ipv6Header& header,
                                   Ptr<Ipv6Interface> incomingInterface) override;
    void ReceiveIcmp(Ipv4Address icmpSource,
                     uint8_t icmpTtl,
                     uint8_t icmpType,
                     uint8_t icmpCode,
                     uint32_t icmpInfo,
                     Ipv4Address payloadSource,
                     Ipv4Address payloadDestination,
                     const uint8_t payload[8]) override;
    void ReceiveIcmp(Ipv6Address icmpSource,
                     uint8_t icmpTtl,
                     uint8_t icmpType,
                     uint8_t icmpCode,
                     uint32_t icmpInfo,
                     Ipv6Address payloadSource,
                     Ipv6Address payloadDestination,
                     const uint8_t payload[8]) override;
    void SetDownTarget(IpL4Protocol::DownTargetCallback cb) override;
    void SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb) override;
    IpL4Protocol::DownTargetCallback GetDownTarget() const override;
    IpL4Protocol::DownTargetCallback6 GetDownTarget6() const override;

  private:
    /// A connection's addresses and ports, local first.
    struct Key
    {
        uint32_t local;     //!< local address
        uint32_t peer;      //!< peer address
        uint16_t localPort; //!< local port
        uint16_t peerPort;  //!< peer port

        /**
         * \param o another key
         * \return true if equal
         */
        bool operator==(const Key& o) const
        {
            return local == o.local && peer == o.peer && localPort == o.localPort &&
                   peerPort == o.peerPort;
        }
    };

    /// Hash of a Key.
    struct KeyHash
    {
        /**
         * \param k a key
         * \return its hash
         */
        std::size_t operator()(const Key& k) const;
    };

    Ptr<TlsTcpSocket> m_template;                                  //!< copied by CreateSocket()
    Ptr<TcpL4Protocol> m_tcp;                                      //!< the node's TCP
    std::unordered_map<Key, TlsTcpSocket*, KeyHash> m_connections; //!< connected sockets
    std::unordered_map<uint16_t, TlsTcpSocket*> m_listeners;       //!< listening sockets
    uint64_t m_indexed{0}; //!< segments delivered through the table
    uint64_t m_other{0};   //!< segments passed to TcpL4Protocol
};

} // namespace ns3

#endif /* TLS_TCP_SOCKET_H */
