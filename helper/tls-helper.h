/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_HELPER_H
#define TLS_HELPER_H

#include "ns3/address.h"
#include "ns3/application-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/tls-context.h"
#include "ns3/tls-tcp-defaults.h"

#include <string>

namespace ns3
{

/**
 * \ingroup tls
 * What the client and server helpers share: an application factory and one
 * TlsContext that every application installed by the helper uses (one OpenSSL
 * context per role, not one per connection).
 */
class TlsApplicationHelper
{
  public:
    /**
     * \param typeId the application type
     */
    explicit TlsApplicationHelper(const std::string& typeId);

    /**
     * Set an attribute of the applications to install.
     * \param name attribute name
     * \param value attribute value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * Set an attribute of the shared TlsContext (before the first Install, or
     * before the simulation starts: the OpenSSL context is built when the first
     * application starts).
     * \param name attribute name of ns3::TlsContext
     * \param value attribute value
     */
    void SetContextAttribute(const std::string& name, const AttributeValue& value);

    /**
     * Use an existing context (e.g. the same one for clients and servers).
     * \param context the context
     */
    void SetContext(Ptr<TlsContext> context);

    /// \return the shared context (created on first use)
    Ptr<TlsContext> GetContext();

    /**
     * \param node a node
     * \return one application on it
     */
    ApplicationContainer Install(Ptr<Node> node);
    /**
     * \param nodeName the name of a node
     * \return one application on it
     */
    ApplicationContainer Install(const std::string& nodeName);
    /**
     * \param nodes nodes
     * \return one application on each
     */
    ApplicationContainer Install(NodeContainer nodes);

  protected:
    ObjectFactory m_factory; //!< application factory

  private:
    /**
     * \param node a node
     * \return the new application
     */
    Ptr<Application> InstallPriv(Ptr<Node> node);

    ObjectFactory m_contextFactory; //!< context factory
    Ptr<TlsContext> m_context;      //!< the shared context
};

/**
 * \ingroup tls
 * Installs TlsServer applications.
 */
class TlsServerHelper : public TlsApplicationHelper
{
  public:
    /**
     * \param port TCP port to listen on, on any IPv4 address
     */
    explicit TlsServerHelper(uint16_t port);
    /**
     * \param local socket address to listen on (InetSocketAddress or Inet6SocketAddress)
     */
    explicit TlsServerHelper(const Address& local);
};

/**
 * \ingroup tls
 * Installs TlsClient applications.
 */
class TlsClientHelper : public TlsApplicationHelper
{
  public:
    /**
     * \param remote the server's socket address (InetSocketAddress or Inet6SocketAddress)
     */
    explicit TlsClientHelper(const Address& remote);
    /**
     * \param ip the server's address
     * \param port the server's port
     */
    TlsClientHelper(const Address& ip, uint16_t port);
};

/**
 * \ingroup tls
 * Take "--name=value" (or "--name value") out of the command line. ns-3's
 * CommandLine reserves --version (it prints the ns-3 version and exits); the
 * examples call this for --version before CommandLine::Parse so that
 * --version=1.2|1.3 selects the TLS version as users expect.
 * \param[in,out] argc argument count
 * \param[in,out] argv arguments (the option is removed)
 * \param name option name without dashes
 * \param[out] value its value, if present
 * \return true if the option was present
 */
bool TlsTakeOption(int* argc, char** argv, const std::string& name, std::string* value);

} // namespace ns3

#endif /* TLS_HELPER_H */
