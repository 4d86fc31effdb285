/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-socket.h"

#include "openssl-engine.h"
#include "tls-cpu.h"
#include "tls-socket-factory.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/profiled-tcp-socket.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-base.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstring>
#include <sstream>
#include <unordered_map>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsSocket");

NS_OBJECT_ENSURE_REGISTERED(TlsSocket);

namespace
{

/**
 * \param t a time
 * \return its seconds as a person writes them: "0.001", "10", "2.5"
 */
std::string
SecondsText(Time t)
{
    std::ostringstream os;
    os << t.GetSeconds();
    return os.str();
}

/**
 * The TlsSocket open on each TCP socket. TCP's callbacks and segment traces are
 * made once for all TlsSockets (TlsSocket::SharedTcpCallbacks) and find their
 * TlsSocket here: an entry costs about 40 bytes, where a Callback made per
 * socket and event costs five heap blocks, about 300 bytes. Never destroyed, so
 * that sockets disposed while the program exits can still leave it.
 * \return the map
 */
std::unordered_map<const Socket*, TlsSocket*>&
TcpOwners()
{
    static auto* owners = new std::unordered_map<const Socket*, TlsSocket*>();
    return *owners;
}

} // namespace

/// TCP's callbacks and segment traces, one set for all TlsSockets.
struct TlsSocket::TcpCallbacks
{
    Callback<void, Ptr<Socket>> connected;      //!< to TcpConnected
    Callback<void, Ptr<Socket>> connectFailed;  //!< to TcpConnectFailed
    Callback<void, Ptr<Socket>> recv;           //!< to TcpRecv
    Callback<void, Ptr<Socket>, uint32_t> send; //!< to TcpSend
    Callback<void, Ptr<Socket>> peerClose;      //!< to TcpPeerClose
    Callback<void, Ptr<Socket>> error;          //!< to TcpError
    ProfiledTcpSocket::SegmentCallback tx;      //!< to the recorder's TcpTx
    ProfiledTcpSocket::SegmentCallback rx;      //!< to the recorder's TcpRx
};

const TlsSocket::TcpCallbacks&
TlsSocket::SharedTcpCallbacks()
{
    // Never destroyed, as TcpOwners.
    static const TcpCallbacks* callbacks = new TcpCallbacks{
        MakeCallback(&TlsSocket::OnTcpConnected),
        MakeCallback(&TlsSocket::OnTcpConnectFailed),
        MakeCallback(&TlsSocket::OnTcpRecv),
        MakeCallback(&TlsSocket::OnTcpSend),
        MakeCallback(&TlsSocket::OnTcpPeerClose),
        MakeCallback(&TlsSocket::OnTcpError),
        MakeCallback(&TlsSocket::OnTcpTx),
        MakeCallback(&TlsSocket::OnTcpRx),
    };
    return *callbacks;
}

void
TlsSocket::OnTcpConnected(Ptr<Socket> tcp)
{
    if (TlsSocket* tls = Owner(PeekPointer(tcp)))
    {
        tls->TcpConnected(tcp);
    }
}

void
TlsSocket::OnTcpConnectFailed(Ptr<Socket> tcp)
{
    if (TlsSocket* tls = Owner(PeekPointer(tcp)))
    {
        tls->TcpConnectFailed(tcp);
    }
}

void
TlsSocket::OnTcpRecv(Ptr<Socket> tcp)
{
    if (TlsSocket* tls = Owner(PeekPointer(tcp)))
    {
        tls->TcpRecv(tcp);
    }
}

void
TlsSocket::OnTcpSend(Ptr<Socket> tcp, uint32_t available)
{
    if (TlsSocket* tls = Owner(PeekPointer(tcp)))
    {
        tls->TcpSend(tcp, available);
    }
}

void
TlsSocket::OnTcpPeerClose(Ptr<Socket> tcp)
{
    if (TlsSocket* tls = Owner(PeekPointer(tcp)))
    {
        tls->TcpPeerClose(tcp);
    }
}

void
TlsSocket::OnTcpError(Ptr<Socket> tcp)
{
    if (TlsSocket* tls = Owner(PeekPointer(tcp)))
    {
        tls->TcpError(tcp);
    }
}

void
TlsSocket::OnTcpTx(Ptr<const Packet> packet, const TcpHeader& header, Ptr<const TcpSocketBase> tcp)
{
    if (TlsSocket* tls = Owner(PeekPointer(tcp)))
    {
        tls->m_recorder->TcpTx(packet, header, tcp);
    }
}

void
TlsSocket::OnTcpRx(Ptr<const Packet> packet, const TcpHeader& header, Ptr<const TcpSocketBase> tcp)
{
    if (TlsSocket* tls = Owner(PeekPointer(tcp)))
    {
        tls->m_recorder->TcpRx(packet, header, tcp);
    }
}

TlsSocket*
TlsSocket::Owner(const Socket* tcp)
{
    auto& owners = TcpOwners();
    auto it = owners.find(tcp);
    return it == owners.end() ? nullptr : it->second;
}

namespace
{

/// Largest piece moved between TCP, engine and application in one call.
const size_t CHUNK = 16384;
/// Application data is written into the engine while its output is below this.
const size_t ENGINE_HIGH_WATER = 2 * CHUNK;

/**
 * \return a scratch buffer shared by all sockets (the simulator is single threaded)
 */
std::vector<uint8_t>&
Scratch()
{
    static std::vector<uint8_t> buffer(CHUNK);
    return buffer;
}

/**
 * An attribute of the TCP socket underneath a TLS socket, reached through the
 * TLS socket (applications set TCP attributes on the sockets they make, e.g.
 * ThreeGppHttpServer's SegmentSize).
 */
class TcpAttributeAccessor : public AttributeAccessor
{
  public:
    /// \param name the TCP socket's attribute
    explicit TcpAttributeAccessor(std::string name)
        : m_name(std::move(name))
    {
    }

    bool Set(ObjectBase* object, const AttributeValue& value) const override
    {
        auto socket = dynamic_cast<TlsSocket*>(object);
        return socket && socket->GetTcpSocket() &&
               socket->GetTcpSocket()->SetAttributeFailSafe(m_name, value);
    }

    bool Get(const ObjectBase* object, AttributeValue& value) const override
    {
        auto socket = dynamic_cast<const TlsSocket*>(object);
        return socket && socket->GetTcpSocket() &&
               socket->GetTcpSocket()->GetAttributeFailSafe(m_name, value);
    }

    bool HasGetter() const override
    {
        return true;
    }

    bool HasSetter() const override
    {
        return true;
    }

  private:
    std::string m_name; //!< the attribute's name
};

/**
 * Add the attributes of ns-3's TCP socket (TcpSocketBase and TcpSocket) that a
 * TLS socket does not define itself, forwarded to its TCP socket. They are not
 * set at construction: the TCP socket has its own defaults.
 * \param tid the TLS socket's TypeId
 * \return tid
 */
TypeId
AddTcpAttributes(TypeId tid)
{
    for (TypeId tcp = TcpSocketBase::GetTypeId(); tcp != Socket::GetTypeId(); tcp = tcp.GetParent())
    {
        for (uint32_t i = 0; i < tcp.GetAttributeN(); ++i)
        {
            TypeId::AttributeInformation info = tcp.GetAttribute(i);
            TypeId::AttributeInformation mine;
            if (tid.LookupAttributeByName(info.name, &mine))
            {
                continue;
            }
            tid.AddAttribute(info.name,
                             info.help + " (of the TCP socket underneath)",
                             TypeId::ATTR_GET | TypeId::ATTR_SET,
                             *info.initialValue,
                             Create<TcpAttributeAccessor>(info.name),
                             info.checker);
        }
    }
    return tid;
}

} // namespace

std::string
TlsSocket::StateName(State state)
{
    switch (state)
    {
    case IDLE:
        return "IDLE";
    case LISTENING:
        return "LISTENING";
    case CONNECTING:
        return "CONNECTING";
    case HANDSHAKING:
        return "HANDSHAKING";
    case ESTABLISHED:
        return "ESTABLISHED";
    case CLOSING:
        return "CLOSING";
    case CLOSED:
        return "CLOSED";
    }
    return "UNKNOWN";
}

TypeId
TlsSocket::GetTypeId()
{
    static TypeId tid = Traces::AddTo(
        TypeId("ns3::TlsSocket")
            .SetParent<Socket>()
            .SetGroupName("Tls")
            .AddConstructor<TlsSocket>()
            .AddAttribute("HandshakeTimeout",
                          "A handshake not complete this long after the connect (server: "
                          "after the TCP accept) ends the connection with outcome timeout; "
                          "0 = no timeout.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&TlsSocket::m_handshakeTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("CloseTimeout",
                          "After this side sent close_notify (or answered one), the peer's "
                          "close_notify (client) or TCP FIN (server) must arrive within "
                          "this time, else the connection ends with outcome close-timeout "
                          "and TCP closes; 0 = wait for ever. The default is Linux's "
                          "tcp_fin_timeout.",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&TlsSocket::m_closeTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("SndBufSize",
                          "Plaintext the socket buffers for sending (bytes).",
                          UintegerValue(131072),
                          MakeUintegerAccessor(&TlsSocket::m_sndBufSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("EarlyData",
                          "TLS 1.3 0-RTT: with an offered session that allows early data, "
                          "up to this many bytes sent before the handshake completes leave "
                          "with the ClientHello (rejected early data is sent again).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsSocket::m_earlyData),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("EngineType",
                          "The TLS implementation: a TypeId of a TlsEngine subclass.",
                          TypeIdValue(OpenSslEngine::GetTypeId()),
                          MakeTypeIdAccessor(&TlsSocket::m_engineType),
                          MakeTypeIdChecker())
            .AddTraceSource("State",
                            "The socket's state changed (old state, new state).",
                            MakeTraceSourceAccessor(&TlsSocket::m_stateTrace),
                            "ns3::TlsSocket::StateTracedCallback"),
        &TlsSocket::m_traces);
    static TypeId withTcp = AddTcpAttributes(tid);
    return withTcp;
}

TlsSocket::TlsSocket()
    : m_handshakeTimeout(Seconds(10)),
      m_closeTimeout(Seconds(60)),
      m_sndBufSize(131072),
      m_earlyData(0),
      m_role(TlsRole::CLIENT),
      m_state(IDLE),
      m_errno(ERROR_NOTERROR),
      m_shutdownSend(false),
      m_shutdownRecv(false),
      m_closeRequested(false),
      m_closeNotifySent(false),
      m_closeNotified(false),
      m_pumping(false),
      m_inSend(false),
      m_txHead(0),
      m_txEarly(0),
      m_rxAvailable(0)
{
    NS_LOG_FUNCTION(this);
}

TlsSocket::~TlsSocket()
{
    NS_LOG_FUNCTION(this);
}

void
TlsSocket::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_timeoutEvent.Cancel();
    m_cpuEvent.Cancel();
    ReleaseTcp(false);
    m_tcp = nullptr;
    if (m_engine)
    {
        m_engine->SetObserver(nullptr);
        m_engine = nullptr;
    }
    m_session = nullptr;
    m_store = nullptr;
    if (m_listener)
    {
        m_listener->m_accepted.erase(GetId());
        m_listener = nullptr;
    }
    m_accepted.clear();
    m_context = nullptr;
    m_node = nullptr;
    m_rxQueue.clear();
    Socket::DoDispose();
}

void
TlsSocket::Setup(Ptr<Node> node, Ptr<Socket> tcp, Ptr<TlsContext> context)
{
    m_node = node;
    m_tcp = tcp;
    m_context = context;
}

Ptr<TlsContext>
TlsSocket::GetContext() const
{
    return m_context;
}

Ptr<Socket>
TlsSocket::GetTcpSocket() const
{
    return m_tcp;
}

Ptr<TlsEngine>
TlsSocket::GetEngine() const
{
    return m_engine;
}

TlsSocket::State
TlsSocket::GetState() const
{
    return m_state;
}

uint64_t
TlsSocket::GetId() const
{
    return m_recorder ? m_recorder->GetRecord().id : 0;
}

const TlsConnectionRecord&
TlsSocket::GetRecord() const
{
    static const TlsConnectionRecord empty;
    return m_recorder ? m_recorder->GetRecord() : empty;
}

std::string
TlsSocket::GetErrorString() const
{
    return GetRecord().error;
}

TlsSocket::Traces&
TlsSocket::GetTraces()
{
    return m_traces;
}

void
TlsSocket::SetEngine(Ptr<TlsEngine> engine)
{
    m_engine = engine;
}

void
TlsSocket::SetSession(Ptr<TlsSession> session)
{
    m_session = session;
}

void
TlsSocket::SetEarlyData(uint32_t bytes)
{
    m_earlyData = bytes;
}

void
TlsSocket::SetSessionStore(Ptr<TlsSessionStore> store)
{
    m_store = store;
}

void
TlsSocket::SetHandshakeTimeout(Time timeout)
{
    m_handshakeTimeout = timeout;
}

void
TlsSocket::SetState(State state)
{
    if (!m_stateTrace.IsEmpty())
    {
        m_stateTrace(StateName(m_state), StateName(state));
    }
    m_state = state;
}

// ---------------------------------------------------------------- Socket API

enum Socket::SocketErrno
TlsSocket::GetErrno() const
{
    return m_errno;
}

enum Socket::SocketType
TlsSocket::GetSocketType() const
{
    return NS3_SOCK_STREAM;
}

Ptr<Node>
TlsSocket::GetNode() const
{
    return m_node;
}

int
TlsSocket::Bind(const Address& address)
{
    int r = m_tcp->Bind(address);
    m_errno = m_tcp->GetErrno();
    return r;
}

int
TlsSocket::Bind()
{
    int r = m_tcp->Bind();
    m_errno = m_tcp->GetErrno();
    return r;
}

int
TlsSocket::Bind6()
{
    int r = m_tcp->Bind6();
    m_errno = m_tcp->GetErrno();
    return r;
}

void
TlsSocket::BindToNetDevice(Ptr<NetDevice> netdevice)
{
    Socket::BindToNetDevice(netdevice);
    m_tcp->BindToNetDevice(netdevice);
}

bool
TlsSocket::SetAllowBroadcast(bool allowBroadcast)
{
    return !allowBroadcast; // a stream socket never broadcasts
}

bool
TlsSocket::GetAllowBroadcast() const
{
    return false;
}

int
TlsSocket::GetSockName(Address& address) const
{
    if (!m_tcp)
    {
        m_errno = ERROR_NOTCONN;
        return -1;
    }
    return m_tcp->GetSockName(address);
}

int
TlsSocket::GetPeerName(Address& address) const
{
    if (!m_tcp || m_state == IDLE || m_state == LISTENING)
    {
        m_errno = ERROR_NOTCONN;
        return -1;
    }
    address = m_peer;
    return 0;
}

void
TlsSocket::Open(TlsRole role)
{
    m_role = role;
    m_recorder = std::make_unique<TlsRecorder>(role);
    m_up[1] = TlsSocketFactory::GetNodeTraces(m_node);
    if (!m_engine)
    {
        if (m_engineType == OpenSslEngine::GetTypeId())
        {
            m_engine = m_context->CreateEngine(role);
        }
        else
        {
            ObjectFactory factory(m_engineType.GetName());
            m_engine = factory.Create<TlsEngine>();
            m_engine->Setup(m_context, role);
        }
    }
    m_engine->SetObserver(this);
    TcpOwners()[PeekPointer(m_tcp)] = this;
    const TcpCallbacks& shared = SharedTcpCallbacks();
    m_tcp->SetRecvCallback(shared.recv);
    m_tcp->SetSendCallback(shared.send);
    m_tcp->SetCloseCallbacks(shared.peerClose, shared.error);
    Ptr<ProfiledTcpSocket> tcp = DynamicCast<ProfiledTcpSocket>(m_tcp);
    if (tcp)
    {
        tcp->ConnectSegmentTraces(shared.tx, shared.rx);
    }
    else
    {
        m_tcp->TraceConnectWithoutContext("Tx", shared.tx);
        m_tcp->TraceConnectWithoutContext("Rx", shared.rx);
    }
    Ptr<TlsCpu> cpu = m_node->GetObject<TlsCpu>();
    if (cpu)
    {
        m_cpu.Setup(cpu, role, m_context->GetKeyType(), m_context->GetChainDepth());
    }
}

void
TlsSocket::ReleaseTcp(bool close)
{
    if (m_tcp && m_state == LISTENING)
    {
        m_tcp->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                 MakeNullCallback<void, Ptr<Socket>, const Address&>());
    }
    if (!m_tcp || !m_recorder)
    {
        return;
    }
    m_tcp->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                              MakeNullCallback<void, Ptr<Socket>>());
    m_tcp->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    m_tcp->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    m_tcp->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                             MakeNullCallback<void, Ptr<Socket>>());
    const TcpCallbacks& shared = SharedTcpCallbacks();
    Ptr<ProfiledTcpSocket> tcp = DynamicCast<ProfiledTcpSocket>(m_tcp);
    if (tcp)
    {
        tcp->DisconnectSegmentTraces(shared.tx, shared.rx);
    }
    else
    {
        m_tcp->TraceDisconnectWithoutContext("Tx", shared.tx);
        m_tcp->TraceDisconnectWithoutContext("Rx", shared.rx);
    }
    auto& owners = TcpOwners();
    auto owner = owners.find(PeekPointer(m_tcp));
    if (owner != owners.end() && owner->second == this)
    {
        owners.erase(owner);
    }
    if (close)
    {
        m_tcp->Close(); // TCP finishes the close on its own
    }
}

int
TlsSocket::Connect(const Address& address)
{
    NS_LOG_FUNCTION(this << address);
    if (m_state != IDLE)
    {
        m_errno = m_state == LISTENING ? ERROR_INVAL : ERROR_ISCONN;
        return -1;
    }
    Ptr<TlsSocket> self = this;
    Open(TlsRole::CLIENT);
    if (!m_session && m_store)
    {
        m_session = m_store->Take(address);
    }
    if (m_session)
    {
        m_engine->SetSession(m_session);
        m_recorder->GetRecord().resumptionOffered = true;
    }
    m_peer = address;
    m_recorder->Started(address);
    SetState(CONNECTING);
    if (m_handshakeTimeout.IsStrictlyPositive())
    {
        m_timeoutEvent =
            Simulator::Schedule(m_handshakeTimeout, &TlsSocket::HandshakeTimeout, this);
    }
    m_tcp->SetConnectCallback(SharedTcpCallbacks().connected, SharedTcpCallbacks().connectFailed);
    if (m_tcp->Connect(address) != 0)
    {
        m_errno = m_tcp->GetErrno();
        Finish(TlsOutcome::CONNECTION_FAILED,
               m_errno == ERROR_ADDRNOTAVAIL
                   ? "Socket::Connect failed: no free local port (ERROR_ADDRNOTAVAIL)"
                   : "Socket::Connect failed");
        return -1;
    }
    return 0;
}

int
TlsSocket::Listen()
{
    NS_LOG_FUNCTION(this);
    if (m_state != IDLE)
    {
        m_errno = ERROR_INVAL;
        return -1;
    }
    m_role = TlsRole::SERVER;
    if (m_tcp->Listen() != 0)
    {
        m_errno = m_tcp->GetErrno();
        return -1;
    }
    m_tcp->SetAcceptCallback(MakeCallback(&TlsSocket::TcpConnectionRequest, this),
                             MakeCallback(&TlsSocket::TcpAccepted, this));
    SetState(LISTENING);
    return 0;
}

bool
TlsSocket::TcpConnectionRequest(Ptr<Socket> /* socket */, const Address& from)
{
    return NotifyConnectionRequest(from);
}

void
TlsSocket::TcpAccepted(Ptr<Socket> socket, const Address& from)
{
    NS_LOG_FUNCTION(this << socket << from);
    Ptr<TlsSocket> child = CreateObject<TlsSocket>();
    child->m_handshakeTimeout = m_handshakeTimeout;
    child->m_closeTimeout = m_closeTimeout;
    child->m_sndBufSize = m_sndBufSize;
    child->m_engineType = m_engineType;
    child->m_shutdownSend = m_shutdownSend;
    child->m_shutdownRecv = m_shutdownRecv;
    child->Setup(m_node, socket, m_context);
    TlsSocketFactory::Register(child);
    child->Accept(this, from);
}

void
TlsSocket::Accept(Ptr<TlsSocket> listener, const Address& from)
{
    Ptr<TlsSocket> self = this;
    m_listener = listener;
    m_up[0] = &listener->m_traces;
    Open(TlsRole::SERVER);
    listener->m_accepted[GetId()] = this;
    m_peer = from;
    m_recorder->Started(from);
    m_recorder->TcpConnected(Address());
    if (m_handshakeTimeout.IsStrictlyPositive())
    {
        m_timeoutEvent =
            Simulator::Schedule(m_handshakeTimeout, &TlsSocket::HandshakeTimeout, this);
    }
    StartHandshake();
}

void
TlsSocket::TcpConnected(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Address local;
    socket->GetSockName(local);
    m_recorder->TcpConnected(local);
    StartHandshake();
}

void
TlsSocket::TcpConnectFailed(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    m_errno = socket->GetErrno();
    Finish(TlsOutcome::CONNECTION_FAILED, "TCP connection failed");
}

void
TlsSocket::StartHandshake()
{
    Ptr<TlsSocket> self = this;
    SetState(HANDSHAKING);
    Emit(&Traces::handshakeStarted, GetId());
    size_t buffered = Unwritten();
    if (m_role == TlsRole::CLIENT && m_earlyData > 0 && buffered > 0)
    {
        const uint8_t* data = m_txBuffer.data() + m_txHead;
        size_t n = m_engine->SetEarlyData(data, std::min<size_t>(m_earlyData, buffered));
        if (n > 0)
        {
            TlsConnectionRecord& record = m_recorder->GetRecord();
            record.earlyDataBytes = static_cast<uint32_t>(n);
            record.appBytesSent = n;
            m_txEarly = n;
            if (Wants(&Traces::tx))
            {
                Emit(&Traces::tx, GetId(), Create<const Packet>(data, n));
            }
        }
    }
    m_cpu.BeginStep();
    m_engine->Start();
    StepDone();
}

void
TlsSocket::StepDone()
{
    Time wait = m_cpu.EndStep(m_engine);
    if (wait.IsZero())
    {
        Advance();
        return;
    }
    m_recorder->GetRecord().cpuDelay = m_cpu.GetDelay();
    if (wait.IsStrictlyPositive())
    {
        m_cpuEvent.Cancel();
        m_cpuEvent = Simulator::Schedule(wait - Simulator::Now(), &TlsSocket::Advance, this);
    }
}

void
TlsSocket::TcpRecv(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Ptr<TlsSocket> self = this; // the application may drop its reference while we run
    std::vector<uint8_t>& buffer = Scratch();
    Ptr<Packet> packet;
    while (m_state != CLOSED && (packet = socket->Recv()))
    {
        uint32_t size = packet->GetSize();
        if (size == 0)
        {
            break;
        }
        m_recorder->GetRecord().tcpBytesReceived += size;
        if (buffer.size() < size)
        {
            buffer.resize(size);
        }
        packet->CopyData(buffer.data(), size);
        m_cpu.BeginStep();
        m_engine->Input(buffer.data(), size);
        StepDone();
    }
}

void
TlsSocket::TcpSend(Ptr<Socket> /* socket */, uint32_t /* available */)
{
    Ptr<TlsSocket> self = this;
    if (m_state == CLOSED)
    {
        return;
    }
    Flush();
    Pump();
}

void
TlsSocket::Advance()
{
    if (m_state == CLOSED)
    {
        return;
    }
    Ptr<TlsSocket> self = this;
    if (m_engine->GetState() == TlsEngine::ESTABLISHED &&
        !m_recorder->GetRecord().HandshakeCompleted())
    {
        HandshakeCompleted();
        if (m_state == CLOSED)
        {
            return;
        }
    }
    ReadApplicationData();
    if (m_state == CLOSED)
    {
        return;
    }
    switch (m_engine->GetState())
    {
    case TlsEngine::FAILED:
        Flush(); // the alert the engine queued
        Finish(m_recorder->HasFatalAlert() ? TlsOutcome::ALERT : TlsOutcome::ERROR,
               m_engine->GetError());
        return;
    case TlsEngine::CLOSED:
        // The peer sent close_notify: answer it.
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
        else if (m_state != CLOSING)
        {
            // A server waits for the client's FIN (TcpPeerClose).
            SetState(CLOSING);
            m_timeoutEvent.Cancel();
            if (m_closeTimeout.IsStrictlyPositive())
            {
                m_timeoutEvent =
                    Simulator::Schedule(m_closeTimeout, &TlsSocket::CloseTimeout, this);
            }
        }
        return;
    default:
        break;
    }
    Flush();
}

void
TlsSocket::HandshakeCompleted()
{
    TlsConnectionRecord& record = m_recorder->GetRecord();
    m_recorder->HandshakeDone(m_engine->GetHandshakeInfo());
    m_timeoutEvent.Cancel();
    if (m_txEarly > 0)
    {
        if (record.info.earlyData == "rejected")
        {
            // The server did not take the 0-RTT data: send it again.
            record.appBytesSent = 0;
        }
        else
        {
            m_txHead += m_txEarly;
        }
        m_txEarly = 0;
    }
    NS_LOG_INFO("connection " << GetId() << " handshake complete, " << record.info.version << " "
                              << record.info.cipher);
    SetState(ESTABLISHED);
    Flush(); // the client's Finished leaves before any application data
    Emit(&Traces::handshakeCompleted, GetId(), record);
    if (m_role == TlsRole::CLIENT)
    {
        NotifyConnectionSucceeded();
    }
    else if (m_listener)
    {
        m_listener->NotifyNewConnectionCreated(this, m_peer);
        if (m_rxAvailable > 0 && m_state != CLOSED)
        {
            NotifyDataRecv(); // 0-RTT data that arrived before the accept
        }
    }
    if (m_state == CLOSED)
    {
        return;
    }
    Pump();
}

void
TlsSocket::ReadApplicationData()
{
    std::vector<uint8_t>& buffer = Scratch();
    while (m_state != CLOSED && (m_engine->GetState() == TlsEngine::ESTABLISHED ||
                                 m_engine->GetState() == TlsEngine::HANDSHAKING))
    {
        size_t got = m_engine->Read(buffer.data(), buffer.size());
        if (got == 0)
        {
            break;
        }
        m_recorder->GetRecord().appBytesReceived += got;
        Ptr<Packet> packet;
        bool traced = Wants(&Traces::rx);
        if (traced || !m_shutdownRecv)
        {
            packet = Create<Packet>(buffer.data(), got);
        }
        if (traced)
        {
            Emit(&Traces::rx, GetId(), Ptr<const Packet>(packet));
        }
        if (!m_shutdownRecv)
        {
            m_rxQueue.push_back(packet);
            m_rxAvailable += got;
            NotifyDataRecv();
        }
    }
}

size_t
TlsSocket::Unwritten() const
{
    return m_txBuffer.size() - m_txHead - m_txEarly;
}

uint32_t
TlsSocket::GetTxAvailable() const
{
    size_t buffered = m_txBuffer.size() - m_txHead;
    return buffered >= m_sndBufSize ? 0 : static_cast<uint32_t>(m_sndBufSize - buffered);
}

int
TlsSocket::Send(Ptr<Packet> p, uint32_t /* flags */)
{
    NS_LOG_FUNCTION(this << p);
    if (m_shutdownSend || m_closeRequested || m_state == CLOSING || m_state == CLOSED)
    {
        m_errno = ERROR_SHUTDOWN;
        return -1;
    }
    if (m_state == IDLE || m_state == LISTENING)
    {
        m_errno = ERROR_NOTCONN;
        return -1;
    }
    uint32_t size = p->GetSize();
    if (size > GetTxAvailable())
    {
        m_errno = ERROR_MSGSIZE;
        return -1;
    }
    if (size == 0)
    {
        return 0;
    }
    if (m_txHead > 0 && m_txHead == m_txBuffer.size())
    {
        m_txBuffer.clear();
        m_txHead = 0;
    }
    size_t at = m_txBuffer.size();
    m_txBuffer.resize(at + size);
    p->CopyData(m_txBuffer.data() + at, size);
    if (!m_pumping && m_state == ESTABLISHED)
    {
        // As with TCP, Send never calls the application back: it is in its own
        // send loop and sees the room that Pump makes through GetTxAvailable.
        Ptr<TlsSocket> self = this;
        m_inSend = true;
        Pump();
        m_inSend = false;
    }
    return static_cast<int>(size);
}

int
TlsSocket::SendTo(Ptr<Packet> p, uint32_t flags, const Address& /* toAddress */)
{
    return Send(p, flags);
}

void
TlsSocket::Pump()
{
    if (m_pumping || m_state != ESTABLISHED || m_engine->GetState() != TlsEngine::ESTABLISHED)
    {
        return;
    }
    m_pumping = true;
    uint32_t freed = 0;
    while (m_engine->PendingOutput() < ENGINE_HIGH_WATER)
    {
        if (Unwritten() < CHUNK && freed > 0 && !m_inSend)
        {
            // Let the application top the buffer up before a short write.
            NotifyDataSent(freed);
            NotifySend(GetTxAvailable());
            freed = 0;
            if (m_state != ESTABLISHED)
            {
                break;
            }
        }
        size_t n = std::min(CHUNK, Unwritten());
        if (n == 0)
        {
            break;
        }
        const uint8_t* data = m_txBuffer.data() + m_txHead + m_txEarly;
        size_t written = m_engine->Write(data, n);
        if (written == 0)
        {
            break;
        }
        if (Wants(&Traces::tx))
        {
            Emit(&Traces::tx, GetId(), Create<const Packet>(data, written));
        }
        m_txHead += written;
        freed += static_cast<uint32_t>(written);
        m_recorder->GetRecord().appBytesSent += written;
        Flush();
    }
    if (m_txHead > CHUNK && m_txHead * 2 > m_txBuffer.size())
    {
        m_txBuffer.erase(m_txBuffer.begin(), m_txBuffer.begin() + m_txHead);
        m_txHead = 0;
    }
    m_pumping = false;
    Flush();
    if (freed > 0 && m_state == ESTABLISHED && !m_inSend)
    {
        NotifyDataSent(freed);
        NotifySend(GetTxAvailable());
    }
    if (m_closeRequested && m_state == ESTABLISHED && Unwritten() == 0)
    {
        BeginClose();
    }
}

void
TlsSocket::Flush()
{
    if (!m_tcp || m_state == CLOSED || m_cpu.IsHolding())
    {
        return; // output waits for the crypto CPU
    }
    std::vector<uint8_t>& buffer = Scratch();
    size_t pending;
    while ((pending = m_engine->PendingOutput()) > 0)
    {
        uint32_t available = m_tcp->GetTxAvailable();
        if (available == 0)
        {
            return; // TcpSend resumes
        }
        size_t n = std::min({pending, static_cast<size_t>(available), buffer.size()});
        n = m_engine->TakeOutput(buffer.data(), n);
        if (n == 0)
        {
            return;
        }
        int sent = m_tcp->Send(buffer.data(), static_cast<uint32_t>(n), 0);
        NS_ASSERT_MSG(sent == static_cast<int>(n), "TCP accepted less than GetTxAvailable");
        m_recorder->GetRecord().tcpBytesSent += n;
    }
}

uint32_t
TlsSocket::GetRxAvailable() const
{
    return m_rxAvailable;
}

Ptr<Packet>
TlsSocket::Recv(uint32_t maxSize, uint32_t /* flags */)
{
    if (m_rxQueue.empty() || maxSize == 0)
    {
        return nullptr;
    }
    Ptr<Packet> head = m_rxQueue.front();
    if (head->GetSize() <= maxSize)
    {
        m_rxQueue.pop_front();
        m_rxAvailable -= head->GetSize();
        return head;
    }
    Ptr<Packet> part = head->CreateFragment(0, maxSize);
    head->RemoveAtStart(maxSize);
    m_rxAvailable -= maxSize;
    return part;
}

Ptr<Packet>
TlsSocket::RecvFrom(uint32_t maxSize, uint32_t flags, Address& fromAddress)
{
    Ptr<Packet> packet = Recv(maxSize, flags);
    if (packet)
    {
        fromAddress = m_peer;
    }
    return packet;
}

void
TlsSocket::BeginClose()
{
    if (m_closeNotifySent || m_state == CLOSED)
    {
        return;
    }
    NS_LOG_FUNCTION(this);
    m_closeNotifySent = true;
    SetState(CLOSING);
    m_engine->Shutdown();
    Flush();
    m_timeoutEvent.Cancel();
    if (m_closeTimeout.IsStrictlyPositive())
    {
        m_timeoutEvent = Simulator::Schedule(m_closeTimeout, &TlsSocket::CloseTimeout, this);
    }
}

int
TlsSocket::Close()
{
    NS_LOG_FUNCTION(this);
    Ptr<TlsSocket> self = this;
    switch (m_state)
    {
    case IDLE:
        SetState(CLOSED);
        return m_tcp->Close();
    case LISTENING:
        m_tcp->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                 MakeNullCallback<void, Ptr<Socket>, const Address&>());
        SetState(CLOSED);
        return m_tcp->Close();
    case CONNECTING:
    case HANDSHAKING:
        Finish(TlsOutcome::ERROR, "closed by the application before the handshake completed");
        return 0;
    case ESTABLISHED:
        m_closeRequested = true;
        if (Unwritten() == 0)
        {
            BeginClose();
        }
        return 0;
    case CLOSING:
        m_closeRequested = true;
        return 0;
    case CLOSED:
        m_errno = ERROR_BADF;
        return -1;
    }
    return -1;
}

int
TlsSocket::ShutdownSend()
{
    NS_LOG_FUNCTION(this);
    m_shutdownSend = true;
    if (m_state == ESTABLISHED)
    {
        m_closeRequested = true;
        if (Unwritten() == 0)
        {
            Ptr<TlsSocket> self = this;
            BeginClose();
        }
    }
    return 0;
}

int
TlsSocket::ShutdownRecv()
{
    m_shutdownRecv = true;
    return 0;
}

void
TlsSocket::Abort(const std::string& reason)
{
    NS_LOG_FUNCTION(this << reason);
    Ptr<TlsSocket> self = this;
    if (m_state == CLOSED || !m_recorder)
    {
        return;
    }
    if (m_engine->GetState() == TlsEngine::ESTABLISHED && !m_closeNotifySent)
    {
        m_closeNotifySent = true;
        m_engine->Shutdown();
        Flush();
    }
    Finish(TlsOutcome::ERROR, reason);
}

void
TlsSocket::AbortConnections(const std::string& reason)
{
    std::vector<Ptr<TlsSocket>> accepted;
    for (auto& entry : m_accepted)
    {
        accepted.emplace_back(entry.second);
    }
    for (auto& socket : accepted)
    {
        socket->Abort(reason);
    }
}

void
TlsSocket::TcpPeerClose(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Ptr<TlsSocket> self = this;
    if (m_state == CLOSED)
    {
        return;
    }
    if (m_engine->GetState() == TlsEngine::CLOSED)
    {
        Finish(TlsOutcome::OK, "");
    }
    else if (m_engine->GetState() == TlsEngine::FAILED)
    {
        Finish(m_recorder->HasFatalAlert() ? TlsOutcome::ALERT : TlsOutcome::ERROR,
               m_engine->GetError());
    }
    else
    {
        Finish(TlsOutcome::ERROR, "peer closed TCP without close_notify");
    }
}

void
TlsSocket::TcpError(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Ptr<TlsSocket> self = this;
    m_errno = socket->GetErrno();
    Finish(TlsOutcome::ERROR, "TCP error (connection reset or retransmissions exhausted)");
}

void
TlsSocket::HandshakeTimeout()
{
    NS_LOG_FUNCTION(this);
    Ptr<TlsSocket> self = this;
    if (!m_recorder->GetRecord().HandshakeCompleted())
    {
        Finish(TlsOutcome::TIMEOUT,
               "handshake not complete after " + SecondsText(m_handshakeTimeout) + " s");
    }
}

void
TlsSocket::CloseTimeout()
{
    NS_LOG_FUNCTION(this);
    Ptr<TlsSocket> self = this;
    Finish(TlsOutcome::CLOSE_TIMEOUT,
           std::string(m_role == TlsRole::CLIENT ? "no close_notify" : "no FIN") +
               " from the peer within " + SecondsText(m_closeTimeout) + " s of close_notify");
}

void
TlsSocket::Finish(TlsOutcome outcome, const std::string& reason)
{
    if (m_state == CLOSED)
    {
        return;
    }
    NS_LOG_FUNCTION(this << TlsOutcomeName(outcome) << reason);
    Ptr<TlsSocket> self = this;
    bool established = m_recorder->GetRecord().HandshakeCompleted();
    m_timeoutEvent.Cancel();
    m_cpuEvent.Cancel();
    m_recorder->Ended(outcome, reason);
    ReleaseTcp(true);
    m_engine->SetObserver(nullptr);
    SetState(CLOSED);
    const TlsConnectionRecord& record = m_recorder->GetRecord();
    if (record.outcome != TlsOutcome::OK && m_errno == ERROR_NOTERROR)
    {
        m_errno = ERROR_SHUTDOWN;
    }
    Emit(&Traces::closed, GetId(), record);
    if (!m_closeNotified)
    {
        m_closeNotified = true;
        if (m_role == TlsRole::CLIENT && !established)
        {
            NotifyConnectionFailed();
        }
        else if (established && record.outcome == TlsOutcome::OK)
        {
            NotifyNormalClose();
        }
        else if (established || m_role == TlsRole::CLIENT)
        {
            NotifyErrorClose();
        }
    }
    if (m_listener)
    {
        m_listener->m_accepted.erase(GetId());
        m_listener = nullptr;
    }
    m_up[0] = nullptr;
    TlsSocketFactory::Unregister(this);
}

// ----------------------------------------------------------- engine events

void
TlsSocket::OnRecord(bool sent, uint8_t contentType, uint16_t length)
{
    m_recorder->Record(sent);
    Emit(&Traces::record, GetId(), sent, contentType, length);
}

void
TlsSocket::OnMessage(bool sent, TlsMessage msg, uint32_t length)
{
    m_recorder->Message(sent, msg, PeekPointer(m_engine));
    m_cpu.NoteMessage(sent, msg);
    NS_LOG_INFO("connection " << GetId() << (sent ? " sent " : " received ") << TlsMessageName(msg)
                              << " (" << length << " bytes)");
    Emit(&Traces::message, GetId(), sent, msg, length);
    if (msg == TlsMessage::CHANGE_CIPHER_SPEC)
    {
        Emit(&Traces::ccs, GetId(), sent);
    }
}

void
TlsSocket::OnAlert(bool sent, uint8_t level, uint8_t description)
{
    NS_LOG_INFO("connection " << GetId() << (sent ? " sent " : " received ") << "alert "
                              << TlsAlertLevelName(level) << " " << TlsAlertName(description));
    m_recorder->Alert(sent, description, *m_engine);
    Emit(&Traces::alert, GetId(), sent, level, description);
}

void
TlsSocket::OnSession(Ptr<TlsSession> session)
{
    if (m_store)
    {
        m_store->Put(m_peer, session);
    }
    Emit(&Traces::session, GetId(), session);
}

} // namespace ns3
