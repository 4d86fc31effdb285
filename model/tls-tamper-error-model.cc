/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-tamper-error-model.h"

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv6-address.h"
#include "ns3/ipv6-header.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/ppp-header.h"
#include "ns3/tcp-header.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsTamperErrorModel");

NS_OBJECT_ENSURE_REGISTERED(TlsTamperErrorModel);

TypeId
TlsTamperErrorModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TlsTamperErrorModel")
            .SetParent<ErrorModel>()
            .SetGroupName("Tls")
            .AddConstructor<TlsTamperErrorModel>()
            .AddAttribute("DestinationPort",
                          "Alter only segments to this TCP port; 0 = any.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsTamperErrorModel::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Skip",
                          "Matching segments to let through unaltered before altering.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsTamperErrorModel::m_skip),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Count",
                          "Matching segments to alter (after Skip).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&TlsTamperErrorModel::m_count),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Offset",
                          "Byte of the first record's body (after its 5-byte header) to flip.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsTamperErrorModel::m_offset),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Mask",
                          "Bits to flip (XOR) in that byte.",
                          UintegerValue(0xff),
                          MakeUintegerAccessor(&TlsTamperErrorModel::m_mask),
                          MakeUintegerChecker<uint8_t>(1))
            .AddTraceSource("Tamper",
                            "A segment was altered (the packet as received, before the change).",
                            MakeTraceSourceAccessor(&TlsTamperErrorModel::m_tamperTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

TlsTamperErrorModel::TlsTamperErrorModel()
    : m_port(0),
      m_skip(0),
      m_count(1),
      m_offset(0),
      m_mask(0xff),
      m_matched(0),
      m_tampered(0)
{
}

void
TlsTamperErrorModel::SetSource(const Address& source)
{
    m_source = source;
}

uint32_t
TlsTamperErrorModel::GetTampered() const
{
    return m_tampered;
}

void
TlsTamperErrorModel::DoReset()
{
    m_matched = 0;
    m_tampered = 0;
}

int64_t
TlsTamperErrorModel::FindRecord(const std::vector<uint8_t>& payload) const
{
    // Walk the records that start in this segment (a segment may carry several,
    // e.g. ChangeCipherSpec, Finished and close_notify together).
    size_t pos = 0;
    while (pos + 5 <= payload.size() && payload[pos + 1] == 3)
    {
        uint8_t type = payload[pos];
        uint16_t length = static_cast<uint16_t>(payload[pos + 3] << 8 | payload[pos + 4]);
        bool encryptedAlert = type == 21 && length > 2;
        if ((type == 23 || encryptedAlert) && m_offset < length &&
            pos + 5 + m_offset < payload.size())
        {
            return static_cast<int64_t>(pos);
        }
        pos += 5u + length;
    }
    return -1;
}

bool
TlsTamperErrorModel::DoCorrupt(Ptr<Packet> p)
{
    if (m_tampered >= m_count)
    {
        return false;
    }
    // Look at a copy; change the packet only if it is one to alter.
    Ptr<Packet> copy = p->Copy();
    PppHeader ppp;
    copy->RemoveHeader(ppp);
    Ipv4Header ip4;
    Ipv6Header ip6;
    bool v4 = ppp.GetProtocol() == 0x0021;
    bool v6 = ppp.GetProtocol() == 0x0057;
    if (!v4 && !v6)
    {
        return false;
    }
    if (v4)
    {
        copy->RemoveHeader(ip4);
        if (ip4.GetProtocol() != 6 || (Ipv4Address::IsMatchingType(m_source) &&
                                       ip4.GetSource() != Ipv4Address::ConvertFrom(m_source)))
        {
            return false;
        }
    }
    else
    {
        copy->RemoveHeader(ip6);
        if (ip6.GetNextHeader() != 6 || (Ipv6Address::IsMatchingType(m_source) &&
                                         ip6.GetSource() != Ipv6Address::ConvertFrom(m_source)))
        {
            return false;
        }
    }
    TcpHeader tcp;
    copy->RemoveHeader(tcp);
    if (copy->GetSize() == 0 || (m_port != 0 && tcp.GetDestinationPort() != m_port))
    {
        return false;
    }
    std::vector<uint8_t> payload(copy->GetSize());
    copy->CopyData(payload.data(), payload.size());
    int64_t record = FindRecord(payload);
    if (record < 0 || m_matched++ < m_skip)
    {
        return false;
    }
    m_tamperTrace(p);
    payload[static_cast<size_t>(record) + 5 + m_offset] ^= m_mask;
    ++m_tampered;
    NS_LOG_INFO("altered byte " << m_offset << " of a record from " << tcp.GetSourcePort() << " to "
                                << tcp.GetDestinationPort());
    // Rebuild the packet in place: headers around the altered payload.
    p->RemoveAtStart(p->GetSize());
    p->AddAtEnd(Create<Packet>(payload.data(), payload.size()));
    p->AddHeader(tcp);
    if (v4)
    {
        p->AddHeader(ip4);
    }
    else
    {
        p->AddHeader(ip6);
    }
    p->AddHeader(ppp);
    return false; // altered, not lost
}

} // namespace ns3
