/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-tcp-defaults.h"

#include "tls-command-line.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/uinteger.h"

namespace ns3
{

void
TlsTcpDefaults::Apply() const
{
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(segmentSize));
    Config::SetDefault("ns3::TcpSocket::InitialCwnd", UintegerValue(initialCwnd));
    Config::SetDefault("ns3::TcpSocketBase::MinRto", TimeValue(minRto));
    Config::SetDefault("ns3::TcpSocket::ConnTimeout", TimeValue(connTimeout));
    Config::SetDefault("ns3::TcpSocket::TcpNoDelay", BooleanValue(noDelay));
    Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(delAckCount));
    Config::SetDefault("ns3::TcpSocket::DelAckTimeout", TimeValue(delAckTimeout));
    Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(sndBufSize));
    Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(rcvBufSize));
    Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(maxSegLifetime));
    if (profile)
    {
        Config::SetDefault("ns3::ProfiledTcpSocket::Profile", EnumValue(*profile));
    }
}

uint32_t
TlsTcpDefaults::MaxSegmentSize(std::string* why)
{
    uint32_t mtu = std::stoul(TlsCommandLine::GetDefault("ns3::PointToPointNetDevice::Mtu"));
    bool timestamps = TlsCommandLine::GetDefault("ns3::TcpSocketBase::Timestamp") == "true";
    uint32_t headers = 40 + (timestamps ? 12 : 0);
    uint32_t size = mtu > headers ? mtu - headers : 0;
    if (why)
    {
        *why = "ns3::PointToPointNetDevice::Mtu " + std::to_string(mtu) +
               " less 40 bytes of IPv4 and TCP headers" +
               (timestamps ? std::string(" and 12 of the timestamp option") : std::string()) +
               ": a larger segment is fragmented by IP";
    }
    return size;
}

} // namespace ns3
