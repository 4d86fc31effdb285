/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-topology.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/error-model.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/pointer.h"
#include "ns3/queue-disc.h"
#include "ns3/queue-size.h"
#include "ns3/random-variable-stream.h"
#include "ns3/string.h"
#include "ns3/tls-loss-model.h"
#include "ns3/traffic-control-helper.h"

#include <chrono>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsStarTopology");

NS_OBJECT_ENSURE_REGISTERED(TlsStarRouting);

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
TlsStarTopology::SetQueueDisc(const std::string& queueDisc)
{
    m_queueDisc = queueDisc;
}

namespace
{

/// Queue discs that run as a root queue disc without further configuration.
const char* const g_queueDiscs[] = {"ns3::FqCoDelQueueDisc",
                                    "ns3::CoDelQueueDisc",
                                    "ns3::FqPieQueueDisc",
                                    "ns3::PieQueueDisc",
                                    "ns3::FqCobaltQueueDisc",
                                    "ns3::CobaltQueueDisc",
                                    "ns3::PfifoFastQueueDisc",
                                    "ns3::FifoQueueDisc",
                                    "ns3::RedQueueDisc"};

/**
 * \param name a queue disc type, with or without "ns3::"
 * \return its TypeId name if it is one of g_queueDiscs, else ""
 */
std::string
QueueDiscType(const std::string& name)
{
    std::string full = name.rfind("ns3::", 0) == 0 ? name : "ns3::" + name;
    for (const char* q : g_queueDiscs)
    {
        if (full == q)
        {
            return full;
        }
    }
    return "";
}

} // namespace

std::string
TlsStarTopology::CheckQueueDisc(const std::string& queueDisc)
{
    if (queueDisc == "none" || !QueueDiscType(queueDisc).empty())
    {
        return "";
    }
    std::string allowed = "none";
    for (const char* q : g_queueDiscs)
    {
        allowed += std::string(", ") + q;
    }
    return allowed;
}

void
TlsStarTopology::SetProgressCallback(Callback<void, std::string, uint32_t, uint32_t> progress)
{
    m_progress = progress;
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
 * Give a device an IPv4 interface with one address and bring it up, as
 * Ipv4AddressHelper::Assign does (without its queue disc and its global
 * registry of allocated addresses).
 * \param device the device
 * \param address its address
 * \param mask the subnet mask
 * \param container receives the (IPv4, interface) pair
 */
void
AssignAddress(Ptr<NetDevice> device,
              Ipv4Address address,
              Ipv4Mask mask,
              Ipv4InterfaceContainer& container)
{
    Ptr<Ipv4> ipv4 = device->GetNode()->GetObject<Ipv4>();
    int32_t interface = ipv4->AddInterface(device);
    ipv4->AddAddress(interface, Ipv4InterfaceAddress(address, mask));
    ipv4->SetMetric(interface, 1);
    ipv4->SetUp(interface);
    container.Add(ipv4, interface);
}

/// Installs TlsStarRouting (InternetStackHelper's routing helper for the router).
class TlsStarRoutingHelper : public Ipv4RoutingHelper
{
  public:
    Ipv4RoutingHelper* Copy() const override
    {
        return new TlsStarRoutingHelper(*this);
    }

    Ptr<Ipv4RoutingProtocol> Create(Ptr<Node>) const override
    {
        return CreateObject<TlsStarRouting>();
    }
};

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
    std::string queueDisc = m_queueDisc == "none" ? "" : QueueDiscType(m_queueDisc);
    NS_ABORT_MSG_IF(m_queueDisc != "none" && queueDisc.empty(),
                    "TlsStarTopology: queue disc '" << m_queueDisc << "' (expected "
                                                    << CheckQueueDisc(m_queueDisc) << ")");
    TrafficControlHelper tc;
    if (!queueDisc.empty())
    {
        tc.SetRootQueueDisc(queueDisc);
    }
    // A line at most once per wall second; the end of a stage only once a line was
    // printed (a small star sets up silently).
    auto lastProgress = std::chrono::steady_clock::now();
    bool printed = false;
    auto progress =
        [this, &lastProgress, &printed](const char* stage, uint32_t done, uint32_t all) {
            auto now = std::chrono::steady_clock::now();
            if (!m_progress.IsNull() &&
                ((printed && done == all) || now - lastProgress >= std::chrono::seconds(1)))
            {
                lastProgress = now;
                printed = true;
                m_progress(stage, done, all);
            }
        };
    m_clients.Create(clients);
    m_servers.Create(servers);
    m_router.Create(1);
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.SetRoutingHelper(Ipv4StaticRoutingHelper());
    const uint32_t nodes = clients + servers + 1;
    for (uint32_t i = 0; i < clients; ++i)
    {
        stack.Install(m_clients.Get(i));
        progress("nodes", i + 1, nodes);
    }
    stack.Install(m_servers);
    stack.SetRoutingHelper(TlsStarRoutingHelper());
    stack.Install(m_router);
    progress("nodes", nodes, nodes);
    m_p2p.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", QueueSizeValue(QueueSize(m_queueSize)));
    Ptr<UniformRandomVariable> uniform = CreateObject<UniformRandomVariable>();
    uniform->SetStream(stream);
    m_delays.clear();
    const Ipv4Mask mask("255.255.255.0");
    const uint32_t links = clients + servers;
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
        Ipv4InterfaceContainer ifaces;
        AssignAddress(d.Get(0), Ipv4Address(net | 1), mask, ifaces);
        AssignAddress(d.Get(1), Ipv4Address(net | 2), mask, ifaces);
        if (!queueDisc.empty())
        {
            tc.Install(d);
        }
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
        progress("links", i + 1, links);
    }
    m_p2p.SetDeviceAttribute("DataRate", DataRateValue(m_serverRate));
    m_p2p.SetChannelAttribute("Delay", TimeValue(m_serverDelay));
    for (uint32_t j = 0; j < servers; ++j)
    {
        NetDeviceContainer d = m_p2p.Install(m_servers.Get(j), m_router.Get(0));
        uint32_t net = (172u << 24) | ((16 + j / 256) << 16) | ((j % 256) << 8);
        Ipv4InterfaceContainer ifaces;
        AssignAddress(d.Get(0), Ipv4Address(net | 1), mask, ifaces);
        AssignAddress(d.Get(1), Ipv4Address(net | 2), mask, ifaces);
        if (!queueDisc.empty())
        {
            tc.Install(d);
        }
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
        progress("links", clients + j + 1, links);
    }
    // The router's TlsStarRouting knows its connected subnets already.
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

TypeId
TlsStarRouting::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TlsStarRouting")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("Tls")
                            .AddConstructor<TlsStarRouting>();
    return tid;
}

void
TlsStarRouting::DoDispose()
{
    m_ipv4 = nullptr;
    m_subnets.clear();
    m_local.clear();
    m_broadcasts.clear();
    Ipv4RoutingProtocol::DoDispose();
}

Ptr<Ipv4Route>
TlsStarRouting::Lookup(Ipv4Address dest, Ptr<const NetDevice> oif) const
{
    uint32_t d = dest.Get();
    for (const auto& [prefix, subnets] : m_subnets)
    {
        uint32_t mask = prefix == 0 ? 0 : ~uint32_t(0) << (32 - prefix);
        auto it = subnets.find(d & mask);
        if (it == subnets.end())
        {
            continue;
        }
        Ptr<NetDevice> device = m_ipv4->GetNetDevice(it->second);
        if (oif && oif != device)
        {
            continue;
        }
        Ptr<Ipv4Route> route = Create<Ipv4Route>();
        route->SetDestination(dest);
        route->SetGateway(Ipv4Address::GetZero());
        route->SetSource(m_ipv4->GetAddress(it->second, 0).GetLocal());
        route->SetOutputDevice(device);
        return route;
    }
    return nullptr;
}

Ptr<Ipv4Route>
TlsStarRouting::RouteOutput(Ptr<Packet> /* p */,
                            const Ipv4Header& header,
                            Ptr<NetDevice> oif,
                            Socket::SocketErrno& sockerr)
{
    Ptr<Ipv4Route> route = Lookup(header.GetDestination(), oif);
    sockerr = route ? Socket::ERROR_NOTERROR : Socket::ERROR_NOROUTETOHOST;
    return route;
}

bool
TlsStarRouting::RouteInput(Ptr<const Packet> p,
                           const Ipv4Header& header,
                           Ptr<const NetDevice> idev,
                           tls_compat::RouteInputCallback<UnicastForwardCallback> ucb,
                           tls_compat::RouteInputCallback<MulticastForwardCallback> /* mcb */,
                           tls_compat::RouteInputCallback<LocalDeliverCallback> lcb,
                           tls_compat::RouteInputCallback<ErrorCallback> ecb)
{
    Ipv4Address dest = header.GetDestination();
    if (dest.IsMulticast())
    {
        return false;
    }
    int32_t iif = m_ipv4->GetInterfaceForDevice(idev);
    NS_ASSERT(iif >= 0);
    if (m_local.count(dest.Get()) || dest.IsBroadcast() || m_broadcasts.count(dest.Get()))
    {
        if (lcb.IsNull())
        {
            return false;
        }
        lcb(p, header, iif);
        return true;
    }
    if (!m_ipv4->IsForwarding(iif))
    {
        ecb(p, header, Socket::ERROR_NOROUTETOHOST);
        return true;
    }
    Ptr<Ipv4Route> route = Lookup(dest, nullptr);
    if (!route)
    {
        return false;
    }
    ucb(route, p, header);
    return true;
}

void
TlsStarRouting::Add(uint32_t interface, const Ipv4InterfaceAddress& address)
{
    uint32_t local = address.GetLocal().Get();
    uint32_t mask = address.GetMask().Get();
    if (local == 0)
    {
        return;
    }
    m_local[local] = interface;
    if (mask != 0 && mask != ~uint32_t(0))
    {
        m_subnets[address.GetMask().GetPrefixLength()].emplace(local & mask, interface);
        m_broadcasts[local | ~mask] = interface;
    }
}

void
TlsStarRouting::Remove(uint32_t interface, const Ipv4InterfaceAddress& address)
{
    uint32_t local = address.GetLocal().Get();
    uint32_t mask = address.GetMask().Get();
    auto own = m_local.find(local);
    if (own != m_local.end() && own->second == interface)
    {
        m_local.erase(own);
    }
    auto subnets = m_subnets.find(address.GetMask().GetPrefixLength());
    if (subnets != m_subnets.end())
    {
        auto it = subnets->second.find(local & mask);
        if (it != subnets->second.end() && it->second == interface)
        {
            subnets->second.erase(it);
        }
    }
    auto broadcast = m_broadcasts.find(local | ~mask);
    if (broadcast != m_broadcasts.end() && broadcast->second == interface)
    {
        m_broadcasts.erase(broadcast);
    }
}

void
TlsStarRouting::NotifyInterfaceUp(uint32_t interface)
{
    for (uint32_t j = 0; j < m_ipv4->GetNAddresses(interface); ++j)
    {
        Add(interface, m_ipv4->GetAddress(interface, j));
    }
}

void
TlsStarRouting::NotifyInterfaceDown(uint32_t interface)
{
    for (uint32_t j = 0; j < m_ipv4->GetNAddresses(interface); ++j)
    {
        Remove(interface, m_ipv4->GetAddress(interface, j));
    }
}

void
TlsStarRouting::NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    if (m_ipv4->IsUp(interface))
    {
        Add(interface, address);
    }
}

void
TlsStarRouting::NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    Remove(interface, address);
}

void
TlsStarRouting::SetIpv4(Ptr<Ipv4> ipv4)
{
    NS_ASSERT(!m_ipv4 && ipv4);
    m_ipv4 = ipv4;
    for (uint32_t i = 0; i < m_ipv4->GetNInterfaces(); ++i)
    {
        if (m_ipv4->IsUp(i))
        {
            NotifyInterfaceUp(i);
        }
    }
}

void
TlsStarRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    std::ostream& os = *stream->GetStream();
    os << "Node: " << m_ipv4->GetObject<Node>()->GetId() << ", Time: " << Now().As(unit)
       << ", TlsStarRouting table (connected subnets)" << std::endl;
    for (const auto& [prefix, subnets] : m_subnets)
    {
        std::map<uint32_t, uint32_t> sorted(subnets.begin(), subnets.end());
        for (const auto& [net, interface] : sorted)
        {
            os << Ipv4Address(net) << "/" << prefix << " interface " << interface << std::endl;
        }
    }
    os << std::endl;
}

} // namespace ns3
