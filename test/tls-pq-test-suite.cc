/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Post-quantum TLS 1.3 with OpenSSL >= 3.5: ML-KEM and hybrid groups, ML-DSA
// signatures and SLH-DSA CAs complete full and resumed handshakes and are named
// in the records; the server's flight costs one more round trip exactly when it
// exceeds InitialCwnd x SegmentSize (the flight is computed here from the
// certificate and signature sizes, RFC 8446 and FIPS 204); a hybrid ClientHello
// takes two segments; a HelloRetryRequest costs one round trip. With an older
// OpenSSL, the handshake cases are skipped with a message and the error cases
// check that asking for these algorithms fails with a clear message.

#include "tls-test-utils.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/ppp-header.h"
#include "ns3/test.h"
#include "ns3/tls-module.h"
#include "ns3/tls-ns3-compat.h"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <openssl/crypto.h>
#include <openssl/x509.h>
#include <vector>

using namespace ns3;
using namespace ns3::tls_test;

namespace
{

/// OpenSSL 3.5.0 as OPENSSL_VERSION_NUMBER.
const unsigned long OPENSSL_35 = 0x30500000UL;

/// Segment size of every case (TlsTcpDefaults, Linux's over Ethernet).
const uint32_t SEGMENT = 1448;

/// ML-DSA signature sizes in bytes (FIPS 204, table 2).
const uint32_t MLDSA44_SIG = 2420;
const uint32_t MLDSA65_SIG = 3309; //!< ML-DSA-65
const uint32_t MLDSA87_SIG = 4627; //!< ML-DSA-87

/**
 * \return true if the linked OpenSSL has the post-quantum algorithms
 */
bool
PqAvailable()
{
    return OpenSSL_version_num() >= OPENSSL_35 && TlsKeyTypeAvailable(TlsKeyType::ML_DSA_65);
}

/**
 * Print why a case does nothing with this OpenSSL.
 * \param name the case
 * \return true if the case must be skipped
 */
bool
SkipWithoutPq(const std::string& name)
{
    if (PqAvailable())
    {
        return false;
    }
    std::cout << "SKIP tls-pq '" << name << "': the linked OpenSSL "
              << OpenSSL_version(OPENSSL_VERSION_STRING)
              << " has no ML-KEM / ML-DSA (build against OpenSSL >= 3.5: scripts/openssl.sh)"
              << std::endl;
    return true;
}

/**
 * \param s a string
 * \return it in lower case
 */
std::string
Lower(std::string s)
{
    for (char& c : s)
    {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

/// One client, one server, one link, TLS 1.3.
struct PqScenario
{
    std::string groups{"X25519"}; //!< Groups
    std::string serverGroups;     //!< ServerGroups
    uint32_t keyShares{0};        //!< KeyShares
    std::string keyType{"p256"};  //!< KeyType
    std::string caKeyType;        //!< CaKeyType
    uint32_t chainDepth{1};       //!< ChainDepth
    uint32_t initialCwnd{10};     //!< TCP initial window, segments
    uint32_t connections{1};      //!< connections (the second one resumes)
    Time delay{MilliSeconds(10)}; //!< one-way delay
};

/// What a scenario produced.
struct PqResult
{
    RecordLog client;                                //!< client records
    RecordLog server;                                //!< server records
    MessageLog messages;                             //!< handshake messages
    std::vector<std::pair<Time, uint32_t>> clientTx; //!< (time, TCP payload) sent by the client
    Time firstClientRx{Time(-1)};                    //!< first TCP payload the client received
    std::shared_ptr<const TlsPki> pki;               //!< the hierarchy used
};

/**
 * \param out where to note
 * \param p a packet leaving the client's device (PPP + IPv4 + TCP)
 */
void
NoteTx(std::vector<std::pair<Time, uint32_t>>* out, Ptr<const Packet> p)
{
    Ptr<Packet> copy = p->Copy();
    PppHeader ppp;
    Ipv4Header ip;
    TcpHeader tcp;
    copy->RemoveHeader(ppp);
    copy->RemoveHeader(ip);
    copy->RemoveHeader(tcp);
    out->emplace_back(Simulator::Now(), copy->GetSize());
}

/**
 * \param first where to note
 * \param p a packet the client's device received (PPP + IPv4 + TCP)
 */
void
NoteRx(Time* first, Ptr<const Packet> p)
{
    Ptr<Packet> copy = p->Copy();
    PppHeader ppp;
    Ipv4Header ip;
    TcpHeader tcp;
    copy->RemoveHeader(ppp);
    copy->RemoveHeader(ip);
    copy->RemoveHeader(tcp);
    if (copy->GetSize() > 0 && first->IsNegative())
    {
        *first = Simulator::Now();
    }
}

/**
 * \param s a scenario
 * \return a context configured for it (not yet built)
 */
Ptr<TlsContext>
MakeContext(const PqScenario& s)
{
    Ptr<TlsContext> context = CreateObject<TlsContext>();
    context->SetAttribute("MinVersion", StringValue("1.3"));
    context->SetAttribute("MaxVersion", StringValue("1.3"));
    context->SetAttribute("Ciphersuites", StringValue("TLS_AES_128_GCM_SHA256"));
    context->SetAttribute("Groups", StringValue(s.groups));
    context->SetAttribute("ServerGroups", StringValue(s.serverGroups));
    context->SetAttribute("KeyShares", UintegerValue(s.keyShares));
    context->SetAttribute("KeyType", StringValue(s.keyType));
    context->SetAttribute("CaKeyType", StringValue(s.caKeyType));
    context->SetAttribute("ChainDepth", UintegerValue(s.chainDepth));
    context->SetAttribute("CacheDirectory", StringValue(TestCacheDir()));
    return context;
}

/**
 * Run one scenario.
 * \param s the scenario
 * \param r the result
 * \return "" or the configuration error
 */
std::string
RunPq(const PqScenario& s, PqResult* r)
{
    Star star = BuildStar(1, s.delay, DataRate("1Gbps"));
    Config::SetDefault("ns3::TcpSocket::InitialCwnd", UintegerValue(s.initialCwnd));
    Ptr<TlsContext> context = MakeContext(s);
    std::string error = context->Configure(TlsRole::SERVER);
    if (error.empty())
    {
        error = context->Configure(TlsRole::CLIENT);
    }
    if (!error.empty())
    {
        Simulator::Destroy();
        return error;
    }
    r->pki = context->GetPki();
    const uint16_t port = 4433;
    TlsServerHelper serverHelper(InetSocketAddress(Ipv4Address::GetAny(), port));
    serverHelper.SetContext(context);
    ApplicationContainer servers = serverHelper.Install(star.server);
    TlsClientHelper clientHelper(ServerSocketAddress(star, port));
    clientHelper.SetContext(context);
    clientHelper.SetAttribute("Connections", UintegerValue(s.connections));
    clientHelper.SetAttribute("Interval", TimeValue(Seconds(1)));
    clientHelper.SetAttribute("Resume", StringValue("always"));
    ApplicationContainer clients = clientHelper.Install(star.clients);
    servers.Start(Seconds(0));
    clients.Start(Seconds(1));
    r->client.Attach(clients);
    r->server.Attach(servers);
    r->messages.Attach(clients.Get(0), true);
    r->messages.Attach(servers.Get(0), false);
    Ptr<NetDevice> device = star.clients.Get(0)->GetDevice(1);
    device->TraceConnectWithoutContext("MacTx", MakeBoundCallback(&NoteTx, &r->clientTx));
    device->TraceConnectWithoutContext("MacRx", MakeBoundCallback(&NoteRx, &r->firstClientRx));
    Simulator::Stop(Seconds(10 + 2 * s.connections));
    Simulator::Run();
    Simulator::Destroy();
    return "";
}

/**
 * \param handshake bytes of one handshake message (with its 4-byte header)
 * \return bytes on the wire of the TLS 1.3 records carrying it alone
 *         (AES-128-GCM: 5-byte header, 1-byte inner type, 16-byte tag per record;
 *         at most 2^14 bytes of it per record, RFC 8446 section 5.1)
 */
uint32_t
Protected(uint32_t handshake)
{
    uint32_t records = (handshake + 16383) / 16384;
    return handshake + records * (5 + 1 + 16);
}

/**
 * \param cert a certificate
 * \return its DER size
 */
uint32_t
DerSize(X509* cert)
{
    int n = i2d_X509(cert, nullptr);
    return n > 0 ? static_cast<uint32_t>(n) : 0;
}

/**
 * The TLS 1.3 server flight of a full handshake, computed from RFC 8446 for an
 * OpenSSL server with the group X25519 at its top preference, middlebox
 * compatibility on, TLS_AES_128_GCM_SHA256, no ALPN or SNI acknowledgement:
 * ServerHello (plaintext), ChangeCipherSpec, then protected EncryptedExtensions,
 * Certificate, CertificateVerify, Finished.
 * \param pki the hierarchy (the server sends its leaf and the intermediates)
 * \param signature bytes of the CertificateVerify signature
 * \return bytes on the wire
 */
uint32_t
ServerFlight(const TlsPki& pki, uint32_t signature)
{
    // ServerHello: version 2, random 32, session id 1 + 32 (echoed), suite 2,
    // compression 1, extensions 2 + supported_versions (4 + 2) + key_share
    // (4 + 2 group + 2 length + 32 X25519 public key).
    uint32_t serverHello = 4 + 2 + 32 + 1 + 32 + 2 + 1 + 2 + 6 + 8 + 32;
    uint32_t flight = 5 + serverHello;
    flight += 5 + 1;                  // ChangeCipherSpec record
    flight += Protected(4 + 2);       // EncryptedExtensions: empty list
    uint32_t certificate = 4 + 1 + 3; // header, empty context, list length
    std::vector<X509*> chain{pki.serverCert};
    for (auto it = pki.intermediates.rbegin(); it != pki.intermediates.rend(); ++it)
    {
        chain.push_back(*it);
    }
    for (X509* cert : chain)
    {
        certificate += 3 + DerSize(cert) + 2; // length, DER, empty extensions
    }
    flight += Protected(certificate);
    flight += Protected(4 + 2 + 2 + signature); // scheme, length, signature
    flight += Protected(4 + 32);                // Finished, SHA-256
    return flight;
}

/**
 * \param r a run
 * \param rtt round-trip time
 * \return the client's full-handshake latency in round trips (real number)
 */
double
LatencyRtts(const PqResult& r, Time rtt)
{
    if (r.client.Records().empty() || !r.client.Records()[0].HandshakeCompleted())
    {
        return -1;
    }
    return r.client.Records()[0].GetHandshakeLatency().GetSeconds() / rtt.GetSeconds();
}

// ---------------------------------------------------------------------------

/**
 * \ingroup tls-test
 * Asking for an algorithm the linked OpenSSL lacks fails with one message that
 * names the attribute, the value and the OpenSSL version; with OpenSSL >= 3.5
 * the same settings configure. Bad values fail on every version.
 */
class TlsPqErrorsTestCase : public TestCase
{
  public:
    TlsPqErrorsTestCase()
        : TestCase("post-quantum settings: errors naming attribute, value and OpenSSL version")
    {
    }

  private:
    /**
     * \param attribute attribute name
     * \param value its value
     * \param extra another attribute to set first ("" = none)
     * \param extraValue its value
     * \return Configure's message for both roles ("" if both configured)
     */
    std::string Try(const std::string& attribute,
                    const std::string& value,
                    const std::string& extra = "",
                    const std::string& extraValue = "")
    {
        Ptr<TlsContext> context = CreateObject<TlsContext>();
        context->SetAttribute("CacheDirectory", StringValue(TestCacheDir()));
        if (!extra.empty())
        {
            context->SetAttribute(extra, StringValue(extraValue));
        }
        if (attribute == "KeyShares")
        {
            context->SetAttribute(attribute, UintegerValue(std::stoul(value)));
        }
        else if (!context->SetAttributeFailSafe(attribute, StringValue(value)))
        {
            // A name outside an EnumValue's choices: refused when set, as a command line does.
            context->Dispose();
            return TlsCommandLine::CheckAttribute("ns3::TlsContext::" + attribute, value);
        }
        std::string error = context->Configure(TlsRole::CLIENT);
        if (error.empty())
        {
            error = context->Configure(TlsRole::SERVER);
        }
        context->Dispose();
        return error;
    }

    /**
     * Check a message: one line, naming the attribute and the value.
     * \param error the message
     * \param attribute the attribute
     * \param value the value
     * \param also a further text it must contain
     */
    void ExpectError(const std::string& error,
                     const std::string& attribute,
                     const std::string& value,
                     const std::string& also)
    {
        NS_TEST_EXPECT_MSG_NE(error, "", attribute << "=" << value << " must fail");
        NS_TEST_EXPECT_MSG_EQ(error.find('\n'), std::string::npos, "one line: " << error);
        bool named = error.find("attribute " + attribute) != std::string::npos ||
                     error.find("attribute ns3::TlsContext::" + attribute) != std::string::npos;
        NS_TEST_EXPECT_MSG_EQ(named, true, "names the attribute: " << error);
        NS_TEST_EXPECT_MSG_NE(error.find("'" + value + "'"),
                              std::string::npos,
                              "names the value: " << error);
        NS_TEST_EXPECT_MSG_NE(error.find(also),
                              std::string::npos,
                              "says '" << also << "': " << error);
    }

    void DoRun() override
    {
        bool pq = PqAvailable();
        const std::string lacks =
            std::string("OpenSSL ") + OpenSSL_version(OPENSSL_VERSION_STRING) + " lacks";
        for (const std::string keyType : {"mldsa44", "mldsa65", "mldsa87"})
        {
            std::string error = Try("KeyType", keyType);
            if (pq)
            {
                NS_TEST_EXPECT_MSG_EQ(error, "", "KeyType " << keyType << " configures");
            }
            else
            {
                ExpectError(error, "KeyType", keyType, lacks);
            }
        }
        for (const std::string caKeyType : {"slhdsa-sha2-128s", "slhdsa-sha2-128f"})
        {
            std::string error = Try("CaKeyType", caKeyType, "KeyType", "p256");
            if (pq)
            {
                NS_TEST_EXPECT_MSG_EQ(error, "", "CaKeyType " << caKeyType << " configures");
            }
            else
            {
                ExpectError(error, "CaKeyType", caKeyType, lacks);
            }
            // SLH-DSA has no TLS signature scheme: never a leaf, not one of KeyType's values.
            ExpectError(Try("KeyType", caKeyType), "KeyType", caKeyType, "expected rsa2048");
        }
        for (const std::string groups : {"MLKEM512",
                                         "MLKEM768",
                                         "MLKEM1024",
                                         "X25519MLKEM768",
                                         "SecP256r1MLKEM768",
                                         "SecP384r1MLKEM1024",
                                         "X25519:X25519MLKEM768"})
        {
            std::string error = Try("Groups", groups);
            if (pq)
            {
                NS_TEST_EXPECT_MSG_EQ(error, "", "Groups " << groups << " configures");
            }
            else
            {
                ExpectError(error, "Groups", groups, lacks);
            }
        }
        std::string twoShares = Try("KeyShares", "2", "Groups", "X25519:P-256");
        if (pq)
        {
            NS_TEST_EXPECT_MSG_EQ(twoShares, "", "two key shares configure");
        }
        else
        {
            ExpectError(twoShares, "KeyShares", "2", lacks);
        }
        ExpectError(Try("KeyShares", "5", "Groups", "X25519:P-256"), "KeyShares", "5", "0 to 4");
        ExpectError(Try("KeyShares", "3", "Groups", "X25519:P-256"),
                    "KeyShares",
                    "3",
                    pq ? "exceeds" : lacks);
        ExpectError(Try("KeyShares", "1", "Groups", "*X25519:P-256"), "KeyShares", "1", "'*'");
        ExpectError(Try("KeyShares", "1"), "KeyShares", "1", "Groups");
        ExpectError(Try("CaKeyType", "dsa"), "CaKeyType", "dsa", "mldsa65");
        ExpectError(Try("ServerGroups", "P-999"), "ServerGroups", "P-999", "unknown");
    }
};

/**
 * \ingroup tls-test
 * Every post-quantum group completes a full and a resumed TLS 1.3 handshake, and
 * both sides' records name it.
 */
class TlsPqGroupTestCase : public TestCase
{
  public:
    /**
     * \param group the group (OpenSSL / IANA name)
     */
    TlsPqGroupTestCase(std::string group)
        : TestCase("group " + group + ": full and resumed TLS 1.3 handshakes"),
          m_group(group)
    {
    }

  private:
    void DoRun() override
    {
        if (SkipWithoutPq(GetName()))
        {
            return;
        }
        PqScenario s;
        s.groups = m_group;
        s.connections = 2;
        PqResult r;
        std::string error = RunPq(s, &r);
        NS_TEST_ASSERT_MSG_EQ(error, "", "configuration");
        const auto& c = r.client.Records();
        const auto& sv = r.server.Records();
        NS_TEST_ASSERT_MSG_EQ(c.size(), 2, "two client connections");
        NS_TEST_ASSERT_MSG_EQ(sv.size(), 2, "two server connections");
        for (size_t i = 0; i < 2; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(c[i].HandshakeCompleted(), true, "client handshake " << i);
            NS_TEST_EXPECT_MSG_EQ(c[i].info.version, "1.3", "version " << i);
            NS_TEST_EXPECT_MSG_EQ(c[i].info.resumed, (i == 1), "resumed " << i);
            NS_TEST_EXPECT_MSG_EQ(Lower(c[i].info.group), Lower(m_group), "client group " << i);
            NS_TEST_EXPECT_MSG_EQ(Lower(sv[i].info.group), Lower(m_group), "server group " << i);
        }
        NS_TEST_EXPECT_MSG_EQ(c[0].info.signature, "ecdsa_secp256r1_sha256", "P-256 leaf signs");
        NS_TEST_EXPECT_MSG_EQ(c[1].info.signature, "", "a resumed handshake has no signature");
    }

    std::string m_group; //!< the group
};

/**
 * \ingroup tls-test
 * Every signature algorithm (ML-DSA leaves, mixed hierarchies, SLH-DSA CAs)
 * completes a full and a resumed handshake; the records name the server's
 * signature scheme.
 */
class TlsPqSignatureTestCase : public TestCase
{
  public:
    /**
     * \param keyType leaf key type
     * \param caKeyType CA key type ("" = keyType)
     * \param scheme the expected TLS signature scheme name
     */
    TlsPqSignatureTestCase(std::string keyType, std::string caKeyType, std::string scheme)
        : TestCase("KeyType " + keyType +
                   (caKeyType.empty() ? "" : " under CaKeyType " + caKeyType) +
                   ": full and resumed handshakes sign with " + scheme),
          m_keyType(keyType),
          m_caKeyType(caKeyType),
          m_scheme(scheme)
    {
    }

  private:
    void DoRun() override
    {
        if (SkipWithoutPq(GetName()))
        {
            return;
        }
        PqScenario s;
        s.groups = "X25519MLKEM768";
        s.keyType = m_keyType;
        s.caKeyType = m_caKeyType;
        s.connections = 2;
        PqResult r;
        std::string error = RunPq(s, &r);
        NS_TEST_ASSERT_MSG_EQ(error, "", "configuration");
        const auto& c = r.client.Records();
        const auto& sv = r.server.Records();
        NS_TEST_ASSERT_MSG_EQ(c.size(), 2, "two client connections");
        NS_TEST_ASSERT_MSG_EQ(sv.size(), 2, "two server connections");
        NS_TEST_EXPECT_MSG_EQ(c[0].HandshakeCompleted(), true, "full handshake");
        NS_TEST_EXPECT_MSG_EQ(c[1].HandshakeCompleted(), true, "resumed handshake");
        NS_TEST_EXPECT_MSG_EQ(c[0].info.resumed, false, "first is full");
        NS_TEST_EXPECT_MSG_EQ(c[1].info.resumed, true, "second resumed");
        NS_TEST_EXPECT_MSG_EQ(c[0].info.signature, m_scheme, "client names the signature");
        NS_TEST_EXPECT_MSG_EQ(sv[0].info.signature, m_scheme, "server names the signature");
        NS_TEST_EXPECT_MSG_EQ(c[1].info.signature, "", "resumed: no signature");
        NS_TEST_EXPECT_MSG_EQ(Lower(c[0].info.group), "x25519mlkem768", "group");
        // The hierarchy has the key types asked for.
        NS_TEST_ASSERT_MSG_NE(r.pki, nullptr, "hierarchy");
        TlsKeyType leaf;
        TlsKeyType ca;
        TlsKeyTypeFromName(m_keyType, &leaf);
        TlsKeyTypeFromName(m_caKeyType.empty() ? m_keyType : m_caKeyType, &ca);
        NS_TEST_EXPECT_MSG_EQ(TlsKeyTypeName(leaf), m_keyType, "leaf name round trip");
        NS_TEST_EXPECT_MSG_EQ(std::string(EVP_PKEY_get0_type_name(r.pki->serverKey)),
                              ExpectedAlgorithm(leaf),
                              "server key type");
        NS_TEST_EXPECT_MSG_EQ(std::string(EVP_PKEY_get0_type_name(r.pki->rootKey)),
                              ExpectedAlgorithm(ca),
                              "root key type");
    }

    /**
     * \param type a key type
     * \return OpenSSL's algorithm name as FIPS 204 / 205 spell it
     */
    static std::string ExpectedAlgorithm(TlsKeyType type)
    {
        switch (type)
        {
        case TlsKeyType::ML_DSA_44:
            return "ML-DSA-44";
        case TlsKeyType::ML_DSA_65:
            return "ML-DSA-65";
        case TlsKeyType::ML_DSA_87:
            return "ML-DSA-87";
        case TlsKeyType::SLH_DSA_SHA2_128S:
            return "SLH-DSA-SHA2-128s";
        case TlsKeyType::SLH_DSA_SHA2_128F:
            return "SLH-DSA-SHA2-128f";
        case TlsKeyType::ECDSA_P256:
        case TlsKeyType::ECDSA_P384:
            return "EC";
        default:
            return "RSA";
        }
    }

    std::string m_keyType;   //!< leaf key type
    std::string m_caKeyType; //!< CA key type
    std::string m_scheme;    //!< expected scheme
};

/**
 * \ingroup tls-test
 * The server's flight costs one more round trip exactly when it is larger than
 * InitialCwnd x SegmentSize. The flight is computed from the generated
 * certificates and the FIPS 204 signature size; the windows tested are the two
 * around it (the largest that is too small and the smallest that is enough),
 * and the default window of 10 segments.
 */
class TlsPqFlightTestCase : public TestCase
{
  public:
    /**
     * \param keyType leaf (and CA) key type
     * \param signature bytes of its signature (FIPS 204)
     * \param chainDepth intermediates
     */
    TlsPqFlightTestCase(std::string keyType, uint32_t signature, uint32_t chainDepth)
        : TestCase("KeyType " + keyType + ", ChainDepth " + std::to_string(chainDepth) +
                   ": 3 RTT exactly when the server flight exceeds InitialCwnd x 1448"),
          m_keyType(keyType),
          m_signature(signature),
          m_chainDepth(chainDepth)
    {
    }

  private:
    void DoRun() override
    {
        if (SkipWithoutPq(GetName()))
        {
            return;
        }
        const Time rtt = MilliSeconds(20);
        PqScenario s;
        s.groups = "X25519";
        s.keyType = m_keyType;
        s.chainDepth = m_chainDepth;
        s.delay = rtt / 2;

        // The hierarchy, to compute the flight from.
        Ptr<TlsContext> context = MakeContext(s);
        NS_TEST_ASSERT_MSG_EQ(context->Configure(TlsRole::SERVER), "", "configuration");
        uint32_t flight = ServerFlight(*context->GetPki(), m_signature);
        context->Dispose();
        uint32_t segments = (flight + SEGMENT - 1) / SEGMENT;

        std::vector<uint32_t> windows{segments - 1, segments, 10};
        for (uint32_t iw : windows)
        {
            s.initialCwnd = iw;
            PqResult r;
            NS_TEST_ASSERT_MSG_EQ(RunPq(s, &r), "", "configuration");
            NS_TEST_ASSERT_MSG_EQ(r.client.Records().size(), 1, "one connection");
            const auto& info = r.client.Records()[0].info;
            NS_TEST_EXPECT_MSG_EQ(info.serverFlightBytes,
                                  flight,
                                  "client counts the computed flight (" << m_keyType << ")");
            NS_TEST_EXPECT_MSG_EQ(r.server.Records()[0].info.serverFlightBytes,
                                  flight,
                                  "server counts the computed flight");
            double expected = flight > iw * SEGMENT ? 3 : 2;
            double rtts = LatencyRtts(r, rtt);
            // Transmission at 1 Gbps adds well under 1 % of an RTT.
            NS_TEST_EXPECT_MSG_EQ_TOL(rtts,
                                      expected + 0.02,
                                      0.02,
                                      "flight " << flight << " B, window " << iw << " x " << SEGMENT
                                                << " = " << iw * SEGMENT << " B");
        }
    }

    std::string m_keyType; //!< key type
    uint32_t m_signature;  //!< signature bytes
    uint32_t m_chainDepth; //!< intermediates
};

/**
 * Count the segments with payload that the client sent before the first byte
 * from the server arrived (its ClientHello), and their bytes.
 * \param r a run
 * \param[out] bytes their payload bytes
 * \return the segments
 */
uint32_t
ClientHelloSegments(const PqResult& r, uint32_t* bytes)
{
    uint32_t segments = 0;
    *bytes = 0;
    for (const auto& [time, payload] : r.clientTx)
    {
        if (time < r.firstClientRx && payload > 0)
        {
            ++segments;
            *bytes += payload;
        }
    }
    return segments;
}

/**
 * \ingroup tls-test
 * The ClientHello's size and TCP segments (SegmentSize 1448) per key share. The
 * size is predicted from an X25519-only ClientHello measured first: replace its
 * 32-byte X25519 share by the share of the group (FIPS 203 encapsulation keys:
 * ML-KEM-512 800, -768 1184, -1024 1568 bytes; hybrids add X25519's 32 or an
 * uncompressed P-256 point's 65 bytes), drop the 8-byte ec_point_formats
 * extension when no elliptic-curve group is offered (RFC 8422 5.1.2), or add a
 * second KeyShareEntry (4 bytes of header) and supported_groups entry (2).
 * Segments are counted from the client device's Tx trace: those with payload
 * sent before the server's first byte arrived.
 */
class TlsPqClientHelloTestCase : public TestCase
{
  public:
    /**
     * \param groups Groups
     * \param keyShares KeyShares
     * \param delta predicted bytes more than the X25519-only ClientHello
     */
    TlsPqClientHelloTestCase(std::string groups, uint32_t keyShares, int32_t delta)
        : TestCase("Groups " + groups + ", KeyShares " + std::to_string(keyShares) +
                   ": ClientHello size and segments of 1448 bytes"),
          m_groups(groups),
          m_keyShares(keyShares),
          m_delta(delta)
    {
    }

  private:
    void DoRun() override
    {
        if (SkipWithoutPq(GetName()))
        {
            return;
        }
        PqScenario base;
        base.groups = "X25519";
        PqResult b;
        NS_TEST_ASSERT_MSG_EQ(RunPq(base, &b), "", "configuration");
        uint32_t baseBytes = 0;
        NS_TEST_ASSERT_MSG_EQ(ClientHelloSegments(b, &baseBytes), 1, "X25519: one segment");

        PqScenario s;
        s.groups = m_groups;
        s.keyShares = m_keyShares;
        PqResult r;
        NS_TEST_ASSERT_MSG_EQ(RunPq(s, &r), "", "configuration");
        NS_TEST_ASSERT_MSG_EQ(r.firstClientRx.IsPositive(), true, "server data arrived");
        uint32_t bytes = 0;
        uint32_t segments = ClientHelloSegments(r, &bytes);
        uint32_t predicted = baseBytes + m_delta;
        NS_TEST_EXPECT_MSG_EQ(bytes,
                              predicted,
                              "ClientHello bytes (X25519 one: " << baseBytes << ")");
        NS_TEST_EXPECT_MSG_EQ(segments,
                              (predicted + SEGMENT - 1) / SEGMENT,
                              "ClientHello segments (" << bytes << " B)");
        NS_TEST_ASSERT_MSG_EQ(r.client.Records().size(), 1, "one connection");
        NS_TEST_EXPECT_MSG_EQ(r.client.Records()[0].HandshakeCompleted(), true, "handshake");
        NS_TEST_EXPECT_MSG_EQ(r.client.Records()[0].info.clientHelloBytes, bytes, "recorded size");
    }

    std::string m_groups; //!< Groups
    uint32_t m_keyShares; //!< KeyShares
    int32_t m_delta;      //!< predicted size difference
};

/**
 * \ingroup tls-test
 * A server whose preferred group has no key share in the ClientHello asks for
 * one with a HelloRetryRequest: one more round trip (3 RTT in all with TCP's).
 * With a key share for it (KeyShares 2), no HelloRetryRequest and 2 RTT.
 */
class TlsPqHelloRetryTestCase : public TestCase
{
  public:
    /**
     * \param keyShares KeyShares of the client
     */
    TlsPqHelloRetryTestCase(uint32_t keyShares)
        : TestCase("client Groups X25519:X25519MLKEM768, KeyShares " + std::to_string(keyShares) +
                   ", server prefers X25519MLKEM768: " +
                   (keyShares == 1 ? "HelloRetryRequest, 3 RTT" : "no HelloRetryRequest, 2 RTT")),
          m_keyShares(keyShares)
    {
    }

  private:
    void DoRun() override
    {
        if (SkipWithoutPq(GetName()))
        {
            return;
        }
        const Time rtt = MilliSeconds(40);
        PqScenario s;
        s.groups = "X25519:X25519MLKEM768";
        s.serverGroups = "X25519MLKEM768/X25519"; // a tuple of its own: worth a retry
        s.keyShares = m_keyShares;
        s.delay = rtt / 2;
        PqResult r;
        NS_TEST_ASSERT_MSG_EQ(RunPq(s, &r), "", "configuration");
        bool hrr = false;
        for (const auto& m : r.messages.Sent())
        {
            hrr = hrr || m.msg == TlsMessage::HELLO_RETRY_REQUEST;
        }
        bool expectHrr = m_keyShares == 1;
        NS_TEST_EXPECT_MSG_EQ(hrr, expectHrr, "HelloRetryRequest sent");
        NS_TEST_ASSERT_MSG_EQ(r.client.Records().size(), 1, "one connection");
        NS_TEST_EXPECT_MSG_EQ(Lower(r.client.Records()[0].info.group),
                              "x25519mlkem768",
                              "the server's preference wins");
        NS_TEST_EXPECT_MSG_EQ_TOL(LatencyRtts(r, rtt), (expectHrr ? 3 : 2) + 0.02, 0.02, "RTTs");
    }

    uint32_t m_keyShares; //!< KeyShares
};

/**
 * \ingroup tls-test
 * Post-quantum TLS suite.
 */
class TlsPqTestSuite : public TestSuite
{
  public:
    TlsPqTestSuite()
        : TestSuite("tls-pq", tls_compat::UNIT)
    {
        AddTestCase(new TlsPqErrorsTestCase, tls_compat::QUICK);
        for (const std::string group : {"MLKEM512",
                                        "MLKEM768",
                                        "MLKEM1024",
                                        "X25519MLKEM768",
                                        "SecP256r1MLKEM768",
                                        "SecP384r1MLKEM1024"})
        {
            AddTestCase(new TlsPqGroupTestCase(group), tls_compat::QUICK);
        }
        AddTestCase(new TlsPqSignatureTestCase("mldsa44", "", "mldsa44"), tls_compat::QUICK);
        AddTestCase(new TlsPqSignatureTestCase("mldsa65", "", "mldsa65"), tls_compat::QUICK);
        AddTestCase(new TlsPqSignatureTestCase("mldsa87", "", "mldsa87"), tls_compat::QUICK);
        AddTestCase(new TlsPqSignatureTestCase("mldsa65", "p256", "mldsa65"), tls_compat::QUICK);
        AddTestCase(new TlsPqSignatureTestCase("mldsa44", "rsa2048", "mldsa44"), tls_compat::QUICK);
        AddTestCase(
            new TlsPqSignatureTestCase("p256", "slhdsa-sha2-128s", "ecdsa_secp256r1_sha256"),
            tls_compat::QUICK);
        AddTestCase(new TlsPqSignatureTestCase("mldsa44", "slhdsa-sha2-128f", "mldsa44"),
                    tls_compat::QUICK);
        AddTestCase(new TlsPqFlightTestCase("mldsa44", MLDSA44_SIG, 1), tls_compat::QUICK);
        AddTestCase(new TlsPqFlightTestCase("mldsa65", MLDSA65_SIG, 1), tls_compat::QUICK);
        AddTestCase(new TlsPqFlightTestCase("mldsa87", MLDSA87_SIG, 1), tls_compat::QUICK);
        AddTestCase(new TlsPqFlightTestCase("mldsa44", MLDSA44_SIG, 2), tls_compat::QUICK);
        // ClientHello: the share replaces X25519's 32 bytes; 8 bytes of ec_point_formats
        // go when no elliptic-curve group is offered.
        const int32_t x25519 = 32;
        const int32_t pointFormats = 8;
        AddTestCase(new TlsPqClientHelloTestCase("MLKEM512", 0, 800 - x25519 - pointFormats),
                    tls_compat::QUICK);
        AddTestCase(
            new TlsPqClientHelloTestCase("X25519MLKEM768", 0, 1184 + 32 - x25519 - pointFormats),
            tls_compat::QUICK);
        AddTestCase(
            new TlsPqClientHelloTestCase("SecP256r1MLKEM768", 0, 65 + 1184 - x25519 - pointFormats),
            tls_compat::QUICK);
        AddTestCase(new TlsPqClientHelloTestCase("MLKEM1024", 0, 1568 - x25519 - pointFormats),
                    tls_compat::QUICK);
        // Hybrid and X25519 shares (OpenSSL 3.5's default): a second entry.
        AddTestCase(new TlsPqClientHelloTestCase("X25519MLKEM768:X25519", 2, 4 + 1184 + 32 + 2),
                    tls_compat::QUICK);
        AddTestCase(new TlsPqHelloRetryTestCase(1), tls_compat::QUICK);
        AddTestCase(new TlsPqHelloRetryTestCase(2), tls_compat::QUICK);
    }
};

static TlsPqTestSuite g_tlsPqTestSuite; //!< static instance

} // namespace
