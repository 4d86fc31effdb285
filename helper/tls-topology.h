/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_TOPOLOGY_H
#define TLS_TOPOLOGY_H

#include "ns3/data-rate.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-interface-container.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/point-to-point-helper.h"

#include <cstdint>
#include <string>
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
 * a bottleneck hop. Routes are static: every client and server has a default
 * route to the router, and the router knows its connected subnets, so set-up
 * is linear in the number of nodes (global routing is quadratic: 5000 clients
 * took minutes).
 *
 * Loss: each client link drops packets arriving at the client with
 * DownlinkLoss; each server link drops packets arriving at the server with
 * UplinkLoss (RateErrorModel, per packet).
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
    DataRate m_clientRate;                    //!< client link rate
    Time m_clientDelay;                       //!< client link delay
    Time m_jitter;                            //!< client delay spread
    DataRate m_serverRate;                    //!< server link rate
    Time m_serverDelay;                       //!< server link delay
    std::string m_queueSize;                  //!< queue size
    double m_uplinkLoss;                      //!< uplink loss
    double m_downlinkLoss;                    //!< downlink loss
    std::string m_uplinkPattern{"none"};      //!< uplink loss pattern
    std::string m_downlinkPattern{"none"};    //!< downlink loss pattern
    PointToPointHelper m_p2p;                 //!< link helper
    NodeContainer m_clients;                  //!< clients
    NodeContainer m_servers;                  //!< servers
    NodeContainer m_router;                   //!< router
    NetDeviceContainer m_clientDevices;       //!< client side of client links
    NetDeviceContainer m_clientRouterDevices; //!< router side of client links
    NetDeviceContainer m_serverDevices;       //!< server side of server links
    NetDeviceContainer m_serverRouterDevices; //!< router side of server links
    Ipv4InterfaceContainer m_clientIfaces;    //!< client link interfaces
    Ipv4InterfaceContainer m_serverIfaces;    //!< server link interfaces
    std::vector<Time> m_delays;               //!< per-client delay
};

} // namespace ns3

#endif /* TLS_TOPOLOGY_H */
