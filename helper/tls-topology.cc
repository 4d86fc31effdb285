/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-topology.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/error-model.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/queue-size.h"
#include "ns3/random-variable-stream.h"
#include "ns3/string.h"
#include "ns3/tls-loss-model.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsStarTopology");

TlsStarTopology::TlsStarTopology()
    : m_clientRate("100Mbps"),
      m_clientDelay(MilliSeconds(10)),
      m_jitter(Seconds(0)),
      m_serverRate("10Gbps"),
      m_serverDelay(Seconds(0)),
      m_queueSize("100p"),
      m_uplinkLoss(0),
      m_downlinkLoss(0)
{
}

void
TlsStarTopology::SetClientLinks(DataRate rate, Time delay, Time jitter)
{
    m_clientRate = rate;
    m_clientDelay = delay;
    m_jitter = jitter;
}

void
TlsStarTopology::SetServerLinks(DataRate rate, Time delay)
{
    m_serverRate = rate;
    m_serverDelay = delay;
}

void
TlsStarTopology::SetQueueSize(const std::string& queueSize)
{
    m_queueSize = queueSize;
}

void
TlsStarTopology::SetLoss(double uplink, double downlink)
{
    m_uplinkLoss = uplink;
    m_downlinkLoss = downlink;
}

void
TlsStarTopology::SetLossPatterns(const std::string& uplink, const std::string& downlink)
{
    m_uplinkPattern = uplink;
    m_downlinkPattern = downlink;
}

namespace
{

/**
 * \param node a node with one point-to-point device besides loopback
 * \param gateway its next hop
 */
void
SetDefaultRoute(Ptr<Node> node, Ipv4Address gateway)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    Ipv4StaticRoutingHelper helper;
    helper.GetStaticRouting(ipv4)->SetDefaultRoute(gateway, 1);
}

/**
 * \param device a device
 * \param rate its receive loss rate
 * \param stream the loss model's random stream
 */
void
AddLoss(Ptr<NetDevice> device, double rate, int64_t stream)
{
    Ptr<RateErrorModel> loss = CreateObject<RateErrorModel>();
    loss->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
    loss->SetAttribute("ErrorRate", DoubleValue(rate));
    loss->AssignStreams(stream);
    device->SetAttribute("ReceiveErrorModel", PointerValue(loss));
}

} // namespace

void
TlsStarTopology::Build(uint32_t clients, uint32_t servers, int64_t stream)
{
    NS_ABORT_MSG_IF(clients == 0 || servers == 0,
                    "TlsStarTopology: at least one client and server");
    NS_ABORT_MSG_IF(m_router.GetN() > 0, "TlsStarTopology: Build called twice");
    NS_ABORT_MSG_IF(clients > 16 * 65536, "TlsStarTopology: at most 1048576 clients");
    NS_ABORT_MSG_IF(servers > 65536, "TlsStarTopology: at most 65536 servers");
    m_clients.Create(clients);
    m_servers.Create(servers);
    m_router.Create(1);
    InternetStackHelper stack;
    stack.Install(m_clients);
    stack.Install(m_servers);
    stack.Install(m_router);
    m_p2p.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", QueueSizeValue(QueueSize(m_queueSize)));
    Ptr<UniformRandomVariable> uniform = CreateObject<UniformRandomVariable>();
    uniform->SetStream(stream);
    Ipv4AddressHelper addresses;
    m_delays.clear();
    m_p2p.SetDeviceAttribute("DataRate", DataRateValue(m_clientRate));
    for (uint32_t i = 0; i < clients; ++i)
    {
        Time delay = m_clientDelay;
        if (m_jitter.IsStrictlyPositive())
        {
            delay += Seconds(uniform->GetValue(-m_jitter.GetSeconds(), m_jitter.GetSeconds()));
        }
        m_delays.push_back(delay);
        m_p2p.SetChannelAttribute("Delay", TimeValue(delay));
        NetDeviceContainer d = m_p2p.Install(m_clients.Get(i), m_router.Get(0));
        // 10+i/65536 . i/256%256 . i%256 . 0
        uint32_t net = ((10 + i / 65536) << 24) | ((i / 256 % 256) << 16) | ((i % 256) << 8);
        addresses.SetBase(Ipv4Address(net), "255.255.255.0");
        Ipv4InterfaceContainer ifaces = addresses.Assign(d);
        m_clientDevices.Add(d.Get(0));
        m_clientRouterDevices.Add(d.Get(1));
        m_clientIfaces.Add(ifaces.Get(0));
        m_clientIfaces.Add(ifaces.Get(1));
        SetDefaultRoute(m_clients.Get(i), ifaces.GetAddress(1));
        if (!TlsLossModel::IsNone(m_downlinkPattern))
        {
            TlsLossModel::Install(d.Get(0),
                                  TlsLossModel::WithRate(m_downlinkPattern, m_downlinkLoss),
                                  1000 + 2 * static_cast<int64_t>(i));
        }
        else if (m_downlinkLoss > 0)
        {
            AddLoss(d.Get(0), m_downlinkLoss, 1000 + 2 * static_cast<int64_t>(i));
        }
    }
    m_p2p.SetDeviceAttribute("DataRate", DataRateValue(m_serverRate));
    m_p2p.SetChannelAttribute("Delay", TimeValue(m_serverDelay));
    for (uint32_t j = 0; j < servers; ++j)
    {
        NetDeviceContainer d = m_p2p.Install(m_servers.Get(j), m_router.Get(0));
        uint32_t net = (172u << 24) | ((16 + j / 256) << 16) | ((j % 256) << 8);
        addresses.SetBase(Ipv4Address(net), "255.255.255.0");
        Ipv4InterfaceContainer ifaces = addresses.Assign(d);
        m_serverDevices.Add(d.Get(0));
        m_serverRouterDevices.Add(d.Get(1));
        m_serverIfaces.Add(ifaces.Get(0));
        m_serverIfaces.Add(ifaces.Get(1));
        SetDefaultRoute(m_servers.Get(j), ifaces.GetAddress(1));
        if (!TlsLossModel::IsNone(m_uplinkPattern))
        {
            TlsLossModel::Install(d.Get(0),
                                  TlsLossModel::WithRate(m_uplinkPattern, m_uplinkLoss),
                                  1001 + 2 * static_cast<int64_t>(j));
        }
        else if (m_uplinkLoss > 0)
        {
            AddLoss(d.Get(0), m_uplinkLoss, 1001 + 2 * static_cast<int64_t>(j));
        }
    }
    // The router's connected subnets are in its static routing table already.
}

NodeContainer
TlsStarTopology::GetClients() const
{
    return m_clients;
}

NodeContainer
TlsStarTopology::GetServers() const
{
    return m_servers;
}

Ptr<Node>
TlsStarTopology::GetRouter() const
{
    return m_router.Get(0);
}

NodeContainer
TlsStarTopology::GetAllNodes() const
{
    return NodeContainer(m_clients, m_servers, m_router);
}

NetDeviceContainer
TlsStarTopology::GetClientDevices() const
{
    return m_clientDevices;
}

NetDeviceContainer
TlsStarTopology::GetClientRouterDevices() const
{
    return m_clientRouterDevices;
}

NetDeviceContainer
TlsStarTopology::GetServerDevices() const
{
    return m_serverDevices;
}

NetDeviceContainer
TlsStarTopology::GetServerRouterDevices() const
{
    return m_serverRouterDevices;
}

Ipv4InterfaceContainer
TlsStarTopology::GetClientInterfaces() const
{
    return m_clientIfaces;
}

Ipv4InterfaceContainer
TlsStarTopology::GetServerInterfaces() const
{
    return m_serverIfaces;
}

Ipv4Address
TlsStarTopology::GetClientAddress(uint32_t i) const
{
    return m_clientIfaces.GetAddress(2 * i);
}

Ipv4Address
TlsStarTopology::GetServerAddress(uint32_t j) const
{
    return m_serverIfaces.GetAddress(2 * j);
}

Time
TlsStarTopology::GetClientDelay(uint32_t i) const
{
    return m_delays.at(i);
}

PointToPointHelper&
TlsStarTopology::GetPointToPointHelper()
{
    return m_p2p;
}

} // namespace ns3
