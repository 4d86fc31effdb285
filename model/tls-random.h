/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_RANDOM_H
#define TLS_RANDOM_H

#include <cstdint>
#include <string>

typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;
typedef struct rand_meth_st RAND_METHOD;

namespace ns3
{

/**
 * \ingroup tls
 * Make OpenSSL's randomness (client and server randoms, key shares, ECDSA
 * nonces, tickets, padding) a deterministic stream derived from a seed, so that
 * a run is reproduced byte for byte from its ns-3 seed and run number. The
 * stream is AES-256-CTR keystream from OpenSSL itself, keyed by SHA-256 of the
 * seed. It replaces OpenSSL's random generator for the whole process: for
 * simulation only, never for real traffic.
 *
 * \param seed the seed (e.g. from RngSeedManager's seed and run)
 * \return true if installed
 */
bool TlsSetDeterministicRandom(uint64_t seed);

/**
 * \ingroup tls
 * Seed the deterministic stream from ns-3's RngSeedManager (seed and run), if
 * it was not seeded with the same values already (the stream goes on across
 * the contexts of one simulation). Called by TlsContext::Configure, unless the
 * global value TlsDeterministicRandom is false.
 * \param force reseed even if the seed and run did not change (a new simulation)
 */
void TlsSeedRandomFromNs3(bool force = false);

/**
 * \ingroup tls
 * While it lives, OpenSSL's randomness is a deterministic stream of its own,
 * derived from a seed string (the same AES-256-CTR keystream as
 * TlsSetDeterministicRandom, keyed by SHA-256 of the string), whatever the
 * simulation's stream and whether TlsDeterministicRandom is on. The simulation's
 * stream is set aside untouched (not a byte of it is consumed) and OpenSSL's
 * previous generator is restored at the end. Key and certificate generation use
 * it, so that generated credentials depend on their key seed only: a cold key
 * cache and a warm one give the same keys and the same run.
 * Not reentrant: one scope at a time.
 */
class TlsScopedRandom
{
  public:
    /// \param seed the seed string
    explicit TlsScopedRandom(const std::string& seed);
    ~TlsScopedRandom();
    TlsScopedRandom(const TlsScopedRandom&) = delete;
    TlsScopedRandom& operator=(const TlsScopedRandom&) = delete;

    /**
     * Restart the stream from another seed string (e.g. one per generated key,
     * so that each key is independent of what else was generated or loaded).
     * \param seed the seed string
     * \return true on success
     */
    bool Reseed(const std::string& seed);

  private:
    EVP_CIPHER_CTX* m_stream;         //!< this scope's keystream
    EVP_CIPHER_CTX* m_saved;          //!< the stream set aside
    const RAND_METHOD* m_savedMethod; //!< OpenSSL's generator before this scope
};

} // namespace ns3

#endif /* TLS_RANDOM_H */
