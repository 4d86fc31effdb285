/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-connection.h"

#include "tls-application.h"
#include "tls-tcp-socket.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-socket-base.h"
#include "ns3/tls-cpu.h"

#include <algorithm>
#include <ctime>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsConnection");

NS_OBJECT_ENSURE_REGISTERED(TlsConnection);

namespace
{

/// Largest piece moved between socket and engine in one call.
const size_t CHUNK = 16384;
/// Application data is written into the engine while its output is below this.
const size_t ENGINE_HIGH_WATER = 2 * CHUNK;
/// Size of the request header.
const uint32_t HEADER_SIZE = 8;
/// Next connection id.
uint64_t g_nextConnectionId = 1;

/**
 * \return this thread's CPU time in seconds
 */
double
ThreadCpuSeconds()
{
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/**
 * The TLS 1.3 flight a message belongs to (1: ClientHello, 2: the server's
 * flight, 3: the client's second flight).
 * \param msg the message
 * \param fromClient who sent it
 * \return the flight, or 0 for post-handshake messages
 */
int
Tls13Flight(TlsMessage msg, bool fromClient)
{
    if (msg == TlsMessage::NEW_SESSION_TICKET || msg == TlsMessage::KEY_UPDATE)
    {
        return 0;
    }
    if (!fromClient)
    {
        return 2;
    }
    return msg == TlsMessage::CLIENT_HELLO ? 1 : 3;
}

/**
 * \return a scratch buffer shared by all connections (the simulator is single threaded)
 */
std::vector<uint8_t>&
Scratch()
{
    static std::vector<uint8_t> buffer(CHUNK);
    return buffer;
}

/**
 * \param p where to write
 * \param v the value, written big endian
 */
void
PutU32(uint8_t* p, uint32_t v)
{
    p[0] = static_cast<uint8_t>(v >> 24);
    p[1] = static_cast<uint8_t>(v >> 16);
    p[2] = static_cast<uint8_t>(v >> 8);
    p[3] = static_cast<uint8_t>(v);
}

/**
 * \param p where to read
 * \return the big endian value
 */
uint32_t
GetU32(const uint8_t* p)
{
    return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 |
           static_cast<uint32_t>(p[2]) << 8 | p[3];
}

} // namespace

std::string
TlsOutcomeName(TlsOutcome outcome)
{
    switch (outcome)
    {
    case TlsOutcome::PENDING:
        return "pending";
    case TlsOutcome::OK:
        return "ok";
    case TlsOutcome::ALERT:
        return "alert";
    case TlsOutcome::TIMEOUT:
        return "timeout";
    case TlsOutcome::CONNECTION_FAILED:
        return "connection-failed";
    case TlsOutcome::ERROR:
        return "error";
    }
    return "unknown";
}

bool
TlsConnectionRecord::HandshakeCompleted() const
{
    return !handshakeDone.IsStrictlyNegative();
}

Time
TlsConnectionRecord::GetHandshakeLatency() const
{
    if (handshakeDone.IsStrictlyNegative() || start.IsStrictlyNegative())
    {
        return Seconds(-1);
    }
    return handshakeDone - start;
}

TypeId
TlsConnection::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TlsConnection").SetParent<Object>().SetGroupName("Tls");
    return tid;
}

TlsConnection::TlsConnection()
    : m_owner(nullptr),
      m_role(TlsRole::CLIENT),
      m_handshakeTimeout(Seconds(0)),
      m_requestSize(0),
      m_responseSize(0),
      m_txTotal(0),
      m_txOffset(0),
      m_rxExpected(0),
      m_header{},
      m_headerKnown(false),
      m_closeNotifySent(false),
      m_finished(false),
      m_fatalAlert(false),
      m_earlyData(0),
      m_cpuReadyAt(Seconds(0)),
      m_chainDepth(1),
      m_synSent(false)
{
    m_flightEnd.fill(Time(-1));
    NS_LOG_FUNCTION(this);
    m_record.id = g_nextConnectionId++;
}

TlsConnection::~TlsConnection()
{
    NS_LOG_FUNCTION(this);
}

void
TlsConnection::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_timeoutEvent.Cancel();
    ReleaseSocket(false);
    m_cpuEvent.Cancel();
    m_cpu = nullptr;
    if (m_engine)
    {
        m_engine->SetObserver(nullptr);
        m_engine = nullptr;
    }
    m_owner = nullptr;
    Object::DoDispose();
}

void
TlsConnection::ReleaseSocket(bool close)
{
    if (!m_socket)
    {
        return;
    }
    m_socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                 MakeNullCallback<void, Ptr<Socket>>());
    m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    m_socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                MakeNullCallback<void, Ptr<Socket>>());
    Ptr<TlsTcpSocket> tcpSocket = DynamicCast<TlsTcpSocket>(m_socket);
    if (tcpSocket)
    {
        tcpSocket->DisconnectSegmentTraces(MakeCallback(&TlsConnection::OnTcpTx, this),
                                           MakeCallback(&TlsConnection::OnTcpRx, this));
    }
    else
    {
        m_socket->TraceDisconnectWithoutContext("Tx", MakeCallback(&TlsConnection::OnTcpTx, this));
        m_socket->TraceDisconnectWithoutContext("Rx", MakeCallback(&TlsConnection::OnTcpRx, this));
    }
    if (close)
    {
        m_socket->Close(); // TCP finishes the close on its own; the socket is released then
    }
    m_socket = nullptr;
}

uint64_t
TlsConnection::GetNextId()
{
    return g_nextConnectionId;
}

uint8_t
TlsConnection::PatternByte(uint64_t offset)
{
    return static_cast<uint8_t>((offset * 131 + 17) ^ (offset >> 8));
}

void
TlsConnection::Setup(TlsApplication* owner, TlsRole role, Ptr<Socket> socket, Ptr<TlsEngine> engine)
{
    NS_LOG_FUNCTION(this << owner << socket);
    m_owner = owner;
    m_role = role;
    m_record.role = role;
    m_socket = socket;
    m_engine = engine;
    m_engine->SetObserver(this);
    m_socket->SetRecvCallback(MakeCallback(&TlsConnection::HandleRead, this));
    m_socket->SetSendCallback(MakeCallback(&TlsConnection::HandleSend, this));
    m_socket->SetCloseCallbacks(MakeCallback(&TlsConnection::HandlePeerClose, this),
                                MakeCallback(&TlsConnection::HandleError, this));
    // A TlsTcpSocket offers its segment traces directly; others by name.
    Ptr<TlsTcpSocket> tcpSocket = DynamicCast<TlsTcpSocket>(m_socket);
    if (tcpSocket)
    {
        tcpSocket->ConnectSegmentTraces(MakeCallback(&TlsConnection::OnTcpTx, this),
                                        MakeCallback(&TlsConnection::OnTcpRx, this));
    }
    else
    {
        m_socket->TraceConnectWithoutContext("Tx", MakeCallback(&TlsConnection::OnTcpTx, this));
        m_socket->TraceConnectWithoutContext("Rx", MakeCallback(&TlsConnection::OnTcpRx, this));
    }
    m_cpu = m_socket->GetNode()->GetObject<TlsCpu>();
    if (m_cpu)
    {
        m_keyType = m_owner->GetContext()->GetKeyType();
        m_chainDepth = m_owner->GetContext()->GetChainDepth();
    }
}

void
TlsConnection::SetExchange(uint32_t requestSize, uint32_t responseSize)
{
    NS_ABORT_MSG_IF(requestSize != 0 && requestSize < HEADER_SIZE,
                    "TlsClient: attribute RequestSize has invalid value '"
                        << requestSize << "' (expected 0 or at least " << HEADER_SIZE << ")");
    m_requestSize = requestSize;
    m_responseSize = requestSize == 0 ? 0 : responseSize;
    m_txTotal = m_requestSize;
    m_rxExpected = m_responseSize;
}

void
TlsConnection::SetResumption(Ptr<TlsSession> session, uint32_t earlyData)
{
    if (!session)
    {
        return;
    }
    m_engine->SetSession(session);
    m_record.resumptionOffered = true;
    m_earlyData = earlyData;
}

void
TlsConnection::SetHandshakeTimeout(Time timeout)
{
    m_handshakeTimeout = timeout;
}

uint64_t
TlsConnection::GetId() const
{
    return m_record.id;
}

const TlsConnectionRecord&
TlsConnection::GetRecord() const
{
    return m_record;
}

Ptr<TlsEngine>
TlsConnection::GetEngine() const
{
    return m_engine;
}

bool
TlsConnection::IsFinished() const
{
    return m_finished;
}

void
TlsConnection::Connect(const Address& remote)
{
    NS_LOG_FUNCTION(this << remote);
    m_record.peer = remote;
    m_record.start = Simulator::Now();
    if (m_handshakeTimeout.IsStrictlyPositive())
    {
        m_timeoutEvent =
            Simulator::Schedule(m_handshakeTimeout, &TlsConnection::HandshakeTimeout, this);
    }
    m_socket->SetConnectCallback(MakeCallback(&TlsConnection::ConnectionSucceeded, this),
                                 MakeCallback(&TlsConnection::ConnectionFailed, this));
    if (m_socket->Connect(remote) != 0)
    {
        Finish(TlsOutcome::CONNECTION_FAILED, "Socket::Connect failed");
    }
}

void
TlsConnection::Accepted(const Address& from)
{
    NS_LOG_FUNCTION(this << from);
    m_record.peer = from;
    m_record.start = Simulator::Now();
    m_record.tcpConnected = Simulator::Now();
    if (m_handshakeTimeout.IsStrictlyPositive())
    {
        m_timeoutEvent =
            Simulator::Schedule(m_handshakeTimeout, &TlsConnection::HandshakeTimeout, this);
    }
    StartHandshake();
}

void
TlsConnection::ConnectionSucceeded(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    m_record.tcpConnected = Simulator::Now();
    socket->GetSockName(m_record.local);
    StartHandshake();
}

void
TlsConnection::ConnectionFailed(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Finish(TlsOutcome::CONNECTION_FAILED, "TCP connection failed");
}

void
TlsConnection::StartHandshake()
{
    Ptr<TlsConnection> self = this;
    m_owner->NotifyHandshakeStarted(this);
    if (m_role == TlsRole::CLIENT && m_earlyData > 0 && m_txTotal > 0)
    {
        std::vector<uint8_t> early(std::min<uint64_t>(m_earlyData, m_txTotal));
        FillApplicationData(early.data(), 0, early.size());
        size_t n = m_engine->SetEarlyData(early.data(), early.size());
        if (n > 0)
        {
            m_record.earlyDataBytes = static_cast<uint32_t>(n);
            m_txOffset = n;
            m_record.appBytesSent = n;
            if (!m_owner->m_txTrace.IsEmpty())
            {
                m_owner->m_txTrace(GetId(), Create<const Packet>(early.data(), n));
            }
        }
    }
    double before = m_cpu ? ThreadCpuSeconds() : 0;
    m_engine->Start();
    if (m_cpu && ChargeCpu(ThreadCpuSeconds() - before))
    {
        return;
    }
    Advance();
}

void
TlsConnection::HandleRead(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Ptr<TlsConnection> self = this; // the owner may drop its reference while we run
    std::vector<uint8_t>& buffer = Scratch();
    Ptr<Packet> packet;
    while (!m_finished && (packet = socket->Recv()))
    {
        uint32_t size = packet->GetSize();
        if (size == 0)
        {
            break;
        }
        m_record.tcpBytesReceived += size;
        if (buffer.size() < size)
        {
            buffer.resize(size);
        }
        packet->CopyData(buffer.data(), size);
        double before = m_cpu ? ThreadCpuSeconds() : 0;
        m_engine->Input(buffer.data(), size);
        if (m_cpu && ChargeCpu(ThreadCpuSeconds() - before))
        {
            continue; // CpuDone advances
        }
        Advance();
    }
}

bool
TlsConnection::ChargeCpu(double measured)
{
    if (m_stepMessages.empty())
    {
        return Simulator::Now() < m_cpuReadyAt;
    }
    TlsCpuStep step;
    step.role = m_role;
    TlsHandshakeInfo info = m_engine->GetHandshakeInfo();
    if (info.version == "1.2" || info.version == "1.3")
    {
        step.version = info.version;
    }
    step.messages.swap(m_stepMessages);
    step.keyType = m_keyType;
    step.group = info.group;
    step.chainDepth = m_chainDepth;
    step.rsaKeyTransport = info.cipher.rfind("TLS_RSA_WITH", 0) == 0;
    step.resumed = info.resumed;
    step.measuredSeconds = measured;
    Time ready = std::max(m_cpu->Submit(step), m_cpuReadyAt);
    if (ready <= Simulator::Now())
    {
        return false;
    }
    m_record.cpuDelay += ready - std::max(Simulator::Now(), m_cpuReadyAt);
    m_cpuReadyAt = ready;
    m_cpuEvent.Cancel();
    m_cpuEvent = Simulator::Schedule(ready - Simulator::Now(), &TlsConnection::CpuDone, this);
    return true;
}

void
TlsConnection::CpuDone()
{
    Ptr<TlsConnection> self = this;
    Advance();
}

void
TlsConnection::OnTcpTx(Ptr<const Packet> packet,
                       const TcpHeader& header,
                       Ptr<const TcpSocketBase> /* socket */)
{
    ++m_record.packetsSent;
    bool syn = header.GetFlags() & TcpHeader::SYN;
    if (syn)
    {
        m_record.retransmissions += m_synSent;
        m_synSent = true;
    }
    else if (packet->GetSize() > 0)
    {
        SequenceNumber32 end = header.GetSequenceNumber() + packet->GetSize();
        if (m_record.packetsSent > 1 && end <= m_highestTx)
        {
            ++m_record.retransmissions;
        }
        else
        {
            m_highestTx = end;
        }
    }
}

void
TlsConnection::OnTcpRx(Ptr<const Packet> /* packet */,
                       const TcpHeader& /* header */,
                       Ptr<const TcpSocketBase> /* socket */)
{
    ++m_record.packetsReceived;
}

void
TlsConnection::HandleSend(Ptr<Socket> /* socket */, uint32_t /* available */)
{
    Ptr<TlsConnection> self = this;
    if (m_finished)
    {
        return;
    }
    Flush();
    PumpApplicationData();
}

void
TlsConnection::Advance()
{
    if (m_finished)
    {
        return;
    }
    if (m_engine->GetState() == TlsEngine::ESTABLISHED && !m_record.HandshakeCompleted())
    {
        m_record.handshakeDone = Simulator::Now();
        m_record.info = m_engine->GetHandshakeInfo();
        m_timeoutEvent.Cancel();
        if (m_record.info.version == "1.3")
        {
            m_record.phaseEnd = m_flightEnd;
        }
        if (m_record.info.earlyData == "rejected" && m_record.earlyDataBytes > 0)
        {
            // The server did not take the 0-RTT data: send it again.
            m_txOffset = 0;
            m_record.appBytesSent = 0;
        }
        NS_LOG_INFO("connection " << GetId() << " handshake complete, " << m_record.info.version
                                  << " " << m_record.info.cipher);
        Flush(); // the client's Finished leaves before any application data
        m_owner->NotifyHandshakeCompleted(this);
        if (m_finished)
        {
            return;
        }
        if (m_role == TlsRole::CLIENT && m_txTotal == 0)
        {
            BeginClose();
        }
        PumpApplicationData();
    }
    ReadApplicationData();
    if (m_finished)
    {
        return;
    }
    switch (m_engine->GetState())
    {
    case TlsEngine::FAILED:
        Flush(); // the alert OpenSSL queued
        Finish(m_fatalAlert ? TlsOutcome::ALERT : TlsOutcome::ERROR, m_engine->GetError());
        return;
    case TlsEngine::CLOSED:
        // The peer sent close_notify.
        if (!m_closeNotifySent)
        {
            m_engine->Shutdown();
            m_closeNotifySent = true;
        }
        Flush();
        if (m_role == TlsRole::CLIENT)
        {
            Finish(TlsOutcome::OK, "");
        }
        // A server waits for the client's FIN (HandlePeerClose).
        return;
    default:
        break;
    }
    Flush();
}

void
TlsConnection::ReadApplicationData()
{
    std::vector<uint8_t>& buffer = Scratch();
    while (!m_finished && (m_engine->GetState() == TlsEngine::ESTABLISHED ||
                           m_engine->GetState() == TlsEngine::HANDSHAKING))
    {
        size_t got = m_engine->Read(buffer.data(), buffer.size());
        if (got == 0)
        {
            break;
        }
        if (!m_owner->m_rxTrace.IsEmpty())
        {
            m_owner->m_rxTrace(GetId(), Create<const Packet>(buffer.data(), got));
        }
        ConsumeApplicationData(buffer.data(), got);
    }
}

void
TlsConnection::ConsumeApplicationData(const uint8_t* data, size_t size)
{
    for (size_t i = 0; i < size; ++i)
    {
        uint64_t offset = m_record.appBytesReceived + i;
        if (m_role == TlsRole::SERVER && offset < HEADER_SIZE)
        {
            m_header[offset] = data[i];
        }
        else if (data[i] != PatternByte(offset))
        {
            ++m_record.appBytesCorrupt;
        }
    }
    m_record.appBytesReceived += size;
    if (m_role == TlsRole::SERVER)
    {
        if (!m_headerKnown && m_record.appBytesReceived >= HEADER_SIZE)
        {
            m_headerKnown = true;
            m_requestSize = GetU32(m_header);
            m_responseSize = GetU32(m_header + 4);
            if (m_requestSize < HEADER_SIZE)
            {
                Abort(TlsOutcome::ERROR,
                      "malformed request header (size " + std::to_string(m_requestSize) + ")");
                return;
            }
            m_rxExpected = m_requestSize;
        }
        if (m_headerKnown && m_txTotal == 0 && m_record.appBytesReceived >= m_requestSize)
        {
            m_txTotal = m_responseSize;
            PumpApplicationData();
        }
    }
    else if (m_txOffset == m_txTotal && m_record.appBytesReceived >= m_rxExpected)
    {
        BeginClose();
    }
}

void
TlsConnection::PumpApplicationData()
{
    if (m_finished || m_engine->GetState() != TlsEngine::ESTABLISHED)
    {
        return;
    }
    std::vector<uint8_t>& buffer = Scratch();
    while (m_txOffset < m_txTotal && m_engine->PendingOutput() < ENGINE_HIGH_WATER)
    {
        size_t n = static_cast<size_t>(std::min<uint64_t>(CHUNK, m_txTotal - m_txOffset));
        FillApplicationData(buffer.data(), m_txOffset, n);
        size_t written = m_engine->Write(buffer.data(), n);
        if (written == 0)
        {
            break;
        }
        if (!m_owner->m_txTrace.IsEmpty())
        {
            m_owner->m_txTrace(GetId(), Create<const Packet>(buffer.data(), written));
        }
        m_txOffset += written;
        m_record.appBytesSent += written;
        Flush();
    }
    Flush();
    if (m_role == TlsRole::CLIENT && m_txTotal > 0 && m_txOffset == m_txTotal &&
        m_record.appBytesReceived >= m_rxExpected)
    {
        BeginClose();
    }
}

void
TlsConnection::FillApplicationData(uint8_t* buffer, uint64_t offset, size_t size) const
{
    for (size_t i = 0; i < size; ++i)
    {
        buffer[i] = PatternByte(offset + i);
    }
    if (m_role == TlsRole::CLIENT)
    {
        uint8_t header[HEADER_SIZE];
        PutU32(header, m_requestSize);
        PutU32(header + 4, m_responseSize);
        for (uint64_t i = offset; i < HEADER_SIZE && i < offset + size; ++i)
        {
            buffer[i - offset] = header[i];
        }
    }
}

void
TlsConnection::Flush()
{
    if (!m_socket || m_finished || Simulator::Now() < m_cpuReadyAt)
    {
        return; // output waits for the crypto CPU
    }
    std::vector<uint8_t>& buffer = Scratch();
    size_t pending;
    while ((pending = m_engine->PendingOutput()) > 0)
    {
        uint32_t available = m_socket->GetTxAvailable();
        if (available == 0)
        {
            return; // HandleSend resumes
        }
        size_t n = std::min({pending, static_cast<size_t>(available), buffer.size()});
        n = m_engine->TakeOutput(buffer.data(), n);
        if (n == 0)
        {
            return;
        }
        int sent = m_socket->Send(buffer.data(), static_cast<uint32_t>(n), 0);
        NS_ASSERT_MSG(sent == static_cast<int>(n), "socket accepted less than GetTxAvailable");
        m_record.tcpBytesSent += n;
    }
}

void
TlsConnection::BeginClose()
{
    if (m_closeNotifySent || m_finished)
    {
        return;
    }
    NS_LOG_FUNCTION(this);
    m_closeNotifySent = true;
    m_engine->Shutdown();
    Flush();
}

void
TlsConnection::HandlePeerClose(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Ptr<TlsConnection> self = this;
    if (m_finished)
    {
        return;
    }
    if (m_engine->GetState() == TlsEngine::CLOSED)
    {
        Finish(TlsOutcome::OK, "");
    }
    else if (m_engine->GetState() == TlsEngine::FAILED)
    {
        Finish(m_fatalAlert ? TlsOutcome::ALERT : TlsOutcome::ERROR, m_engine->GetError());
    }
    else
    {
        Finish(TlsOutcome::ERROR, "peer closed TCP without close_notify");
    }
}

void
TlsConnection::HandleError(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Ptr<TlsConnection> self = this;
    Finish(TlsOutcome::ERROR, "TCP error (connection reset or retransmissions exhausted)");
}

void
TlsConnection::HandshakeTimeout()
{
    NS_LOG_FUNCTION(this);
    Ptr<TlsConnection> self = this;
    if (!m_record.HandshakeCompleted())
    {
        Finish(TlsOutcome::TIMEOUT,
               "handshake not complete after " + std::to_string(m_handshakeTimeout.GetSeconds()) +
                   " s");
    }
}

void
TlsConnection::Abort(TlsOutcome outcome, const std::string& reason)
{
    NS_LOG_FUNCTION(this << reason);
    Ptr<TlsConnection> self = this;
    if (m_finished)
    {
        return;
    }
    if (m_engine->GetState() == TlsEngine::ESTABLISHED && !m_closeNotifySent)
    {
        m_closeNotifySent = true;
        m_engine->Shutdown();
        Flush();
    }
    Finish(outcome, reason);
}

void
TlsConnection::Finish(TlsOutcome outcome, const std::string& reason)
{
    if (m_finished)
    {
        return;
    }
    NS_LOG_FUNCTION(this << TlsOutcomeName(outcome) << reason);
    m_finished = true;
    m_timeoutEvent.Cancel();
    m_cpuEvent.Cancel();
    if (m_record.outcome == TlsOutcome::PENDING)
    {
        if (outcome == TlsOutcome::OK && !m_record.HandshakeCompleted())
        {
            outcome = TlsOutcome::ERROR;
        }
        m_record.outcome = outcome;
        m_record.error = reason;
    }
    m_record.closed = Simulator::Now();
    ReleaseSocket(true);
    if (m_engine)
    {
        m_engine->SetObserver(nullptr);
    }
    if (m_owner)
    {
        m_owner->NotifyEnded(this);
    }
}

void
TlsConnection::OnRecord(bool sent, uint8_t contentType, uint16_t length)
{
    if (sent)
    {
        ++m_record.recordsSent;
    }
    else
    {
        ++m_record.recordsReceived;
    }
    m_owner->m_recordTrace(GetId(), sent, contentType, length);
}

void
TlsConnection::OnMessage(bool sent, TlsMessage msg, uint32_t length)
{
    bool fromClient = (m_role == TlsRole::CLIENT) == sent;
    if (!m_record.HandshakeCompleted())
    {
        int phase = TlsSeedPhase(msg, fromClient);
        if (phase > 0)
        {
            m_record.phaseEnd[phase] = Simulator::Now();
        }
        int flight = Tls13Flight(msg, fromClient);
        if (flight > 0)
        {
            m_flightEnd[flight] = Simulator::Now();
        }
    }
    if (m_cpu)
    {
        m_stepMessages.emplace_back(sent, msg);
    }
    if (sent)
    {
        ++m_record.messagesSent;
    }
    else
    {
        ++m_record.messagesReceived;
    }
    NS_LOG_INFO("connection " << GetId() << (sent ? " sent " : " received ") << TlsMessageName(msg)
                              << " (" << length << " bytes)");
    m_owner->m_messageTrace(GetId(), sent, msg, length);
    if (msg == TlsMessage::CHANGE_CIPHER_SPEC)
    {
        m_owner->m_ccsTrace(GetId(), sent);
    }
}

void
TlsConnection::OnSession(Ptr<TlsSession> session)
{
    if (m_owner)
    {
        m_owner->NotifySession(this, session);
    }
}

void
TlsConnection::OnAlert(bool sent, uint8_t level, uint8_t description)
{
    NS_LOG_INFO("connection " << GetId() << (sent ? " sent " : " received ") << "alert "
                              << TlsAlertLevelName(level) << " " << TlsAlertName(description));
    // close_notify and user_canceled end a connection in order; every other alert
    // is fatal in TLS 1.3 and in practice in TLS 1.2 (OpenSSL sends them as fatal).
    bool closing = description == 0 || description == 90;
    if (!closing && !m_fatalAlert)
    {
        m_fatalAlert = true;
        m_record.alert = description;
        m_record.alertSent = sent;
        m_record.alertTime = Simulator::Now();
        m_record.alertState = m_engine->GetHandshakeState();
    }
    m_owner->m_alertTrace(GetId(), sent, level, description);
}

} // namespace ns3
