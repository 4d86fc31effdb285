/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-client.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsClient");

NS_OBJECT_ENSURE_REGISTERED(TlsClient);

TypeId
TlsClient::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TlsClient")
            .SetParent<TlsApplication>()
            .SetGroupName("Tls")
            .AddConstructor<TlsClient>()
            .AddAttribute("Remote",
                          "The server's address and port.",
                          AddressValue(),
                          MakeAddressAccessor(&TlsClient::m_remote),
                          MakeAddressChecker())
            .AddAttribute("Local",
                          "Local address to bind to; empty = any.",
                          AddressValue(),
                          MakeAddressAccessor(&TlsClient::m_local),
                          MakeAddressChecker())
            .AddAttribute("Connections",
                          "Number of connections (handshakes) to run one after another; "
                          "0 = until the application stops.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&TlsClient::m_connections),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Interval",
                          "Pause between the end of one connection and the start of the next.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&TlsClient::m_interval),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("RequestSize",
                          "Bytes of application data sent after the handshake (0 = none: close "
                          "right after the handshake; else at least 8, the request header).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsClient::m_requestSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ResponseSize",
                          "Bytes of application data the server sends back for a request.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsClient::m_responseSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("HandshakeTimeout",
                          "A connection whose handshake is not complete this long after the TCP "
                          "connect ends with a timeout record; 0 = no timeout.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&TlsClient::m_handshakeTimeout),
                          MakeTimeChecker(Seconds(0)));
    return tid;
}

TlsClient::TlsClient()
    : m_connections(1),
      m_requestSize(0),
      m_responseSize(0),
      m_opened(0),
      m_running(false)
{
    NS_LOG_FUNCTION(this);
}

TlsClient::~TlsClient()
{
    NS_LOG_FUNCTION(this);
}

void
TlsClient::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_nextEvent.Cancel();
    TlsApplication::DoDispose();
}

void
TlsClient::SetRemote(const Address& remote)
{
    m_remote = remote;
}

uint32_t
TlsClient::GetConnectionsOpened() const
{
    return m_opened;
}

void
TlsClient::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(!InetSocketAddress::IsMatchingType(m_remote) &&
                        !Inet6SocketAddress::IsMatchingType(m_remote),
                    "TlsClient: attribute Remote must be an InetSocketAddress or "
                    "Inet6SocketAddress, got '"
                        << m_remote << "'");
    NS_ABORT_MSG_IF(m_requestSize != 0 && m_requestSize < 8,
                    "TlsClient: attribute RequestSize has invalid value '"
                        << m_requestSize << "' (expected 0 or at least 8)");
    std::string error = GetContext()->Configure(TlsRole::CLIENT);
    NS_ABORT_MSG_IF(!error.empty(), error);
    m_running = true;
    OpenConnection();
}

void
TlsClient::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    m_nextEvent.Cancel();
    AbortAll("application stopped");
}

void
TlsClient::OpenConnection()
{
    NS_LOG_FUNCTION(this);
    if (!m_running || (m_connections != 0 && m_opened >= m_connections))
    {
        return;
    }
    ++m_opened;
    Ptr<Socket> socket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    int bound;
    if (!m_local.IsInvalid())
    {
        bound = socket->Bind(m_local);
    }
    else if (Inet6SocketAddress::IsMatchingType(m_remote))
    {
        bound = socket->Bind6();
    }
    else
    {
        bound = socket->Bind();
    }
    NS_ABORT_MSG_IF(bound != 0,
                    "TlsClient: cannot bind a socket (attribute Local '" << m_local << "')");
    Ptr<TlsConnection> connection = AddConnection(TlsRole::CLIENT, socket);
    connection->SetExchange(m_requestSize, m_responseSize);
    connection->SetHandshakeTimeout(m_handshakeTimeout);
    connection->Connect(m_remote);
}

void
TlsClient::ConnectionEnded(Ptr<TlsConnection> /* connection */)
{
    if (m_running && (m_connections == 0 || m_opened < m_connections))
    {
        m_nextEvent = Simulator::Schedule(m_interval, &TlsClient::OpenConnection, this);
    }
}

} // namespace ns3
