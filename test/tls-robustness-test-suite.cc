/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Bad input: a peer that sends garbage ends only its own connection, with a
// fatal alert; invalid configuration gives errors that name the attribute or
// file and the value.

#include "tls-test-utils.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/test.h"
#include "ns3/tls-module.h"

#include <cstdio>
#include <fstream>
#include <openssl/crypto.h>

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
        Simulator::Schedule(Seconds(1.01), [&bad, &star, port]() {
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
        : TestSuite("tls-bad-input", SYSTEM)
    {
        AddTestCase(new TlsConfigErrorTestCase, TestCase::QUICK);
        // A handshake record holding a message of unknown type 0x99.
        std::string unknownType("\x16\x03\x01\x00\x10", 5);
        unknownType += std::string(16, '\x99');
        AddTestCase(new TlsGarbageTestCase("unknown handshake message type to a TLS 1.3 server",
                                           unknownType,
                                           "1.3",
                                           10 /* unexpected_message */,
                                           "unexpected message"),
                    TestCase::QUICK);
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
                    TestCase::QUICK);
        // A ClientHello cut short after its version field.
        std::string truncated("\x16\x03\x01\x00\x08\x01\x00\x00\x04\x03\x03\x00\x00", 13);
        AddTestCase(new TlsGarbageTestCase("truncated ClientHello to a TLS 1.3 server",
                                           truncated,
                                           "1.3",
                                           50 /* decode_error */,
                                           "length mismatch"),
                    TestCase::QUICK);
        AddTestCase(new TlsGarbageTestCase("non-TLS bytes to a TLS 1.2 server",
                                           std::string("\x55\x55\x55\x55\x55\x55\x55\x55", 8),
                                           "1.2",
                                           -1 /* OpenSSL sends no alert */,
                                           "wrong version number"),
                    TestCase::QUICK);
    }
};

static TlsBadInputTestSuite g_tlsBadInputTestSuite; //!< static instance

} // namespace
