/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-server.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/log.h"
#include "ns3/socket.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsServer");

NS_OBJECT_ENSURE_REGISTERED(TlsServer);

TypeId
TlsServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TlsServer")
            .SetParent<TlsApplication>()
            .SetGroupName("Tls")
            .AddConstructor<TlsServer>()
            .AddAttribute("Local",
                          "The address and port to listen on (InetSocketAddress or "
                          "Inet6SocketAddress).",
                          AddressValue(),
                          MakeAddressAccessor(&TlsServer::m_local),
                          MakeAddressChecker())
            .AddAttribute("HandshakeTimeout",
                          "A connection whose handshake is not complete this long after it was "
                          "accepted is closed with a timeout record; 0 = no timeout.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&TlsServer::m_handshakeTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("MaxConnections",
                          "Refuse new connections while this many are open; 0 = no limit.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsServer::m_maxConnections),
                          MakeUintegerChecker<uint32_t>());
    return tid;
}

TlsServer::TlsServer()
    : m_maxConnections(0),
      m_accepted(0)
{
    NS_LOG_FUNCTION(this);
}

TlsServer::~TlsServer()
{
    NS_LOG_FUNCTION(this);
}

void
TlsServer::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_listener = nullptr;
    TlsApplication::DoDispose();
}

uint64_t
TlsServer::GetAccepted() const
{
    return m_accepted;
}

void
TlsServer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(!InetSocketAddress::IsMatchingType(m_local) &&
                        !Inet6SocketAddress::IsMatchingType(m_local),
                    "TlsServer: attribute Local must be an InetSocketAddress or "
                    "Inet6SocketAddress, got '"
                        << m_local << "'");
    std::string error = GetContext()->Configure(TlsRole::SERVER);
    NS_ABORT_MSG_IF(!error.empty(), error);
    if (!m_listener)
    {
        m_listener = CreateTcpSocket();
        NS_ABORT_MSG_IF(m_listener->Bind(m_local) != 0,
                        "TlsServer: cannot bind to attribute Local '" << m_local << "'");
        m_listener->Listen();
    }
    m_listener->SetAcceptCallback(MakeCallback(&TlsServer::HandleConnectionRequest, this),
                                  MakeCallback(&TlsServer::HandleAccept, this));
}

void
TlsServer::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_listener)
    {
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeNullCallback<void, Ptr<Socket>, const Address&>());
        m_listener->Close();
        m_listener = nullptr;
    }
    AbortAll("application stopped");
}

bool
TlsServer::HandleConnectionRequest(Ptr<Socket> /* socket */, const Address& from)
{
    NS_LOG_FUNCTION(this << from);
    return m_maxConnections == 0 || GetOpenConnections() < m_maxConnections;
}

void
TlsServer::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    NS_LOG_FUNCTION(this << socket << from);
    ++m_accepted;
    Ptr<TlsConnection> connection = AddConnection(TlsRole::SERVER, socket);
    connection->SetHandshakeTimeout(m_handshakeTimeout);
    connection->Accepted(from);
}

} // namespace ns3
