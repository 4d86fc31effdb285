/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Measures the public-key operations of TLS handshakes on this host with OpenSSL's
// EVP API, single-threaded, as the median of N runs on the monotonic clock:
// sign and verify for each certificate key type, key generation and key derivation
// for each key exchange group, and RSA key transport (encrypt, decrypt); with
// OpenSSL >= 3.5 also ML-DSA and SLH-DSA sign / verify, and for the ML-KEM and
// hybrid groups the client's keygen and decapsulation ("derive") and the server's
// encapsulation ("encaps"). Prints a
// table and writes a CSV that TlsCpu reads (attribute CostTable):
//
//   ./build/examples/tls-cpu-calibrate --output=costs.csv
//   ./build/examples/tls-cpu-calibrate --rounds=3 --iterations=301 --budget=0.6 --output=costs.csv
//   ./build/examples/tls-cpu-calibrate --handshakes
//
// --rounds=3 keeps each operation's lowest median of three rounds: robust on a shared
// or virtual host. --handshakes also measures whole in-memory handshakes and shows
// which share of their CPU time the table's operations account for.
//
// Each operation does what libssl does for it: a signature is EVP_DigestSignInit
// plus EVP_DigestSign over a handshake-sized message (RSA-PSS as in TLS 1.3),
// key generation is EVP_PKEY_keygen for the group plus encoding the public key
// share, derivation decodes the peer's share, checks it (EVP_PKEY_derive_set_peer)
// and derives the secret.

#include "ns3/command-line.h"
#include "ns3/tls-command-line.h"
#include "ns3/tls-cpu.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <iostream>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sstream>
#include <string>
#include <time.h>
#include <vector>

using namespace ns3;

namespace
{

/// How many runs of an operation.
struct Budget
{
    uint32_t iterations{201};  //!< at most this many timed runs
    uint32_t minIterations{7}; //!< at least this many, whatever the time
    double seconds{0.4};       //!< stop after this much time once minIterations are done
};

/// One measured operation.
struct Result
{
    std::string operation; //!< sign, verify, keygen, derive, rsa-encrypt, rsa-decrypt
    std::string algorithm; //!< key type or group
    double medianUs{0};    //!< median, microseconds
    double minUs{0};       //!< fastest run, microseconds
    double cpuUs{0};       //!< median thread CPU time, microseconds
    uint32_t runs{0};      //!< timed runs
};

/**
 * Stop with OpenSSL's error queue.
 * \param what what failed
 */
[[noreturn]] void
Fail(const std::string& what)
{
    std::cerr << "tls-cpu-calibrate: " << what << " failed:";
    unsigned long e;
    while ((e = ERR_get_error()) != 0)
    {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof(buf));
        std::cerr << " " << buf;
    }
    std::cerr << std::endl;
    std::exit(1);
}

/**
 * \param ok an OpenSSL result
 * \param what what was done
 */
void
Check(bool ok, const std::string& what)
{
    if (!ok)
    {
        Fail(what);
    }
}

/// \return the CPU time of this thread, microseconds
double
ThreadCpuUs()
{
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/**
 * \param samples values (sorted in place)
 * \return their median
 */
double
Median(std::vector<double>& samples)
{
    std::sort(samples.begin(), samples.end());
    const size_t n = samples.size();
    return n % 2 == 1 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
}

/**
 * Time an operation.
 * \param budget how many runs
 * \param op the operation (one run)
 * \param operation its operation name
 * \param algorithm its algorithm name
 * \return the result
 */
Result
Measure(const Budget& budget,
        const std::function<void()>& op,
        const std::string& operation,
        const std::string& algorithm)
{
    using Clock = std::chrono::steady_clock;
    // Warm up: caches, lazily computed tables (e.g. Montgomery contexts).
    op();
    op();
    std::vector<double> wall;
    std::vector<double> cpu;
    const Clock::time_point begin = Clock::now();
    while (wall.size() < budget.iterations)
    {
        const double c0 = ThreadCpuUs();
        const Clock::time_point t0 = Clock::now();
        op();
        const Clock::time_point t1 = Clock::now();
        const double c1 = ThreadCpuUs();
        wall.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
        cpu.push_back(c1 - c0);
        const double spent = std::chrono::duration<double>(t1 - begin).count();
        if (wall.size() >= budget.minIterations && spent > budget.seconds)
        {
            break;
        }
    }
    Result r;
    r.operation = operation;
    r.algorithm = algorithm;
    r.runs = wall.size();
    r.medianUs = Median(wall);
    r.minUs = wall.front();
    r.cpuUs = Median(cpu);
    return r;
}

/// A certificate key type and how to make and use it.
struct KeyTypeSpec
{
    std::string name;   //!< TlsContext key type name
    std::string type;   //!< EVP_PKEY type: RSA, EC, ED25519
    std::string param;  //!< bits (RSA) or curve (EC)
    const char* digest; //!< signature digest, nullptr for Ed25519
};

/**
 * \param spec a key type
 * \return a new key of that type
 */
EVP_PKEY*
MakeSigningKey(const KeyTypeSpec& spec)
{
    EVP_PKEY* key = nullptr;
    if (spec.type == "RSA")
    {
        key =
            EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(std::stoul(spec.param)));
    }
    else if (spec.type == "EC")
    {
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", spec.param.c_str());
    }
    else
    {
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, spec.type.c_str());
    }
    Check(key != nullptr, "key generation for " + spec.name);
    return key;
}

/**
 * Sign as libssl does for CertificateVerify / ServerKeyExchange.
 * \param spec the key type
 * \param key the private key
 * \param msg the message
 * \return the signature
 */
std::vector<unsigned char>
Sign(const KeyTypeSpec& spec, EVP_PKEY* key, const std::vector<unsigned char>& msg)
{
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    Check(md && EVP_DigestSignInit_ex(md, &pctx, spec.digest, nullptr, nullptr, key, nullptr) == 1,
          "EVP_DigestSignInit " + spec.name);
    if (spec.type == "RSA")
    {
        Check(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
                  EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) > 0,
              "RSA-PSS parameters");
    }
    size_t len = 0;
    Check(EVP_DigestSign(md, nullptr, &len, msg.data(), msg.size()) == 1, "EVP_DigestSign size");
    std::vector<unsigned char> sig(len);
    Check(EVP_DigestSign(md, sig.data(), &len, msg.data(), msg.size()) == 1,
          "EVP_DigestSign " + spec.name);
    sig.resize(len);
    EVP_MD_CTX_free(md);
    return sig;
}

/**
 * Verify as libssl does.
 * \param spec the key type
 * \param key the public key
 * \param msg the message
 * \param sig the signature
 */
void
Verify(const KeyTypeSpec& spec,
       EVP_PKEY* key,
       const std::vector<unsigned char>& msg,
       const std::vector<unsigned char>& sig)
{
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    Check(md &&
              EVP_DigestVerifyInit_ex(md, &pctx, spec.digest, nullptr, nullptr, key, nullptr) == 1,
          "EVP_DigestVerifyInit " + spec.name);
    if (spec.type == "RSA")
    {
        Check(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
                  EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) > 0,
              "RSA-PSS parameters");
    }
    Check(EVP_DigestVerify(md, sig.data(), sig.size(), msg.data(), msg.size()) == 1,
          "EVP_DigestVerify " + spec.name);
    EVP_MD_CTX_free(md);
}

/**
 * RSA key transport, client side: encrypt the 48-byte premaster secret (PKCS#1 v1.5).
 * \param key the server's public key
 * \param pms the premaster secret
 * \return the ciphertext
 */
std::vector<unsigned char>
RsaEncrypt(EVP_PKEY* key, const std::vector<unsigned char>& pms)
{
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr);
    Check(ctx && EVP_PKEY_encrypt_init(ctx) == 1 &&
              EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0,
          "EVP_PKEY_encrypt_init");
    size_t len = 0;
    Check(EVP_PKEY_encrypt(ctx, nullptr, &len, pms.data(), pms.size()) == 1, "encrypt size");
    std::vector<unsigned char> out(len);
    Check(EVP_PKEY_encrypt(ctx, out.data(), &len, pms.data(), pms.size()) == 1, "EVP_PKEY_encrypt");
    out.resize(len);
    EVP_PKEY_CTX_free(ctx);
    return out;
}

/**
 * RSA key transport, server side: decrypt the premaster secret.
 * \param key the server's private key
 * \param ct the ciphertext
 */
void
RsaDecrypt(EVP_PKEY* key, const std::vector<unsigned char>& ct)
{
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr);
    Check(ctx && EVP_PKEY_decrypt_init(ctx) == 1 &&
              EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0,
          "EVP_PKEY_decrypt_init");
    unsigned char out[1024];
    size_t len = sizeof(out);
    Check(EVP_PKEY_decrypt(ctx, out, &len, ct.data(), ct.size()) == 1 && len == 48,
          "EVP_PKEY_decrypt");
    EVP_PKEY_CTX_free(ctx);
}

/// A key exchange group.
struct GroupSpec
{
    std::string name;      //!< TLS group name (TlsCpu canonical name)
    std::string algorithm; //!< EVP_PKEY type: X25519, X448, EC, DH
    std::string realName;  //!< group name for EVP_PKEY_CTX_set_group_name, "" if none
};

/**
 * Generate a key share as libssl does (ssl_generate_pkey_group), and encode it.
 * \param g the group
 * \param encoded the encoded public key, if not null
 * \return the key
 */
EVP_PKEY*
GenerateShare(const GroupSpec& g, std::vector<unsigned char>* encoded)
{
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, g.algorithm.c_str(), nullptr);
    Check(ctx && EVP_PKEY_keygen_init(ctx) == 1, "EVP_PKEY_keygen_init " + g.name);
    if (!g.realName.empty())
    {
        Check(EVP_PKEY_CTX_set_group_name(ctx, g.realName.c_str()) == 1,
              "EVP_PKEY_CTX_set_group_name " + g.name);
    }
    EVP_PKEY* key = nullptr;
    Check(EVP_PKEY_generate(ctx, &key) == 1, "EVP_PKEY_generate " + g.name);
    EVP_PKEY_CTX_free(ctx);
    unsigned char* pub = nullptr;
    size_t len = EVP_PKEY_get1_encoded_public_key(key, &pub);
    Check(len > 0, "EVP_PKEY_get1_encoded_public_key " + g.name);
    if (encoded)
    {
        encoded->assign(pub, pub + len);
    }
    OPENSSL_free(pub);
    return key;
}

/**
 * Derive the shared secret from our key and the peer's encoded share, as libssl
 * does: a key of the group's parameters (ssl_generate_param_group) takes the
 * encoded share, then EVP_PKEY_derive_set_peer (which checks the peer key) and
 * EVP_PKEY_derive.
 * \param g the group
 * \param own our key
 * \param peerShare the peer's encoded public key
 */
void
Derive(const GroupSpec& g, EVP_PKEY* own, const std::vector<unsigned char>& peerShare)
{
    EVP_PKEY* peer = nullptr;
    if (g.realName.empty())
    {
        // X25519, X448: no domain parameters.
        peer = EVP_PKEY_new_raw_public_key_ex(nullptr,
                                              g.algorithm.c_str(),
                                              nullptr,
                                              peerShare.data(),
                                              peerShare.size());
        Check(peer != nullptr, "peer key " + g.name);
    }
    else
    {
        EVP_PKEY_CTX* pctx = EVP_PKEY_CTX_new_from_name(nullptr, g.algorithm.c_str(), nullptr);
        Check(pctx && EVP_PKEY_paramgen_init(pctx) == 1 &&
                  EVP_PKEY_CTX_set_group_name(pctx, g.realName.c_str()) == 1 &&
                  EVP_PKEY_paramgen(pctx, &peer) == 1,
              "parameters " + g.name);
        EVP_PKEY_CTX_free(pctx);
        Check(EVP_PKEY_set1_encoded_public_key(peer, peerShare.data(), peerShare.size()) == 1,
              "EVP_PKEY_set1_encoded_public_key " + g.name);
    }
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, own, nullptr);
    Check(ctx && EVP_PKEY_derive_init(ctx) == 1, "EVP_PKEY_derive_init " + g.name);
    Check(EVP_PKEY_derive_set_peer(ctx, peer) == 1, "EVP_PKEY_derive_set_peer " + g.name);
    size_t len = 0;
    Check(EVP_PKEY_derive(ctx, nullptr, &len) == 1, "derive size");
    std::vector<unsigned char> secret(len);
    Check(EVP_PKEY_derive(ctx, secret.data(), &len) == 1, "EVP_PKEY_derive " + g.name);
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(peer);
}

/// A key encapsulation group (OpenSSL >= 3.5): ML-KEM or a hybrid.
struct KemSpec
{
    std::string name;      //!< TlsCpu canonical name
    std::string algorithm; //!< OpenSSL KEM algorithm (key management) name
};

/**
 * \param algorithm an OpenSSL key algorithm name
 * \return true if the OpenSSL in use has it (asked at run time)
 */
bool
HasAlgorithm(const std::string& algorithm)
{
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, algorithm.c_str(), nullptr);
    EVP_PKEY_CTX_free(ctx);
    ERR_clear_error();
    return ctx != nullptr;
}

/**
 * The client's key share of a KEM group: a key pair and its encoded public key,
 * as libssl generates it.
 * \param k the group
 * \param encoded the encoded public key, if not null
 * \return the key
 */
EVP_PKEY*
KemKeygen(const KemSpec& k, std::vector<unsigned char>* encoded)
{
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, k.algorithm.c_str());
    Check(key != nullptr, "keygen " + k.name);
    unsigned char* pub = nullptr;
    size_t len = EVP_PKEY_get1_encoded_public_key(key, &pub);
    Check(len > 0, "EVP_PKEY_get1_encoded_public_key " + k.name);
    if (encoded)
    {
        encoded->assign(pub, pub + len);
    }
    OPENSSL_free(pub);
    return key;
}

/**
 * The server's side of a KEM group, as libssl does it: a key of the group
 * (ssl_generate_param_group) takes the client's encoded share, then
 * EVP_PKEY_encapsulate gives the ciphertext and the secret.
 * \param k the group
 * \param peerShare the client's encoded public key
 * \param ct the ciphertext, if not null
 */
void
KemEncapsulate(const KemSpec& k,
               const std::vector<unsigned char>& peerShare,
               std::vector<unsigned char>* ct)
{
    EVP_PKEY* peer = nullptr;
    EVP_PKEY_CTX* pctx = EVP_PKEY_CTX_new_from_name(nullptr, k.algorithm.c_str(), nullptr);
    Check(pctx && EVP_PKEY_paramgen_init(pctx) == 1 && EVP_PKEY_paramgen(pctx, &peer) == 1,
          "parameters " + k.name);
    EVP_PKEY_CTX_free(pctx);
    Check(EVP_PKEY_set1_encoded_public_key(peer, peerShare.data(), peerShare.size()) == 1,
          "EVP_PKEY_set1_encoded_public_key " + k.name);
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, peer, nullptr);
    size_t ctLen = 0;
    size_t secretLen = 0;
    Check(ctx && EVP_PKEY_encapsulate_init(ctx, nullptr) == 1 &&
              EVP_PKEY_encapsulate(ctx, nullptr, &ctLen, nullptr, &secretLen) == 1,
          "EVP_PKEY_encapsulate_init " + k.name);
    std::vector<unsigned char> out(ctLen);
    std::vector<unsigned char> secret(secretLen);
    Check(EVP_PKEY_encapsulate(ctx, out.data(), &ctLen, secret.data(), &secretLen) == 1,
          "EVP_PKEY_encapsulate " + k.name);
    if (ct)
    {
        out.resize(ctLen);
        *ct = out;
    }
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(peer);
}

/**
 * The client's decapsulation of the server's ciphertext.
 * \param k the group
 * \param own the client's key
 * \param ct the ciphertext
 */
void
KemDecapsulate(const KemSpec& k, EVP_PKEY* own, const std::vector<unsigned char>& ct)
{
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, own, nullptr);
    size_t secretLen = 0;
    Check(ctx && EVP_PKEY_decapsulate_init(ctx, nullptr) == 1 &&
              EVP_PKEY_decapsulate(ctx, nullptr, &secretLen, ct.data(), ct.size()) == 1,
          "EVP_PKEY_decapsulate_init " + k.name);
    std::vector<unsigned char> secret(secretLen);
    Check(EVP_PKEY_decapsulate(ctx, secret.data(), &secretLen, ct.data(), ct.size()) == 1,
          "EVP_PKEY_decapsulate " + k.name);
    EVP_PKEY_CTX_free(ctx);
}

/**
 * Move the bytes each side wrote to the other side.
 * \param a network end of one side's BIO pair
 * \param b network end of the other's
 */
void
Pump(BIO* a, BIO* b)
{
    char buf[16384];
    int n;
    while ((n = BIO_read(a, buf, sizeof(buf))) > 0)
    {
        BIO_write(b, buf, n);
    }
    while ((n = BIO_read(b, buf, sizeof(buf))) > 0)
    {
        BIO_write(a, buf, n);
    }
}

/**
 * CPU time of complete handshakes between two SSL objects in memory (both sides in
 * this thread): a self-signed certificate that the client trusts, groups x25519 and
 * P-256, the client verifies the server.
 * \param keyType "p256" or "rsa2048"
 * \param version TLS1_2_VERSION or TLS1_3_VERSION
 * \param resume resume a TLS 1.2 session (session id) instead of full handshakes
 * \param budget how many runs
 * \return the median thread CPU time of one handshake, microseconds
 */
double
MeasureHandshake(const std::string& keyType, int version, bool resume, const Budget& budget)
{
    EVP_PKEY* key = keyType == "rsa2048"
                        ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048))
                        : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    X509* cert = X509_new();
    Check(key && cert, "handshake key");
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name,
                               "CN",
                               MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("server"),
                               -1,
                               -1,
                               0);
    X509_set_issuer_name(cert, name);
    Check(X509_sign(cert, key, EVP_sha256()) > 0, "X509_sign");

    SSL_CTX* server = SSL_CTX_new(TLS_server_method());
    SSL_CTX* client = SSL_CTX_new(TLS_client_method());
    Check(server && client && SSL_CTX_use_certificate(server, cert) == 1 &&
              SSL_CTX_use_PrivateKey(server, key) == 1,
          "SSL_CTX");
    SSL_CTX_set_min_proto_version(server, version);
    SSL_CTX_set_max_proto_version(server, version);
    SSL_CTX_set_max_proto_version(client, version);
    SSL_CTX_set1_groups_list(server, "X25519:P-256");
    SSL_CTX_set1_groups_list(client, "X25519:P-256");
    X509_STORE_add_cert(SSL_CTX_get_cert_store(client), cert);
    SSL_CTX_set_verify(client, SSL_VERIFY_PEER, nullptr);

    SSL_SESSION* session = nullptr;
    std::vector<double> samples;
    const double begin = ThreadCpuUs();
    for (int i = -2; i < static_cast<int>(budget.iterations); ++i)
    {
        SSL* c = SSL_new(client);
        SSL* s = SSL_new(server);
        BIO* cInner = nullptr;
        BIO* cNet = nullptr;
        BIO* sInner = nullptr;
        BIO* sNet = nullptr;
        Check(c && s && BIO_new_bio_pair(&cInner, 0, &cNet, 0) == 1 &&
                  BIO_new_bio_pair(&sInner, 0, &sNet, 0) == 1,
              "SSL_new");
        SSL_set_bio(c, cInner, cInner);
        SSL_set_bio(s, sInner, sInner);
        if (resume && session)
        {
            SSL_set_session(c, session);
        }
        SSL_set_connect_state(c);
        SSL_set_accept_state(s);
        const double t0 = ThreadCpuUs();
        bool cDone = false;
        bool sDone = false;
        for (int k = 0; k < 20 && !(cDone && sDone); ++k)
        {
            cDone = cDone || SSL_do_handshake(c) == 1;
            sDone = sDone || SSL_do_handshake(s) == 1;
            Pump(cNet, sNet);
        }
        char buf[16];
        SSL_read(c, buf, sizeof(buf)); // TLS 1.3: take the session tickets
        const double t1 = ThreadCpuUs();
        Check(cDone && sDone, "in-memory handshake");
        if (resume && !session)
        {
            session = SSL_get1_session(c);
        }
        else if (resume)
        {
            Check(SSL_session_reused(c) == 1, "session resumption");
        }
        if (i >= 0)
        {
            samples.push_back(t1 - t0);
        }
        SSL_set_shutdown(c, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
        SSL_set_shutdown(s, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
        SSL_free(c);
        SSL_free(s);
        BIO_free(cNet);
        BIO_free(sNet);
        if (samples.size() >= budget.minIterations && ThreadCpuUs() - begin > budget.seconds * 1e6)
        {
            break;
        }
    }
    SSL_SESSION_free(session);
    SSL_CTX_free(server);
    SSL_CTX_free(client);
    X509_free(cert);
    EVP_PKEY_free(key);
    return Median(samples);
}

/// \return the host's CPU model (from /proc/cpuinfo)
std::string
CpuModel()
{
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    std::string model = "unknown CPU";
    std::string family;
    std::string number;
    int processors = 0;
    while (std::getline(in, line))
    {
        size_t colon = line.find(':');
        if (colon == std::string::npos)
        {
            continue;
        }
        std::string key = line.substr(0, line.find_last_not_of(" \t", colon - 1) + 1);
        std::string value = colon + 2 <= line.size() ? line.substr(colon + 2) : "";
        if (key == "processor")
        {
            ++processors;
        }
        else if (key == "model name" && processors == 1)
        {
            model = value;
        }
        else if (key == "cpu family" && processors == 1)
        {
            family = value;
        }
        else if (key == "model" && processors == 1)
        {
            number = value;
        }
    }
    std::ostringstream os;
    os << model;
    if (!family.empty())
    {
        os << " (family " << family << " model " << number << ")";
    }
    os << ", " << processors << " logical CPUs";
    return os.str();
}

/// \return the current UTC date
std::string
Today()
{
    std::time_t now = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof(buf), "%Y-%m-%d", std::gmtime(&now));
    return buf;
}

} // namespace

int
main(int argc, char* argv[])
{
    Budget budget;
    std::string output;
    bool cpp = false;
    std::string clock = "monotonic";
    uint32_t rounds = 1;
    bool handshakes = false;

    auto count = [](uint32_t* target) {
        return [target](const std::string& v) -> std::string {
            uint64_t n = 0;
            if (!TlsCommandLine::ParseUnsigned(v, &n) || n < 1 || n > 1000000)
            {
                return "expected a whole number from 1 to 1000000";
            }
            *target = static_cast<uint32_t>(n);
            return "";
        };
    };
    auto flag = [](bool* target) {
        return [target](const std::string& v) -> std::string {
            return TlsCommandLine::ParseBool(v, target) ? "" : "expected true or false";
        };
    };
    TlsCommandLine cmd("tls-cpu-calibrate",
                       "Measures the public-key operations of TLS handshakes on this host "
                       "(OpenSSL EVP, one thread, median of the runs) and writes the CSV that "
                       "the TlsCpu attribute CostTable reads.");
    cmd.AddOption("iterations",
                  "Timed runs per operation (at most)",
                  std::to_string(budget.iterations),
                  count(&budget.iterations));
    cmd.AddOption("minIterations",
                  "Timed runs per operation (at least)",
                  std::to_string(budget.minIterations),
                  count(&budget.minIterations));
    cmd.AddOption("budget",
                  "Seconds per operation after which it stops (once minIterations are done)",
                  "0.4",
                  [&budget](const std::string& v) -> std::string {
                      double d = 0;
                      if (!TlsCommandLine::ParseDouble(v, &d) || d <= 0 || d > 86400)
                      {
                          return "expected a number of seconds more than 0, at most 86400";
                      }
                      budget.seconds = d;
                      return "";
                  });
    cmd.AddOption("rounds",
                  "Measure everything this many times and keep each operation's lowest "
                  "median (robust against intermittent load from other processes)",
                  "1",
                  count(&rounds));
    cmd.AddOption("output",
                  "Write the cost table (CSV) to this file",
                  "",
                  [&output](const std::string& v) -> std::string {
                      std::string why = TlsCommandLine::CheckWritable(v);
                      if (!why.empty())
                      {
                          return "expected a file that can be written: " + why;
                      }
                      output = v;
                      return "";
                  });
    cmd.AddOption("clock",
                  "Clock of the written medians: monotonic (wall time of the thread) or thread "
                  "(its CPU time, robust on a busy host)",
                  clock,
                  [&clock](const std::string& v) -> std::string {
                      if (v != "monotonic" && v != "thread")
                      {
                          return "expected monotonic or thread";
                      }
                      clock = v;
                      return "";
                  });
    cmd.AddOption("handshakes",
                  "Also measure whole in-memory handshakes and the share of their CPU time "
                  "that the table's operations account for",
                  "false",
                  flag(&handshakes));
    cmd.AddOption("cpp",
                  "Also print the table as C++ initializers (for tls-cpu.cc)",
                  "false",
                  flag(&cpp));
    cmd.RefuseAttributes("tls-cpu-calibrate builds no ns-3 object (it times OpenSSL alone)");
    cmd.Parse(argc, argv);
    if (budget.iterations < 1 || budget.minIterations < 1 ||
        budget.minIterations > budget.iterations)
    {
        cmd.Fail("option --minIterations has invalid value '" +
                 std::to_string(budget.minIterations) + "' (expected at most --iterations, " +
                 std::to_string(budget.iterations) + ")");
    }

    std::ostringstream command;
    for (int i = 0; i < argc; ++i)
    {
        command << (i ? " " : "") << argv[i];
    }
    const std::string machine = CpuModel();
    const std::string library = OpenSSL_version(OPENSSL_VERSION);
    std::cout << "# host: " << machine << "\n# library: " << library << "\n# date: " << Today()
              << "\n# command: " << command.str() << std::endl;

    // Handshake-sized signed content: a TLS 1.3 CertificateVerify input is 64
    // spaces, a context string, a zero byte and the transcript hash.
    std::vector<unsigned char> msg(130);
    for (size_t i = 0; i < msg.size(); ++i)
    {
        msg[i] = static_cast<unsigned char>(i * 7 + 1);
    }
    std::vector<unsigned char> pms(48, 0x03);

    std::vector<KeyTypeSpec> keyTypes = {
        {"rsa2048", "RSA", "2048", "SHA256"},
        {"rsa3072", "RSA", "3072", "SHA256"},
        {"rsa4096", "RSA", "4096", "SHA256"},
        {"p256", "EC", "P-256", "SHA256"},
        {"p384", "EC", "P-384", "SHA384"},
        {"ed25519", "ED25519", "", nullptr},
    };
    // Post-quantum signatures and key encapsulation, where the OpenSSL in use has
    // them (>= 3.5). They sign the message itself (no digest), as in TLS 1.3.
    for (const KeyTypeSpec& pq : std::vector<KeyTypeSpec>{
             {"mldsa44", "ML-DSA-44", "", nullptr},
             {"mldsa65", "ML-DSA-65", "", nullptr},
             {"mldsa87", "ML-DSA-87", "", nullptr},
             {"slhdsa-sha2-128s", "SLH-DSA-SHA2-128s", "", nullptr},
             {"slhdsa-sha2-128f", "SLH-DSA-SHA2-128f", "", nullptr},
         })
    {
        if (HasAlgorithm(pq.type))
        {
            keyTypes.push_back(pq);
        }
    }
    std::vector<KemSpec> kems;
    for (const KemSpec& k : std::vector<KemSpec>{
             {"mlkem512", "ML-KEM-512"},
             {"mlkem768", "ML-KEM-768"},
             {"mlkem1024", "ML-KEM-1024"},
             {"x25519mlkem768", "X25519MLKEM768"},
             {"secp256r1mlkem768", "SecP256r1MLKEM768"},
             {"secp384r1mlkem1024", "SecP384r1MLKEM1024"},
         })
    {
        if (HasAlgorithm(k.algorithm))
        {
            kems.push_back(k);
        }
    }
    if (kems.empty())
    {
        std::cout << "# no ML-KEM / ML-DSA in this OpenSSL (>= 3.5 has them): not measured"
                  << std::endl;
    }
    const std::vector<GroupSpec> groups = {
        {"x25519", "X25519", ""},
        {"x448", "X448", ""},
        {"secp256r1", "EC", "P-256"},
        {"secp384r1", "EC", "P-384"},
        {"secp521r1", "EC", "P-521"},
        {"ffdhe2048", "DH", "ffdhe2048"},
        {"ffdhe3072", "DH", "ffdhe3072"},
        {"ffdhe4096", "DH", "ffdhe4096"},
        {"ffdhe6144", "DH", "ffdhe6144"},
        {"ffdhe8192", "DH", "ffdhe8192"},
    };

    // The best (lowest) median of each operation over the rounds, in measuring order.
    std::vector<Result> results;
    auto value = [&clock](const Result& r) { return clock == "thread" ? r.cpuUs : r.medianUs; };
    auto print = [](const Result& r) {
        std::printf("%-12s %-10s %12.2f %12.2f %12.2f %6u%s\n",
                    r.operation.c_str(),
                    r.algorithm.c_str(),
                    r.medianUs,
                    r.minUs,
                    r.cpuUs,
                    r.runs,
                    r.medianUs > 1.1 * r.cpuUs ? "  busy host?" : "");
        std::fflush(stdout);
    };
    auto report = [&results, &value, &print](const Result& r) {
        print(r);
        for (auto& best : results)
        {
            if (best.operation == r.operation && best.algorithm == r.algorithm)
            {
                if (value(r) < value(best))
                {
                    best = r;
                }
                return;
            }
        }
        results.push_back(r);
    };
    auto header = []() {
        std::printf("%-12s %-10s %12s %12s %12s %6s\n",
                    "operation",
                    "algorithm",
                    "median us",
                    "min us",
                    "cpu us",
                    "runs");
    };

    for (uint32_t round = 1; round <= rounds; ++round)
    {
        if (rounds > 1)
        {
            std::printf("round %u of %u\n", round, rounds);
        }
        header();
        for (const auto& spec : keyTypes)
        {
            EVP_PKEY* key = MakeSigningKey(spec);
            std::vector<unsigned char> sig = Sign(spec, key, msg);
            report(Measure(
                budget,
                [&]() { Sign(spec, key, msg); },
                "sign",
                spec.name));
            report(Measure(
                budget,
                [&]() { Verify(spec, key, msg, sig); },
                "verify",
                spec.name));
            if (spec.type == "RSA")
            {
                std::vector<unsigned char> ct = RsaEncrypt(key, pms);
                report(Measure(
                    budget,
                    [&]() { RsaEncrypt(key, pms); },
                    "rsa-encrypt",
                    spec.name));
                report(Measure(
                    budget,
                    [&]() { RsaDecrypt(key, ct); },
                    "rsa-decrypt",
                    spec.name));
            }
            EVP_PKEY_free(key);
        }
        for (const auto& g : groups)
        {
            report(Measure(
                budget,
                [&]() { EVP_PKEY_free(GenerateShare(g, nullptr)); },
                "keygen",
                g.name));
            std::vector<unsigned char> peerShare;
            EVP_PKEY* peer = GenerateShare(g, &peerShare);
            EVP_PKEY* own = GenerateShare(g, nullptr);
            report(Measure(
                budget,
                [&]() { Derive(g, own, peerShare); },
                "derive",
                g.name));
            EVP_PKEY_free(own);
            EVP_PKEY_free(peer);
        }
        for (const auto& k : kems)
        {
            // Client: keygen (its share), derive (decapsulation); server: encaps.
            report(Measure(
                budget,
                [&]() { EVP_PKEY_free(KemKeygen(k, nullptr)); },
                "keygen",
                k.name));
            std::vector<unsigned char> share;
            std::vector<unsigned char> ct;
            EVP_PKEY* own = KemKeygen(k, &share);
            KemEncapsulate(k, share, &ct);
            report(Measure(
                budget,
                [&]() { KemEncapsulate(k, share, nullptr); },
                "encaps",
                k.name));
            report(Measure(
                budget,
                [&]() { KemDecapsulate(k, own, ct); },
                "derive",
                k.name));
            EVP_PKEY_free(own);
        }
    }
    if (rounds > 1)
    {
        std::printf("best of %u rounds\n", rounds);
        header();
        for (const auto& r : results)
        {
            print(r);
        }
    }
    uint32_t busy = 0;
    for (const auto& r : results)
    {
        busy += r.medianUs > 1.1 * r.cpuUs ? 1 : 0;
    }

    if (busy > 0)
    {
        std::cerr << "tls-cpu-calibrate: warning: " << busy
                  << " operations took over 10% longer on the monotonic clock than on the "
                     "thread's CPU clock: the host was busy; measure on an idle host (or use "
                     "--clock=thread)"
                  << std::endl;
    }
    if (clock == "thread")
    {
        for (auto& r : results)
        {
            r.medianUs = r.cpuUs;
        }
    }

    if (handshakes)
    {
        // Public-key work of these handshakes: both sides generate and derive an
        // x25519 share, the server signs, the client verifies the signature (the
        // self-signed certificate is a trust anchor: no chain signature).
        auto us = [&results](const std::string& op, const std::string& alg) {
            for (const auto& r : results)
            {
                if (r.operation == op && r.algorithm == alg)
                {
                    return r.medianUs;
                }
            }
            return 0.0;
        };
        std::printf("\n%-36s %12s %14s %6s\n",
                    "handshake (both sides)",
                    "cpu us",
                    "table ops us",
                    "share");

        struct Case
        {
            const char* label;
            const char* keyType;
            int version;
            bool resume;
        };

        const Case cases[] = {
            {"TLS 1.3 full, p256, x25519", "p256", TLS1_3_VERSION, false},
            {"TLS 1.3 full, rsa2048, x25519", "rsa2048", TLS1_3_VERSION, false},
            {"TLS 1.2 full, p256, x25519", "p256", TLS1_2_VERSION, false},
            {"TLS 1.2 full, rsa2048, x25519", "rsa2048", TLS1_2_VERSION, false},
            {"TLS 1.2 resumed (session id)", "p256", TLS1_2_VERSION, true},
        };
        for (const auto& c : cases)
        {
            double cpu = MeasureHandshake(c.keyType, c.version, c.resume, budget);
            double table = c.resume ? 0
                                    : 2 * us("keygen", "x25519") + 2 * us("derive", "x25519") +
                                          us("sign", c.keyType) + us("verify", c.keyType);
            std::printf("%-36s %12.2f %14.2f %5.0f%%\n", c.label, cpu, table, 100 * table / cpu);
        }
    }

    if (cpp)
    {
        std::cout << "\n// C++ initializers: {operation, algorithm, microseconds}\n";
        for (const auto& r : results)
        {
            char buf[128];
            std::snprintf(buf,
                          sizeof(buf),
                          "    {\"%s\", \"%s\", %.2f},\n",
                          r.operation.c_str(),
                          r.algorithm.c_str(),
                          r.medianUs);
            std::cout << buf;
        }
    }

    if (!output.empty())
    {
        std::ofstream out(output);
        if (!out)
        {
            std::cerr << "tls-cpu-calibrate: cannot write '" << output << "'" << std::endl;
            return 1;
        }
        out << "# TlsCpu cost table: median time of one operation, microseconds (clock: " << clock
            << ")\n"
            << "# host: " << machine << "\n# library: " << library << "\n# date: " << Today()
            << "\n# command: " << command.str() << "\n"
            << "operation,algorithm,microseconds\n";
        for (const auto& r : results)
        {
            char buf[128];
            std::snprintf(buf,
                          sizeof(buf),
                          "%s,%s,%.2f\n",
                          r.operation.c_str(),
                          r.algorithm.c_str(),
                          r.medianUs);
            out << buf;
        }
        out.close();
        if (!out)
        {
            std::cerr << "tls-cpu-calibrate: cannot write '" << output << "'" << std::endl;
            return 1;
        }
        // The file must load as a CostTable.
        TlsCpuCostTable table;
        std::string error = TlsCpuParseCostTable(output, table);
        if (!error.empty())
        {
            std::cerr << "tls-cpu-calibrate: " << error << std::endl;
            return 1;
        }
        std::cout << "wrote " << table.size() << " entries to " << output << std::endl;
    }
    return 0;
}
