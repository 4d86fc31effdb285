/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// TlsCommandLine's strict parsing and attribute checks, choice attributes,
// TlsExperiment's refusals before a run, and TlsStarTopology on its own.

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/tls-client.h"
#include "ns3/tls-command-line.h"
#include "ns3/tls-context.h"
#include "ns3/tls-cpu.h"
#include "ns3/tls-experiment.h"
#include "ns3/tls-ns3-compat.h"
#include "ns3/tls-topology.h"
#include "ns3/traffic-control-module.h"

#include <set>
#include <sstream>

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
 * Attributes that take one of a closed set of names (EnumValues, or StringValues
 * with a TlsChoiceChecker): exactly the documented names are taken, each reads
 * back as set, anything else is refused with one line naming the attribute, the
 * value and every allowed name, and --PrintAttributes lists the names.
 */
class TlsChoiceAttributeTestCase : public TestCase
{
  public:
    TlsChoiceAttributeTestCase()
        : TestCase("choice attributes take their names only and list them")
    {
    }

  private:
    /// An attribute and the names it must take, as documented.
    struct Choice
    {
        std::string path;               //!< ns3::Type::Attribute
        std::set<std::string> names;    //!< allowed names
        std::vector<std::string> wrong; //!< values that must be refused
    };

    /**
     * \param path ns3::Type::Attribute
     * \return an object of the type, or nullptr for types not created here
     */
    static Ptr<Object> Make(const std::string& path)
    {
        if (path.rfind("ns3::TlsContext::", 0) == 0)
        {
            return CreateObject<TlsContext>();
        }
        if (path.rfind("ns3::TlsClient::", 0) == 0)
        {
            return CreateObject<TlsClient>();
        }
        if (path.rfind("ns3::TlsCpu::", 0) == 0)
        {
            return CreateObject<TlsCpu>();
        }
        if (path.rfind("ns3::TlsExperiment::", 0) == 0)
        {
            return CreateObject<TlsExperiment>();
        }
        return nullptr;
    }

    void DoRun() override
    {
        const std::set<std::string> keyTypes{"rsa2048",
                                             "rsa3072",
                                             "rsa4096",
                                             "p256",
                                             "p384",
                                             "ed25519",
                                             "mldsa44",
                                             "mldsa65",
                                             "mldsa87"};
        std::set<std::string> caKeyTypes = keyTypes;
        caKeyTypes.insert({"", "slhdsa-sha2-128s", "slhdsa-sha2-128f"});
        std::set<std::string> experimentKeyTypes = keyTypes;
        experimentKeyTypes.insert("");
        const std::vector<Choice> choices{
            {"ns3::TlsContext::MinVersion", {"1.0", "1.1", "1.2", "1.3"}, {"1.4", "SSLv3", ""}},
            {"ns3::TlsContext::MaxVersion", {"1.0", "1.1", "1.2", "1.3"}, {"1.4", "tls1.3"}},
            {"ns3::TlsContext::KeyType",
             keyTypes,
             {"rsa", "P256", "dsa1024", "", "slhdsa-sha2-128s"}},
            {"ns3::TlsContext::CaKeyType", caKeyTypes, {"rsa1024", " p256"}},
            {"ns3::TlsContext::ClientAuth", {"none", "request", "require"}, {"maybe", ""}},
            {"ns3::TlsClient::Resume", {"never", "always", "probability"}, {"0.5", "sometimes"}},
            {"ns3::TlsClient::ServerSelection", {"round-robin", "random"}, {"roundrobin"}},
            {"ns3::TlsCpu::Mode", {"table", "measured"}, {"fast", ""}},
            {"ns3::ProfiledTcpSocket::Profile", {"Ns3", "Linux"}, {"linux", "Windows"}},
            {"ns3::TlsExperiment::Version", {"", "1.2", "1.3"}, {"1.4", "1.0"}},
            {"ns3::TlsExperiment::KeyType", experimentKeyTypes, {"rsa", "p521"}},
            {"ns3::TlsExperiment::CpuMode", {"table", "measured"}, {"fast"}},
        };
        for (const auto& c : choices)
        {
            TypeId::AttributeInformation info;
            std::string::size_type colon = c.path.rfind("::");
            NS_TEST_ASSERT_MSG_EQ(TypeId::LookupByName(c.path.substr(0, colon))
                                      .LookupAttributeByName(c.path.substr(colon + 2), &info),
                                  true,
                                  c.path << " exists");
            std::vector<std::string> listed = TlsCommandLine::Choices(info.checker);
            NS_TEST_EXPECT_MSG_EQ(listed.size(), c.names.size(), c.path << ": no duplicates");
            NS_TEST_EXPECT_MSG_EQ((std::set<std::string>(listed.begin(), listed.end()) == c.names),
                                  true,
                                  c.path << " takes the documented names");
            Ptr<Object> object = Make(c.path);
            for (const auto& name : c.names)
            {
                NS_TEST_EXPECT_MSG_EQ(TlsCommandLine::CheckAttribute(c.path, name),
                                      "",
                                      c.path << " takes '" << name << "'");
                if (object)
                {
                    std::string attribute = c.path.substr(colon + 2);
                    NS_TEST_EXPECT_MSG_EQ(
                        object->SetAttributeFailSafe(attribute, StringValue(name)),
                        true,
                        c.path << " set to '" << name << "'");
                    StringValue back;
                    object->GetAttribute(attribute, back);
                    NS_TEST_EXPECT_MSG_EQ(back.Get(), name, c.path << " reads back as set");
                }
            }
            for (const auto& value : c.wrong)
            {
                std::string message = TlsCommandLine::CheckAttribute(c.path, value);
                NS_TEST_EXPECT_MSG_NE(message, "", c.path << " refuses '" << value << "'");
                NS_TEST_EXPECT_MSG_EQ(message.find('\n'), std::string::npos, "one line");
                NS_TEST_EXPECT_MSG_NE(message.find(c.path), std::string::npos, message);
                NS_TEST_EXPECT_MSG_NE(message.find("'" + value + "'"), std::string::npos, message);
                for (const auto& name : c.names)
                {
                    NS_TEST_EXPECT_MSG_NE(message.find(name.empty() ? "empty" : name),
                                          std::string::npos,
                                          message << " lists '" << name << "'");
                }
                if (object)
                {
                    NS_TEST_EXPECT_MSG_EQ(
                        object->SetAttributeFailSafe(c.path.substr(colon + 2), StringValue(value)),
                        false,
                        c.path << " cannot be set to '" << value << "'");
                }
            }
        }

        // Scenario: the fault scenarios by name, or none.
        for (const std::string ok : {"", "none", "unknown-ca", "expired-cert", "garbage"})
        {
            NS_TEST_EXPECT_MSG_EQ(
                TlsCommandLine::CheckAttribute("ns3::TlsExperiment::Scenario", ok),
                "",
                "Scenario '" << ok << "'");
        }
        NS_TEST_EXPECT_MSG_NE(
            TlsCommandLine::CheckAttribute("ns3::TlsExperiment::Scenario", "bogus"),
            "",
            "Scenario 'bogus'");

        std::ostringstream printed;
        TlsCommandLine::PrintAttributes(printed, TlsContext::GetTypeId());
        std::string text = printed.str();
        NS_TEST_EXPECT_MSG_NE(text.find("    --ns3::TlsContext::ClientAuth=[none]\n"),
                              std::string::npos,
                              "ClientAuth and its default");
        NS_TEST_EXPECT_MSG_NE(text.find("Allowed values: none, request or require\n"),
                              std::string::npos,
                              "ClientAuth's names");
        NS_TEST_EXPECT_MSG_NE(text.find("    --ns3::TlsContext::MaxVersion=[1.3]\n"),
                              std::string::npos,
                              "MaxVersion and its default");
        NS_TEST_EXPECT_MSG_NE(text.find("    --ns3::TlsContext::KeyType=[p256]\n"),
                              std::string::npos,
                              "KeyType and its default");

        // Versions compare as versions: 1.3 above 1.2 is refused, naming both.
        Ptr<TlsContext> context = CreateObject<TlsContext>();
        context->SetAttribute("MinVersion", StringValue("1.3"));
        context->SetAttribute("MaxVersion", StringValue("1.2"));
        std::string error = context->Configure(TlsRole::CLIENT);
        NS_TEST_EXPECT_MSG_NE(error.find("MinVersion '1.3'"), std::string::npos, error);
        NS_TEST_EXPECT_MSG_NE(error.find("MaxVersion '1.2'"), std::string::npos, error);
        context->Dispose();
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
        : TestSuite("tls-command-line", tls_compat::UNIT)
    {
        AddTestCase(new TlsStrictParseTestCase, tls_compat::QUICK);
        AddTestCase(new TlsAttributeCheckTestCase, tls_compat::QUICK);
        AddTestCase(new TlsChoiceAttributeTestCase, tls_compat::QUICK);
        AddTestCase(new TlsExperimentValidateTestCase, tls_compat::QUICK);
        AddTestCase(new TlsStarTopologyTestCase, tls_compat::QUICK);
    }
};

static TlsCommandLineTestSuite g_tlsCommandLineTestSuite; //!< static instance

} // namespace
