/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Session resumption: TLS 1.2 session ids and tickets, TLS 1.3 PSK, 0-RTT
// early data, cache eviction and expiry, and server farms with shared or
// separate resumption state.

#include "tls-test-utils.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/test.h"
#include "ns3/tls-module.h"
#include "ns3/tls-ns3-compat.h"

#include <map>

using namespace ns3;
using namespace ns3::tls_test;

namespace
{

/// A farm of servers on one node (one port each) and one resuming client.
struct Farm
{
    std::string version{"1.2"};       //!< TLS version
    bool tickets{false};              //!< SessionTickets
    uint32_t servers{1};              //!< number of servers
    bool sharedCache{false};          //!< servers share one TlsSessionCache
    uint32_t cacheSize{100};          //!< TlsSessionCache::Size
    Time cacheTimeout{Seconds(7200)}; //!< TlsSessionCache::Timeout
    uint32_t maxEarlyData{0};         //!< MaxEarlyData
    uint32_t connections{2};          //!< connections of the client
    Time interval{Seconds(1)};        //!< pause between connections
    uint32_t requestSize{0};          //!< request bytes
    uint32_t responseSize{0};         //!< response bytes
    uint32_t earlyData{0};            //!< client EarlyData
    Time delay{MilliSeconds(10)};     //!< one-way delay
};

/// What the farm produced.
struct FarmResult
{
    MessageLog messages;                      //!< all messages
    RecordLog client;                         //!< client records
    RecordLog server;                         //!< server records (all servers)
    std::vector<Ptr<TlsSessionCache>> caches; //!< the servers' caches
    std::map<uint64_t, Time> firstServerRx;   //!< server connection id -> first data read
};

void
NoteFirstRx(std::map<uint64_t, Time>* first, uint64_t connId, Ptr<const Packet>)
{
    first->emplace(connId, Simulator::Now());
}

void
RunFarm(const Farm& f, FarmResult* r)
{
    Star star = BuildStar(1, f.delay, DataRate("1Gbps"));
    Ptr<TlsSessionCache> shared = CreateObject<TlsSessionCache>();
    shared->SetAttribute("Size", UintegerValue(f.cacheSize));
    shared->SetAttribute("Timeout", TimeValue(f.cacheTimeout));
    ApplicationContainer servers;
    Ptr<TlsContext> clientContext = CreateObject<TlsContext>();
    for (Ptr<TlsContext> c : {clientContext})
    {
        c->SetAttribute("MinVersion", StringValue(f.version));
        c->SetAttribute("MaxVersion", StringValue(f.version));
        c->SetAttribute("SessionTickets", BooleanValue(f.tickets));
        c->SetAttribute("MiddleboxCompat", BooleanValue(false));
        c->SetAttribute("CacheDirectory", StringValue(TestCacheDir()));
    }
    std::vector<Address> remotes;
    for (uint32_t i = 0; i < f.servers; ++i)
    {
        uint16_t port = 443 + i;
        TlsServerHelper helper(port);
        helper.SetContextAttribute("MinVersion", StringValue(f.version));
        helper.SetContextAttribute("MaxVersion", StringValue(f.version));
        helper.SetContextAttribute("SessionTickets", BooleanValue(f.tickets));
        helper.SetContextAttribute("MiddleboxCompat", BooleanValue(false));
        helper.SetContextAttribute("MaxEarlyData", UintegerValue(f.maxEarlyData));
        helper.SetContextAttribute("CacheDirectory", StringValue(TestCacheDir()));
        Ptr<TlsSessionCache> cache = shared;
        if (!f.sharedCache)
        {
            cache = CreateObject<TlsSessionCache>();
            cache->SetAttribute("Size", UintegerValue(f.cacheSize));
            cache->SetAttribute("Timeout", TimeValue(f.cacheTimeout));
        }
        helper.SetContextAttribute("SessionCache", PointerValue(cache));
        r->caches.push_back(cache);
        servers.Add(helper.Install(star.server));
        remotes.push_back(ServerSocketAddress(star, port));
    }
    TlsClientHelper clientHelper(remotes[0]);
    clientHelper.SetContext(clientContext);
    clientHelper.SetAttribute("Connections", UintegerValue(f.connections));
    clientHelper.SetAttribute("Interval", TimeValue(f.interval));
    clientHelper.SetAttribute("Resume", StringValue("always"));
    clientHelper.SetAttribute("RequestSize", UintegerValue(f.requestSize));
    clientHelper.SetAttribute("ResponseSize", UintegerValue(f.responseSize));
    clientHelper.SetAttribute("EarlyData", UintegerValue(f.earlyData));
    ApplicationContainer clients = clientHelper.Install(star.clients);
    Ptr<TlsClient> client = DynamicCast<TlsClient>(clients.Get(0));
    if (f.servers > 1)
    {
        for (const auto& a : remotes)
        {
            client->AddRemote(a);
        }
    }
    servers.Start(Seconds(0));
    clients.Start(Seconds(1));
    r->messages.Attach(clients.Get(0), true);
    r->client.Attach(clients);
    r->server.Attach(servers);
    for (uint32_t i = 0; i < servers.GetN(); ++i)
    {
        r->messages.Attach(servers.Get(i), false);
        servers.Get(i)->TraceConnectWithoutContext(
            "Rx",
            MakeBoundCallback(&NoteFirstRx, &r->firstServerRx));
    }
    Simulator::Stop(Seconds(60));
    Simulator::Run();
    Simulator::Destroy();
}

/**
 * \param log messages
 * \param fromClientConn the client's connection id
 * \param serverConn the server's connection id
 * \return the messages of one connection, "C->S Name", in order
 */
std::vector<std::string>
ConnectionMessages(const MessageLog& log, uint64_t clientConn, uint64_t serverConn)
{
    std::vector<std::string> out;
    for (const auto& m : log.Sent())
    {
        if (m.connId == clientConn || m.connId == serverConn)
        {
            out.push_back(m.ToString());
        }
    }
    return out;
}

/**
 * \param v names
 * \return them joined for messages
 */
std::string
Join(const std::vector<std::string>& v)
{
    std::string s;
    for (const auto& x : v)
    {
        s += x + ", ";
    }
    return s;
}

/**
 * \ingroup tls-test
 * The abbreviated handshake: its messages, its time, and how it is reported.
 */
class TlsResumedHandshakeTestCase : public TestCase
{
  public:
    /**
     * \param name test name
     * \param f the farm
     * \param mechanism expected resumption mechanism
     * \param expected expected messages of the resumed connection
     * \param tlsRtts RTTs of the resumed TLS handshake
     */
    TlsResumedHandshakeTestCase(std::string name,
                                Farm f,
                                std::string mechanism,
                                std::vector<std::string> expected,
                                int tlsRtts)
        : TestCase(name),
          m_farm(f),
          m_mechanism(mechanism),
          m_expected(expected),
          m_tlsRtts(tlsRtts)
    {
    }

  private:
    void DoRun() override
    {
        FarmResult r;
        RunFarm(m_farm, &r);
        const auto& c = r.client.Completed();
        const auto& s = r.server.Completed();
        NS_TEST_ASSERT_MSG_EQ(c.size(), 2, "two handshakes at the client");
        NS_TEST_ASSERT_MSG_EQ(s.size(), 2, "two handshakes at the server");
        if (c.size() != 2 || s.size() != 2)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(c[0].info.resumed, false, "first handshake is full");
        NS_TEST_ASSERT_MSG_EQ(c[1].resumptionOffered, true, "second offers the session");
        NS_TEST_ASSERT_MSG_EQ(c[1].info.resumed, true, "second handshake resumed (client)");
        NS_TEST_ASSERT_MSG_EQ(s[1].info.resumed, true, "second handshake resumed (server)");
        NS_TEST_ASSERT_MSG_EQ(c[1].info.resumption, m_mechanism, "mechanism seen by the client");
        NS_TEST_ASSERT_MSG_EQ(s[1].info.resumption, m_mechanism, "mechanism seen by the server");
        std::vector<std::string> seen = ConnectionMessages(r.messages, c[1].id, s[1].id);
        NS_TEST_ASSERT_MSG_EQ(seen.size(), m_expected.size(), "messages: " << Join(seen));
        for (size_t i = 0; i < std::min(seen.size(), m_expected.size()); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(seen[i], m_expected[i], "message " << i << ": " << Join(seen));
        }
        Time rtt = 2 * m_farm.delay;
        Time expected = (1 + m_tlsRtts) * rtt;
        Time latency = c[1].GetHandshakeLatency();
        NS_TEST_ASSERT_MSG_GT_OR_EQ(latency, expected, "not faster than the round trips");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(latency,
                                    expected + MicroSeconds(100),
                                    "resumed latency " << latency.As(Time::MS));
        NS_TEST_ASSERT_MSG_LT(c[1].GetHandshakeLatency(),
                              c[0].GetHandshakeLatency(),
                              "resumption is faster");
    }

    Farm m_farm;                         //!< setup
    std::string m_mechanism;             //!< expected mechanism
    std::vector<std::string> m_expected; //!< expected messages
    int m_tlsRtts;                       //!< expected TLS RTTs
};

/**
 * \ingroup tls-test
 * TLS 1.3 0-RTT: early data reaches the server application before the client
 * completes its handshake; or, rejected, is sent again after it.
 */
class TlsEarlyDataTestCase : public TestCase
{
  public:
    /**
     * \param accepted true: one server that accepts; false: a second server
     *        without the first one's ticket key rejects
     */
    explicit TlsEarlyDataTestCase(bool accepted)
        : TestCase(accepted ? "TLS 1.3 0-RTT early data accepted"
                            : "TLS 1.3 0-RTT early data rejected by another server"),
          m_accepted(accepted)
    {
    }

  private:
    void DoRun() override
    {
        Farm f;
        f.version = "1.3";
        f.tickets = true;
        f.maxEarlyData = 16384;
        f.requestSize = 600;
        f.responseSize = 2000;
        f.earlyData = 600;
        f.servers = m_accepted ? 1 : 2;
        f.sharedCache = false;
        FarmResult r;
        RunFarm(f, &r);
        const auto& c = r.client.Records();
        const auto& s = r.server.Records();
        NS_TEST_ASSERT_MSG_EQ(c.size(), 2, "two client connections");
        NS_TEST_ASSERT_MSG_EQ(s.size(), 2, "two server connections");
        if (c.size() != 2 || s.size() != 2)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(c[1].earlyDataBytes, 600, "the request left as early data");
        NS_TEST_ASSERT_MSG_EQ(c[1].info.earlyData,
                              (m_accepted ? "accepted" : "rejected"),
                              "early data outcome at the client");
        NS_TEST_ASSERT_MSG_EQ(s[1].info.earlyData,
                              (m_accepted ? "accepted" : "rejected"),
                              "early data outcome at the server");
        NS_TEST_ASSERT_MSG_EQ(s[1].appBytesReceived, 600, "the server read the request once");
        NS_TEST_ASSERT_MSG_EQ(s[1].appBytesCorrupt, 0, "request intact");
        NS_TEST_ASSERT_MSG_EQ(c[1].appBytesReceived, 2000, "the response arrived");
        NS_TEST_ASSERT_MSG_EQ(TlsOutcomeName(c[1].outcome), "ok", "client outcome");
        Time firstRx = r.firstServerRx.at(s[1].id);
        if (m_accepted)
        {
            NS_TEST_ASSERT_MSG_LT(firstRx,
                                  c[1].handshakeDone,
                                  "0-RTT data reached the server application before the "
                                  "client completed its handshake");
            NS_TEST_ASSERT_MSG_EQ(c[1].info.resumed, true, "resumed");
            bool endOfEarlyData = false;
            for (const auto& m : ConnectionMessages(r.messages, c[1].id, s[1].id))
            {
                endOfEarlyData |= m == "C->S EndOfEarlyData";
            }
            NS_TEST_ASSERT_MSG_EQ(endOfEarlyData, true, "client sent EndOfEarlyData");
        }
        else
        {
            NS_TEST_ASSERT_MSG_GT(firstRx, c[1].handshakeDone, "data only after the handshake");
            NS_TEST_ASSERT_MSG_EQ(c[1].info.resumed, false, "the other server cannot resume");
        }
    }

    bool m_accepted; //!< accepted or rejected
};

/**
 * \ingroup tls-test
 * A farm: servers that share one cache and ticket key resume each other's
 * sessions; servers with their own do not.
 */
class TlsFarmTestCase : public TestCase
{
  public:
    /**
     * \param version TLS version
     * \param tickets tickets or session ids
     * \param shared shared resumption state
     */
    TlsFarmTestCase(std::string version, bool tickets, bool shared)
        : TestCase("farm of 2 servers, TLS " + version + (tickets ? " tickets" : " session ids") +
                   (shared ? ", shared cache and key" : ", separate caches and keys")),
          m_version(version),
          m_tickets(tickets),
          m_shared(shared)
    {
    }

  private:
    void DoRun() override
    {
        Farm f;
        f.version = m_version;
        f.tickets = m_tickets;
        f.servers = 2;
        f.sharedCache = m_shared;
        f.connections = 3;
        FarmResult r;
        RunFarm(f, &r);
        const auto& c = r.client.Completed();
        NS_TEST_ASSERT_MSG_EQ(c.size(), 3, "three handshakes");
        if (c.size() != 3)
        {
            return;
        }
        // Round robin: server 1, server 2, server 1.
        NS_TEST_ASSERT_MSG_EQ(c[0].info.resumed, false, "first is full");
        NS_TEST_ASSERT_MSG_EQ(c[1].resumptionOffered, true, "second offers a session");
        NS_TEST_ASSERT_MSG_EQ(c[1].info.resumed, m_shared, "second resumes on server 2");
        if (!m_tickets)
        {
            uint64_t hits = r.caches[0]->GetHits();
            if (!m_shared)
            {
                hits += r.caches[1]->GetHits();
            }
            // Separate: the third connection offers the second's session (newest first) to
            // server 1, which never saw it.
            NS_TEST_ASSERT_MSG_EQ(hits, (m_shared ? 2 : 0), "cache hits");
        }
    }

    std::string m_version; //!< version
    bool m_tickets;        //!< tickets
    bool m_shared;         //!< shared state
};

/**
 * \ingroup tls-test
 * A full cache evicts the least recently used session, and a client whose
 * session was evicted falls back to a full handshake.
 */
class TlsEvictionTestCase : public TestCase
{
  public:
    TlsEvictionTestCase()
        : TestCase("a full session cache evicts; resumption falls back to a full handshake")
    {
    }

  private:
    void DoRun() override
    {
        Star star = BuildStar(1, MilliSeconds(10), DataRate("1Gbps"));
        TlsServerHelper serverHelper(443);
        serverHelper.SetContextAttribute("MaxVersion", StringValue("1.2"));
        serverHelper.SetContextAttribute("SessionTickets", BooleanValue(false));
        serverHelper.SetContextAttribute("CacheDirectory", StringValue(TestCacheDir()));
        Ptr<TlsSessionCache> cache = CreateObject<TlsSessionCache>();
        cache->SetAttribute("Size", UintegerValue(2));
        serverHelper.SetContextAttribute("SessionCache", PointerValue(cache));
        ApplicationContainer servers = serverHelper.Install(star.server);
        TlsClientHelper clientHelper(ServerSocketAddress(star, 443));
        clientHelper.SetContext(serverHelper.GetContext());
        clientHelper.SetAttribute("Connections", UintegerValue(2));
        clientHelper.SetAttribute("Resume", StringValue("always"));
        // A: full at 1.0 s, again at ~4.1 s; B: 1.5 s and ~3.1 s; C: 2.0 s and ~2.6 s.
        std::vector<std::pair<double, double>> plan = {{1.0, 3.0}, {1.5, 1.5}, {2.0, 0.5}};
        std::vector<RecordLog> logs(plan.size());
        for (size_t i = 0; i < plan.size(); ++i)
        {
            clientHelper.SetAttribute("Interval", TimeValue(Seconds(plan[i].second)));
            ApplicationContainer app = clientHelper.Install(star.clients);
            app.Start(Seconds(plan[i].first));
            logs[i].Attach(app);
        }
        servers.Start(Seconds(0));
        Simulator::Stop(Seconds(20));
        Simulator::Run();
        for (size_t i = 0; i < plan.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(logs[i].Completed().size(), 2, "client " << i);
        }
        NS_TEST_ASSERT_MSG_EQ(logs[0].Completed()[1].resumptionOffered, true, "A offered");
        NS_TEST_ASSERT_MSG_EQ(logs[0].Completed()[1].info.resumed, false, "A was evicted");
        NS_TEST_ASSERT_MSG_EQ(logs[1].Completed()[1].info.resumed, true, "B resumed");
        NS_TEST_ASSERT_MSG_EQ(logs[2].Completed()[1].info.resumed, true, "C resumed");
        NS_TEST_ASSERT_MSG_EQ(cache->GetHits(), 2, "hits");
        NS_TEST_ASSERT_MSG_EQ(cache->GetMisses(), 1, "misses");
        NS_TEST_ASSERT_MSG_EQ(cache->GetEvictions(), 2, "evictions (A by C, then C by A')");
        NS_TEST_ASSERT_MSG_EQ(cache->GetSize(), 2, "cache full");
        Simulator::Destroy();
    }
};

/**
 * \ingroup tls-test
 * Sessions and tickets expire in simulated time.
 */
class TlsExpiryTestCase : public TestCase
{
  public:
    /**
     * \param version TLS version
     * \param tickets tickets or session ids
     */
    TlsExpiryTestCase(std::string version, bool tickets)
        : TestCase("TLS " + version + (tickets ? " ticket" : " session id") +
                   " expires after the cache timeout"),
          m_version(version),
          m_tickets(tickets)
    {
    }

  private:
    void DoRun() override
    {
        Farm f;
        f.version = m_version;
        f.tickets = m_tickets;
        f.cacheTimeout = Seconds(5);
        f.connections = 3;
        f.interval = Seconds(3); // second at ~3 s (alive), third at ~6 s (expired)
        FarmResult r;
        RunFarm(f, &r);
        const auto& c = r.client.Completed();
        NS_TEST_ASSERT_MSG_EQ(c.size(), 3, "three handshakes");
        if (c.size() != 3)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(c[1].info.resumed, true, "resumed within the timeout");
        NS_TEST_ASSERT_MSG_EQ(c[2].resumptionOffered, true, "third offers a session");
        // The third offers the first handshake's session (a resumed TLS 1.2
        // handshake issues no new one), now 6 s old: the server refuses it.
        NS_TEST_ASSERT_MSG_EQ(c[2].info.resumed, false, "expired in simulated time");
    }

    std::string m_version; //!< version
    bool m_tickets;        //!< tickets
};

/**
 * \ingroup tls-test
 * Resumption suite.
 */
class TlsResumptionTestSuite : public TestSuite
{
  public:
    TlsResumptionTestSuite()
        : TestSuite("tls-resumption", tls_compat::SYSTEM)
    {
        Farm ids;
        AddTestCase(new TlsResumedHandshakeTestCase("TLS 1.2 session-id resumption",
                                                    ids,
                                                    "session-id",
                                                    {"C->S ClientHello",
                                                     "S->C ServerHello",
                                                     "S->C ChangeCipherSpec",
                                                     "S->C Finished",
                                                     "C->S ChangeCipherSpec",
                                                     "C->S Finished"},
                                                    1),
                    tls_compat::QUICK);
        Farm tickets;
        tickets.tickets = true;
        AddTestCase(new TlsResumedHandshakeTestCase("TLS 1.2 ticket resumption",
                                                    tickets,
                                                    "ticket",
                                                    {"C->S ClientHello",
                                                     "S->C ServerHello",
                                                     "S->C ChangeCipherSpec",
                                                     "S->C Finished",
                                                     "C->S ChangeCipherSpec",
                                                     "C->S Finished"},
                                                    1),
                    tls_compat::QUICK);
        Farm psk;
        psk.version = "1.3";
        psk.tickets = true;
        AddTestCase(new TlsResumedHandshakeTestCase("TLS 1.3 PSK resumption",
                                                    psk,
                                                    "psk",
                                                    {"C->S ClientHello",
                                                     "S->C ServerHello",
                                                     "S->C EncryptedExtensions",
                                                     "S->C Finished",
                                                     "C->S Finished",
                                                     // OpenSSL sends one ticket after a
                                                     // resumption (NumTickets after a full
                                                     // handshake)
                                                     "S->C NewSessionTicket"},
                                                    1),
                    tls_compat::QUICK);
        AddTestCase(new TlsEarlyDataTestCase(true), tls_compat::QUICK);
        AddTestCase(new TlsEarlyDataTestCase(false), tls_compat::QUICK);
        for (bool shared : {true, false})
        {
            AddTestCase(new TlsFarmTestCase("1.2", false, shared), tls_compat::QUICK);
            AddTestCase(new TlsFarmTestCase("1.2", true, shared), tls_compat::QUICK);
            AddTestCase(new TlsFarmTestCase("1.3", true, shared), tls_compat::QUICK);
        }
        AddTestCase(new TlsEvictionTestCase, tls_compat::QUICK);
        AddTestCase(new TlsExpiryTestCase("1.2", false), tls_compat::QUICK);
        AddTestCase(new TlsExpiryTestCase("1.2", true), tls_compat::QUICK);
    }
};

static TlsResumptionTestSuite g_tlsResumptionTestSuite; //!< static instance

} // namespace
