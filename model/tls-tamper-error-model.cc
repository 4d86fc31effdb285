/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-tamper-error-model.h"

#include "ns3/enum.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv6-address.h"
#include "ns3/ipv6-header.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/ppp-header.h"
#include "ns3/tcp-header.h"
#include "ns3/tls-ns3-compat.h"
#include "ns3/uinteger.h"

#include <sstream>

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
            .AddAttribute("Target",
                          "Records to alter: handshake (the first protected handshake record "
                          "of each connection: TLS 1.2 Finished, TLS 1.3 first encrypted "
                          "handshake message) or encrypted (any encrypted record).",
                          EnumValue(TlsTamperErrorModel::HANDSHAKE),
                          tls_compat::MakeEnumAccessor<TlsTamperErrorModel::Target>(
                              &TlsTamperErrorModel::m_target),
                          tls_compat::MakeEnumChecker(TlsTamperErrorModel::HANDSHAKE,
                                                      "handshake",
                                                      TlsTamperErrorModel::ENCRYPTED,
                                                      "encrypted"))
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
    : m_target(HANDSHAKE),
      m_port(0),
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
    m_flows.clear();
}

int64_t
TlsTamperErrorModel::FindRecord(const std::vector<uint8_t>& payload, Flow* flow) const
{
    // Walk the records that start in this segment (a segment may carry several,
    // e.g. ChangeCipherSpec, Finished and close_notify together).
    const uint8_t changeCipherSpec = 20;
    const uint8_t alert = 21;
    const uint8_t handshake = 22;
    const uint8_t applicationData = 23;
    const uint8_t clientHello = 1;
    size_t pos = 0;
    while (pos + 5 <= payload.size() && payload[pos + 1] == 3)
    {
        uint8_t type = payload[pos];
        uint16_t length = static_cast<uint16_t>(payload[pos + 3] << 8 | payload[pos + 4]);
        bool reachable = m_offset < length && pos + 5 + m_offset < payload.size();
        if (m_target == ENCRYPTED)
        {
            bool encryptedAlert = type == alert && length > 2;
            if ((type == applicationData || encryptedAlert) && reachable)
            {
                return static_cast<int64_t>(pos);
            }
        }
        else
        {
            // A plaintext ClientHello: handshake type 1 and a body of the record's length
            // less the 4-byte handshake header. It starts a connection (again).
            bool hello = type == handshake && length >= 4 && pos + 9 <= payload.size() &&
                         payload[pos + 5] == clientHello &&
                         (static_cast<uint32_t>(payload[pos + 6]) << 16 |
                          static_cast<uint32_t>(payload[pos + 7]) << 8 | payload[pos + 8]) ==
                             static_cast<uint32_t>(length) - 4u;
            if (hello)
            {
                *flow = Flow();
            }
            else if (type == changeCipherSpec)
            {
                flow->changeCipherSpec = true;
            }
            else if (!flow->done &&
                     ((type == handshake && flow->changeCipherSpec) || type == applicationData))
            {
                // TLS 1.2: the Finished after ChangeCipherSpec; TLS 1.3: the first
                // encrypted record, a handshake message. Later records are not the
                // handshake's.
                flow->done = true;
                if (reachable)
                {
                    return static_cast<int64_t>(pos);
                }
            }
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
    if (m_port != 0 && tcp.GetDestinationPort() != m_port)
    {
        return false;
    }
    std::ostringstream source;
    if (v4)
    {
        source << ip4.GetSource();
    }
    else
    {
        source << ip6.GetSource();
    }
    FlowKey key{source.str(), tcp.GetSourcePort(), tcp.GetDestinationPort()};
    bool last = (tcp.GetFlags() & (TcpHeader::FIN | TcpHeader::RST)) != 0;
    if (copy->GetSize() == 0)
    {
        if (last)
        {
            m_flows.erase(key); // the sender is done with this connection
        }
        return false;
    }
    std::vector<uint8_t> payload(copy->GetSize());
    copy->CopyData(payload.data(), payload.size());
    int64_t record = -1;
    if (m_target == ENCRYPTED)
    {
        Flow unused;
        record = FindRecord(payload, &unused);
    }
    else
    {
        auto it = m_flows.find(key);
        Flow flow = it != m_flows.end() ? it->second : Flow();
        record = FindRecord(payload, &flow);
        if (last)
        {
            m_flows.erase(key); // the sender is done with this connection
        }
        else
        {
            m_flows[key] = flow;
        }
    }
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
