/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The OpenSSL engine without a network: two engines back to back complete the
// handshake and the ordered close whatever the size of the pieces their bytes
// arrive in, release their OpenSSL state once both close_notify have passed,
// and still report what the handshake negotiated afterwards.

#include "tls-test-utils.h"

#include "ns3/core-module.h"
#include "ns3/test.h"
#include "ns3/tls-module.h"
#include "ns3/tls-ns3-compat.h"

#include <algorithm>
#include <openssl/crypto.h>
#include <vector>

using namespace ns3;
using namespace ns3::tls_test;

namespace
{

/**
 * \ingroup tls-test
 * A client and a server engine exchange their bytes in pieces of a given size.
 */
class TlsEngineCloseTestCase : public TestCase
{
  public:
    /**
     * \param version TLS version
     * \param piece bytes handed over per Input call
     */
    TlsEngineCloseTestCase(std::string version, size_t piece)
        : TestCase("TLS " + version + " engines in " + std::to_string(piece) +
                   "-byte pieces: handshake, ordered close, OpenSSL state released"),
          m_version(version),
          m_piece(piece)
    {
    }

  private:
    /**
     * Move what one engine produced to the other, m_piece bytes per Input.
     * \param from the sender
     * \param to the receiver
     * \return true if bytes moved
     */
    bool Transfer(Ptr<TlsEngine> from, Ptr<TlsEngine> to)
    {
        std::vector<uint8_t> buffer(m_piece);
        bool moved = false;
        size_t n;
        while ((n = from->TakeOutput(buffer.data(), buffer.size())) > 0)
        {
            to->Input(buffer.data(), n);
            moved = true;
        }
        return moved;
    }

    void DoRun() override
    {
        Ptr<TlsContext> context = CreateObject<TlsContext>();
        context->SetAttribute("MinVersion", StringValue(m_version));
        context->SetAttribute("MaxVersion", StringValue(m_version));
        context->SetAttribute("CacheDirectory", StringValue(TestCacheDir()));
        for (TlsRole role : {TlsRole::SERVER, TlsRole::CLIENT})
        {
            NS_TEST_ASSERT_MSG_EQ(context->Configure(role), "", "configured");
        }
        Ptr<OpenSslEngine> client =
            DynamicCast<OpenSslEngine>(context->CreateEngine(TlsRole::CLIENT));
        Ptr<OpenSslEngine> server =
            DynamicCast<OpenSslEngine>(context->CreateEngine(TlsRole::SERVER));
        NS_TEST_ASSERT_MSG_NE(client, nullptr, "OpenSSL engines");
        NS_TEST_ASSERT_MSG_NE(server, nullptr, "OpenSSL engines");

        // What TlsClient and TlsServer do for a connection without data: the client
        // closes as soon as its handshake completes, the server answers the close.
        std::vector<uint8_t> scratch(16384);
        bool clientClosing = false;
        bool serverClosing = false;
        client->Start();
        for (int round = 0; round < 100; ++round)
        {
            bool progress = Transfer(client, server);
            progress = Transfer(server, client) || progress;
            if (client->GetState() == TlsEngine::ESTABLISHED)
            {
                if (!clientClosing)
                {
                    clientClosing = true;
                    client->Shutdown();
                    progress = true;
                }
                client->Read(scratch.data(), scratch.size());
            }
            if (server->GetState() == TlsEngine::ESTABLISHED)
            {
                server->Read(scratch.data(), scratch.size());
            }
            if (server->GetState() == TlsEngine::CLOSED && !serverClosing)
            {
                serverClosing = true;
                server->Shutdown();
                progress = true;
            }
            if (!progress)
            {
                break;
            }
        }
        NS_TEST_ASSERT_MSG_EQ(client->GetState(), TlsEngine::CLOSED, client->GetError());
        NS_TEST_ASSERT_MSG_EQ(server->GetState(), TlsEngine::CLOSED, server->GetError());

        for (Ptr<OpenSslEngine> engine : {client, server})
        {
            NS_TEST_EXPECT_MSG_EQ(engine->GetSsl(), nullptr, "OpenSSL state released");
            TlsHandshakeInfo info = engine->GetHandshakeInfo();
            NS_TEST_EXPECT_MSG_EQ(info.version, m_version, "version still reported");
            NS_TEST_EXPECT_MSG_NE(info.cipher, "", "cipher still reported");
            // OpenSSL >= 3.5 puts the hybrid X25519MLKEM768 first for TLS 1.3.
            std::string group = m_version == "1.3" && OpenSSL_version_num() >= 0x30500000UL
                                    ? "X25519MLKEM768"
                                    : "x25519";
            NS_TEST_EXPECT_MSG_EQ(info.group, group, "group still reported");
            NS_TEST_EXPECT_MSG_EQ(engine->GetHandshakeState(),
                                  "SSL negotiation finished successfully",
                                  "last handshake state still reported");
            // A released engine ignores what comes after.
            uint8_t bytes[5] = {23, 3, 3, 0, 0};
            engine->Input(bytes, sizeof(bytes));
            engine->Shutdown();
            NS_TEST_EXPECT_MSG_EQ(engine->PendingOutput(), 0, "no output after release");
            NS_TEST_EXPECT_MSG_EQ(engine->TakeOutput(scratch.data(), scratch.size()),
                                  0,
                                  "no output after release");
            NS_TEST_EXPECT_MSG_EQ(engine->Read(scratch.data(), scratch.size()),
                                  0,
                                  "nothing to read after release");
            NS_TEST_EXPECT_MSG_EQ(engine->GetState(), TlsEngine::CLOSED, "still closed");
        }
        NS_TEST_EXPECT_MSG_EQ(client->GetHandshakeInfo().peerCertificate.empty(),
                              false,
                              "the client saw the server's certificate");
    }

    std::string m_version; //!< TLS version
    size_t m_piece;        //!< bytes per Input call
};

/**
 * \ingroup tls-test
 * Engine suite.
 */
class TlsEngineTestSuite : public TestSuite
{
  public:
    TlsEngineTestSuite()
        : TestSuite("tls-engine", tls_compat::UNIT)
    {
        for (std::string version : {"1.2", "1.3"})
        {
            for (size_t piece : {1, 7, 1000, 16384})
            {
                AddTestCase(new TlsEngineCloseTestCase(version, piece), tls_compat::QUICK);
            }
        }
    }
};

static TlsEngineTestSuite g_tlsEngineTestSuite; //!< static instance

} // namespace
