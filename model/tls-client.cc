/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-client.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/tls-exchange-header.h"
#include "ns3/tls-garbage-engine.h"
#include "ns3/tls-ns3-compat.h"
#include "ns3/uinteger.h"

#include <algorithm>

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
                          "Number of connections (handshakes) to run one after another from "
                          "the start; 0 = none (connections are opened by StartConnection).",
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
            .AddAttribute("Resume",
                          "When to resume a stored session: never, always (when one is "
                          "stored) or probability (ResumeProbability).",
                          EnumValue(RESUME_NEVER),
                          tls_compat::MakeEnumAccessor<TlsClient::Resume>(&TlsClient::m_resume),
                          tls_compat::MakeEnumChecker(RESUME_NEVER,
                                                      "never",
                                                      RESUME_ALWAYS,
                                                      "always",
                                                      RESUME_PROBABILITY,
                                                      "probability"))
            .AddAttribute("ResumeProbability",
                          "With Resume=probability: the probability that a connection resumes "
                          "when a session is stored.",
                          DoubleValue(0.5),
                          MakeDoubleAccessor(&TlsClient::m_resumeProbability),
                          MakeDoubleChecker<double>(0, 1))
            .AddAttribute("MaxSessions",
                          "Sessions and tickets the client keeps (the oldest is dropped).",
                          UintegerValue(4),
                          MakeUintegerAccessor(&TlsClient::m_maxSessions),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("EarlyData",
                          "TLS 1.3 0-RTT: request bytes sent as early data with the ClientHello "
                          "when resuming with a ticket that allows it (at most the ticket's "
                          "limit); rejected early data is sent again after the handshake.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsClient::m_earlyData),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute(
                "ServerSelection",
                "With several servers (AddRemote): round-robin or random.",
                EnumValue(ROUND_ROBIN),
                tls_compat::MakeEnumAccessor<TlsClient::ServerSelection>(&TlsClient::m_selection),
                tls_compat::MakeEnumChecker(ROUND_ROBIN, "round-robin", RANDOM, "random"))
            .AddAttribute("SendGarbage",
                          "Misbehave: send a handshake record of 64 random bytes (whose message "
                          "type is not ClientHello) instead of a ClientHello; the server's answer "
                          "is recorded.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TlsClient::m_sendGarbage),
                          MakeBooleanChecker())
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
      m_running(false),
      m_resume(RESUME_NEVER),
      m_resumeProbability(0.5),
      m_maxSessions(4),
      m_earlyData(0),
      m_selection(ROUND_ROBIN),
      m_nextRemote(0),
      m_sendGarbage(false)
{
    NS_LOG_FUNCTION(this);
    m_rng = CreateObject<UniformRandomVariable>();
    m_connectedCb = MakeCallback(&TlsClient::HandleConnected, this);
    m_connectFailedCb = MakeCallback(&TlsClient::HandleConnectFailed, this);
    m_readCb = MakeCallback(&TlsClient::HandleRead, this);
    m_sendCb = MakeCallback(&TlsClient::HandleSend, this);
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
    m_sessions = nullptr;
    m_exchanges.clear();
    m_rng = nullptr;
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
TlsClient::AddRemote(const Address& remote)
{
    m_remotes.push_back(remote);
}

uint32_t
TlsClient::GetStoredSessions() const
{
    return m_sessions ? m_sessions->GetSize(Address()) : 0;
}

int64_t
TlsClient::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

Ptr<TlsEngine>
TlsClient::MakeGarbageEngine()
{
    // A handshake record header, then 64 random bytes where a ClientHello belongs.
    std::vector<uint8_t> garbage = {0x16, 0x03, 0x01, 0x00, 0x40};
    for (int i = 0; i < 64; ++i)
    {
        garbage.push_back(static_cast<uint8_t>(m_rng->GetInteger(0, 255)));
    }
    // Never a well-formed start: the message type is not ClientHello.
    if (garbage[5] == 1)
    {
        garbage[5] = 0xff;
    }
    return CreateObject<TlsGarbageEngine>(garbage);
}

void
TlsClient::SessionReceived(uint64_t /* id */, Ptr<TlsSession> session)
{
    if (!m_sessions)
    {
        m_sessions = Create<TlsSessionStore>(m_maxSessions);
    }
    m_sessions->Put(Address(), session); // one store for all servers of a farm
}

void
TlsClient::StartApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_remotes.empty())
    {
        NS_ABORT_MSG_IF(!InetSocketAddress::IsMatchingType(m_remote) &&
                            !Inet6SocketAddress::IsMatchingType(m_remote),
                        "TlsClient: attribute Remote must be an InetSocketAddress or "
                        "Inet6SocketAddress, got '"
                            << m_remote << "'");
    }
    NS_ABORT_MSG_IF(m_requestSize != 0 && m_requestSize < 8,
                    "TlsClient: attribute RequestSize has invalid value '"
                        << m_requestSize << "' (expected 0 or at least 8)");
    std::string error = GetContext()->Configure(TlsRole::CLIENT);
    NS_ABORT_MSG_IF(!error.empty(), error);
    m_running = true;
    if (m_connections > 0)
    {
        OpenConnection();
    }
}

void
TlsClient::StartConnection()
{
    OpenConnection();
}

void
TlsClient::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    m_nextEvent.Cancel();
    // Aborting ends the connection and removes it from the map: iterate over a copy.
    std::vector<Ptr<TlsSocket>> sockets;
    for (auto& entry : m_exchanges)
    {
        sockets.push_back(entry.second.socket);
    }
    for (auto& socket : sockets)
    {
        socket->Abort("application stopped");
    }
}

void
TlsClient::OpenConnection()
{
    NS_LOG_FUNCTION(this);
    if (!m_running)
    {
        return;
    }
    ++m_opened;
    Address remote = m_remote;
    if (!m_remotes.empty())
    {
        uint32_t index = m_selection == RANDOM
                             ? m_rng->GetInteger(0, static_cast<uint32_t>(m_remotes.size()) - 1)
                             : m_nextRemote++ % m_remotes.size();
        remote = m_remotes[index];
    }
    Ptr<TlsSession> session;
    if (m_sessions && m_sessions->Has(Address()) && m_resume != RESUME_NEVER)
    {
        bool resume = m_resume == RESUME_ALWAYS || m_rng->GetValue() < m_resumeProbability;
        if (resume)
        {
            session = m_sessions->Take(Address());
        }
    }
    Ptr<TlsSocket> socket = CreateSocket();
    int bound;
    if (!m_local.IsInvalid())
    {
        bound = socket->Bind(m_local);
    }
    else if (Inet6SocketAddress::IsMatchingType(remote))
    {
        bound = socket->Bind6();
    }
    else
    {
        bound = socket->Bind();
    }
    // An explicit Local that cannot be bound is a configuration error; no free
    // ephemeral port is not: Connect fails, and the attempt ends connection-failed.
    NS_ABORT_MSG_IF(bound != 0 && !m_local.IsInvalid(),
                    "TlsClient: cannot bind a socket (attribute Local '" << m_local << "')");
    if (m_sendGarbage)
    {
        socket->SetEngine(MakeGarbageEngine());
    }
    socket->SetHandshakeTimeout(m_handshakeTimeout);
    if (session)
    {
        socket->SetSession(session);
        socket->SetEarlyData(m_earlyData);
    }
    socket->SetConnectCallback(m_connectedCb, m_connectFailedCb);
    socket->SetRecvCallback(m_readCb);
    socket->SetSendCallback(m_sendCb);
    Track(socket);
    uint64_t id = TlsRecorder::GetNextId(); // the id Connect gives the connection
    Exchange& exchange = m_exchanges[id];
    exchange.socket = socket;
    if (socket->Connect(remote) == 0 && m_requestSize > 0)
    {
        SendRequest(exchange); // buffered until the handshake completes (or sent as 0-RTT)
    }
}

TlsClient::Exchange*
TlsClient::Find(Ptr<Socket> socket)
{
    Ptr<TlsSocket> tls = DynamicCast<TlsSocket>(socket);
    auto it = tls ? m_exchanges.find(tls->GetId()) : m_exchanges.end();
    return it == m_exchanges.end() ? nullptr : &it->second;
}

void
TlsClient::SendRequest(Exchange& exchange)
{
    TlsExchangeHeader header;
    header.SetRequestSize(m_requestSize);
    header.SetResponseSize(m_responseSize);
    SendPattern(exchange.socket, &exchange.txGiven, m_requestSize, &header);
}

void
TlsClient::HandleConnected(Ptr<Socket> socket)
{
    Exchange* exchange = Find(socket);
    if (!exchange)
    {
        return;
    }
    MaybeClose(*exchange);
}

void
TlsClient::MaybeClose(Exchange& exchange)
{
    uint64_t expected = m_requestSize == 0 ? 0 : m_responseSize;
    if (exchange.txGiven == m_requestSize && exchange.rxReceived >= expected)
    {
        exchange.socket->Close(); // after the buffered request, if any
    }
}

void
TlsClient::HandleConnectFailed(Ptr<Socket> /* socket */)
{
    // The ConnectionClosed trace has the record; ConnectionEnded moves on.
}

void
TlsClient::HandleSend(Ptr<Socket> socket, uint32_t /* available */)
{
    Exchange* exchange = Find(socket);
    if (exchange && exchange->txGiven < m_requestSize)
    {
        SendRequest(*exchange);
        if (exchange->txGiven == m_requestSize &&
            exchange->socket->GetState() == TlsSocket::ESTABLISHED)
        {
            MaybeClose(*exchange);
        }
    }
}

void
TlsClient::HandleRead(Ptr<Socket> socket)
{
    Exchange* exchange = Find(socket);
    Ptr<Packet> packet;
    std::vector<uint8_t> buffer;
    while ((packet = socket->Recv()))
    {
        if (!exchange)
        {
            continue;
        }
        uint32_t size = packet->GetSize();
        buffer.resize(size);
        packet->CopyData(buffer.data(), size);
        for (uint32_t i = 0; i < size; ++i)
        {
            exchange->corrupt += buffer[i] != PatternByte(exchange->rxReceived + i);
        }
        exchange->rxReceived += size;
    }
    if (exchange && exchange->socket->GetState() == TlsSocket::ESTABLISHED)
    {
        MaybeClose(*exchange);
    }
}

uint64_t
TlsClient::GetCorruptBytes(uint64_t id) const
{
    auto it = m_exchanges.find(id);
    return it == m_exchanges.end() ? 0 : it->second.corrupt;
}

void
TlsClient::ConnectionEnded(uint64_t id, const TlsConnectionRecord& /* record */)
{
    m_exchanges.erase(id);
    if (m_running && m_opened < m_connections)
    {
        m_nextEvent = Simulator::Schedule(m_interval, &TlsClient::OpenConnection, this);
    }
}

} // namespace ns3
