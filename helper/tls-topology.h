/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_TOPOLOGY_H
#define TLS_TOPOLOGY_H

#include "ns3/callback.h"
#include "ns3/data-rate.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-interface-container.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/tls-ns3-compat.h"

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup tls
 * The experiment's network, usable on its own: N client nodes and M server
 * nodes, each on its own point-to-point link to one router.
 *
 * Client i has 10.a.b.1/24 (router 10.a.b.2), server j 172.16+j/256.j%256.1/24
 * (router .2). Each client's link has its own delay (ClientDelay +- Jitter,
 * drawn once per client), so ns-3's PointToPointStarHelper (one link type for
 * every spoke) does not fit; the dumbbell helper would add a second router and
 * a bottleneck hop.
 *
 * Set-up and forwarding are linear in the number of nodes (10 000 clients set
 * up in seconds): the nodes get ns-3's IPv4 stack only (no IPv6, which the
 * star never uses); every client and server has Ipv4StaticRouting with a
 * default route to the router, and the router TlsStarRouting, which finds a
 * connected subnet in a hash table (ns-3's global routing is quadratic at
 * set-up, 5000 clients took minutes; its static routing scans every route for
 * every packet and adding N routes is quadratic). Addresses are assigned
 * directly (as Ipv4AddressHelper::Assign does, without its global registry of
 * allocated addresses, whose insertions are linear each).
 *
 * Queues: every device has a DropTail queue of QueueSize. By default no queue
 * disc sits above it (QueueDisc "none"): ns-3's Ipv4AddressHelper would install
 * FqCoDel on every device, which keeps a CoDel queue per flow and costs time
 * and memory, and changes no result of a star whose links are not congested
 * (the handshake flights are far below the 5 ms CoDel target at 100 Mb/s).
 * SetQueueDisc installs one where queueing matters (e.g.
 * "ns3::FqCoDelQueueDisc", ns-3's default).
 *
 * Loss: each client link drops packets arriving at the client with
 * DownlinkLoss; each server link drops packets arriving at the server with
 * UplinkLoss (RateErrorModel, per packet).
 *
 * Like ns-3's PointToPointHelper, the star sets its links from its own
 * setters (SetClientLinks, SetServerLinks, SetQueueSize, SetLoss), not from
 * the defaults of ns3::PointToPointNetDevice::DataRate,
 * ns3::PointToPointChannel::Delay, ns3::DropTailQueue<Packet>::MaxSize or
 * ns3::RateErrorModel; TlsExperiment refuses changed defaults of those.
 */
class TlsStarTopology
{
  public:
    TlsStarTopology();

    /**
     * \param rate client link data rate
     * \param delay one-way delay of each client link
     * \param jitter each client's delay is drawn uniformly from delay +- jitter
     */
    void SetClientLinks(DataRate rate, Time delay, Time jitter = Seconds(0));
    /**
     * \param rate server link data rate
     * \param delay one-way delay of each server link
     */
    void SetServerLinks(DataRate rate, Time delay);
    /**
     * \param queueSize device queue size of every link ("100p", "64KB")
     */
    void SetQueueSize(const std::string& queueSize);
    /**
     * \param queueDisc root queue disc of every device: "none" (the device's
     *        DropTail queue only, the default) or a queue disc type (see
     *        CheckQueueDisc)
     */
    void SetQueueDisc(const std::string& queueDisc);
    /**
     * \param queueDisc a SetQueueDisc value
     * \return "" if it is valid, else what is allowed
     */
    static std::string CheckQueueDisc(const std::string& queueDisc);
    /**
     * Called during Build at most once per wall second, and at the end of each
     * stage once it was called: the nodes' internet stacks ("nodes"), then the
     * links ("links"). A star set up within a second makes no call.
     * \param progress receives the stage, the items done and the items in all
     */
    void SetProgressCallback(Callback<void, std::string, uint32_t, uint32_t> progress);
    /**
     * \param uplink loss rate of packets arriving at the servers
     * \param downlink loss rate of packets arriving at the clients
     */
    void SetLoss(double uplink, double downlink);
    /**
     * Loss patterns (TlsLossModel specs) per direction, in place of the plain rates'
     * RateErrorModel (a pattern's random parts use the rate given to SetLoss too).
     * \param uplink client to server, "none" for none
     * \param downlink server to client
     */
    void SetLossPatterns(const std::string& uplink, const std::string& downlink);

    /**
     * Create the nodes, install the internet stack, links, addresses and
     * static routes. Call once.
     * \param clients client nodes (at least 1)
     * \param servers server nodes (at least 1)
     * \param stream first random stream: jitter uses it, loss models the following ones
     */
    void Build(uint32_t clients, uint32_t servers, int64_t stream = 7);

    /// \return the client nodes
    NodeContainer GetClients() const;
    /// \return the server nodes
    NodeContainer GetServers() const;
    /// \return the router
    Ptr<Node> GetRouter() const;
    /// \return every node: clients, servers, router
    NodeContainer GetAllNodes() const;
    /// \return the client-side device of each client link (index = client)
    NetDeviceContainer GetClientDevices() const;
    /// \return the router-side device of each client link
    NetDeviceContainer GetClientRouterDevices() const;
    /// \return the server-side device of each server link
    NetDeviceContainer GetServerDevices() const;
    /// \return the router-side device of each server link
    NetDeviceContainer GetServerRouterDevices() const;
    /// \return the client links' interfaces: (client, router) pairs, in client order
    Ipv4InterfaceContainer GetClientInterfaces() const;
    /// \return the server links' interfaces: (server, router) pairs, in server order
    Ipv4InterfaceContainer GetServerInterfaces() const;
    /**
     * \param i client index
     * \return its address
     */
    Ipv4Address GetClientAddress(uint32_t i) const;
    /**
     * \param j server index
     * \return its address
     */
    Ipv4Address GetServerAddress(uint32_t j) const;
    /**
     * \param i client index
     * \return the one-way delay of its link
     */
    Time GetClientDelay(uint32_t i) const;
    /// \return the helper that made the links (e.g. for EnablePcapAll)
    PointToPointHelper& GetPointToPointHelper();

  private:
    DataRate m_clientRate;                                      //!< client link rate
    Time m_clientDelay;                                         //!< client link delay
    Time m_jitter;                                              //!< client delay spread
    DataRate m_serverRate;                                      //!< server link rate
    Time m_serverDelay;                                         //!< server link delay
    std::string m_queueSize;                                    //!< queue size
    std::string m_queueDisc{"none"};                            //!< root queue disc type or "none"
    Callback<void, std::string, uint32_t, uint32_t> m_progress; //!< set-up progress
    double m_uplinkLoss;                                        //!< uplink loss
    double m_downlinkLoss;                                      //!< downlink loss
    std::string m_uplinkPattern{"none"};                        //!< uplink loss pattern
    std::string m_downlinkPattern{"none"};                      //!< downlink loss pattern
    PointToPointHelper m_p2p;                                   //!< link helper
    NodeContainer m_clients;                                    //!< clients
    NodeContainer m_servers;                                    //!< servers
    NodeContainer m_router;                                     //!< router
    NetDeviceContainer m_clientDevices;                         //!< client side of client links
    NetDeviceContainer m_clientRouterDevices;                   //!< router side of client links
    NetDeviceContainer m_serverDevices;                         //!< server side of server links
    NetDeviceContainer m_serverRouterDevices;                   //!< router side of server links
    Ipv4InterfaceContainer m_clientIfaces;                      //!< client link interfaces
    Ipv4InterfaceContainer m_serverIfaces;                      //!< server link interfaces
    std::vector<Time> m_delays;                                 //!< per-client delay
};

/**
 * \ingroup tls
 * The router of TlsStarTopology: forwards to its connected subnets, found in a
 * hash table per prefix length (longest prefix first), so that a packet costs
 * the same whatever the number of clients. It knows only connected subnets
 * (the router of a star needs nothing else) and no multicast; packets to one
 * of the router's own addresses or a broadcast address are delivered locally.
 * The routes are those ns-3's Ipv4StaticRouting would make for the same
 * interfaces (gateway 0.0.0.0, the interface's first address as source).
 */
class TlsStarRouting : public Ipv4RoutingProtocol
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    tls_compat::RouteInputCallback<UnicastForwardCallback> ucb,
                    tls_compat::RouteInputCallback<MulticastForwardCallback> mcb,
                    tls_compat::RouteInputCallback<LocalDeliverCallback> lcb,
                    tls_compat::RouteInputCallback<ErrorCallback> ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

  protected:
    void DoDispose() override;

  private:
    /**
     * \param dest a destination
     * \param oif the required output device, or null
     * \return the route to a connected subnet holding dest, or null
     */
    Ptr<Ipv4Route> Lookup(Ipv4Address dest, Ptr<const NetDevice> oif) const;
    /**
     * \param interface an interface that is up
     * \param address one of its addresses: its subnet and itself become known
     */
    void Add(uint32_t interface, const Ipv4InterfaceAddress& address);
    /**
     * \param interface an interface
     * \param address one of its addresses: its subnet and itself are forgotten
     */
    void Remove(uint32_t interface, const Ipv4InterfaceAddress& address);

    Ptr<Ipv4> m_ipv4; //!< the router's IPv4
    /// prefix length -> (subnet -> interface), longest prefix first
    std::map<uint32_t, std::unordered_map<uint32_t, uint32_t>, std::greater<uint32_t>> m_subnets;
    std::unordered_map<uint32_t, uint32_t> m_local;      //!< own address -> interface
    std::unordered_map<uint32_t, uint32_t> m_broadcasts; //!< subnet broadcast -> interface
};

} // namespace ns3

#endif /* TLS_TOPOLOGY_H */
