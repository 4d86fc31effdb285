/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Bad input: a peer that sends garbage ends only its own connection, with a
// fatal alert; invalid configuration gives errors that name the attribute or
// file and the value. The experiment under faults and at its limits: one whole
// row per attempt when ports are reused, when ports run out, at the time limit
// and on a signal; failed rows say why and show both sides.

#include "tls-test-utils.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/test.h"
#include "ns3/tls-module.h"
#include "ns3/tls-ns3-compat.h"

#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <openssl/crypto.h>
#include <set>
#include <sstream>

using namespace ns3;
using namespace ns3::tls_test;

namespace
{

/// A TCP client that sends bytes that are not TLS and keeps what it gets back.
struct GarbageClient
{
    Ptr<Socket> socket;            //!< its socket
    std::vector<uint8_t> received; //!< bytes from the server
    bool closedByPeer{false};      //!< the server closed the connection
    std::string payload;           //!< what to send

    /// \param s the socket
    void Connected(Ptr<Socket> s)
    {
        s->Send(reinterpret_cast<const uint8_t*>(payload.data()),
                static_cast<uint32_t>(payload.size()),
                0);
    }

    /// \param s the socket
    void Read(Ptr<Socket> s)
    {
        Ptr<Packet> p;
        while ((p = s->Recv()) && p->GetSize() > 0)
        {
            size_t old = received.size();
            received.resize(old + p->GetSize());
            p->CopyData(received.data() + old, p->GetSize());
        }
    }

    /// \param s the socket
    void PeerClosed(Ptr<Socket> s)
    {
        closedByPeer = true;
        s->Close();
    }
};

/**
 * \ingroup tls-test
 * A client sends garbage: the server answers with a fatal alert and closes
 * that connection only, while TLS clients of the same server complete.
 */
class TlsGarbageTestCase : public TestCase
{
  public:
    /**
     * \param name test name
     * \param payload bytes the bad client sends
     * \param version TLS version of the server
     * \param alert expected alert description (-1: none)
     * \param reason text OpenSSL's error must contain
     */
    TlsGarbageTestCase(std::string name,
                       std::string payload,
                       std::string version,
                       int alert,
                       std::string reason)
        : TestCase(name),
          m_payload(payload),
          m_version(version),
          m_alert(alert),
          m_reason(reason)
    {
    }

  private:
    void DoRun() override
    {
        Star star = BuildStar(2, MilliSeconds(5), DataRate("100Mbps"));
        const uint16_t port = 443;
        TlsServerHelper serverHelper(port);
        serverHelper.SetContextAttribute("MaxVersion", StringValue(m_version));
        serverHelper.SetContextAttribute("CacheDirectory", StringValue(TestCacheDir()));
        ApplicationContainer servers = serverHelper.Install(star.server);
        TlsClientHelper clientHelper(ServerSocketAddress(star, port));
        clientHelper.SetContext(serverHelper.GetContext());
        clientHelper.SetAttribute("Connections", UintegerValue(5));
        clientHelper.SetAttribute("RequestSize", UintegerValue(100));
        clientHelper.SetAttribute("ResponseSize", UintegerValue(1000));
        ApplicationContainer clients = clientHelper.Install(star.clients.Get(1));
        servers.Start(Seconds(0));
        clients.Start(Seconds(1));
        RecordLog serverLog;
        RecordLog clientLog;
        serverLog.Attach(servers);
        clientLog.Attach(clients);

        GarbageClient bad;
        bad.payload = m_payload;
        bad.socket = Socket::CreateSocket(star.clients.Get(0), TcpSocketFactory::GetTypeId());
        bad.socket->Bind();
        bad.socket->SetConnectCallback(MakeCallback(&GarbageClient::Connected, &bad),
                                       MakeNullCallback<void, Ptr<Socket>>());
        bad.socket->SetRecvCallback(MakeCallback(&GarbageClient::Read, &bad));
        bad.socket->SetCloseCallbacks(MakeCallback(&GarbageClient::PeerClosed, &bad),
                                      MakeNullCallback<void, Ptr<Socket>>());
        tls_compat::Schedule(Seconds(1.01), [&bad, &star, port]() {
            bad.socket->Connect(ServerSocketAddress(star, port));
        });
        Simulator::Stop(Seconds(20));
        Simulator::Run();

        // The bad connection: one fatal alert record (none when the bytes do not
        // look like TLS at all: OpenSSL then closes without an alert), then the
        // server closed it.
        NS_TEST_ASSERT_MSG_EQ(bad.closedByPeer, true, "server closed the bad connection");
        if (m_alert < 0)
        {
            NS_TEST_ASSERT_MSG_EQ(bad.received.size(), 0, "no reply to non-TLS bytes");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(bad.received.size(), 7, "one plaintext alert record");
            if (bad.received.size() < 7)
            {
                Simulator::Destroy();
                return;
            }
            NS_TEST_ASSERT_MSG_EQ(static_cast<int>(bad.received[0]), 21, "content type alert");
            NS_TEST_ASSERT_MSG_EQ(static_cast<int>(bad.received[5]), 2, "level fatal");
            NS_TEST_ASSERT_MSG_EQ(static_cast<int>(bad.received[6]),
                                  m_alert,
                                  "alert " << TlsAlertName(bad.received[6]) << ", expected "
                                           << TlsAlertName(m_alert));
        }
        uint32_t alerts = 0;
        uint32_t ok = 0;
        for (const auto& rec : serverLog.Records())
        {
            if (rec.outcome != TlsOutcome::OK)
            {
                ++alerts;
                std::string expectedOutcome = m_alert < 0 ? "error" : "alert";
                NS_TEST_ASSERT_MSG_EQ(TlsOutcomeName(rec.outcome),
                                      expectedOutcome,
                                      "server record outcome");
                NS_TEST_ASSERT_MSG_EQ(rec.alert, m_alert, "server record names the alert");
                bool expectSent = m_alert >= 0;
                NS_TEST_ASSERT_MSG_EQ(rec.alertSent, expectSent, "the server sent it");
                NS_TEST_ASSERT_MSG_EQ(rec.HandshakeCompleted(), false, "no handshake");
                NS_TEST_ASSERT_MSG_NE(rec.error.find(m_reason),
                                      std::string::npos,
                                      "error '" << rec.error << "' names '" << m_reason << "'");
            }
            ok += rec.outcome == TlsOutcome::OK;
        }
        NS_TEST_ASSERT_MSG_EQ(alerts, 1, "one failed connection at the server");
        NS_TEST_ASSERT_MSG_EQ(ok, 5, "the good client's connections were unaffected");
        uint32_t clientOk = 0;
        for (const auto& rec : clientLog.Records())
        {
            clientOk += rec.outcome == TlsOutcome::OK && rec.appBytesReceived == 1000;
        }
        NS_TEST_ASSERT_MSG_EQ(clientOk, 5, "good client completed every exchange");
        bad.socket = nullptr;
        Simulator::Destroy();
    }

    std::string m_payload; //!< what the bad client sends
    std::string m_version; //!< server max version
    int m_alert;           //!< expected alert (-1: none)
    std::string m_reason;  //!< expected error text
};

/**
 * \ingroup tls-test
 * Invalid configuration: the error names the attribute (or file) and the value.
 */
class TlsConfigErrorTestCase : public TestCase
{
  public:
    TlsConfigErrorTestCase()
        : TestCase("invalid attribute values and files are reported by name and value")
    {
    }

  private:
    /**
     * Configure a context with one attribute set and check the error.
     * \param attribute attribute name
     * \param value its value
     * \param mustContain substrings the error must contain
     * \param role the role to configure
     */
    void Check(std::string attribute,
               const AttributeValue& value,
               std::vector<std::string> mustContain,
               TlsRole role = TlsRole::SERVER)
    {
        Ptr<TlsContext> context = CreateObject<TlsContext>();
        context->SetAttribute("CacheDirectory", StringValue(TestCacheDir()));
        context->SetAttribute(attribute, value);
        std::string error = context->Configure(role);
        NS_TEST_EXPECT_MSG_NE(error, "", attribute << " must be rejected");
        for (const auto& s : mustContain)
        {
            NS_TEST_EXPECT_MSG_NE(error.find(s),
                                  std::string::npos,
                                  "error '" << error << "' should mention '" << s << "'");
        }
    }

    void DoRun() override
    {
        // Choices (EnumValues) refuse other names when they are set.
        for (const auto& [attribute, value] :
             std::vector<std::pair<std::string, std::string>>{{"MaxVersion", "1.4"},
                                                              {"MinVersion", "SSLv3"},
                                                              {"KeyType", "dsa1024"},
                                                              {"CaKeyType", "rsa1024"},
                                                              {"ClientAuth", "maybe"}})
        {
            Ptr<TlsContext> context = CreateObject<TlsContext>();
            NS_TEST_EXPECT_MSG_EQ(context->SetAttributeFailSafe(attribute, StringValue(value)),
                                  false,
                                  attribute << "=" << value << " must be refused");
        }
        Check("CipherList", StringValue("NO-SUCH-CIPHER"), {"CipherList", "'NO-SUCH-CIPHER'"});
        Check("Ciphersuites", StringValue("TLS_FAKE_SHA1"), {"Ciphersuites", "'TLS_FAKE_SHA1'"});
        Check("Groups", StringValue("P-999"), {"Groups", "'P-999'"});
        Check("ChainDepth", UintegerValue(99), {"ChainDepth", "'99'"});
        Check("SecurityLevel", IntegerValue(9), {"SecurityLevel", "'9'"});
        Check("NotAfter", TimeValue(Seconds(-40 * 86400)), {"NotAfter", "NotBefore"});
        Check("CaFile", StringValue("/nonexistent/ca.pem"), {"CaFile", "/nonexistent/ca.pem"});
        Check("KeyLogFile",
              StringValue("/nonexistent/dir/keys.log"),
              {"KeyLogFile", "/nonexistent/dir/keys.log"});

        // Files: missing, not PEM, mismatched key.
        std::string dir = "tls-test-files";
        SystemPath::MakeDirectories(dir);
        std::string garbage = dir + "/garbage.pem";
        std::ofstream(garbage) << "this is not a certificate\n";
        {
            Ptr<TlsContext> c = CreateObject<TlsContext>();
            c->SetAttribute("CertificateFile", StringValue("/nonexistent/cert.pem"));
            c->SetAttribute("PrivateKeyFile", StringValue(garbage));
            std::string error = c->Configure(TlsRole::SERVER);
            NS_TEST_EXPECT_MSG_NE(error.find("CertificateFile"), std::string::npos, error);
            NS_TEST_EXPECT_MSG_NE(error.find("/nonexistent/cert.pem"), std::string::npos, error);
        }
        {
            Ptr<TlsContext> c = CreateObject<TlsContext>();
            c->SetAttribute("CertificateFile", StringValue(garbage));
            c->SetAttribute("PrivateKeyFile", StringValue(garbage));
            std::string error = c->Configure(TlsRole::SERVER);
            NS_TEST_EXPECT_MSG_NE(error.find("CertificateFile"), std::string::npos, error);
            NS_TEST_EXPECT_MSG_NE(error.find(garbage), std::string::npos, error);
            NS_TEST_EXPECT_MSG_NE(error.find("no usable PEM"), std::string::npos, error);
        }
        {
            Ptr<TlsContext> c = CreateObject<TlsContext>();
            c->SetAttribute("CertificateFile", StringValue(garbage));
            std::string error = c->Configure(TlsRole::SERVER);
            NS_TEST_EXPECT_MSG_NE(error.find("PrivateKeyFile"), std::string::npos, error);
        }
        // A valid configuration still works after all of that.
        Ptr<TlsContext> good = CreateObject<TlsContext>();
        good->SetAttribute("CacheDirectory", StringValue(TestCacheDir()));
        NS_TEST_EXPECT_MSG_EQ(good->Configure(TlsRole::SERVER), "", "default configuration");
        NS_TEST_EXPECT_MSG_EQ(good->Configure(TlsRole::CLIENT), "", "default configuration");
    }
};

/**
 * \ingroup tls-test
 * Bad input suite.
 */
class TlsBadInputTestSuite : public TestSuite
{
  public:
    TlsBadInputTestSuite()
        : TestSuite("tls-bad-input", tls_compat::SYSTEM)
    {
        AddTestCase(new TlsConfigErrorTestCase, tls_compat::QUICK);
        // A handshake record holding a message of unknown type 0x99.
        std::string unknownType("\x16\x03\x01\x00\x10", 5);
        unknownType += std::string(16, '\x99');
        AddTestCase(new TlsGarbageTestCase("unknown handshake message type to a TLS 1.3 server",
                                           unknownType,
                                           "1.3",
                                           10 /* unexpected_message */,
                                           "unexpected message"),
                    tls_compat::QUICK);
        // A handshake record header that claims 39321 bytes (more than 2^14 + 2048).
        std::string oversized("\x16\x03\x01\x99\x99", 5);
        oversized += std::string(16, '\x99');
        AddTestCase(new TlsGarbageTestCase("oversized record to a TLS 1.3 server",
                                           oversized,
                                           "1.3",
                                           22 /* record_overflow */,
                                           // OpenSSL 3.5's record layer words it anew.
                                           OpenSSL_version_num() >= 0x30500000UL
                                               ? "data length too long"
                                               : "packet length too long"),
                    tls_compat::QUICK);
        // A ClientHello cut short after its version field.
        std::string truncated("\x16\x03\x01\x00\x08\x01\x00\x00\x04\x03\x03\x00\x00", 13);
        AddTestCase(new TlsGarbageTestCase("truncated ClientHello to a TLS 1.3 server",
                                           truncated,
                                           "1.3",
                                           50 /* decode_error */,
                                           "length mismatch"),
                    tls_compat::QUICK);
        AddTestCase(new TlsGarbageTestCase("non-TLS bytes to a TLS 1.2 server",
                                           std::string("\x55\x55\x55\x55\x55\x55\x55\x55", 8),
                                           "1.2",
                                           -1 /* OpenSSL sends no alert */,
                                           "wrong version number"),
                    tls_compat::QUICK);
    }
};

static TlsBadInputTestSuite g_tlsBadInputTestSuite; //!< static instance

namespace
{

/// Ephemeral ports of an ns-3 address: 49152 to 65535.
const uint32_t g_ports = 65535 - 49152 + 1;

/**
 * \param name file name
 * \return a path for a test output file
 */
std::string
RobustPath(const std::string& name)
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
Experiment(const std::vector<std::pair<std::string, std::string>>& attributes)
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
 * Split one CSV line (RFC 4180 quoting).
 * \param line the line, without its newline
 * \return its cells
 */
std::vector<std::string>
SplitCsv(const std::string& line)
{
    std::vector<std::string> cells(1);
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i)
    {
        char ch = line[i];
        if (quoted && ch == '"' && i + 1 < line.size() && line[i + 1] == '"')
        {
            cells.back() += '"';
            ++i;
        }
        else if (ch == '"')
        {
            quoted = !quoted;
        }
        else if (ch == ',' && !quoted)
        {
            cells.emplace_back();
        }
        else
        {
            cells.back() += ch;
        }
    }
    return cells;
}

/// A records file read back: one map of column -> cell per row.
struct Rows
{
    std::vector<std::map<std::string, std::string>> rows; //!< the rows
    bool whole{true};                                     //!< every row has every column
    bool endsWithNewline{true};                           //!< the file ends with a newline
};

/**
 * \param path a records file
 * \return its rows
 */
Rows
ReadRows(const std::string& path)
{
    Rows out;
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    out.endsWithNewline = text.empty() || text.back() == '\n';
    std::istringstream lines(text);
    std::string line;
    std::vector<std::string> header;
    while (std::getline(lines, line))
    {
        std::vector<std::string> cells = SplitCsv(line);
        if (header.empty())
        {
            header = cells;
            continue;
        }
        if (cells.size() != header.size())
        {
            out.whole = false;
            continue;
        }
        std::map<std::string, std::string> row;
        for (size_t i = 0; i < header.size(); ++i)
        {
            row[header[i]] = cells[i];
        }
        out.rows.push_back(row);
    }
    return out;
}

/**
 * Take all but some of a node's ephemeral TCP ports, so that a run reuses
 * (or runs out of) ports after a few connections.
 * \param node the node
 * \param free ports left free
 * \return the sockets holding the others
 */
std::vector<Ptr<Socket>>
TakePorts(Ptr<Node> node, uint32_t free)
{
    std::vector<Ptr<Socket>> held;
    for (uint32_t i = 0; i < g_ports - free; ++i)
    {
        Ptr<Socket> s = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        if (s->Bind() != 0)
        {
            break;
        }
        held.push_back(s);
    }
    return held;
}

/**
 * \ingroup tls-test
 * Records are paired by connection identity, not by client port: with a few
 * free ports, a client reuses each port several times while connections
 * overlap and lose packets; every attempt still has exactly one row, and a
 * row's server side is its own connection's.
 */
class TlsPortReuseTestCase : public TestCase
{
  public:
    TlsPortReuseTestCase()
        : TestCase("more attempts than ephemeral ports: one row per attempt, paired by identity")
    {
    }

  private:
    void DoRun() override
    {
        // TIME_WAIT 100 ms: at 40 connections per second, about 4 ports are in
        // TIME_WAIT and the rest are held by running connections (at most 1 s
        // each, the handshake timeout, plus their close): far fewer than 100.
        const uint32_t attempts = 400;
        const uint32_t free = 100;
        Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(0.05));
        std::string path = RobustPath("port-reuse.csv");
        Ptr<TlsExperiment> e = Experiment({{"Clients", "1"},
                                           {"Handshakes", std::to_string(attempts)},
                                           {"Rate", "40"},
                                           {"UplinkLoss", "0.2"},
                                           {"HandshakeTimeout", "1s"},
                                           {"RecordsFile", path}});
        NS_TEST_ASSERT_MSG_EQ(e->Build(), "", "build");
        std::vector<Ptr<Socket>> held = TakePorts(e->GetTopology().GetClients().Get(0), free);
        NS_TEST_ASSERT_MSG_EQ(held.size(), g_ports - free, "ports taken");
        TlsExperimentSummary s = e->Run();
        Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(1));
        NS_TEST_EXPECT_MSG_EQ(s.error, "", "the run completes");
        Rows r = ReadRows(path);
        NS_TEST_EXPECT_MSG_EQ(r.whole, true, "whole rows");
        NS_TEST_ASSERT_MSG_EQ(r.rows.size(), attempts, "one row per attempt");
        NS_TEST_EXPECT_MSG_EQ(s.attempts, attempts, "summary counts every attempt");
        std::set<std::string> ids;
        uint32_t connected = 0;
        uint32_t cut = 0;
        for (const auto& row : r.rows)
        {
            ids.insert(row.at("id"));
            connected += !row.at("tcp_connected_s").empty();
            cut += row.at("outcome") == "cut";
            // A handshake the client completed was completed by its server too
            // (the server saw the client's Finished): a server record of another
            // connection would say otherwise for some rows.
            if (row.at("outcome") == "ok")
            {
                NS_TEST_EXPECT_MSG_EQ(row.at("server_outcome"), "ok", "row " << row.at("id"));
            }
        }
        NS_TEST_EXPECT_MSG_EQ(ids.size(), attempts, "every attempt has its own id");
        NS_TEST_EXPECT_MSG_EQ(cut, 0, "nothing cut");
        // Each port served attempts / free = 4 connections on average.
        NS_TEST_EXPECT_MSG_GT(connected, 2 * free, "ports were reused");
        held.clear();
    }
};

/**
 * \ingroup tls-test
 * Ephemeral port exhaustion: refused up front when rate x TIME_WAIT exceeds
 * the ports of a client address; at run time, reported as such (one line),
 * with whole files and one row per attempt.
 */
class TlsPortExhaustionTestCase : public TestCase
{
  public:
    TlsPortExhaustionTestCase()
        : TestCase("ephemeral port exhaustion is refused or reported, with the arithmetic")
    {
    }

  private:
    void DoRun() override
    {
        // 20000/s on one address x TIME_WAIT 2 s (MSL 1 s) = 40000 ports > 16384.
        Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(1));
        Ptr<TlsExperiment> e =
            Experiment({{"Clients", "1"}, {"Rate", "20000"}, {"Handshakes", "17500"}});
        std::string error = e->Validate();
        uint32_t need = static_cast<uint32_t>(std::ceil(20000.0 * 2 / g_ports)); // 3
        for (std::string s : {std::string("attribute Rate"),
                              std::string("'20000'"),
                              std::string("16384 ephemeral ports"),
                              std::string("TIME_WAIT"),
                              std::string("40000 ports"),
                              "--clients=" + std::to_string(need)})
        {
            NS_TEST_EXPECT_MSG_NE(error.find(s), std::string::npos, error << " lacks " << s);
        }
        NS_TEST_EXPECT_MSG_EQ(error.find('\n'), std::string::npos, "one line");
        // Spread over `need` client addresses, or with fewer handshakes than ports, it runs.
        e = Experiment(
            {{"Clients", std::to_string(need)}, {"Rate", "20000"}, {"Handshakes", "17500"}});
        NS_TEST_EXPECT_MSG_EQ(e->Validate(), "", "spread over " << need << " addresses");
        e = Experiment({{"Clients", "1"}, {"Rate", "20000"}, {"Handshakes", "16384"}});
        NS_TEST_EXPECT_MSG_EQ(e->Validate(), "", "no more handshakes than ports");

        // At run time: 5 free ports, each held 2 s after its connection; the
        // closed loop opens a connection about every 60 ms, so the 6th finds none.
        const uint32_t attempts = 30;
        std::string path = RobustPath("port-exhaustion.csv");
        e = Experiment(
            {{"Clients", "1"}, {"Handshakes", std::to_string(attempts)}, {"RecordsFile", path}});
        NS_TEST_ASSERT_MSG_EQ(e->Build(), "", "build");
        std::vector<Ptr<Socket>> held = TakePorts(e->GetTopology().GetClients().Get(0), 5);
        TlsExperimentSummary s = e->Run();
        NS_TEST_EXPECT_MSG_NE(s.error.find("ephemeral ports exhausted"),
                              std::string::npos,
                              s.error);
        NS_TEST_EXPECT_MSG_NE(s.error.find("TIME_WAIT"), std::string::npos, s.error);
        NS_TEST_EXPECT_MSG_EQ(s.error.find('\n'), std::string::npos, "one line");
        Rows r = ReadRows(path);
        NS_TEST_EXPECT_MSG_EQ(r.whole && r.endsWithNewline, true, "whole rows");
        NS_TEST_ASSERT_MSG_EQ(r.rows.size(), attempts, "one row per attempt");
        std::map<std::string, uint32_t> outcomes;
        for (const auto& row : r.rows)
        {
            ++outcomes[row.at("outcome")];
            if (row.at("outcome") == "connection-failed")
            {
                NS_TEST_EXPECT_MSG_NE(row.at("reason").find("ERROR_ADDRNOTAVAIL"),
                                      std::string::npos,
                                      row.at("reason"));
            }
        }
        NS_TEST_EXPECT_MSG_EQ(outcomes["ok"], 5, "a connection per free port");
        NS_TEST_EXPECT_MSG_EQ(outcomes["connection-failed"], 1, "the one that found none");
        NS_TEST_EXPECT_MSG_EQ(outcomes["cut"], attempts - 6, "the rest not started");
        held.clear();
    }
};

/**
 * \ingroup tls-test
 * The time limit: attempts running at MaxSimTime and attempts not started are
 * written with outcome cut, so that every attempt has a row.
 */
class TlsTimeLimitTestCase : public TestCase
{
  public:
    TlsTimeLimitTestCase()
        : TestCase("attempts running or not started at MaxSimTime are written as cut")
    {
    }

  private:
    void DoRun() override
    {
        // 0.001 arrivals per second for 200 attempts: about 100 by 100,000 s.
        std::string path = RobustPath("cut-poisson.csv");
        Ptr<TlsExperiment> e =
            Experiment({{"Rate", "0.001"}, {"Handshakes", "200"}, {"RecordsFile", path}});
        TlsExperimentSummary s = e->Run();
        Rows r = ReadRows(path);
        NS_TEST_EXPECT_MSG_EQ(r.rows.size(), 200, "one row per attempt");
        NS_TEST_EXPECT_MSG_EQ(s.attempts, 200, "summary");
        NS_TEST_EXPECT_MSG_EQ(s.error, "", "a time limit is not a failure");
        uint32_t ok = s.outcomes["ok"];
        uint32_t cut = s.outcomes["cut"];
        NS_TEST_EXPECT_MSG_EQ(ok + cut, 200, "ok or cut");
        // Poisson count by 99,999 s with mean 100: within 5 standard deviations.
        NS_TEST_EXPECT_MSG_GT(cut, 50, "about 100 not started");
        NS_TEST_EXPECT_MSG_LT(cut, 150, "about 100 not started");

        // Closed loop stopped mid-handshake: 4 clients start at 1.000-1.010 s;
        // TCP and TLS 1.3 take 2 round trips of 20 ms (ClientDelay 10 ms each
        // way), so at 1.03 s each client's first handshake is running.
        path = RobustPath("cut-running.csv");
        e = Experiment({{"Clients", "4"},
                        {"Handshakes", "8"},
                        {"MaxSimTime", "1.03s"},
                        {"HandshakeTimeout", "1s"},
                        {"RecordsFile", path}});
        s = e->Run();
        r = ReadRows(path);
        NS_TEST_ASSERT_MSG_EQ(r.rows.size(), 8, "one row per attempt");
        uint32_t running = 0;
        for (const auto& row : r.rows)
        {
            NS_TEST_EXPECT_MSG_EQ(row.at("outcome"), "cut", "nothing ended by 1.03 s");
            if (!row.at("start_s").empty())
            {
                ++running;
                NS_TEST_EXPECT_MSG_NE(row.at("reason").find("still running at MaxSimTime"),
                                      std::string::npos,
                                      row.at("reason"));
                NS_TEST_EXPECT_MSG_EQ(row.at("done_s"), "", "not done");
            }
            else
            {
                NS_TEST_EXPECT_MSG_NE(row.at("reason").find("not started"),
                                      std::string::npos,
                                      row.at("reason"));
            }
        }
        NS_TEST_EXPECT_MSG_EQ(running, 4, "one running attempt per client");
    }
};

/**
 * \ingroup tls-test
 * Failed rows say why and show both sides: the reason (OpenSSL's error), the
 * server's outcome, the handshake state a client-sent alert was sent in, and
 * no phase 4 for TLS 1.3 (it has three flights), also when it failed.
 */
class TlsFailedRowTestCase : public TestCase
{
  public:
    /// \param version TLS version
    explicit TlsFailedRowTestCase(std::string version)
        : TestCase("failed TLS " + version + " rows: reason, server outcome, alert state, phases"),
          m_version(version)
    {
    }

  private:
    void DoRun() override
    {
        std::string path = RobustPath("failed-" + m_version + ".csv");
        Ptr<TlsExperiment> e = Experiment({{"Clients", "2"},
                                           {"Handshakes", "4"},
                                           {"Version", m_version},
                                           {"Scenario", "unknown-ca"},
                                           {"FaultFraction", "0.5"},
                                           {"RecordsFile", path}});
        TlsExperimentSummary s = e->Run();
        Rows r = ReadRows(path);
        NS_TEST_EXPECT_MSG_EQ(r.whole, true, "whole rows");
        NS_TEST_ASSERT_MSG_EQ(r.rows.size(), 4, "one row per attempt");
        uint32_t alerts = 0;
        for (const auto& row : r.rows)
        {
            if (row.at("outcome") == "ok")
            {
                NS_TEST_EXPECT_MSG_EQ(row.at("reason"), "", "ok rows have no reason");
                NS_TEST_EXPECT_MSG_EQ(row.at("server_outcome"), "ok", "both sides ok");
                bool tls13 = m_version == "1.3";
                NS_TEST_EXPECT_MSG_EQ(row.at("phase4_end_s").empty(), tls13, "phase 4: TLS 1.2");
                continue;
            }
            ++alerts;
            // The client does not trust the server's CA: it sends unknown_ca
            // (RFC 8446 6.2) while reading the server's certificate.
            NS_TEST_EXPECT_MSG_EQ(row.at("outcome"), "alert", "alert");
            NS_TEST_EXPECT_MSG_EQ(row.at("alert"), "unknown_ca", "alert");
            NS_TEST_EXPECT_MSG_EQ(row.at("alert_sender"), "client", "sender");
            NS_TEST_EXPECT_MSG_NE(row.at("alert_state"), "error", "a real state");
            NS_TEST_EXPECT_MSG_NE(row.at("alert_state").find("server certificate"),
                                  std::string::npos,
                                  row.at("alert_state"));
            NS_TEST_EXPECT_MSG_NE(row.at("reason").find("certificate verify failed"),
                                  std::string::npos,
                                  row.at("reason"));
            NS_TEST_EXPECT_MSG_EQ(row.at("server_outcome"), "alert", "the server got it");
            NS_TEST_EXPECT_MSG_EQ(row.at("phase4_end_s"), "", "no Finished: no phase 4");
            NS_TEST_EXPECT_MSG_EQ(row.at("done_s"), "", "not done");
        }
        NS_TEST_EXPECT_MSG_EQ(alerts, 2, "the faulty client's two attempts");
        NS_TEST_EXPECT_MSG_EQ(s.outcomes["alert"], 2, "summary");
    }

    std::string m_version; //!< TLS version
};

/**
 * \ingroup tls-test
 * Rows are written whole: at any moment of a run the records file holds whole
 * rows only (a killed run leaves no half row), and a stop flag set by SIGINT
 * (TlsExperiment::SetStopFlag) stops the run with
 * one row per attempt and a failure line.
 */
class TlsWholeRowsTestCase : public TestCase
{
  public:
    TlsWholeRowsTestCase()
        : TestCase(
              "the records file holds whole rows at every moment; SIGINT's stop flag stops cleanly")
    {
    }

  private:
    /// \param path the records file: look at it as a kill would leave it
    void Look(std::string path)
    {
        Rows r = ReadRows(path);
        m_looks += 1;
        m_half += !(r.whole && r.endsWithNewline);
    }

    void DoRun() override
    {
        const uint32_t attempts = 400;
        std::string path = RobustPath("whole-rows.csv");
        Ptr<TlsExperiment> e = Experiment(
            {{"Clients", "20"}, {"Handshakes", std::to_string(attempts)}, {"RecordsFile", path}});
        NS_TEST_ASSERT_MSG_EQ(e->Build(), "", "build");
        for (int k = 1; k <= 40; ++k)
        {
            Simulator::Schedule(Seconds(1) + MilliSeconds(25 * k),
                                &TlsWholeRowsTestCase::Look,
                                this,
                                path);
        }
        // A program's signal handler sets the stop flag (here: SIGINT) when about
        // half the attempts have ended (20 clients, 40 ms each).
        static volatile std::sig_atomic_t stop = 0;
        stop = 0;
        e->SetStopFlag(&stop);
        tls_compat::Schedule(Seconds(1.4), []() { stop = SIGINT; });
        TlsExperimentSummary s = e->Run();
        NS_TEST_EXPECT_MSG_EQ(m_half, 0, "no half row in " << m_looks << " looks");
        NS_TEST_EXPECT_MSG_NE(s.error.find("signal " + std::to_string(SIGINT)),
                              std::string::npos,
                              s.error);
        Rows r = ReadRows(path);
        NS_TEST_EXPECT_MSG_EQ(r.whole && r.endsWithNewline, true, "whole rows");
        NS_TEST_EXPECT_MSG_EQ(r.rows.size(), attempts, "one row per attempt");
        NS_TEST_EXPECT_MSG_GT(s.outcomes["ok"], 0, "some ended before the signal");
        NS_TEST_EXPECT_MSG_GT(s.outcomes["cut"], 0, "the rest is cut");
        NS_TEST_EXPECT_MSG_EQ(s.outcomes["ok"] + s.outcomes["cut"], attempts, "ok or cut");
    }

    uint32_t m_looks{0}; //!< looks at the file
    uint32_t m_half{0};  //!< looks that found a half row
};

/**
 * \ingroup tls-test
 * The experiment under faults and at its limits.
 */
class TlsExperimentRobustnessTestSuite : public TestSuite
{
  public:
    TlsExperimentRobustnessTestSuite()
        : TestSuite("tls-experiment-robustness", tls_compat::SYSTEM)
    {
        AddTestCase(new TlsPortReuseTestCase, tls_compat::QUICK);
        AddTestCase(new TlsPortExhaustionTestCase, tls_compat::QUICK);
        AddTestCase(new TlsTimeLimitTestCase, tls_compat::QUICK);
        AddTestCase(new TlsFailedRowTestCase("1.3"), tls_compat::QUICK);
        AddTestCase(new TlsFailedRowTestCase("1.2"), tls_compat::QUICK);
        AddTestCase(new TlsWholeRowsTestCase, tls_compat::QUICK);
    }
};

} // namespace

/// Static instance of the experiment robustness suite.
static TlsExperimentRobustnessTestSuite g_tlsExperimentRobustnessTestSuite;

} // namespace
