/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef RACK_SCOREBOARD_H
#define RACK_SCOREBOARD_H

#include "ns3/nstime.h"
#include "ns3/sequence-number.h"

#include <cstdint>
#include <functional>
#include <map>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-ext
 * \brief Windowed minimum of RTT samples, Linux's lib/minmax.c (minmax_running_min())
 * as tcp_update_rtt_min() uses it: the best, second and third best samples of the
 * window, so that the minimum expires when it is older than the window (Linux's
 * tcp_min_rtt_wlen, 300 s).
 */
class MinRttFilter
{
  public:
    /**
     * \param window the window (tcp_min_rtt_wlen)
     */
    explicit MinRttFilter(Time window = Seconds(300));

    /// Forget every sample.
    void Reset();
    /**
     * \brief Add a sample.
     * \param rtt the sample
     * \param now its time
     */
    void Update(Time rtt, Time now);
    /// \return the minimum over the window (zero before any sample)
    Time Get() const;

  private:
    /// One sample.
    struct Sample
    {
        Time t;   //!< time taken
        Time rtt; //!< value
    };

    /**
     * \brief Reset all three samples to one.
     * \param s the sample
     */
    void ResetTo(const Sample& s);

    Time m_window;       //!< window
    Sample m_s[3];       //!< best, second best, third best
    bool m_valid{false}; //!< a sample exists
};

/**
 * \ingroup tcp-ext
 * \brief RACK's scoreboard (RFC 8985 sections 6.1-6.3, Linux's net/ipv4/tcp_recovery.c):
 * the send time and SACK state of every outstanding segment, RACK.rtt, RACK.xmit_ts and
 * RACK.end_seq, the reordering window and the loss detection that marks a segment lost
 * once a segment sent after it has been delivered and RACK.rtt plus the reordering
 * window have passed since it was sent.
 *
 * It knows nothing of a socket: the socket tells it what it sends (OnSend) and what
 * each ACK acknowledges (OnAck), asks it which segments are lost (DetectLoss) and
 * retransmits them. Sequence numbers are those of the data (no SYN, no FIN).
 */
class RackScoreboard
{
  public:
    /// One range of sequence space sent as one segment.
    struct Segment
    {
        SequenceNumber32 start; //!< first byte
        SequenceNumber32 end;   //!< one past the last byte
        Time xmit;              //!< time of its last transmission
        bool retransmitted;     //!< sent more than once (Linux: TCPCB_EVER_RETRANS)
        bool sacked;            //!< selectively acknowledged
        bool lost;              //!< marked lost and not retransmitted since
        bool everLost;          //!< marked lost by RACK since its first transmission
    };

    RackScoreboard();

    /// Forget everything (a new connection).
    void Reset();
    /**
     * \brief Set DupThresh (Linux's tp->reordering, 3): with this many segments
     * SACKed and no reordering seen, the reordering window is zero.
     * \param segments the threshold
     */
    void SetDupThresh(uint32_t segments);

    /**
     * \brief Record a transmission.
     * \param seq first byte
     * \param size bytes (> 0)
     * \param now send time
     */
    void OnSend(SequenceNumber32 seq, uint32_t size, Time now);
    /**
     * \brief Process an ACK (RFC 8985 section 6.2, RACK_update(); Linux's
     * tcp_rack_advance() for every segment it newly delivers).
     * \param una the cumulative acknowledgment
     * \param sacks the SACK blocks (first byte, one past the last)
     * \param now arrival time
     */
    void OnAck(SequenceNumber32 una,
               const std::vector<std::pair<SequenceNumber32, SequenceNumber32>>& sacks,
               Time now);
    /**
     * \brief Add an RTT sample from elsewhere (the socket's timestamp sample of an
     * ACK for retransmitted data) to the min_rtt filter.
     * \param rtt the sample
     * \param now its time
     */
    void AddRttSample(Time rtt, Time now);

    /**
     * \brief Linux's tcp_rack_reo_wnd(): zero while no reordering has been seen and
     * either recovery is under way or at least DupThresh segments are SACKed, else
     * min(min_rtt / 4, srtt).
     * \param inRecovery the sender is in fast recovery or loss recovery
     * \param srtt the smoothed RTT
     * \return the reordering window
     */
    Time GetReoWnd(bool inRecovery, Time srtt) const;
    /**
     * \brief RACK_detect_loss() (Linux's tcp_rack_detect_loss()): mark lost every
     * segment, not SACKed and not lost awaiting retransmission, sent before RACK's
     * segment and at least RACK.rtt + reo_wnd ago.
     * \param now the time
     * \param inRecovery the sender is in recovery (see GetReoWnd())
     * \param srtt the smoothed RTT
     * \return the longest wait of a segment not yet lost (zero: none), for the
     *         RACK timer
     */
    Time DetectLoss(Time now, bool inRecovery, Time srtt);
    /// \return true once an ACK has advanced RACK since the last call, and clear it
    bool TakeAdvanced();

    /// \return the segments marked lost and not retransmitted since, in sequence order
    std::vector<Segment> GetLostSegments() const;
    /**
     * \brief Bytes marked lost by RACK, neither SACKed nor acknowledged, that the
     * caller's own scoreboard does not count as lost.
     * \param countedLost true if the caller counts the segment starting there as lost
     * \return the bytes
     */
    uint32_t GetUncountedLostBytes(const std::function<bool(SequenceNumber32)>& countedLost) const;
    /// \return the time the first outstanding segment was last sent (zero: none)
    Time GetHeadXmitTime() const;
    /// \return the first outstanding byte (valid if HasOutstanding())
    SequenceNumber32 GetHead() const;
    /// \return true if a segment is outstanding
    bool HasOutstanding() const;

    /// \return RACK.rtt (zero before any delivery)
    Time GetRtt() const;
    /// \return the windowed min_rtt (zero before any sample)
    Time GetMinRtt() const;
    /// \return segments SACKed and not yet cumulatively acknowledged
    uint32_t GetSackedSegments() const;
    /// \return true once reordering has been seen (Linux's tp->reord_seen)
    bool ReorderingSeen() const;
    /// \return the outstanding segments in sequence order (for tests and logs)
    std::vector<Segment> GetSegments() const;

  private:
    /**
     * \param seq a sequence number
     * \return its offset from m_base, the scoreboard's key
     */
    uint32_t Key(SequenceNumber32 seq) const;
    /**
     * \brief Split the segment holding seq so that one starts at seq.
     * \param seq the split point
     */
    void SplitAt(SequenceNumber32 seq);
    /**
     * \brief RACK_sent_after(): t1 later than t2, or as late with a higher end.
     * \return the comparison
     */
    static bool SentAfter(Time t1, SequenceNumber32 end1, Time t2, SequenceNumber32 end2);

    std::map<uint32_t, Segment> m_segments; //!< outstanding, by offset of their start
    SequenceNumber32 m_base{0};             //!< offset origin
    uint32_t m_dupThresh{3};                //!< DupThresh (tp->reordering)
    MinRttFilter m_minRtt;                  //!< windowed min_rtt
    Time m_rackRtt{0};                      //!< RACK.rtt
    Time m_rackXmit{0};                     //!< RACK.xmit_ts
    SequenceNumber32 m_rackEnd{0};          //!< RACK.end_seq
    bool m_rackValid{false};                //!< a segment has been delivered
    bool m_advanced{false};                 //!< RACK advanced since TakeAdvanced()
    bool m_reordering{false};               //!< reordering seen
    SequenceNumber32 m_highSacked{0};       //!< end of the highest SACKed segment
    bool m_anySacked{false};                //!< m_highSacked is set
};

} // namespace ns3

#endif /* RACK_SCOREBOARD_H */
