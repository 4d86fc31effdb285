/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The node's TCP (ProfiledTcpL4Protocol): every TCP socket of a node, under TLS or
// plain, is the same ProfiledTcpSocket with the same parameters; the indexed
// demultiplexer hands every segment to the right socket through its table, forgets
// connections when their sockets go, and gives the same records as ns-3's look-up,
// loss, resumption and faults included.

#include "tls-test-utils.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/test.h"
#include "ns3/tls-module.h"
#include "ns3/tls-ns3-compat.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::tls_test;

namespace
{

/**
 * \ingroup tls-test
 * TLS connections and a plain TCP transfer on the same nodes: every segment goes
 * through the table, and all arrive.
 */
class TlsTcpDemuxDeliveryTestCase : public TestCase
{
  public:
    TlsTcpDemuxDeliveryTestCase()
        : TestCase("TLS and plain TCP segments through the table, one TCP for both")
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t nodes = 6;
        const uint32_t perNode = 5;
        const uint32_t connections = 3;
        Star star = BuildStar(nodes, MilliSeconds(5), DataRate("100Mbps"));
        const uint16_t port = 443;
        TlsServerHelper serverHelper(port);
        serverHelper.SetContextAttribute("CacheDirectory", StringValue(TestCacheDir()));
        ApplicationContainer servers = serverHelper.Install(star.server);
        TlsClientHelper clientHelper(ServerSocketAddress(star, port));
        clientHelper.SetContext(serverHelper.GetContext());
        clientHelper.SetAttribute("Connections", UintegerValue(connections));
        clientHelper.SetAttribute("RequestSize", UintegerValue(300));
        clientHelper.SetAttribute("ResponseSize", UintegerValue(20000));
        ApplicationContainer clients;
        for (uint32_t i = 0; i < perNode; ++i)
        {
            clients.Add(clientHelper.Install(star.clients));
        }
        // Plain TCP on the same server node and one client node.
        const uint16_t sinkPort = 9;
        PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), sinkPort));
        ApplicationContainer sinks = sinkHelper.Install(star.server);
        BulkSendHelper bulk("ns3::TcpSocketFactory",
                            InetSocketAddress(Ipv4Address::ConvertFrom(star.serverIp), sinkPort));
        bulk.SetAttribute("MaxBytes", UintegerValue(200000));
        ApplicationContainer senders = bulk.Install(star.clients.Get(0));
        servers.Start(Seconds(0));
        sinks.Start(Seconds(0));
        clients.Start(Seconds(1));
        senders.Start(Seconds(1));
        RecordLog clientLog;
        clientLog.Attach(clients);
        Simulator::Stop(Seconds(30));
        Simulator::Run();

        const uint32_t total = nodes * perNode * connections;
        uint32_t ok = 0;
        for (const auto& rec : clientLog.Records())
        {
            ok += rec.outcome == TlsOutcome::OK && rec.appBytesReceived == 20000;
        }
        NS_TEST_ASSERT_MSG_EQ(ok, total, "every connection completed its handshake and exchange");
        NS_TEST_ASSERT_MSG_EQ(DynamicCast<PacketSink>(sinks.Get(0))->GetTotalRx(),
                              200000,
                              "the plain TCP transfer arrived whole");

        Ptr<ProfiledTcpL4Protocol> serverDemux =
            star.server.Get(0)->GetObject<ProfiledTcpL4Protocol>();
        NS_TEST_ASSERT_MSG_NE(serverDemux, nullptr, "the server node has the demultiplexer");
        // Every TLS segment, SYNs included, goes through the table; at least ten per
        // connection arrive at the server.
        NS_TEST_ASSERT_MSG_GT(serverDemux->GetIndexedDeliveries(),
                              10 * total,
                              "TLS segments found through the table");
        // The plain transfer's sockets are the node's TCP as well (ProfiledTcpL4Protocol
        // took the node's TcpSocketFactory), so its segments take the table too.
        NS_TEST_ASSERT_MSG_EQ(serverDemux->GetOtherDeliveries(), 0, "no segment via ns-3");
        for (uint32_t i = 1; i < nodes; ++i)
        {
            Ptr<ProfiledTcpL4Protocol> demux =
                star.clients.Get(i)->GetObject<ProfiledTcpL4Protocol>();
            NS_TEST_ASSERT_MSG_NE(demux, nullptr, "client node has the demultiplexer");
            NS_TEST_ASSERT_MSG_GT(demux->GetIndexedDeliveries(), 0, "client segments indexed");
            NS_TEST_ASSERT_MSG_EQ(demux->GetOtherDeliveries(), 0, "no client segment via ns-3");
            NS_TEST_ASSERT_MSG_EQ(demux->GetConnections(), 0, "client table empty at the end");
        }
        // PacketSink keeps the connection it accepted until it stops; every TLS
        // connection is closed.
        NS_TEST_ASSERT_MSG_EQ(serverDemux->GetConnections(),
                              1,
                              "closed connections left the server's table");
        NS_TEST_ASSERT_MSG_EQ(CountTcpSockets(star.server.Get(0)),
                              2,
                              "only the two listening sockets remain");
        Simulator::Destroy();
    }
};

/**
 * \ingroup tls-test
 * One TCP for every socket of a node: after TlsStackHelper::Install, a plain TCP
 * socket (as BulkSend and PacketSink make theirs) and the TCP socket under a TLS
 * socket are the same type with the same profile and parameters, under either
 * profile and with the TCP defaults a user sets.
 */
class TlsOneTcpPerNodeTestCase : public TestCase
{
  public:
    /**
     * \param profile the ProfiledTcpSocket::Profile default, "Ns3" or "Linux"
     */
    explicit TlsOneTcpPerNodeTestCase(std::string profile)
        : TestCase("a plain TCP socket and a TLS socket's TCP are one TCP, profile " + profile),
          m_profile(profile)
    {
    }

  private:
    void DoRun() override
    {
        Config::Reset();
        // BuildStar applies TlsTcpDefaults; the user's defaults come after it.
        Star star = BuildStar(1, MilliSeconds(5), DataRate("100Mbps"));
        Config::SetDefault("ns3::ProfiledTcpSocket::Profile", StringValue(m_profile));
        Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1220));
        Config::SetDefault("ns3::TcpSocket::InitialCwnd", UintegerValue(4));
        Config::SetDefault("ns3::TcpSocketBase::MinRto", TimeValue(MilliSeconds(250)));
        star.clients.Get(0)->GetObject<TcpL4Protocol>()->SetAttribute(
            "SocketType",
            TypeIdValue(TypeId::LookupByName("ns3::TcpCubic")));
        Ptr<Node> node = star.clients.Get(0);
        TlsStackHelper tls;
        tls.SetContextAttribute("CacheDirectory", StringValue(TestCacheDir()));
        tls.Install(node);

        Ptr<Socket> plain = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        Ptr<Socket> secure = Socket::CreateSocket(node, TlsSocketFactory::GetTypeId());
        Ptr<Socket> under = DynamicCast<TlsSocket>(secure)->GetTcpSocket();
        for (const auto& s : {std::make_pair(plain, "plain"), std::make_pair(under, "TLS")})
        {
            std::string what = s.second;
            NS_TEST_ASSERT_MSG_EQ(s.first->GetInstanceTypeId().GetName(),
                                  "ns3::ProfiledTcpSocket",
                                  what << " socket's type");
            StringValue profile;
            UintegerValue segment;
            UintegerValue cwnd;
            TimeValue minRto;
            s.first->GetAttribute("Profile", profile);
            s.first->GetAttribute("SegmentSize", segment);
            s.first->GetAttribute("InitialCwnd", cwnd);
            s.first->GetAttribute("MinRto", minRto);
            NS_TEST_EXPECT_MSG_EQ(profile.Get(), m_profile, what << " profile");
            NS_TEST_EXPECT_MSG_EQ(segment.Get(), 1220, what << " segment size");
            NS_TEST_EXPECT_MSG_EQ(cwnd.Get(), 4, what << " initial window");
            NS_TEST_EXPECT_MSG_EQ(minRto.Get(), MilliSeconds(250), what << " minimum RTO");
            Ptr<ProfiledTcpSocket> tcp = DynamicCast<ProfiledTcpSocket>(s.first);
            NS_TEST_ASSERT_MSG_NE(tcp, nullptr, what << " socket is a ProfiledTcpSocket");
            NS_TEST_EXPECT_MSG_EQ(tcp->GetCongestionControl()->GetInstanceTypeId().GetName(),
                                  "ns3::TcpCubic",
                                  what << " congestion control");
        }
        secure->Close();
        plain->Close();
        Simulator::Destroy();
        Config::Reset();
    }

    std::string m_profile; //!< the profile
};

/**
 * \ingroup tls-test
 * The same experiment with the table and with ns-3's look-up gives byte-identical
 * records: loss, retransmissions, resumption, a fault scenario and several servers.
 */
class TlsTcpDemuxEquivalenceTestCase : public TestCase
{
  public:
    /**
     * \param version TLS version
     * \param scenario fault scenario
     */
    TlsTcpDemuxEquivalenceTestCase(std::string version, std::string scenario)
        : TestCase("TLS " + version + " with " + scenario +
                   ": same records with the table and with ns-3's look-up"),
          m_version(version),
          m_scenario(scenario)
    {
    }

  private:
    /**
     * \param indexed attribute TcpFastPath
     * \param path records file
     * \return the records file's contents
     */
    std::string Run(bool indexed, const std::string& path)
    {
        Config::SetDefault("ns3::TlsApplication::TcpFastPath", BooleanValue(indexed));
        RngSeedManager::SetSeed(7);
        RngSeedManager::SetRun(3);
        Ptr<TlsExperiment> e = CreateObject<TlsExperiment>();
        e->SetAttribute("Progress", BooleanValue(false));
        e->SetAttribute("Version", StringValue(m_version));
        e->SetAttribute("Clients", UintegerValue(8));
        e->SetAttribute("Servers", UintegerValue(2));
        e->SetAttribute("Handshakes", UintegerValue(160));
        e->SetAttribute("Rate", DoubleValue(400));
        e->SetAttribute("UplinkLoss", DoubleValue(0.03));
        e->SetAttribute("DownlinkLoss", DoubleValue(0.03));
        e->SetAttribute("Resume", DoubleValue(0.5));
        e->SetAttribute("RequestSize", UintegerValue(200));
        e->SetAttribute("ResponseSize", UintegerValue(8000));
        e->SetAttribute("Scenario", StringValue(m_scenario));
        e->SetAttribute("FaultFraction", DoubleValue(m_scenario == "none" ? 0 : 0.2));
        e->SetAttribute("HandshakeTimeout", TimeValue(Seconds(5)));
        e->SetAttribute("RecordsFile", StringValue(path));
        e->Run();
        Config::SetDefault("ns3::TlsApplication::TcpFastPath", BooleanValue(true));
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        std::ifstream in(path);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }

    void DoRun() override
    {
        SystemPath::MakeDirectories("tls-test-files");
        std::string base = "tls-test-files/demux-" + m_version + "-" + m_scenario;
        std::string indexed = Run(true, base + "-indexed.csv");
        std::string linear = Run(false, base + "-linear.csv");
        NS_TEST_ASSERT_MSG_GT(indexed.size(), 10000, "records written");
        NS_TEST_ASSERT_MSG_EQ((indexed == linear), true, "identical records");
        // The runs exercised what they should: resumed handshakes, retransmissions,
        // failed handshakes.
        Records records = ReadRecords(base + "-indexed.csv");
        uint32_t resumed = 0;
        uint32_t retransmitting = 0;
        uint32_t failed = 0;
        for (const auto& row : records.rows)
        {
            resumed += records.Get(row, "resumed") == "1";
            retransmitting += records.Get(row, "retransmissions") != "0";
            failed += records.Get(row, "outcome") != "ok";
        }
        NS_TEST_ASSERT_MSG_GT(resumed, 0, "some handshakes resumed");
        NS_TEST_ASSERT_MSG_GT(retransmitting, 0, "some connections retransmitted");
        NS_TEST_ASSERT_MSG_GT(failed, 0, "the fault scenario failed some handshakes");
    }

    std::string m_version;  //!< TLS version
    std::string m_scenario; //!< fault scenario
};

/**
 * \ingroup tls-test
 * A socket copied from the node's template has the attribute values of a socket
 * made as ns-3 makes one, the attributes of its buffers, congestion control, RTT
 * estimator and recovery included, with TCP defaults set as an experiment sets them.
 */
class TlsTcpTemplateTestCase : public TestCase
{
  public:
    TlsTcpTemplateTestCase()
        : TestCase("template copies have the attributes of sockets made by ns-3")
    {
    }

  private:
    /**
     * Compare every attribute of two objects of the same type, and of the objects
     * their Pointer attributes hold.
     * \param a one object
     * \param b the other
     * \param path where they are, for messages
     * \param parents also the attributes of the parent types
     * \return attributes compared
     */
    uint32_t Compare(Ptr<Object> a, Ptr<Object> b, const std::string& path, bool parents = true)
    {
        NS_TEST_EXPECT_MSG_EQ(a->GetInstanceTypeId(), b->GetInstanceTypeId(), path + " type");
        uint32_t compared = 0;
        for (TypeId tid = a->GetInstanceTypeId();; tid = tid.GetParent())
        {
            if (tid == TcpSocketBase::GetTypeId() && !DynamicCast<TcpSocketBase>(a))
            {
                break; // ns-3.37 gives TcpCubic TcpSocketBase as parent type
            }
            for (uint32_t i = 0; i < tid.GetAttributeN(); ++i)
            {
                TypeId::AttributeInformation info = tid.GetAttribute(i);
                if (!(info.flags & TypeId::ATTR_GET) || !info.accessor->HasGetter())
                {
                    continue;
                }
                std::string where = path + "/" + info.name;
                Ptr<AttributeValue> va = info.checker->Create();
                Ptr<AttributeValue> vb = info.checker->Create();
                a->GetAttribute(info.name, *va);
                b->GetAttribute(info.name, *vb);
                auto pa = DynamicCast<PointerValue>(va);
                if (pa)
                {
                    Ptr<Object> oa = pa->GetObject();
                    Ptr<Object> ob = DynamicCast<PointerValue>(vb)->GetObject();
                    NS_TEST_EXPECT_MSG_EQ(!oa, !ob, where + " set on both");
                    if (oa && ob && oa != ob)
                    {
                        compared += Compare(oa, ob, where);
                    }
                    continue;
                }
                NS_TEST_EXPECT_MSG_EQ(va->SerializeToString(info.checker),
                                      vb->SerializeToString(info.checker),
                                      where);
                ++compared;
            }
            if (!parents || tid == tid.GetParent())
            {
                break;
            }
        }
        return compared;
    }

    void DoRun() override
    {
        Star star = BuildStar(1, MilliSeconds(5), DataRate("100Mbps"));
        Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1000));
        Config::SetDefault("ns3::TcpSocketBase::MinRto", TimeValue(MilliSeconds(150)));
        Ptr<Node> node = star.clients.Get(0);
        uint32_t before = CountTcpSockets(node);
        Ptr<ProfiledTcpSocket> copy = ProfiledTcpL4Protocol::Install(node)->CreateSocket(true);
        Ptr<ProfiledTcpSocket> fresh = ProfiledTcpL4Protocol::Install(node)->CreateSocket(false);
        Ptr<Socket> ns3Socket = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        NS_TEST_ASSERT_MSG_EQ(CountTcpSockets(node), before + 3, "three sockets, no template");
        uint32_t compared = Compare(copy, fresh, "copy");
        NS_TEST_EXPECT_MSG_GT(compared, 30, "attributes compared");
        UintegerValue segment;
        copy->GetAttribute("SegmentSize", segment);
        NS_TEST_EXPECT_MSG_EQ(segment.Get(), 1000, "defaults applied");
        // The congestion control is the node's, copied with its attributes.
        NS_TEST_ASSERT_MSG_NE(copy->GetCongestionControl(), nullptr, "congestion control");
        NS_TEST_EXPECT_MSG_EQ(copy->GetCongestionControl()->GetInstanceTypeId(),
                              fresh->GetCongestionControl()->GetInstanceTypeId(),
                              "congestion control type");
        NS_TEST_EXPECT_MSG_NE(copy->GetCongestionControl(),
                              fresh->GetCongestionControl(),
                              "a congestion control object per socket");
        NS_TEST_EXPECT_MSG_GT(Compare(copy->GetCongestionControl(),
                                      fresh->GetCongestionControl(),
                                      "congestion",
                                      false),
                              0,
                              "congestion control attributes compared");
        TlsTcpDefaults().Apply();
        Simulator::Destroy();
    }
};

/**
 * \ingroup tls-test
 * Indexed demultiplexer suite.
 */
class TlsTcpDemuxTestSuite : public TestSuite
{
  public:
    TlsTcpDemuxTestSuite()
        : TestSuite("tls-tcp-demux", tls_compat::SYSTEM)
    {
        AddTestCase(new TlsTcpTemplateTestCase, tls_compat::QUICK);
        AddTestCase(new TlsTcpDemuxDeliveryTestCase, tls_compat::QUICK);
        AddTestCase(new TlsOneTcpPerNodeTestCase("Ns3"), tls_compat::QUICK);
        AddTestCase(new TlsOneTcpPerNodeTestCase("Linux"), tls_compat::QUICK);
        AddTestCase(new TlsTcpDemuxEquivalenceTestCase("1.2", "garbage"), tls_compat::QUICK);
        AddTestCase(new TlsTcpDemuxEquivalenceTestCase("1.3", "tampered-record"),
                    tls_compat::QUICK);
    }
};

static TlsTcpDemuxTestSuite g_tlsTcpDemuxTestSuite; //!< static instance

} // namespace
