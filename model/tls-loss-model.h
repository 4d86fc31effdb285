/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_LOSS_MODEL_H
#define TLS_LOSS_MODEL_H

#include "ns3/error-model.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

class NetDevice;

/**
 * \ingroup tls
 * \brief Loss patterns of the QUIC and TLS interop runners and of netem, as an ns-3
 * ErrorModel: put it on the receiving NetDevice of a link ("ReceiveErrorModel") to
 * lose packets in that direction.
 *
 * A spec is one pattern or several joined by '+' (a packet is lost if any of them
 * loses it; every pattern sees every packet); ';' may replace ',' inside a pattern
 * (for sweep.py --set, which splits values on ','). Packet numbers count the packets
 * this model sees, i.e. on one link in one direction:
 * - `none` (or empty): no loss
 * - `bernoulli:P` (or `random:P`): each packet lost with probability P
 * - `ge:p=P,r=R,h=H,k=K`: Gilbert-Elliott, as netem's `loss gemodel p r 1-h 1-k`
 *   (net/sched/sch_netem.c, loss_gilb_ell()): per packet the Good state moves to Bad
 *   with probability p and Bad to Good with r, then the packet is lost with
 *   probability 1-k in Good and 1-h in Bad. Defaults r = 1-p, h = 0, k = 1.
 * - `drop:N1,N2,...` (droplist): the N1-th, N2-th... packet (from 1) is lost
 * - `dropdata:N,...`: the N-th TCP segment that carries data is lost (the N-th
 *   segment of the handshake flights: 1 is the ClientHello on the client-to-server
 *   direction)
 * - `dropsyn:N,...`: the N-th TCP segment with SYN set (SYN or SYN-ACK) is lost
 * - `blackhole:T1-T2`: every packet from simulated time T1 until T2 is lost
 *   (ns-3 time strings: `1s-2.5s`, `1500ms-2s`)
 * - `corrupt:P`: each packet corrupted with probability P; the receiver's TCP
 *   checksum discards it, as Linux does with netem's `corrupt`, so it is lost
 *   (counted apart in GetCorrupted())
 */
class TlsLossModel : public ErrorModel
{
  public:
    /// One pattern of a spec.
    struct Pattern
    {
        /// Pattern kinds.
        enum Kind
        {
            BERNOULLI, //!< random loss
            GILBERT,   //!< Gilbert-Elliott
            DROP,      //!< packet numbers
            DROP_DATA, //!< data segment numbers
            DROP_SYN,  //!< SYN segment numbers
            BLACKHOLE, //!< time window
            CORRUPT    //!< corruption rate
        };

        Kind kind{BERNOULLI};       //!< kind
        double p{0};                //!< probability, or Gilbert-Elliott p
        double r{0};                //!< Gilbert-Elliott r
        double h{0};                //!< Gilbert-Elliott h
        double k{1};                //!< Gilbert-Elliott k
        std::set<uint64_t> numbers; //!< packet numbers to lose
        Time from;                  //!< blackhole start
        Time to;                    //!< blackhole end
        uint64_t count{0};          //!< packets counted by this pattern
        bool bad{false};            //!< Gilbert-Elliott state
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TlsLossModel();
    ~TlsLossModel() override;

    /**
     * \brief Parse a spec.
     * \param spec the spec
     * \param[out] patterns the patterns (may be null)
     * \return empty if valid, else one line naming the bad part and what is allowed
     */
    static std::string Parse(const std::string& spec, std::vector<Pattern>* patterns);

    /**
     * \param spec a spec
     * \return true if it loses nothing: empty or "none"
     */
    static bool IsNone(const std::string& spec);
    /**
     * \param spec a valid spec
     * \param rate a Bernoulli loss rate to add (0: none)
     * \return the spec with "+bernoulli:rate" added if rate > 0
     */
    static std::string WithRate(const std::string& spec, double rate);

    /**
     * \brief Set the spec (the "Spec" attribute).
     * \param spec a valid spec
     * \return empty if set, else the error of Parse() (the model is unchanged)
     */
    std::string SetSpec(const std::string& spec);
    /// \return the spec
    std::string GetSpec() const;

    /**
     * \brief Put a model with this spec on a device's receive side (nothing for "none").
     * \param device the receiving device (it must have a "ReceiveErrorModel" attribute)
     * \param spec a spec
     * \param stream first random stream number to use
     * \return the model, or null for an empty spec or "none"
     */
    static Ptr<TlsLossModel> Install(Ptr<NetDevice> device,
                                     const std::string& spec,
                                     int64_t stream);

    /**
     * \brief Use fixed random streams.
     * \param stream first stream number
     * \return streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /// \return packets seen
    uint64_t GetPackets() const;
    /// \return packets lost (corrupted ones included)
    uint64_t GetLost() const;
    /// \return packets corrupted
    uint64_t GetCorrupted() const;

  private:
    bool DoCorrupt(Ptr<Packet> p) override;
    void DoReset() override;
    /**
     * \brief Attribute setter: aborts with Parse()'s line on a bad spec.
     * \param spec the spec
     */
    void SetSpecAttribute(std::string spec);

    std::string m_spec;                  //!< the spec
    std::vector<Pattern> m_patterns;     //!< parsed spec
    Ptr<UniformRandomVariable> m_random; //!< random draws
    uint64_t m_packets{0};               //!< packets seen
    uint64_t m_lost{0};                  //!< packets lost
    uint64_t m_corrupted{0};             //!< packets corrupted
};

} // namespace ns3

#endif /* TLS_LOSS_MODEL_H */
