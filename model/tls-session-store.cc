/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-session-store.h"

namespace ns3
{

TlsSessionStore::TlsSessionStore(uint32_t maxSessions)
    : m_maxSessions(maxSessions == 0 ? 1 : maxSessions)
{
}

void
TlsSessionStore::Put(const Address& server, Ptr<TlsSession> session)
{
    if (!session || !session->IsResumable())
    {
        return;
    }
    std::deque<Ptr<TlsSession>>& sessions = m_sessions[server];
    sessions.push_front(session);
    while (sessions.size() > m_maxSessions)
    {
        sessions.pop_back();
    }
}

bool
TlsSessionStore::Has(const Address& server) const
{
    auto it = m_sessions.find(server);
    return it != m_sessions.end() && !it->second.empty();
}

Ptr<TlsSession>
TlsSessionStore::Take(const Address& server)
{
    auto it = m_sessions.find(server);
    if (it == m_sessions.end() || it->second.empty())
    {
        return nullptr;
    }
    Ptr<TlsSession> session = it->second.front();
    if (session->GetVersion() == "1.3")
    {
        it->second.pop_front(); // TLS 1.3 tickets are used once (RFC 8446 C.4)
    }
    return session;
}

uint32_t
TlsSessionStore::GetSize(const Address& server) const
{
    auto it = m_sessions.find(server);
    return it == m_sessions.end() ? 0 : static_cast<uint32_t>(it->second.size());
}

} // namespace ns3
