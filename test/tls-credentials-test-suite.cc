/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Generated credentials: deterministic from their key seed (a cold cache, a warm one
// and the simulation's seed make no difference, and generation does not advance the
// simulation's random stream); cache entries are checked (FIFO, device, size, OpenSSL's
// key check) and a bad one is regenerated with one warning; a bad user-given key file
// is refused with one line.

#include "tls-test-utils.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/test.h"
#include "ns3/tls-module.h"
#include "ns3/tls-ns3-compat.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace ns3;
using namespace ns3::tls_test;

namespace
{

/**
 * \param prefix a name
 * \return a new, empty directory under the system's temporary directory
 */
std::string
FreshDir(const std::string& prefix)
{
    std::string pattern =
        (std::filesystem::temp_directory_path() / ("ns3-tls-" + prefix + "-XXXXXX")).string();
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    char* dir = mkdtemp(buf.data());
    return dir != nullptr ? dir : "";
}

/**
 * \param key a private key
 * \return its PKCS#8 PEM
 */
std::string
KeyPem(EVP_PKEY* key)
{
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    char* p = nullptr;
    long n = BIO_get_mem_data(bio, &p);
    std::string pem(p, n > 0 ? n : 0);
    BIO_free(bio);
    return pem;
}

/**
 * \param cert a certificate
 * \return its PEM
 */
std::string
CertPem(X509* cert)
{
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, cert);
    char* p = nullptr;
    long n = BIO_get_mem_data(bio, &p);
    std::string pem(p, n > 0 ? n : 0);
    BIO_free(bio);
    return pem;
}

/**
 * \param pki a hierarchy
 * \return every key and certificate of it as PEM, in a fixed order
 */
std::string
PkiPem(const TlsPki& pki)
{
    std::string all = KeyPem(pki.rootKey) + CertPem(pki.root);
    for (size_t i = 0; i < pki.intermediates.size(); i++)
    {
        all += KeyPem(pki.intermediateKeys[i]) + CertPem(pki.intermediates[i]);
    }
    return all + KeyPem(pki.serverKey) + CertPem(pki.serverCert) + KeyPem(pki.clientKey) +
           CertPem(pki.clientCert);
}

/**
 * \param dir a directory
 * \param suffix a file name ending
 * \return the only file of dir whose name ends with suffix, or "" if none or several
 */
std::string
FindFile(const std::string& dir, const std::string& suffix)
{
    std::string found;
    int n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
    {
        std::string name = entry.path().filename().string();
        if (name.size() >= suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
        {
            found = entry.path().string();
            ++n;
        }
    }
    return n == 1 ? found : "";
}

/**
 * \param path a file
 * \return its contents
 */
std::string
Slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/**
 * Collects what is written to stderr (file descriptor 2) while it lives.
 */
class StderrCapture
{
  public:
    StderrCapture()
    {
        std::fflush(stderr);
        std::cerr.flush();
        m_file = std::tmpfile();
        m_saved = dup(2);
        dup2(fileno(m_file), 2);
    }

    ~StderrCapture()
    {
        Stop();
        std::fclose(m_file);
    }

    /// \return what was written so far (and stop capturing)
    std::string Stop()
    {
        if (m_saved >= 0)
        {
            std::fflush(stderr);
            std::cerr.flush();
            dup2(m_saved, 2);
            close(m_saved);
            m_saved = -1;
        }
        std::rewind(m_file);
        std::string text;
        char buf[4096];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof(buf), m_file)) > 0)
        {
            text.append(buf, n);
        }
        return text;
    }

  private:
    FILE* m_file; //!< where stderr goes
    int m_saved;  //!< the original stderr
};

/**
 * \param text some text
 * \return its number of lines
 */
size_t
Lines(const std::string& text)
{
    return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

/**
 * \param type key type
 * \param seed key seed
 * \return the spec of a TlsContext with default attributes (Epoch 2025-01-01,
 *         NotBefore -30 days, NotAfter +365 days, ChainDepth 1) but KeyType and KeySeed
 */
TlsPkiSpec
Spec(TlsKeyType type, uint64_t seed)
{
    const int64_t epoch = 1735689600;
    TlsPkiSpec spec;
    spec.keyType = type;
    spec.caKeyType = type;
    spec.intermediates = 1;
    spec.notBefore = epoch - 30 * 86400;
    spec.notAfter = epoch + 365 * 86400;
    spec.keySeed = seed;
    return spec;
}

/**
 * Write an RSA key whose CRT exponent dP is wrong (dP + 2): it parses, its public
 * part matches its certificate, and a private operation with it is wrong.
 * \param good a good RSA key
 * \param path where to write the damaged key
 * \return true if written
 */
bool
WriteRsaKeyWithBadCrt(EVP_PKEY* good, const std::string& path)
{
    const char* names[] = {OSSL_PKEY_PARAM_RSA_N,
                           OSSL_PKEY_PARAM_RSA_E,
                           OSSL_PKEY_PARAM_RSA_D,
                           OSSL_PKEY_PARAM_RSA_FACTOR1,
                           OSSL_PKEY_PARAM_RSA_FACTOR2,
                           OSSL_PKEY_PARAM_RSA_EXPONENT1,
                           OSSL_PKEY_PARAM_RSA_EXPONENT2,
                           OSSL_PKEY_PARAM_RSA_COEFFICIENT1};
    OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
    std::vector<BIGNUM*> values;
    bool ok = bld != nullptr;
    for (const char* name : names)
    {
        BIGNUM* bn = nullptr;
        ok = ok && EVP_PKEY_get_bn_param(good, name, &bn) == 1;
        if (ok && std::string(name) == OSSL_PKEY_PARAM_RSA_EXPONENT1)
        {
            ok = BN_add_word(bn, 2) == 1;
        }
        values.push_back(bn);
        ok = ok && OSSL_PARAM_BLD_push_BN(bld, name, bn) == 1;
    }
    OSSL_PARAM* params = ok ? OSSL_PARAM_BLD_to_param(bld) : nullptr;
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
    EVP_PKEY* bad = nullptr;
    ok = params != nullptr && ctx != nullptr && EVP_PKEY_fromdata_init(ctx) == 1 &&
         EVP_PKEY_fromdata(ctx, &bad, EVP_PKEY_KEYPAIR, params) == 1;
    std::string pem = ok ? KeyPem(bad) : "";
    EVP_PKEY_free(bad);
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    for (BIGNUM* bn : values)
    {
        BN_free(bn);
    }
    ERR_clear_error();
    if (pem.empty())
    {
        return false;
    }
    std::filesystem::remove(path);
    std::ofstream(path, std::ios::binary) << pem;
    return true;
}

/**
 * \ingroup tls-test
 * The same key seed gives byte-identical keys and certificates with a cold cache,
 * a warm one, another cache directory and another simulation seed; another key
 * seed gives other keys; generation leaves the simulation's stream where it was.
 */
class TlsKeySeedTestCase : public TestCase
{
  public:
    TlsKeySeedTestCase()
        : TestCase("generated credentials depend on the key seed only")
    {
    }

  private:
    void DoRun() override
    {
        for (TlsKeyType type : {TlsKeyType::ECDSA_P256, TlsKeyType::RSA2048})
        {
            std::string name = TlsKeyTypeName(type);
            std::string dirA = FreshDir("seedA");
            std::string dirB = FreshDir("seedB");
            std::string error;

            // The simulation's stream, seeded: its next 32 bytes, without any generation.
            unsigned char expected[32];
            unsigned char after[32];
            TlsSetDeterministicRandom(111);
            RAND_bytes(expected, sizeof(expected));

            TlsSetDeterministicRandom(111);
            auto cold = TlsGetPki(Spec(type, 1), dirA, &error);
            NS_TEST_ASSERT_MSG_NE(cold, nullptr, name << ": " << error);
            RAND_bytes(after, sizeof(after));
            NS_TEST_EXPECT_MSG_EQ(std::string(expected, expected + 32),
                                  std::string(after, after + 32),
                                  name << ": generation consumed none of the simulation's stream");

            // Warm: the same directory under another name, so the in-process memo misses
            // and the files are read.
            TlsSetDeterministicRandom(111);
            auto warm = TlsGetPki(Spec(type, 1), dirA + "/.", &error);
            NS_TEST_ASSERT_MSG_NE(warm, nullptr, name << ": " << error);
            RAND_bytes(after, sizeof(after));
            NS_TEST_EXPECT_MSG_EQ(std::string(expected, expected + 32),
                                  std::string(after, after + 32),
                                  name << ": loading consumed none of the simulation's stream");
            NS_TEST_EXPECT_MSG_NE(cold.get(), warm.get(), name << ": read again, not memoised");

            // Cold again in another directory, under another simulation seed.
            TlsSetDeterministicRandom(222);
            auto other = TlsGetPki(Spec(type, 1), dirB, &error);
            NS_TEST_ASSERT_MSG_NE(other, nullptr, name << ": " << error);

            std::string coldPem = PkiPem(*cold);
            NS_TEST_EXPECT_MSG_EQ((PkiPem(*warm) == coldPem), true, name << ": warm == cold");
            NS_TEST_EXPECT_MSG_EQ((PkiPem(*other) == coldPem),
                                  true,
                                  name << ": another directory and simulation seed == cold");

            // Another key seed: other keys, in other files of the same directory.
            auto seed2 = TlsGetPki(Spec(type, 2), dirA, &error);
            NS_TEST_ASSERT_MSG_NE(seed2, nullptr, name << ": " << error);
            NS_TEST_EXPECT_MSG_EQ((KeyPem(seed2->serverKey) != KeyPem(cold->serverKey)),
                                  true,
                                  name << ": key seed 2 gives another server key");
            NS_TEST_EXPECT_MSG_EQ((KeyPem(seed2->rootKey) != KeyPem(cold->rootKey)),
                                  true,
                                  name << ": key seed 2 gives another root key");
            auto again = TlsGetPki(Spec(type, 1), dirA + "/./.", &error);
            NS_TEST_ASSERT_MSG_NE(again, nullptr, name << ": " << error);
            NS_TEST_EXPECT_MSG_EQ((PkiPem(*again) == coldPem),
                                  true,
                                  name << ": seed 1 unchanged by seed 2's entries");
            std::filesystem::remove_all(dirA);
            std::filesystem::remove_all(dirB);
        }
    }
};

/**
 * \ingroup tls-test
 * Bad cache entries are regenerated with one warning line: an RSA key with a
 * wrong CRT value, a FIFO, a link to /dev/zero, an oversized file; the
 * regenerated hierarchy is the original one and handshakes with it succeed.
 */
class TlsBadCacheEntryTestCase : public TestCase
{
  public:
    TlsBadCacheEntryTestCase()
        : TestCase("bad key cache entries are regenerated with a warning")
    {
    }

  private:
    /**
     * Load the hierarchy again from dir (under a new name: the memo misses) and
     * check that it is the original one and that one warning naming path was given.
     * \param dir the cache directory, as named this time
     * \param path the damaged entry
     * \param why what the warning must say
     * \param original the original hierarchy as PEM
     * \param type its key type
     */
    void Reload(const std::string& dir,
                const std::string& path,
                const std::string& why,
                const std::string& original,
                TlsKeyType type)
    {
        std::string error;
        StderrCapture capture;
        auto pki = TlsGetPki(Spec(type, 1), dir, &error);
        std::string warnings = capture.Stop();
        NS_TEST_ASSERT_MSG_NE(pki, nullptr, error);
        NS_TEST_EXPECT_MSG_EQ(Lines(warnings), 1, "one warning line: " << warnings);
        NS_TEST_EXPECT_MSG_NE(warnings.find("warning"), std::string::npos, warnings);
        // The directory is named differently each time: look for the file's name.
        std::string file = std::filesystem::path(path).filename().string();
        NS_TEST_EXPECT_MSG_NE(warnings.find(file), std::string::npos, warnings);
        NS_TEST_EXPECT_MSG_NE(warnings.find(why), std::string::npos, warnings);
        NS_TEST_EXPECT_MSG_EQ((PkiPem(*pki) == original), true, "regenerated as before: " << path);
        struct stat st;
        NS_TEST_EXPECT_MSG_EQ((lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)),
                              true,
                              "a regular file replaces the bad entry");
    }

    /**
     * Run one TLS 1.2 handshake (RSA key transport is not needed: ECDHE-RSA signs
     * with the server key, so a wrong private key fails it) with the credentials of
     * a cache directory.
     * \param dir the cache directory
     * \return the client's record outcome
     */
    std::string Handshake(const std::string& dir)
    {
        Star star = BuildStar(1, MilliSeconds(5), DataRate("100Mbps"));
        Ptr<TlsContext> context = CreateObject<TlsContext>();
        context->SetAttribute("KeyType", StringValue("rsa2048"));
        context->SetAttribute("CacheDirectory", StringValue(dir));
        context->SetAttribute("MaxVersion", StringValue("1.2"));
        TlsServerHelper serverHelper(443);
        serverHelper.SetContext(context);
        ApplicationContainer servers = serverHelper.Install(star.server);
        TlsClientHelper client(ServerSocketAddress(star, 443));
        client.SetContext(context);
        ApplicationContainer clients = client.Install(star.clients);
        servers.Start(Seconds(0));
        clients.Start(Seconds(1));
        RecordLog log;
        log.Attach(clients);
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        std::string outcome =
            log.Records().size() == 1 ? TlsOutcomeName(log.Records()[0].outcome) : "no record";
        Simulator::Destroy();
        return outcome;
    }

    void DoRun() override
    {
        std::string dir = FreshDir("bad");
        std::string error;
        // The hierarchy a context with KeyType rsa2048 uses (its default validity
        // window): first through a context, so that the handshake below reads the files.
        NS_TEST_ASSERT_MSG_EQ(Handshake(dir), "ok", "a handshake with a fresh cache");
        std::string serverKey = FindFile(dir, "-server.key.pem");
        std::string rootKey = FindFile(dir, "-root.key.pem");
        std::string certs = FindFile(dir, ".certs.pem");
        NS_TEST_ASSERT_MSG_NE(serverKey, "", "one server key file in " << dir);
        NS_TEST_ASSERT_MSG_NE(rootKey, "", "one root key file in " << dir);
        NS_TEST_ASSERT_MSG_NE(certs, "", "one certificate file in " << dir);
        NS_TEST_EXPECT_MSG_NE(serverKey.find("k1"), std::string::npos, "key seed in the name");
        std::string goodServerKey = Slurp(serverKey);

        // A wrong CRT exponent: parses, matches the certificate, fails OpenSSL's check.
        // Through a context (new name of the directory: the memo misses): one warning,
        // the key is repaired, handshakes succeed.
        {
            BIO* bio =
                BIO_new_mem_buf(goodServerKey.data(), static_cast<int>(goodServerKey.size()));
            EVP_PKEY* good = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
            BIO_free(bio);
            NS_TEST_ASSERT_MSG_NE(good, nullptr, "the cached key parses");
            NS_TEST_ASSERT_MSG_EQ(WriteRsaKeyWithBadCrt(good, serverKey), true, "damaged key");
            EVP_PKEY_free(good);
            NS_TEST_EXPECT_MSG_NE(Slurp(serverKey), goodServerKey, "the file was changed");
            StderrCapture capture;
            std::string outcome = Handshake(dir + "/.");
            std::string warnings = capture.Stop();
            NS_TEST_EXPECT_MSG_EQ(outcome, "ok", "a handshake after the repair");
            NS_TEST_EXPECT_MSG_EQ(Lines(warnings), 1, "one warning line: " << warnings);
            std::string file = std::filesystem::path(serverKey).filename().string();
            NS_TEST_EXPECT_MSG_NE(warnings.find(file), std::string::npos, warnings);
            NS_TEST_EXPECT_MSG_NE(warnings.find("key check"), std::string::npos, warnings);
            NS_TEST_EXPECT_MSG_EQ(Slurp(serverKey), goodServerKey, "the key file repaired");
        }

        // The same hierarchy through TlsGetPki, for the other damages.
        TlsPkiSpec spec = Spec(TlsKeyType::RSA2048, 1);
        auto reference = TlsGetPki(spec, dir + "/./.", &error);
        NS_TEST_ASSERT_MSG_NE(reference, nullptr, error);
        std::string original = PkiPem(*reference);
        std::string name = dir;
        auto rename = [&name]() { return name += "/."; };
        rename();
        rename();

        // A good key without the record of its check: checked again, no warning, and the
        // record written again (it holds the SHA-256 of the key file).
        std::string checked = serverKey + ".checked";
        NS_TEST_ASSERT_MSG_EQ(std::filesystem::remove(checked), true, "record of the check");
        {
            StderrCapture capture;
            auto pki = TlsGetPki(spec, rename(), &error);
            std::string warnings = capture.Stop();
            NS_TEST_ASSERT_MSG_NE(pki, nullptr, error);
            NS_TEST_EXPECT_MSG_EQ(warnings, "", "a good key gives no warning");
            NS_TEST_EXPECT_MSG_EQ((PkiPem(*pki) == original), true, "the same hierarchy");
            unsigned char md[32];
            unsigned int len = 0;
            std::string pem = Slurp(serverKey);
            EVP_Digest(pem.data(), pem.size(), md, &len, EVP_sha256(), nullptr);
            std::string hex;
            char digit[3];
            for (unsigned int i = 0; i < len; i++)
            {
                std::snprintf(digit, sizeof(digit), "%02x", md[i]);
                hex += digit;
            }
            NS_TEST_EXPECT_MSG_EQ(Slurp(checked), hex + "\n", "the check is recorded");
        }

        // A FIFO at a key path: no hang (nothing writes to it).
        std::filesystem::remove(rootKey);
        NS_TEST_ASSERT_MSG_EQ(mkfifo(rootKey.c_str(), 0600), 0, "FIFO made");
        Reload(rename(), rootKey, "not a regular file", original, TlsKeyType::RSA2048);

        // A key path linked to /dev/zero: no unbounded read.
        std::filesystem::remove(serverKey);
        std::filesystem::create_symlink("/dev/zero", serverKey);
        Reload(rename(), serverKey, "not a regular file", original, TlsKeyType::RSA2048);

        // The certificate file linked to /dev/zero.
        std::filesystem::remove(certs);
        std::filesystem::create_symlink("/dev/zero", certs);
        Reload(rename(), certs, "not a regular file", original, TlsKeyType::RSA2048);

        // An oversized key file (1 MiB of PEM-looking text).
        std::filesystem::remove(serverKey);
        {
            std::ofstream big(serverKey, std::ios::binary);
            big << goodServerKey;
            big << std::string(1 << 20, 'A');
        }
        Reload(rename(), serverKey, "larger than", original, TlsKeyType::RSA2048);

        // Garbage in a key file.
        std::filesystem::remove(serverKey);
        std::ofstream(serverKey, std::ios::binary) << "not a key\n";
        Reload(rename(), serverKey, "no PEM private key", original, TlsKeyType::RSA2048);

        // A certificate file whose certificates are not those of the keys.
        std::filesystem::remove(certs);
        std::ofstream(certs, std::ios::binary) << CertPem(reference->root);
        Reload(rename(), certs, "certificates", original, TlsKeyType::RSA2048);

        std::filesystem::remove_all(dir);
    }
};

/**
 * \ingroup tls-test
 * A user's PrivateKeyFile is checked and refused (never regenerated) with one line
 * naming the attribute: a FIFO, a link to /dev/zero, an RSA key with a wrong CRT
 * value; a good one is accepted.
 */
class TlsUserKeyFileTestCase : public TestCase
{
  public:
    TlsUserKeyFileTestCase()
        : TestCase("a bad user-given PrivateKeyFile is refused with one line")
    {
    }

  private:
    /**
     * \param certFile certificate file
     * \param keyFile key file
     * \return the error of configuring a server context with them
     */
    std::string Configure(const std::string& certFile, const std::string& keyFile)
    {
        Ptr<TlsContext> context = CreateObject<TlsContext>();
        context->SetAttribute("CacheDirectory", StringValue(TestCacheDir()));
        context->SetAttribute("CertificateFile", StringValue(certFile));
        context->SetAttribute("PrivateKeyFile", StringValue(keyFile));
        return context->Configure(TlsRole::SERVER);
    }

    /**
     * \param error an error
     * \param path the file it must name
     * \param why what it must say
     */
    void ExpectRefused(const std::string& error, const std::string& path, const std::string& why)
    {
        NS_TEST_EXPECT_MSG_NE(error.find("PrivateKeyFile"), std::string::npos, error);
        NS_TEST_EXPECT_MSG_NE(error.find(path), std::string::npos, error);
        NS_TEST_EXPECT_MSG_NE(error.find(why), std::string::npos, error);
        NS_TEST_EXPECT_MSG_EQ(error.find('\n'), std::string::npos, "one line: " << error);
    }

    void DoRun() override
    {
        std::string dir = FreshDir("user");
        std::string error;
        auto pki = TlsGetPki(Spec(TlsKeyType::RSA2048, 1), dir, &error);
        NS_TEST_ASSERT_MSG_NE(pki, nullptr, error);
        std::string cert = dir + "/server.crt";
        std::string key = dir + "/server.key";
        std::ofstream(cert, std::ios::binary) << CertPem(pki->serverCert);
        std::ofstream(key, std::ios::binary) << KeyPem(pki->serverKey);
        NS_TEST_EXPECT_MSG_EQ(Configure(cert, key), "", "good files accepted");
        NS_TEST_EXPECT_MSG_EQ(TlsCheckCredentialFile("PrivateKeyFile", key, true), "", "good key");

        std::string bad = dir + "/bad.key";
        NS_TEST_ASSERT_MSG_EQ(WriteRsaKeyWithBadCrt(pki->serverKey, bad), true, "damaged key");
        ExpectRefused(Configure(cert, bad), bad, "key check");

        std::string fifo = dir + "/fifo.key";
        NS_TEST_ASSERT_MSG_EQ(mkfifo(fifo.c_str(), 0600), 0, "FIFO made");
        ExpectRefused(Configure(cert, fifo), fifo, "not a regular file");

        std::string zero = dir + "/zero.key";
        std::filesystem::create_symlink("/dev/zero", zero);
        ExpectRefused(Configure(cert, zero), zero, "not a regular file");

        std::string missing = dir + "/missing.key";
        ExpectRefused(Configure(cert, missing), missing, "does not exist");

        // A certificate file that is a FIFO: refused too, naming its attribute.
        std::string fifoCert = dir + "/fifo.crt";
        NS_TEST_ASSERT_MSG_EQ(mkfifo(fifoCert.c_str(), 0600), 0, "FIFO made");
        error = Configure(fifoCert, key);
        NS_TEST_EXPECT_MSG_NE(error.find("CertificateFile"), std::string::npos, error);
        NS_TEST_EXPECT_MSG_NE(error.find("not a regular file"), std::string::npos, error);
        std::filesystem::remove_all(dir);
    }
};

/**
 * \ingroup tls-test
 * Credentials suite.
 */
class TlsCredentialsTestSuite : public TestSuite
{
  public:
    TlsCredentialsTestSuite()
        : TestSuite("tls-credentials", tls_compat::UNIT)
    {
        AddTestCase(new TlsKeySeedTestCase, tls_compat::QUICK);
        AddTestCase(new TlsBadCacheEntryTestCase, tls_compat::QUICK);
        AddTestCase(new TlsUserKeyFileTestCase, tls_compat::QUICK);
    }
};

static TlsCredentialsTestSuite g_tlsCredentialsTestSuite; //!< static instance

} // namespace
