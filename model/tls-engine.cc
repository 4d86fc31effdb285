/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-engine.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TlsEngine);

TypeId
TlsEngine::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TlsEngine").SetParent<Object>().SetGroupName("Tls");
    return tid;
}

} // namespace ns3
