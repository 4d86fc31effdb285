/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_CPU_GATE_H
#define TLS_CPU_GATE_H

#include "tls-engine.h"
#include "tls-messages.h"

#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

class TlsCpu;

/**
 * \ingroup tls
 * Holds one connection's output back while its node's crypto CPU (TlsCpu)
 * works: each engine step's handshake messages imply public-key operations;
 * their cost is submitted to the CPU, and the step's output may leave only
 * when the CPU is done. Without a TlsCpu on the node the gate is always open.
 */
class TlsCpuGate
{
  public:
    TlsCpuGate();

    /**
     * \param cpu the node's crypto CPU (nullptr: none, the gate stays open)
     * \param role the connection's side
     * \param keyType the certificates' key type (TlsContext::KeyType)
     * \param chainDepth intermediates in the chains
     */
    void Setup(Ptr<TlsCpu> cpu, TlsRole role, const std::string& keyType, uint32_t chainDepth);

    /**
     * \return true if a CPU model is present
     * \deprecated unused by the module
     */
    [[deprecated("TlsCpuGate::IsActive is unused and will be removed")]] bool IsActive() const;

    /// Call before an engine step: starts the host CPU clock of the step.
    void BeginStep();

    /**
     * A handshake message of the current step.
     * \param sent written
     * \param msg the message
     */
    void NoteMessage(bool sent, TlsMessage msg);

    /**
     * Call after an engine step: submits the step's cost.
     * \param engine the engine (for the negotiated parameters)
     * \return 0 if output need not wait; a negative time if it must wait for work
     *         submitted earlier (the wake-up already scheduled stands); else the
     *         new time until which it must wait (schedule the wake-up then)
     */
    Time EndStep(Ptr<TlsEngine> engine);

    /// \return true while output must wait for the CPU
    bool IsHolding() const;

    /// \return the total time output waited for the CPU
    Time GetDelay() const;

  private:
    Ptr<TlsCpu> m_cpu;     //!< the node's crypto CPU, if any
    TlsRole m_role;        //!< the side
    std::string m_keyType; //!< key type
    uint32_t m_chainDepth; //!< chain depth
    double m_stepStart;    //!< host CPU seconds at the start of the step
    Time m_readyAt;        //!< output waits until then
    Time m_delay;          //!< total wait
    std::vector<std::pair<bool, TlsMessage>> m_stepMessages; //!< messages of the current step
};

} // namespace ns3

#endif /* TLS_CPU_GATE_H */
