/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_STACK_HELPER_H
#define TLS_STACK_HELPER_H

#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/tls-context.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup tls
 * Gives nodes TLS sockets: aggregates a TlsSocketFactory to each node, so that
 * any application with a socket factory attribute runs over TLS:
 *
 * \code
 *   TlsStackHelper tls;
 *   tls.SetContextAttribute("MaxVersion", StringValue("1.3"));
 *   tls.Install(nodes);
 *   BulkSendHelper send("ns3::TlsSocketFactory", InetSocketAddress(serverIp, 443));
 *   PacketSinkHelper sink("ns3::TlsSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 443));
 * \endcode
 *
 * Install also gives each node one TCP for all its sockets (ProfiledTcpL4Protocol):
 * TLS sockets and the plain TCP sockets of other applications (BulkSend, PacketSink,
 * a user's own) are all ProfiledTcpSockets with the same Profile and TCP attributes,
 * so that TLS-against-TCP comparisons compare one TCP. Install before applications
 * create sockets, on nodes with and without TLS applications alike.
 *
 * All nodes installed by one helper share one TlsContext (one PKI: clients
 * trust the servers' root). With SetSecureTcp(true), the nodes' TCP sockets
 * become TLS sockets too (TlsSecureTcpFactory), for applications that create
 * TCP sockets themselves, such as ThreeGppHttpClient and ThreeGppHttpServer.
 * Install after the internet stack.
 */
class TlsStackHelper
{
  public:
    TlsStackHelper();

    /**
     * Set an attribute of the shared TlsContext (before Install).
     * \param name attribute name
     * \param value its value
     */
    void SetContextAttribute(const std::string& name, const AttributeValue& value);
    /**
     * Set an attribute of every TLS socket the nodes make (ns3::TlsSocket).
     * \param name attribute name
     * \param value its value
     */
    void SetSocketAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \param context use this configuration instead of a new one
     */
    void SetContext(Ptr<TlsContext> context);
    /// \return the shared configuration (made on first use)
    Ptr<TlsContext> GetContext();
    /**
     * \param secure make the nodes' TCP sockets TLS sockets as well
     */
    void SetSecureTcp(bool secure);
    /**
     * \param fast make the nodes' TCP sockets (under TLS and plain) indexed copies of a
     *        template socket (ProfiledTcpL4Protocol::Indexed; unless
     *        called, the factory keeps its TcpFastPath default: true unless
     *        changed with Config::SetDefault)
     */
    void SetTcpFastPath(bool fast);

    /**
     * Check the shared context's settings: build its OpenSSL configuration for
     * both roles (groups, cipher lists, versions, keys and certificates), as the
     * first connection would. Call after the last SetContextAttribute and before
     * the simulation runs, and turn an error into the program's own failure: a
     * connection made with an invalid context stops the simulation.
     * \return "" or the error, naming the attribute and its value
     */
    std::string Check();

    /**
     * Aggregate a TlsSocketFactory (and with SetSecureTcp, a TlsSecureTcpFactory)
     * to each node.
     * \param nodes the nodes (with an internet stack)
     */
    void Install(NodeContainer nodes);
    /**
     * \param node a node (with an internet stack)
     */
    void Install(Ptr<Node> node);

  private:
    ObjectFactory m_contextFactory; //!< makes the context
    Ptr<TlsContext> m_context;      //!< the shared context
    std::vector<std::pair<std::string, Ptr<AttributeValue>>>
        m_socketAttributes;            //!< socket attributes
    bool m_secureTcp;                  //!< TCP sockets become TLS
    std::optional<bool> m_tcpFastPath; //!< TcpFastPath, if set
};

} // namespace ns3

#endif /* TLS_STACK_HELPER_H */
