/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_SCENARIO_H
#define TLS_SCENARIO_H

#include "ns3/ptr.h"
#include "ns3/tls-context.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tls
 * A fault scenario: what goes wrong, and the alert OpenSSL 3 sends for it.
 */
struct TlsScenario
{
    std::string name;        //!< name used in attributes, options and records
    std::string description; //!< what goes wrong
    std::string alert12;     //!< expected alert with TLS 1.2 (RFC name)
    std::string alert13;     //!< expected alert with TLS 1.3 (RFC name)
    std::string sender;      //!< who sends it: "client" or "server"
};

/// \ingroup tls \return every scenario, in a fixed order
const std::vector<TlsScenario>& TlsScenarios();

/**
 * \ingroup tls
 * \param name a scenario name
 * \return the scenario, or nullptr if there is none of that name
 */
const TlsScenario* TlsFindScenario(const std::string& name);

/**
 * \ingroup tls
 * What a scenario needs beyond context attributes.
 */
struct TlsScenarioActions
{
    bool sendGarbage{false}; //!< faulty clients set TlsClient::SendGarbage
    bool tamper{false};      //!< a TlsTamperErrorModel alters the faulty clients' records
};

/**
 * \ingroup tls
 * Configure a scenario. Faults belong to a client population: the faulty
 * clients get their own context, a copy of the good clients' one with the fault;
 * the server context gets only changes that good clients do not notice (it
 * requires client certificates for the client-certificate scenarios).
 *
 * - expired-cert: the faulty client's clock (ClockOffset) is past the server
 *   certificate's NotAfter, so it finds the certificate expired.
 * - unknown-ca: the faulty client trusts another root (TrustLabel).
 * - name-mismatch: the faulty client expects another server name.
 * - version-mismatch: the faulty client offers only TLS 1.0 and 1.1.
 * - no-shared-cipher: the faulty client offers only TLS 1.2 suites for the other
 *   key type's certificates and only TLS_AES_128_CCM_8_SHA256 for TLS 1.3, which
 *   OpenSSL servers do not enable by default.
 * - missing-client-cert: the server requires a client certificate; the faulty
 *   client sends none.
 * - untrusted-client-cert: the server requires a client certificate; the faulty
 *   client's comes from another root.
 * - tampered-record: a byte of the faulty client's first protected handshake
 *   record is flipped on the wire (a TlsTamperErrorModel with Target handshake):
 *   with TLS 1.2 its Finished (the handshake record after its ChangeCipherSpec),
 *   with TLS 1.3 its first encrypted handshake message (Finished, or Certificate
 *   when the server asks for one). The server's record protection fails and it
 *   sends bad_record_mac before its handshake completes. (A TLS 1.3 client is
 *   done once it has sent its Finished, so its own handshake has completed when
 *   the alert arrives.)
 * - garbage: the faulty client sends random bytes instead of a ClientHello.
 *
 * \param name scenario name ("" or "none": no fault)
 * \param server the server context
 * \param faultyClient the faulty clients' context (created by the caller as a
 *        copy of the good clients' context: same attributes)
 * \param[out] actions what else the caller must do
 * \return "" or an error naming the scenario and the known names
 */
std::string TlsApplyScenario(const std::string& name,
                             Ptr<TlsContext> server,
                             Ptr<TlsContext> faultyClient,
                             TlsScenarioActions* actions);

/**
 * \ingroup tls
 * \param name a scenario
 * \param version "1.2" or "1.3"
 * \return the RFC name of the alert the scenario must produce ("" if unknown)
 */
std::string TlsScenarioExpectedAlert(const std::string& name, const std::string& version);

} // namespace ns3

#endif /* TLS_SCENARIO_H */
