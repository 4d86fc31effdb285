/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-cpu.h"

#include "ns3/simulator.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TlsCpu);

TypeId
TlsCpu::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TlsCpu").SetParent<Object>().SetGroupName("Tls").AddConstructor<TlsCpu>();
    return tid;
}

TlsCpu::TlsCpu()
{
}

Time
TlsCpu::Submit(const TlsCpuStep& step)
{
    return Simulator::Now() + GetCost(step);
}

Time
TlsCpu::GetCost(const TlsCpuStep& /* step */) const
{
    return Seconds(0);
}

} // namespace ns3
