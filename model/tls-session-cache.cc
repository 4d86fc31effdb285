/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-session-cache.h"

#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <openssl/rand.h>
#include <openssl/ssl.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsSessionCache");

NS_OBJECT_ENSURE_REGISTERED(TlsSessionCache);

TypeId
TlsSessionCache::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TlsSessionCache")
            .SetParent<Object>()
            .SetGroupName("Tls")
            .AddConstructor<TlsSessionCache>()
            .AddAttribute("Size",
                          "Sessions kept at most; the least recently used is evicted "
                          "(OpenSSL's default is 20480).",
                          UintegerValue(20480),
                          MakeUintegerAccessor(&TlsSessionCache::m_capacity),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("Timeout",
                          "Lifetime of a session and of a ticket, in simulated time.",
                          TimeValue(Seconds(7200)),
                          MakeTimeAccessor(&TlsSessionCache::m_timeout),
                          MakeTimeChecker(Seconds(1)));
    return tid;
}

TlsSessionCache::TlsSessionCache()
    : m_capacity(20480),
      m_timeout(Seconds(7200)),
      m_hits(0),
      m_misses(0),
      m_evictions(0),
      m_expirations(0),
      m_haveTicketKey(false)
{
    NS_LOG_FUNCTION(this);
}

TlsSessionCache::~TlsSessionCache()
{
    Clear();
}

void
TlsSessionCache::DoDispose()
{
    Clear();
    Object::DoDispose();
}

void
TlsSessionCache::Clear()
{
    for (auto& entry : m_entries)
    {
        SSL_SESSION_free(entry.second.session);
    }
    m_entries.clear();
    m_lru.clear();
}

void
TlsSessionCache::Add(SSL_SESSION* session)
{
    unsigned int length = 0;
    const unsigned char* id = SSL_SESSION_get_id(session, &length);
    if (length == 0)
    {
        return;
    }
    std::string key(reinterpret_cast<const char*>(id), length);
    auto it = m_entries.find(key);
    if (it != m_entries.end())
    {
        SSL_SESSION_free(it->second.session);
        m_lru.erase(it->second.lru);
        m_entries.erase(it);
    }
    while (m_entries.size() >= m_capacity && !m_lru.empty())
    {
        auto victim = m_entries.find(m_lru.back());
        SSL_SESSION_free(victim->second.session);
        m_entries.erase(victim);
        m_lru.pop_back();
        ++m_evictions;
    }
    SSL_SESSION_up_ref(session);
    m_lru.push_front(key);
    m_entries[key] = Entry{session, Simulator::Now(), m_lru.begin()};
    NS_LOG_LOGIC(this << " stored a session, " << m_entries.size() << " in the cache");
}

SSL_SESSION*
TlsSessionCache::Get(const unsigned char* id, unsigned int length)
{
    auto it = m_entries.find(std::string(reinterpret_cast<const char*>(id), length));
    NS_LOG_LOGIC(this << " lookup of a " << length
                      << "-byte id: " << (it == m_entries.end() ? "miss" : "found"));
    if (it == m_entries.end())
    {
        ++m_misses;
        return nullptr;
    }
    if (Simulator::Now() - it->second.created > m_timeout)
    {
        SSL_SESSION_free(it->second.session);
        m_lru.erase(it->second.lru);
        m_entries.erase(it);
        ++m_expirations;
        ++m_misses;
        return nullptr;
    }
    ++m_hits;
    m_lru.splice(m_lru.begin(), m_lru, it->second.lru);
    // A copy: OpenSSL links a session into the internal store of the context that
    // looked it up, and a session object can be in one such store only (servers of
    // a farm share this cache but each has its own store).
    return SSL_SESSION_dup(it->second.session);
}

void
TlsSessionCache::Remove(SSL_SESSION* session)
{
    unsigned int length = 0;
    const unsigned char* id = SSL_SESSION_get_id(session, &length);
    NS_LOG_LOGIC(this << " remove a session");
    auto it = m_entries.find(std::string(reinterpret_cast<const char*>(id), length));
    if (it != m_entries.end())
    {
        SSL_SESSION_free(it->second.session);
        m_lru.erase(it->second.lru);
        m_entries.erase(it);
    }
}

const unsigned char*
TlsSessionCache::GetTicketKey()
{
    // Made on first use, from OpenSSL's (possibly seeded) generator.
    if (!m_haveTicketKey)
    {
        NS_ABORT_MSG_IF(RAND_bytes(m_ticketKey, sizeof(m_ticketKey)) != 1,
                        "TlsSessionCache: RAND_bytes failed for the ticket key");
        m_haveTicketKey = true;
    }
    return m_ticketKey;
}

uint32_t
TlsSessionCache::GetCapacity() const
{
    return m_capacity;
}

Time
TlsSessionCache::GetTimeout() const
{
    return m_timeout;
}

uint32_t
TlsSessionCache::GetSize() const
{
    return static_cast<uint32_t>(m_entries.size());
}

uint64_t
TlsSessionCache::GetHits() const
{
    return m_hits;
}

uint64_t
TlsSessionCache::GetMisses() const
{
    return m_misses;
}

uint64_t
TlsSessionCache::GetEvictions() const
{
    return m_evictions;
}

uint64_t
TlsSessionCache::GetExpirations() const
{
    return m_expirations;
}

} // namespace ns3
