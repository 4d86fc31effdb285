/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The golden-records guard: a dozen seeded experiments (both versions, full and
// resumed handshakes, session ids, tickets and 0-RTT, alert scenarios, loss with
// timeouts, the CPU model, post-quantum where the OpenSSL has it) whose records
// and message traces must stay byte for byte what they were. A change that alters
// records on purpose (a TCP fix, another ns-3) updates the golden file in a commit
// of its own saying why:
//
//   TLS_GOLDEN_UPDATE=$PWD/test/golden ./build/tls-test-runner --suite=tls-golden
//
// The golden files are keyed by the OpenSSL release (major.minor) and the ns-3
// release the module was built against: test/golden/openssl-3.0-ns3-3.37.inc. A
// key without a file is reported and not compared, unless TLS_GOLDEN_REQUIRED is
// set (CI sets it for the combinations it builds).

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/string.h"
#include "ns3/system-path.h"
#include "ns3/test.h"
#include "ns3/tls-experiment.h"
#include "ns3/tls-ns3-compat.h"

#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <map>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace ns3;

namespace
{

/// The golden files, one raw string literal each (see the file comment).
const std::map<std::string, const char*>&
GoldenFiles()
{
    static const std::map<std::string, const char*> files{
        {
            "openssl-3.0-ns3-3.37",
#include "golden/openssl-3.0-ns3-3.37.inc"
        },
        {
            "openssl-3.5-ns3-3.37",
#include "golden/openssl-3.5-ns3-3.37.inc"
        },
        // ns-3.48 (in-tree) gives byte for byte the records of 3.37: its TCP changes
        // do not reach these experiments. A difference gets a file of its own.
        {
            "openssl-3.0-ns3-3.48",
#include "golden/openssl-3.0-ns3-3.37.inc"
        },
        // ns-3.35 (in-tree, waf): the same rows, but times up to 10 ns earlier. Its
        // DataRate::CalculateBitsTxTime truncates a packet's transmission time to
        // the nanosecond, 3.37's rounds it (doc/ns3-versions.md).
        {
            "openssl-3.0-ns3-3.35",
#include "golden/openssl-3.0-ns3-3.35.inc"
        },
    };
    return files;
}

/// \return the key of this build: "openssl-<major.minor>-ns3-<release>"
std::string
GoldenKey()
{
    unsigned long v = OpenSSL_version_num();
    std::ostringstream key;
    key << "openssl-" << ((v >> 28) & 0xf) << "." << ((v >> 20) & 0xff) << "-ns3-"
        << tls_compat::Ns3Version();
    return key.str();
}

/// One seeded experiment of the guard.
struct GoldenConfig
{
    std::string name;                                            //!< its name
    std::vector<std::pair<std::string, std::string>> attributes; //!< TlsExperiment attributes
    uint32_t seed;                                               //!< RngSeed
    uint32_t run;                                                //!< RngRun
    bool postQuantum;                                            //!< needs OpenSSL >= 3.5
};

/// \return the configurations, each small (a few dozen handshakes)
std::vector<GoldenConfig>
GoldenConfigs()
{
    return {
        {"tls12-full-mutual",
         {{"Version", "1.2"},
          {"MutualAuth", "true"},
          {"Clients", "3"},
          {"Handshakes", "12"},
          {"ClientDelay", "20ms"}},
         1,
         1,
         false},
        {"tls13-full-poisson",
         {{"Version", "1.3"}, {"Clients", "4"}, {"Handshakes", "16"}, {"Rate", "40"}},
         2,
         1,
         false},
        {"tls12-resume-tickets",
         {{"Version", "1.2"}, {"Clients", "2"}, {"Handshakes", "12"}, {"Resume", "1"}},
         1,
         2,
         false},
        {"tls12-resume-session-id",
         {{"Version", "1.2"},
          {"Clients", "2"},
          {"Handshakes", "12"},
          {"Resume", "0.7"},
          {"Tickets", "false"}},
         1,
         3,
         false},
        {"tls13-resume-0rtt",
         {{"Version", "1.3"},
          {"Clients", "2"},
          {"Handshakes", "12"},
          {"Resume", "1"},
          {"RequestSize", "300"},
          {"EarlyData", "300"}},
         1,
         4,
         false},
        {"tls13-alert-unknown-ca",
         {{"Version", "1.3"},
          {"Clients", "4"},
          {"Handshakes", "12"},
          {"Scenario", "unknown-ca"},
          {"FaultFraction", "0.5"}},
         1,
         5,
         false},
        {"tls12-alert-tampered",
         {{"Version", "1.2"},
          {"Clients", "4"},
          {"Handshakes", "12"},
          {"Scenario", "tampered-record"},
          {"FaultFraction", "0.5"}},
         1,
         6,
         false},
        {"tls12-loss-rsa-chain",
         {{"Version", "1.2"},
          {"Clients", "5"},
          {"Handshakes", "30"},
          {"Rate", "20"},
          {"KeyType", "rsa2048"},
          {"ChainDepth", "2"},
          {"UplinkLoss", "0.05"},
          {"DownlinkLoss", "0.05"}},
         3,
         1,
         false},
        {"tls13-loss-timeouts",
         {{"Version", "1.3"},
          {"Clients", "5"},
          {"Handshakes", "30"},
          {"UplinkLoss", "0.2"},
          {"DownlinkLoss", "0.2"},
          {"HandshakeTimeout", "1s"}},
         4,
         1,
         false},
        {"tls13-cpu-p384",
         {{"Version", "1.3"},
          {"Clients", "4"},
          {"Handshakes", "20"},
          {"Rate", "200"},
          {"KeyType", "p384"},
          {"CpuCores", "1"},
          {"Resume", "0.5"}},
         5,
         1,
         false},
        {"tls13-pq-mlkem-mldsa",
         {{"Version", "1.3"},
          {"Clients", "3"},
          {"Handshakes", "15"},
          {"KeyType", "mldsa44"},
          {"Groups", "X25519MLKEM768"},
          {"UplinkLoss", "0.03"},
          {"DownlinkLoss", "0.03"}},
         6,
         1,
         true},
    };
}

/// \return true if the linked OpenSSL has ML-KEM and ML-DSA (3.5 or later)
bool
HavePostQuantum()
{
    return OpenSSL_version_num() >= 0x30500000UL;
}

/**
 * \param path a file
 * \return its bytes ("" if it cannot be read)
 */
std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/**
 * \param data bytes
 * \return their SHA-256 in hex
 */
std::string
Sha256(const std::string& data)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
    std::ostringstream hex;
    for (unsigned int i = 0; i < len; ++i)
    {
        hex << std::hex << std::setw(2) << std::setfill('0') << int(md[i]);
    }
    return hex.str();
}

/**
 * \param text lines
 * \return the lines
 */
std::vector<std::string>
Lines(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
    {
        lines.push_back(line);
    }
    return lines;
}

/// What one configuration produced, or what the golden file says it produced.
struct GoldenResult
{
    std::string recordsHash;          //!< SHA-256 of the records file
    std::string messagesHash;         //!< SHA-256 of the messages trace
    std::vector<std::string> records; //!< the records file's lines (header first)
};

/**
 * Parse a golden file.
 * \param text its text
 * \return configuration name -> result
 */
std::map<std::string, GoldenResult>
ParseGolden(const std::string& text)
{
    std::map<std::string, GoldenResult> golden;
    GoldenResult* current = nullptr;
    for (const auto& line : Lines(text))
    {
        if (line.empty())
        {
            continue;
        }
        if (line.front() == '[' && line.back() == ']')
        {
            current = &golden[line.substr(1, line.size() - 2)];
        }
        else if (current && line.rfind("records-sha256 ", 0) == 0)
        {
            current->recordsHash = line.substr(15);
        }
        else if (current && line.rfind("messages-sha256 ", 0) == 0)
        {
            current->messagesHash = line.substr(16);
        }
        else if (current)
        {
            current->records.push_back(line);
        }
    }
    return golden;
}

/**
 * \param name a configuration's name
 * \param r what it produced
 * \return its section of a golden file
 */
std::string
FormatGolden(const std::string& name, const GoldenResult& r)
{
    std::string s = "[" + name + "]\nrecords-sha256 " + r.recordsHash + "\nmessages-sha256 " +
                    r.messagesHash + "\n";
    for (const auto& line : r.records)
    {
        s += line + "\n";
    }
    return s + "\n";
}

/**
 * Run one configuration.
 * \param c the configuration
 * \param[out] r what it produced
 * \return "" or why it could not run
 */
std::string
RunGolden(const GoldenConfig& c, GoldenResult* r)
{
    // Every configuration from ns-3's defaults: nothing of an earlier one carries over.
    Config::Reset();
    RngSeedManager::SetSeed(c.seed);
    RngSeedManager::SetRun(c.run);
    std::string dir = "tls-test-files/golden";
    SystemPath::MakeDirectories(dir);
    std::string records = dir + "/" + c.name + ".csv";
    std::string messages = dir + "/" + c.name + "-messages.csv";
    Ptr<TlsExperiment> e = CreateObject<TlsExperiment>();
    e->SetAttribute("Progress", BooleanValue(false));
    for (const auto& a : c.attributes)
    {
        e->SetAttribute(a.first, StringValue(a.second));
    }
    e->SetAttribute("RecordsFile", StringValue(records));
    e->SetAttribute("MessagesFile", StringValue(messages));
    std::string error = e->Build();
    if (!error.empty())
    {
        return error;
    }
    TlsExperimentSummary s = e->Run();
    if (!s.error.empty())
    {
        return s.error;
    }
    std::string recordsText = ReadFile(records);
    std::string messagesText = ReadFile(messages);
    r->recordsHash = Sha256(recordsText);
    r->messagesHash = Sha256(messagesText);
    r->records = Lines(recordsText);
    return "";
}

/**
 * \ingroup tls-test
 * Every configuration's records and message trace against the golden file of
 * this build's OpenSSL and ns-3 releases.
 */
class TlsGoldenRecordsTestCase : public TestCase
{
  public:
    TlsGoldenRecordsTestCase()
        : TestCase("seeded experiments give the golden records and messages")
    {
    }

  private:
    void DoRun() override
    {
        std::string key = GoldenKey();
        const char* update = std::getenv("TLS_GOLDEN_UPDATE");
        auto file = GoldenFiles().find(key);
        std::map<std::string, GoldenResult> golden;
        if (file != GoldenFiles().end())
        {
            golden = ParseGolden(file->second);
        }
        else if (!update)
        {
            bool required = std::getenv("TLS_GOLDEN_REQUIRED") != nullptr;
            std::cout << (required ? "FAIL" : "SKIP") << " tls-golden: no golden records for "
                      << key << " (OpenSSL " << OpenSSL_version(OPENSSL_VERSION_STRING)
                      << "); write them with TLS_GOLDEN_UPDATE=<source>/test/golden and add "
                         "the file to GoldenFiles() in test/tls-golden-test-suite.cc"
                      << std::endl;
            NS_TEST_ASSERT_MSG_EQ(required, false, "golden records for " << key);
            return;
        }

        std::string written;
        size_t compared = 0;
        for (const auto& c : GoldenConfigs())
        {
            if (c.postQuantum && !HavePostQuantum())
            {
                continue;
            }
            GoldenResult r;
            std::string error = RunGolden(c, &r);
            NS_TEST_ASSERT_MSG_EQ(error, "", c.name << ": the configuration runs");
            written += FormatGolden(c.name, r);
            if (update)
            {
                continue;
            }
            auto g = golden.find(c.name);
            if (g == golden.end())
            {
                // (a runner that continues on failure must not read past this)
                NS_TEST_EXPECT_MSG_EQ(true,
                                      false,
                                      c.name << ": no golden records for it in " << key);
                continue;
            }
            ++compared;
            // The golden rows are the ones hashed (a hand-edited file is caught here).
            std::string goldenRows;
            for (const auto& line : g->second.records)
            {
                goldenRows += line + "\n";
            }
            NS_TEST_ASSERT_MSG_EQ(Sha256(goldenRows),
                                  g->second.recordsHash,
                                  c.name << ": the golden file's rows do not match its hash ("
                                         << key << ")");
            if (r.recordsHash != g->second.recordsHash)
            {
                ReportFirstDifference(c.name, g->second.records, r.records);
            }
            NS_TEST_ASSERT_MSG_EQ(r.recordsHash,
                                  g->second.recordsHash,
                                  c.name << ": records differ from the golden ones (" << key
                                         << ")");
            NS_TEST_EXPECT_MSG_EQ(r.messagesHash,
                                  g->second.messagesHash,
                                  c.name << ": message trace differs from the golden one (" << key
                                         << "); see tls-test-files/golden/" << c.name
                                         << "-messages.csv");
        }
        if (update)
        {
            std::string path = std::string(update) + "/" + key + ".inc";
            std::ofstream out(path);
            out << "// Golden records of test/tls-golden-test-suite.cc for " << key
                << ": written by\n// TLS_GOLDEN_UPDATE=<source>/test/golden tls-test-runner "
                   "--suite=tls-golden\nR\"golden(\n"
                << written << ")golden\"\n";
            out.close();
            NS_TEST_ASSERT_MSG_EQ(out.fail(), false, "writing " << path);
            std::cout << "tls-golden: wrote " << path << std::endl;
            return;
        }
        // The golden file names no configuration that this build did not run.
        NS_TEST_ASSERT_MSG_EQ(compared, golden.size(), "configurations compared, " << key);
    }

    /**
     * Print the first row where the records differ.
     * \param name the configuration
     * \param expected the golden rows
     * \param actual the rows of this run
     */
    static void ReportFirstDifference(const std::string& name,
                                      const std::vector<std::string>& expected,
                                      const std::vector<std::string>& actual)
    {
        size_t n = std::max(expected.size(), actual.size());
        for (size_t i = 0; i < n; ++i)
        {
            std::string e = i < expected.size() ? expected[i] : "(none)";
            std::string a = i < actual.size() ? actual[i] : "(none)";
            if (e != a)
            {
                std::cerr << "tls-golden: " << name << ": first difference at line " << i + 1
                          << " of the records (line 1 is the header; "
                          << (expected.empty() ? "" : expected.front()) << ")\n  golden: " << e
                          << "\n  this:   " << a << std::endl;
                return;
            }
        }
    }
};

/**
 * \ingroup tls-test
 * The golden-records guard.
 */
class TlsGoldenTestSuite : public TestSuite
{
  public:
    TlsGoldenTestSuite()
        : TestSuite("tls-golden", tls_compat::UNIT)
    {
        AddTestCase(new TlsGoldenRecordsTestCase, tls_compat::QUICK);
    }
};

/// The suite's instance
TlsGoldenTestSuite g_tlsGoldenTestSuite;

} // namespace
