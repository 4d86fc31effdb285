/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mdev-rtt-estimator.h"

#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MdevRttEstimator");

NS_OBJECT_ENSURE_REGISTERED(MdevRttEstimator);

TypeId
MdevRttEstimator::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MdevRttEstimator")
                            .SetParent<RttEstimator>()
                            .SetGroupName("Internet")
                            .AddConstructor<MdevRttEstimator>();
    return tid;
}

TLS_NS3_INSTANCE_TYPE_ID_DEFINE(MdevRttEstimator);

MdevRttEstimator::MdevRttEstimator()
    : RttEstimator()
{
}

MdevRttEstimator::MdevRttEstimator(const MdevRttEstimator& r)
    : RttEstimator(r),
      m_srttUs8(r.m_srttUs8),
      m_mdevUs(r.m_mdevUs),
      m_mdevMaxUs(r.m_mdevMaxUs),
      m_rttvarUs(r.m_rttvarUs),
      m_rttSeq(r.m_rttSeq),
      m_sndUna(r.m_sndUna),
      m_sndNxt(r.m_sndNxt),
      m_rtoMinUs(r.m_rtoMinUs)
{
}

void
MdevRttEstimator::SetSenderState(SequenceNumber32 sndUna, SequenceNumber32 sndNxt, Time rtoMin)
{
    m_sndUna = sndUna;
    m_sndNxt = sndNxt;
    m_rtoMinUs = rtoMin.GetMicroSeconds();
}

void
MdevRttEstimator::Measurement(Time t)
{
    NS_LOG_FUNCTION(this << t);
    // net/ipv4/tcp_input.c, tcp_rtt_estimator()
    int64_t m = std::max<int64_t>(t.GetMicroSeconds(), 0);
    int64_t srtt = m_srttUs8;
    if (srtt != 0)
    {
        m -= (srtt >> 3); // m is now the error in the RTT estimate
        srtt += m;        // rtt = 7/8 rtt + 1/8 new
        if (m < 0)
        {
            m = -m;               // abs(error)
            m -= (m_mdevUs >> 2); // similar update on mdev
            if (m > 0)
            {
                m >>= 3; // finer gain when the RTT falls (Eifel-like)
            }
        }
        else
        {
            m -= (m_mdevUs >> 2);
        }
        m_mdevUs += m; // mdev = 3/4 mdev + 1/4 new
        if (m_mdevUs > m_mdevMaxUs)
        {
            m_mdevMaxUs = m_mdevUs;
            if (m_mdevMaxUs > m_rttvarUs)
            {
                m_rttvarUs = m_mdevMaxUs;
            }
        }
        if (m_sndUna > m_rttSeq) // after(tp->snd_una, tp->rtt_seq): a round trip ended
        {
            if (m_mdevMaxUs < m_rttvarUs)
            {
                m_rttvarUs -= (m_rttvarUs - m_mdevMaxUs) >> 2;
            }
            m_rttSeq = m_sndNxt;
            m_mdevMaxUs = m_rtoMinUs;
        }
    }
    else
    {
        // No previous measure: take it as the RTT, mdev so that RTO = 3 RTT
        srtt = m << 3;
        m_mdevUs = m << 1;
        m_rttvarUs = std::max(m_mdevUs, m_rtoMinUs);
        m_mdevMaxUs = m_rttvarUs;
        m_rttSeq = m_sndNxt;
    }
    m_srttUs8 = std::max<int64_t>(1, srtt);

    m_estimatedRtt = MicroSeconds(m_srttUs8 >> 3);
    m_estimatedVariation = NanoSeconds(m_rttvarUs * 250); // rttvar_us / 4, exactly
    m_nSamples++;
}

Ptr<RttEstimator>
MdevRttEstimator::Copy() const
{
    return CopyObject<MdevRttEstimator>(this);
}

void
MdevRttEstimator::Reset()
{
    RttEstimator::Reset();
    m_srttUs8 = 0;
    m_mdevUs = 0;
    m_mdevMaxUs = 0;
    m_rttvarUs = 0;
    m_rttSeq = SequenceNumber32(0);
}

int64_t
MdevRttEstimator::GetSrttUs8() const
{
    return m_srttUs8;
}

int64_t
MdevRttEstimator::GetRttvarUs() const
{
    return m_rttvarUs;
}

} // namespace ns3
