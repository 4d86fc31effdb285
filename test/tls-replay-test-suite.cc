/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// tls-replay: the replay engine (Engine=replay) gives, row for row, the same
// records and message trace as real OpenSSL handshakes (Engine=openssl) for
// the shapes whose sizes do not vary (Ed25519 and RSA signatures, tickets
// off), with and without loss; and TlsExperiment refuses what it cannot
// replay with one line naming the setting.

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/string.h"
#include "ns3/system-path.h"
#include "ns3/test.h"
#include "ns3/tls-experiment.h"
#include "ns3/tls-ns3-compat.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace ns3;

namespace
{

/// Attribute name/value pairs of an experiment.
using Attributes = std::vector<std::pair<std::string, std::string>>;

/**
 * \param path a file
 * \return its lines
 */
std::vector<std::string>
ReadLines(const std::string& path)
{
    std::ifstream in(path);
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line))
    {
        lines.push_back(line);
    }
    return lines;
}

/// What one run wrote.
struct RunOutput
{
    std::string error;                 //!< Build's or Run's error, if any
    std::vector<std::string> records;  //!< records file
    std::vector<std::string> messages; //!< message trace
    TlsExperimentSummary summary;      //!< the summary
};

/**
 * Run one seeded experiment from ns-3's defaults.
 * \param name file name stem
 * \param attributes its attributes
 * \return what it wrote
 */
RunOutput
RunOnce(const std::string& name, const Attributes& attributes)
{
    Config::Reset();
    RngSeedManager::SetSeed(7);
    RngSeedManager::SetRun(3);
    std::string dir = "tls-test-files/replay";
    SystemPath::MakeDirectories(dir);
    std::string records = dir + "/" + name + ".csv";
    std::string messages = dir + "/" + name + "-messages.csv";
    Ptr<TlsExperiment> e = CreateObject<TlsExperiment>();
    e->SetAttribute("Progress", BooleanValue(false));
    for (const auto& a : attributes)
    {
        if (a.first.rfind("ns3::", 0) == 0)
        {
            Config::SetDefault(a.first, StringValue(a.second));
        }
        else
        {
            e->SetAttribute(a.first, StringValue(a.second));
        }
    }
    e->SetAttribute("RecordsFile", StringValue(records));
    e->SetAttribute("MessagesFile", StringValue(messages));
    RunOutput out;
    out.error = e->Build();
    if (!out.error.empty())
    {
        return out;
    }
    out.summary = e->Run();
    out.error = out.summary.error;
    out.records = ReadLines(records);
    out.messages = ReadLines(messages);
    return out;
}

/**
 * \ingroup tls-test
 * Engine=replay against Engine=openssl: the same records and message trace,
 * row for row.
 */
class TlsReplayExactTestCase : public TestCase
{
  public:
    /**
     * \param name a short name
     * \param attributes the experiment (Engine is added)
     */
    TlsReplayExactTestCase(const std::string& name, Attributes attributes)
        : TestCase("replay gives the records of openssl: " + name),
          m_name(name),
          m_attributes(std::move(attributes))
    {
    }

  private:
    void DoRun() override
    {
        Attributes replay = m_attributes;
        replay.emplace_back("Engine", "replay");
        RunOutput a = RunOnce(m_name + "-openssl", m_attributes);
        RunOutput b = RunOnce(m_name + "-replay", replay);
        Config::Reset();
        NS_TEST_ASSERT_MSG_EQ(a.error, "", "openssl runs");
        NS_TEST_ASSERT_MSG_EQ(b.error, "", "replay runs");
        NS_TEST_ASSERT_MSG_GT(a.summary.attempts, 0, "handshakes ran");
        NS_TEST_ASSERT_MSG_EQ(b.records.size(), a.records.size(), "as many records");
        for (size_t i = 0; i < a.records.size() && i < b.records.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(b.records[i], a.records[i], "record row " << i);
        }
        // The message trace names connections by their process-wide number,
        // which goes on from one run to the next: compare it as an offset.
        NS_TEST_ASSERT_MSG_EQ(b.messages.size(), a.messages.size(), "as many messages");
        long long offset = 0;
        for (size_t i = 1; i < a.messages.size() && i < b.messages.size(); ++i)
        {
            size_t ca = a.messages[i].find(',');
            size_t cb = b.messages[i].find(',');
            long long ida = std::stoll(a.messages[i].substr(0, ca));
            long long idb = std::stoll(b.messages[i].substr(0, cb));
            if (i == 1)
            {
                offset = idb - ida;
            }
            NS_TEST_ASSERT_MSG_EQ(idb - ida, offset, "message row " << i << ": connection");
            NS_TEST_ASSERT_MSG_EQ(b.messages[i].substr(cb),
                                  a.messages[i].substr(ca),
                                  "message row " << i);
        }
    }

    std::string m_name;      //!< name
    Attributes m_attributes; //!< the experiment
};

/**
 * \ingroup tls-test
 * ECDSA P-256 (signature sizes vary from one handshake to the next) with
 * tickets: replayed handshakes take recorded sizes, so rows may differ by a
 * byte; the outcomes agree, and the replayed percentiles and mean lie within
 * the 95 % confidence intervals of openssl's.
 */
class TlsReplayEcdsaTestCase : public TestCase
{
  public:
    TlsReplayEcdsaTestCase()
        : TestCase("replay with ECDSA: percentiles of openssl")
    {
    }

  private:
    void DoRun() override
    {
        Attributes a = {{"Version", "1.3"},
                        {"KeyType", "p256"},
                        {"Clients", "30"},
                        {"Rate", "300"},
                        {"Handshakes", "1500"},
                        {"UplinkLoss", "0.02"},
                        {"DownlinkLoss", "0.02"},
                        {"RequestSize", "200"},
                        {"ResponseSize", "5000"}};
        Attributes replay = a;
        replay.emplace_back("Engine", "replay");
        RunOutput x = RunOnce("ecdsa-openssl", a);
        RunOutput y = RunOnce("ecdsa-replay", replay);
        Config::Reset();
        NS_TEST_ASSERT_MSG_EQ(x.error, "", "openssl runs");
        NS_TEST_ASSERT_MSG_EQ(y.error, "", "replay runs");
        NS_TEST_ASSERT_MSG_EQ(y.summary.attempts, x.summary.attempts, "attempts");
        NS_TEST_ASSERT_MSG_EQ(y.summary.ok, x.summary.ok, "ok");
        NS_TEST_ASSERT_MSG_EQ(y.summary.timeouts, x.summary.timeouts, "timeouts");
        // Each run's latencies of completed handshakes (latency_ms, outcome ok), sorted.
        auto latencies = [](const RunOutput& run) {
            std::vector<double> ms;
            for (size_t i = 1; i < run.records.size(); ++i)
            {
                std::vector<std::string> cells;
                std::istringstream row(run.records[i]);
                for (std::string cell; std::getline(row, cell, ',');)
                {
                    cells.push_back(cell);
                }
                if (cells.size() > 18 && cells[18] == "ok")
                {
                    ms.push_back(std::stod(cells[17]));
                }
            }
            std::sort(ms.begin(), ms.end());
            return ms;
        };
        std::vector<double> real = latencies(x);
        std::vector<double> replayed = latencies(y);
        NS_TEST_ASSERT_MSG_EQ(real.size(), x.summary.ok, "latencies read");
        NS_TEST_ASSERT_MSG_EQ(replayed.size(), y.summary.ok, "latencies read");
        const double n = real.size();
        // Each replayed percentile (nearest rank, as tlsstats.py) within the
        // distribution-free 95 % confidence interval of openssl's: the order
        // statistics n q -/+ 1.96 sqrt(n q (1 - q)).
        for (double q : {0.5, 0.9, 0.99})
        {
            double p = replayed[static_cast<size_t>(std::ceil(q * replayed.size())) - 1];
            double half = 1.96 * std::sqrt(n * q * (1 - q));
            size_t lo = static_cast<size_t>(std::max(1.0, std::floor(n * q - half)));
            size_t hi = static_cast<size_t>(std::min(n, std::ceil(n * q + half)));
            NS_TEST_EXPECT_MSG_GT_OR_EQ(p, real[lo - 1], "p" << q * 100 << " low");
            NS_TEST_EXPECT_MSG_LT_OR_EQ(p, real[hi - 1], "p" << q * 100 << " high");
        }
        // The means: within 1.96 standard errors of a difference of two means.
        auto meanOf = [](const std::vector<double>& v) {
            double sum = 0;
            for (double x : v)
            {
                sum += x;
            }
            return sum / v.size();
        };
        double mean = meanOf(real);
        double squares = 0;
        for (double v : real)
        {
            squares += (v - mean) * (v - mean);
        }
        double se = std::sqrt(squares / (n - 1) / n);
        NS_TEST_EXPECT_MSG_EQ_TOL(meanOf(replayed),
                                  mean,
                                  1.96 * std::sqrt(2.0) * se,
                                  "mean latency");
    }
};

/**
 * \ingroup tls-test
 * What Engine=replay refuses: one line naming the attribute, its value and
 * what is allowed.
 */
class TlsReplayRefusalTestCase : public TestCase
{
  public:
    TlsReplayRefusalTestCase()
        : TestCase("replay refuses what it cannot replay")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<std::pair<Attributes, std::string>> cases = {
            {{{"CpuCores", "1"}, {"CpuMode", "measured"}},
             "attribute CpuMode has value 'measured'"},
            {{{"Scenario", "garbage"}, {"FaultFraction", "0.5"}},
             "attribute Scenario has value 'garbage'"},
            {{{"Scenario", "tampered-record"}, {"FaultFraction", "0.5"}},
             "attribute Scenario has value 'tampered-record'"},
            {{{"Resume", "0.5"}}, "attribute Resume has value '0.5'"},
            {{{"EarlyData", "100"}, {"Resume", "1"}, {"RequestSize", "200"}, {"Version", "1.3"}},
             "attribute EarlyData has value '100'"},
            {{{"KeyLogFile", "tls-test-files/replay/keys.log"}},
             "attribute KeyLogFile has value 'tls-test-files/replay/keys.log'"},
        };
        SystemPath::MakeDirectories("tls-test-files/replay");
        for (const auto& c : cases)
        {
            Config::Reset();
            Ptr<TlsExperiment> e = CreateObject<TlsExperiment>();
            e->SetAttribute("Engine", StringValue("replay"));
            for (const auto& a : c.first)
            {
                e->SetAttribute(a.first, StringValue(a.second));
            }
            std::string error = e->Validate();
            NS_TEST_EXPECT_MSG_NE(error.find(c.second), std::string::npos, error);
            NS_TEST_EXPECT_MSG_NE(error.find("allowed with Engine=replay"),
                                  std::string::npos,
                                  error);
            NS_TEST_EXPECT_MSG_EQ(error.find('\n'), std::string::npos, "one line");
            e->SetAttribute("Engine", StringValue("openssl"));
            NS_TEST_EXPECT_MSG_EQ(e->Validate(), "", "openssl runs it");
        }
        Config::Reset();
    }
};

/**
 * \ingroup tls-test
 * The suite.
 */
class TlsReplayTestSuite : public TestSuite
{
  public:
    TlsReplayTestSuite()
        : TestSuite("tls-replay", tls_compat::UNIT)
    {
        for (const std::string version : {"1.2", "1.3"})
        {
            for (const std::string key : {"ed25519", "rsa2048"})
            {
                for (const std::string loss : {"0", "0.1"})
                {
                    std::string name = "tls" + version + "-" + key + "-loss" + loss;
                    AddTestCase(new TlsReplayExactTestCase(name,
                                                           {{"Version", version},
                                                            {"KeyType", key},
                                                            {"Tickets", "false"},
                                                            {"Clients", "4"},
                                                            {"Handshakes", "60"},
                                                            {"RequestSize", "200"},
                                                            {"ResponseSize", "3000"},
                                                            {"UplinkLoss", loss},
                                                            {"DownlinkLoss", loss}}),
                                tls_compat::QUICK);
                }
            }
        }
        // Other shapes whose sizes do not vary: client authentication, a CBC
        // suite (record overhead by length), finite-field DHE, a
        // HelloRetryRequest, a longer chain with loss, tickets, the CPU model.
        const std::vector<std::pair<std::string, Attributes>> shapes = {
            {"tls1.3-mutual", {{"Version", "1.3"}, {"MutualAuth", "true"}}},
            {"tls1.2-mutual", {{"Version", "1.2"}, {"MutualAuth", "true"}}},
            {"tls1.2-cbc",
             {{"Version", "1.2"}, {"KeyType", "rsa2048"}, {"CipherList", "ECDHE-RSA-AES128-SHA"}}},
            {"tls1.3-ffdhe", {{"Version", "1.3"}, {"Groups", "ffdhe2048"}}},
            {"tls1.3-hrr",
             {{"Version", "1.3"},
              {"Groups", "x25519:secp256r1"},
              {"ns3::TlsContext::ServerGroups", "secp256r1"}}},
            {"tls1.3-chain3-loss", {{"ChainDepth", "3"}, {"UplinkLoss", "0.1"}}},
            {"tls1.2-tickets", {{"Version", "1.2"}, {"Tickets", "true"}}},
            {"tls1.3-tickets-loss", {{"Version", "1.3"}, {"DownlinkLoss", "0.1"}}},
            {"tls1.3-cpu", {{"CpuCores", "1"}, {"ClientCpuCores", "1"}, {"Rate", "300"}}},
        };
        for (const auto& [name, extra] : shapes)
        {
            Attributes a = {{"KeyType", "ed25519"},
                            {"Clients", "4"},
                            {"Handshakes", "40"},
                            {"RequestSize", "100"},
                            {"ResponseSize", "777"}};
            for (const auto& e : extra)
            {
                bool replaced = false;
                for (auto& x : a)
                {
                    if (x.first == e.first)
                    {
                        x.second = e.second;
                        replaced = true;
                    }
                }
                if (!replaced)
                {
                    a.push_back(e);
                }
            }
            AddTestCase(new TlsReplayExactTestCase(name, a), tls_compat::QUICK);
        }
        // Alert scenarios: their outcome follows from the configuration.
        for (const std::string scenario : {"unknown-ca",
                                           "name-mismatch",
                                           "version-mismatch",
                                           "no-shared-cipher",
                                           "missing-client-cert",
                                           "untrusted-client-cert",
                                           "expired-cert"})
        {
            for (const std::string version : {"1.2", "1.3"})
            {
                AddTestCase(new TlsReplayExactTestCase("tls" + version + "-" + scenario,
                                                       {{"Version", version},
                                                        {"KeyType", "ed25519"},
                                                        {"Scenario", scenario},
                                                        {"FaultFraction", "0.5"},
                                                        {"Clients", "4"},
                                                        {"Handshakes", "20"}}),
                            tls_compat::QUICK);
            }
        }
        AddTestCase(new TlsReplayEcdsaTestCase, tls_compat::QUICK);
        AddTestCase(new TlsReplayRefusalTestCase, tls_compat::QUICK);
    }
};

/// The suite's instance.
TlsReplayTestSuite g_tlsReplayTestSuite;

} // namespace
