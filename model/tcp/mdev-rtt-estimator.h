/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MDEV_RTT_ESTIMATOR_H
#define MDEV_RTT_ESTIMATOR_H

#include "ns3/nstime.h"
#include "ns3/rtt-estimator.h"
#include "ns3/sequence-number.h"
#include "ns3/tls-ns3-compat.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup tcp-ext
 * \brief Linux's RTT estimator (net/ipv4/tcp_input.c, tcp_rtt_estimator()), for the
 * `Linux` profile of ProfiledTcpSocket.
 *
 * Kept in integer microseconds and with Linux's scaling: srtt_us is 8 times the
 * smoothed RTT, mdev_us 4 times the mean deviation. The first sample R gives
 * srtt = R and mdev_us = 2R; later samples use gains 1/8 and 1/4, with the finer
 * gain 1/32 for the deviation when the RTT falls. rttvar_us, the term added to srtt,
 * is the largest mdev_us of the last round trip and never below rto_min: it follows
 * mdev_max_us, which restarts at rto_min once per round trip (when snd_una passes
 * rtt_seq, the snd_nxt of the round's start) and is decayed towards it by a quarter.
 *
 * GetEstimate() is srtt and GetVariation() is rttvar_us / 4, so that ns-3's
 * `srtt + 4 * variation` is Linux's `__tcp_set_rto()`: srtt + rttvar. Before any
 * sample GetEstimate() is the initial estimate (1 s, Linux's TCP_TIMEOUT_INIT) and
 * GetVariation() 0.
 */
class MdevRttEstimator : public RttEstimator
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TLS_NS3_INSTANCE_TYPE_ID_DECLARE;

    MdevRttEstimator();
    /**
     * \brief Copy constructor.
     * \param r the estimator to copy
     */
    MdevRttEstimator(const MdevRttEstimator& r);

    /**
     * \brief State of the sender at the next Measurement(), as tcp_rtt_estimator()
     * reads it.
     * \param sndUna the first unacknowledged sequence number, this ACK included
     * \param sndNxt the highest sequence number sent
     * \param rtoMin the minimum RTO (Linux's tcp_rto_min(), 200 ms)
     */
    void SetSenderState(SequenceNumber32 sndUna, SequenceNumber32 sndNxt, Time rtoMin);

    void Measurement(Time t) override;
    Ptr<RttEstimator> Copy() const override;
    void Reset() override;

    /// \return Linux's srtt_us (8 times the smoothed RTT, in microseconds); 0 before a sample
    int64_t GetSrttUs8() const;
    /// \return Linux's rttvar_us (microseconds)
    int64_t GetRttvarUs() const;

  private:
    int64_t m_srttUs8{0};         //!< srtt_us: smoothed RTT << 3
    int64_t m_mdevUs{0};          //!< mdev_us: mean deviation << 2
    int64_t m_mdevMaxUs{0};       //!< mdev_max_us: largest mdev_us of this round trip
    int64_t m_rttvarUs{0};        //!< rttvar_us
    SequenceNumber32 m_rttSeq{0}; //!< rtt_seq: snd_nxt at the start of the round trip
    SequenceNumber32 m_sndUna{0}; //!< snd_una at the next measurement
    SequenceNumber32 m_sndNxt{0}; //!< snd_nxt at the next measurement
    int64_t m_rtoMinUs{200000};   //!< tcp_rto_min_us()
};

} // namespace ns3

#endif /* MDEV_RTT_ESTIMATOR_H */
