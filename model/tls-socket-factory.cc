/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-socket-factory.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/profiled-tcp-l4-protocol.h"
#include "ns3/uinteger.h"

#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsSocketFactory");

NS_OBJECT_ENSURE_REGISTERED(TlsSocketFactory);
NS_OBJECT_ENSURE_REGISTERED(TlsSecureTcpFactory);

TypeId
TlsSocketFactory::GetTypeId()
{
    static TypeId tid = TlsSocket::Traces::AddTo(
        TypeId("ns3::TlsSocketFactory")
            .SetParent<SocketFactory>()
            .SetGroupName("Tls")
            .AddConstructor<TlsSocketFactory>()
            .AddAttribute("Context",
                          "The TLS configuration shared by the sockets (created with default "
                          "attributes if not set).",
                          PointerValue(),
                          MakePointerAccessor(&TlsSocketFactory::m_context),
                          MakePointerChecker<TlsContext>())
            .AddAttribute(
                "TcpFastPath",
                "Make the TCP sockets under the TLS sockets by copying a template "
                "socket and find their segments through a hash table (ProfiledTcpL4Protocol); "
                "same results as ns-3's own paths, faster.",
                BooleanValue(true),
                MakeBooleanAccessor(&TlsSocketFactory::m_tcpFastPath),
                MakeBooleanChecker())
            .AddAttribute("ResumeSessions",
                          "Client sockets of this node keep the sessions they receive, per "
                          "server address, and offer the newest when they connect to that "
                          "server again (as a browser does); false: every handshake is full.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TlsSocketFactory::m_resume),
                          MakeBooleanChecker())
            .AddAttribute("MaxSessions",
                          "With ResumeSessions: sessions kept per server (the oldest is dropped).",
                          UintegerValue(4),
                          MakeUintegerAccessor(&TlsSocketFactory::m_maxSessions),
                          MakeUintegerChecker<uint32_t>(1)),
        &TlsSocketFactory::m_traces);
    return tid;
}

TlsSocketFactory::TlsSocketFactory()
    : m_tcpFastPath(true),
      m_resume(false),
      m_maxSessions(4)
{
    m_socketFactory.SetTypeId(TlsSocket::GetTypeId());
}

TlsSocketFactory::~TlsSocketFactory()
{
}

void
TlsSocketFactory::NotifyNewAggregate()
{
    if (!m_node)
    {
        m_node = GetObject<Node>();
    }
    SocketFactory::NotifyNewAggregate();
}

void
TlsSocketFactory::DoDispose()
{
    // Sockets still open at the end (e.g. when the simulation stops) are disposed here.
    std::vector<Ptr<TlsSocket>> sockets;
    sockets.reserve(m_sockets.size());
    for (auto& entry : m_sockets)
    {
        sockets.push_back(entry.second);
    }
    m_sockets.clear();
    for (auto& socket : sockets)
    {
        socket->Dispose();
    }
    m_context = nullptr;
    m_store = nullptr;
    m_node = nullptr;
    SocketFactory::DoDispose();
}

void
TlsSocketFactory::SetContext(Ptr<TlsContext> context)
{
    m_context = context;
}

Ptr<TlsContext>
TlsSocketFactory::GetContext()
{
    if (!m_context)
    {
        m_context = CreateObject<TlsContext>();
    }
    return m_context;
}

void
TlsSocketFactory::SetSocketAttribute(const std::string& name, const AttributeValue& value)
{
    m_socketFactory.Set(name, value);
}

uint32_t
TlsSocketFactory::GetOpenSockets() const
{
    return static_cast<uint32_t>(m_sockets.size());
}

Ptr<Socket>
TlsSocketFactory::CreateSocket()
{
    NS_ASSERT_MSG(m_node, "TlsSocketFactory: not aggregated to a node");
    Ptr<TlsSocket> socket = MakeSocket(m_node, GetContext(), m_tcpFastPath, m_socketFactory);
    if (m_resume)
    {
        if (!m_store)
        {
            m_store = Create<TlsSessionStore>(m_maxSessions);
        }
        socket->SetSessionStore(m_store);
    }
    return socket;
}

Ptr<TlsSocket>
TlsSocketFactory::MakeSocket(Ptr<Node> node,
                             Ptr<TlsContext> context,
                             bool tcpFastPath,
                             const ObjectFactory& socketFactory)
{
    Ptr<TlsSocket> socket = socketFactory.Create<TlsSocket>();
    Ptr<ProfiledTcpL4Protocol> tcp = ProfiledTcpL4Protocol::Install(node);
    NS_ABORT_MSG_IF(!tcp,
                    "TlsSocketFactory: node " << node->GetId()
                                              << " has no TcpL4Protocol (install an internet "
                                                 "stack)");
    socket->Setup(node, tcp->CreateSocket(tcpFastPath), context);
    Register(socket);
    return socket;
}

Ptr<TlsSocketFactory>
TlsSocketFactory::Install(Ptr<Node> node)
{
    Ptr<TlsSocketFactory> factory = node->GetObject<TlsSocketFactory>();
    if (!factory)
    {
        factory = CreateObject<TlsSocketFactory>();
        node->AggregateObject(factory);
    }
    return factory;
}

void
TlsSocketFactory::Register(Ptr<TlsSocket> socket)
{
    Ptr<TlsSocketFactory> factory = Install(socket->GetNode());
    factory->m_sockets.emplace(PeekPointer(socket), socket);
}

TlsSocket::Traces*
TlsSocketFactory::GetNodeTraces(Ptr<Node> node)
{
    Ptr<TlsSocketFactory> factory = node->GetObject<TlsSocketFactory>();
    return factory ? &factory->m_traces : nullptr;
}

void
TlsSocketFactory::Unregister(TlsSocket* socket)
{
    Ptr<Node> node = socket->GetNode();
    Ptr<TlsSocketFactory> factory = node ? node->GetObject<TlsSocketFactory>() : nullptr;
    if (factory)
    {
        factory->m_sockets.erase(socket);
    }
}

// ------------------------------------------------------------ TlsSecureTcpFactory

TypeId
TlsSecureTcpFactory::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TlsSecureTcpFactory")
                            .SetParent<TcpSocketFactory>()
                            .SetGroupName("Tls")
                            .AddConstructor<TlsSecureTcpFactory>();
    return tid;
}

Ptr<Socket>
TlsSecureTcpFactory::CreateSocket()
{
    if (!m_tls)
    {
        m_tls = TlsSocketFactory::Install(GetObject<Node>());
    }
    return m_tls->CreateSocket();
}

void
TlsSecureTcpFactory::DoDispose()
{
    m_tls = nullptr;
    TcpSocketFactory::DoDispose();
}

bool
TlsSecureTcpFactory::Install(Ptr<Node> node)
{
    Ptr<SocketFactory> tcp = node->GetObject<SocketFactory>(TcpSocketFactory::GetTypeId());
    if (!tcp)
    {
        return false;
    }
    // TLS sockets run over the node's TCP, the one its plain TCP sockets use.
    ProfiledTcpL4Protocol::Install(node);
    Ptr<TlsSecureTcpFactory> secure = node->GetObject<TlsSecureTcpFactory>();
    if (!secure)
    {
        secure = CreateObject<TlsSecureTcpFactory>();
        node->AggregateObject(secure);
    }
    ProfiledTcpL4Protocol::MakeNodeTcpSocketFactory(node, secure);
    return true;
}

} // namespace ns3
