/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// RAND_set_rand_method is deprecated in OpenSSL 3 but is the documented way to
// replace the generator process-wide.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "tls-random.h"

#include "ns3/boolean.h"
#include "ns3/global-value.h"
#include "ns3/log.h"
#include "ns3/rng-seed-manager.h"

#include <cstring>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsRandom");

namespace
{

/// Whether TlsContext seeds OpenSSL from ns-3.
GlobalValue g_deterministic("TlsDeterministicRandom",
                            "Derive OpenSSL's randomness from ns-3's seed and run (reproducible "
                            "TLS bytes); false = OpenSSL's own generator.",
                            BooleanValue(true),
                            MakeBooleanChecker());

/// The keystream generator.
EVP_CIPHER_CTX* g_stream = nullptr;
/// The seed last installed (valid if g_seeded).
uint64_t g_lastSeed = 0;
/// A seed was installed.
bool g_seeded = false;

/**
 * RAND_METHOD bytes: the next keystream bytes.
 * \param buf where
 * \param num how many
 * \return 1
 */
int
StreamBytes(unsigned char* buf, int num)
{
    std::memset(buf, 0, static_cast<size_t>(num));
    if (!g_stream)
    {
        return 0;
    }
    int outLength = 0;
    return EVP_EncryptUpdate(g_stream, buf, &outLength, buf, num);
}

/**
 * RAND_METHOD status.
 * \return 1: always ready
 */
int
StreamStatus()
{
    return 1;
}

/**
 * RAND_METHOD seed/add: ignored (the stream depends on the seed only).
 * \return 1
 */
int
StreamSeed(const void*, int)
{
    return 1;
}

/**
 * RAND_METHOD add.
 * \return 1
 */
int
StreamAdd(const void*, int, double)
{
    return 1;
}

/// The method installed in OpenSSL.
RAND_METHOD g_method =
    {&StreamSeed, &StreamBytes, nullptr, &StreamAdd, &StreamBytes, &StreamStatus};

/**
 * Key a keystream generator with SHA-256 of some bytes, from the start of its stream.
 * \param stream the generator (created if nullptr)
 * \param data the seed bytes
 * \param size their number
 * \return true on success
 */
bool
KeyStream(EVP_CIPHER_CTX*& stream, const void* data, size_t size)
{
    unsigned char key[32];
    unsigned int keyLength = 0;
    unsigned char iv[16] = {0};
    if (EVP_Digest(data, size, key, &keyLength, EVP_sha256(), nullptr) != 1)
    {
        return false;
    }
    if (!stream)
    {
        stream = EVP_CIPHER_CTX_new();
    }
    return stream && EVP_EncryptInit_ex(stream, EVP_aes_256_ctr(), nullptr, key, iv) == 1;
}

} // namespace

bool
TlsSetDeterministicRandom(uint64_t seed)
{
    if (!KeyStream(g_stream, &seed, sizeof(seed)))
    {
        return false;
    }
    NS_LOG_INFO("OpenSSL randomness from seed " << seed);
    g_lastSeed = seed;
    g_seeded = true;
    return RAND_set_rand_method(&g_method) == 1;
}

void
TlsSeedRandomFromNs3(bool force)
{
    BooleanValue on;
    g_deterministic.GetValue(on);
    uint64_t seed =
        (static_cast<uint64_t>(RngSeedManager::GetSeed()) << 32) ^ RngSeedManager::GetRun();
    // Reseed only for a new seed or run: the stream goes on across the contexts of
    // one simulation.
    if (on.Get() && (force || !g_seeded || seed != g_lastSeed))
    {
        TlsSetDeterministicRandom(seed);
    }
}

TlsScopedRandom::TlsScopedRandom(const std::string& seed)
    : m_stream(nullptr),
      m_saved(g_stream),
      m_savedMethod(RAND_get_rand_method())
{
    if (!m_savedMethod)
    {
        m_savedMethod = RAND_OpenSSL();
    }
    Reseed(seed);
    g_stream = m_stream;
    RAND_set_rand_method(&g_method);
}

TlsScopedRandom::~TlsScopedRandom()
{
    g_stream = m_saved;
    RAND_set_rand_method(m_savedMethod);
    EVP_CIPHER_CTX_free(m_stream);
}

bool
TlsScopedRandom::Reseed(const std::string& seed)
{
    return KeyStream(m_stream, seed.data(), seed.size());
}

} // namespace ns3
