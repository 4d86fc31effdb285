/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_CPU_H
#define TLS_CPU_H

#include "tls-engine.h"
#include "tls-messages.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup tls
 * One step of a handshake at one side: what the engine did with one piece of
 * input (or at start), described by the messages it read and wrote.
 */
struct TlsCpuStep
{
    TlsRole role{TlsRole::CLIENT};                     //!< the side
    std::string version;                               //!< "1.2", "1.3", or "" (not known yet)
    std::vector<std::pair<bool, TlsMessage>> messages; //!< (sent, message) in order
    std::string keyType;         //!< key type of both sides' certificates (TlsContext::KeyType)
    std::string group;           //!< key exchange group ("" = not known yet: x25519 assumed)
    uint32_t chainDepth{1};      //!< intermediates in the peer's chain
    bool rsaKeyTransport{false}; //!< TLS 1.2 RSA key transport (no ServerKeyExchange)
    bool resumed{false};         //!< abbreviated handshake (no certificates)
    double measuredSeconds{0};   //!< CPU time the step really took on the host
};

/**
 * \ingroup tls
 * A public-key operation that a handshake step implies.
 */
struct TlsCpuOperation
{
    std::string operation; //!< sign, verify, keygen, derive, rsa-encrypt or rsa-decrypt
    std::string algorithm; //!< canonical key type (sign, verify, rsa-*) or group (keygen, derive)
    uint32_t count{0};     //!< how many times
};

/**
 * \ingroup tls
 * Costs of public-key operations in microseconds, keyed by (operation,
 * algorithm) with canonical names, e.g. ("sign", "p256") or ("keygen", "x25519").
 */
using TlsCpuCostTable = std::map<std::pair<std::string, std::string>, double>;

/**
 * \ingroup tls
 * \return the built-in cost table, measured with the tls-cpu-calibrate example
 * (see doc/cpu-costs.md for the machine and the command)
 */
TlsCpuCostTable TlsCpuBuiltinCostTable();

/**
 * \ingroup tls
 * Read a cost table file: CSV with the header "operation,algorithm,microseconds",
 * one operation per line; empty lines and lines starting with '#' are ignored.
 * The entries of the file are added to \p table, replacing entries of the same
 * (operation, algorithm); on error \p table is left unchanged.
 * \param fileName the file
 * \param table the table to add the entries to
 * \return "" on success, else a message naming the file and the reason (with the
 * line number and content for a malformed line)
 */
std::string TlsCpuParseCostTable(const std::string& fileName, TlsCpuCostTable& table);

/**
 * \ingroup tls
 * \param keyType a key type name: rsa2048, rsa3072, rsa4096, p256, p384, ed25519 or an
 * alias (RSA-2048, P-256, prime256v1, secp384r1, ...)
 * \return the canonical key type, or "" if unknown ("" maps to "p256")
 */
std::string TlsCpuNormalizeKeyType(const std::string& keyType);

/**
 * \ingroup tls
 * \param group a key exchange group name: x25519, x448, secp256r1, secp384r1,
 * secp521r1, ffdhe2048 ... ffdhe8192, an alias (P-256, prime256v1, X25519-253, ...) or
 * a TLS 1.2 finite-field DHE key as OpenSSL reports it ("DH-2048": the ffdhe group of
 * at least that size)
 * \return the canonical group, or "" if unknown ("" maps to "x25519")
 */
std::string TlsCpuNormalizeGroup(const std::string& group);

/**
 * \ingroup tls
 * A node's crypto CPU: K cores that execute the public-key work of handshake
 * steps (sign, verify, key generation, key derivation). Work waits for a free
 * core; a connection's output leaves when its work is done. Aggregate one to a
 * node to model it; without one, crypto takes no simulated time.
 *
 * The cost of a step is, in mode "table", the sum of the costs of the public-key
 * operations its messages imply (GetOperations) taken from the cost table, and in
 * mode "measured", the host CPU time of the step (TlsCpuStep::measuredSeconds);
 * both are multiplied by the attribute Scale. Symmetric cryptography (record
 * protection, HKDF, Finished MACs, ticket encryption) is not charged.
 */
class TlsCpu : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Values of the Mode attribute: how a step's cost is found.
    enum Mode
    {
        TABLE,   //!< "table": the step's public-key operations, priced by CostTable
        MEASURED //!< "measured": the host CPU time of the OpenSSL call
    };

    TlsCpu();
    ~TlsCpu() override;

    /**
     * Queue the work of a step.
     * \param step the step
     * \return when the work completes (now if there is none)
     */
    Time Submit(const TlsCpuStep& step);

    /**
     * Queue a job of a given cost: it starts on the core that is free first
     * (ties: the lowest core index), at the earliest now.
     * \param cost the CPU time of the job
     * \return when the job completes (now if the cost is not positive; no job is
     * counted then)
     */
    Time SubmitCost(Time cost);

    /**
     * \param step a step
     * \return the CPU time its public-key work costs
     */
    Time GetCost(const TlsCpuStep& step) const;

    /**
     * The public-key operations that a step implies, following OpenSSL 3's
     * behaviour (see doc/cpu-costs.md). Independent of the mode and the table.
     * \param step a step
     * \return the operations, same (operation, algorithm) merged, in the order of
     * their first occurrence
     */
    static std::vector<TlsCpuOperation> GetOperations(const TlsCpuStep& step);

    /**
     * \param operation sign, verify, keygen, derive, rsa-encrypt or rsa-decrypt
     * \param algorithm a key type or group (aliases accepted)
     * \return its cost from the cost table, multiplied by Scale
     */
    Time GetOperationCost(const std::string& operation, const std::string& algorithm) const;

    /// \return the number of cores
    uint32_t GetCores() const;
    /// \return jobs with a positive cost submitted so far
    uint64_t GetJobs() const;
    /// \return the sum of the costs of the jobs
    Time GetBusyTime() const;
    /// \return the sum of the jobs' waits for a core
    Time GetTotalQueueingDelay() const;
    /// \return the longest wait of a job for a core
    Time GetMaxQueueingDelay() const;
    /// Clear the statistics (jobs, busy time, queueing delays); cores keep their work.
    void ResetStatistics();

    /**
     * TracedCallback signature of the Job trace source.
     * \param cost the job's CPU time
     * \param queueingDelay how long it waited for a core
     */
    typedef void (*JobTracedCallback)(Time cost, Time queueingDelay);

  private:
    /// \param cores the Cores attribute
    void SetCores(uint32_t cores);
    /// \param fileName the CostTable attribute
    void SetCostTable(std::string fileName);
    /// \return the CostTable attribute
    std::string GetCostTable() const;
    /// \param scale the Scale attribute
    void SetScale(double scale);
    /// \return the Scale attribute
    double GetScale() const;

    /**
     * \param operation a canonical operation
     * \param algorithm a canonical algorithm
     * \return the table cost in microseconds, unscaled
     */
    double LookUp(const std::string& operation, const std::string& algorithm) const;

    std::vector<Time> m_coreFree; //!< when each core finishes its queued work
    Mode m_mode{TABLE};           //!< Mode attribute
    std::string m_costTableFile;  //!< CostTable attribute
    TlsCpuCostTable m_table;      //!< costs in use
    double m_scale{1.0};          //!< Scale attribute

    uint64_t m_jobs{0};                    //!< jobs with a positive cost
    Time m_busy;                           //!< sum of job costs
    Time m_totalQueueing;                  //!< sum of queueing delays
    Time m_maxQueueing;                    //!< longest queueing delay
    TracedCallback<Time, Time> m_jobTrace; //!< Job trace source
};

} // namespace ns3

#endif /* TLS_CPU_H */
