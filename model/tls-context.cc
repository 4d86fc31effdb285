/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-context.h"

#include "openssl-engine.h"
#include "replay-engine.h"
#include "tls-random.h"
#include "tls-replay-store.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/integer.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tls-ns3-compat.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <set>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsContext");

NS_OBJECT_ENSURE_REGISTERED(TlsContext);

namespace
{

/// Largest accepted ChainDepth.
const uint32_t MAX_CHAIN_DEPTH = 16;

/**
 * \return OpenSSL's error queue as one line, emptying it
 */
std::string
OpenSslErrors()
{
    std::string out;
    unsigned long e;
    while ((e = ERR_get_error()) != 0)
    {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof(buf));
        out += out.empty() ? "" : "; ";
        out += buf;
    }
    return out.empty() ? "unknown error" : out;
}

/// "-1" in CaKeyType: the CAs use KeyType.
const int SAME_AS_KEY_TYPE = -1;

/**
 * \param version an OpenSSL version number (TLS1_2_VERSION, ...)
 * \return its name in the MinVersion and MaxVersion attributes
 */
std::string
VersionName(int version)
{
    switch (version)
    {
    case TLS1_VERSION:
        return "1.0";
    case TLS1_1_VERSION:
        return "1.1";
    case TLS1_2_VERSION:
        return "1.2";
    default:
        return "1.3";
    }
}

/**
 * \return the checker of MinVersion and MaxVersion. TLS 1.0 and 1.1 exist for
 * fault scenarios (OpenSSL 3 needs SecurityLevel 0 for them).
 */
Ptr<const AttributeChecker>
MakeVersionChecker()
{
    return tls_compat::MakeEnumChecker(TLS1_VERSION,
                                       "1.0",
                                       TLS1_1_VERSION,
                                       "1.1",
                                       TLS1_2_VERSION,
                                       "1.2",
                                       TLS1_3_VERSION,
                                       "1.3");
}

/**
 * \param ca true for CaKeyType (also "" and the CA-only key types)
 * \return the checker of KeyType or CaKeyType: every key type by its name, whether
 *         or not the linked OpenSSL has it (Configure says so when it has not)
 */
Ptr<const AttributeChecker>
MakeKeyTypeChecker(bool ca)
{
    auto checker = Create<tls_compat::EnumChecker<int>>();
    if (ca)
    {
        checker->AddDefault(SAME_AS_KEY_TYPE, "");
    }
    for (TlsKeyType t : {TlsKeyType::RSA2048,
                         TlsKeyType::RSA3072,
                         TlsKeyType::RSA4096,
                         TlsKeyType::ECDSA_P256,
                         TlsKeyType::ECDSA_P384,
                         TlsKeyType::ED25519,
                         TlsKeyType::ML_DSA_44,
                         TlsKeyType::ML_DSA_65,
                         TlsKeyType::ML_DSA_87,
                         TlsKeyType::SLH_DSA_SHA2_128S,
                         TlsKeyType::SLH_DSA_SHA2_128F})
    {
        if (ca || TlsKeyTypeSignsTls(t))
        {
            checker->Add(static_cast<int>(t), TlsKeyTypeName(t));
        }
    }
    return checker;
}

/**
 * Check a user's PEM file before OpenSSL reads it (TlsCheckCredentialFile: a readable
 * regular file of bounded size, never a FIFO or a device).
 * \param attribute attribute naming the file
 * \param path the file
 * \return "" or an error message
 */
std::string
CheckReadable(const std::string& attribute, const std::string& path)
{
    return TlsCheckCredentialFile(attribute, path, false);
}

} // namespace

TypeId
TlsContext::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TlsContext")
            .SetParent<Object>()
            .SetGroupName("Tls")
            .AddConstructor<TlsContext>()
            .AddAttribute("MinVersion",
                          "Lowest protocol version offered or accepted: 1.2 or 1.3 (1.0 and "
                          "1.1 for fault scenarios; they need SecurityLevel 0).",
                          EnumValue(TLS1_2_VERSION),
                          tls_compat::MakeEnumAccessor<int>(&TlsContext::m_minVersion),
                          MakeVersionChecker())
            .AddAttribute("MaxVersion",
                          "Highest protocol version offered or accepted: 1.2 or 1.3 (1.0 and "
                          "1.1 for fault scenarios; they need SecurityLevel 0).",
                          EnumValue(TLS1_3_VERSION),
                          tls_compat::MakeEnumAccessor<int>(&TlsContext::m_maxVersion),
                          MakeVersionChecker())
            .AddAttribute("CipherList",
                          "TLS 1.2 cipher list as an OpenSSL cipher string "
                          "(e.g. ECDHE-ECDSA-AES128-GCM-SHA256, DHE-RSA-AES128-GCM-SHA256, "
                          "AES128-GCM-SHA256 for RSA key transport); empty = OpenSSL's default.",
                          StringValue(""),
                          MakeStringAccessor(&TlsContext::m_cipherList),
                          MakeStringChecker())
            .AddAttribute("Ciphersuites",
                          "TLS 1.3 cipher suites, colon separated (e.g. "
                          "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256); empty = "
                          "OpenSSL's default.",
                          StringValue(""),
                          MakeStringAccessor(&TlsContext::m_ciphersuites),
                          MakeStringChecker())
            .AddAttribute("Groups",
                          "Key exchange groups in preference order, colon separated "
                          "(e.g. X25519:P-256:P-384:ffdhe2048); empty = OpenSSL's default. "
                          "With OpenSSL >= 3.5 also MLKEM512, MLKEM768, MLKEM1024, "
                          "X25519MLKEM768, SecP256r1MLKEM768, SecP384r1MLKEM1024, and its "
                          "list syntax ('*' marks a client key share, '/' separates a "
                          "server's tuples).",
                          StringValue(""),
                          MakeStringAccessor(&TlsContext::m_groups),
                          MakeStringChecker())
            .AddAttribute("ServerGroups",
                          "Groups of the server role, same syntax as Groups; empty = Groups. "
                          "A server whose most preferred group (tuple) has no key share in "
                          "the ClientHello answers with a HelloRetryRequest.",
                          StringValue(""),
                          MakeStringAccessor(&TlsContext::m_serverGroups),
                          MakeStringChecker())
            .AddAttribute("KeyShares",
                          "TLS 1.3 key shares a client sends in its ClientHello: one for each "
                          "of the first KeyShares groups of Groups (1 to 4; more than one "
                          "needs OpenSSL >= 3.5); 0 = as Groups says (OpenSSL: the first "
                          "group, or those marked '*').",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsContext::m_keyShares),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("KeyType",
                          "Key type of the generated leaf certificates (and of the CAs unless "
                          "CaKeyType is set): rsa2048, rsa3072, rsa4096, p256, p384, ed25519, "
                          "and with OpenSSL >= 3.5 mldsa44, mldsa65, mldsa87.",
                          EnumValue(static_cast<int>(TlsKeyType::ECDSA_P256)),
                          tls_compat::MakeEnumAccessor<int>(&TlsContext::m_keyType),
                          MakeKeyTypeChecker(false))
            .AddAttribute("CaKeyType",
                          "Key type of the generated root and intermediate CAs (e.g. p256 or "
                          "rsa2048 above an mldsa65 leaf, as in a transition; "
                          "slhdsa-sha2-128s or slhdsa-sha2-128f with OpenSSL >= 3.5); "
                          "empty = KeyType.",
                          EnumValue(SAME_AS_KEY_TYPE),
                          tls_compat::MakeEnumAccessor<int>(&TlsContext::m_caKeyType),
                          MakeKeyTypeChecker(true))
            .AddAttribute("ChainDepth",
                          "Number of intermediate CAs between the root and the leaf "
                          "certificates of the generated hierarchy (0 to 16). The server "
                          "sends its leaf and all intermediates.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&TlsContext::m_chainDepth),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Epoch",
                          "UNIX time (seconds) of simulation time zero, for certificate "
                          "validity; 0 = check against the host's clock instead.",
                          UintegerValue(1735689600), // 2025-01-01T00:00:00Z
                          MakeUintegerAccessor(&TlsContext::m_epoch),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("ClockOffset",
                          "How far this side's clock is ahead of the simulated wall clock when "
                          "it checks certificates (a client whose clock is past the server "
                          "certificate's NotAfter sees it expired).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&TlsContext::m_clockOffset),
                          MakeTimeChecker())
            .AddAttribute("NotBefore",
                          "Start of the generated leaf certificates' validity, relative to "
                          "Epoch (may be negative).",
                          TimeValue(Seconds(-30 * 86400)),
                          MakeTimeAccessor(&TlsContext::m_notBefore),
                          MakeTimeChecker())
            .AddAttribute("NotAfter",
                          "End of the generated leaf certificates' validity, relative to Epoch "
                          "(a negative value makes expired certificates).",
                          TimeValue(Seconds(365 * 86400)),
                          MakeTimeAccessor(&TlsContext::m_notAfter),
                          MakeTimeChecker())
            .AddAttribute("CertificateFile",
                          "PEM file with this side's certificate followed by its chain; "
                          "empty = use the generated hierarchy.",
                          StringValue(""),
                          MakeStringAccessor(&TlsContext::m_certFile),
                          MakeStringChecker())
            .AddAttribute("PrivateKeyFile",
                          "PEM file with the private key of CertificateFile.",
                          StringValue(""),
                          MakeStringAccessor(&TlsContext::m_keyFile),
                          MakeStringChecker())
            .AddAttribute("CaFile",
                          "PEM file with the trusted CA certificates used to verify the peer; "
                          "empty = the generated root.",
                          StringValue(""),
                          MakeStringAccessor(&TlsContext::m_caFile),
                          MakeStringChecker())
            .AddAttribute("ServerName",
                          "Server name: the DNS name in the generated server certificate, and "
                          "the name a client sends (SNI) and checks.",
                          StringValue("server.tls.test"),
                          MakeStringAccessor(&TlsContext::m_serverName),
                          MakeStringChecker())
            .AddAttribute("PkiLabel",
                          "Name of the generated hierarchy; contexts with different labels "
                          "have different, mutually untrusted roots.",
                          StringValue("ns3-tls"),
                          MakeStringAccessor(&TlsContext::m_pkiLabel),
                          MakeStringChecker())
            .AddAttribute("CacheDirectory",
                          "Directory where generated keys and certificates are cached; empty = "
                          "$NS3_TLS_CACHE_DIR, else $XDG_CACHE_HOME/ns3-tls, else "
                          "~/.cache/ns3-tls.",
                          StringValue(""),
                          MakeStringAccessor(&TlsContext::m_cacheDir),
                          MakeStringChecker())
            .AddAttribute("KeySeed",
                          "Seed of the generated keys and certificates: equal seeds give "
                          "byte-identical credentials, whatever RngRun and the key cache.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&TlsContext::m_keySeed),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("VerifyPeer",
                          "Verify the peer's certificate chain against the trusted CAs (a "
                          "client always; a server when it asks for client certificates).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TlsContext::m_verifyPeer),
                          MakeBooleanChecker())
            .AddAttribute("VerifyHostname",
                          "A client checks that the server certificate matches ServerName.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TlsContext::m_verifyHostname),
                          MakeBooleanChecker())
            .AddAttribute(
                "ClientAuth",
                "Client authentication by the server: none, request (the client may "
                "send a certificate) or require (mutual authentication).",
                EnumValue(CLIENT_AUTH_NONE),
                tls_compat::MakeEnumAccessor<TlsContext::ClientAuth>(&TlsContext::m_clientAuth),
                tls_compat::MakeEnumChecker(CLIENT_AUTH_NONE,
                                            "none",
                                            CLIENT_AUTH_REQUEST,
                                            "request",
                                            CLIENT_AUTH_REQUIRE,
                                            "require"))
            .AddAttribute("SessionTickets",
                          "Allow session tickets (RFC 5077 in TLS 1.2; TLS 1.3 tickets).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TlsContext::m_tickets),
                          MakeBooleanChecker())
            .AddAttribute("MiddleboxCompat",
                          "TLS 1.3 middlebox compatibility mode (RFC 8446 D.4): dummy "
                          "ChangeCipherSpec messages and a legacy session id.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TlsContext::m_middleboxCompat),
                          MakeBooleanChecker())
            .AddAttribute("SecurityLevel",
                          "OpenSSL security level 0-5; -1 = OpenSSL's default.",
                          IntegerValue(-1),
                          MakeIntegerAccessor(&TlsContext::m_securityLevel),
                          MakeIntegerChecker<int32_t>())
            .AddAttribute("TrustLabel",
                          "PkiLabel of the generated hierarchy whose root this side trusts; "
                          "empty = its own (PkiLabel).",
                          StringValue(""),
                          MakeStringAccessor(&TlsContext::m_trustLabel),
                          MakeStringChecker())
            .AddAttribute("SendClientCertificate",
                          "A client presents its certificate when the server asks for one.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TlsContext::m_sendClientCert),
                          MakeBooleanChecker())
            .AddAttribute("NumTickets",
                          "TLS 1.3 tickets a server sends after each full handshake "
                          "(OpenSSL's default: 2).",
                          UintegerValue(2),
                          MakeUintegerAccessor(&TlsContext::m_numTickets),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxEarlyData",
                          "TLS 1.3 0-RTT: bytes of early data a server accepts (and announces in "
                          "its tickets); 0 = no early data.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsContext::m_maxEarlyData),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("SessionCache",
                          "Server-side session cache and ticket key; servers whose contexts "
                          "share one resume each other's sessions. Null = a cache of its own.",
                          PointerValue(),
                          MakePointerAccessor(&TlsContext::m_sessionCache),
                          MakePointerChecker<TlsSessionCache>())
            .AddAttribute("KeyLogFile",
                          "Append the session secrets in SSLKEYLOGFILE format to this file, "
                          "so that Wireshark can decrypt pcap traces; empty = off.",
                          StringValue(""),
                          MakeStringAccessor(&TlsContext::m_keyLogFile),
                          MakeStringChecker());
    return tid;
}

TlsContext::TlsContext()
    : m_minVersion(TLS1_2_VERSION),
      m_maxVersion(TLS1_3_VERSION),
      m_keyType(static_cast<int>(TlsKeyType::ECDSA_P256)),
      m_caKeyType(SAME_AS_KEY_TYPE),
      m_keyShares(0),
      m_chainDepth(1),
      m_epoch(0),
      m_verifyPeer(true),
      m_verifyHostname(true),
      m_clientAuth(CLIENT_AUTH_NONE),
      m_tickets(true),
      m_middleboxCompat(true),
      m_securityLevel(-1),
      m_sendClientCert(true),
      m_numTickets(2),
      m_maxEarlyData(0),
      m_clientCtx(nullptr),
      m_serverCtx(nullptr)
{
    NS_LOG_FUNCTION(this);
}

TlsContext::~TlsContext()
{
    NS_LOG_FUNCTION(this);
    SSL_CTX_free(m_clientCtx);
    SSL_CTX_free(m_serverCtx);
}

void
TlsContext::DoDispose()
{
    NS_LOG_FUNCTION(this);
    SSL_CTX_free(m_clientCtx);
    SSL_CTX_free(m_serverCtx);
    m_clientCtx = nullptr;
    m_serverCtx = nullptr;
    m_keyLog.reset();
    m_sessionCache = nullptr;
    Object::DoDispose();
}

SSL_CTX*
TlsContext::GetSslContext(TlsRole role) const
{
    return role == TlsRole::CLIENT ? m_clientCtx : m_serverCtx;
}

std::shared_ptr<const TlsPki>
TlsContext::GetPki() const
{
    return m_pki;
}

std::string
TlsContext::GetServerName() const
{
    return m_serverName;
}

std::string
TlsContext::GetKeyType() const
{
    return TlsKeyTypeName(static_cast<TlsKeyType>(m_keyType));
}

std::string
TlsContext::GetCaKeyType() const
{
    return m_caKeyType == SAME_AS_KEY_TYPE ? ""
                                           : TlsKeyTypeName(static_cast<TlsKeyType>(m_caKeyType));
}

uint32_t
TlsContext::GetChainDepth() const
{
    return m_chainDepth;
}

int64_t
TlsContext::GetVerificationTime() const
{
    return static_cast<int64_t>(m_epoch) +
           (m_clockOffset + Simulator::Now()).GetMilliSeconds() / 1000;
}

Ptr<TlsContext>
TlsContext::Copy() const
{
    Ptr<TlsContext> copy = CreateObject<TlsContext>();
    TypeId tid = GetInstanceTypeId();
    for (uint32_t i = 0; i < tid.GetAttributeN(); ++i)
    {
        TypeId::AttributeInformation info = tid.GetAttribute(i);
        Ptr<AttributeValue> value = info.checker->Create();
        GetAttribute(info.name, *value);
        copy->SetAttributeFailSafe(info.name, *value); // a null pointer cannot be set
    }
    return copy;
}

Ptr<TlsSessionCache>
TlsContext::GetSessionCache()
{
    if (!m_sessionCache)
    {
        m_sessionCache = CreateObject<TlsSessionCache>();
    }
    return m_sessionCache;
}

TlsContext*
TlsContext::FromSsl(const SSL* ssl)
{
    return static_cast<TlsContext*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)));
}

namespace
{

/// Size of the simulated issue time stored in a ticket.
const size_t TICKET_TIME_SIZE = sizeof(int64_t);

/**
 * Server: a ticket is being made; store the simulated time in it.
 * \param ssl the connection
 * \return 1
 */
int
GenerateTicket(SSL* ssl, void* /* arg */)
{
    int64_t now = Simulator::Now().GetTimeStep();
    SSL_SESSION_set1_ticket_appdata(SSL_get_session(ssl), &now, TICKET_TIME_SIZE);
    return 1;
}

/**
 * Server: a ticket was decrypted; refuse it if it is older than the cache
 * timeout in simulated time.
 * \param ssl the connection
 * \param session the session in the ticket
 * \param status how decryption went
 * \param arg the context
 * \return what OpenSSL should do
 */
SSL_TICKET_RETURN
DecryptTicket(SSL* ssl,
              SSL_SESSION* session,
              const unsigned char* /* keyName */,
              size_t /* keyNameLength */,
              SSL_TICKET_STATUS status,
              void* arg)
{
    switch (status)
    {
    case SSL_TICKET_SUCCESS:
    case SSL_TICKET_SUCCESS_RENEW: {
        auto context = static_cast<TlsContext*>(arg);
        void* data = nullptr;
        size_t length = 0;
        if (SSL_SESSION_get0_ticket_appdata(session, &data, &length) == 1 &&
            length == TICKET_TIME_SIZE)
        {
            int64_t issued;
            std::memcpy(&issued, data, TICKET_TIME_SIZE);
            if (Simulator::Now() - TimeStep(issued) > context->GetSessionCache()->GetTimeout())
            {
                return SSL_TICKET_RETURN_IGNORE_RENEW;
            }
        }
        if (OpenSslEngine* engine = OpenSslEngine::FromSsl(ssl))
        {
            engine->NotifyTicketUsed();
        }
        return status == SSL_TICKET_SUCCESS ? SSL_TICKET_RETURN_USE : SSL_TICKET_RETURN_USE_RENEW;
    }
    case SSL_TICKET_FATAL_ERR_MALLOC:
    case SSL_TICKET_FATAL_ERR_OTHER:
        return SSL_TICKET_RETURN_ABORT;
    default: // no ticket, or one this server cannot decrypt
        return SSL_TICKET_RETURN_IGNORE_RENEW;
    }
}

/**
 * Server: OpenSSL made a new session; keep it in the shared cache.
 * \param ssl the connection
 * \param session the session
 * \return 0: OpenSSL keeps its own reference
 */
int
CacheNewSession(SSL* ssl, SSL_SESSION* session)
{
    // A TLS 1.3 stateless ticket carries its session: there is nothing to look up
    // later (tickets are stateful only without SessionTickets, or with 0-RTT for
    // anti-replay).
    if (SSL_version(ssl) == TLS1_3_VERSION && (SSL_get_options(ssl) & SSL_OP_NO_TICKET) == 0 &&
        SSL_get_max_early_data(ssl) == 0)
    {
        return 0;
    }
    auto context = static_cast<TlsContext*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)));
    context->GetSessionCache()->Add(session);
    return 0;
}

/**
 * Server: look a session id up in the shared cache.
 * \param ssl the connection
 * \param id the id
 * \param length its length
 * \param[out] copy 0: the returned reference is the caller's
 * \return the session or nullptr
 */
SSL_SESSION*
CacheGetSession(SSL* ssl, const unsigned char* id, int length, int* copy)
{
    auto context = static_cast<TlsContext*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)));
    *copy = 0;
    return context->GetSessionCache()->Get(id, static_cast<unsigned int>(length));
}

/**
 * Server: OpenSSL drops a session (e.g. a failed connection's).
 * \param ctx the OpenSSL context
 * \param session the session
 */
void
CacheRemoveSession(SSL_CTX* ctx, SSL_SESSION* session)
{
    auto context = static_cast<TlsContext*>(SSL_CTX_get_app_data(ctx));
    if (context)
    {
        context->GetSessionCache()->Remove(session);
    }
}

} // namespace

std::string
TlsContext::Configure(TlsRole role)
{
    NS_LOG_FUNCTION(this << static_cast<int>(role));
    SSL_CTX*& slot = role == TlsRole::CLIENT ? m_clientCtx : m_serverCtx;
    if (slot)
    {
        return "";
    }
    TlsSeedRandomFromNs3();
    SSL_CTX* ctx = nullptr;
    std::string error = BuildSslContext(role, &ctx);
    if (!error.empty())
    {
        SSL_CTX_free(ctx);
        ERR_clear_error();
        return error;
    }
    slot = ctx;
    return "";
}

std::string
TlsContext::BuildSslContext(TlsRole role, SSL_CTX** out)
{
    // MinVersion, MaxVersion and ClientAuth are EnumValues: their checkers refuse other values.
    std::string error;
    int minVersion = m_minVersion;
    int maxVersion = m_maxVersion;
    if (minVersion > maxVersion)
    {
        return "TlsContext: attribute MinVersion '" + VersionName(m_minVersion) +
               "' is above attribute MaxVersion '" + VersionName(m_maxVersion) + "'";
    }
    if (m_securityLevel < -1 || m_securityLevel > 5)
    {
        return "TlsContext: attribute SecurityLevel has invalid value '" +
               std::to_string(m_securityLevel) + "' (expected -1 to 5)";
    }

    SSL_CTX* ctx = SSL_CTX_new(role == TlsRole::CLIENT ? TLS_client_method() : TLS_server_method());
    *out = ctx;
    if (!ctx)
    {
        return "TlsContext: SSL_CTX_new failed: " + OpenSslErrors();
    }
    SSL_CTX_set_app_data(ctx, this);
    SSL_CTX_set_min_proto_version(ctx, minVersion);
    SSL_CTX_set_max_proto_version(ctx, maxVersion);
    if (m_securityLevel >= 0)
    {
        SSL_CTX_set_security_level(ctx, m_securityLevel);
    }
    if (!m_cipherList.empty() && SSL_CTX_set_cipher_list(ctx, m_cipherList.c_str()) != 1)
    {
        return "TlsContext: attribute CipherList value '" + m_cipherList +
               "' rejected by OpenSSL: " + OpenSslErrors();
    }
    if (!m_ciphersuites.empty() && SSL_CTX_set_ciphersuites(ctx, m_ciphersuites.c_str()) != 1)
    {
        return "TlsContext: attribute Ciphersuites value '" + m_ciphersuites +
               "' rejected by OpenSSL: " + OpenSslErrors();
    }
    error = InstallGroups(role, ctx);
    if (!error.empty())
    {
        return error;
    }
    // Finite-field DHE (TLS 1.2 DHE-* suites) with parameters matched to the key size.
    SSL_CTX_set_dh_auto(ctx, 1);
    if (!m_tickets)
    {
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
        SSL_CTX_set_num_tickets(ctx, 0);
    }
    else
    {
        SSL_CTX_set_num_tickets(ctx, m_numTickets);
    }
    if (!m_middleboxCompat)
    {
        SSL_CTX_clear_options(ctx, SSL_OP_ENABLE_MIDDLEBOX_COMPAT);
    }
    // The simulation decides when connections close; no renegotiation surprises.
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);

    error = InstallCredentials(role, ctx);
    if (!error.empty())
    {
        return error;
    }

    int verifyMode = SSL_VERIFY_NONE;
    if (role == TlsRole::CLIENT)
    {
        verifyMode = m_verifyPeer ? SSL_VERIFY_PEER : SSL_VERIFY_NONE;
        // Sessions go to the application (each client keeps its own store).
        SSL_CTX_set_session_cache_mode(ctx,
                                       SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
        SSL_CTX_sess_set_new_cb(ctx, &OpenSslEngine::NewSessionCallback);
    }
    else
    {
        if (m_clientAuth == CLIENT_AUTH_REQUEST)
        {
            verifyMode = SSL_VERIFY_PEER;
        }
        else if (m_clientAuth == CLIENT_AUTH_REQUIRE)
        {
            verifyMode = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
        }
        static const unsigned char sessionIdContext[] = "ns3-tls";
        SSL_CTX_set_session_id_context(ctx, sessionIdContext, sizeof(sessionIdContext) - 1);
        // Resumption state lives in a TlsSessionCache that servers may share; its
        // timeout runs in simulated time. OpenSSL's own timeout runs on the host
        // clock, so it is set far beyond any simulation's wall time.
        Ptr<TlsSessionCache> cache = GetSessionCache();
        if (m_maxEarlyData == 0)
        {
            SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_INTERNAL);
        }
        else
        {
            // 0-RTT anti-replay: OpenSSL makes TLS 1.3 tickets single-use by
            // removing their session from its internal store, so that store is
            // kept too (lookups still go to the shared cache; a session found there
            // is copied into the store). It holds at least what the shared cache
            // holds, so its evictions only drop sessions the shared cache dropped.
            SSL_CTX_set_session_cache_mode(ctx,
                                           SSL_SESS_CACHE_SERVER |
                                               SSL_SESS_CACHE_NO_INTERNAL_LOOKUP);
            SSL_CTX_sess_set_cache_size(ctx, 2L * cache->GetCapacity());
        }
        SSL_CTX_sess_set_new_cb(ctx, &CacheNewSession);
        SSL_CTX_sess_set_get_cb(ctx, &CacheGetSession);
        SSL_CTX_sess_set_remove_cb(ctx, &CacheRemoveSession);
        SSL_CTX_set_timeout(ctx, 30L * 86400);
        if (SSL_CTX_set_tlsext_ticket_keys(ctx,
                                           const_cast<unsigned char*>(cache->GetTicketKey()),
                                           80) != 1)
        {
            return "TlsContext: cannot install the session ticket key: " + OpenSslErrors();
        }
        SSL_CTX_set_session_ticket_cb(ctx, &GenerateTicket, &DecryptTicket, this);
        SSL_CTX_set_max_early_data(ctx, m_maxEarlyData);
        SSL_CTX_set_recv_max_early_data(ctx, m_maxEarlyData);
    }
    SSL_CTX_set_verify(ctx, verifyMode, nullptr);
    if (role == TlsRole::SERVER && verifyMode != SSL_VERIFY_NONE && !m_verifyPeer)
    {
        // Ask for a certificate but accept any chain.
        SSL_CTX_set_verify(ctx, verifyMode, [](int, X509_STORE_CTX*) { return 1; });
    }

    if (!m_keyLogFile.empty())
    {
        if (!m_keyLog)
        {
            m_keyLog = std::make_unique<std::ofstream>(m_keyLogFile, std::ios::app);
            if (!*m_keyLog)
            {
                m_keyLog.reset();
                return "TlsContext: attribute KeyLogFile: cannot write file '" + m_keyLogFile +
                       "': " + std::strerror(errno);
            }
        }
        SSL_CTX_set_keylog_callback(ctx, &TlsContext::KeyLogCallback);
    }
    return "";
}

std::string
TlsContext::InstallCredentials(TlsRole role, SSL_CTX* ctx)
{
    if (m_chainDepth > MAX_CHAIN_DEPTH)
    {
        return "TlsContext: attribute ChainDepth has invalid value '" +
               std::to_string(m_chainDepth) + "' (expected 0 to " +
               std::to_string(MAX_CHAIN_DEPTH) + ")";
    }
    bool ownFiles = !m_certFile.empty() || !m_keyFile.empty();
    bool needPki = !ownFiles || m_caFile.empty();
    if (needPki && !m_pki)
    {
        // KeyType and CaKeyType are EnumValues: their checkers refuse unknown names;
        // whether the linked OpenSSL has the algorithm is known only here.
        TlsPkiSpec spec;
        spec.keyType = static_cast<TlsKeyType>(m_keyType);
        std::string why;
        if (!TlsKeyTypeAvailable(spec.keyType, &why))
        {
            return "TlsContext: attribute KeyType value '" + GetKeyType() + "': " + why;
        }
        spec.caKeyType = spec.keyType;
        if (m_caKeyType != SAME_AS_KEY_TYPE)
        {
            spec.caKeyType = static_cast<TlsKeyType>(m_caKeyType);
            if (!TlsKeyTypeAvailable(spec.caKeyType, &why))
            {
                return "TlsContext: attribute CaKeyType value '" + GetCaKeyType() + "': " + why;
            }
            spec.mixedCa = spec.caKeyType != spec.keyType;
        }
        if (m_notAfter <= m_notBefore)
        {
            return "TlsContext: attribute NotAfter (" +
                   std::to_string(m_notAfter.GetMilliSeconds() / 1000) +
                   " s) must be later than NotBefore (" +
                   std::to_string(m_notBefore.GetMilliSeconds() / 1000) + " s)";
        }
        int64_t epoch =
            m_epoch != 0 ? static_cast<int64_t>(m_epoch) : static_cast<int64_t>(std::time(nullptr));
        spec.intermediates = m_chainDepth;
        spec.notBefore = epoch + m_notBefore.GetMilliSeconds() / 1000;
        spec.notAfter = epoch + m_notAfter.GetMilliSeconds() / 1000;
        spec.serverName = m_serverName;
        spec.label = m_pkiLabel;
        spec.keySeed = m_keySeed;
        std::string pkiError;
        m_pki = TlsGetPki(spec, m_cacheDir, &pkiError);
        if (m_pki && !m_trustLabel.empty() && m_trustLabel != m_pkiLabel)
        {
            spec.label = m_trustLabel;
            m_trust = TlsGetPki(spec, m_cacheDir, &pkiError);
            if (!m_trust)
            {
                m_pki = nullptr;
            }
        }
        else
        {
            m_trust = m_pki;
        }
        if (!m_pki)
        {
            return "TlsContext: cannot create the certificate hierarchy (KeyType '" + GetKeyType() +
                   "', CaKeyType '" + GetCaKeyType() + "', CacheDirectory '" +
                   TlsResolveCacheDir(m_cacheDir) + "'): " + pkiError;
        }
    }

    // This side's certificate, chain and key.
    if (ownFiles)
    {
        if (m_certFile.empty() || m_keyFile.empty())
        {
            return "TlsContext: attributes CertificateFile ('" + m_certFile +
                   "') and PrivateKeyFile ('" + m_keyFile + "') must be set together";
        }
        std::string error = CheckReadable("CertificateFile", m_certFile);
        if (error.empty())
        {
            error = CheckReadable("PrivateKeyFile", m_keyFile);
        }
        if (!error.empty())
        {
            return error;
        }
        if (SSL_CTX_use_certificate_chain_file(ctx, m_certFile.c_str()) != 1)
        {
            return "TlsContext: attribute CertificateFile: file '" + m_certFile +
                   "' holds no usable PEM certificate: " + OpenSslErrors();
        }
        // A PEM private key that loads without a passphrase and passes OpenSSL's
        // full key check (a damaged RSA private part matches the certificate).
        error = TlsCheckCredentialFile("PrivateKeyFile", m_keyFile, true);
        if (!error.empty())
        {
            return error;
        }
        SSL_CTX_set_default_passwd_cb(ctx, TlsNoPassphrase);
        if (SSL_CTX_use_PrivateKey_file(ctx, m_keyFile.c_str(), SSL_FILETYPE_PEM) != 1)
        {
            return "TlsContext: attribute PrivateKeyFile: file '" + m_keyFile +
                   "' holds no usable PEM private key: " + OpenSslErrors();
        }
        if (SSL_CTX_check_private_key(ctx) != 1)
        {
            return "TlsContext: attribute PrivateKeyFile: key in '" + m_keyFile +
                   "' does not match the certificate in '" + m_certFile + "'";
        }
    }
    else if (role == TlsRole::SERVER || m_sendClientCert)
    {
        X509* cert = role == TlsRole::CLIENT ? m_pki->clientCert : m_pki->serverCert;
        EVP_PKEY* key = role == TlsRole::CLIENT ? m_pki->clientKey : m_pki->serverKey;
        if (SSL_CTX_use_certificate(ctx, cert) != 1 || SSL_CTX_use_PrivateKey(ctx, key) != 1)
        {
            return "TlsContext: cannot install the generated certificate: " + OpenSslErrors();
        }
        // The chain, from the leaf's issuer up to (not including) the root.
        for (auto it = m_pki->intermediates.rbegin(); it != m_pki->intermediates.rend(); ++it)
        {
            if (SSL_CTX_add1_chain_cert(ctx, *it) != 1)
            {
                return "TlsContext: cannot install the certificate chain: " + OpenSslErrors();
            }
        }
    }

    // Trust anchors.
    if (!m_caFile.empty())
    {
        std::string error = CheckReadable("CaFile", m_caFile);
        if (!error.empty())
        {
            return error;
        }
        if (SSL_CTX_load_verify_locations(ctx, m_caFile.c_str(), nullptr) != 1)
        {
            return "TlsContext: attribute CaFile: file '" + m_caFile +
                   "' holds no usable PEM certificate: " + OpenSslErrors();
        }
    }
    else
    {
        X509_STORE* store = SSL_CTX_get_cert_store(ctx);
        if (X509_STORE_add_cert(store, m_trust->root) != 1)
        {
            return "TlsContext: cannot install the generated root: " + OpenSslErrors();
        }
    }
    // Ask for client certificates issued under our trust anchors.
    if (role == TlsRole::SERVER && m_trust && m_caFile.empty())
    {
        SSL_CTX_add_client_CA(ctx, m_trust->root);
    }
    return "";
}

namespace
{

/// Largest KeyShares value (OpenSSL 3.5 sends at most 4 key shares).
const uint32_t MAX_KEY_SHARES = 4;

/// Version number of the first OpenSSL with the post-quantum groups and multiple key shares.
const unsigned long OPENSSL_PQ_VERSION = 0x30500000UL;

/**
 * \param list an OpenSSL group list
 * \return its group names without prefixes ('*', '?', '-'), in order
 */
std::vector<std::string>
GroupNames(const std::string& list)
{
    std::vector<std::string> names;
    std::string name;
    for (size_t i = 0; i <= list.size(); ++i)
    {
        if (i == list.size() || list[i] == ':' || list[i] == '/')
        {
            size_t start = name.find_first_not_of("*?-");
            if (start != std::string::npos)
            {
                names.push_back(name.substr(start));
            }
            name.clear();
        }
        else
        {
            name += list[i];
        }
    }
    return names;
}

/**
 * \param name a group name
 * \return true if it names one of OpenSSL 3.5's post-quantum groups
 */
bool
IsPqGroup(std::string name)
{
    for (char& c : name)
    {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return name.find("mlkem") != std::string::npos;
}

/**
 * Mark the first n groups of a list as key shares ('*').
 * \param list an OpenSSL group list without '*'
 * \param n how many
 * \return the list with '*' before the first n group names that add a group
 */
std::string
MarkKeyShares(const std::string& list, uint32_t n)
{
    std::string out;
    std::string name;
    auto flush = [&out, &name, &n]() {
        std::string bare = name.substr(std::min(name.find_first_not_of('?'), name.size()));
        if (n > 0 && !name.empty() && name[0] != '-' && bare != "DEFAULT" && !bare.empty())
        {
            out += '*';
            --n;
        }
        out += name;
        name.clear();
    };
    for (char c : list)
    {
        if (c == ':' || c == '/')
        {
            flush();
            out += c;
        }
        else
        {
            name += c;
        }
    }
    flush();
    return out;
}

} // namespace

std::string
TlsContext::InstallGroups(TlsRole role, SSL_CTX* ctx)
{
    bool server = role == TlsRole::SERVER;
    const std::string attribute = server && !m_serverGroups.empty() ? "ServerGroups" : "Groups";
    std::string list = server && !m_serverGroups.empty() ? m_serverGroups : m_groups;
    unsigned long linked = OpenSSL_version_num();
    if (m_keyShares > MAX_KEY_SHARES)
    {
        return "TlsContext: attribute KeyShares has invalid value '" + std::to_string(m_keyShares) +
               "' (expected 0 to " + std::to_string(MAX_KEY_SHARES) + ")";
    }
    if (m_keyShares > 0 && m_groups.empty())
    {
        return "TlsContext: attribute KeyShares value '" + std::to_string(m_keyShares) +
               "' needs the attribute Groups to name the groups";
    }
    if (m_keyShares > 0 && m_groups.find('*') != std::string::npos)
    {
        return "TlsContext: attribute KeyShares value '" + std::to_string(m_keyShares) +
               "' conflicts with the key shares marked '*' in attribute Groups '" + m_groups +
               "' (set one of them)";
    }
    if (m_keyShares > 1 && linked < OPENSSL_PQ_VERSION)
    {
        return "TlsContext: attribute KeyShares value '" + std::to_string(m_keyShares) +
               "': the linked OpenSSL " + OpenSSL_version(OPENSSL_VERSION_STRING) +
               " lacks multiple key shares (needs OpenSSL >= 3.5)";
    }
    if (m_keyShares > 0 && m_keyShares > GroupNames(m_groups).size())
    {
        return "TlsContext: attribute KeyShares value '" + std::to_string(m_keyShares) +
               "' exceeds the number of groups in attribute Groups '" + m_groups + "'";
    }
    if (list.empty())
    {
        return "";
    }
    const std::string value = list; // as the user wrote it
    if (!server && m_keyShares > 0 && linked >= OPENSSL_PQ_VERSION)
    {
        list = MarkKeyShares(list, m_keyShares);
    }
    if (SSL_CTX_set1_groups_list(ctx, list.c_str()) == 1)
    {
        return "";
    }
    std::string reason = OpenSslErrors();
    // Name the group OpenSSL does not know, and why.
    for (const std::string& name : GroupNames(list))
    {
        if (name == "DEFAULT" || SSL_CTX_set1_groups_list(ctx, name.c_str()) == 1)
        {
            continue;
        }
        ERR_clear_error();
        if (IsPqGroup(name) && linked < OPENSSL_PQ_VERSION)
        {
            return "TlsContext: attribute " + attribute + " value '" + value + "': group '" + name +
                   "' is post-quantum and the linked OpenSSL " +
                   OpenSSL_version(OPENSSL_VERSION_STRING) + " lacks it (needs OpenSSL >= 3.5)";
        }
        return "TlsContext: attribute " + attribute + " value '" + value + "': group '" + name +
               "' unknown to the linked OpenSSL " + OpenSSL_version(OPENSSL_VERSION_STRING) +
               " (see openssl list -tls-groups)";
    }
    // Every name is known: an empty item or a name given twice is what OpenSSL refuses.
    std::vector<std::string> names = GroupNames(value);
    if (names.size() <
        1 + static_cast<size_t>(std::count_if(value.begin(), value.end(), [](char c) {
            return c == ':' || c == '/';
        })))
    {
        return "TlsContext: attribute " + attribute + " value '" + value +
               "' has an empty item (expected group names separated by ':')";
    }
    std::set<std::string> seen;
    for (const std::string& name : names)
    {
        std::string lower = name;
        std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
        if (!seen.insert(lower).second)
        {
            return "TlsContext: attribute " + attribute + " value '" + value + "' names group '" +
                   name + "' twice (expected each group once)";
        }
    }
    return "TlsContext: attribute " + attribute + " value '" + list +
           "' rejected by OpenSSL: " + reason;
}

Ptr<TlsEngine>
TlsContext::CreateEngine(TlsRole role)
{
    if (GetObject<TlsReplayBinding>())
    {
        Ptr<ReplayEngine> replay = CreateObject<ReplayEngine>();
        replay->Setup(this, role);
        return replay;
    }
    Ptr<OpenSslEngine> engine = CreateObject<OpenSslEngine>();
    engine->Setup(this, role);
    return engine;
}

SSL*
TlsContext::NewSsl(TlsRole role)
{
    NS_LOG_FUNCTION(this << static_cast<int>(role));
    std::string error = Configure(role);
    if (!error.empty())
    {
        NS_FATAL_ERROR(error);
    }
    SSL* ssl = SSL_new(GetSslContext(role));
    NS_ABORT_MSG_IF(!ssl, "TlsContext: SSL_new failed: " << OpenSslErrors());
    if (m_epoch != 0)
    {
        X509_VERIFY_PARAM_set_time(SSL_get0_param(ssl), GetVerificationTime());
    }
    if (role == TlsRole::CLIENT && !m_serverName.empty())
    {
        SSL_set_tlsext_host_name(ssl, m_serverName.c_str());
        if (m_verifyPeer && m_verifyHostname)
        {
            SSL_set1_host(ssl, m_serverName.c_str());
        }
    }
    return ssl;
}

void
TlsContext::KeyLogCallback(const SSL* ssl, const char* line)
{
    auto self = static_cast<TlsContext*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)));
    if (self && self->m_keyLog)
    {
        *self->m_keyLog << line << '\n';
        self->m_keyLog->flush();
    }
}

} // namespace ns3
