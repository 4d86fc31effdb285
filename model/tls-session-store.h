/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_SESSION_STORE_H
#define TLS_SESSION_STORE_H

#include "tls-engine.h"

#include "ns3/address.h"
#include "ns3/simple-ref-count.h"

#include <deque>
#include <map>

namespace ns3
{

/**
 * \ingroup tls
 * A client's store of sessions it may resume, newest first, per server
 * address (a browser's session cache): TLS 1.2 sessions are kept for reuse,
 * a TLS 1.3 ticket is used once (RFC 8446 C.4), the oldest is dropped beyond
 * a limit.
 */
class TlsSessionStore : public SimpleRefCount<TlsSessionStore>
{
  public:
    /// \param maxSessions sessions kept per server (at least 1)
    explicit TlsSessionStore(uint32_t maxSessions = 4);

    /**
     * Keep a session (ignored unless it is resumable).
     * \param server the server's address (an empty Address: one store for all)
     * \param session the session
     */
    void Put(const Address& server, Ptr<TlsSession> session);
    /**
     * \param server the server's address
     * \return true if a session is stored for it
     */
    bool Has(const Address& server) const;
    /**
     * The newest session for a server; a TLS 1.3 ticket leaves the store.
     * \param server the server's address
     * \return the session, or nullptr
     */
    Ptr<TlsSession> Take(const Address& server);
    /**
     * \param server the server's address
     * \return the number of sessions stored for it
     */
    uint32_t GetSize(const Address& server) const;

  private:
    uint32_t m_maxSessions;                                    //!< per server
    std::map<Address, std::deque<Ptr<TlsSession>>> m_sessions; //!< newest first
};

} // namespace ns3

#endif /* TLS_SESSION_STORE_H */
