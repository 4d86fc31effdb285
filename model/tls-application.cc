/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-application.h"

#include "tls-tcp-socket.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsApplication");

NS_OBJECT_ENSURE_REGISTERED(TlsApplication);

TypeId
TlsApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TlsApplication")
            .SetParent<Application>()
            .SetGroupName("Tls")
            .AddAttribute("Context",
                          "The TLS configuration shared by this application's connections "
                          "(created with default attributes if not set).",
                          PointerValue(),
                          MakePointerAccessor(&TlsApplication::m_context),
                          MakePointerChecker<TlsContext>())
            .AddAttribute("TcpFastPath",
                          "Make this node's TCP sockets by copying a template socket and "
                          "find their segments through a hash table (TlsTcpDemux), instead "
                          "of ns-3's attribute construction per socket and its scan of every "
                          "endpoint of the node per segment. Same results, faster; false "
                          "uses ns-3's own paths. Set TCP attribute defaults before the "
                          "node's first TLS application starts, and do not share a "
                          "TlsServer's port with other sockets of its node.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TlsApplication::m_tcpFastPath),
                          MakeBooleanChecker())
            .AddTraceSource("HandshakeStarted",
                            "A handshake started (client: TCP connected; server: accepted).",
                            MakeTraceSourceAccessor(&TlsApplication::m_handshakeStartedTrace),
                            "ns3::TlsApplication::ConnectionTracedCallback")
            .AddTraceSource("Record",
                            "A TLS record was written or read (content type, length).",
                            MakeTraceSourceAccessor(&TlsApplication::m_recordTrace),
                            "ns3::TlsApplication::RecordTracedCallback")
            .AddTraceSource("HandshakeMessage",
                            "A handshake message or ChangeCipherSpec was written or read.",
                            MakeTraceSourceAccessor(&TlsApplication::m_messageTrace),
                            "ns3::TlsApplication::MessageTracedCallback")
            .AddTraceSource("ChangeCipherSpec",
                            "A ChangeCipherSpec was written or read.",
                            MakeTraceSourceAccessor(&TlsApplication::m_ccsTrace),
                            "ns3::TlsApplication::ChangeCipherSpecTracedCallback")
            .AddTraceSource("Alert",
                            "An alert was written or read (level, description).",
                            MakeTraceSourceAccessor(&TlsApplication::m_alertTrace),
                            "ns3::TlsApplication::AlertTracedCallback")
            .AddTraceSource("HandshakeCompleted",
                            "This side completed a handshake; the record has the negotiated "
                            "version, cipher and group.",
                            MakeTraceSourceAccessor(&TlsApplication::m_handshakeCompletedTrace),
                            "ns3::TlsApplication::RecordReportTracedCallback")
            .AddTraceSource("Tx",
                            "Application data written into the connection.",
                            MakeTraceSourceAccessor(&TlsApplication::m_txTrace),
                            "ns3::TlsApplication::DataTracedCallback")
            .AddTraceSource("Rx",
                            "Application data read from the connection.",
                            MakeTraceSourceAccessor(&TlsApplication::m_rxTrace),
                            "ns3::TlsApplication::DataTracedCallback")
            .AddTraceSource("ConnectionClosed",
                            "A connection ended; the record has its outcome and measurements.",
                            MakeTraceSourceAccessor(&TlsApplication::m_closedTrace),
                            "ns3::TlsApplication::RecordReportTracedCallback");
    return tid;
}

TlsApplication::TlsApplication()
    : m_tcpFastPath(true),
      m_started(0),
      m_completed(0),
      m_ok(0),
      m_failed(0)
{
    NS_LOG_FUNCTION(this);
}

TlsApplication::~TlsApplication()
{
    NS_LOG_FUNCTION(this);
}

void
TlsApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    auto connections = std::move(m_connections);
    m_connections.clear();
    for (auto& entry : connections)
    {
        entry.second->Dispose();
    }
    m_context = nullptr;
    Application::DoDispose();
}

void
TlsApplication::SetContext(Ptr<TlsContext> context)
{
    m_context = context;
}

Ptr<TlsContext>
TlsApplication::GetContext()
{
    if (!m_context)
    {
        m_context = CreateObject<TlsContext>();
    }
    return m_context;
}

uint32_t
TlsApplication::GetOpenConnections() const
{
    return static_cast<uint32_t>(m_connections.size());
}

uint64_t
TlsApplication::GetHandshakesStarted() const
{
    return m_started;
}

uint64_t
TlsApplication::GetHandshakesCompleted() const
{
    return m_completed;
}

uint64_t
TlsApplication::GetConnectionsOk() const
{
    return m_ok;
}

uint64_t
TlsApplication::GetConnectionsFailed() const
{
    return m_failed;
}

Ptr<TlsConnection>
TlsApplication::AddConnection(TlsRole role, Ptr<Socket> socket)
{
    Ptr<TlsConnection> connection = CreateObject<TlsConnection>();
    connection->Setup(this, role, socket, CreateEngine(role));
    m_connections[connection->GetId()] = connection;
    return connection;
}

Ptr<Socket>
TlsApplication::CreateTcpSocket()
{
    return TlsTcpSocket::Create(GetNode(), m_tcpFastPath);
}

Ptr<TlsEngine>
TlsApplication::CreateEngine(TlsRole role)
{
    return GetContext()->CreateEngine(role);
}

void
TlsApplication::AbortAll(const std::string& reason)
{
    // Aborting removes the connection from the map: iterate over a copy.
    auto connections = m_connections;
    for (auto& entry : connections)
    {
        entry.second->Abort(TlsOutcome::ERROR, reason);
    }
}

void
TlsApplication::ConnectionEstablished(Ptr<TlsConnection> /* connection */)
{
}

void
TlsApplication::ConnectionEnded(Ptr<TlsConnection> /* connection */)
{
}

void
TlsApplication::SessionReceived(Ptr<TlsConnection> /* connection */, Ptr<TlsSession> /* session */)
{
}

void
TlsApplication::NotifySession(TlsConnection* c, Ptr<TlsSession> session)
{
    SessionReceived(c, session);
}

void
TlsApplication::NotifyHandshakeStarted(TlsConnection* c)
{
    ++m_started;
    m_handshakeStartedTrace(c->GetId());
}

void
TlsApplication::NotifyHandshakeCompleted(TlsConnection* c)
{
    ++m_completed;
    m_handshakeCompletedTrace(c->GetId(), c->GetRecord());
    ConnectionEstablished(c);
}

void
TlsApplication::NotifyEnded(TlsConnection* c)
{
    Ptr<TlsConnection> connection = c;
    if (c->GetRecord().outcome == TlsOutcome::OK)
    {
        ++m_ok;
    }
    else
    {
        ++m_failed;
    }
    m_closedTrace(c->GetId(), c->GetRecord());
    m_connections.erase(c->GetId());
    ConnectionEnded(connection);
    // Break the reference cycle with the socket and engine once the stack unwinds.
    Simulator::ScheduleNow(&TlsConnection::Dispose, connection);
}

} // namespace ns3
