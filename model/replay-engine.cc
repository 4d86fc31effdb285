/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "replay-engine.h"

#include "tls-context.h"
#include "tls-replay-store.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <algorithm>
#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ReplayEngine");

NS_OBJECT_ENSURE_REGISTERED(ReplayEngine);

namespace
{

/// The largest plaintext of one record (RFC 8446 section 5.1).
const size_t MAX_FRAGMENT = 16384;
/// A drained buffer larger than this is freed rather than kept.
const size_t KEEP_CAPACITY = 4096;

/**
 * Empty a drained buffer, freeing it if it grew large.
 * \param buffer the buffer
 * \param head how much of it was taken (reset)
 */
void
Drain(std::vector<uint8_t>& buffer, size_t& head)
{
    if (head < buffer.size())
    {
        return;
    }
    head = 0;
    if (buffer.capacity() > KEEP_CAPACITY)
    {
        std::vector<uint8_t>().swap(buffer);
    }
    else
    {
        buffer.clear();
    }
}

} // namespace

TypeId
ReplayEngine::GetTypeId()
{
    static TypeId tid = TypeId("ns3::ReplayEngine")
                            .SetParent<TlsEngine>()
                            .SetGroupName("Tls")
                            .AddConstructor<ReplayEngine>();
    return tid;
}

ReplayEngine::ReplayEngine()
    : m_shape(nullptr),
      m_side(nullptr),
      m_variant(0),
      m_role(TlsRole::CLIENT),
      m_state(HANDSHAKING),
      m_observer(nullptr),
      m_stateName(0),
      m_info(0),
      m_error(0),
      m_received(0),
      m_headerSeen(false),
      m_shutdownSent(false),
      m_inHead(0),
      m_outHead(0),
      m_appHead(0)
{
}

ReplayEngine::~ReplayEngine() = default;

void
ReplayEngine::DoDispose()
{
    m_store = nullptr;
    TlsEngine::DoDispose();
}

void
ReplayEngine::Setup(Ptr<TlsContext> context, TlsRole role)
{
    NS_ASSERT_MSG(!m_store, "ReplayEngine::Setup called twice");
    m_role = role;
    m_store = TlsReplayStore::Find(context);
    if (!m_store)
    {
        // A context of its own (EngineType=ns3::ReplayEngine without an
        // experiment): its clients and servers share one store.
        m_store = CreateObject<TlsReplayStore>();
        m_store->Bind(context);
    }
    if (role == TlsRole::CLIENT)
    {
        m_shape = &m_store->GetShape(context);
        m_variant = m_store->PickVariant(*m_shape);
        m_side = &m_shape->variants[m_variant].side[0];
        m_stateName = m_side->initialStateName;
        m_info = m_side->initialInfo;
    }
    else if (const TlsReplayShape* first = m_store->GetShapeById(0))
    {
        // Until the client's first record names the shape: the server's
        // initial state, the same in every shape of the store (one server
        // configuration).
        m_stateName = first->variants[0].side[1].initialStateName;
        m_info = first->variants[0].side[1].initialInfo;
    }
}

void
ReplayEngine::SetObserver(TlsEngineObserver* observer)
{
    m_observer = observer;
}

void
ReplayEngine::SetSession(Ptr<TlsSession> session)
{
    NS_ABORT_MSG_IF(session,
                    "ReplayEngine: a session was offered for resumption, which Engine=replay "
                    "does not replay (allowed with Engine=replay: Resume 0)");
}

size_t
ReplayEngine::SetEarlyData(const uint8_t* /* data */, size_t /* size */)
{
    return 0; // no session, no early data
}

void
ReplayEngine::Start()
{
    NS_LOG_FUNCTION(this);
    if (m_role != TlsRole::CLIENT || !m_side->start.recorded)
    {
        return;
    }
    size_t first = m_out.size();
    Play(m_side->start, HANDSHAKE, false);
    // The client's first record names the shape and the handshake for its server.
    if (m_out.size() - first < 5 + 7)
    {
        Fail("the client's first record is too short to carry the shape");
        return;
    }
    uint8_t* body = m_out.data() + first + 5;
    uint32_t id = m_shape->id;
    body[1] = static_cast<uint8_t>(id >> 24);
    body[2] = static_cast<uint8_t>(id >> 16);
    body[3] = static_cast<uint8_t>(id >> 8);
    body[4] = static_cast<uint8_t>(id);
    body[5] = static_cast<uint8_t>(m_variant >> 8);
    body[6] = static_cast<uint8_t>(m_variant);
}

bool
ReplayEngine::Resolve(const uint8_t* body, size_t length)
{
    if (length < 7 || body[0] != HANDSHAKE)
    {
        return false;
    }
    uint32_t id = static_cast<uint32_t>(body[1]) << 24 | static_cast<uint32_t>(body[2]) << 16 |
                  static_cast<uint32_t>(body[3]) << 8 | body[4];
    auto variant = static_cast<uint16_t>(body[5] << 8 | body[6]);
    const TlsReplayShape* shape = m_store->GetShapeById(id);
    if (!shape || variant >= shape->variants.size())
    {
        return false;
    }
    m_shape = shape;
    m_variant = variant;
    m_side = &shape->variants[variant].side[1];
    m_stateName = m_side->initialStateName;
    m_info = m_side->initialInfo;
    return true;
}

void
ReplayEngine::Input(const uint8_t* data, size_t size)
{
    NS_LOG_FUNCTION(this << size);
    if (size == 0 || m_state == FAILED || m_state == CLOSED)
    {
        return; // nothing reads it any more (OpenSslEngine drops it too once closed)
    }
    m_in.insert(m_in.end(), data, data + size);
    Process(false);
}

void
ReplayEngine::Process(bool reading)
{
    while (m_state == (reading ? ESTABLISHED : HANDSHAKING))
    {
        size_t available = m_in.size() - m_inHead;
        if (available < 5)
        {
            break;
        }
        const uint8_t* header = m_in.data() + m_inHead;
        uint8_t type = header[0];
        auto length = static_cast<uint16_t>(header[3] << 8 | header[4]);
        if (!m_headerSeen)
        {
            // OpenSSL reports a record once its header is read.
            m_headerSeen = true;
            if (m_state == HANDSHAKING && m_side && m_received < m_side->received.size())
            {
                m_info = m_side->received[m_received].headerInfo;
            }
            TlsReplayEvent e;
            e.kind = TlsReplayEvent::RECORD;
            e.code = type;
            e.length = length;
            e.stateName = m_stateName;
            e.info = m_info;
            Emit(e);
            if (type == static_cast<uint8_t>(TlsContentType::CHANGE_CIPHER_SPEC))
            {
                e.kind = TlsReplayEvent::MESSAGE;
                e.code = static_cast<uint16_t>(TlsMessage::CHANGE_CIPHER_SPEC);
                Emit(e);
            }
        }
        if (available < 5u + length)
        {
            break;
        }
        const uint8_t* body = header + 5;
        Kind kind = length > 0 ? static_cast<Kind>(body[0]) : HANDSHAKE;
        if (kind == APP_DATA)
        {
            if (!reading)
            {
                break; // read once established
            }
            size_t n = length >= 3 ? std::min<size_t>(body[1] << 8 | body[2], length - 3u) : 0;
            m_app.insert(m_app.end(), body + 3, body + 3 + n);
            m_inHead += 5 + length;
            m_headerSeen = false;
            break; // one record per Read, as SSL_read
        }
        if (kind == HANDSHAKE && !m_side && !Resolve(body, length))
        {
            Fail("the client's first record names no recorded handshake of this store");
            break;
        }
        m_inHead += 5 + length;
        m_headerSeen = false;
        if (kind == CLOSE)
        {
            if (!m_side || !m_side->peerShutdown.recorded)
            {
                Fail("close_notify where the recording has none");
                break;
            }
            Play(m_side->peerShutdown, CLOSE, false);
        }
        else if (kind == HANDSHAKE && m_received < m_side->received.size())
        {
            Play(m_side->received[m_received++], HANDSHAKE, false);
        }
        else
        {
            Fail("a record the recording does not have");
            break;
        }
    }
    Drain(m_in, m_inHead);
}

void
ReplayEngine::Play(const TlsReplayStep& step, Kind kind, bool keepState)
{
    for (const TlsReplayEvent& e : step.events)
    {
        Emit(e);
    }
    for (const TlsReplayRecordHeader& h : step.output)
    {
        Append(h.type, h.version, h.length, kind, nullptr, 0);
    }
    if (!keepState)
    {
        m_state = step.state;
    }
    m_stateName = step.stateName;
    m_info = step.info;
    m_error = step.error;
}

void
ReplayEngine::Emit(const TlsReplayEvent& e)
{
    m_stateName = e.stateName;
    m_info = e.info;
    if (!m_observer)
    {
        return;
    }
    switch (e.kind)
    {
    case TlsReplayEvent::RECORD:
        m_observer->OnRecord(e.sent, static_cast<uint8_t>(e.code), static_cast<uint16_t>(e.length));
        break;
    case TlsReplayEvent::MESSAGE:
        m_observer->OnMessage(e.sent, static_cast<TlsMessage>(e.code), e.length);
        break;
    case TlsReplayEvent::ALERT:
        m_observer->OnAlert(e.sent, static_cast<uint8_t>(e.code), e.description);
        break;
    case TlsReplayEvent::SESSION:
        m_observer->OnSession(m_shape->sessions[e.length]);
        break;
    }
}

void
ReplayEngine::Append(uint8_t type,
                     uint16_t version,
                     uint16_t length,
                     Kind kind,
                     const uint8_t* data,
                     size_t size)
{
    size_t at = m_out.size();
    m_out.resize(at + 5 + length, 0);
    uint8_t* p = m_out.data() + at;
    p[0] = type;
    p[1] = static_cast<uint8_t>(version >> 8);
    p[2] = static_cast<uint8_t>(version);
    p[3] = static_cast<uint8_t>(length >> 8);
    p[4] = static_cast<uint8_t>(length);
    p[5] = kind;
    if (size > 0)
    {
        p[6] = static_cast<uint8_t>(size >> 8);
        p[7] = static_cast<uint8_t>(size);
        std::memcpy(p + 8, data, size);
    }
}

void
ReplayEngine::Fail(const std::string& why)
{
    NS_LOG_LOGIC(this << " " << why);
    m_state = FAILED;
    m_failure = "ReplayEngine: " + why;
}

size_t
ReplayEngine::PendingOutput() const
{
    return m_out.size() - m_outHead;
}

size_t
ReplayEngine::TakeOutput(uint8_t* buffer, size_t size)
{
    size_t n = std::min(size, m_out.size() - m_outHead);
    if (n == 0)
    {
        return 0;
    }
    std::memcpy(buffer, m_out.data() + m_outHead, n);
    m_outHead += n;
    Drain(m_out, m_outHead);
    return n;
}

size_t
ReplayEngine::Write(const uint8_t* data, size_t size)
{
    NS_LOG_FUNCTION(this << size);
    if (m_state != ESTABLISHED || size == 0)
    {
        return 0;
    }
    for (size_t at = 0; at < size;)
    {
        size_t n = std::min(MAX_FRAGMENT, size - at);
        if (m_side->overhead[n % 16] < 3)
        {
            Fail("application data where the recording has none");
            return 0;
        }
        auto length = static_cast<uint16_t>(n + m_side->overhead[n % 16]);
        TlsReplayEvent e;
        e.kind = TlsReplayEvent::RECORD;
        e.sent = true;
        e.code = m_side->appType;
        e.length = length;
        e.stateName = m_stateName;
        e.info = m_info;
        Emit(e);
        Append(m_side->appType, m_side->appVersion, length, APP_DATA, data + at, n);
        at += n;
    }
    return size;
}

size_t
ReplayEngine::Read(uint8_t* buffer, size_t size)
{
    if (size == 0)
    {
        return 0;
    }
    if (m_appHead == m_app.size())
    {
        if (m_state != ESTABLISHED)
        {
            return 0;
        }
        Process(true);
    }
    size_t n = std::min(size, m_app.size() - m_appHead);
    if (n > 0)
    {
        std::memcpy(buffer, m_app.data() + m_appHead, n);
        m_appHead += n;
        Drain(m_app, m_appHead);
    }
    return n;
}

void
ReplayEngine::Shutdown()
{
    NS_LOG_FUNCTION(this);
    // As SSL_shutdown: nothing after a failure or during the handshake, and
    // close_notify once.
    if (m_state == FAILED || m_state == HANDSHAKING || m_shutdownSent)
    {
        return;
    }
    NS_ABORT_MSG_IF(!m_side->shutdown.recorded, "ReplayEngine: no recorded close_notify");
    m_shutdownSent = true;
    Play(m_side->shutdown, CLOSE, true);
}

TlsEngine::State
ReplayEngine::GetState() const
{
    return m_state;
}

TlsHandshakeInfo
ReplayEngine::GetHandshakeInfo() const
{
    const TlsReplayShape* tables = m_shape ? m_shape : m_store->GetShapeById(0);
    return tables ? tables->infos[m_info] : TlsHandshakeInfo();
}

std::string
ReplayEngine::GetError() const
{
    if (!m_failure.empty() || !m_shape)
    {
        return m_failure;
    }
    return m_shape->strings[m_error];
}

std::string
ReplayEngine::GetHandshakeState() const
{
    const TlsReplayShape* tables = m_shape ? m_shape : m_store->GetShapeById(0);
    return tables ? tables->strings[m_stateName] : std::string();
}

} // namespace ns3
