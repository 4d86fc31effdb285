/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_SOCKET_FACTORY_H
#define TLS_SOCKET_FACTORY_H

#include "tls-socket.h"

#include "ns3/object-factory.h"
#include "ns3/socket-factory.h"
#include "ns3/tcp-socket-factory.h"

#include <unordered_map>

namespace ns3
{

class Node;

/**
 * \ingroup tls
 * Makes TLS sockets on its node, so that any application that takes a socket
 * factory TypeId (BulkSend, PacketSink, OnOff: attribute Protocol) speaks TLS
 * by naming "ns3::TlsSocketFactory". TlsStackHelper aggregates one to each
 * node. All its sockets share its TlsContext.
 *
 * It also keeps every TLS socket of its node alive until the socket's
 * connection has ended (a socket accepted by a listener belongs to nobody
 * else until its handshake completes), and disposes those left when the node
 * is disposed. Its trace sources fire for every TLS socket of the node, so
 * "/NodeList/[i]/$ns3::TlsSocketFactory/HandshakeCompleted" reaches them all.
 */
class TlsSocketFactory : public SocketFactory
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TlsSocketFactory();
    ~TlsSocketFactory() override;

    /**
     * \return a new TLS socket on this factory's node, with its context and socket
     *         attributes
     */
    Ptr<Socket> CreateSocket() override;

    /// \param context the configuration the sockets share
    void SetContext(Ptr<TlsContext> context);
    /// \return the configuration the sockets share (created with defaults if none was set)
    Ptr<TlsContext> GetContext();

    /**
     * Set an attribute of the TLS sockets this factory makes.
     * \param name attribute name (of ns3::TlsSocket)
     * \param value its value
     */
    void SetSocketAttribute(const std::string& name, const AttributeValue& value);

    /// \return the number of TLS sockets of the node whose connection has not ended
    uint32_t GetOpenSockets() const;

    /**
     * Make a TLS socket on a node, over a TCP socket made as the module's
     * applications make theirs (ProfiledTcpSocket; through ProfiledTcpL4Protocol when fast).
     * \param node the node
     * \param context the configuration
     * \param tcpFastPath use ProfiledTcpL4Protocol's template sockets and hash look-up
     * \param socketFactory makes the TLS socket (with its attributes)
     * \return the socket
     */
    static Ptr<TlsSocket> MakeSocket(Ptr<Node> node,
                                     Ptr<TlsContext> context,
                                     bool tcpFastPath,
                                     const ObjectFactory& socketFactory);

    /**
     * \param node a node
     * \return its TLS socket factory, aggregated now if it had none
     */
    static Ptr<TlsSocketFactory> Install(Ptr<Node> node);

    /**
     * Keep a socket until its connection ends (done for every TLS socket).
     * \param socket the socket
     */
    static void Register(Ptr<TlsSocket> socket);
    /**
     * \param node a node
     * \return the trace sources of its TLS socket factory, which every connection
     *         of the node fires too (nullptr if it has none)
     */
    static TlsSocket::Traces* GetNodeTraces(Ptr<Node> node);
    /**
     * A socket's connection ended.
     * \param socket the socket
     */
    static void Unregister(TlsSocket* socket);

  protected:
    void DoDispose() override;
    void NotifyNewAggregate() override;

  private:
    Ptr<Node> m_node;                                         //!< the node
    Ptr<TlsContext> m_context;                                //!< shared configuration
    bool m_tcpFastPath;                                       //!< TcpFastPath attribute
    bool m_resume;                                            //!< ResumeSessions attribute
    uint32_t m_maxSessions;                                   //!< MaxSessions attribute
    Ptr<TlsSessionStore> m_store;                             //!< the node's client sessions
    ObjectFactory m_socketFactory;                            //!< makes the TLS sockets
    std::unordered_map<TlsSocket*, Ptr<TlsSocket>> m_sockets; //!< sockets not ended
    TlsSocket::Traces m_traces;                               //!< every socket's events
};

/**
 * \ingroup tls
 * A TCP socket factory whose sockets are TLS sockets: aggregated to a node by
 * TlsStackHelper::InstallSecureTcp, it takes the place of the node's own
 * TcpSocketFactory, so that applications that create TCP sockets themselves
 * (ThreeGppHttpClient and ThreeGppHttpServer) run over TLS unchanged. Its
 * sockets come from the node's TlsSocketFactory.
 */
class TlsSecureTcpFactory : public TcpSocketFactory
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// \return a TLS socket from the node's TlsSocketFactory
    Ptr<Socket> CreateSocket() override;

    /**
     * Make TCP sockets of a node TLS sockets from now on.
     * \param node the node (with an internet stack and a TlsSocketFactory)
     * \return false if the node has no TcpSocketFactory
     */
    static bool Install(Ptr<Node> node);

  protected:
    void DoDispose() override;

  private:
    Ptr<TlsSocketFactory> m_tls; //!< the node's TLS socket factory
};

} // namespace ns3

#endif /* TLS_SOCKET_FACTORY_H */
