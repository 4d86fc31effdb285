/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_EXCHANGE_HEADER_H
#define TLS_EXCHANGE_HEADER_H

#include "ns3/header.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup tls
 * The header of a TlsClient request: the request's size (this header
 * included) and the size of the response asked for, each a big-endian
 * uint32. The rest of a request and the whole response are pattern bytes
 * (PatternByte), so that the receiver can check every byte.
 */
class TlsExchangeHeader : public Header
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;

    TlsExchangeHeader();

    /// Size of the header on the wire.
    static const uint32_t SIZE = 8;

    /// \param size request bytes, this header included
    void SetRequestSize(uint32_t size);
    /// \return request bytes, this header included
    uint32_t GetRequestSize() const;
    /// \param size response bytes asked for
    void SetResponseSize(uint32_t size);
    /// \return response bytes asked for
    uint32_t GetResponseSize() const;

    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /**
     * The byte at a given offset of the pattern that requests (after their
     * header) and responses carry.
     * \param offset stream offset
     * \return the byte
     */
    static uint8_t PatternByte(uint64_t offset);

  private:
    uint32_t m_requestSize;  //!< request bytes
    uint32_t m_responseSize; //!< response bytes asked for
};

} // namespace ns3

#endif /* TLS_EXCHANGE_HEADER_H */
