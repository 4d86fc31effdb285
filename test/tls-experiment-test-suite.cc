/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The experiment helper: records against the analytic round trips, the extra
// round trip of a server flight beyond the initial window, reproducibility
// from the seed, Poisson arrivals, resumption and fault shares.

#include "tls-test-utils.h"

#include "ns3/core-module.h"
#include "ns3/test.h"
#include "ns3/tls-module.h"
#include "ns3/tls-ns3-compat.h"

#include <fstream>
#include <sstream>

using namespace ns3;
using namespace ns3::tls_test;

namespace
{

/**
 * \param name file name
 * \return a path for a test output file
 */
std::string
OutPath(const std::string& name)
{
    std::string dir = "tls-test-files";
    SystemPath::MakeDirectories(dir);
    return dir + "/" + name;
}

/**
 * \param attributes attribute name/value pairs
 * \return a configured experiment (no progress lines)
 */
Ptr<TlsExperiment>
MakeExperiment(const std::vector<std::pair<std::string, std::string>>& attributes)
{
    Ptr<TlsExperiment> e = CreateObject<TlsExperiment>();
    e->SetAttribute("Progress", BooleanValue(false));
    for (const auto& a : attributes)
    {
        e->SetAttribute(a.first, StringValue(a.second));
    }
    return e;
}

/**
 * \ingroup tls-test
 * Closed loop without loss: every record matches the analytic round trips.
 */
class TlsExperimentLatencyTestCase : public TestCase
{
  public:
    /**
     * \param version TLS version
     */
    explicit TlsExperimentLatencyTestCase(std::string version)
        : TestCase("records of TLS " + version + " match 1+" + (version == "1.2" ? "2" : "1") +
                   " RTT"),
          m_version(version)
    {
    }

  private:
    void DoRun() override
    {
        std::string path = OutPath("latency-" + m_version + ".csv");
        Ptr<TlsExperiment> e = MakeExperiment({{"Version", m_version},
                                               {"Clients", "5"},
                                               {"Handshakes", "30"},
                                               {"ClientDelay", "20ms"},
                                               {"ClientBandwidth", "1Gbps"},
                                               {"RecordsFile", path}});
        TlsExperimentSummary s = e->Run();
        NS_TEST_ASSERT_MSG_EQ(s.attempts, 30, "attempts");
        NS_TEST_ASSERT_MSG_EQ(s.ok, 30, "all ok");
        Records r = ReadRecords(path);
        NS_TEST_ASSERT_MSG_EQ(r.rows.size(), 30, "one row per attempt");
        double expected = (m_version == "1.2" ? 3 : 2) * 40.0;
        for (const auto& row : r.rows)
        {
            double latency = std::stod(r.Get(row, "latency_ms"));
            NS_TEST_ASSERT_MSG_GT_OR_EQ(latency, expected, "not below the round trips");
            NS_TEST_ASSERT_MSG_LT(latency, expected + 0.5, "round trips plus transmission");
            NS_TEST_ASSERT_MSG_EQ(r.Get(row, "outcome"), "ok", "outcome");
            NS_TEST_ASSERT_MSG_EQ(r.Get(row, "version"), m_version, "version");
        }
        NS_TEST_ASSERT_MSG_EQ_TOL(s.latencyP50, expected, 0.5, "median");
        std::string json = e->SummaryJson(s);
        for (std::string key : {"\"attempts\"",
                                "\"ok\"",
                                "\"latency_ms\"",
                                "\"p50\"",
                                "\"p90\"",
                                "\"p99\"",
                                "\"max\"",
                                "\"resumption_rate\"",
                                "\"alerts\"",
                                "\"timeouts\"",
                                "\"wall_s\"",
                                "\"sim_s\""})
        {
            NS_TEST_ASSERT_MSG_NE(json.find(key), std::string::npos, "summary has " << key);
        }
    }

    std::string m_version; //!< version
};

/**
 * \ingroup tls-test
 * A server flight beyond the initial window (10 x 1448 bytes) costs one more
 * round trip.
 */
class TlsExperimentInitialWindowTestCase : public TestCase
{
  public:
    TlsExperimentInitialWindowTestCase()
        : TestCase("a server flight larger than the initial window costs one more RTT")
    {
    }

  private:
    void DoRun() override
    {
        auto run = [](std::string depth) {
            Ptr<TlsExperiment> e = MakeExperiment({{"Version", "1.2"},
                                                   {"KeyType", "rsa4096"},
                                                   {"ChainDepth", depth},
                                                   {"Tickets", "false"},
                                                   {"Clients", "1"},
                                                   {"Handshakes", "2"},
                                                   {"ClientDelay", "25ms"},
                                                   {"ClientBandwidth", "1Gbps"}});
            return e->Run().latencyP50;
        };
        double small = run("1");  // about 4 KB
        double large = run("10"); // about 15 KB: more than 14480 bytes
        NS_TEST_ASSERT_MSG_EQ_TOL(small, 150.0, 1.0, "three round trips");
        NS_TEST_ASSERT_MSG_EQ_TOL(large - small, 50.0, 2.0, "one extra round trip");
    }
};

/**
 * \ingroup tls-test
 * The same seed and run give identical records; another run differs.
 */
class TlsExperimentSeedTestCase : public TestCase
{
  public:
    TlsExperimentSeedTestCase()
        : TestCase("records are reproduced from the seed and run")
    {
    }

  private:
    void DoRun() override
    {
        auto run = [](uint32_t runNumber, std::string path) {
            RngSeedManager::SetSeed(3);
            RngSeedManager::SetRun(runNumber);
            MakeExperiment({{"Version", "1.2"},
                            {"Clients", "4"},
                            {"Handshakes", "40"},
                            {"Rate", "50"},
                            {"UplinkLoss", "0.05"},
                            {"DownlinkLoss", "0.05"},
                            {"Resume", "0.5"},
                            {"RecordsFile", path}})
                ->Run();
            std::ifstream in(path);
            std::stringstream ss;
            ss << in.rdbuf();
            return ss.str();
        };
        std::string a = run(1, OutPath("seed-a.csv"));
        std::string b = run(1, OutPath("seed-b.csv"));
        std::string c = run(2, OutPath("seed-c.csv"));
        RngSeedManager::SetRun(1);
        NS_TEST_ASSERT_MSG_EQ((a == b), true, "same seed and run: identical records");
        NS_TEST_ASSERT_MSG_EQ((a != c), true, "another run: other records");
        NS_TEST_ASSERT_MSG_GT(a.size(), 1000, "records written");
    }
};

/**
 * \ingroup tls-test
 * Poisson arrivals: the mean gap between handshake starts matches the rate.
 */
class TlsExperimentPoissonTestCase : public TestCase
{
  public:
    TlsExperimentPoissonTestCase()
        : TestCase("Poisson arrivals at the configured rate")
    {
    }

  private:
    void DoRun() override
    {
        std::string path = OutPath("poisson.csv");
        TlsExperimentSummary s =
            MakeExperiment(
                {{"Clients", "20"}, {"Handshakes", "400"}, {"Rate", "200"}, {"RecordsFile", path}})
                ->Run();
        NS_TEST_ASSERT_MSG_EQ(s.attempts, 400, "every arrival ended");
        Records r = ReadRecords(path);
        std::vector<double> starts;
        for (const auto& row : r.rows)
        {
            starts.push_back(std::stod(r.Get(row, "start_s")));
        }
        std::sort(starts.begin(), starts.end());
        double meanGap = (starts.back() - starts.front()) / (starts.size() - 1);
        NS_TEST_ASSERT_MSG_EQ_TOL(meanGap, 1.0 / 200, 0.15 / 200, "mean inter-arrival time");
    }
};

/**
 * \ingroup tls-test
 * The message trace is one connection, both sides, under the records' id, even
 * when its first ClientHello is lost (the server then first answers another
 * connection's ClientHello).
 */
class TlsExperimentMessageTraceTestCase : public TestCase
{
  public:
    TlsExperimentMessageTraceTestCase()
        : TestCase("message trace: one connection, both sides, the records' id, first "
                   "ClientHello lost")
    {
    }

  private:
    void DoRun() override
    {
        std::string records = OutPath("trace-records.csv");
        std::string messages = OutPath("trace-messages.csv");
        // One server: the first data segments on its link are the first ClientHello
        // sent (one segment with OpenSSL 3.0's key shares, two with 3.5's
        // X25519MLKEM768): dropping both leaves nothing to SACK, and with the Ns3
        // profile (no loss probe) only the retransmission timeout recovers it
        // (with 3.0 the second is another connection's ClientHello).
        Config::SetDefault("ns3::ProfiledTcpSocket::Profile", StringValue("Ns3"));
        TlsExperimentSummary s = MakeExperiment({{"Version", "1.3"},
                                                 {"Clients", "4"},
                                                 {"Handshakes", "8"},
                                                 {"UplinkLossPattern", "dropdata:1,2"},
                                                 {"RecordsFile", records},
                                                 {"MessagesFile", messages}})
                                     ->Run();
        Config::SetDefault("ns3::ProfiledTcpSocket::Profile", StringValue("Linux"));
        NS_TEST_ASSERT_MSG_EQ(s.ok, 8, "every handshake completes");
        Records m = ReadRecords(messages);
        NS_TEST_ASSERT_MSG_GT(m.rows.size(), 0, "a trace");
        std::string id = m.Get(m.rows.front(), "conn_id");
        double hello = -1;
        double firstAnswer = -1;
        uint32_t hellos = 0;
        for (const auto& row : m.rows)
        {
            NS_TEST_EXPECT_MSG_EQ(m.Get(row, "conn_id"), id, "one connection");
            double t = std::stod(m.Get(row, "time_s"));
            if (m.Get(row, "message") == "ClientHello")
            {
                ++hellos;
                hello = t;
            }
            if (m.Get(row, "direction") == "S->C" && firstAnswer < 0)
            {
                firstAnswer = t;
            }
        }
        NS_TEST_EXPECT_MSG_EQ(hellos, 1, "one ClientHello (TCP resends it, not TLS)");
        NS_TEST_ASSERT_MSG_GT(firstAnswer, 0, "the server side is in the trace");
        // The lost ClientHello reaches the server only after TCP's retransmission
        // timeout (at least MinRto, 200 ms, as the Ns3 profile has no probe), so the server's first
        // message of the same connection comes more than 200 ms after the ClientHello; another
        // connection's server side would answer within a round trip (40 ms).
        NS_TEST_EXPECT_MSG_GT(firstAnswer - hello, 0.2, "the server side of the same connection");
        Records r = ReadRecords(records);
        bool found = false;
        for (const auto& row : r.rows)
        {
            if (r.Get(row, "id") == id)
            {
                found = true;
                // The client sends its ClientHello as TCP connects.
                NS_TEST_EXPECT_MSG_EQ(r.Get(row, "tcp_connected_s"),
                                      m.Get(m.rows.front(), "time_s"),
                                      "the records' row of the traced connection");
                NS_TEST_EXPECT_MSG_GT(std::stoi(r.Get(row, "retransmissions")),
                                      0,
                                      "its ClientHello was retransmitted");
            }
        }
        NS_TEST_EXPECT_MSG_EQ(found, true, "conn_id " << id << " is a records id");
    }
};

/**
 * \ingroup tls-test
 * Resumption and fault shares show in records and summary.
 */
class TlsExperimentMixTestCase : public TestCase
{
  public:
    TlsExperimentMixTestCase()
        : TestCase("resumption rate and a fault share")
    {
    }

  private:
    void DoRun() override
    {
        std::string path = OutPath("mix.csv");
        TlsExperimentSummary s = MakeExperiment({{"Version", "1.3"},
                                                 {"Clients", "10"},
                                                 {"Handshakes", "50"},
                                                 {"Resume", "1"},
                                                 {"Scenario", "unknown-ca"},
                                                 {"FaultFraction", "0.2"},
                                                 {"RecordsFile", path}})
                                     ->Run();
        // 2 faulty clients x 5 attempts fail; 8 good clients: 1 full + 4 resumed each.
        NS_TEST_ASSERT_MSG_EQ(s.attempts, 50, "attempts");
        NS_TEST_ASSERT_MSG_EQ(s.ok, 40, "good clients' attempts");
        NS_TEST_ASSERT_MSG_EQ(s.resumed, 32, "resumed");
        NS_TEST_ASSERT_MSG_EQ(s.alerts["client:unknown_ca"], 10, "faulty attempts, client alert");
        Records r = ReadRecords(path);
        uint32_t faulty = 0;
        for (const auto& row : r.rows)
        {
            if (r.Get(row, "faulty") == "1")
            {
                ++faulty;
                NS_TEST_ASSERT_MSG_EQ(r.Get(row, "alert"), "unknown_ca", "alert column");
                NS_TEST_ASSERT_MSG_EQ(r.Get(row, "alert_sender"), "client", "sender column");
                NS_TEST_ASSERT_MSG_EQ(r.Get(row, "scenario"), "unknown-ca", "scenario column");
            }
            else
            {
                NS_TEST_ASSERT_MSG_EQ(r.Get(row, "outcome"), "ok", "good clients are ok");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(faulty, 10, "faulty rows");
    }
};

/**
 * \ingroup tls-test
 * Experiment suite.
 */
class TlsExperimentTestSuite : public TestSuite
{
  public:
    TlsExperimentTestSuite()
        : TestSuite("tls-experiment", tls_compat::SYSTEM)
    {
        AddTestCase(new TlsExperimentLatencyTestCase("1.2"), tls_compat::QUICK);
        AddTestCase(new TlsExperimentLatencyTestCase("1.3"), tls_compat::QUICK);
        AddTestCase(new TlsExperimentInitialWindowTestCase, tls_compat::QUICK);
        AddTestCase(new TlsExperimentSeedTestCase, tls_compat::QUICK);
        AddTestCase(new TlsExperimentPoissonTestCase, tls_compat::QUICK);
        AddTestCase(new TlsExperimentMixTestCase, tls_compat::QUICK);
        AddTestCase(new TlsExperimentMessageTraceTestCase, tls_compat::QUICK);
    }
};

static TlsExperimentTestSuite g_tlsExperimentTestSuite; //!< static instance

} // namespace
