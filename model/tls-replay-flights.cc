/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-replay-flights.h"

#include "ns3/abort.h"

#include <limits>

namespace ns3
{

TlsReplaySession::TlsReplaySession(Ptr<TlsSession> session)
    : m_version(session->GetVersion()),
      m_ticket(session->HasTicket()),
      m_maxEarlyData(session->GetMaxEarlyData()),
      m_resumable(session->IsResumable())
{
}

std::string
TlsReplaySession::GetVersion() const
{
    return m_version;
}

bool
TlsReplaySession::HasTicket() const
{
    return m_ticket;
}

uint32_t
TlsReplaySession::GetMaxEarlyData() const
{
    return m_maxEarlyData;
}

bool
TlsReplaySession::IsResumable() const
{
    return m_resumable;
}

uint16_t
TlsReplayShape::InternString(const std::string& s)
{
    auto it = m_stringIndex.find(s);
    if (it != m_stringIndex.end())
    {
        return it->second;
    }
    NS_ABORT_MSG_IF(strings.size() >= std::numeric_limits<uint16_t>::max(),
                    "TlsReplayShape: too many strings");
    auto n = static_cast<uint16_t>(strings.size());
    strings.push_back(s);
    m_stringIndex.emplace(s, n);
    return n;
}

uint16_t
TlsReplayShape::InternInfo(const TlsHandshakeInfo& info)
{
    std::string key = info.version + '\n' + info.cipher + '\n' + info.group + '\n' +
                      (info.resumed ? "1" : "0") + '\n' + info.resumption + '\n' + info.earlyData +
                      '\n' + info.peerCertificate + '\n' + info.signature + '\n' +
                      std::to_string(info.serverFlightBytes) + '\n' +
                      std::to_string(info.clientHelloBytes);
    auto it = m_infoIndex.find(key);
    if (it != m_infoIndex.end())
    {
        return it->second;
    }
    NS_ABORT_MSG_IF(infos.size() >= std::numeric_limits<uint16_t>::max(),
                    "TlsReplayShape: too many handshake infos");
    auto n = static_cast<uint16_t>(infos.size());
    infos.push_back(info);
    m_infoIndex.emplace(key, n);
    return n;
}

} // namespace ns3
