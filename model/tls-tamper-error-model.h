/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_TAMPER_ERROR_MODEL_H
#define TLS_TAMPER_ERROR_MODEL_H

#include "ns3/address.h"
#include "ns3/error-model.h"
#include "ns3/traced-callback.h"

namespace ns3
{

/**
 * \ingroup tls
 * A fault injector for a point-to-point link: installed as a device's
 * ReceiveErrorModel, it alters (never drops) chosen TCP segments, flipping
 * bytes of their payload. It selects segments by source address, destination
 * port and the TLS records that start in the payload: by default the first
 * segment carrying an encrypted record (application data, which in TLS 1.3
 * includes the encrypted handshake, or an alert longer than 2 bytes), whose
 * byte it flips so that the receiver's record authentication fails
 * (bad_record_mac).
 *
 * The packets it sees carry a PPP header (PointToPointNetDevice), then IPv4 or
 * IPv6, then TCP. Checksums are not recomputed (ns-3 TCP does not check them
 * unless enabled).
 */
class TlsTamperErrorModel : public ErrorModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TlsTamperErrorModel();

    /**
     * Alter only segments from this address (IPv4 or IPv6); an invalid address
     * (the default) matches every source.
     * \param source the source address
     */
    void SetSource(const Address& source);

    /// \return the number of segments altered so far
    uint32_t GetTampered() const;

  private:
    bool DoCorrupt(Ptr<Packet> p) override;
    void DoReset() override;

    /**
     * \param payload a TCP payload
     * \return the offset of the first record this model targets among the
     *         records that start in it, or -1
     */
    int64_t FindRecord(const std::vector<uint8_t>& payload) const;

    Address m_source;    //!< source filter
    uint16_t m_port;     //!< DestinationPort attribute (0: any)
    uint32_t m_skip;     //!< Skip attribute: matching segments left alone first
    uint32_t m_count;    //!< Count attribute: segments to alter
    uint32_t m_offset;   //!< Offset attribute: byte of the record body to flip
    uint8_t m_mask;      //!< Mask attribute: XOR applied
    uint32_t m_matched;  //!< matching segments seen
    uint32_t m_tampered; //!< segments altered
    TracedCallback<Ptr<const Packet>> m_tamperTrace; //!< a segment was altered
};

} // namespace ns3

#endif /* TLS_TAMPER_ERROR_MODEL_H */
