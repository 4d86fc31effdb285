/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-application.h"

#include "tls-socket-factory.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/pointer.h"

#include <algorithm>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsApplication");

NS_OBJECT_ENSURE_REGISTERED(TlsApplication);

TypeId
TlsApplication::GetTypeId()
{
    static TypeId tid = TlsSocket::Traces::AddTo(
        TypeId("ns3::TlsApplication")
            .SetParent<Application>()
            .SetGroupName("Tls")
            .AddAttribute("Context",
                          "The TLS configuration shared by this application's connections "
                          "(created with default attributes if not set).",
                          PointerValue(),
                          MakePointerAccessor(&TlsApplication::m_context),
                          MakePointerChecker<TlsContext>())
            .AddAttribute(
                "TcpFastPath",
                "Make this node's TCP sockets by copying a template socket and "
                "find their segments through a hash table (ProfiledTcpL4Protocol), instead "
                "of ns-3's attribute construction per socket and its scan of every "
                "endpoint of the node per segment. Same results, faster; false "
                "uses ns-3's own paths. Set TCP attribute defaults before the "
                "node's first TLS application starts, and do not share a "
                "TlsServer's port with other sockets of its node.",
                BooleanValue(true),
                MakeBooleanAccessor(&TlsApplication::m_tcpFastPath),
                MakeBooleanChecker()),
        &TlsApplication::m_traces);
    return tid;
}

TlsApplication::TlsApplication()
    : m_tcpFastPath(true),
      m_started(0),
      m_completed(0),
      m_ok(0),
      m_failed(0),
      m_open(0),
      m_listening(false)
{
    NS_LOG_FUNCTION(this);
    m_socketFactory.SetTypeId(TlsSocket::GetTypeId());
    m_onStarted = MakeCallback(&TlsApplication::OnStarted, this);
    m_onCompleted = MakeCallback(&TlsApplication::OnCompleted, this);
    m_onClosed = MakeCallback(&TlsApplication::OnClosed, this);
    m_onSession = MakeCallback(&TlsApplication::OnSession, this);
}

TlsApplication::~TlsApplication()
{
    NS_LOG_FUNCTION(this);
}

void
TlsApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
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
    return m_open;
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

uint8_t
TlsApplication::PatternByte(uint64_t offset)
{
    return TlsExchangeHeader::PatternByte(offset);
}

void
TlsApplication::SendPattern(Ptr<Socket> socket,
                            uint64_t* given,
                            uint64_t total,
                            const TlsExchangeHeader* header)
{
    uint8_t head[TlsExchangeHeader::SIZE];
    if (header && *given < TlsExchangeHeader::SIZE)
    {
        Ptr<Packet> bytes = Create<Packet>();
        bytes->AddHeader(*header);
        bytes->CopyData(head, TlsExchangeHeader::SIZE);
    }
    std::vector<uint8_t> buffer;
    while (*given < total)
    {
        uint32_t room = socket->GetTxAvailable();
        if (room == 0)
        {
            return; // the send callback goes on
        }
        uint64_t n = std::min<uint64_t>(room, total - *given);
        buffer.resize(n);
        for (uint64_t i = 0; i < n; ++i)
        {
            uint64_t offset = *given + i;
            buffer[i] =
                header && offset < TlsExchangeHeader::SIZE ? head[offset] : PatternByte(offset);
        }
        *given += n;
        if (socket->Send(Create<Packet>(buffer.data(), static_cast<uint32_t>(n))) < 0)
        {
            return;
        }
    }
}

Ptr<TlsSocket>
TlsApplication::CreateSocket()
{
    return TlsSocketFactory::MakeSocket(GetNode(), GetContext(), m_tcpFastPath, m_socketFactory);
}

void
TlsApplication::Track(Ptr<TlsSocket> socket)
{
    if (socket->GetState() == TlsSocket::LISTENING)
    {
        m_listening = true;
    }
    else
    {
        ++m_open;
    }
    TlsSocket::Traces& traces = socket->GetTraces();
    traces.handshakeStarted.ConnectWithoutContext(m_onStarted);
    traces.handshakeCompleted.ConnectWithoutContext(m_onCompleted);
    traces.closed.ConnectWithoutContext(m_onClosed);
    traces.session.ConnectWithoutContext(m_onSession);
    // The events the application only passes on: forwarded when someone listens.
    TlsSocket::Traces& mine = m_traces;
    auto forward = [](auto& from, auto& to) {
        using TC = typename std::remove_reference<decltype(to)>::type;
        if (!to.IsEmpty())
        {
            from.ConnectWithoutContext(MakeCallback(&TC::operator(), &to));
        }
    };
    forward(traces.record, mine.record);
    forward(traces.message, mine.message);
    forward(traces.ccs, mine.ccs);
    forward(traces.alert, mine.alert);
    forward(traces.tx, mine.tx);
    forward(traces.rx, mine.rx);
}

void
TlsApplication::OnStarted(uint64_t id)
{
    ++m_started;
    if (m_listening)
    {
        ++m_open;
    }
    m_traces.handshakeStarted(id);
}

void
TlsApplication::OnCompleted(uint64_t id, const TlsConnectionRecord& record)
{
    ++m_completed;
    m_traces.handshakeCompleted(id, record);
}

void
TlsApplication::OnSession(uint64_t id, Ptr<TlsSession> session)
{
    m_traces.session(id, session);
    SessionReceived(id, session);
}

void
TlsApplication::OnClosed(uint64_t id, const TlsConnectionRecord& record)
{
    --m_open;
    if (record.outcome == TlsOutcome::OK)
    {
        ++m_ok;
    }
    else
    {
        ++m_failed;
    }
    uint64_t corrupt = GetCorruptBytes(id);
    if (corrupt == 0)
    {
        m_traces.closed(id, record);
    }
    else
    {
        TlsConnectionRecord withCorrupt = record;
        withCorrupt.appBytesCorrupt = corrupt;
        m_traces.closed(id, withCorrupt);
    }
    ConnectionEnded(id, record);
}

void
TlsApplication::ConnectionEnded(uint64_t /* id */, const TlsConnectionRecord& /* record */)
{
}

void
TlsApplication::SessionReceived(uint64_t /* id */, Ptr<TlsSession> /* session */)
{
}

uint64_t
TlsApplication::GetCorruptBytes(uint64_t /* id */) const
{
    return 0;
}

} // namespace ns3
