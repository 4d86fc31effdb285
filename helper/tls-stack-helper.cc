/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-stack-helper.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/node.h"
#include "ns3/profiled-tcp-l4-protocol.h"
#include "ns3/tls-socket-factory.h"

namespace ns3
{

TlsStackHelper::TlsStackHelper()
    : m_secureTcp(false)
{
    m_contextFactory.SetTypeId(TlsContext::GetTypeId());
}

void
TlsStackHelper::SetContextAttribute(const std::string& name, const AttributeValue& value)
{
    NS_ABORT_MSG_IF(m_context,
                    "TlsStackHelper: SetContextAttribute(" << name
                                                           << ") after the context was made");
    m_contextFactory.Set(name, value);
}

void
TlsStackHelper::SetSocketAttribute(const std::string& name, const AttributeValue& value)
{
    m_socketAttributes.emplace_back(name, value.Copy());
}

void
TlsStackHelper::SetContext(Ptr<TlsContext> context)
{
    m_context = context;
}

Ptr<TlsContext>
TlsStackHelper::GetContext()
{
    if (!m_context)
    {
        m_context = m_contextFactory.Create<TlsContext>();
    }
    return m_context;
}

std::string
TlsStackHelper::Check()
{
    Ptr<TlsContext> context = GetContext();
    std::string error = context->Configure(TlsRole::CLIENT);
    return error.empty() ? context->Configure(TlsRole::SERVER) : error;
}

void
TlsStackHelper::SetSecureTcp(bool secure)
{
    m_secureTcp = secure;
}

void
TlsStackHelper::SetTcpFastPath(bool fast)
{
    m_tcpFastPath = fast;
}

void
TlsStackHelper::Install(NodeContainer nodes)
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Install(*it);
    }
}

void
TlsStackHelper::Install(Ptr<Node> node)
{
    // One TCP for every socket of the node: TLS sockets, and the plain TCP sockets of
    // BulkSend, PacketSink or a user's own application.
    Ptr<ProfiledTcpL4Protocol> tcp = ProfiledTcpL4Protocol::Install(node);
    NS_ABORT_MSG_IF(!tcp,
                    "TlsStackHelper: node " << node->GetId()
                                            << " has no TCP (install the internet stack first)");
    Ptr<TlsSocketFactory> factory = TlsSocketFactory::Install(node);
    factory->SetContext(GetContext());
    if (m_tcpFastPath)
    {
        factory->SetAttribute("TcpFastPath", BooleanValue(*m_tcpFastPath));
        tcp->SetAttribute("Indexed", BooleanValue(*m_tcpFastPath));
    }
    for (const auto& attribute : m_socketAttributes)
    {
        factory->SetSocketAttribute(attribute.first, *attribute.second);
    }
    if (m_secureTcp)
    {
        NS_ABORT_MSG_IF(!TlsSecureTcpFactory::Install(node),
                        "TlsStackHelper: node "
                            << node->GetId() << " has no TCP (install the internet stack first)");
    }
}

} // namespace ns3
