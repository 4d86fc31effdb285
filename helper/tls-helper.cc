/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-helper.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/names.h"
#include "ns3/tls-application.h"
#include "ns3/uinteger.h"

namespace ns3
{

TlsApplicationHelper::TlsApplicationHelper(const std::string& typeId)
{
    m_factory.SetTypeId(typeId);
    m_contextFactory.SetTypeId("ns3::TlsContext");
}

void
TlsApplicationHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

void
TlsApplicationHelper::SetContextAttribute(const std::string& name, const AttributeValue& value)
{
    if (m_context)
    {
        m_context->SetAttribute(name, value);
    }
    else
    {
        m_contextFactory.Set(name, value);
    }
}

void
TlsApplicationHelper::SetContext(Ptr<TlsContext> context)
{
    m_context = context;
}

Ptr<TlsContext>
TlsApplicationHelper::GetContext()
{
    if (!m_context)
    {
        m_context = m_contextFactory.Create<TlsContext>();
    }
    return m_context;
}

ApplicationContainer
TlsApplicationHelper::Install(Ptr<Node> node)
{
    return ApplicationContainer(InstallPriv(node));
}

ApplicationContainer
TlsApplicationHelper::Install(const std::string& nodeName)
{
    return ApplicationContainer(InstallPriv(Names::Find<Node>(nodeName)));
}

ApplicationContainer
TlsApplicationHelper::Install(NodeContainer nodes)
{
    ApplicationContainer apps;
    for (auto i = nodes.Begin(); i != nodes.End(); ++i)
    {
        apps.Add(InstallPriv(*i));
    }
    return apps;
}

Ptr<Application>
TlsApplicationHelper::InstallPriv(Ptr<Node> node)
{
    Ptr<TlsApplication> app = m_factory.Create<TlsApplication>();
    app->SetContext(GetContext());
    node->AddApplication(app);
    return app;
}

TlsServerHelper::TlsServerHelper(uint16_t port)
    : TlsApplicationHelper("ns3::TlsServer")
{
    m_factory.Set("Local", AddressValue(InetSocketAddress(Ipv4Address::GetAny(), port)));
}

TlsServerHelper::TlsServerHelper(const Address& local)
    : TlsApplicationHelper("ns3::TlsServer")
{
    m_factory.Set("Local", AddressValue(local));
}

TlsClientHelper::TlsClientHelper(const Address& remote)
    : TlsApplicationHelper("ns3::TlsClient")
{
    m_factory.Set("Remote", AddressValue(remote));
}

TlsClientHelper::TlsClientHelper(const Address& ip, uint16_t port)
    : TlsApplicationHelper("ns3::TlsClient")
{
    if (Ipv4Address::IsMatchingType(ip))
    {
        m_factory.Set("Remote",
                      AddressValue(InetSocketAddress(Ipv4Address::ConvertFrom(ip), port)));
    }
    else
    {
        m_factory.Set("Remote",
                      AddressValue(Inet6SocketAddress(Ipv6Address::ConvertFrom(ip), port)));
    }
}

bool
TlsTakeOption(int* argc, char** argv, const std::string& name, std::string* value)
{
    const std::string flag = "--" + name;
    bool found = false;
    int out = 1;
    for (int in = 1; in < *argc; ++in)
    {
        std::string arg = argv[in];
        if (arg.rfind(flag + "=", 0) == 0)
        {
            *value = arg.substr(flag.size() + 1);
            found = true;
        }
        else if (arg == flag && in + 1 < *argc)
        {
            *value = argv[++in];
            found = true;
        }
        else
        {
            argv[out++] = argv[in];
        }
    }
    *argc = out;
    argv[out] = nullptr;
    return found;
}

} // namespace ns3
