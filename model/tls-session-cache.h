/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_SESSION_CACHE_H
#define TLS_SESSION_CACHE_H

#include "ns3/nstime.h"
#include "ns3/object.h"

#include <cstdint>
#include <list>
#include <string>
#include <unordered_map>

typedef struct ssl_session_st SSL_SESSION;

namespace ns3
{

/**
 * \ingroup tls
 * Server-side resumption state that one or several servers share: the session
 * cache for TLS 1.2 session-id resumption (and TLS 1.3 stateful sessions), and
 * the key that encrypts session tickets. Servers whose contexts share one cache
 * resume each other's sessions and tickets (a farm behind a load balancer); a
 * server with its own cache does not.
 *
 * Sessions expire in simulated time (Timeout) and the least recently used one
 * is evicted when the cache is full (Size).
 */
class TlsSessionCache : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TlsSessionCache();
    ~TlsSessionCache() override;

    /**
     * Store a session (the cache takes a reference).
     * \param session the session
     */
    void Add(SSL_SESSION* session);

    /**
     * Look a session up; counts a hit or a miss.
     * \param id session id
     * \param length id length
     * \return a copy of the session, owned by the caller, or nullptr
     */
    SSL_SESSION* Get(const unsigned char* id, unsigned int length);

    /**
     * Remove a session.
     * \param session the session
     */
    void Remove(SSL_SESSION* session);

    /// \return the 80-byte ticket key (name, HMAC key, AES key) shared by the servers
    const unsigned char* GetTicketKey();

    /// \return the capacity (Size attribute)
    uint32_t GetCapacity() const;

    /// \return the session lifetime, also applied to tickets
    Time GetTimeout() const;

    /// \return the number of sessions stored now
    uint32_t GetSize() const;
    /// \return lookups that found a live session
    uint64_t GetHits() const;
    /// \return lookups that found nothing (or an expired session)
    uint64_t GetMisses() const;
    /// \return sessions evicted because the cache was full
    uint64_t GetEvictions() const;
    /// \return sessions dropped because they expired
    uint64_t GetExpirations() const;

  protected:
    void DoDispose() override;

  private:
    /// One stored session.
    struct Entry
    {
        SSL_SESSION* session;                 //!< the session (one reference)
        Time created;                         //!< when it was stored
        std::list<std::string>::iterator lru; //!< its place in the LRU order
    };

    /// Free every session.
    void Clear();

    uint32_t m_capacity;                              //!< Size attribute
    Time m_timeout;                                   //!< Timeout attribute
    std::unordered_map<std::string, Entry> m_entries; //!< sessions by id
    std::list<std::string> m_lru;                     //!< ids, most recently used first
    unsigned char m_ticketKey[80];                    //!< ticket key
    uint64_t m_hits;                                  //!< hits
    uint64_t m_misses;                                //!< misses
    uint64_t m_evictions;                             //!< evictions
    uint64_t m_expirations;                           //!< expirations
    bool m_haveTicketKey;                             //!< the ticket key was made
};

} // namespace ns3

#endif /* TLS_SESSION_CACHE_H */
