/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Handshakes over simulated links: completion times against the round-trip
// count of RFC 5246 / RFC 8446, exact message sequences, application data,
// and many concurrent clients.

#include "tls-test-utils.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/test.h"
#include "ns3/tls-module.h"
#include "ns3/tls-ns3-compat.h"

#include <openssl/crypto.h>
#include <vector>

using namespace ns3;
using namespace ns3::tls_test;

namespace
{

/**
 * \return the group OpenSSL's default list puts first for TLS 1.3: X25519 up to
 *         3.4, the hybrid X25519MLKEM768 from 3.5
 */
std::string
DefaultTls13Group()
{
    return OpenSSL_version_num() >= 0x30500000UL ? "X25519MLKEM768" : "x25519";
}

/// One client, one server, one link.
struct Scenario
{
    std::string version{"1.3"};       //!< MinVersion = MaxVersion
    std::string clientAuth{"none"};   //!< ClientAuth
    std::string keyType{"p256"};      //!< KeyType
    uint32_t chainDepth{1};           //!< ChainDepth
    std::string cipherList;           //!< CipherList
    bool tickets{false};              //!< SessionTickets
    bool middleboxCompat{true};       //!< MiddleboxCompat
    Time delay{MilliSeconds(10)};     //!< one-way delay
    DataRate rate{DataRate("1Gbps")}; //!< link rate
    uint32_t requestSize{0};          //!< request bytes
    uint32_t responseSize{0};         //!< response bytes
    bool ipv6{false};                 //!< IPv6
};

/// What a scenario produced.
struct ScenarioResult
{
    MessageLog messages;                                //!< messages by sender
    RecordLog client;                                   //!< client records
    RecordLog server;                                   //!< server records
    std::vector<uint8_t> clientRx;                      //!< application bytes the client read
    std::vector<uint8_t> serverRx;                      //!< application bytes the server read
    std::vector<std::pair<bool, uint8_t>> clientAlerts; //!< (sent, description) at the client
    std::vector<std::pair<bool, uint8_t>> serverAlerts; //!< (sent, description) at the server
    uint32_t clientSockets{0}; //!< TCP sockets left on the client node at the end
    uint32_t serverSockets{0}; //!< TCP sockets left on the server node at the end
};

void
AppendData(std::vector<uint8_t>* out, uint64_t, Ptr<const Packet> p)
{
    size_t old = out->size();
    out->resize(old + p->GetSize());
    p->CopyData(out->data() + old, p->GetSize());
}

void
AppendAlert(std::vector<std::pair<bool, uint8_t>>* out, uint64_t, bool sent, uint8_t, uint8_t d)
{
    out->emplace_back(sent, d);
}

void
RunScenario(const Scenario& s, ScenarioResult* r)
{
    Star star = BuildStar(1, s.delay, s.rate, s.ipv6);
    Ptr<TlsContext> context = CreateObject<TlsContext>();
    context->SetAttribute("MinVersion", StringValue(s.version));
    context->SetAttribute("MaxVersion", StringValue(s.version));
    context->SetAttribute("ClientAuth", StringValue(s.clientAuth));
    context->SetAttribute("KeyType", StringValue(s.keyType));
    context->SetAttribute("ChainDepth", UintegerValue(s.chainDepth));
    context->SetAttribute("CipherList", StringValue(s.cipherList));
    context->SetAttribute("SessionTickets", BooleanValue(s.tickets));
    context->SetAttribute("MiddleboxCompat", BooleanValue(s.middleboxCompat));
    context->SetAttribute("CacheDirectory", StringValue(TestCacheDir()));

    const uint16_t port = 4433;
    TlsServerHelper serverHelper(s.ipv6 ? Address(Inet6SocketAddress(Ipv6Address::GetAny(), port))
                                        : Address(InetSocketAddress(Ipv4Address::GetAny(), port)));
    serverHelper.SetContext(context);
    ApplicationContainer servers = serverHelper.Install(star.server);
    TlsClientHelper clientHelper(ServerSocketAddress(star, port));
    clientHelper.SetContext(context);
    clientHelper.SetAttribute("RequestSize", UintegerValue(s.requestSize));
    clientHelper.SetAttribute("ResponseSize", UintegerValue(s.responseSize));
    ApplicationContainer clients = clientHelper.Install(star.clients);
    servers.Start(Seconds(0));
    clients.Start(Seconds(1));

    r->messages.Attach(clients.Get(0), true);
    r->messages.Attach(servers.Get(0), false);
    r->client.Attach(clients);
    r->server.Attach(servers);
    clients.Get(0)->TraceConnectWithoutContext("Rx", MakeBoundCallback(&AppendData, &r->clientRx));
    servers.Get(0)->TraceConnectWithoutContext("Rx", MakeBoundCallback(&AppendData, &r->serverRx));
    clients.Get(0)->TraceConnectWithoutContext("Alert",
                                               MakeBoundCallback(&AppendAlert, &r->clientAlerts));
    servers.Get(0)->TraceConnectWithoutContext("Alert",
                                               MakeBoundCallback(&AppendAlert, &r->serverAlerts));
    Simulator::Stop(Seconds(30));
    Simulator::Run();
    r->clientSockets = CountTcpSockets(star.clients.Get(0));
    r->serverSockets = CountTcpSockets(star.server.Get(0));
    Simulator::Destroy();
}

// ---------------------------------------------------------------------------

/**
 * \ingroup tls-test
 * The name tables and the phase mapping.
 */
class TlsNamesTestCase : public TestCase
{
  public:
    TlsNamesTestCase()
        : TestCase("message, alert and phase names")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(TlsMessageName(TlsMessageFromHandshakeType(1)),
                              "ClientHello",
                              "type 1");
        NS_TEST_ASSERT_MSG_EQ(TlsMessageName(TlsMessageFromHandshakeType(12)),
                              "ServerKeyExchange",
                              "type 12");
        NS_TEST_ASSERT_MSG_EQ(TlsMessageName(TlsMessageFromHandshakeType(8)),
                              "EncryptedExtensions",
                              "type 8");
        NS_TEST_ASSERT_MSG_EQ(TlsMessageName(TlsMessage::HELLO_RETRY_REQUEST),
                              "HelloRetryRequest",
                              "HRR");
        NS_TEST_ASSERT_MSG_EQ((TlsMessageFromHandshakeType(99) == TlsMessage::UNKNOWN),
                              true,
                              "unknown type");
        NS_TEST_ASSERT_MSG_EQ(TlsAlertName(48), "unknown_ca", "alert 48");
        NS_TEST_ASSERT_MSG_EQ(TlsAlertName(116), "certificate_required", "alert 116");
        NS_TEST_ASSERT_MSG_EQ(TlsAlertName(20), "bad_record_mac", "alert 20");
        NS_TEST_ASSERT_MSG_EQ(TlsAlertFromName("protocol_version"), 70, "protocol_version");
        NS_TEST_ASSERT_MSG_EQ(TlsAlertFromName("no_such_alert"), -1, "unknown alert name");
        NS_TEST_ASSERT_MSG_EQ(TlsSeedPhase(TlsMessage::CERTIFICATE, false), 2, "server cert");
        NS_TEST_ASSERT_MSG_EQ(TlsSeedPhase(TlsMessage::CERTIFICATE, true), 3, "client cert");
        NS_TEST_ASSERT_MSG_EQ(TlsSeedPhase(TlsMessage::CHANGE_CIPHER_SPEC, true), 4, "ccs");
        NS_TEST_ASSERT_MSG_EQ(TlsVersionName(0x0304), "1.3", "version name");
        NS_TEST_ASSERT_MSG_EQ(TlsContentTypeName(21), "alert", "content type");
    }
};

/**
 * \ingroup tls-test
 * Name table suite.
 */
class TlsMessagesTestSuite : public TestSuite
{
  public:
    TlsMessagesTestSuite()
        : TestSuite("tls-messages", tls_compat::UNIT)
    {
        AddTestCase(new TlsNamesTestCase, tls_compat::QUICK);
    }
};

static TlsMessagesTestSuite g_tlsMessagesTestSuite; //!< static instance

// ---------------------------------------------------------------------------

/**
 * \ingroup tls-test
 * The client completes at TCP 1 RTT + TLS k RTT (k = 2 for TLS 1.2, 1 for TLS
 * 1.3), plus no more than the transmission times of what was sent.
 */
class TlsLatencyTestCase : public TestCase
{
  public:
    /**
     * \param version TLS version
     * \param delay one-way delay
     * \param rate link rate
     */
    TlsLatencyTestCase(std::string version, Time delay, DataRate rate)
        : TestCase("TLS " + version + " full handshake, one-way delay " +
                   std::to_string(delay.GetMilliSeconds()) + " ms, " +
                   std::to_string(rate.GetBitRate() / 1000000) + " Mbps"),
          m_version(version),
          m_delay(delay),
          m_rate(rate)
    {
    }

  private:
    void DoRun() override
    {
        Scenario s;
        s.version = m_version;
        s.delay = m_delay;
        s.rate = m_rate;
        ScenarioResult r;
        RunScenario(s, &r);
        NS_TEST_ASSERT_MSG_EQ(r.client.Completed().size(), 1, "one handshake completed");
        const TlsConnectionRecord& rec = r.client.Completed()[0];
        int tlsRtts = m_version == "1.2" ? 2 : 1;
        Time rtt = 2 * m_delay;
        Time expected = (1 + tlsRtts) * rtt;
        // Upper bound: every byte of both directions serialised once, plus
        // IP/TCP/PPP headers of each segment.
        uint64_t bytes = 0;
        uint32_t segments = 4; // SYN, SYN-ACK, ACK, slack
        for (const auto& m : r.messages.Sent())
        {
            bytes += m.length + 5;
            ++segments;
        }
        Time slack = m_rate.CalculateBytesTxTime(bytes + segments * 62);
        Time latency = rec.GetHandshakeLatency();
        NS_TEST_ASSERT_MSG_GT_OR_EQ(latency, expected, "faster than the round trips allow");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(latency,
                                    expected + slack,
                                    "latency " << latency.As(Time::MS) << " expected "
                                               << expected.As(Time::MS) << " + at most "
                                               << slack.As(Time::US));
        NS_TEST_ASSERT_MSG_EQ(rec.info.version, m_version, "negotiated version");
        // SYN and SYN-ACK with options: at most 80 bytes each on the wire.
        Time tcpHandshake = rec.tcpConnected - rec.start;
        NS_TEST_ASSERT_MSG_GT(tcpHandshake, rtt, "TCP handshake takes one RTT");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(tcpHandshake,
                                    rtt + m_rate.CalculateBytesTxTime(160),
                                    "TCP handshake takes one RTT plus SYN/SYN-ACK serialisation");
    }

    std::string m_version; //!< TLS version
    Time m_delay;          //!< one-way delay
    DataRate m_rate;       //!< link rate
};

/**
 * \ingroup tls-test
 * Completion time suite.
 */
class TlsLatencyTestSuite : public TestSuite
{
  public:
    TlsLatencyTestSuite()
        : TestSuite("tls-handshake-latency", tls_compat::SYSTEM)
    {
        for (std::string version : {"1.2", "1.3"})
        {
            for (int ms : {1, 10, 50, 150})
            {
                AddTestCase(new TlsLatencyTestCase(version, MilliSeconds(ms), DataRate("1Gbps")),
                            tls_compat::QUICK);
            }
            AddTestCase(new TlsLatencyTestCase(version, MilliSeconds(20), DataRate("10Mbps")),
                        tls_compat::QUICK);
        }
    }
};

static TlsLatencyTestSuite g_tlsLatencyTestSuite; //!< static instance

// ---------------------------------------------------------------------------

/**
 * \ingroup tls-test
 * The exact sequence of messages (direction and name, in the order written).
 */
class TlsSequenceTestCase : public TestCase
{
  public:
    /**
     * \param name test name
     * \param s the scenario
     * \param expected expected "C->S Name" list
     * \param group expected negotiated group ("" = do not check)
     */
    TlsSequenceTestCase(std::string name,
                        Scenario s,
                        std::vector<std::string> expected,
                        std::string group = "")
        : TestCase(name),
          m_scenario(s),
          m_expected(expected),
          m_group(group)
    {
    }

  private:
    void DoRun() override
    {
        ScenarioResult r;
        RunScenario(m_scenario, &r);
        std::vector<std::string> seen = r.messages.SentNames();
        std::string seenText;
        for (const auto& n : seen)
        {
            seenText += n + ", ";
        }
        NS_TEST_ASSERT_MSG_EQ(seen.size(), m_expected.size(), "message count; seen: " << seenText);
        for (size_t i = 0; i < m_expected.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(seen[i],
                                  m_expected[i],
                                  "message " << i << "; seen: " << seenText);
        }
        // The client read exactly what the server wrote, in order.
        std::vector<std::string> serverSent;
        for (const auto& m : r.messages.Sent())
        {
            if (!m.fromClient)
            {
                serverSent.push_back(TlsMessageName(m.msg));
            }
        }
        std::vector<std::string> clientRead;
        for (const auto& m : r.messages.ReceivedByClient())
        {
            clientRead.push_back(TlsMessageName(m.msg));
        }
        std::string readText;
        for (const auto& n : clientRead)
        {
            readText += n + ", ";
        }
        NS_TEST_ASSERT_MSG_EQ((serverSent == clientRead),
                              true,
                              "client read the server's messages in order; read: " << readText);
        NS_TEST_ASSERT_MSG_EQ(r.client.Records().size(), 1, "client record");
        NS_TEST_ASSERT_MSG_EQ(r.server.Records().size(), 1, "server record");
        NS_TEST_ASSERT_MSG_EQ(TlsOutcomeName(r.client.Records()[0].outcome), "ok", "client ok");
        NS_TEST_ASSERT_MSG_EQ(TlsOutcomeName(r.server.Records()[0].outcome), "ok", "server ok");
        if (!m_group.empty())
        {
            NS_TEST_ASSERT_MSG_EQ(r.client.Records()[0].info.group, m_group, "group");
        }
        if (m_scenario.clientAuth == "require")
        {
            NS_TEST_ASSERT_MSG_NE(
                r.server.Records()[0].info.peerCertificate.find("client.tls.test"),
                std::string::npos,
                "server saw the client certificate");
        }
        // Four sub-protocols: handshake, change cipher spec, alert (close_notify), record.
        const auto& types = r.messages.ContentTypes();
        auto has = [&types](uint8_t t) {
            return std::find(types.begin(), types.end(), t) != types.end();
        };
        NS_TEST_ASSERT_MSG_EQ(has(22), true, "handshake records");
        NS_TEST_ASSERT_MSG_EQ(has(21) || m_scenario.version == "1.3", true, "alert records");
        NS_TEST_ASSERT_MSG_EQ(has(20) || !m_scenario.middleboxCompat, true, "CCS records");
        bool closeNotifyEachWay = false;
        int sent = 0;
        int received = 0;
        for (const auto& a : r.clientAlerts)
        {
            if (a.second == 0)
            {
                (a.first ? sent : received)++;
            }
        }
        closeNotifyEachWay = sent == 1 && received == 1;
        NS_TEST_ASSERT_MSG_EQ(closeNotifyEachWay, true, "close_notify in both directions");
        NS_TEST_ASSERT_MSG_EQ(r.serverSockets, 1, "server keeps only its listening socket");
    }

    Scenario m_scenario;                 //!< scenario
    std::vector<std::string> m_expected; //!< expected sequence
    std::string m_group;                 //!< expected group
};

/**
 * \ingroup tls-test
 * Message sequence suite.
 */
class TlsSequenceTestSuite : public TestSuite
{
  public:
    TlsSequenceTestSuite()
        : TestSuite("tls-handshake-sequence", tls_compat::SYSTEM)
    {
        Scenario ecdhe;
        ecdhe.version = "1.2";
        ecdhe.clientAuth = "require";
        ecdhe.cipherList = "ECDHE-ECDSA-AES128-GCM-SHA256";
        AddTestCase(new TlsSequenceTestCase("TLS 1.2 ECDHE, mutual authentication: the four phases",
                                            ecdhe,
                                            {"C->S ClientHello",
                                             "S->C ServerHello",
                                             "S->C Certificate",
                                             "S->C ServerKeyExchange",
                                             "S->C CertificateRequest",
                                             "S->C ServerHelloDone",
                                             "C->S Certificate",
                                             "C->S ClientKeyExchange",
                                             "C->S CertificateVerify",
                                             "C->S ChangeCipherSpec",
                                             "C->S Finished",
                                             "S->C ChangeCipherSpec",
                                             "S->C Finished"},
                                            "x25519"),
                    tls_compat::QUICK);

        Scenario rsa = ecdhe;
        rsa.keyType = "rsa2048";
        rsa.cipherList = "AES128-GCM-SHA256";
        AddTestCase(new TlsSequenceTestCase("TLS 1.2 RSA key transport, mutual authentication",
                                            rsa,
                                            {"C->S ClientHello",
                                             "S->C ServerHello",
                                             "S->C Certificate",
                                             "S->C CertificateRequest",
                                             "S->C ServerHelloDone",
                                             "C->S Certificate",
                                             "C->S ClientKeyExchange",
                                             "C->S CertificateVerify",
                                             "C->S ChangeCipherSpec",
                                             "C->S Finished",
                                             "S->C ChangeCipherSpec",
                                             "S->C Finished"}),
                    tls_compat::QUICK);

        Scenario dhe = rsa;
        dhe.cipherList = "DHE-RSA-AES128-GCM-SHA256";
        dhe.clientAuth = "none";
        AddTestCase(new TlsSequenceTestCase("TLS 1.2 finite-field DHE, server authentication",
                                            dhe,
                                            {"C->S ClientHello",
                                             "S->C ServerHello",
                                             "S->C Certificate",
                                             "S->C ServerKeyExchange",
                                             "S->C ServerHelloDone",
                                             "C->S ClientKeyExchange",
                                             "C->S ChangeCipherSpec",
                                             "C->S Finished",
                                             "S->C ChangeCipherSpec",
                                             "S->C Finished"}),
                    tls_compat::QUICK);

        Scenario tickets12 = ecdhe;
        tickets12.clientAuth = "none";
        tickets12.tickets = true;
        AddTestCase(new TlsSequenceTestCase("TLS 1.2 with a session ticket",
                                            tickets12,
                                            {"C->S ClientHello",
                                             "S->C ServerHello",
                                             "S->C Certificate",
                                             "S->C ServerKeyExchange",
                                             "S->C ServerHelloDone",
                                             "C->S ClientKeyExchange",
                                             "C->S ChangeCipherSpec",
                                             "C->S Finished",
                                             "S->C NewSessionTicket",
                                             "S->C ChangeCipherSpec",
                                             "S->C Finished"}),
                    tls_compat::QUICK);

        Scenario tls13;
        tls13.version = "1.3";
        tls13.clientAuth = "require";
        tls13.middleboxCompat = false;
        AddTestCase(new TlsSequenceTestCase("TLS 1.3, mutual authentication",
                                            tls13,
                                            {"C->S ClientHello",
                                             "S->C ServerHello",
                                             "S->C EncryptedExtensions",
                                             "S->C CertificateRequest",
                                             "S->C Certificate",
                                             "S->C CertificateVerify",
                                             "S->C Finished",
                                             "C->S Certificate",
                                             "C->S CertificateVerify",
                                             "C->S Finished"},
                                            DefaultTls13Group()),
                    tls_compat::QUICK);

        Scenario compat = tls13;
        compat.middleboxCompat = true;
        compat.tickets = true;
        compat.clientAuth = "none";
        AddTestCase(new TlsSequenceTestCase("TLS 1.3, middlebox compatibility and tickets",
                                            compat,
                                            {"C->S ClientHello",
                                             "S->C ServerHello",
                                             "S->C ChangeCipherSpec",
                                             "S->C EncryptedExtensions",
                                             "S->C Certificate",
                                             "S->C CertificateVerify",
                                             "S->C Finished",
                                             "C->S ChangeCipherSpec",
                                             "C->S Finished",
                                             "S->C NewSessionTicket",
                                             "S->C NewSessionTicket"}),
                    tls_compat::QUICK);
    }
};

static TlsSequenceTestSuite g_tlsSequenceTestSuite; //!< static instance

// ---------------------------------------------------------------------------

/**
 * \ingroup tls-test
 * A request and a response larger than the socket buffers arrive intact.
 */
class TlsDataTestCase : public TestCase
{
  public:
    /**
     * \param version TLS version
     * \param ipv6 use IPv6
     */
    TlsDataTestCase(std::string version, bool ipv6)
        : TestCase("application data over TLS " + version + (ipv6 ? ", IPv6" : ", IPv4")),
          m_version(version),
          m_ipv6(ipv6)
    {
    }

  private:
    void DoRun() override
    {
        Scenario s;
        s.version = m_version;
        s.ipv6 = m_ipv6;
        s.requestSize = 50000;
        s.responseSize = 300000; // more than the 128 KiB send buffer
        s.rate = DataRate("20Mbps");
        ScenarioResult r;
        RunScenario(s, &r);
        NS_TEST_ASSERT_MSG_EQ(r.serverRx.size(), s.requestSize, "request size at the server");
        NS_TEST_ASSERT_MSG_EQ(r.clientRx.size(), s.responseSize, "response size at the client");
        uint32_t requestSize = static_cast<uint32_t>(r.serverRx[0]) << 24 | r.serverRx[1] << 16 |
                               r.serverRx[2] << 8 | r.serverRx[3];
        uint32_t responseSize = static_cast<uint32_t>(r.serverRx[4]) << 24 | r.serverRx[5] << 16 |
                                r.serverRx[6] << 8 | r.serverRx[7];
        NS_TEST_ASSERT_MSG_EQ(requestSize, s.requestSize, "request header: request size");
        NS_TEST_ASSERT_MSG_EQ(responseSize, s.responseSize, "request header: response size");
        size_t bad = 0;
        for (size_t i = 8; i < r.serverRx.size(); ++i)
        {
            bad += r.serverRx[i] != TlsExchangeHeader::PatternByte(i);
        }
        for (size_t i = 0; i < r.clientRx.size(); ++i)
        {
            bad += r.clientRx[i] != TlsExchangeHeader::PatternByte(i);
        }
        NS_TEST_ASSERT_MSG_EQ(bad, 0, "bytes differ from what was sent");
        const TlsConnectionRecord& c = r.client.Records().at(0);
        const TlsConnectionRecord& sv = r.server.Records().at(0);
        NS_TEST_ASSERT_MSG_EQ(c.appBytesCorrupt + sv.appBytesCorrupt, 0, "records agree");
        NS_TEST_ASSERT_MSG_EQ(c.appBytesSent, s.requestSize, "client sent");
        NS_TEST_ASSERT_MSG_EQ(sv.appBytesSent, s.responseSize, "server sent");
        NS_TEST_ASSERT_MSG_EQ(c.tcpBytesSent, sv.tcpBytesReceived, "TCP bytes, client to server");
        NS_TEST_ASSERT_MSG_EQ(sv.tcpBytesSent, c.tcpBytesReceived, "TCP bytes, server to client");
        NS_TEST_ASSERT_MSG_EQ(TlsOutcomeName(c.outcome), "ok", "client outcome");
        NS_TEST_ASSERT_MSG_EQ(TlsOutcomeName(sv.outcome), "ok", "server outcome");
        NS_TEST_ASSERT_MSG_EQ(r.clientSockets, 0, "client socket released");
        NS_TEST_ASSERT_MSG_EQ(r.serverSockets, 1, "server keeps only its listening socket");
    }

    std::string m_version; //!< TLS version
    bool m_ipv6;           //!< IPv6
};

/**
 * \ingroup tls-test
 * Application data suite.
 */
class TlsDataTestSuite : public TestSuite
{
  public:
    TlsDataTestSuite()
        : TestSuite("tls-application-data", tls_compat::SYSTEM)
    {
        AddTestCase(new TlsDataTestCase("1.2", false), tls_compat::QUICK);
        AddTestCase(new TlsDataTestCase("1.3", false), tls_compat::QUICK);
        AddTestCase(new TlsDataTestCase("1.3", true), tls_compat::QUICK);
    }
};

static TlsDataTestSuite g_tlsDataTestSuite; //!< static instance

// ---------------------------------------------------------------------------

/**
 * \ingroup tls-test
 * One server, many concurrent clients on several nodes: all complete, and all
 * sockets are released.
 */
class TlsManyClientsTestCase : public TestCase
{
  public:
    /**
     * \param version TLS version
     * \param nodes client nodes
     * \param perNode clients per node
     */
    TlsManyClientsTestCase(std::string version, uint32_t nodes, uint32_t perNode)
        : TestCase(std::to_string(nodes * perNode) + " concurrent TLS " + version + " clients on " +
                   std::to_string(nodes) + " nodes"),
          m_version(version),
          m_nodes(nodes),
          m_perNode(perNode)
    {
    }

  private:
    void DoRun() override
    {
        Star star = BuildStar(m_nodes, MilliSeconds(20), DataRate("100Mbps"));
        const uint16_t port = 443;
        TlsServerHelper serverHelper(port);
        serverHelper.SetContextAttribute("MinVersion", StringValue(m_version));
        serverHelper.SetContextAttribute("MaxVersion", StringValue(m_version));
        serverHelper.SetContextAttribute("CacheDirectory", StringValue(TestCacheDir()));
        ApplicationContainer servers = serverHelper.Install(star.server);
        TlsClientHelper clientHelper(ServerSocketAddress(star, port));
        clientHelper.SetContext(serverHelper.GetContext());
        clientHelper.SetAttribute("RequestSize", UintegerValue(500));
        clientHelper.SetAttribute("ResponseSize", UintegerValue(5000));
        ApplicationContainer clients;
        for (uint32_t i = 0; i < m_perNode; ++i)
        {
            clients.Add(clientHelper.Install(star.clients));
        }
        servers.Start(Seconds(0));
        clients.Start(Seconds(1)); // all at once: the server holds them all concurrently
        clients.Stop(Seconds(20));
        servers.Stop(Seconds(20));
        RecordLog clientLog;
        RecordLog serverLog;
        clientLog.Attach(clients);
        serverLog.Attach(servers);
        uint32_t maxOpen = 0;
        Ptr<TlsServer> server = DynamicCast<TlsServer>(servers.Get(0));
        for (int ms = 1000; ms < 3000; ms += 5)
        {
            tls_compat::Schedule(MilliSeconds(ms), [&maxOpen, server]() {
                maxOpen = std::max(maxOpen, server->GetOpenConnections());
            });
        }
        Simulator::Stop(Seconds(30));
        Simulator::Run();
        uint32_t total = m_nodes * m_perNode;
        NS_TEST_ASSERT_MSG_EQ(clientLog.Records().size(), total, "every client ended");
        uint32_t ok = 0;
        for (const auto& rec : clientLog.Records())
        {
            ok += rec.outcome == TlsOutcome::OK && rec.appBytesReceived == 5000;
        }
        NS_TEST_ASSERT_MSG_EQ(ok, total, "every client completed its handshake and exchange");
        NS_TEST_ASSERT_MSG_EQ(server->GetConnectionsOk(), total, "server side ok");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(maxOpen, total * 9 / 10, "connections were concurrent");
        NS_TEST_ASSERT_MSG_EQ(server->GetOpenConnections(), 0, "server forgot every connection");
        uint32_t left = CountTcpSockets(star.server.Get(0));
        for (uint32_t i = 0; i < m_nodes; ++i)
        {
            left += CountTcpSockets(star.clients.Get(i));
        }
        NS_TEST_ASSERT_MSG_EQ(left, 0, "every TCP socket released");
        Simulator::Destroy();
    }

    std::string m_version; //!< TLS version
    uint32_t m_nodes;      //!< client nodes
    uint32_t m_perNode;    //!< clients per node
};

/**
 * \ingroup tls-test
 * Many clients suite.
 */
class TlsManyClientsTestSuite : public TestSuite
{
  public:
    TlsManyClientsTestSuite()
        : TestSuite("tls-many-clients", tls_compat::SYSTEM)
    {
        AddTestCase(new TlsManyClientsTestCase("1.3", 4, 60), tls_compat::QUICK);
        AddTestCase(new TlsManyClientsTestCase("1.2", 5, 40), tls_compat::QUICK);
    }
};

static TlsManyClientsTestSuite g_tlsManyClientsTestSuite; //!< static instance

} // namespace
