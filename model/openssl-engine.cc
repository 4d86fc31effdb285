/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "openssl-engine.h"

#include "tls-context.h"

#include "ns3/log.h"

#include <algorithm>
#include <cstring>
#include <openssl/buffer.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("OpenSslEngine");

NS_OBJECT_ENSURE_REGISTERED(OpenSslEngine);

TypeId
OpenSslEngine::GetTypeId()
{
    static TypeId tid = TypeId("ns3::OpenSslEngine")
                            .SetParent<TlsEngine>()
                            .SetGroupName("Tls")
                            .AddConstructor<OpenSslEngine>();
    return tid;
}

namespace
{

/// The random of a HelloRetryRequest (RFC 8446 section 4.1.3).
const uint8_t g_helloRetryRandom[32] = {
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};

/**
 * \return the OpenSSL error queue as one line, emptying it
 */
std::string
DrainErrors()
{
    std::string out;
    unsigned long e;
    while ((e = ERR_get_error()) != 0)
    {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof(buf));
        if (!out.empty())
        {
            out += "; ";
        }
        out += buf;
    }
    return out;
}

/**
 * Free the buffer of an empty memory BIO. A memory BIO keeps the largest buffer
 * it has held (a whole flight) until it is freed.
 * \param bio a memory BIO
 */
void
ReleaseBioBuffer(BIO* bio)
{
    if (BIO_ctrl_pending(bio) != 0)
    {
        return;
    }
    BUF_MEM* mem = nullptr;
    BIO_get_mem_ptr(bio, &mem);
    if (!mem || mem->max == 0)
    {
        return;
    }
    BUF_MEM* empty = BUF_MEM_new();
    if (empty)
    {
        BIO_set_mem_buf(bio, empty, BIO_CLOSE); // frees the old buffer
    }
}

#if !(defined(SSL_get0_peer_signature_name) && defined(SSL_get0_signature_name))
/**
 * \param md a digest NID
 * \return its name in TLS signature scheme names ("sha256"), or "" if unknown
 */
std::string
DigestName(int md)
{
    switch (md)
    {
    case NID_sha1:
        return "sha1";
    case NID_sha224:
        return "sha224";
    case NID_sha256:
        return "sha256";
    case NID_sha384:
        return "sha384";
    case NID_sha512:
        return "sha512";
    default:
        return "";
    }
}
#endif

/**
 * The server's handshake signature scheme as a TLS SignatureScheme name.
 * OpenSSL >= 3.5 names it itself; older versions give the key type and digest
 * NIDs, from which the name is built.
 * \param ssl a connection whose handshake is complete
 * \param role this side
 * \return the name, or "" if the server did not sign
 */
std::string
ServerSignatureName(SSL* ssl, TlsRole role)
{
    bool client = role == TlsRole::CLIENT;
#if defined(SSL_get0_peer_signature_name) && defined(SSL_get0_signature_name)
    const char* name = nullptr;
    int ok =
        client ? SSL_get0_peer_signature_name(ssl, &name) : SSL_get0_signature_name(ssl, &name);
    if (ok == 1 && name != nullptr)
    {
        return name;
    }
    ERR_clear_error();
    return "";
#else
    int type = NID_undef;
    int md = NID_undef;
    int ok = client ? SSL_get_peer_signature_type_nid(ssl, &type)
                    : SSL_get_signature_type_nid(ssl, &type);
    if (ok != 1 || type == NID_undef)
    {
        ERR_clear_error();
        return "";
    }
    if (client)
    {
        SSL_get_peer_signature_nid(ssl, &md);
    }
    else
    {
        SSL_get_signature_nid(ssl, &md);
    }
    ERR_clear_error();
    std::string digest = DigestName(md);
    switch (type)
    {
    case NID_ED25519:
        return "ed25519";
    case NID_ED448:
        return "ed448";
    case NID_rsassaPss:
        return "rsa_pss_rsae_" + digest;
    case NID_rsaEncryption:
        return "rsa_pkcs1_" + digest;
    case NID_X9_62_id_ecPublicKey: {
        X509* cert = client ? SSL_get0_peer_certificate(ssl) : SSL_get_certificate(ssl);
        EVP_PKEY* key = cert ? X509_get0_pubkey(cert) : nullptr;
        int bits = key ? EVP_PKEY_get_bits(key) : 0;
        std::string curve = bits == 256   ? "secp256r1_"
                            : bits == 384 ? "secp384r1_"
                            : bits == 521 ? "secp521r1_"
                                          : "";
        return "ecdsa_" + curve + digest;
    }
    default:
        return OBJ_nid2sn(type);
    }
#endif
}

} // namespace

OpenSslSession::OpenSslSession(SSL_SESSION* session)
    : m_session(session)
{
}

OpenSslSession::~OpenSslSession()
{
    SSL_SESSION_free(m_session);
}

std::string
OpenSslSession::GetVersion() const
{
    return TlsVersionName(static_cast<uint16_t>(SSL_SESSION_get_protocol_version(m_session)));
}

bool
OpenSslSession::HasTicket() const
{
    return SSL_SESSION_has_ticket(m_session) == 1;
}

uint32_t
OpenSslSession::GetMaxEarlyData() const
{
    return SSL_SESSION_get_max_early_data(m_session);
}

bool
OpenSslSession::IsResumable() const
{
    return SSL_SESSION_is_resumable(m_session) == 1;
}

SSL_SESSION*
OpenSslSession::Get() const
{
    return m_session;
}

OpenSslEngine::OpenSslEngine()
    : m_ssl(nullptr),
      m_networkIn(nullptr),
      m_networkOut(nullptr),
      m_role(TlsRole::CLIENT),
      m_state(HANDSHAKING),
      m_observer(nullptr),
      m_offered(false),
      m_ticketUsed(false),
      m_earlyPhase(false),
      m_earlyInRead(0),
      m_lastRecord{0, 0},
      m_flightBytes(0),
      m_clientHelloBytes(0),
      m_inFlight(false)
{
    NS_LOG_FUNCTION(this);
}

OpenSslEngine::OpenSslEngine(SSL* ssl, TlsRole role)
    : OpenSslEngine()
{
    Attach(ssl, role);
}

void
OpenSslEngine::Setup(Ptr<TlsContext> context, TlsRole role)
{
    NS_ASSERT_MSG(!m_ssl, "OpenSslEngine::Setup called twice");
    Attach(context->NewSsl(role), role);
}

void
OpenSslEngine::Attach(SSL* ssl, TlsRole role)
{
    m_ssl = ssl;
    m_networkIn = BIO_new(BIO_s_mem());
    m_networkOut = BIO_new(BIO_s_mem());
    m_role = role;
    SSL_set_app_data(m_ssl, this);
    // An empty input BIO means "retry later", never end of file.
    BIO_set_mem_eof_return(m_networkIn, -1);
    BIO_set_mem_eof_return(m_networkOut, -1);
    SSL_set_bio(m_ssl, m_networkIn, m_networkOut);
    SSL_set_msg_callback(m_ssl, &OpenSslEngine::MessageCallback);
    SSL_set_msg_callback_arg(m_ssl, this);
    if (m_role == TlsRole::CLIENT)
    {
        SSL_set_connect_state(m_ssl);
    }
    else
    {
        SSL_set_accept_state(m_ssl);
        m_earlyPhase = SSL_get_max_early_data(m_ssl) > 0;
    }
}

OpenSslEngine::~OpenSslEngine()
{
    NS_LOG_FUNCTION(this);
    SSL_free(m_ssl); // frees both BIOs (nothing if already released)
}

SSL*
OpenSslEngine::GetSsl() const
{
    return m_ssl;
}

void
OpenSslEngine::SetObserver(TlsEngineObserver* observer)
{
    m_observer = observer;
}

OpenSslEngine*
OpenSslEngine::FromSsl(const SSL* ssl)
{
    return static_cast<OpenSslEngine*>(SSL_get_app_data(ssl));
}

void
OpenSslEngine::NotifyTicketUsed()
{
    m_ticketUsed = true;
}

int
OpenSslEngine::NewSessionCallback(SSL* ssl, SSL_SESSION* session)
{
    OpenSslEngine* engine = FromSsl(ssl);
    if (!engine || !engine->m_observer || SSL_SESSION_is_resumable(session) != 1)
    {
        return 0; // OpenSSL keeps (and frees) its reference
    }
    engine->m_observer->OnSession(Create<OpenSslSession>(session));
    return 1;
}

void
OpenSslEngine::SetSession(Ptr<TlsSession> session)
{
    auto s = DynamicCast<OpenSslSession>(session);
    if (m_role == TlsRole::CLIENT && s && SSL_set_session(m_ssl, s->Get()) == 1)
    {
        m_offered = true;
    }
}

size_t
OpenSslEngine::SetEarlyData(const uint8_t* data, size_t size)
{
    SSL_SESSION* session = SSL_get_session(m_ssl);
    if (m_role != TlsRole::CLIENT || !m_offered || !session)
    {
        return 0;
    }
    size_t n = std::min<size_t>(size, SSL_SESSION_get_max_early_data(session));
    m_earlyOut.assign(data, data + n);
    return n;
}

void
OpenSslEngine::Start()
{
    NS_LOG_FUNCTION(this);
    if (m_role != TlsRole::CLIENT)
    {
        return;
    }
    if (!m_earlyOut.empty())
    {
        size_t written = 0;
        int ret = SSL_write_early_data(m_ssl, m_earlyOut.data(), m_earlyOut.size(), &written);
        if (ret != 1)
        {
            int err = SSL_get_error(m_ssl, ret);
            if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE)
            {
                Fail("SSL_write_early_data", err);
                return;
            }
        }
        NS_LOG_LOGIC(this << " wrote " << written << " bytes of early data");
        m_earlyOut.clear();
        return;
    }
    DriveHandshake();
}

void
OpenSslEngine::Input(const uint8_t* data, size_t size)
{
    NS_LOG_FUNCTION(this << size);
    if (size == 0 || m_state == FAILED || !m_ssl)
    {
        return;
    }
    size_t written = 0;
    if (BIO_write_ex(m_networkIn, data, size, &written) != 1 || written != size)
    {
        m_state = FAILED;
        m_error = "cannot buffer network input: " + DrainErrors();
        return;
    }
    DriveHandshake();
    ReleaseInputBuffers();
}

void
OpenSslEngine::DriveHandshake()
{
    if (m_state != HANDSHAKING)
    {
        return;
    }
    while (m_earlyPhase)
    {
        uint8_t buffer[4096];
        size_t got = 0;
        int ret = SSL_read_early_data(m_ssl, buffer, sizeof(buffer), &got);
        if (ret == SSL_READ_EARLY_DATA_SUCCESS)
        {
            m_earlyIn.insert(m_earlyIn.end(), buffer, buffer + got);
        }
        else if (ret == SSL_READ_EARLY_DATA_FINISH)
        {
            m_earlyPhase = false;
        }
        else
        {
            int err = SSL_get_error(m_ssl, ret);
            if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE)
            {
                return;
            }
            Fail("SSL_read_early_data", err);
            return;
        }
    }
    int ret = SSL_do_handshake(m_ssl);
    if (ret == 1)
    {
        m_state = ESTABLISHED;
        NS_LOG_LOGIC(this << " handshake complete");
        return;
    }
    int err = SSL_get_error(m_ssl, ret);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE)
    {
        return;
    }
    Fail("SSL_do_handshake", err);
}

void
OpenSslEngine::Fail(const char* what, int sslError)
{
    m_state = FAILED;
    std::string queue = DrainErrors();
    m_error = std::string(what) + " failed (SSL_get_error " + std::to_string(sslError) + ")";
    if (!queue.empty())
    {
        m_error += ": " + queue;
    }
    long verify = SSL_get_verify_result(m_ssl);
    if (verify != X509_V_OK)
    {
        m_error +=
            std::string("; certificate verification: ") + X509_verify_cert_error_string(verify);
    }
    NS_LOG_LOGIC(this << " " << m_error);
}

size_t
OpenSslEngine::PendingOutput() const
{
    return m_ssl ? BIO_ctrl_pending(m_networkOut) : 0;
}

size_t
OpenSslEngine::TakeOutput(uint8_t* buffer, size_t size)
{
    size_t got = 0;
    if (!m_ssl || size == 0 || BIO_read_ex(m_networkOut, buffer, size, &got) != 1)
    {
        return 0;
    }
    ReleaseBioBuffer(m_networkOut);
    ReleaseIfClosed();
    return got;
}

size_t
OpenSslEngine::Write(const uint8_t* data, size_t size)
{
    NS_LOG_FUNCTION(this << size);
    if (m_state != ESTABLISHED || size == 0)
    {
        return 0;
    }
    size_t written = 0;
    int ret = SSL_write_ex(m_ssl, data, size, &written);
    if (ret != 1)
    {
        int err = SSL_get_error(m_ssl, ret);
        if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE)
        {
            Fail("SSL_write", err);
        }
        return 0;
    }
    return written;
}

size_t
OpenSslEngine::Read(uint8_t* buffer, size_t size)
{
    if (m_earlyInRead < m_earlyIn.size() && size > 0 && m_state != FAILED)
    {
        size_t n = std::min(size, m_earlyIn.size() - m_earlyInRead);
        std::memcpy(buffer, m_earlyIn.data() + m_earlyInRead, n);
        m_earlyInRead += n;
        if (m_earlyInRead == m_earlyIn.size())
        {
            m_earlyIn.clear();
            m_earlyInRead = 0;
        }
        return n;
    }
    if (m_state != ESTABLISHED || size == 0)
    {
        return 0;
    }
    size_t got = 0;
    int ret = SSL_read_ex(m_ssl, buffer, size, &got);
    if (ret == 1)
    {
        return got;
    }
    int err = SSL_get_error(m_ssl, ret);
    switch (err)
    {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
        ReleaseInputBuffers();
        break;
    case SSL_ERROR_ZERO_RETURN:
        m_state = CLOSED;
        ReleaseInputBuffers();
        ReleaseIfClosed();
        break;
    default:
        Fail("SSL_read", err);
        break;
    }
    return 0;
}

void
OpenSslEngine::Shutdown()
{
    NS_LOG_FUNCTION(this);
    if (m_state == FAILED || !m_ssl)
    {
        return;
    }
    // Sends close_notify; the peer's close_notify, if any, is seen by Read().
    SSL_shutdown(m_ssl);
    ERR_clear_error();
    // Waiting connections keep no 16 KB record buffers (the bytes are in the BIOs).
    SSL_free_buffers(m_ssl);
}

TlsEngine::State
OpenSslEngine::GetState() const
{
    return m_state;
}

void
OpenSslEngine::ReleaseInputBuffers()
{
    SSL_free_buffers(m_ssl); // no-op while OpenSSL still holds data
    ReleaseBioBuffer(m_networkIn);
}

void
OpenSslEngine::ReleaseIfClosed()
{
    // Both close_notify have passed and the last bytes are taken: nothing more
    // can happen on this connection, so OpenSSL's state goes now (a server
    // would otherwise keep it until the client's FIN).
    if (!m_ssl || m_state != CLOSED ||
        SSL_get_shutdown(m_ssl) != (SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN) ||
        BIO_ctrl_pending(m_networkOut) != 0)
    {
        return;
    }
    NS_LOG_FUNCTION(this);
    auto ended = std::make_unique<Final>();
    ended->info = GetHandshakeInfo();
    ended->state = SSL_state_string_long(m_ssl);
    m_final = std::move(ended);
    SSL_free(m_ssl);
    m_ssl = nullptr;
    m_networkIn = nullptr;
    m_networkOut = nullptr;
}

TlsHandshakeInfo
OpenSslEngine::GetHandshakeInfo() const
{
    if (!m_ssl)
    {
        return m_final->info;
    }
    TlsHandshakeInfo info;
    info.version = TlsVersionName(static_cast<uint16_t>(SSL_version(m_ssl)));
    const SSL_CIPHER* cipher = SSL_get_current_cipher(m_ssl);
    if (cipher)
    {
        const char* name = SSL_CIPHER_standard_name(cipher);
        info.cipher = name ? name : SSL_CIPHER_get_name(cipher);
    }
    int group = SSL_get_negotiated_group(m_ssl);
    if (group != 0)
    {
        const char* name = SSL_group_to_name(m_ssl, group);
        info.group = name ? name : std::to_string(group);
    }
    else
    {
        // TLS 1.2 finite-field DHE reports no group; name the key instead.
        EVP_PKEY* tmp = nullptr;
        if (SSL_get_peer_tmp_key(m_ssl, &tmp) == 1 && tmp)
        {
            info.group = std::string(EVP_PKEY_get0_type_name(tmp)) + "-" +
                         std::to_string(EVP_PKEY_get_bits(tmp));
            EVP_PKEY_free(tmp);
        }
        else if (SSL_get_tmp_key(m_ssl, &tmp) == 1 && tmp)
        {
            info.group = std::string(EVP_PKEY_get0_type_name(tmp)) + "-" +
                         std::to_string(EVP_PKEY_get_bits(tmp));
            EVP_PKEY_free(tmp);
        }
    }
    info.resumed = SSL_session_reused(m_ssl) == 1;
    if (info.resumed)
    {
        if (info.version == "1.3")
        {
            info.resumption = "psk";
        }
        else if (m_role == TlsRole::SERVER)
        {
            info.resumption = m_ticketUsed ? "ticket" : "session-id";
        }
        else
        {
            SSL_SESSION* session = SSL_get_session(m_ssl);
            info.resumption = session && SSL_SESSION_has_ticket(session) ? "ticket" : "session-id";
        }
    }
    switch (SSL_get_early_data_status(m_ssl))
    {
    case SSL_EARLY_DATA_ACCEPTED:
        info.earlyData = "accepted";
        break;
    case SSL_EARLY_DATA_REJECTED:
        info.earlyData = "rejected";
        break;
    default:
        info.earlyData = "none";
        break;
    }
    X509* peer = SSL_get0_peer_certificate(m_ssl);
    if (peer)
    {
        char buf[256];
        X509_NAME_oneline(X509_get_subject_name(peer), buf, sizeof(buf));
        info.peerCertificate = buf;
    }
    if (!info.resumed && SSL_is_init_finished(m_ssl))
    {
        info.signature = ServerSignatureName(m_ssl, m_role);
    }
    info.serverFlightBytes = m_flightBytes;
    info.clientHelloBytes = m_clientHelloBytes;
    return info;
}

std::string
OpenSslEngine::GetError() const
{
    return m_error;
}

std::string
OpenSslEngine::GetHandshakeState() const
{
    return m_ssl ? SSL_state_string_long(m_ssl) : m_final->state;
}

void
OpenSslEngine::MessageCallback(int writeP,
                               int /* version */,
                               int contentType,
                               const void* buf,
                               size_t len,
                               SSL* /* ssl */,
                               void* arg)
{
    auto engine = static_cast<OpenSslEngine*>(arg);
    auto bytes = static_cast<const uint8_t*>(buf);
    bool sent = writeP != 0;
    // The server's flight: OpenSSL reports a record's header before the handshake
    // messages it carries (read and write alike), so the flight starts with the
    // record that held the ServerHello and ends with the one that held its last
    // message.
    bool fromServer = sent == (engine->m_role == TlsRole::SERVER);
    if (contentType == SSL3_RT_HEADER && len >= 5)
    {
        engine->m_lastRecord[sent] = 5 + (bytes[3] << 8 | bytes[4]);
        if (engine->m_inFlight && fromServer)
        {
            engine->m_flightBytes += engine->m_lastRecord[sent];
        }
    }
    else if (contentType == SSL3_RT_HANDSHAKE && len >= 1 && !fromServer &&
             bytes[0] == SSL3_MT_CLIENT_HELLO && engine->m_clientHelloBytes == 0)
    {
        engine->m_clientHelloBytes = engine->m_lastRecord[sent];
    }
    else if (contentType == SSL3_RT_HANDSHAKE && len >= 1 && fromServer)
    {
        if (bytes[0] == SSL3_MT_SERVER_HELLO &&
            !(len >= 38 &&
              std::memcmp(bytes + 6, g_helloRetryRandom, sizeof(g_helloRetryRandom)) == 0))
        {
            engine->m_inFlight = true;
            engine->m_flightBytes = engine->m_lastRecord[sent];
        }
        if (bytes[0] == SSL3_MT_FINISHED || bytes[0] == SSL3_MT_SERVER_DONE)
        {
            engine->m_inFlight = false;
        }
    }
    if (!engine->m_observer)
    {
        return;
    }
    switch (contentType)
    {
    case SSL3_RT_HEADER:
        if (len >= 5)
        {
            auto length = static_cast<uint16_t>(bytes[3] << 8 | bytes[4]);
            engine->m_observer->OnRecord(sent, bytes[0], length);
            // ChangeCipherSpec travels as its own plaintext record. OpenSSL 3.0 reports
            // a received one only through its record header, so both directions are
            // taken from there.
            if (bytes[0] == SSL3_RT_CHANGE_CIPHER_SPEC)
            {
                engine->m_observer->OnMessage(sent, TlsMessage::CHANGE_CIPHER_SPEC, length);
            }
        }
        break;
    case SSL3_RT_ALERT:
        if (len >= 2)
        {
            engine->m_observer->OnAlert(sent, bytes[0], bytes[1]);
        }
        break;
    case SSL3_RT_HANDSHAKE:
        if (len >= 1)
        {
            TlsMessage msg = TlsMessageFromHandshakeType(bytes[0]);
            if (msg == TlsMessage::SERVER_HELLO && len >= 38 &&
                std::memcmp(bytes + 6, g_helloRetryRandom, sizeof(g_helloRetryRandom)) == 0)
            {
                msg = TlsMessage::HELLO_RETRY_REQUEST;
            }
            engine->m_observer->OnMessage(sent, msg, static_cast<uint32_t>(len));
        }
        break;
    default:
        break; // inner content types and other pseudo types
    }
}

} // namespace ns3
