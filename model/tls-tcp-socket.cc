/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-tcp-socket.h"

#include "ns3/abort.h"
#include "ns3/ipv4-end-point.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-interface.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/rtt-estimator.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-recovery-ops.h"
#include "ns3/type-id.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsTcpSocket");

NS_OBJECT_ENSURE_REGISTERED(TlsTcpSocket);
NS_OBJECT_ENSURE_REGISTERED(TlsTcpDemux);

// ------------------------------------------------------------------ TlsTcpSocket

TypeId
TlsTcpSocket::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TlsTcpSocket")
                            .SetParent<TcpSocketBase>()
                            .SetGroupName("Tls")
                            .AddConstructor<TlsTcpSocket>();
    return tid;
}

TypeId
TlsTcpSocket::GetInstanceTypeId() const
{
    return TlsTcpSocket::GetTypeId();
}

TlsTcpSocket::TlsTcpSocket()
    : TcpSocketBase()
{
    NS_LOG_FUNCTION(this);
}

TlsTcpSocket::TlsTcpSocket(const TlsTcpSocket& sock)
    : TcpSocketBase(sock),
      m_demux(sock.m_demux)
{
    NS_LOG_FUNCTION(this);
}

TlsTcpSocket::~TlsTcpSocket()
{
    Unregister();
}

Ptr<TlsTcpSocket>
TlsTcpSocket::Create(Ptr<Node> node, bool indexed)
{
    NS_ASSERT(node);
    if (indexed)
    {
        Ptr<TlsTcpDemux> demux = TlsTcpDemux::Install(node);
        if (demux)
        {
            return demux->CreateSocket(node);
        }
    }
    Ptr<TlsTcpSocket> socket = Make(node);
    socket->m_tcp->AddSocket(socket);
    return socket;
}

Ptr<TlsTcpSocket>
TlsTcpSocket::Make(Ptr<Node> node)
{
    Ptr<TcpL4Protocol> tcp = node->GetObject<TcpL4Protocol>();
    NS_ABORT_MSG_IF(!tcp,
                    "TlsTcpSocket: node " << node->GetId()
                                          << " has no TcpL4Protocol (install an internet stack)");
    TypeIdValue rttType;
    TypeIdValue congestionType;
    TypeIdValue recoveryType;
    tcp->GetAttribute("RttEstimatorType", rttType);
    tcp->GetAttribute("SocketType", congestionType);
    tcp->GetAttribute("RecoveryType", recoveryType);
    ObjectFactory factory;
    factory.SetTypeId(rttType.Get());
    Ptr<RttEstimator> rtt = factory.Create<RttEstimator>();
    Ptr<TlsTcpSocket> socket = CreateObject<TlsTcpSocket>();
    factory.SetTypeId(congestionType.Get());
    Ptr<TcpCongestionOps> congestion = factory.Create<TcpCongestionOps>();
    factory.SetTypeId(recoveryType.Get());
    Ptr<TcpRecoveryOps> recovery = factory.Create<TcpRecoveryOps>();

    socket->SetNode(node);
    socket->SetTcp(tcp);
    socket->SetRtt(rtt);
    socket->SetCongestionControlAlgorithm(congestion);
    socket->SetRecoveryAlgorithm(recovery);
    return socket;
}

Ptr<TcpCongestionOps>
TlsTcpSocket::GetCongestionControl() const
{
    return m_congestionControl;
}

int
TlsTcpSocket::Connect(const Address& address)
{
    int result = TcpSocketBase::Connect(address);
    if (result == 0)
    {
        RegisterConnection();
    }
    return result;
}

int
TlsTcpSocket::Listen()
{
    int result = TcpSocketBase::Listen();
    if (result == 0 && m_demux && m_endPoint && !m_listenKey)
    {
        m_localPort = m_endPoint->GetLocalPort();
        m_demux->AddListener(this, m_localPort);
        m_listenKey = true;
    }
    return result;
}

void
TlsTcpSocket::ConnectSegmentTraces(SegmentCallback tx, SegmentCallback rx)
{
    m_txTrace.ConnectWithoutContext(tx);
    m_rxTrace.ConnectWithoutContext(rx);
}

void
TlsTcpSocket::DisconnectSegmentTraces(SegmentCallback tx, SegmentCallback rx)
{
    m_txTrace.DisconnectWithoutContext(tx);
    m_rxTrace.DisconnectWithoutContext(rx);
}

bool
TlsTcpSocket::Deliver(Ptr<Packet> packet,
                      const Ipv4Header& header,
                      uint16_t sport,
                      uint16_t dport,
                      Ptr<Ipv4Interface> incomingInterface)
{
    Ipv4EndPoint* endPoint = m_endPoint;
    if (!endPoint || !endPoint->IsRxEnabled() || endPoint->GetLocalPort() != dport)
    {
        return false;
    }
    Ptr<NetDevice> bound = endPoint->GetBoundNetDevice();
    if (bound && bound != incomingInterface->GetDevice())
    {
        return false;
    }
    Ipv4Address local = endPoint->GetLocalAddress();
    if (m_listenKey)
    {
        // A listening endpoint: local port, local address exact or any, peer wildcard.
        if ((local != header.GetDestination() && local != Ipv4Address::GetAny()) ||
            endPoint->GetPeerPort() != 0 || endPoint->GetPeerAddress() != Ipv4Address::GetAny())
        {
            return false;
        }
    }
    else if (local != header.GetDestination() || endPoint->GetPeerAddress() != header.GetSource() ||
             endPoint->GetPeerPort() != sport)
    {
        return false;
    }
    endPoint->ForwardUp(packet, header, sport, incomingInterface);
    return true;
}

void
TlsTcpSocket::DoDispose()
{
    Unregister();
    TcpSocketBase::DoDispose();
}

Ptr<TcpSocketBase>
TlsTcpSocket::Fork()
{
    return CopyObject<TlsTcpSocket>(this);
}

void
TlsTcpSocket::CompleteFork(Ptr<Packet> p,
                           const TcpHeader& tcpHeader,
                           const Address& fromAddress,
                           const Address& toAddress)
{
    TcpSocketBase::CompleteFork(p, tcpHeader, fromAddress, toAddress);
    RegisterConnection();
}

void
TlsTcpSocket::RegisterConnection()
{
    if (!m_demux || !m_endPoint || m_connectionKey)
    {
        return;
    }
    Ipv4Address local = m_endPoint->GetLocalAddress();
    Ipv4Address peer = m_endPoint->GetPeerAddress();
    if (local == Ipv4Address::GetAny() || peer == Ipv4Address::GetAny())
    {
        return; // not fully specified: TcpL4Protocol's own look-up handles it
    }
    m_localAddress = local;
    m_peerAddress = peer;
    m_localPort = m_endPoint->GetLocalPort();
    m_peerPort = m_endPoint->GetPeerPort();
    m_demux->AddConnection(this, m_localAddress, m_localPort, m_peerAddress, m_peerPort);
    m_connectionKey = true;
}

void
TlsTcpSocket::Unregister()
{
    if (!m_demux)
    {
        return;
    }
    if (m_connectionKey)
    {
        m_demux->RemoveConnection(this, m_localAddress, m_localPort, m_peerAddress, m_peerPort);
        m_connectionKey = false;
    }
    if (m_listenKey)
    {
        m_demux->RemoveListener(this, m_localPort);
        m_listenKey = false;
    }
}

// ------------------------------------------------------------------- TlsTcpDemux

TypeId
TlsTcpDemux::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TlsTcpDemux")
                            .SetParent<IpL4Protocol>()
                            .SetGroupName("Tls")
                            .AddConstructor<TlsTcpDemux>();
    return tid;
}

TlsTcpDemux::TlsTcpDemux()
{
    NS_LOG_FUNCTION(this);
}

TlsTcpDemux::~TlsTcpDemux()
{
    NS_LOG_FUNCTION(this);
}

std::size_t
TlsTcpDemux::KeyHash::operator()(const Key& k) const
{
    uint64_t addresses = (static_cast<uint64_t>(k.local) << 32) | k.peer;
    uint64_t ports = (static_cast<uint64_t>(k.localPort) << 16) | k.peerPort;
    return std::hash<uint64_t>()(addresses ^ (ports * 0x9E3779B97F4A7C15ULL));
}

Ptr<TlsTcpDemux>
TlsTcpDemux::Find(Ptr<Node> node)
{
    Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
    if (!ipv4)
    {
        return nullptr;
    }
    return DynamicCast<TlsTcpDemux>(ipv4->GetProtocol(TcpL4Protocol::PROT_NUMBER));
}

Ptr<TlsTcpDemux>
TlsTcpDemux::Install(Ptr<Node> node)
{
    Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
    Ptr<TcpL4Protocol> tcp = node->GetObject<TcpL4Protocol>();
    if (!ipv4 || !tcp)
    {
        return nullptr;
    }
    Ptr<IpL4Protocol> current = ipv4->GetProtocol(TcpL4Protocol::PROT_NUMBER);
    Ptr<TlsTcpDemux> demux = DynamicCast<TlsTcpDemux>(current);
    if (demux)
    {
        return demux;
    }
    if (current != tcp)
    {
        NS_LOG_WARN("Node " << node->GetId()
                            << ": IPv4 protocol 6 is not the node's TcpL4Protocol; "
                               "segments keep ns-3's own endpoint look-up");
        return nullptr;
    }
    demux = CreateObject<TlsTcpDemux>();
    demux->m_tcp = tcp;
    ipv4->Remove(tcp);
    ipv4->Insert(demux);
    NS_LOG_LOGIC("Node " << node->GetId() << ": TlsTcpDemux installed");
    return demux;
}

Ptr<TlsTcpSocket>
TlsTcpDemux::CreateSocket(Ptr<Node> node)
{
    if (!m_template)
    {
        m_template = TlsTcpSocket::Make(node);
    }
    Ptr<TlsTcpSocket> socket = CopyObject<TlsTcpSocket>(m_template);
    socket->m_demux = this;
    m_tcp->AddSocket(socket);
    return socket;
}

Ptr<TcpL4Protocol>
TlsTcpDemux::GetTcp() const
{
    return m_tcp;
}

uint64_t
TlsTcpDemux::GetIndexedDeliveries() const
{
    return m_indexed;
}

uint64_t
TlsTcpDemux::GetOtherDeliveries() const
{
    return m_other;
}

std::size_t
TlsTcpDemux::GetConnections() const
{
    return m_connections.size();
}

void
TlsTcpDemux::AddConnection(TlsTcpSocket* socket,
                           Ipv4Address local,
                           uint16_t localPort,
                           Ipv4Address peer,
                           uint16_t peerPort)
{
    m_connections[Key{local.Get(), peer.Get(), localPort, peerPort}] = socket;
}

void
TlsTcpDemux::RemoveConnection(TlsTcpSocket* socket,
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
TlsTcpDemux::AddListener(TlsTcpSocket* socket, uint16_t port)
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
TlsTcpDemux::RemoveListener(TlsTcpSocket* socket, uint16_t port)
{
    auto it = m_listeners.find(port);
    if (it != m_listeners.end() && it->second == socket)
    {
        m_listeners.erase(it);
    }
}

int
TlsTcpDemux::GetProtocolNumber() const
{
    return TcpL4Protocol::PROT_NUMBER;
}

IpL4Protocol::RxStatus
TlsTcpDemux::Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> incomingInterface)
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
TlsTcpDemux::Receive(Ptr<Packet> p, const Ipv6Header& header, Ptr<Ipv6Interface> incomingInterface)
{
    return m_tcp->Receive(p, header, incomingInterface);
}

void
TlsTcpDemux::ReceiveIcmp(Ipv4Address icmpSource,
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
TlsTcpDemux::ReceiveIcmp(Ipv6Address icmpSource,
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
TlsTcpDemux::SetDownTarget(IpL4Protocol::DownTargetCallback cb)
{
    m_tcp->SetDownTarget(cb);
}

void
TlsTcpDemux::SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb)
{
    m_tcp->SetDownTarget6(cb);
}

IpL4Protocol::DownTargetCallback
TlsTcpDemux::GetDownTarget() const
{
    return m_tcp->GetDownTarget();
}

IpL4Protocol::DownTargetCallback6
TlsTcpDemux::GetDownTarget6() const
{
    return m_tcp->GetDownTarget6();
}

} // namespace ns3
