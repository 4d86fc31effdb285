/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-exchange-header.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TlsExchangeHeader);

TypeId
TlsExchangeHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TlsExchangeHeader")
                            .SetParent<Header>()
                            .SetGroupName("Tls")
                            .AddConstructor<TlsExchangeHeader>();
    return tid;
}

TypeId
TlsExchangeHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

TlsExchangeHeader::TlsExchangeHeader()
    : m_requestSize(SIZE),
      m_responseSize(0)
{
}

void
TlsExchangeHeader::SetRequestSize(uint32_t size)
{
    m_requestSize = size;
}

uint32_t
TlsExchangeHeader::GetRequestSize() const
{
    return m_requestSize;
}

void
TlsExchangeHeader::SetResponseSize(uint32_t size)
{
    m_responseSize = size;
}

uint32_t
TlsExchangeHeader::GetResponseSize() const
{
    return m_responseSize;
}

uint32_t
TlsExchangeHeader::GetSerializedSize() const
{
    return SIZE;
}

void
TlsExchangeHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU32(m_requestSize);
    start.WriteHtonU32(m_responseSize);
}

uint32_t
TlsExchangeHeader::Deserialize(Buffer::Iterator start)
{
    m_requestSize = start.ReadNtohU32();
    m_responseSize = start.ReadNtohU32();
    return SIZE;
}

void
TlsExchangeHeader::Print(std::ostream& os) const
{
    os << "request=" << m_requestSize << " response=" << m_responseSize;
}

uint8_t
TlsExchangeHeader::PatternByte(uint64_t offset)
{
    return static_cast<uint8_t>((offset * 131 + 17) ^ (offset >> 8));
}

} // namespace ns3
