/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_TCP_DEFAULTS_H
#define TLS_TCP_DEFAULTS_H

#include "ns3/nstime.h"
#include "ns3/profiled-tcp-socket.h"

#include <cstdint>
#include <optional>
#include <string>

namespace ns3
{

/**
 * \ingroup tls
 * TCP settings that decide handshake results. ns-3's defaults (536-byte segments,
 * 1 s minimum RTO, 3 s SYN timeout) are not today's; these are Linux-like.
 */
struct TlsTcpDefaults
{
    uint32_t segmentSize{1448};           //!< TcpSocket::SegmentSize (bytes)
    uint32_t initialCwnd{10};             //!< TcpSocket::InitialCwnd (segments)
    Time minRto{MilliSeconds(200)};       //!< TcpSocketBase::MinRto
    Time connTimeout{Seconds(1)};         //!< TcpSocket::ConnTimeout (SYN retransmission)
    bool noDelay{true};                   //!< TcpSocket::TcpNoDelay (Nagle off)
    uint32_t delAckCount{2};              //!< TcpSocket::DelAckCount
    Time delAckTimeout{MilliSeconds(40)}; //!< TcpSocket::DelAckTimeout (Linux: 40 ms minimum)
    uint32_t sndBufSize{131072};          //!< TcpSocket::SndBufSize (bytes)
    uint32_t rcvBufSize{131072};          //!< TcpSocket::RcvBufSize (bytes)
    double maxSegLifetime{1};             //!< TcpSocketBase::MaxSegLifetime (s): TIME_WAIT is 2 MSL
    /**
     * ProfiledTcpSocket::Profile: the timers (ProfiledTcpSocket::LINUX or NS3). Unset: the
     * attribute's default is kept, so that --ns3::ProfiledTcpSocket::Profile=Ns3 on a
     * program's command line (or Config::SetDefault before Apply) chooses it.
     */
    std::optional<ProfiledTcpSocket::Profile> profile;

    /**
     * Apply these values with Config::SetDefault (call before creating sockets).
     */
    void Apply() const;

    /**
     * The largest TCP segment that fits the links' MTU unfragmented, from the
     * defaults in effect: ns3::PointToPointNetDevice::Mtu less the IPv4 and TCP
     * headers (40 bytes) and, with ns3::TcpSocketBase::Timestamp, the timestamp
     * option (12 bytes).
     * \param[out] why how it is made up, for messages (may be null)
     * \return the size in bytes
     */
    static uint32_t MaxSegmentSize(std::string* why = nullptr);
};

} // namespace ns3

#endif /* TLS_TCP_DEFAULTS_H */
