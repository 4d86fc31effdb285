/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-test-utils.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tls-helper.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ns3
{
namespace tls_test
{

Star
BuildStar(uint32_t clients, Time delay, DataRate rate, bool ipv6)
{
    TlsTcpDefaults().Apply();
    Star star;
    star.ipv6 = ipv6;
    star.server.Create(1);
    star.clients.Create(clients);
    InternetStackHelper stack;
    stack.Install(star.server);
    stack.Install(star.clients);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(rate));
    p2p.SetChannelAttribute("Delay", TimeValue(delay));
    Ipv4AddressHelper v4;
    Ipv6AddressHelper v6;
    for (uint32_t i = 0; i < clients; ++i)
    {
        NetDeviceContainer devices = p2p.Install(star.clients.Get(i), star.server.Get(0));
        star.serverDevices.push_back(devices.Get(1));
        if (ipv6)
        {
            std::string base = "2001:db8:" + std::to_string(i + 1) + "::";
            v6.SetBase(Ipv6Address(base.c_str()), Ipv6Prefix(64));
            Ipv6InterfaceContainer ifaces = v6.Assign(devices);
            star.clientIps.push_back(ifaces.GetAddress(0, 1));
            if (i == 0)
            {
                star.serverIp = ifaces.GetAddress(1, 1);
            }
        }
        else
        {
            std::string base =
                "10." + std::to_string(i / 250 + 1) + "." + std::to_string(i % 250) + ".0";
            v4.SetBase(Ipv4Address(base.c_str()), "255.255.255.0");
            Ipv4InterfaceContainer ifaces = v4.Assign(devices);
            star.clientIps.push_back(ifaces.GetAddress(0));
            if (i == 0)
            {
                star.serverIp = ifaces.GetAddress(1);
            }
        }
    }
    if (!ipv6)
    {
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }
    else
    {
        NS_ABORT_MSG_IF(clients > 1, "BuildStar: IPv6 stars have one client");
    }
    return star;
}

Address
ServerSocketAddress(const Star& star, uint16_t port)
{
    if (star.ipv6)
    {
        return Inet6SocketAddress(Ipv6Address::ConvertFrom(star.serverIp), port);
    }
    return InetSocketAddress(Ipv4Address::ConvertFrom(star.serverIp), port);
}

std::string
SeenMessage::ToString() const
{
    return std::string(fromClient ? "C->S " : "S->C ") + TlsMessageName(msg);
}

void
MessageLog::Attach(Ptr<Application> app, bool isClient)
{
    app->TraceConnectWithoutContext("HandshakeMessage",
                                    MakeBoundCallback(&MessageLog::OnMessage, this, isClient));
    app->TraceConnectWithoutContext("Record", MakeBoundCallback(&MessageLog::OnRecord, this));
}

void
MessageLog::OnMessage(MessageLog* log,
                      bool isClient,
                      uint64_t connId,
                      bool sent,
                      TlsMessage msg,
                      uint32_t length)
{
    if (sent)
    {
        log->m_sent.push_back({Simulator::Now(), isClient, msg, length, connId});
    }
    else if (isClient)
    {
        log->m_clientReceived.push_back({Simulator::Now(), false, msg, length, connId});
    }
}

void
MessageLog::OnRecord(MessageLog* log, uint64_t, bool, uint8_t type, uint16_t)
{
    log->m_contentTypes.push_back(type);
}

const std::vector<SeenMessage>&
MessageLog::Sent() const
{
    return m_sent;
}

const std::vector<SeenMessage>&
MessageLog::ReceivedByClient() const
{
    return m_clientReceived;
}

std::vector<std::string>
MessageLog::SentNames() const
{
    std::vector<std::string> names;
    for (const auto& m : m_sent)
    {
        names.push_back(m.ToString());
    }
    return names;
}

const std::vector<uint8_t>&
MessageLog::ContentTypes() const
{
    return m_contentTypes;
}

namespace
{

/**
 * \param log the log
 * \param connId connection
 * \param record the record
 */
void
AddRecord(std::vector<TlsConnectionRecord>* log, uint64_t, const TlsConnectionRecord& record)
{
    log->push_back(record);
}

} // namespace

void
RecordLog::Attach(ApplicationContainer apps)
{
    for (auto i = apps.Begin(); i != apps.End(); ++i)
    {
        (*i)->TraceConnectWithoutContext("ConnectionClosed",
                                         MakeBoundCallback(&AddRecord, &m_records));
        (*i)->TraceConnectWithoutContext("HandshakeCompleted",
                                         MakeBoundCallback(&AddRecord, &m_completed));
    }
}

const std::vector<TlsConnectionRecord>&
RecordLog::Records() const
{
    return m_records;
}

const std::vector<TlsConnectionRecord>&
RecordLog::Completed() const
{
    return m_completed;
}

uint32_t
CountTcpSockets(Ptr<Node> node)
{
    Ptr<TcpL4Protocol> tcp = node->GetObject<TcpL4Protocol>();
    ObjectVectorValue sockets;
    tcp->GetAttribute("SocketList", sockets);
    return static_cast<uint32_t>(sockets.GetN());
}

std::string
TestCacheDir()
{
    const char* dir = std::getenv("NS3_TLS_CACHE_DIR");
    return dir ? dir : "";
}

Records
ReadRecords(const std::string& path)
{
    Records r;
    std::ifstream in(path);
    std::string line;
    bool header = true;
    while (std::getline(in, line))
    {
        std::vector<std::string> cells;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ','))
        {
            cells.push_back(cell);
        }
        if (!line.empty() && line.back() == ',')
        {
            cells.emplace_back();
        }
        if (header)
        {
            r.columns = cells;
            header = false;
        }
        else
        {
            r.rows.push_back(cells);
        }
    }
    return r;
}

} // namespace tls_test
} // namespace ns3
