/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// tls-tcp-fidelity: handshake latency under single, chosen losses, against values
// derived by hand from Linux's timers (ProfiledTcpSocket profile Linux) and from ns-3.37's
// (profile Ns3), side by side. RTT R = 2 x 15.5 ms; TLS 1.3, P-256 unless stated.
// The latency is the client's, from connect to its handshake's end.

#include "tls-test-utils.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/test.h"
#include "ns3/tls-module.h"
#include "ns3/tls-ns3-compat.h"

#include <string>

using namespace ns3;
using namespace ns3::tls_test;

namespace
{

const Time kOneWay = MicroSeconds(15500);
const Time kR = kOneWay * 2;

/// One handshake with loss patterns per direction.
struct FidelityRun
{
    ProfiledTcpSocket::Profile profile{ProfiledTcpSocket::LINUX}; //!< TCP profile
    std::string clientToServer{"none"};                           //!< loss on the way to the server
    std::string serverToClient{"none"};                           //!< loss on the way to the client
    std::string keyType{"p256"};                                  //!< server key
    uint32_t chainDepth{1};                                       //!< certificate chain depth
    // results
    Time latency{Time(-1)};   //!< client handshake latency
    uint32_t serverProbes{0}; //!< tail loss probes the server sent
    uint64_t lostToServer{0}; //!< packets lost towards the server
    uint64_t lostToClient{0}; //!< packets lost towards the client
    uint64_t dataToClient{0}; //!< packets that reached the client's device
};

void
CountProbes(uint32_t* n, SequenceNumber32, uint32_t, bool)
{
    ++*n;
}

/// Set ProfiledTcpSocket::Profile's default for one run and restore it afterwards.
class ProfileGuard
{
  public:
    explicit ProfileGuard(ProfiledTcpSocket::Profile p)
    {
        TypeId::AttributeInformation info;
        ProfiledTcpSocket::GetTypeId().LookupAttributeByName("Profile", &info);
        m_saved = info.initialValue->SerializeToString(info.checker);
        Config::SetDefault("ns3::ProfiledTcpSocket::Profile", EnumValue(p));
    }

    ~ProfileGuard()
    {
        Config::SetDefault("ns3::ProfiledTcpSocket::Profile", StringValue(m_saved));
    }

  private:
    std::string m_saved;
};

void
RunFidelity(FidelityRun* run)
{
    ProfileGuard guard(run->profile);
    Star star = BuildStar(1, kOneWay, DataRate("1Gbps"));
    Ptr<TlsLossModel> toServer =
        TlsLossModel::Install(star.serverDevices[0], run->clientToServer, 11);
    Ptr<TlsLossModel> toClient =
        TlsLossModel::Install(star.clients.Get(0)->GetDevice(1), run->serverToClient, 12);
    const uint16_t port = 4433;
    TlsServerHelper serverHelper(port);
    serverHelper.SetContextAttribute("MinVersion", StringValue("1.3"));
    serverHelper.SetContextAttribute("MaxVersion", StringValue("1.3"));
    // One X25519 key share: the ClientHello is one segment with every OpenSSL
    // (3.5's default adds an ML-KEM hybrid share and spans two), as the expected
    // latencies assume.
    serverHelper.SetContextAttribute("Groups", StringValue("X25519"));
    serverHelper.SetContextAttribute("KeyType", StringValue(run->keyType));
    serverHelper.SetContextAttribute("ChainDepth", UintegerValue(run->chainDepth));
    serverHelper.SetContextAttribute("CacheDirectory", StringValue(TestCacheDir()));
    ApplicationContainer servers = serverHelper.Install(star.server);
    TlsClientHelper clientHelper(ServerSocketAddress(star, port));
    clientHelper.SetContext(serverHelper.GetContext());
    ApplicationContainer clients = clientHelper.Install(star.clients);
    servers.Start(Seconds(0));
    clients.Start(Seconds(1));
    RecordLog log;
    log.Attach(clients);
    // The server's tail loss probes: its accepted sockets are TlsTcpSockets.
    Config::ConnectWithoutContextFailSafe(
        "/NodeList/" + std::to_string(star.server.Get(0)->GetId()) +
            "/$ns3::TcpL4Protocol/SocketList/*/$ns3::ProfiledTcpSocket/LossProbe",
        MakeBoundCallback(&CountProbes, &run->serverProbes));
    tls_compat::Schedule(Seconds(1) + kR, [run, &star]() {
        // accepted sockets exist once the SYN has arrived
        Config::ConnectWithoutContextFailSafe(
            "/NodeList/" + std::to_string(star.server.Get(0)->GetId()) +
                "/$ns3::TcpL4Protocol/SocketList/*/$ns3::ProfiledTcpSocket/LossProbe",
            MakeBoundCallback(&CountProbes, &run->serverProbes));
    });
    Simulator::Stop(Seconds(30));
    Simulator::Run();
    if (!log.Completed().empty())
    {
        run->latency = log.Completed()[0].GetHandshakeLatency();
    }
    run->lostToServer = toServer ? toServer->GetLost() : 0;
    run->lostToClient = toClient ? toClient->GetLost() : 0;
    run->dataToClient = toClient ? toClient->GetPackets() : 0;
    Simulator::Destroy();
}

} // namespace

/**
 * \ingroup tls-test
 * One loss case, both profiles, each against its expected latency.
 */
class TlsFidelityCase : public TestCase
{
  public:
    /**
     * \param name case name
     * \param c2s loss towards the server
     * \param s2c loss towards the client
     * \param linuxExpected expected latency with the Linux profile
     * \param ns3Expected expected latency with the Ns3 profile
     * \param tolerance allowed difference
     * \param lost packets the patterns must lose in all
     */
    TlsFidelityCase(const std::string& name,
                    const std::string& c2s,
                    const std::string& s2c,
                    Time linuxExpected,
                    Time ns3Expected,
                    Time tolerance,
                    uint64_t lost)
        : TestCase(name),
          m_c2s(c2s),
          m_s2c(s2c),
          m_linux(linuxExpected),
          m_ns3(ns3Expected),
          m_tolerance(tolerance),
          m_lost(lost)
    {
    }

    /// Server key and chain (for a server flight of several segments).
    std::string keyType{"p256"};
    /// Certificate chain depth.
    uint32_t chainDepth{1};

  private:
    void DoRun() override
    {
        for (ProfiledTcpSocket::Profile p : {ProfiledTcpSocket::LINUX, ProfiledTcpSocket::NS3})
        {
            FidelityRun run;
            run.profile = p;
            run.clientToServer = m_c2s;
            run.serverToClient = m_s2c;
            run.keyType = keyType;
            run.chainDepth = chainDepth;
            RunFidelity(&run);
            std::string which = p == ProfiledTcpSocket::LINUX ? "Linux" : "Ns3";
            Time expected = p == ProfiledTcpSocket::LINUX ? m_linux : m_ns3;
            NS_TEST_ASSERT_MSG_EQ(run.lostToServer + run.lostToClient,
                                  m_lost,
                                  which << ": the patterns lose exactly the chosen packets");
            NS_TEST_ASSERT_MSG_EQ_TOL(run.latency.GetMicroSeconds(),
                                      expected.GetMicroSeconds(),
                                      m_tolerance.GetMicroSeconds(),
                                      which << " profile: latency " << run.latency.As(Time::MS)
                                            << ", expected " << expected.As(Time::MS));
        }
    }

    std::string m_c2s; //!< loss towards the server
    std::string m_s2c; //!< loss towards the client
    Time m_linux;      //!< expected, Linux
    Time m_ns3;        //!< expected, Ns3
    Time m_tolerance;  //!< tolerance
    uint64_t m_lost;   //!< packets lost
};

/**
 * \ingroup tls-test
 * Linux's RTO arithmetic (tcp_rtt_estimator, tcp_set_rto) on chosen samples.
 */
class TlsLinuxRtoTestCase : public TestCase
{
  public:
    TlsLinuxRtoTestCase()
        : TestCase("Linux RTO: srtt + max(2 srtt, rto_min) after one sample")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<MdevRttEstimator> e = CreateObject<MdevRttEstimator>();
        NS_TEST_ASSERT_MSG_EQ(e->GetEstimate(), Seconds(1), "1 s before any sample");
        e->SetSenderState(SequenceNumber32(1), SequenceNumber32(1), MilliSeconds(200));
        e->Measurement(MilliSeconds(31));
        // srtt = 31 ms, rttvar = max(2 x 31 ms, 200 ms)
        NS_TEST_ASSERT_MSG_EQ(e->GetEstimate() + e->GetVariation() * 4,
                              MilliSeconds(231),
                              "RTO after a 31 ms sample");
        Ptr<MdevRttEstimator> big = CreateObject<MdevRttEstimator>();
        big->SetSenderState(SequenceNumber32(1), SequenceNumber32(1), MilliSeconds(200));
        big->Measurement(MilliSeconds(150));
        // srtt = 150 ms, rttvar = max(300 ms, 200 ms) = 300 ms: RTO = 3 RTT
        NS_TEST_ASSERT_MSG_EQ(big->GetEstimate() + big->GetVariation() * 4,
                              MilliSeconds(450),
                              "RTO after a 150 ms sample is 3 RTT");
        // A second, equal sample in a new round trip: the error is 0, so mdev_us falls
        // to 3/4 x 300 ms = 225 ms; mdev_max (300 ms) is not below rttvar, so rttvar
        // stays 300 ms and mdev_max restarts at rto_min, 200 ms.
        big->SetSenderState(SequenceNumber32(100), SequenceNumber32(200), MilliSeconds(200));
        big->Measurement(MilliSeconds(150));
        NS_TEST_ASSERT_MSG_EQ(big->GetEstimate() + big->GetVariation() * 4,
                              MilliSeconds(450),
                              "rttvar holds through the round trip");
        // A third in the next round trip: mdev_us = 225 - 225 / 4 = 168.75 ms, below
        // mdev_max (200 ms); at the round's end rttvar decays by a quarter of
        // (300 - 200) ms to 275 ms.
        big->SetSenderState(SequenceNumber32(300), SequenceNumber32(400), MilliSeconds(200));
        big->Measurement(MilliSeconds(150));
        NS_TEST_ASSERT_MSG_EQ(big->GetEstimate() + big->GetVariation() * 4,
                              MilliSeconds(425),
                              "rttvar decays once per round trip");
    }
};

/**
 * \ingroup tls-test
 * The loss spec parser: every pattern, and an error line naming the bad part.
 */
class TlsLossSpecTestCase : public TestCase
{
  public:
    TlsLossSpecTestCase()
        : TestCase("loss patterns: spec parser")
    {
    }

  private:
    void DoRun() override
    {
        for (const char* good : {"none",
                                 "",
                                 "bernoulli:0.05",
                                 "random:0",
                                 "ge:p=0.01,r=0.3,h=0.5,k=1",
                                 "ge:p=0.1",
                                 "drop:3,5",
                                 "droplist:1",
                                 "dropdata:1",
                                 "dropsyn:1,2",
                                 "blackhole:1s-2s",
                                 "blackhole:1500ms-2.5s",
                                 "corrupt:0.01",
                                 "bernoulli:0.01+blackhole:2s-3s",
                                 "ge:p=0.01;r=0.3",
                                 "drop:3;5"})
        {
            NS_TEST_EXPECT_MSG_EQ(TlsLossModel::Parse(good, nullptr), "", "valid: " << good);
        }

        struct Bad
        {
            const char* spec;
            const char* names;
        };

        for (const Bad& b : {Bad{"bernoulli:1.5", "'bernoulli:1.5'"},
                             Bad{"ge:p=0.1,x=2", "'x=2'"},
                             Bad{"ge:r=0.3", "needs p="},
                             Bad{"drop:0", "'0'"},
                             Bad{"drop:3,a", "'a'"},
                             Bad{"blackhole:2s-1s", "'blackhole:2s-1s'"},
                             Bad{"blackhole:1-2", "'blackhole:1-2'"},
                             Bad{"gilbert:0.1", "'gilbert:0.1'"},
                             Bad{"bernoulli:0.1+corrupt:2", "'corrupt:2'"}})
        {
            std::string error = TlsLossModel::Parse(b.spec, nullptr);
            NS_TEST_EXPECT_MSG_NE(error, "", "invalid: " << b.spec);
            NS_TEST_EXPECT_MSG_NE(error.find(b.names),
                                  std::string::npos,
                                  "the error '" << error << "' names " << b.names);
            NS_TEST_EXPECT_MSG_EQ(error.find('\n'), std::string::npos, "one line");
        }
    }
};

/**
 * \ingroup tls-test
 * Loss rates of the random patterns against their analytic values.
 */
class TlsLossRateTestCase : public TestCase
{
  public:
    TlsLossRateTestCase()
        : TestCase("loss patterns: Bernoulli and Gilbert-Elliott rates")
    {
    }

  private:
    void DoRun() override
    {
        const int n = 200000;
        Ptr<Packet> p = Create<Packet>(100);
        Ptr<TlsLossModel> bern = CreateObject<TlsLossModel>();
        bern->SetSpec("bernoulli:0.1");
        bern->AssignStreams(1);
        Ptr<TlsLossModel> ge = CreateObject<TlsLossModel>();
        ge->SetSpec("ge:p=0.01,r=0.3,h=0.5,k=1");
        ge->AssignStreams(2);
        Ptr<TlsLossModel> drop = CreateObject<TlsLossModel>();
        drop->SetSpec("drop:3,5");
        bool dropped3 = false;
        bool dropped5 = false;
        for (int i = 1; i <= n; ++i)
        {
            bern->IsCorrupt(p);
            ge->IsCorrupt(p);
            bool d = drop->IsCorrupt(p);
            dropped3 |= i == 3 && d;
            dropped5 |= i == 5 && d;
        }
        NS_TEST_ASSERT_MSG_EQ_TOL(bern->GetLost() / double(n), 0.1, 0.005, "Bernoulli rate");
        // Stationary P(Bad) = p / (p + r) = 0.01 / 0.31; loss = P(Bad)(1 - h) + P(Good)(1 - k)
        double expected = 0.01 / 0.31 * 0.5;
        NS_TEST_ASSERT_MSG_EQ_TOL(ge->GetLost() / double(n), expected, 0.003, "Gilbert-Elliott");
        NS_TEST_ASSERT_MSG_EQ(drop->GetLost(), 2, "droplist loses two packets");
        NS_TEST_ASSERT_MSG_EQ(dropped3 && dropped5, true, "the 3rd and the 5th");
    }
};

/**
 * \ingroup tls-test
 * The suite.
 */
class TlsTcpFidelityTestSuite : public TestSuite
{
  public:
    TlsTcpFidelityTestSuite()
        : TestSuite("tls-tcp-fidelity", tls_compat::UNIT)
    {
        AddTestCase(new TlsLinuxRtoTestCase(), tls_compat::QUICK);
        AddTestCase(new TlsLossSpecTestCase(), tls_compat::QUICK);
        AddTestCase(new TlsLossRateTestCase(), tls_compat::QUICK);
        const Time ms = MilliSeconds(1);
        const Time tol = MicroSeconds(1500);
        // No loss: TCP 1 RTT, TLS 1.3 1 RTT.
        AddTestCase(new TlsFidelityCase("no loss: 2R", "none", "none", 2 * kR, 2 * kR, tol, 0),
                    tls_compat::QUICK);
        // A lost SYN: retransmitted after 1 s (TCP_TIMEOUT_INIT); two: 1 s + 2 s.
        AddTestCase(new TlsFidelityCase("one lost SYN: 1 s + 2R",
                                        "dropsyn:1",
                                        "none",
                                        Seconds(1) + 2 * kR,
                                        Seconds(1) + 2 * kR,
                                        tol,
                                        1),
                    tls_compat::QUICK);
        AddTestCase(new TlsFidelityCase("two lost SYNs: 3 s + 2R",
                                        "dropsyn:1,2",
                                        "none",
                                        Seconds(3) + 2 * kR,
                                        Seconds(3) + 2 * kR,
                                        tol,
                                        2),
                    tls_compat::QUICK);
        // A lost SYN-ACK: the server's SYN-ACK timer and the client's SYN timer both
        // fire 1 s later.
        AddTestCase(new TlsFidelityCase("lost SYN-ACK: 1 s + 2R",
                                        "none",
                                        "dropsyn:1",
                                        Seconds(1) + 2 * kR,
                                        Seconds(1) + 2 * kR,
                                        tol,
                                        1),
                    tls_compat::QUICK);
        // A lost ClientHello, sent at R with one RTT sample (R): Linux's RTO is
        // R + max(2R, 200 ms) = R + 200 ms; ns-3's max(R + 4 R/2, 200 ms) = 200 ms. The
        // single segment's probe timeout, 2R + 200 ms, is later than the RTO.
        AddTestCase(new TlsFidelityCase("lost ClientHello: Linux 3R + 200 ms, ns-3 2R + 200 ms",
                                        "dropdata:1",
                                        "none",
                                        3 * kR + 200 * ms,
                                        2 * kR + 200 * ms,
                                        tol,
                                        1),
                    tls_compat::QUICK);
        // A lost SYN, then a lost ClientHello. The SYN-ACK is timed by the echoed
        // timestamp of the second SYN, R (Linux: tcp_ack_update_rtt(); ns-3 times
        // every ACK by its echo), so the RTO is again Linux's R + 200 ms or ns-3's
        // 200 ms, counted from the ClientHello sent at 1 s + R.
        AddTestCase(new TlsFidelityCase("lost SYN and ClientHello: Linux 1 s + 3R + 200 ms, ns-3 "
                                        "1 s + 2R + 200 ms",
                                        "dropsyn:1+dropdata:1",
                                        "none",
                                        Seconds(1) + 3 * kR + 200 * ms,
                                        Seconds(1) + 2 * kR + 200 * ms,
                                        tol,
                                        2),
                    tls_compat::QUICK);
        // The last segment of a two-segment server flight (RSA 2048) lost, and the
        // client's ACK of the first (c->s packet 4) lost too: no ACK reaches the server,
        // whose probe timer (2 srtt + 2 ms, TCP_TIMEOUT_MIN, two segments in flight)
        // sends the last segment again 2R + 2 ms after the flight left at 1.5R: the
        // client has it at 4R + 2 ms. ns-3 has no probe: its RTO, 200 ms after the
        // flight, sends the first segment again; the client's ACK of it acknowledges
        // the first for the server, which sends the last: 3R + 200 ms.
        auto* tail =
            new TlsFidelityCase("lost tail and its ACK: Linux probe 4R + 2 ms, ns-3 3R + 200 ms",
                                "drop:4",
                                "dropdata:2",
                                4 * kR + 2 * ms,
                                3 * kR + 200 * ms,
                                tol,
                                2);
        tail->keyType = "rsa2048";
        AddTestCase(tail, tls_compat::QUICK);
        // The last segment lost, the first ACKed at once (quickack) and the ACK at the
        // server at 2.5R: Linux re-arms the probe for the one segment left,
        // 2 srtt + 200 ms, later than the RTO, R + 200 ms, so the segment leaves at
        // 3.5R + 200 ms (the probe at the RTO's time) and arrives at 4R + 200 ms. With
        // ns-3 the client delays its ACK of one segment by 40 ms (DelAckTimeout), and
        // the server re-arms its RTO, 200 ms, on it: 3R + 240 ms.
        auto* last =
            new TlsFidelityCase("lost tail, first ACKed: Linux 4R + 200 ms, ns-3 3R + 240 ms",
                                "none",
                                "dropdata:2",
                                4 * kR + 200 * ms,
                                3 * kR + 240 * ms,
                                tol,
                                1);
        last->keyType = "rsa2048";
        AddTestCase(last, tls_compat::QUICK);
    }
};

/// The suite's instance.
static TlsTcpFidelityTestSuite g_tlsTcpFidelityTestSuite;
