/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Alerts: every fault scenario gives the RFC alert that OpenSSL 3 sends, both
// sides record it, and the server's other connections go on. A handshake that
// never completes ends with a timeout record.

#include "tls-test-utils.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/test.h"
#include "ns3/tls-module.h"
#include "ns3/tls-ns3-compat.h"

using namespace ns3;
using namespace ns3::tls_test;

namespace
{

/**
 * \ingroup tls-test
 * One scenario: a faulty client and a good client of one server.
 */
class TlsAlertScenarioTestCase : public TestCase
{
  public:
    /**
     * \param scenario scenario name
     * \param version TLS version
     */
    TlsAlertScenarioTestCase(std::string scenario, std::string version)
        : TestCase(scenario + " with TLS " + version),
          m_scenario(scenario),
          m_version(version)
    {
    }

  private:
    void DoRun() override
    {
        Star star = BuildStar(2, MilliSeconds(10), DataRate("100Mbps"));
        const uint16_t port = 443;
        Ptr<TlsContext> context = CreateObject<TlsContext>();
        context->SetAttribute("MaxVersion", StringValue(m_version));
        context->SetAttribute("MinVersion", StringValue(m_version));
        context->SetAttribute("CacheDirectory", StringValue(TestCacheDir()));
        Ptr<TlsContext> faulty = context->Copy();
        TlsScenarioActions actions;
        std::string error = TlsApplyScenario(m_scenario, context, faulty, &actions);
        NS_TEST_ASSERT_MSG_EQ(error, "", "scenario applies");

        TlsServerHelper serverHelper(port);
        serverHelper.SetContext(context);
        ApplicationContainer servers = serverHelper.Install(star.server);
        TlsClientHelper good(ServerSocketAddress(star, port));
        good.SetContext(context);
        good.SetAttribute("Connections", UintegerValue(2));
        good.SetAttribute("RequestSize", UintegerValue(100));
        good.SetAttribute("ResponseSize", UintegerValue(1000));
        ApplicationContainer goodApps = good.Install(star.clients.Get(1));
        TlsClientHelper bad(ServerSocketAddress(star, port));
        bad.SetContext(faulty);
        bad.SetAttribute("SendGarbage", BooleanValue(actions.sendGarbage));
        bad.SetAttribute("RequestSize", UintegerValue(100));
        bad.SetAttribute("ResponseSize", UintegerValue(1000));
        ApplicationContainer badApps = bad.Install(star.clients.Get(0));
        Ptr<TlsTamperErrorModel> tamper;
        if (actions.tamper)
        {
            tamper = CreateObject<TlsTamperErrorModel>();
            tamper->SetSource(star.clientIps[0]);
            star.serverDevices[0]->SetAttribute("ReceiveErrorModel", PointerValue(tamper));
        }
        servers.Start(Seconds(0));
        goodApps.Start(Seconds(1));
        badApps.Start(Seconds(1));
        RecordLog serverLog;
        RecordLog goodLog;
        RecordLog badLog;
        serverLog.Attach(servers);
        goodLog.Attach(goodApps);
        badLog.Attach(badApps);
        Simulator::Stop(Seconds(20));
        Simulator::Run();

        std::string expected = TlsScenarioExpectedAlert(m_scenario, m_version);
        bool clientSends = TlsFindScenario(m_scenario)->sender == "client";
        NS_TEST_ASSERT_MSG_EQ(badLog.Records().size(), 1, "faulty client record");
        if (badLog.Records().size() == 1)
        {
            const TlsConnectionRecord& c = badLog.Records()[0];
            NS_TEST_ASSERT_MSG_EQ(TlsOutcomeName(c.outcome), "alert", "client: " << c.error);
            NS_TEST_ASSERT_MSG_EQ(TlsAlertName(c.alert), expected, "client: " << c.error);
            NS_TEST_ASSERT_MSG_EQ(c.alertSent, clientSends, "client sent / received");
            NS_TEST_ASSERT_MSG_NE(c.alertState, "", "client handshake state recorded");
            NS_TEST_ASSERT_MSG_EQ(c.alertTime.IsStrictlyPositive(), true, "client alert time");
            bool clientCertRejected =
                m_scenario == "missing-client-cert" || m_scenario == "untrusted-client-cert";
            if (clientCertRejected && m_version == "1.3")
            {
                // The client believed the handshake complete and learned of the
                // server's alert (certificate_required, unknown_ca) on its next read.
                NS_TEST_ASSERT_MSG_EQ(c.HandshakeCompleted(), true, "client thought it done");
                NS_TEST_ASSERT_MSG_GT(c.alertTime, c.handshakeDone, "alert came after");
            }
            else if (m_scenario == "tampered-record" && m_version == "1.3")
            {
                // Its Finished was altered: a TLS 1.3 client is done once it has sent it,
                // and reads the server's bad_record_mac (RFC 8446: 20) before any data.
                NS_TEST_ASSERT_MSG_EQ(c.alert, 20, "bad_record_mac");
                NS_TEST_ASSERT_MSG_EQ(c.HandshakeCompleted(), true, "client sent its Finished");
                NS_TEST_ASSERT_MSG_EQ(c.appBytesReceived, 0, "no response");
            }
            else
            {
                NS_TEST_ASSERT_MSG_EQ(c.HandshakeCompleted(), false, "client handshake failed");
            }
        }
        if (tamper)
        {
            NS_TEST_ASSERT_MSG_EQ(tamper->GetTampered(), 1, "one record altered");
        }
        uint32_t failed = 0;
        uint32_t ok = 0;
        for (const auto& s : serverLog.Records())
        {
            if (s.outcome == TlsOutcome::OK)
            {
                ++ok;
                continue;
            }
            ++failed;
            NS_TEST_ASSERT_MSG_EQ(TlsOutcomeName(s.outcome), "alert", "server: " << s.error);
            NS_TEST_ASSERT_MSG_EQ(TlsAlertName(s.alert), expected, "server: " << s.error);
            NS_TEST_ASSERT_MSG_EQ(s.alertSent, !clientSends, "server sent / received");
            if (m_scenario == "tampered-record")
            {
                // A handshake record was altered: the server's handshake never completes.
                NS_TEST_ASSERT_MSG_EQ(s.alert, 20, "bad_record_mac (RFC 5246, RFC 8446: 20)");
                NS_TEST_ASSERT_MSG_EQ(s.HandshakeCompleted(), false, "server handshake failed");
                NS_TEST_ASSERT_MSG_EQ(s.appBytesReceived, 0, "no request reached the server");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(failed, 1, "one failed connection at the server");
        NS_TEST_ASSERT_MSG_EQ(ok, 2, "the good client's connections at the server");
        uint32_t goodOk = 0;
        for (const auto& g : goodLog.Records())
        {
            goodOk += g.outcome == TlsOutcome::OK && g.appBytesReceived == 1000;
        }
        NS_TEST_ASSERT_MSG_EQ(goodOk, 2, "the good client is unaffected");
        Simulator::Destroy();
    }

    std::string m_scenario; //!< scenario
    std::string m_version;  //!< version
};

/**
 * \ingroup tls-test
 * tampered-record alters a record of the handshake, also when the client sends
 * nothing after it (RequestSize 0: the client's next record would be its
 * close_notify, which must not be the one altered).
 */
class TlsTamperHandshakeTestCase : public TestCase
{
  public:
    /// \param version TLS version
    TlsTamperHandshakeTestCase(std::string version)
        : TestCase("tampered-record alters a handshake record with TLS " + version +
                   ", no request"),
          m_version(version)
    {
    }

  private:
    void DoRun() override
    {
        Star star = BuildStar(1, MilliSeconds(10), DataRate("100Mbps"));
        const uint16_t port = 443;
        Ptr<TlsContext> context = CreateObject<TlsContext>();
        context->SetAttribute("MaxVersion", StringValue(m_version));
        context->SetAttribute("MinVersion", StringValue(m_version));
        context->SetAttribute("CacheDirectory", StringValue(TestCacheDir()));
        Ptr<TlsContext> faulty = context->Copy();
        TlsScenarioActions actions;
        std::string error = TlsApplyScenario("tampered-record", context, faulty, &actions);
        NS_TEST_ASSERT_MSG_EQ(error, "", "scenario applies");
        NS_TEST_ASSERT_MSG_EQ(actions.tamper, true, "the scenario tampers");
        TlsServerHelper serverHelper(port);
        serverHelper.SetContext(context);
        ApplicationContainer servers = serverHelper.Install(star.server);
        TlsClientHelper client(ServerSocketAddress(star, port));
        client.SetContext(faulty);
        ApplicationContainer clients = client.Install(star.clients);
        Ptr<TlsTamperErrorModel> tamper = CreateObject<TlsTamperErrorModel>();
        tamper->SetSource(star.clientIps[0]);
        star.serverDevices[0]->SetAttribute("ReceiveErrorModel", PointerValue(tamper));
        MessageLog messages;
        messages.Attach(servers.Get(0), false);
        messages.Attach(clients.Get(0), true);
        servers.Start(Seconds(0));
        clients.Start(Seconds(1));
        RecordLog serverLog;
        RecordLog clientLog;
        serverLog.Attach(servers);
        clientLog.Attach(clients);
        Simulator::Stop(Seconds(20));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(tamper->GetTampered(), 1, "one record altered");
        NS_TEST_ASSERT_MSG_EQ(serverLog.Records().size(), 1, "one server record");
        NS_TEST_ASSERT_MSG_EQ(clientLog.Records().size(), 1, "one client record");
        const TlsConnectionRecord& s = serverLog.Records()[0];
        const TlsConnectionRecord& c = clientLog.Records()[0];
        NS_TEST_ASSERT_MSG_EQ(s.alert, 20, "server: bad_record_mac, " << s.error);
        NS_TEST_ASSERT_MSG_EQ(s.alertSent, true, "the server sends it");
        NS_TEST_ASSERT_MSG_EQ(s.HandshakeCompleted(), false, "server handshake never completes");
        NS_TEST_ASSERT_MSG_EQ(serverLog.Completed().size(),
                              0,
                              "no HandshakeCompleted at the server");
        NS_TEST_ASSERT_MSG_EQ(c.alert, 20, "client: bad_record_mac, " << c.error);
        NS_TEST_ASSERT_MSG_EQ(c.alertSent, false, "the client receives it");
        // TLS 1.2: the client waits for the server's Finished and never gets it. TLS 1.3:
        // the client is done once it has sent its (altered) Finished.
        NS_TEST_ASSERT_MSG_EQ(c.HandshakeCompleted(), (m_version == "1.3"), "client handshake");
        // The server never sent a Finished of its own in TLS 1.2 (it failed reading the
        // client's), and never received a close_notify.
        uint32_t serverFinished = 0;
        for (const SeenMessage& m : messages.Sent())
        {
            serverFinished += !m.fromClient && m.msg == TlsMessage::FINISHED;
        }
        NS_TEST_ASSERT_MSG_EQ(serverFinished,
                              (m_version == "1.3" ? 1u : 0u),
                              "server Finished sent");
        Simulator::Destroy();
    }

    std::string m_version; //!< version
};

/**
 * \ingroup tls-test
 * A server that accepts TCP but never answers: the client's handshake times out.
 */
class TlsTimeoutTestCase : public TestCase
{
  public:
    TlsTimeoutTestCase()
        : TestCase("a silent peer ends in a timeout record")
    {
    }

  private:
    void DoRun() override
    {
        Star star = BuildStar(1, MilliSeconds(10), DataRate("100Mbps"));
        PacketSinkHelper sink("ns3::TcpSocketFactory",
                              InetSocketAddress(Ipv4Address::GetAny(), 443));
        sink.Install(star.server).Start(Seconds(0));
        TlsClientHelper client(ServerSocketAddress(star, 443));
        client.SetContextAttribute("CacheDirectory", StringValue(TestCacheDir()));
        client.SetAttribute("HandshakeTimeout", TimeValue(Seconds(3)));
        ApplicationContainer apps = client.Install(star.clients);
        apps.Start(Seconds(1));
        RecordLog log;
        log.Attach(apps);
        Simulator::Stop(Seconds(20));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(log.Records().size(), 1, "one record");
        if (log.Records().size() == 1)
        {
            const TlsConnectionRecord& r = log.Records()[0];
            NS_TEST_ASSERT_MSG_EQ(TlsOutcomeName(r.outcome), "timeout", r.error);
            NS_TEST_ASSERT_MSG_EQ(r.closed, Seconds(4), "ended at the timeout");
            NS_TEST_ASSERT_MSG_EQ(r.tcpConnected.IsStrictlyPositive(), true, "TCP was up");
        }
        Simulator::Destroy();
    }
};

/**
 * \ingroup tls-test
 * Alert suite.
 */
class TlsAlertTestSuite : public TestSuite
{
  public:
    TlsAlertTestSuite()
        : TestSuite("tls-alerts", tls_compat::SYSTEM)
    {
        for (const auto& s : TlsScenarios())
        {
            for (std::string version : {"1.2", "1.3"})
            {
                AddTestCase(new TlsAlertScenarioTestCase(s.name, version), tls_compat::QUICK);
            }
        }
        AddTestCase(new TlsTamperHandshakeTestCase("1.2"), tls_compat::QUICK);
        AddTestCase(new TlsTamperHandshakeTestCase("1.3"), tls_compat::QUICK);
        AddTestCase(new TlsTimeoutTestCase, tls_compat::QUICK);
    }
};

static TlsAlertTestSuite g_tlsAlertTestSuite; //!< static instance

} // namespace
