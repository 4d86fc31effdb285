/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-credentials.h"

#include "tls-random.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <openssl/asn1.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <random>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace ns3
{

namespace
{

/// Version of the generation scheme; part of every cache key, bump it when generation changes.
const char* const g_schemeVersion = "ns3-tls-pki-v2";

/// Largest key file read (cache or user file); the largest key PEM (ML-DSA-87) is ~10 KB.
const std::size_t g_maxKeyFile = 256 * 1024;

/// Largest certificate cache file read (64 intermediates of the largest signatures fit).
const std::size_t g_maxCertFile = 4 * 1024 * 1024;

/// Largest user-given certificate or CA file read (system CA bundles are a few hundred KB).
const std::size_t g_maxUserCertFile = 16 * 1024 * 1024;

/// Largest accepted number of intermediate CAs.
const uint32_t g_maxIntermediates = 64;

/// One year in seconds: CA certificates are valid this long before and after the leaf window.
const int64_t g_caMargin = 365 * 86400;

/// 0001-01-01T00:00:00Z in UNIX seconds, the earliest time written into a certificate.
const int64_t g_minTime = -62135596800;

/// 9999-12-31T23:59:59Z in UNIX seconds, the latest time written into a certificate.
const int64_t g_maxTime = 253402300799;

/// RFC 5280 upper bound of a commonName.
const std::size_t g_maxCommonName = 64;

/// What a certificate is used for.
enum class CertKind
{
    CA,
    SERVER,
    CLIENT
};

/**
 * Take the OpenSSL error queue, emptying it.
 * \return the reason of the earliest queued error, or a placeholder if the queue is empty
 */
std::string
OpenSslError()
{
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
    {
        return "no OpenSSL error reported";
    }
    char buf[256];
    ERR_error_string_n(code, buf, sizeof(buf));
    return buf;
}

/**
 * Store an error message if the caller asked for one.
 * \param error where to store it, may be nullptr
 * \param message the message
 */
void
SetError(std::string* error, const std::string& message)
{
    if (error != nullptr)
    {
        *error = message;
    }
}

/**
 * \param data bytes to hash
 * \return the lower-case hex SHA-256 of data, or "" if OpenSSL fails
 */
std::string
Sha256Hex(const std::string& data)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1)
    {
        ERR_clear_error();
        return "";
    }
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < len; i++)
    {
        hex += digits[md[i] >> 4];
        hex += digits[md[i] & 0xf];
    }
    return hex;
}

/**
 * \param s a string
 * \return s prefixed with its length, so that concatenations of such fields are unambiguous
 */
std::string
Field(const std::string& s)
{
    return std::to_string(s.size()) + ":" + s + ";";
}

/**
 * \param spec a spec
 * \return a string that identifies every field of spec (memo key, input of the file hash)
 */
std::string
SpecKey(const TlsPkiSpec& spec)
{
    // A hierarchy with CAs of another key type has a key of its own; the others keep theirs.
    std::string ca = spec.mixedCa && spec.caKeyType != spec.keyType
                         ? Field("ca") + Field(TlsKeyTypeName(spec.caKeyType))
                         : "";
    return Field(g_schemeVersion) + Field(TlsKeyTypeName(spec.keyType)) + ca +
           Field(std::to_string(spec.intermediates)) + Field(std::to_string(spec.notBefore)) +
           Field(std::to_string(spec.notAfter)) + Field(spec.serverName) + Field(spec.clientName) +
           Field(spec.label) + Field(std::to_string(spec.keySeed));
}

/**
 * Make a label usable in a file name: characters other than [A-Za-z0-9._-] become '_'
 * and, if anything had to change, a short hash of the label is appended so that
 * distinct labels never share a file.
 * \param label the label
 * \return the file name component
 */
std::string
FileLabel(const std::string& label)
{
    std::string out;
    for (char c : label)
    {
        bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
        out += ok ? c : '_';
    }
    if (out.empty() || out != label || out[0] == '.' || out.size() > 64)
    {
        out = out.substr(0, 64) + "_" + Sha256Hex(label).substr(0, 8);
    }
    return out;
}

/**
 * \param type a key type
 * \return the RSA modulus size, or 0 if type is not RSA
 */
int
RsaBits(TlsKeyType type)
{
    switch (type)
    {
    case TlsKeyType::RSA2048:
        return 2048;
    case TlsKeyType::RSA3072:
        return 3072;
    case TlsKeyType::RSA4096:
        return 4096;
    default:
        return 0;
    }
}

/**
 * \param type a key type
 * \return OpenSSL's algorithm name of its keys ("RSA", "EC", "ED25519", "ML-DSA-65", ...)
 */
const char*
OpenSslAlgorithm(TlsKeyType type)
{
    switch (type)
    {
    case TlsKeyType::RSA2048:
    case TlsKeyType::RSA3072:
    case TlsKeyType::RSA4096:
        return "RSA";
    case TlsKeyType::ECDSA_P256:
    case TlsKeyType::ECDSA_P384:
        return "EC";
    case TlsKeyType::ED25519:
        return "ED25519";
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
    }
    return "";
}

/**
 * Generate a fresh key.
 * \param type the key type
 * \return the key, or nullptr (OpenSSL error queue set)
 */
EVP_PKEY*
GenerateKey(TlsKeyType type)
{
    switch (type)
    {
    case TlsKeyType::RSA2048:
    case TlsKeyType::RSA3072:
    case TlsKeyType::RSA4096:
        // The variadic argument must be a size_t.
        return EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(RsaBits(type)));
    case TlsKeyType::ECDSA_P256:
        return EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    case TlsKeyType::ECDSA_P384:
        return EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
    case TlsKeyType::ED25519:
        return EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    default:
        // ML-DSA and SLH-DSA: OpenSSL >= 3.5 has them under these algorithm names;
        // an older OpenSSL fails here (the caller checks TlsKeyTypeAvailable first).
        return EVP_PKEY_Q_keygen(nullptr, nullptr, OpenSslAlgorithm(type));
    }
    return nullptr;
}

/**
 * Run OpenSSL's full key check on a private key: for RSA the primes, the private
 * exponent, the CRT values and the pair (EVP_PKEY_check); for the others the
 * private and public parts and that the public key is the private key's.
 * \param key the key
 * \return "" if the key passes, else the reason
 */
std::string
KeyProblem(EVP_PKEY* key)
{
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr);
    int check = ctx != nullptr ? EVP_PKEY_check(ctx) : 0;
    if ((check == 1 || check == -2) && !EVP_PKEY_is_a(key, "RSA"))
    {
        // -2: this key type has no full check in this OpenSSL; the pairwise one remains.
        // EVP_PKEY_check of RSA includes the pairwise test; that of some other key
        // types does not recompute the public key.
        check = EVP_PKEY_pairwise_check(ctx);
        // No check at all for this key type: it is still matched against its certificate.
        check = check == -2 ? 1 : check;
    }
    EVP_PKEY_CTX_free(ctx);
    std::string problem = check == 1 ? "" : "fails OpenSSL's key check (" + OpenSslError() + ")";
    ERR_clear_error();
    return problem;
}

/**
 * \param key a key
 * \param type the expected key type
 * \return true if key is of that type (algorithm, and size or curve)
 */
bool
KeyIsOfType(EVP_PKEY* key, TlsKeyType type)
{
    switch (type)
    {
    case TlsKeyType::RSA2048:
    case TlsKeyType::RSA3072:
    case TlsKeyType::RSA4096:
        return EVP_PKEY_is_a(key, "RSA") && EVP_PKEY_get_bits(key) == RsaBits(type);
    case TlsKeyType::ECDSA_P256:
        return EVP_PKEY_is_a(key, "EC") && EVP_PKEY_get_bits(key) == 256;
    case TlsKeyType::ECDSA_P384:
        return EVP_PKEY_is_a(key, "EC") && EVP_PKEY_get_bits(key) == 384;
    default:
        return EVP_PKEY_is_a(key, OpenSslAlgorithm(type));
    }
}

/// Outcome of ReadBoundedFile.
enum class ReadResult
{
    OK,      //!< read
    MISSING, //!< no such file
    BAD      //!< something is there that must not be used (reason given)
};

/**
 * Read a file that must be a regular file of bounded size. It is stat'ed before it
 * is opened (a FIFO or a device is never opened for reading), opened without
 * blocking and checked again on the open descriptor (nothing swapped in meanwhile
 * can block), and at most maxSize + 1 bytes are read.
 * \param path the file
 * \param maxSize the largest accepted size in bytes
 * \param[out] data its contents
 * \param[out] why if BAD, what is wrong
 * \return the outcome
 */
ReadResult
ReadBoundedFile(const std::string& path, std::size_t maxSize, std::string* data, std::string* why)
{
    const std::string tooLarge = "is larger than " + std::to_string(maxSize) + " bytes";
    struct stat st;
    if (stat(path.c_str(), &st) != 0)
    {
        if (errno == ENOENT)
        {
            return ReadResult::MISSING;
        }
        *why = std::string("cannot be examined: ") + std::strerror(errno);
        return ReadResult::BAD;
    }
    if (!S_ISREG(st.st_mode))
    {
        *why = "is not a regular file";
        return ReadResult::BAD;
    }
    if (static_cast<std::size_t>(st.st_size) > maxSize)
    {
        *why = tooLarge;
        return ReadResult::BAD;
    }
    int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
    {
        if (errno == ENOENT)
        {
            return ReadResult::MISSING;
        }
        *why = std::string("cannot be opened: ") + std::strerror(errno);
        return ReadResult::BAD;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    {
        close(fd);
        *why = "is not a regular file";
        return ReadResult::BAD;
    }
    data->clear();
    char buf[4096];
    while (true)
    {
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n < 0)
        {
            *why = std::string("cannot be read: ") + std::strerror(errno);
            close(fd);
            return ReadResult::BAD;
        }
        if (n == 0)
        {
            break;
        }
        data->append(buf, static_cast<std::size_t>(n));
        if (data->size() > maxSize)
        {
            *why = tooLarge;
            close(fd);
            return ReadResult::BAD;
        }
    }
    close(fd);
    return ReadResult::OK;
}

/**
 * Parse a PEM private key.
 * \param pem the PEM text
 * \return the key, or nullptr
 */
EVP_PKEY*
ParsePrivateKey(const std::string& pem)
{
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    // No passphrase: OpenSSL's default callback would prompt on the terminal.
    EVP_PKEY* key =
        bio != nullptr ? PEM_read_bio_PrivateKey(bio, nullptr, TlsNoPassphrase, nullptr) : nullptr;
    BIO_free(bio);
    ERR_clear_error();
    return key;
}

/// Outcome of PublishFile.
enum class PublishResult
{
    STORED, //!< the file now holds the data
    EXISTS, //!< another process created the file first; it was left alone
    FAILED  //!< the file could not be written
};

/**
 * Write a file atomically: write "<path>.tmp.<pid>.<random>", then move it into place.
 * \param path the file
 * \param data its contents
 * \param replace if true, replace an existing file (rename); if false, keep an existing
 *        file (hard link), so that the first of several concurrent writers wins
 * \param mode permissions of a new file
 * \return the outcome
 */
PublishResult
PublishFile(const std::string& path, const std::string& data, bool replace, mode_t mode)
{
    // Not from OpenSSL's generator: that may be the simulation's deterministic stream,
    // which a cache write must not advance (nor may two processes of one seed collide).
    static std::random_device device;
    static unsigned counter = 0;
    std::string suffix = std::to_string(device()) + "-" + std::to_string(++counter);
    std::string tmp = path + ".tmp." + std::to_string(getpid()) + "." + suffix;
    int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0)
    {
        return PublishResult::FAILED;
    }
    bool ok = true;
    std::size_t done = 0;
    while (ok && done < data.size())
    {
        ssize_t n = write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        ok = n > 0;
        done += ok ? static_cast<std::size_t>(n) : 0;
    }
    ok = (close(fd) == 0) && ok;
    if (!ok)
    {
        unlink(tmp.c_str());
        return PublishResult::FAILED;
    }
    if (!replace)
    {
        if (link(tmp.c_str(), path.c_str()) == 0)
        {
            unlink(tmp.c_str());
            return PublishResult::STORED;
        }
        if (errno == EEXIST)
        {
            unlink(tmp.c_str());
            return PublishResult::EXISTS;
        }
        // No hard links on this file system: fall back to rename.
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
    {
        unlink(tmp.c_str());
        return PublishResult::FAILED;
    }
    return PublishResult::STORED;
}

/**
 * \param keyPath a key cache file
 * \return the file that records the SHA-256 of its contents once they passed the key check
 */
std::string
CheckedPath(const std::string& keyPath)
{
    return keyPath + ".checked";
}

/**
 * \param pem a key file's contents
 * \return what CheckedPath holds for it
 */
std::string
CheckedStamp(const std::string& pem)
{
    return Sha256Hex(pem) + "\n";
}

/**
 * Read a private key from a cache file and check it. OpenSSL's full key check
 * (KeyProblem) runs unless the file's SHA-256 is the one recorded when these very
 * bytes were generated or last passed it: for RSA the check tests the primes and
 * costs about 0.7 s per rsa4096 key (2.9 s instead of 0.26 s for a tls-handshake run
 * with rsa4096), too much for every run of a sweep. Any change
 * to the file (a damaged private part included) changes its hash and brings the
 * full check back.
 * \param path the file
 * \param type the expected key type
 * \param[out] why if the file exists but cannot be used, the reason ("" if it is missing)
 * \return the key, or nullptr if the file is missing or cannot be used
 */
EVP_PKEY*
LoadKey(const std::string& path, TlsKeyType type, std::string* why)
{
    why->clear();
    std::string pem;
    if (ReadBoundedFile(path, g_maxKeyFile, &pem, why) != ReadResult::OK)
    {
        return nullptr;
    }
    EVP_PKEY* key = ParsePrivateKey(pem);
    if (key == nullptr)
    {
        *why = "holds no PEM private key";
        return nullptr;
    }
    if (!KeyIsOfType(key, type))
    {
        *why = "holds a key that is not " + TlsKeyTypeName(type);
        EVP_PKEY_free(key);
        return nullptr;
    }
    std::string stamp;
    std::string ignored;
    bool checked = ReadBoundedFile(CheckedPath(path), 128, &stamp, &ignored) == ReadResult::OK &&
                   stamp == CheckedStamp(pem);
    if (!checked)
    {
        *why = KeyProblem(key);
        if (!why->empty())
        {
            EVP_PKEY_free(key);
            return nullptr;
        }
        PublishFile(CheckedPath(path), CheckedStamp(pem), true, 0644);
    }
    return key;
}

/**
 * Say on stderr, in one line, that a cache entry was bad and is regenerated.
 * \param path the cache file
 * \param why what is wrong with it
 */
void
WarnRegenerated(const std::string& path, const std::string& why)
{
    std::cerr << "warning: TlsGetPki: cache file '" << path << "' " << why
              << "; regenerated and replaced" << std::endl;
}

/**
 * \param bio a memory BIO
 * \return its contents
 */
std::string
MemBioString(BIO* bio)
{
    char* p = nullptr;
    long n = BIO_get_mem_data(bio, &p);
    return n > 0 ? std::string(p, n) : std::string();
}

/**
 * \param key a key
 * \return its unencrypted PKCS#8 PEM encoding, or "" on failure
 */
std::string
KeyToPem(EVP_PKEY* key)
{
    BIO* bio = BIO_new(BIO_s_mem());
    std::string pem;
    if (bio != nullptr &&
        PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr) == 1)
    {
        pem = MemBioString(bio);
    }
    BIO_free(bio);
    ERR_clear_error();
    return pem;
}

/**
 * \param path a file
 * \return true if something exists at path
 */
bool
Exists(const std::string& path)
{
    std::error_code ec;
    return std::filesystem::exists(path, ec);
}

/**
 * Load a key from the cache, or generate it and write it to the cache. A cache file
 * that exists but fails the checks of LoadKey is replaced, with a warning.
 * \param path the cache file
 * \param type the key type
 * \param seed what the key is generated from (key seed, label, type, role)
 * \param random the generation's random stream, reseeded from seed before generating
 * \param[out] error on failure, the reason
 * \return the key, or nullptr if it could not be generated
 */
EVP_PKEY*
GetKey(const std::string& path,
       TlsKeyType type,
       const std::string& seed,
       TlsScopedRandom* random,
       std::string* error)
{
    std::string why;
    EVP_PKEY* key = LoadKey(path, type, &why);
    if (key != nullptr)
    {
        return key;
    }
    bool replace = !why.empty() || Exists(path); // a damaged file is replaced
    key = random->Reseed(seed) ? GenerateKey(type) : nullptr;
    if (key == nullptr)
    {
        *error = "TlsGetPki: cannot generate " + TlsKeyTypeName(type) + " key for " + path + ": " +
                 OpenSslError();
        return nullptr;
    }
    if (!why.empty())
    {
        WarnRegenerated(path, why);
    }
    std::string pem = KeyToPem(key);
    if (pem.empty())
    {
        return key; // cannot cache it, but the key is fine
    }
    // OpenSSL made it just now: it needs no check when it is read back.
    PublishFile(CheckedPath(path), CheckedStamp(pem), true, 0644);
    if (PublishFile(path, pem, replace, 0600) == PublishResult::EXISTS)
    {
        // Another process generated this key concurrently: use theirs, so all agree.
        EVP_PKEY* theirs = LoadKey(path, type, &why);
        if (theirs != nullptr)
        {
            EVP_PKEY_free(key);
            return theirs;
        }
        PublishFile(path, pem, true, 0600);
    }
    return key;
}

/**
 * Add an extension given in OpenSSL configuration syntax.
 * \param cert the certificate
 * \param ctx the extension context (issuer and subject set)
 * \param nid the extension
 * \param value its value, e.g. "critical,CA:TRUE"
 * \return true on success (else OpenSSL error queue set)
 */
bool
AddExtension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value)
{
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str());
    if (ext == nullptr)
    {
        return false;
    }
    bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

/**
 * Add a subjectAltName with one DNS name, built without the configuration syntax
 * (so that a name cannot inject further entries).
 * \param cert the certificate
 * \param dnsName the name
 * \return true on success (else OpenSSL error queue set)
 */
bool
AddDnsSubjectAltName(X509* cert, const std::string& dnsName)
{
    GENERAL_NAMES* names = GENERAL_NAMES_new();
    GENERAL_NAME* name = GENERAL_NAME_new();
    ASN1_IA5STRING* ia5 = ASN1_IA5STRING_new();
    bool ok = names != nullptr && name != nullptr && ia5 != nullptr &&
              ASN1_STRING_set(ia5, dnsName.data(), static_cast<int>(dnsName.size())) == 1;
    if (ok)
    {
        GENERAL_NAME_set0_value(name, GEN_DNS, ia5);
        ia5 = nullptr;
        ok = sk_GENERAL_NAME_push(names, name) > 0;
        if (ok)
        {
            name = nullptr;
        }
    }
    ok = ok && X509_add1_ext_i2d(cert, NID_subject_alt_name, names, 0, X509V3_ADD_DEFAULT) == 1;
    ASN1_IA5STRING_free(ia5);
    GENERAL_NAME_free(name);
    GENERAL_NAMES_free(names);
    return ok;
}

/**
 * \param serialSeed bytes that determine the serial number
 * \return a positive, non-zero 63-bit serial number derived from SHA-256 of serialSeed
 */
uint64_t
SerialFrom(const std::string& serialSeed)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    uint64_t serial = 0;
    if (EVP_Digest(serialSeed.data(), serialSeed.size(), md, &len, EVP_sha256(), nullptr) == 1)
    {
        for (int i = 0; i < 8; i++)
        {
            serial = (serial << 8) | md[i];
        }
    }
    else
    {
        ERR_clear_error();
    }
    serial &= 0x7fffffffffffffffULL;
    return serial == 0 ? 1 : serial;
}

/**
 * Issue one certificate.
 * \param commonName the subject CN (truncated to 64 bytes if longer)
 * \param key the subject key
 * \param issuer the issuer certificate, or nullptr for a self-signed root
 * \param issuerKey the key that signs (the subject key for a root)
 * \param kind what the certificate is for
 * \param serial the serial number
 * \param notBefore validity start, UNIX seconds
 * \param notAfter validity end, UNIX seconds
 * \param dnsName subjectAltName DNS name of a leaf (ignored for a CA)
 * \return the certificate, or nullptr (OpenSSL error queue set)
 */
X509*
IssueCert(const std::string& commonName,
          EVP_PKEY* key,
          X509* issuer,
          EVP_PKEY* issuerKey,
          CertKind kind,
          uint64_t serial,
          int64_t notBefore,
          int64_t notAfter,
          const std::string& dnsName)
{
    X509* cert = X509_new();
    if (cert == nullptr)
    {
        return nullptr;
    }
    std::string cn = commonName.substr(0, g_maxCommonName);
    X509_NAME* subject = X509_get_subject_name(cert);
    bool ok =
        X509_set_version(cert, 2) == 1 &&
        ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert), serial) == 1 &&
        ASN1_TIME_set(X509_getm_notBefore(cert), static_cast<time_t>(notBefore)) != nullptr &&
        ASN1_TIME_set(X509_getm_notAfter(cert), static_cast<time_t>(notAfter)) != nullptr &&
        X509_NAME_add_entry_by_txt(subject,
                                   "CN",
                                   MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(cn.c_str()),
                                   -1,
                                   -1,
                                   0) == 1 &&
        X509_set_issuer_name(cert, issuer != nullptr ? X509_get_subject_name(issuer) : subject) ==
            1 &&
        X509_set_pubkey(cert, key) == 1;
    if (ok)
    {
        X509V3_CTX ctx;
        X509V3_set_ctx(&ctx, issuer != nullptr ? issuer : cert, cert, nullptr, nullptr, 0);
        if (kind == CertKind::CA)
        {
            ok = AddExtension(cert, &ctx, NID_basic_constraints, "critical,CA:TRUE") &&
                 AddExtension(cert, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign") &&
                 AddExtension(cert, &ctx, NID_subject_key_identifier, "hash");
        }
        else
        {
            std::string keyUsage = "critical,digitalSignature";
            if (EVP_PKEY_is_a(key, "RSA"))
            {
                keyUsage += ",keyEncipherment"; // TLS 1.2 RSA key transport
            }
            ok = AddExtension(cert, &ctx, NID_basic_constraints, "critical,CA:FALSE") &&
                 AddExtension(cert, &ctx, NID_key_usage, keyUsage) &&
                 AddExtension(cert,
                              &ctx,
                              NID_ext_key_usage,
                              kind == CertKind::SERVER ? "serverAuth" : "clientAuth") &&
                 AddExtension(cert, &ctx, NID_subject_key_identifier, "hash") &&
                 AddDnsSubjectAltName(cert, dnsName);
        }
        if (ok && issuer != nullptr)
        {
            ok = AddExtension(cert, &ctx, NID_authority_key_identifier, "keyid:always");
        }
    }
    if (ok)
    {
        // EdDSA, ML-DSA and SLH-DSA sign the message itself: no separate digest may
        // be given.
        bool digest = EVP_PKEY_is_a(issuerKey, "RSA") || EVP_PKEY_is_a(issuerKey, "EC");
        const EVP_MD* md = digest ? EVP_sha256() : nullptr;
        ok = X509_sign(cert, issuerKey, md) > 0;
    }
    if (!ok)
    {
        X509_free(cert);
        return nullptr;
    }
    return cert;
}

/**
 * \param t a time, UNIX seconds
 * \return t limited to the years 0001..9999
 */
int64_t
ClampTime(int64_t t)
{
    return t < g_minTime ? g_minTime : (t > g_maxTime ? g_maxTime : t);
}

/**
 * \param pki a hierarchy with all keys set
 * \return the key of every certificate, in file order: root, intermediates, server, client
 */
std::vector<EVP_PKEY*>
KeysInOrder(const TlsPki& pki)
{
    std::vector<EVP_PKEY*> keys{pki.rootKey};
    keys.insert(keys.end(), pki.intermediateKeys.begin(), pki.intermediateKeys.end());
    keys.push_back(pki.serverKey);
    keys.push_back(pki.clientKey);
    return keys;
}

/**
 * Generate all certificates of a hierarchy whose keys are set. Each is signed under
 * a random stream seeded by the spec and the certificate's role, so that its
 * signature (an ECDSA one is randomised) is the same whenever it is generated.
 * \param spec the spec
 * \param random the generation's random stream
 * \param[in,out] pki the hierarchy; its certificates are set on success
 * \param[out] error on failure, the reason
 * \return true on success
 */
bool
GenerateCerts(const TlsPkiSpec& spec, TlsScopedRandom* random, TlsPki* pki, std::string* error)
{
    std::string specKey = SpecKey(spec);
    auto reseed = [&specKey, random](const std::string& role) {
        return random->Reseed(specKey + Field("certificate") + Field(role));
    };
    int64_t caNotBefore = ClampTime(spec.notBefore - g_caMargin);
    int64_t caNotAfter = ClampTime(spec.notAfter + g_caMargin);
    std::string step = "root CA certificate";
    pki->root = !reseed("root") ? nullptr
                                : IssueCert(spec.label + " Root CA",
                                            pki->rootKey,
                                            nullptr,
                                            pki->rootKey,
                                            CertKind::CA,
                                            SerialFrom(specKey + "root"),
                                            caNotBefore,
                                            caNotAfter,
                                            "");
    X509* issuer = pki->root;
    EVP_PKEY* issuerKey = pki->rootKey;
    for (uint32_t i = 0; issuer != nullptr && i < spec.intermediates; i++)
    {
        std::string index = std::to_string(i + 1);
        step = "intermediate CA certificate " + index;
        std::string suffix = " Intermediate CA " + index;
        X509* cert = !reseed("int" + index)
                         ? nullptr
                         : IssueCert(spec.label.substr(0, g_maxCommonName - suffix.size()) + suffix,
                                     pki->intermediateKeys[i],
                                     issuer,
                                     issuerKey,
                                     CertKind::CA,
                                     SerialFrom(specKey + "int" + index),
                                     caNotBefore,
                                     caNotAfter,
                                     "");
        if (cert != nullptr)
        {
            pki->intermediates.push_back(cert);
            issuerKey = pki->intermediateKeys[i];
        }
        issuer = cert;
    }
    if (issuer != nullptr)
    {
        step = "server certificate";
        pki->serverCert = !reseed("server") ? nullptr
                                            : IssueCert(spec.serverName,
                                                        pki->serverKey,
                                                        issuer,
                                                        issuerKey,
                                                        CertKind::SERVER,
                                                        SerialFrom(specKey + "server"),
                                                        spec.notBefore,
                                                        spec.notAfter,
                                                        spec.serverName);
    }
    if (pki->serverCert != nullptr)
    {
        step = "client certificate";
        pki->clientCert = !reseed("client") ? nullptr
                                            : IssueCert(spec.clientName,
                                                        pki->clientKey,
                                                        issuer,
                                                        issuerKey,
                                                        CertKind::CLIENT,
                                                        SerialFrom(specKey + "client"),
                                                        spec.notBefore,
                                                        spec.notAfter,
                                                        spec.clientName);
    }
    if (pki->clientCert == nullptr)
    {
        std::string ca = spec.mixedCa ? " under " + TlsKeyTypeName(spec.caKeyType) + " CAs" : "";
        *error = "TlsGetPki: cannot issue " + step + " (" + TlsKeyTypeName(spec.keyType) + ca +
                 ", label '" + spec.label + "'): " + OpenSslError();
        return false;
    }
    return true;
}

/**
 * \param pki a hierarchy with all certificates set
 * \return its certificates as concatenated PEM: root, intermediates, server, client
 */
std::string
CertsToPem(const TlsPki& pki)
{
    std::vector<X509*> certs{pki.root};
    certs.insert(certs.end(), pki.intermediates.begin(), pki.intermediates.end());
    certs.push_back(pki.serverCert);
    certs.push_back(pki.clientCert);
    BIO* bio = BIO_new(BIO_s_mem());
    bool ok = bio != nullptr;
    for (X509* cert : certs)
    {
        ok = ok && PEM_write_bio_X509(bio, cert) == 1;
    }
    std::string pem = ok ? MemBioString(bio) : "";
    BIO_free(bio);
    ERR_clear_error();
    return pem;
}

/**
 * Load the certificates of a hierarchy from a cache file and check them: their number,
 * that each matches its (already loaded) key and is signed by its issuer, and the leaf
 * validity window.
 * \param path the cache file
 * \param spec the spec
 * \param[in,out] pki the hierarchy with all keys set; its certificates are set on success
 * \param[out] why if the file exists but cannot be used, the reason ("" if it is missing)
 * \return true on success; on failure pki has no certificates
 */
bool
LoadCerts(const std::string& path, const TlsPkiSpec& spec, TlsPki* pki, std::string* why)
{
    why->clear();
    std::string pem;
    if (ReadBoundedFile(path, g_maxCertFile, &pem, why) != ReadResult::OK)
    {
        return false;
    }
    std::vector<X509*> certs;
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    X509* cert = nullptr;
    while (bio != nullptr && (cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) != nullptr)
    {
        certs.push_back(cert);
    }
    BIO_free(bio);
    ERR_clear_error();

    std::vector<EVP_PKEY*> keys = KeysInOrder(*pki);
    bool ok = certs.size() == keys.size();
    std::size_t lastCa = certs.size() - 3; // meaningful only if ok
    for (std::size_t i = 0; ok && i < certs.size(); i++)
    {
        // The root signs itself, each intermediate is signed by the previous CA,
        // both leaves by the last CA.
        std::size_t issuerIndex = i == 0 ? 0 : (i <= lastCa ? i - 1 : lastCa);
        EVP_PKEY* issuerPublic = X509_get0_pubkey(certs[issuerIndex]);
        ok = X509_check_private_key(certs[i], keys[i]) == 1 && issuerPublic != nullptr &&
             X509_verify(certs[i], issuerPublic) == 1;
    }
    for (std::size_t i = certs.size() - 2; ok && i < certs.size(); i++)
    {
        ok = ASN1_TIME_cmp_time_t(X509_get0_notBefore(certs[i]),
                                  static_cast<time_t>(spec.notBefore)) == 0 &&
             ASN1_TIME_cmp_time_t(X509_get0_notAfter(certs[i]),
                                  static_cast<time_t>(spec.notAfter)) == 0;
    }
    ERR_clear_error();
    if (!ok)
    {
        for (X509* c : certs)
        {
            X509_free(c);
        }
        *why = "does not hold the hierarchy's certificates for its keys";
        return false;
    }
    pki->root = certs[0];
    pki->intermediates.assign(certs.begin() + 1, certs.end() - 2);
    pki->serverCert = certs[certs.size() - 2];
    pki->clientCert = certs[certs.size() - 1];
    return true;
}

/**
 * Drop the certificates of a hierarchy, keeping its keys.
 * \param pki the hierarchy
 */
void
FreeCerts(TlsPki* pki)
{
    X509_free(pki->root);
    pki->root = nullptr;
    for (X509* cert : pki->intermediates)
    {
        X509_free(cert);
    }
    pki->intermediates.clear();
    X509_free(pki->serverCert);
    pki->serverCert = nullptr;
    X509_free(pki->clientCert);
    pki->clientCert = nullptr;
}

/**
 * Build a hierarchy: keys and certificates from the cache directory where possible,
 * generated (and written to the cache) otherwise.
 * \param spec the spec
 * \param dir the cache directory
 * \param[out] error on failure, the reason
 * \return the hierarchy, or nullptr on failure
 */
std::unique_ptr<TlsPki>
BuildPki(const TlsPkiSpec& spec, const std::string& dir, std::string* error)
{
    // Everything below (generation, and the key checks, which draw random numbers too)
    // runs on a stream of its own, never on the simulation's.
    TlsScopedRandom random("");
    auto pki = std::make_unique<TlsPki>();
    // A key's file name and its generation seed: label, key type, key seed, role.
    std::string seed = "k" + std::to_string(spec.keySeed);
    auto keyName = [&spec, &seed](TlsKeyType type, const std::string& role) {
        return FileLabel(spec.label) + "-" + TlsKeyTypeName(type) + "-" + seed + "-" + role;
    };
    auto keySeed = [&spec](TlsKeyType type, const std::string& role) {
        return Field(g_schemeVersion) + Field("key") + Field(std::to_string(spec.keySeed)) +
               Field(spec.label) + Field(TlsKeyTypeName(type)) + Field(role);
    };
    auto getKey = [&](TlsKeyType type, const std::string& role) {
        return GetKey(dir + "/" + keyName(type, role) + ".key.pem",
                      type,
                      keySeed(type, role),
                      &random,
                      error);
    };
    // CA keys: those of a hierarchy whose every key has the CA key type.
    TlsKeyType caType = spec.mixedCa ? spec.caKeyType : spec.keyType;

    pki->rootKey = getKey(caType, "root");
    if (pki->rootKey == nullptr)
    {
        return nullptr;
    }
    for (uint32_t i = 0; i < spec.intermediates; i++)
    {
        EVP_PKEY* key = getKey(caType, "int" + std::to_string(i + 1));
        if (key == nullptr)
        {
            return nullptr;
        }
        pki->intermediateKeys.push_back(key);
    }
    pki->serverKey = getKey(spec.keyType, "server");
    if (pki->serverKey == nullptr)
    {
        return nullptr;
    }
    pki->clientKey = getKey(spec.keyType, "client");
    if (pki->clientKey == nullptr)
    {
        return nullptr;
    }

    std::string certPath = dir + "/" + FileLabel(spec.label) + "-" + TlsKeyTypeName(spec.keyType) +
                           "-" + seed + "-" + Sha256Hex(SpecKey(spec)).substr(0, 16) + ".certs.pem";
    std::string why;
    if (LoadCerts(certPath, spec, pki.get(), &why))
    {
        return pki;
    }
    bool replace = !why.empty() || Exists(certPath); // a damaged file is replaced
    if (!GenerateCerts(spec, &random, pki.get(), error))
    {
        return nullptr;
    }
    if (!why.empty())
    {
        WarnRegenerated(certPath, why);
    }
    std::string pem = CertsToPem(*pki);
    if (!pem.empty() && PublishFile(certPath, pem, replace, 0644) == PublishResult::EXISTS)
    {
        // Another process issued these certificates concurrently: use theirs, so all agree.
        auto theirs = std::make_unique<TlsPki>();
        theirs->rootKey = pki->rootKey;
        theirs->intermediateKeys = pki->intermediateKeys;
        theirs->serverKey = pki->serverKey;
        theirs->clientKey = pki->clientKey;
        if (LoadCerts(certPath, spec, theirs.get(), &why))
        {
            FreeCerts(pki.get());
            std::swap(pki->root, theirs->root);
            std::swap(pki->intermediates, theirs->intermediates);
            std::swap(pki->serverCert, theirs->serverCert);
            std::swap(pki->clientCert, theirs->clientCert);
        }
        else
        {
            PublishFile(certPath, pem, true, 0644);
        }
        // The keys are owned by pki.
        theirs->rootKey = nullptr;
        theirs->intermediateKeys.clear();
        theirs->serverKey = nullptr;
        theirs->clientKey = nullptr;
    }
    return pki;
}

/// The in-process memo of TlsGetPki.
struct Memo
{
    std::mutex mutex;                                         //!< guards map
    std::map<std::string, std::shared_ptr<const TlsPki>> map; //!< hierarchies by SpecKey
};

/**
 * \return the memo. It is intentionally never destroyed: hierarchies stay valid until
 *         process exit, even for users destroyed after OpenSSL's own exit-time cleanup.
 */
Memo&
GetMemo()
{
    static Memo* memo = new Memo;
    return *memo;
}

} // namespace

TlsPki::~TlsPki()
{
    X509_free(root);
    EVP_PKEY_free(rootKey);
    for (X509* cert : intermediates)
    {
        X509_free(cert);
    }
    for (EVP_PKEY* key : intermediateKeys)
    {
        EVP_PKEY_free(key);
    }
    X509_free(serverCert);
    EVP_PKEY_free(serverKey);
    X509_free(clientCert);
    EVP_PKEY_free(clientKey);
}

std::string
TlsKeyTypeName(TlsKeyType type)
{
    switch (type)
    {
    case TlsKeyType::RSA2048:
        return "rsa2048";
    case TlsKeyType::RSA3072:
        return "rsa3072";
    case TlsKeyType::RSA4096:
        return "rsa4096";
    case TlsKeyType::ECDSA_P256:
        return "p256";
    case TlsKeyType::ECDSA_P384:
        return "p384";
    case TlsKeyType::ED25519:
        return "ed25519";
    case TlsKeyType::ML_DSA_44:
        return "mldsa44";
    case TlsKeyType::ML_DSA_65:
        return "mldsa65";
    case TlsKeyType::ML_DSA_87:
        return "mldsa87";
    case TlsKeyType::SLH_DSA_SHA2_128S:
        return "slhdsa-sha2-128s";
    case TlsKeyType::SLH_DSA_SHA2_128F:
        return "slhdsa-sha2-128f";
    }
    return "unknown";
}

std::string
TlsKeyTypeNames()
{
    std::string names;
    for (int t = static_cast<int>(TlsKeyType::RSA2048);
         t <= static_cast<int>(TlsKeyType::SLH_DSA_SHA2_128F);
         ++t)
    {
        names += (names.empty() ? "" : ", ") + TlsKeyTypeName(static_cast<TlsKeyType>(t));
    }
    return names;
}

bool
TlsKeyTypeAvailable(TlsKeyType type, std::string* why)
{
    // Ask the providers at run time: the library loaded may be newer or older than
    // the headers the module was compiled with.
    const char* algorithm = OpenSslAlgorithm(type);
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, algorithm, nullptr);
    bool ok = ctx != nullptr;
    EVP_PKEY_CTX_free(ctx);
    ERR_clear_error();
    if (!ok && why != nullptr)
    {
        *why = std::string("the linked OpenSSL ") + OpenSSL_version(OPENSSL_VERSION_STRING) +
               " lacks " + algorithm + " (needs OpenSSL >= 3.5)";
    }
    return ok;
}

bool
TlsKeyTypeSignsTls(TlsKeyType type)
{
    return type != TlsKeyType::SLH_DSA_SHA2_128S && type != TlsKeyType::SLH_DSA_SHA2_128F;
}

bool
TlsKeyTypeFromName(const std::string& name, TlsKeyType* type)
{
    // Lower case, without '-' and '_': "RSA-2048" == "rsa2048", "ecdsa-p256" == "ecdsap256".
    std::string n;
    for (char c : name)
    {
        if (c != '-' && c != '_')
        {
            n += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    static const std::map<std::string, TlsKeyType> names{
        {"rsa2048", TlsKeyType::RSA2048},
        {"rsa3072", TlsKeyType::RSA3072},
        {"rsa4096", TlsKeyType::RSA4096},
        {"p256", TlsKeyType::ECDSA_P256},
        {"ecdsap256", TlsKeyType::ECDSA_P256},
        {"prime256v1", TlsKeyType::ECDSA_P256},
        {"secp256r1", TlsKeyType::ECDSA_P256},
        {"p384", TlsKeyType::ECDSA_P384},
        {"ecdsap384", TlsKeyType::ECDSA_P384},
        {"secp384r1", TlsKeyType::ECDSA_P384},
        {"ed25519", TlsKeyType::ED25519},
        {"mldsa44", TlsKeyType::ML_DSA_44},
        {"mldsa65", TlsKeyType::ML_DSA_65},
        {"mldsa87", TlsKeyType::ML_DSA_87},
        {"slhdsasha2128s", TlsKeyType::SLH_DSA_SHA2_128S},
        {"slhdsasha2128f", TlsKeyType::SLH_DSA_SHA2_128F},
    };
    auto it = names.find(n);
    if (it == names.end())
    {
        return false;
    }
    if (type != nullptr)
    {
        *type = it->second;
    }
    return true;
}

std::string
TlsResolveCacheDir(const std::string& cacheDir)
{
    if (!cacheDir.empty())
    {
        return cacheDir;
    }
    const char* env = std::getenv("NS3_TLS_CACHE_DIR");
    if (env != nullptr && env[0] != '\0')
    {
        return env;
    }
    env = std::getenv("XDG_CACHE_HOME");
    if (env != nullptr && env[0] != '\0')
    {
        return std::string(env) + "/ns3-tls";
    }
    env = std::getenv("HOME");
    if (env != nullptr && env[0] != '\0')
    {
        return std::string(env) + "/.cache/ns3-tls";
    }
    return "/tmp/ns3-tls-cache";
}

int
TlsNoPassphrase(char*, int, int, void*)
{
    return -1;
}

std::string
TlsCheckCredentialFile(const std::string& attribute, const std::string& path, bool privateKey)
{
    std::string data;
    std::string why;
    std::size_t maxSize = privateKey ? g_maxKeyFile : g_maxUserCertFile;
    ReadResult read = ReadBoundedFile(path, maxSize, &data, &why);
    std::string prefix = "TlsContext: attribute " + attribute + ": file '" + path + "' ";
    if (read == ReadResult::MISSING)
    {
        return prefix + "does not exist";
    }
    if (read == ReadResult::BAD)
    {
        return prefix + why;
    }
    if (!privateKey)
    {
        return ""; // OpenSSL parses and checks the certificates when it installs them
    }
    EVP_PKEY* key = ParsePrivateKey(data);
    if (key == nullptr && data.find("ENCRYPTED") != std::string::npos)
    {
        return prefix + "holds an encrypted private key (expected an unencrypted PEM key: a "
                        "simulation cannot ask for a passphrase)";
    }
    if (key == nullptr)
    {
        return prefix + "holds no PEM private key";
    }
    {
        // The check draws random numbers (RSA primality tests): not from the simulation's stream.
        TlsScopedRandom random(path);
        why = KeyProblem(key);
    }
    EVP_PKEY_free(key);
    return why.empty() ? "" : prefix + why;
}

std::shared_ptr<const TlsPki>
TlsGetPki(const TlsPkiSpec& spec, const std::string& cacheDir, std::string* error)
{
    std::string dir = TlsResolveCacheDir(cacheDir);
    // Per directory too: a hierarchy is the same in every directory, but a directory's
    // entries are examined (and repaired) when a process first uses it.
    std::string key = SpecKey(spec) + Field(dir);
    Memo& memo = GetMemo();
    std::lock_guard<std::mutex> lock(memo.mutex);
    auto it = memo.map.find(key);
    if (it != memo.map.end())
    {
        return it->second;
    }

    if (spec.intermediates > g_maxIntermediates)
    {
        SetError(error,
                 "TlsGetPki: " + std::to_string(spec.intermediates) +
                     " intermediate CAs requested, at most " + std::to_string(g_maxIntermediates) +
                     " supported");
        return nullptr;
    }
    if (spec.notAfter < spec.notBefore || spec.notBefore < g_minTime || spec.notAfter > g_maxTime)
    {
        SetError(error,
                 "TlsGetPki: invalid leaf validity window [" + std::to_string(spec.notBefore) +
                     ", " + std::to_string(spec.notAfter) + "]");
        return nullptr;
    }

    ERR_clear_error(); // do not report someone else's stale error
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (!std::filesystem::is_directory(dir, ec))
    {
        // Not usable (a file, no permission): keys and certificates are made
        // (from the same seed, so the same bytes) in a directory of this process,
        // with one warning, instead of one misleading warning per file.
        static std::set<std::string> s_warned;
        static const std::string fallback = [] {
            std::string path = (std::filesystem::temp_directory_path() /
                                ("ns3-tls-cache-" + std::to_string(::getpid())))
                                   .string();
            std::error_code made;
            std::filesystem::create_directories(path, made);
            return path;
        }();
        // Registered after fallback exists, so it runs before fallback is destroyed.
        static const int removed = std::atexit([] {
            std::error_code ignored;
            std::filesystem::remove_all(fallback, ignored);
        });
        (void)removed;
        if (s_warned.insert(dir).second)
        {
            std::cerr << "warning: TlsGetPki: cache directory '" << dir
                      << "' cannot be used (not a directory, or cannot be created); keys "
                         "are made for this run in '"
                      << fallback << "'" << std::endl;
        }
        dir = fallback;
    }

    std::string message;
    std::unique_ptr<TlsPki> pki = BuildPki(spec, dir, &message);
    if (!pki)
    {
        SetError(error, message);
        return nullptr;
    }
    std::shared_ptr<const TlsPki> shared(pki.release());
    memo.map.emplace(key, shared);
    return shared;
}

} // namespace ns3
