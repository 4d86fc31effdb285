/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "rack-scoreboard.h"

#include "ns3/assert.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RackScoreboard");

// ------------------------------------------------------------------ MinRttFilter

MinRttFilter::MinRttFilter(Time window)
    : m_window(window)
{
    Reset();
}

void
MinRttFilter::Reset()
{
    m_valid = false;
    ResetTo(Sample{Time(0), Time(0)});
}

void
MinRttFilter::ResetTo(const Sample& s)
{
    m_s[0] = s;
    m_s[1] = s;
    m_s[2] = s;
}

void
MinRttFilter::Update(Time rtt, Time now)
{
    // minmax_running_min()
    Sample val{now, rtt};
    if (!m_valid || val.rtt <= m_s[0].rtt || val.t - m_s[2].t > m_window)
    {
        m_valid = true;
        ResetTo(val); // a new minimum, or nothing left in the window
        return;
    }
    if (val.rtt <= m_s[1].rtt)
    {
        m_s[1] = val;
        m_s[2] = val;
    }
    else if (val.rtt <= m_s[2].rtt)
    {
        m_s[2] = val;
    }
    // minmax_subwin_update()
    Time dt = val.t - m_s[0].t;
    if (dt > m_window)
    {
        // the whole window passed without a new minimum: the second choice is the new
        // best, the third the second
        m_s[0] = m_s[1];
        m_s[1] = m_s[2];
        m_s[2] = val;
        if (val.t - m_s[0].t > m_window)
        {
            m_s[0] = m_s[1];
            m_s[1] = m_s[2];
            m_s[2] = val;
        }
    }
    else if (m_s[1].t == m_s[0].t && dt > m_window / 4)
    {
        // a quarter of the window without a new minimum: a second choice from the
        // second quarter
        m_s[1] = val;
        m_s[2] = val;
    }
    else if (m_s[2].t == m_s[1].t && dt > m_window / 2)
    {
        // half the window: a third choice from the second half
        m_s[2] = val;
    }
}

Time
MinRttFilter::Get() const
{
    return m_valid ? m_s[0].rtt : Time(0);
}

// ------------------------------------------------------------------ RackScoreboard

RackScoreboard::RackScoreboard()
{
    Reset();
}

void
RackScoreboard::Reset()
{
    m_segments.clear();
    m_base = SequenceNumber32(0);
    m_minRtt.Reset();
    m_rackRtt = Time(0);
    m_rackXmit = Time(0);
    m_rackEnd = SequenceNumber32(0);
    m_rackValid = false;
    m_advanced = false;
    m_reordering = false;
    m_highSacked = SequenceNumber32(0);
    m_anySacked = false;
}

void
RackScoreboard::SetDupThresh(uint32_t segments)
{
    m_dupThresh = segments;
}

uint32_t
RackScoreboard::Key(SequenceNumber32 seq) const
{
    return seq.GetValue() - m_base.GetValue();
}

void
RackScoreboard::SplitAt(SequenceNumber32 seq)
{
    uint32_t key = Key(seq);
    auto it = m_segments.upper_bound(key);
    if (it == m_segments.begin())
    {
        return;
    }
    --it;
    Segment& s = it->second;
    if (s.start < seq && seq < s.end)
    {
        Segment tail = s;
        tail.start = seq;
        s.end = seq;
        m_segments.emplace(key, tail);
    }
}

bool
RackScoreboard::SentAfter(Time t1, SequenceNumber32 end1, Time t2, SequenceNumber32 end2)
{
    return t1 > t2 || (t1 == t2 && end1 > end2);
}

void
RackScoreboard::OnSend(SequenceNumber32 seq, uint32_t size, Time now)
{
    NS_ASSERT(size > 0);
    if (m_segments.empty())
    {
        m_base = seq; // keys are offsets from the oldest outstanding byte
    }
    SequenceNumber32 end = seq + SequenceNumber32(size);
    SplitAt(seq);
    SplitAt(end);
    // The parts sent before are replaced by this transmission (Linux retransmits an
    // skb, with its timestamp and its marks).
    bool before = false;
    auto it = m_segments.lower_bound(Key(seq));
    while (it != m_segments.end() && it->second.start < end)
    {
        before = true;
        it = m_segments.erase(it);
    }
    Segment s{seq, end, now, before, false, false, false};
    m_segments.emplace(Key(seq), s);
    NS_LOG_LOGIC("sent " << seq << "-" << end << " at " << now.As(Time::MS)
                         << (before ? " (retransmission)" : ""));
}

void
RackScoreboard::OnAck(SequenceNumber32 una,
                      const std::vector<std::pair<SequenceNumber32, SequenceNumber32>>& sacks,
                      Time now)
{
    if (m_segments.empty())
    {
        return;
    }
    SequenceNumber32 head = m_segments.begin()->second.start;
    if (una > head)
    {
        SplitAt(una);
    }
    for (const auto& [first, last] : sacks)
    {
        if (last > head && first < last)
        {
            SplitAt(std::max(first, head));
            SplitAt(last);
        }
    }
    // Newly delivered segments: cumulatively acknowledged without a SACK before, or
    // SACKed now.
    std::vector<Segment> delivered;
    SequenceNumber32 priorHighSacked = m_highSacked;
    bool priorAnySacked = m_anySacked;
    auto it = m_segments.begin();
    while (it != m_segments.end())
    {
        Segment& s = it->second;
        if (s.end <= una)
        {
            if (!s.sacked)
            {
                delivered.push_back(s);
            }
            it = m_segments.erase(it);
            continue;
        }
        if (!s.sacked)
        {
            for (const auto& [first, last] : sacks)
            {
                if (first <= s.start && s.end <= last)
                {
                    s.sacked = true;
                    s.lost = false;
                    s.everLost = false;
                    delivered.push_back(s);
                    if (!m_anySacked || s.end > m_highSacked)
                    {
                        m_highSacked = s.end;
                        m_anySacked = true;
                    }
                    break;
                }
            }
        }
        ++it;
    }
    if (m_segments.empty())
    {
        m_anySacked = false;
    }
    if (delivered.empty())
    {
        return;
    }
    // Reordering (Linux's tcp_sacktag_one(), tcp_clean_rtx_queue(), tcp_check_sack_
    // reordering()): a segment never retransmitted delivered below one SACKed before.
    for (const Segment& s : delivered)
    {
        if (!s.retransmitted && priorAnySacked && s.end <= priorHighSacked)
        {
            m_reordering = true;
        }
    }
    // RACK_update() in ascending order of transmission: RACK.rtt ends as the RTT of the
    // most recently sent segment delivered.
    std::stable_sort(delivered.begin(), delivered.end(), [](const Segment& a, const Segment& b) {
        return a.xmit < b.xmit;
    });
    Time minSample = Time(-1);
    for (const Segment& s : delivered)
    {
        Time rtt = now - s.xmit;
        if (!s.retransmitted && (minSample.IsNegative() || rtt < minSample))
        {
            minSample = rtt;
        }
        // tcp_rack_advance(): a retransmitted segment delivered sooner than min_rtt
        // after its last transmission was the original's delivery (ambiguous): skip
        if (s.retransmitted && rtt < m_minRtt.Get())
        {
            continue;
        }
        m_advanced = true;
        m_rackRtt = rtt;
        if (!m_rackValid || SentAfter(s.xmit, s.end, m_rackXmit, m_rackEnd))
        {
            m_rackXmit = s.xmit;
            m_rackEnd = s.end;
            m_rackValid = true;
        }
    }
    if (!minSample.IsNegative())
    {
        m_minRtt.Update(minSample, now); // tcp_update_rtt_min()
    }
}

void
RackScoreboard::AddRttSample(Time rtt, Time now)
{
    if (rtt.IsStrictlyPositive())
    {
        m_minRtt.Update(rtt, now);
    }
}

Time
RackScoreboard::GetReoWnd(bool inRecovery, Time srtt) const
{
    if (!m_reordering && (inRecovery || GetSackedSegments() >= m_dupThresh))
    {
        return Time(0);
    }
    return std::min(m_minRtt.Get() / 4, srtt);
}

Time
RackScoreboard::DetectLoss(Time now, bool inRecovery, Time srtt)
{
    Time timeout(0);
    if (!m_rackValid)
    {
        return timeout;
    }
    Time reoWnd = GetReoWnd(inRecovery, srtt);
    for (auto& [key, s] : m_segments)
    {
        // SACKed, or lost and awaiting its retransmission: nothing to detect
        if (s.sacked || s.lost)
        {
            continue;
        }
        if (!SentAfter(m_rackXmit, m_rackEnd, s.xmit, s.end))
        {
            continue;
        }
        Time remaining = m_rackRtt + reoWnd - (now - s.xmit);
        if (!remaining.IsStrictlyPositive())
        {
            s.lost = true;
            s.everLost = true;
            NS_LOG_LOGIC("lost " << s.start << "-" << s.end << " sent at " << s.xmit.As(Time::MS)
                                 << ", RACK.rtt " << m_rackRtt.As(Time::MS) << ", reo_wnd "
                                 << reoWnd.As(Time::MS));
        }
        else
        {
            timeout = std::max(timeout, remaining);
        }
    }
    return timeout;
}

bool
RackScoreboard::TakeAdvanced()
{
    bool advanced = m_advanced;
    m_advanced = false;
    return advanced;
}

std::vector<RackScoreboard::Segment>
RackScoreboard::GetLostSegments() const
{
    std::vector<Segment> lost;
    for (const auto& [key, s] : m_segments)
    {
        if (s.lost)
        {
            lost.push_back(s);
        }
    }
    return lost;
}

uint32_t
RackScoreboard::GetUncountedLostBytes(
    const std::function<bool(SequenceNumber32)>& countedLost) const
{
    uint32_t bytes = 0;
    for (const auto& [key, s] : m_segments)
    {
        if (s.everLost && !s.sacked && !countedLost(s.start))
        {
            bytes += s.end - s.start;
        }
    }
    return bytes;
}

Time
RackScoreboard::GetHeadXmitTime() const
{
    return m_segments.empty() ? Time(0) : m_segments.begin()->second.xmit;
}

SequenceNumber32
RackScoreboard::GetHead() const
{
    return m_segments.empty() ? SequenceNumber32(0) : m_segments.begin()->second.start;
}

bool
RackScoreboard::HasOutstanding() const
{
    return !m_segments.empty();
}

Time
RackScoreboard::GetRtt() const
{
    return m_rackRtt;
}

Time
RackScoreboard::GetMinRtt() const
{
    return m_minRtt.Get();
}

uint32_t
RackScoreboard::GetSackedSegments() const
{
    uint32_t n = 0;
    for (const auto& [key, s] : m_segments)
    {
        n += s.sacked ? 1 : 0;
    }
    return n;
}

bool
RackScoreboard::ReorderingSeen() const
{
    return m_reordering;
}

std::vector<RackScoreboard::Segment>
RackScoreboard::GetSegments() const
{
    std::vector<Segment> all;
    for (const auto& [key, s] : m_segments)
    {
        all.push_back(s);
    }
    return all;
}

} // namespace ns3
