/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_CREDENTIALS_H
#define TLS_CREDENTIALS_H

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

typedef struct x509_st X509;
typedef struct evp_pkey_st EVP_PKEY;

namespace ns3
{

/**
 * \ingroup tls
 * Public-key algorithm of a generated certificate hierarchy.
 */
enum class TlsKeyType
{
    RSA2048,
    RSA3072,
    RSA4096,
    ECDSA_P256,
    ECDSA_P384,
    ED25519,
    ML_DSA_44,         //!< FIPS 204 ML-DSA-44 (OpenSSL >= 3.5)
    ML_DSA_65,         //!< FIPS 204 ML-DSA-65 (OpenSSL >= 3.5)
    ML_DSA_87,         //!< FIPS 204 ML-DSA-87 (OpenSSL >= 3.5)
    SLH_DSA_SHA2_128S, //!< FIPS 205 SLH-DSA-SHA2-128s (OpenSSL >= 3.5; CA keys only)
    SLH_DSA_SHA2_128F  //!< FIPS 205 SLH-DSA-SHA2-128f (OpenSSL >= 3.5; CA keys only)
};

/**
 * \ingroup tls
 * \param type a key type
 * \return its command-line / attribute name: rsa2048, rsa3072, rsa4096, p256, p384, ed25519,
 *         mldsa44, mldsa65, mldsa87, slhdsa-sha2-128s, slhdsa-sha2-128f
 */
std::string TlsKeyTypeName(TlsKeyType type);

/**
 * \ingroup tls
 * \return every key type name, comma separated
 * \deprecated unused by the module; the attribute checkers list the names a setting takes
 */
[[deprecated("TlsKeyTypeNames is unused and will be removed; use TlsKeyTypeName of each "
             "TlsKeyType")]] std::string
TlsKeyTypeNames();

/**
 * \ingroup tls
 * Whether the OpenSSL in use (the library loaded at run time, through its
 * providers) can generate and use keys of a type. ML-DSA and SLH-DSA need
 * OpenSSL 3.5 or later.
 * \param type a key type
 * \param[out] why if not available and not nullptr: the reason, naming the linked OpenSSL version
 * \return true if available
 */
bool TlsKeyTypeAvailable(TlsKeyType type, std::string* why = nullptr);

/**
 * \ingroup tls
 * \param type a key type
 * \return true if TLS can sign its handshakes with it (false for SLH-DSA, which
 *         has no TLS signature scheme: it can only be a CA key)
 */
bool TlsKeyTypeSignsTls(TlsKeyType type);

/**
 * \ingroup tls
 * Parse a key type name (as returned by TlsKeyTypeName, case-insensitive;
 * "ecdsa-p256" and "ecdsa-p384" are accepted too).
 * \param name the name
 * \param[out] type the key type
 * \return true if the name is known
 */
bool TlsKeyTypeFromName(const std::string& name, TlsKeyType* type);

/**
 * \ingroup tls
 * What a certificate hierarchy is generated from. Two equal specs give the
 * same hierarchy (memoised in the process, cached on disk).
 */
struct TlsPkiSpec
{
    TlsKeyType keyType{TlsKeyType::ECDSA_P256}; //!< key type of the leaf (server, client) keys
    /// key type of the CA keys (root and intermediates); equal to keyType unless mixedCa
    TlsKeyType caKeyType{TlsKeyType::ECDSA_P256};
    bool mixedCa{false}; //!< if true, the CAs use caKeyType (e.g. an ML-DSA leaf under ECDSA CAs)
    uint32_t intermediates{0}; //!< number of intermediate CAs between root and leaves (<= 64)
    int64_t notBefore{0};      //!< leaf validity start, UNIX seconds (CAs: one year earlier)
    int64_t notAfter{0};       //!< leaf validity end, UNIX seconds (CAs: one year later)
    std::string serverName{"server.tls.test"}; //!< DNS subjectAltName and CN of the server leaf
    std::string clientName{"client.tls.test"}; //!< CN and DNS subjectAltName of the client leaf
    std::string label{"ns3-tls"}; //!< distinguishes independent hierarchies (e.g. a rogue CA)
    /// seed of the generated keys and certificates: equal seeds give equal bytes, whatever
    /// the simulation's seed and run and whether the keys came from the cache
    uint64_t keySeed{1};
};

/**
 * \ingroup tls
 * One certificate hierarchy: a root CA, N intermediates, a server leaf and a
 * client leaf, all owned by this object (freed in the destructor). The CAs
 * may use another key type than the leaves (TlsPkiSpec::caKeyType).
 */
class TlsPki
{
  public:
    TlsPki() = default;
    ~TlsPki();
    TlsPki(const TlsPki&) = delete;
    TlsPki& operator=(const TlsPki&) = delete;

    X509* root{nullptr};              //!< self-signed root CA certificate
    EVP_PKEY* rootKey{nullptr};       //!< root CA key
    std::vector<X509*> intermediates; //!< intermediates, [0] signed by root, last signs leaves
    std::vector<EVP_PKEY*> intermediateKeys; //!< their keys
    X509* serverCert{nullptr};               //!< server leaf (serverAuth, SAN DNS:serverName)
    EVP_PKEY* serverKey{nullptr};            //!< server leaf key
    X509* clientCert{nullptr};               //!< client leaf (clientAuth)
    EVP_PKEY* clientKey{nullptr};            //!< client leaf key
};

/**
 * \ingroup tls
 * Return the hierarchy for a spec: from the in-process memo, else from the disk
 * cache directory, else newly generated with OpenSSL and written to the cache.
 * Keys are cached per (label, key type, key seed, role, index) so that changing the
 * validity window or the chain depth does not generate keys again; certificates are
 * cached per full spec. Writes are atomic (write to a temporary file, then rename), so
 * parallel processes may share one cache directory.
 *
 * Generation is deterministic: each key and each certificate is made by OpenSSL
 * under a random stream of its own (TlsScopedRandom) seeded by spec.keySeed and
 * what the key or certificate is, so a cold cache and a warm one give the same
 * bytes, and the simulation's OpenSSL random stream is neither read nor advanced
 * (a run does not depend on what was cached).
 *
 * Cache entries are checked before use: a regular file (never a FIFO or a device,
 * which are not opened for reading) of at most 256 KiB for a key and 4 MiB for the
 * certificates; a key of the expected type that passes OpenSSL's full key check
 * (EVP_PKEY_check: for RSA the primes, the CRT values and the pair); certificates
 * that match their keys and are signed by their issuers. A bad entry is
 * regenerated and replaced, with one warning line on stderr.
 *
 * \param spec what to generate
 * \param cacheDir cache directory ("" = default: $NS3_TLS_CACHE_DIR, else
 *        $XDG_CACHE_HOME/ns3-tls, else $HOME/.cache/ns3-tls, else /tmp/ns3-tls-cache)
 * \param[out] error on failure, a message naming the file or step and the reason
 * \return the hierarchy (shared, never freed before process exit), or nullptr on failure
 *         (also if notAfter < notBefore or intermediates > 64). An unusable cache
 *         directory is not a failure: the hierarchy is then generated in memory.
 */
std::shared_ptr<const TlsPki> TlsGetPki(const TlsPkiSpec& spec,
                                        const std::string& cacheDir,
                                        std::string* error);

/**
 * \ingroup tls
 * \param cacheDir a cache directory or "" (see TlsGetPki)
 * \return the directory that TlsGetPki uses
 */
std::string TlsResolveCacheDir(const std::string& cacheDir);

/**
 * \ingroup tls
 * Check a PEM file given by the user (CertificateFile, PrivateKeyFile, CaFile)
 * before OpenSSL reads it: it must be a regular file (a FIFO or a device is
 * refused without being opened for reading) of at most 16 MiB, readable; a
 * private key file (of at most 256 KiB) must hold a PEM private key that passes
 * OpenSSL's full key check (EVP_PKEY_check). Such files are never regenerated:
 * the caller refuses them.
 * \param attribute the attribute that names the file, for the message
 * \param path the file
 * \param privateKey true if the file holds a private key
 * \return "" if the file may be used, else one line naming the attribute, the
 *         file and what is wrong
 */
std::string TlsCheckCredentialFile(const std::string& attribute,
                                   const std::string& path,
                                   bool privateKey);

/**
 * OpenSSL passphrase callback (pem_password_cb) that gives none: an encrypted
 * key fails to load instead of OpenSSL prompting on the terminal.
 * \return -1 (no passphrase)
 */
int TlsNoPassphrase(char*, int, int, void*);

} // namespace ns3

#endif /* TLS_CREDENTIALS_H */
