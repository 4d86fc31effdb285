/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-cpu-gate.h"

#include "tls-cpu.h"

#include "ns3/simulator.h"

#include <algorithm>
#include <ctime>

namespace ns3
{

namespace
{

/**
 * \return this thread's CPU time in seconds
 */
double
ThreadCpuSeconds()
{
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

} // namespace

TlsCpuGate::TlsCpuGate()
    : m_role(TlsRole::CLIENT),
      m_chainDepth(1),
      m_stepStart(0),
      m_readyAt(Seconds(0)),
      m_delay(Seconds(0))
{
}

void
TlsCpuGate::Setup(Ptr<TlsCpu> cpu, TlsRole role, const std::string& keyType, uint32_t chainDepth)
{
    m_cpu = cpu;
    m_role = role;
    m_keyType = keyType;
    m_chainDepth = chainDepth;
}

bool
TlsCpuGate::IsActive() const
{
    return m_cpu != nullptr;
}

void
TlsCpuGate::BeginStep()
{
    if (m_cpu)
    {
        m_stepStart = ThreadCpuSeconds();
    }
}

void
TlsCpuGate::NoteMessage(bool sent, TlsMessage msg)
{
    if (m_cpu)
    {
        m_stepMessages.emplace_back(sent, msg);
    }
}

Time
TlsCpuGate::EndStep(Ptr<TlsEngine> engine)
{
    if (!m_cpu)
    {
        return Seconds(0);
    }
    double measured = ThreadCpuSeconds() - m_stepStart;
    if (m_stepMessages.empty())
    {
        return IsHolding() ? Time(-1) : Seconds(0);
    }
    TlsCpuStep step;
    step.role = m_role;
    TlsHandshakeInfo info = engine->GetHandshakeInfo();
    if (info.version == "1.2" || info.version == "1.3")
    {
        step.version = info.version;
    }
    step.messages.swap(m_stepMessages);
    step.keyType = m_keyType;
    step.group = info.group;
    step.chainDepth = m_chainDepth;
    step.rsaKeyTransport = info.cipher.rfind("TLS_RSA_WITH", 0) == 0;
    step.resumed = info.resumed;
    step.measuredSeconds = measured;
    Time ready = std::max(m_cpu->Submit(step), m_readyAt);
    if (ready <= Simulator::Now())
    {
        return Seconds(0);
    }
    m_delay += ready - std::max(Simulator::Now(), m_readyAt);
    m_readyAt = ready;
    return ready;
}

bool
TlsCpuGate::IsHolding() const
{
    return Simulator::Now() < m_readyAt;
}

Time
TlsCpuGate::GetDelay() const
{
    return m_delay;
}

} // namespace ns3
