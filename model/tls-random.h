/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_RANDOM_H
#define TLS_RANDOM_H

#include <cstdint>

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

} // namespace ns3

#endif /* TLS_RANDOM_H */
