/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "profiled-tcp-l4-protocol.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-interface.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-l4-protocol.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ProfiledTcpL4Protocol");

NS_OBJECT_ENSURE_REGISTERED(ProfiledTcpL4Protocol);

TypeId
ProfiledTcpL4Protocol::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::ProfiledTcpL4Protocol")
            .SetParent<IpL4Protocol>()
            .SetGroupName("Internet")
            .AddConstructor<ProfiledTcpL4Protocol>()
            .AddAttribute("Indexed",
                          "Sockets made through the node's TcpSocketFactory are copies of a "
                          "template socket and receive their segments through a hash table "
                          "(same results as ns-3's own paths, faster with many connections).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&ProfiledTcpL4Protocol::m_indexedSockets),
                          MakeBooleanChecker());
    return tid;
}

ProfiledTcpL4Protocol::ProfiledTcpL4Protocol()
    : m_indexedSockets(true)
{
    NS_LOG_FUNCTION(this);
}

ProfiledTcpL4Protocol::~ProfiledTcpL4Protocol()
{
    NS_LOG_FUNCTION(this);
}

void
ProfiledTcpL4Protocol::DoDispose()
{
    m_template = nullptr;
    m_tcp = nullptr;
    m_node = nullptr;
    m_connections.clear();
    m_listeners.clear();
    IpL4Protocol::DoDispose();
}

std::size_t
ProfiledTcpL4Protocol::KeyHash::operator()(const Key& k) const
{
    uint64_t addresses = (static_cast<uint64_t>(k.local) << 32) | k.peer;
    uint64_t ports = (static_cast<uint64_t>(k.localPort) << 16) | k.peerPort;
    return std::hash<uint64_t>()(addresses ^ (ports * 0x9E3779B97F4A7C15ULL));
}

Ptr<ProfiledTcpL4Protocol>
ProfiledTcpL4Protocol::Install(Ptr<Node> node)
{
    NS_ASSERT(node);
    Ptr<ProfiledTcpL4Protocol> self = node->GetObject<ProfiledTcpL4Protocol>();
    if (self)
    {
        return self;
    }
    Ptr<TcpL4Protocol> tcp = node->GetObject<TcpL4Protocol>();
    if (!tcp)
    {
        return nullptr;
    }
    self = CreateObject<ProfiledTcpL4Protocol>();
    self->m_tcp = tcp;
    self->m_node = node;
    node->AggregateObject(self);
    Ptr<ProfiledTcpSocketFactory> factory = CreateObject<ProfiledTcpSocketFactory>();
    factory->SetTcp(self);
    node->AggregateObject(factory);
    MakeNodeTcpSocketFactory(node, factory);

    Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
    if (ipv4)
    {
        if (ipv4->GetProtocol(TcpL4Protocol::PROT_NUMBER) == tcp)
        {
            ipv4->Remove(tcp);
            ipv4->Insert(self);
        }
        else
        {
            NS_LOG_WARN("Node " << node->GetId()
                                << ": IPv4 protocol 6 is not the node's TcpL4Protocol; "
                                   "segments keep ns-3's own endpoint look-up");
        }
    }
    NS_LOG_LOGIC("Node " << node->GetId() << ": ProfiledTcpL4Protocol installed");
    return self;
}

void
ProfiledTcpL4Protocol::MakeNodeTcpSocketFactory(Ptr<Node> node, Ptr<TcpSocketFactory> factory)
{
    NS_ASSERT(node && factory);
    TypeId tid = factory->GetInstanceTypeId();
    // Object::GetObject finds the first aggregate of a matching type in an array kept
    // sorted by how often each was looked up: look this one up by its own type until it
    // comes before every other TcpSocketFactory of the node (each round adds two
    // look-ups of it to one of the factory in front, so it overtakes).
    while (node->GetObject<SocketFactory>(TcpSocketFactory::GetTypeId()) != factory)
    {
        NS_ABORT_MSG_IF(node->GetObject<SocketFactory>(tid) != factory,
                        "MakeNodeTcpSocketFactory: the factory is not aggregated to node "
                            << node->GetId());
        node->GetObject<SocketFactory>(tid);
    }
}

Ptr<ProfiledTcpSocket>
ProfiledTcpL4Protocol::CreateSocket()
{
    return CreateSocket(m_indexedSockets);
}

Ptr<ProfiledTcpSocket>
ProfiledTcpL4Protocol::CreateSocket(bool indexed)
{
    NS_ASSERT_MSG(m_tcp && m_node, "ProfiledTcpL4Protocol: not installed (use Install)");
    Ptr<ProfiledTcpSocket> socket;
    if (indexed)
    {
        if (!m_template)
        {
            m_template = ProfiledTcpSocket::Make(m_node, m_tcp);
        }
        socket = CopyObject<ProfiledTcpSocket>(m_template);
        socket->m_demux = this;
    }
    else
    {
        socket = ProfiledTcpSocket::Make(m_node, m_tcp);
    }
    m_tcp->AddSocket(socket);
    return socket;
}

Ptr<TcpL4Protocol>
ProfiledTcpL4Protocol::GetTcp() const
{
    return m_tcp;
}

uint64_t
ProfiledTcpL4Protocol::GetIndexedDeliveries() const
{
    return m_indexed;
}

uint64_t
ProfiledTcpL4Protocol::GetOtherDeliveries() const
{
    return m_other;
}

std::size_t
ProfiledTcpL4Protocol::GetConnections() const
{
    return m_connections.size();
}

void
ProfiledTcpL4Protocol::AddConnection(ProfiledTcpSocket* socket,
                                     Ipv4Address local,
                                     uint16_t localPort,
                                     Ipv4Address peer,
                                     uint16_t peerPort)
{
    m_connections[Key{local.Get(), peer.Get(), localPort, peerPort}] = socket;
}

void
ProfiledTcpL4Protocol::RemoveConnection(ProfiledTcpSocket* socket,
                                        Ipv4Address local,
                                        uint16_t localPort,
                                        Ipv4Address peer,
                                        uint16_t peerPort)
{
    auto it = m_connections.find(Key{local.Get(), peer.Get(), localPort, peerPort});
    if (it != m_connections.end() && it->second == socket)
    {
        m_connections.erase(it);
    }
}

void
ProfiledTcpL4Protocol::AddListener(ProfiledTcpSocket* socket, uint16_t port)
{
    auto inserted = m_listeners.emplace(port, socket);
    if (!inserted.second && inserted.first->second != socket)
    {
        // Two listening sockets share the port (different local addresses): leave the
        // choice between them to TcpL4Protocol.
        inserted.first->second = nullptr;
    }
}

void
ProfiledTcpL4Protocol::RemoveListener(ProfiledTcpSocket* socket, uint16_t port)
{
    auto it = m_listeners.find(port);
    if (it != m_listeners.end() && it->second == socket)
    {
        m_listeners.erase(it);
    }
}

int
ProfiledTcpL4Protocol::GetProtocolNumber() const
{
    return TcpL4Protocol::PROT_NUMBER;
}

IpL4Protocol::RxStatus
ProfiledTcpL4Protocol::Receive(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<Ipv4Interface> incomingInterface)
{
    // Checksums need TcpL4Protocol's header check, so such segments take its path.
    if (!Node::ChecksumEnabled() && p->GetSize() >= 20)
    {
        uint8_t bytes[14];
        p->CopyData(bytes, sizeof(bytes));
        uint16_t sport = static_cast<uint16_t>((bytes[0] << 8) | bytes[1]);
        uint16_t dport = static_cast<uint16_t>((bytes[2] << 8) | bytes[3]);
        uint8_t flags = bytes[13];
        auto connection = m_connections.find(
            Key{header.GetDestination().Get(), header.GetSource().Get(), dport, sport});
        if (connection != m_connections.end())
        {
            if (connection->second->Deliver(p, header, sport, dport, incomingInterface))
            {
                ++m_indexed;
                return IpL4Protocol::RX_OK;
            }
        }
        else if ((flags & (TcpHeader::SYN | TcpHeader::ACK)) == TcpHeader::SYN)
        {
            auto listener = m_listeners.find(dport);
            if (listener != m_listeners.end() && listener->second &&
                listener->second->Deliver(p, header, sport, dport, incomingInterface))
            {
                ++m_indexed;
                return IpL4Protocol::RX_OK;
            }
        }
    }
    ++m_other;
    return m_tcp->Receive(p, header, incomingInterface);
}

IpL4Protocol::RxStatus
ProfiledTcpL4Protocol::Receive(Ptr<Packet> p,
                               const Ipv6Header& header,
                               Ptr<Ipv6Interface> incomingInterface)
{
    return m_tcp->Receive(p, header, incomingInterface);
}

void
ProfiledTcpL4Protocol::ReceiveIcmp(Ipv4Address icmpSource,
                                   uint8_t icmpTtl,
                                   uint8_t icmpType,
                                   uint8_t icmpCode,
                                   uint32_t icmpInfo,
                                   Ipv4Address payloadSource,
                                   Ipv4Address payloadDestination,
                                   const uint8_t payload[8])
{
    m_tcp->ReceiveIcmp(icmpSource,
                       icmpTtl,
                       icmpType,
                       icmpCode,
                       icmpInfo,
                       payloadSource,
                       payloadDestination,
                       payload);
}

void
ProfiledTcpL4Protocol::ReceiveIcmp(Ipv6Address icmpSource,
                                   uint8_t icmpTtl,
                                   uint8_t icmpType,
                                   uint8_t icmpCode,
                                   uint32_t icmpInfo,
                                   Ipv6Address payloadSource,
                                   Ipv6Address payloadDestination,
                                   const uint8_t payload[8])
{
    m_tcp->ReceiveIcmp(icmpSource,
                       icmpTtl,
                       icmpType,
                       icmpCode,
                       icmpInfo,
                       payloadSource,
                       payloadDestination,
                       payload);
}

void
ProfiledTcpL4Protocol::SetDownTarget(IpL4Protocol::DownTargetCallback cb)
{
    m_tcp->SetDownTarget(cb);
}

void
ProfiledTcpL4Protocol::SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb)
{
    m_tcp->SetDownTarget6(cb);
}

IpL4Protocol::DownTargetCallback
ProfiledTcpL4Protocol::GetDownTarget() const
{
    return m_tcp->GetDownTarget();
}

IpL4Protocol::DownTargetCallback6
ProfiledTcpL4Protocol::GetDownTarget6() const
{
    return m_tcp->GetDownTarget6();
}

// ------------------------------------------------------- ProfiledTcpSocketFactory

NS_OBJECT_ENSURE_REGISTERED(ProfiledTcpSocketFactory);

TypeId
ProfiledTcpSocketFactory::GetTypeId()
{
    static TypeId tid = TypeId("ns3::ProfiledTcpSocketFactory")
                            .SetParent<TcpSocketFactory>()
                            .SetGroupName("Internet")
                            .AddConstructor<ProfiledTcpSocketFactory>();
    return tid;
}

Ptr<Socket>
ProfiledTcpSocketFactory::CreateSocket()
{
    NS_ASSERT_MSG(m_tcp, "ProfiledTcpSocketFactory: made by ProfiledTcpL4Protocol::Install only");
    return m_tcp->CreateSocket();
}

void
ProfiledTcpSocketFactory::SetTcp(Ptr<ProfiledTcpL4Protocol> tcp)
{
    m_tcp = tcp;
}

void
ProfiledTcpSocketFactory::DoDispose()
{
    m_tcp = nullptr;
    TcpSocketFactory::DoDispose();
}

} // namespace ns3
