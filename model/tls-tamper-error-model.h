/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_TAMPER_ERROR_MODEL_H
#define TLS_TAMPER_ERROR_MODEL_H

#include "ns3/address.h"
#include "ns3/error-model.h"
#include "ns3/traced-callback.h"

#include <map>
#include <tuple>

namespace ns3
{

/**
 * \ingroup tls
 * A fault injector for a point-to-point link: installed as a device's
 * ReceiveErrorModel, it alters (never drops) chosen TCP segments, flipping
 * a byte of a record in their payload. It selects segments by source address,
 * destination port and the TLS records that start in the payload (Target):
 *
 * - HANDSHAKE (default): the first protected handshake record of each
 *   connection: in TLS 1.2 the handshake record that follows the sender's
 *   ChangeCipherSpec (its encrypted Finished), in TLS 1.3 the sender's first
 *   application_data record (its first encrypted handshake message: a client's
 *   Certificate or Finished, a server's EncryptedExtensions), so that the
 *   receiver's record authentication fails during the handshake
 *   (bad_record_mac). A connection is recognised by its ports and starts again
 *   at a ClientHello; 0-RTT early data would be taken for the handshake.
 * - ENCRYPTED: any encrypted record (application_data, which in TLS 1.3
 *   includes the encrypted handshake, or an alert longer than 2 bytes),
 *   including those after the handshake.
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

    /// Which records are altered (Target attribute).
    enum Target
    {
        HANDSHAKE, //!< the first protected handshake record of each connection
        ENCRYPTED  //!< any encrypted record
    };

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

    /// What the model knows of one connection's records in the direction it watches.
    struct Flow
    {
        bool changeCipherSpec{false}; //!< a ChangeCipherSpec record was seen
        bool done{false};             //!< its protected handshake record was seen
    };

    /// A connection: source address (as text), source port, destination port.
    using FlowKey = std::tuple<std::string, uint16_t, uint16_t>;

    /**
     * \param payload a TCP payload
     * \param flow the state of the connection it belongs to (updated)
     * \return the offset of the first record this model targets among the
     *         records that start in it, or -1
     */
    int64_t FindRecord(const std::vector<uint8_t>& payload, Flow* flow) const;

    Address m_source;                //!< source filter
    Target m_target;                 //!< Target attribute
    std::map<FlowKey, Flow> m_flows; //!< connections seen (HANDSHAKE target)
    uint16_t m_port;                 //!< DestinationPort attribute (0: any)
    uint32_t m_skip;                 //!< Skip attribute: matching segments left alone first
    uint32_t m_count;                //!< Count attribute: segments to alter
    uint32_t m_offset;               //!< Offset attribute: byte of the record body to flip
    uint8_t m_mask;                  //!< Mask attribute: XOR applied
    uint32_t m_matched;              //!< matching segments seen
    uint32_t m_tampered;             //!< segments altered
    TracedCallback<Ptr<const Packet>> m_tamperTrace; //!< a segment was altered
};

} // namespace ns3

#endif /* TLS_TAMPER_ERROR_MODEL_H */
