/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-garbage-engine.h"

#include <algorithm>
#include <cstring>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TlsGarbageEngine);

TypeId
TlsGarbageEngine::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TlsGarbageEngine")
                            .SetParent<TlsEngine>()
                            .SetGroupName("Tls")
                            .AddConstructor<TlsGarbageEngine>();
    return tid;
}

TlsGarbageEngine::TlsGarbageEngine()
    : TlsGarbageEngine(std::vector<uint8_t>{0x16, 0x03, 0x01, 0x00, 0x40})
{
    m_out.resize(5 + 64, 0xff);
}

void
TlsGarbageEngine::Setup(Ptr<TlsContext> /* context */, TlsRole /* role */)
{
}

TlsGarbageEngine::TlsGarbageEngine(std::vector<uint8_t> garbage)
    : m_out(std::move(garbage)),
      m_outTaken(0),
      m_state(HANDSHAKING),
      m_observer(nullptr)
{
}

void
TlsGarbageEngine::SetObserver(TlsEngineObserver* observer)
{
    m_observer = observer;
}

void
TlsGarbageEngine::SetSession(Ptr<TlsSession> /* session */)
{
}

size_t
TlsGarbageEngine::SetEarlyData(const uint8_t* /* data */, size_t /* size */)
{
    return 0;
}

void
TlsGarbageEngine::Start()
{
}

void
TlsGarbageEngine::Input(const uint8_t* data, size_t size)
{
    m_in.insert(m_in.end(), data, data + size);
    // Parse whole plaintext records: the server can only answer garbage with an alert.
    size_t pos = 0;
    while (m_in.size() - pos >= 5)
    {
        uint8_t type = m_in[pos];
        uint16_t length = static_cast<uint16_t>(m_in[pos + 3] << 8 | m_in[pos + 4]);
        if (m_in.size() - pos < 5u + length)
        {
            break;
        }
        if (m_observer)
        {
            m_observer->OnRecord(false, type, length);
        }
        if (type == static_cast<uint8_t>(TlsContentType::ALERT) && length == 2)
        {
            if (m_observer)
            {
                m_observer->OnAlert(false, m_in[pos + 5], m_in[pos + 6]);
            }
            m_state = FAILED;
            m_error = "the server answered the garbage with alert " + TlsAlertName(m_in[pos + 6]);
        }
        pos += 5u + length;
    }
    m_in.erase(m_in.begin(), m_in.begin() + static_cast<std::ptrdiff_t>(pos));
}

size_t
TlsGarbageEngine::PendingOutput() const
{
    return m_out.size() - m_outTaken;
}

size_t
TlsGarbageEngine::TakeOutput(uint8_t* buffer, size_t size)
{
    size_t n = std::min(size, PendingOutput());
    std::memcpy(buffer, m_out.data() + m_outTaken, n);
    m_outTaken += n;
    return n;
}

size_t
TlsGarbageEngine::Write(const uint8_t* /* data */, size_t /* size */)
{
    return 0;
}

size_t
TlsGarbageEngine::Read(uint8_t* /* buffer */, size_t /* size */)
{
    return 0;
}

void
TlsGarbageEngine::Shutdown()
{
}

TlsEngine::State
TlsGarbageEngine::GetState() const
{
    return m_state;
}

TlsHandshakeInfo
TlsGarbageEngine::GetHandshakeInfo() const
{
    return TlsHandshakeInfo();
}

std::string
TlsGarbageEngine::GetError() const
{
    return m_error;
}

std::string
TlsGarbageEngine::GetHandshakeState() const
{
    return "sent garbage instead of a ClientHello";
}

} // namespace ns3
