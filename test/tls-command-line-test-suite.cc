/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// TlsCommandLine's strict parsing and attribute checks, TlsExperiment's
// refusals before a run, and TlsStarTopology on its own.

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/tls-command-line.h"
#include "ns3/tls-experiment.h"
#include "ns3/tls-topology.h"
#include "ns3/traffic-control-module.h"

using namespace ns3;

namespace
{

/**
 * \ingroup tls-test
 * Values are parsed whole and within range.
 */
class TlsStrictParseTestCase : public TestCase
{
  public:
    TlsStrictParseTestCase()
        : TestCase("times, counts, rates and booleans are parsed strictly")
    {
    }

  private:
    void DoRun() override
    {
        Time t;
        NS_TEST_ASSERT_MSG_EQ(TlsCommandLine::ParseTime("10ms", &t), true, "10ms");
        NS_TEST_ASSERT_MSG_EQ(t, MilliSeconds(10), "10ms is 10 ms");
        NS_TEST_ASSERT_MSG_EQ(TlsCommandLine::ParseTime("1.5s", &t), true, "1.5s");
        NS_TEST_ASSERT_MSG_EQ(t, MilliSeconds(1500), "1.5 s");
        NS_TEST_ASSERT_MSG_EQ(TlsCommandLine::ParseTime("2min", &t), true, "2min");
        NS_TEST_ASSERT_MSG_EQ(t, Seconds(120), "2 min");
        NS_TEST_ASSERT_MSG_EQ(TlsCommandLine::ParseTime("-1ms", &t), true, "sign is syntax");
        NS_TEST_ASSERT_MSG_EQ(t, MilliSeconds(-1), "-1 ms");
        for (const char* bad : {"abc", "", "10 ms", "10parsecs", "1e10s", "ms", "1..2s", "nan"})
        {
            NS_TEST_ASSERT_MSG_EQ(TlsCommandLine::ParseTime(bad, &t), false, "time " << bad);
        }
        uint64_t u = 0;
        NS_TEST_ASSERT_MSG_EQ(TlsCommandLine::ParseUnsigned("4294967296", &u), true, "2^32");
        NS_TEST_ASSERT_MSG_EQ(u, 4294967296ULL, "2^32");
        for (const char* bad : {"-3", "+3", "3.5", "1e3", "", " 3", "99999999999999999999999"})
        {
            NS_TEST_ASSERT_MSG_EQ(TlsCommandLine::ParseUnsigned(bad, &u), false, "count " << bad);
        }
        double d = 0;
        NS_TEST_ASSERT_MSG_EQ(TlsCommandLine::ParseDouble("0.01", &d), true, "0.01");
        NS_TEST_ASSERT_MSG_EQ_TOL(d, 0.01, 1e-15, "0.01");
        NS_TEST_ASSERT_MSG_EQ(TlsCommandLine::ParseDouble("1e-3", &d), true, "1e-3");
        for (const char* bad : {"0.01x", "nan", "inf", "", "1e400", "0,5"})
        {
            NS_TEST_ASSERT_MSG_EQ(TlsCommandLine::ParseDouble(bad, &d), false, "number " << bad);
        }
        bool b = false;
        NS_TEST_ASSERT_MSG_EQ(TlsCommandLine::ParseBool("", &b) && b, true, "no value is true");
        NS_TEST_ASSERT_MSG_EQ(TlsCommandLine::ParseBool("0", &b) && !b, true, "0 is false");
        NS_TEST_ASSERT_MSG_EQ(TlsCommandLine::ParseBool("maybe", &b), false, "maybe");
    }
};

/**
 * \ingroup tls-test
 * Attribute values are checked against their checkers without aborting.
 */
class TlsAttributeCheckTestCase : public TestCase
{
  public:
    TlsAttributeCheckTestCase()
        : TestCase("attribute values are refused with a message, never an abort")
    {
    }

  private:
    void DoRun() override
    {
        auto refused = [](const std::string& path, const std::string& value) {
            return !TlsCommandLine::CheckAttribute(path, value).empty();
        };
        NS_TEST_ASSERT_MSG_EQ(refused("ns3::TlsExperiment::Clients", "3"), false, "3 clients");
        NS_TEST_ASSERT_MSG_EQ(refused("ns3::TlsExperiment::Clients", "0"), true, "0 clients");
        NS_TEST_ASSERT_MSG_EQ(refused("ns3::TlsExperiment::Clients", "-3"), true, "-3 clients");
        NS_TEST_ASSERT_MSG_EQ(refused("ns3::TlsExperiment::UplinkLoss", "1.5"), true, "loss 1.5");
        NS_TEST_ASSERT_MSG_EQ(refused("ns3::TlsExperiment::UplinkLoss", "0.01x"), true, "0.01x");
        NS_TEST_ASSERT_MSG_EQ(refused("ns3::TlsExperiment::ClientDelay", "abc"), true, "abc");
        NS_TEST_ASSERT_MSG_EQ(refused("ns3::TcpL4Protocol::SocketType", "ns3::Nope"), true, "type");
        NS_TEST_ASSERT_MSG_EQ(refused("ns3::TcpL4Protocol::SocketType", "ns3::TcpBbr"),
                              false,
                              "TcpBbr");
        NS_TEST_ASSERT_MSG_EQ(refused("ns3::TlsContext::NoSuch", "1"), true, "no attribute");
        NS_TEST_ASSERT_MSG_EQ(refused("ns3::NoSuchType::X", "1"), true, "no type");
        NS_TEST_ASSERT_MSG_EQ(refused("RngRun", "0"), true, "run 0");
        NS_TEST_ASSERT_MSG_EQ(refused("RngRun", "2"), false, "run 2");
        std::string message = TlsCommandLine::CheckAttribute("ns3::TlsExperiment::Rate", "-5");
        NS_TEST_ASSERT_MSG_NE(message.find("ns3::TlsExperiment::Rate"),
                              std::string::npos,
                              "names the attribute: " << message);
        NS_TEST_ASSERT_MSG_NE(message.find("'-5'"), std::string::npos, "names the value");
    }
};

/**
 * \ingroup tls-test
 * TlsExperiment refuses bad combinations before anything runs.
 */
class TlsExperimentValidateTestCase : public TestCase
{
  public:
    TlsExperimentValidateTestCase()
        : TestCase("TlsExperiment refuses bad settings and output paths before the run")
    {
    }

  private:
    void DoRun() override
    {
        auto error = [](const std::vector<std::pair<std::string, std::string>>& attributes) {
            Ptr<TlsExperiment> e = CreateObject<TlsExperiment>();
            for (const auto& a : attributes)
            {
                e->SetAttribute(a.first, StringValue(a.second));
            }
            return e->Validate();
        };
        NS_TEST_ASSERT_MSG_EQ(error({}), "", "the defaults are valid");
        NS_TEST_ASSERT_MSG_NE(error({{"RecordsFile", "x.csv"}, {"SummaryFile", "./x.csv"}}),
                              "",
                              "one file for two outputs");
        NS_TEST_ASSERT_MSG_NE(error({{"SummaryFile", "/nonexistent/s.json"}}), "", "bad path");
        NS_TEST_ASSERT_MSG_NE(error({{"FaultFraction", "0.5"}}), "", "no scenario to carry");
        NS_TEST_ASSERT_MSG_NE(error({{"ResponseSize", "100"}}), "", "response to no request");
        NS_TEST_ASSERT_MSG_NE(error({{"ServerDelay", "-5ms"}}), "", "negative delay");
        NS_TEST_ASSERT_MSG_NE(error({{"ClientBandwidth", "0bps"}}), "", "no bandwidth");
        NS_TEST_ASSERT_MSG_NE(error({{"HandshakeTimeout", "0s"}}), "", "no timeout");
        NS_TEST_ASSERT_MSG_NE(error({{"TcpVariant", "ns3::TcpSocketBase"}}), "", "not a CC");
        NS_TEST_ASSERT_MSG_EQ(error({{"TcpVariant", "ns3::TcpNewReno"}}), "", "NewReno");
        NS_TEST_ASSERT_MSG_NE(error({{"QueueDisc", "codel"}}), "", "not a queue disc type");
        NS_TEST_ASSERT_MSG_EQ(error({{"QueueDisc", "ns3::FqCoDelQueueDisc"}}), "", "FqCoDel");
        NS_TEST_ASSERT_MSG_EQ(error({{"QueueDisc", "PfifoFastQueueDisc"}}), "", "without ns3::");
    }
};

/**
 * \ingroup tls-test
 * The star on its own: addresses, static default routes, a router that knows every subnet.
 */
class TlsStarTopologyTestCase : public TestCase
{
  public:
    TlsStarTopologyTestCase()
        : TestCase("TlsStarTopology: addresses and static routes of a star")
    {
    }

  private:
    void DoRun() override
    {
        TlsStarTopology star;
        star.SetClientLinks(DataRate("10Mbps"), MilliSeconds(5), MilliSeconds(2));
        star.Build(300, 2);
        NS_TEST_ASSERT_MSG_EQ(star.GetClients().GetN(), 300, "clients");
        NS_TEST_ASSERT_MSG_EQ(star.GetServers().GetN(), 2, "servers");
        NS_TEST_ASSERT_MSG_EQ(star.GetAllNodes().GetN(), 303, "all nodes");
        NS_TEST_ASSERT_MSG_EQ(star.GetClientAddress(0), Ipv4Address("10.0.0.1"), "client 0");
        NS_TEST_ASSERT_MSG_EQ(star.GetClientAddress(257), Ipv4Address("10.1.1.1"), "client 257");
        NS_TEST_ASSERT_MSG_EQ(star.GetServerAddress(1), Ipv4Address("172.16.1.1"), "server 1");
        for (uint32_t i : {0u, 299u})
        {
            Time d = star.GetClientDelay(i);
            bool inRange = d >= MilliSeconds(3) && d <= MilliSeconds(7);
            NS_TEST_ASSERT_MSG_EQ(inRange, true, "delay within 5 ms +- 2 ms");
        }
        // A client's route to a server goes to the router's side of its link.
        Ptr<Ipv4> ipv4 = star.GetClients().Get(257)->GetObject<Ipv4>();
        Ipv4Header header;
        header.SetDestination(star.GetServerAddress(1));
        Socket::SocketErrno err;
        Ptr<Ipv4Route> route =
            ipv4->GetRoutingProtocol()->RouteOutput(nullptr, header, nullptr, err);
        NS_TEST_ASSERT_MSG_NE(route, nullptr, "client has a route");
        NS_TEST_ASSERT_MSG_EQ(route->GetGateway(), Ipv4Address("10.1.1.2"), "via the router");
        // The router reaches every client directly.
        Ptr<Ipv4> router = star.GetRouter()->GetObject<Ipv4>();
        header.SetDestination(star.GetClientAddress(299));
        route = router->GetRoutingProtocol()->RouteOutput(nullptr, header, nullptr, err);
        NS_TEST_ASSERT_MSG_NE(route, nullptr, "router has a route");
        NS_TEST_ASSERT_MSG_EQ(route->GetOutputDevice(),
                              star.GetClientRouterDevices().Get(299),
                              "on client 299's link");
        NS_TEST_ASSERT_MSG_EQ(route->GetGateway(), Ipv4Address::GetZero(), "directly");
        NS_TEST_ASSERT_MSG_EQ(route->GetSource(), Ipv4Address("10.1.43.2"), "from its side");
        header.SetDestination(star.GetServerAddress(1));
        route = router->GetRoutingProtocol()->RouteOutput(nullptr, header, nullptr, err);
        NS_TEST_ASSERT_MSG_NE(route, nullptr, "router has a route to server 1");
        NS_TEST_ASSERT_MSG_EQ(route->GetOutputDevice(),
                              star.GetServerRouterDevices().Get(1),
                              "on server 1's link");
        header.SetDestination(Ipv4Address("192.168.0.1"));
        route = router->GetRoutingProtocol()->RouteOutput(nullptr, header, nullptr, err);
        NS_TEST_ASSERT_MSG_EQ(route, nullptr, "no route outside the star");
        NS_TEST_ASSERT_MSG_EQ(err, Socket::ERROR_NOROUTETOHOST, "reported as such");
        // A segment from client 0 to client 299 is forwarded on client 299's link;
        // one to the router's own address on client 5's link is delivered locally.
        Ipv4RoutingProtocol::UnicastForwardCallback ucb =
            MakeCallback(&TlsStarTopologyTestCase::Forward, this);
        Ipv4RoutingProtocol::LocalDeliverCallback lcb =
            MakeCallback(&TlsStarTopologyTestCase::Local, this);
        header.SetSource(star.GetClientAddress(0));
        header.SetDestination(star.GetClientAddress(299));
        bool handled = router->GetRoutingProtocol()->RouteInput(
            Create<Packet>(10),
            header,
            star.GetClientRouterDevices().Get(0),
            ucb,
            Ipv4RoutingProtocol::MulticastForwardCallback(),
            lcb,
            Ipv4RoutingProtocol::ErrorCallback());
        NS_TEST_ASSERT_MSG_EQ(handled, true, "forwarded");
        NS_TEST_ASSERT_MSG_EQ(m_forwardedOn,
                              star.GetClientRouterDevices().Get(299),
                              "on client 299's link");
        header.SetDestination(Ipv4Address("10.0.5.2"));
        handled = router->GetRoutingProtocol()->RouteInput(
            Create<Packet>(10),
            header,
            star.GetClientRouterDevices().Get(0),
            ucb,
            Ipv4RoutingProtocol::MulticastForwardCallback(),
            lcb,
            Ipv4RoutingProtocol::ErrorCallback());
        NS_TEST_ASSERT_MSG_EQ(handled && m_local == 1, true, "delivered to the router");
        // IPv4 only, and no queue disc above the devices' DropTail queues.
        NS_TEST_ASSERT_MSG_EQ(star.GetClients().Get(0)->GetObject<Ipv6>(), nullptr, "no IPv6");
        Ptr<TrafficControlLayer> tc = star.GetRouter()->GetObject<TrafficControlLayer>();
        NS_TEST_ASSERT_MSG_EQ(tc->GetRootQueueDiscOnDevice(star.GetClientRouterDevices().Get(7)),
                              nullptr,
                              "no queue disc by default");
        Simulator::Destroy();

        // With a queue disc: on both ends of every link.
        TlsStarTopology fq;
        fq.SetQueueDisc("ns3::FqCoDelQueueDisc");
        fq.Build(3, 1);
        for (const NetDeviceContainer& devices : {fq.GetClientDevices(),
                                                  fq.GetClientRouterDevices(),
                                                  fq.GetServerDevices(),
                                                  fq.GetServerRouterDevices()})
        {
            for (uint32_t i = 0; i < devices.GetN(); ++i)
            {
                Ptr<NetDevice> d = devices.Get(i);
                Ptr<QueueDisc> q =
                    d->GetNode()->GetObject<TrafficControlLayer>()->GetRootQueueDiscOnDevice(d);
                NS_TEST_ASSERT_MSG_NE(q, nullptr, "a root queue disc");
                NS_TEST_ASSERT_MSG_EQ(q->GetInstanceTypeId().GetName(),
                                      "ns3::FqCoDelQueueDisc",
                                      "FqCoDel");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(TlsStarTopology::CheckQueueDisc("none"), "", "none is valid");
        NS_TEST_ASSERT_MSG_NE(TlsStarTopology::CheckQueueDisc("ns3::Node").find("FqCoDel"),
                              std::string::npos,
                              "the allowed values");
        Simulator::Destroy();
    }

    /**
     * A forwarded packet.
     * \param route its route
     */
    void Forward(Ptr<Ipv4Route> route, Ptr<const Packet>, const Ipv4Header&)
    {
        m_forwardedOn = route->GetOutputDevice();
    }

    /// A packet delivered locally.
    void Local(Ptr<const Packet>, const Ipv4Header&, uint32_t)
    {
        ++m_local;
    }

    Ptr<NetDevice> m_forwardedOn; //!< device of the last forwarded packet
    uint32_t m_local{0};          //!< packets delivered locally
};

/**
 * \ingroup tls-test
 * The suite.
 */
class TlsCommandLineTestSuite : public TestSuite
{
  public:
    TlsCommandLineTestSuite()
        : TestSuite("tls-command-line", UNIT)
    {
        AddTestCase(new TlsStrictParseTestCase, TestCase::QUICK);
        AddTestCase(new TlsAttributeCheckTestCase, TestCase::QUICK);
        AddTestCase(new TlsExperimentValidateTestCase, TestCase::QUICK);
        AddTestCase(new TlsStarTopologyTestCase, TestCase::QUICK);
    }
};

static TlsCommandLineTestSuite g_tlsCommandLineTestSuite; //!< static instance

} // namespace
