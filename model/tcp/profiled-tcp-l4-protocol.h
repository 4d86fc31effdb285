/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PROFILED_TCP_L4_PROTOCOL_H
#define PROFILED_TCP_L4_PROTOCOL_H

#include "profiled-tcp-socket.h"

#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-address.h"
#include "ns3/tcp-socket-factory.h"

#include <cstdint>
#include <unordered_map>

namespace ns3
{

class Node;
class TcpL4Protocol;

/**
 * \ingroup tcp-ext
 * \brief The node's TCP: makes every TCP socket of the node a ProfiledTcpSocket (so
 * that one timer profile and one set of TCP attributes hold for all of them) and
 * hands received segments to their socket through a hash table.
 *
 * ns-3's TcpL4Protocol always makes a TcpSocketBase, and the node's TcpSocketFactory
 * asks it. Install() aggregates this object to the node, puts a
 * ProfiledTcpSocketFactory in front of the node's own TcpSocketFactory (so that
 * BulkSend, PacketSink, the 3GPP HTTP applications and a user's own
 * Socket::CreateSocket(node, TcpSocketFactory::GetTypeId()) get ProfiledTcpSockets),
 * and puts itself in the node's Ipv4L3Protocol in place of the TcpL4Protocol for
 * protocol number 6. Sockets and endpoints still belong to the TcpL4Protocol.
 *
 * Indexed sockets (attribute Indexed, or CreateSocket(true)) are copies of a template
 * socket and register their 4-tuple and listening port here; a segment for a
 * registered 4-tuple goes to that socket, a SYN for a registered listening port whose
 * 4-tuple is not registered goes to the listening socket. Both are the endpoints
 * that ns-3's linear look-up chooses, provided no socket other than an indexed
 * ProfiledTcpSocket shares a listening one's port on the node; the order and the
 * content of every event are the same, so a simulation gives the same results with
 * or without indexing. Every other segment, ICMP errors, IPv6 and checksum-checked
 * traffic (when Node::ChecksumEnabled()) go to the TcpL4Protocol's own look-up.
 *
 * Install it with the internet stack's other parts, before applications create
 * sockets: a socket made before it is a stock TcpSocketBase.
 */
class ProfiledTcpL4Protocol : public IpL4Protocol
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ProfiledTcpL4Protocol();
    ~ProfiledTcpL4Protocol() override;

    /**
     * \brief The node's ProfiledTcpL4Protocol, installed on first use.
     * \param node a node with an internet stack (TcpL4Protocol)
     * \return it (null if the node has no TcpL4Protocol)
     */
    static Ptr<ProfiledTcpL4Protocol> Install(Ptr<Node> node);

    /**
     * \brief Make a socket factory the one the node's applications find as its
     * TcpSocketFactory (ns-3 finds the first aggregate of a type in an array sorted by
     * how often each was looked up: the factory is looked up until it comes first).
     * \param node the node
     * \param factory a TcpSocketFactory aggregated to the node
     */
    static void MakeNodeTcpSocketFactory(Ptr<Node> node, Ptr<TcpSocketFactory> factory);

    /**
     * \brief A new socket of the node, known to its TcpL4Protocol.
     *
     * Indexed: a copy of a template socket, as TCP copies a listening socket for each
     * connection it accepts. The template is made, as TcpL4Protocol::CreateSocket()
     * makes a socket, when the node's first indexed socket is created; the copies skip
     * the attribute construction (about 40 attributes of the socket and those of its
     * congestion control, RTT estimator and recovery objects). Attribute defaults of
     * TcpSocket, TcpSocketBase and ProfiledTcpSocket, and the node's TcpL4Protocol
     * socket types, must therefore be set before the node's first socket is made.
     * Not indexed: made as TcpL4Protocol::CreateSocket() makes a socket.
     * \param indexed register the socket for the hash table look-up
     * \return the socket
     */
    Ptr<ProfiledTcpSocket> CreateSocket(bool indexed);
    /**
     * \brief A new socket, indexed as the attribute Indexed says (the node's
     * TcpSocketFactory calls this).
     * \return the socket
     */
    Ptr<ProfiledTcpSocket> CreateSocket();

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
    void AddConnection(ProfiledTcpSocket* socket,
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
    void RemoveConnection(ProfiledTcpSocket* socket,
                          Ipv4Address local,
                          uint16_t localPort,
                          Ipv4Address peer,
                          uint16_t peerPort);
    /**
     * \brief Register a listening socket.
     * \param socket the socket
     * \param port its local port
     */
    void AddListener(ProfiledTcpSocket* socket, uint16_t port);
    /**
     * \brief Remove a listening socket's registration.
     * \param socket the socket
     * \param port its local port
     */
    void RemoveListener(ProfiledTcpSocket* socket, uint16_t port);

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

  protected:
    void DoDispose() override;

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

    Ptr<ProfiledTcpSocket> m_template; //!< copied by CreateSocket()
    Ptr<TcpL4Protocol> m_tcp;          //!< the node's TCP
    std::unordered_map<Key, ProfiledTcpSocket*, KeyHash> m_connections; //!< connected sockets
    std::unordered_map<uint16_t, ProfiledTcpSocket*> m_listeners;       //!< listening sockets
    Ptr<Node> m_node;                                                   //!< the node
    bool m_indexedSockets;                                              //!< Indexed attribute
    uint64_t m_indexed{0}; //!< segments delivered through the table
    uint64_t m_other{0};   //!< segments passed to TcpL4Protocol
};

/**
 * \ingroup tcp-ext
 * \brief The node's TcpSocketFactory once a ProfiledTcpL4Protocol is installed: its
 * sockets are ProfiledTcpSockets from the node's ProfiledTcpL4Protocol.
 */
class ProfiledTcpSocketFactory : public TcpSocketFactory
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// \return a socket from the node's ProfiledTcpL4Protocol
    Ptr<Socket> CreateSocket() override;

    /// \param tcp the node's ProfiledTcpL4Protocol
    void SetTcp(Ptr<ProfiledTcpL4Protocol> tcp);

  protected:
    void DoDispose() override;

  private:
    Ptr<ProfiledTcpL4Protocol> m_tcp; //!< the node's TCP
};

} // namespace ns3

#endif /* PROFILED_TCP_L4_PROTOCOL_H */
