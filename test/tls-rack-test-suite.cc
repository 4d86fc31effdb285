/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// tls-rack: RACK loss detection (RFC 8985, Linux's net/ipv4/tcp_recovery.c) in the
// Linux profile of ProfiledTcpSocket. First the scoreboard's arithmetic on chosen
// send and ACK times, then TLS 1.3 handshakes whose five-segment server flight loses
// chosen segments, each against the time RFC 8985 and RFC 6675 give from the link's
// delay and rate.

#include "tls-test-utils.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/test.h"
#include "ns3/tls-module.h"
#include "ns3/tls-ns3-compat.h"

#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::tls_test;

namespace
{

const Time kOneWay = MicroSeconds(15500);
const Time kR = kOneWay * 2;
/// TCP_TIMEOUT_MIN: Linux adds it to the RACK timer (tcp_rack_mark_lost())
const Time kTimeoutMin = MilliSeconds(2);
/// Linux's RTO after one sample R < 100 ms: srtt + rttvar, rttvar >= rto_min (200 ms)
const Time kRtoAfterR = kR + MilliSeconds(200);
/// DupThresh
const uint32_t kDupThresh = 3;

/// \return sequence number n
SequenceNumber32
Seq(uint32_t n)
{
    return SequenceNumber32(n);
}

/// Five segments of 1000 bytes from byte 1, sent at t0, t0 + gap, ...
void
SendFive(RackScoreboard* b, Time t0, Time gap)
{
    for (uint32_t i = 0; i < 5; ++i)
    {
        b->OnSend(Seq(1 + 1000 * i), 1000, t0 + gap * i);
    }
}

/// SACK block of segment i (0-based) of SendFive
std::pair<SequenceNumber32, SequenceNumber32>
Block(uint32_t i)
{
    return {Seq(1 + 1000 * i), Seq(1 + 1000 * (i + 1))};
}

} // namespace

/**
 * \ingroup tls-test
 * RackScoreboard on chosen times: RACK.rtt, the reordering window, DetectLoss.
 */
class TlsRackScoreboardTestCase : public TestCase
{
  public:
    TlsRackScoreboardTestCase()
        : TestCase("RACK scoreboard: RACK.rtt, reo_wnd, loss marks and timer")
    {
    }

  private:
    void DoRun() override
    {
        const Time r = MilliSeconds(40);
        const Time gap = MicroSeconds(10);
        // Third segment lost: ACKs of 1 and 2, SACKs of 4 and 5, each R after its send.
        {
            RackScoreboard b;
            b.SetDupThresh(kDupThresh);
            b.AddRttSample(r, Time(0)); // the handshake's sample: min_rtt = R
            SendFive(&b, Seconds(1), gap);
            b.OnAck(Seq(1001), {}, Seconds(1) + r);
            b.OnAck(Seq(2001), {}, Seconds(1) + gap + r);
            Time t4 = Seconds(1) + gap * 3 + r;
            b.OnAck(Seq(2001), {Block(3)}, t4);
            Time t5 = Seconds(1) + gap * 4 + r;
            b.OnAck(Seq(2001), {Block(3), Block(4)}, t5);
            NS_TEST_ASSERT_MSG_EQ(b.GetRtt(), r, "RACK.rtt: the newest delivered segment's RTT");
            NS_TEST_ASSERT_MSG_EQ(b.GetMinRtt(), r, "min_rtt");
            NS_TEST_ASSERT_MSG_EQ(b.GetSackedSegments(), 2, "two SACKed");
            // Two SACKed (< DupThresh): reo_wnd = min(min_rtt / 4, srtt)
            NS_TEST_ASSERT_MSG_EQ(b.GetReoWnd(false, r), r / 4, "reo_wnd min_rtt / 4");
            NS_TEST_ASSERT_MSG_EQ(b.GetReoWnd(false, r / 8), r / 8, "reo_wnd at most srtt");
            NS_TEST_ASSERT_MSG_EQ(b.GetReoWnd(true, r), Time(0), "zero in recovery");
            NS_TEST_ASSERT_MSG_EQ(b.TakeAdvanced(), true, "advanced");
            // The third segment, sent at 1 s + 2 gap, is lost at 1 s + 2 gap + R + R/4.
            Time sent3 = Seconds(1) + gap * 2;
            Time wait = b.DetectLoss(t5, false, r);
            NS_TEST_ASSERT_MSG_EQ(wait, sent3 + r + r / 4 - t5, "the timer waits for it");
            NS_TEST_ASSERT_MSG_EQ(b.GetLostSegments().empty(), true, "not lost yet");
            wait = b.DetectLoss(sent3 + r + r / 4 - NanoSeconds(1), false, r);
            NS_TEST_ASSERT_MSG_EQ(wait, NanoSeconds(1), "1 ns before");
            wait = b.DetectLoss(sent3 + r + r / 4, false, r);
            NS_TEST_ASSERT_MSG_EQ(wait, Time(0), "no wait left");
            std::vector<RackScoreboard::Segment> lost = b.GetLostSegments();
            NS_TEST_ASSERT_MSG_EQ(lost.size(), 1, "one lost");
            NS_TEST_ASSERT_MSG_EQ(lost[0].start, Seq(2001), "the third");
            // Retransmitted: not lost any more (until a later-sent segment is delivered)
            b.OnSend(Seq(2001), 1000, sent3 + r + r / 4);
            NS_TEST_ASSERT_MSG_EQ(b.GetLostSegments().empty(), true, "retransmitted");
            NS_TEST_ASSERT_MSG_EQ(b.GetSegments()[0].retransmitted, true, "marked retransmitted");
            b.OnAck(Seq(5001), {}, sent3 + r + r / 4 + r);
            NS_TEST_ASSERT_MSG_EQ(b.HasOutstanding(), false, "all acknowledged");
        }
        // First segment lost: SACKs of 2, 3 (reo_wnd R/4: a timer), then of 4: DupThresh
        // SACKed, reo_wnd 0, lost at once.
        {
            RackScoreboard b;
            b.SetDupThresh(kDupThresh);
            b.AddRttSample(r, Time(0));
            SendFive(&b, Seconds(1), gap);
            b.OnAck(Seq(1), {Block(1)}, Seconds(1) + gap + r);
            b.OnAck(Seq(1), {Block(1), Block(2)}, Seconds(1) + gap * 2 + r);
            Time wait = b.DetectLoss(Seconds(1) + gap * 2 + r, false, r);
            NS_TEST_ASSERT_MSG_EQ(wait, r / 4 - gap * 2, "two SACKs: wait R/4 from the send");
            b.OnAck(Seq(1), {Block(1), Block(2), Block(3)}, Seconds(1) + gap * 3 + r);
            NS_TEST_ASSERT_MSG_EQ(b.GetReoWnd(false, r), Time(0), "DupThresh SACKed");
            wait = b.DetectLoss(Seconds(1) + gap * 3 + r, false, r);
            NS_TEST_ASSERT_MSG_EQ(wait, Time(0), "nothing to wait for");
            NS_TEST_ASSERT_MSG_EQ(b.GetLostSegments().size(), 1, "the first lost");
            NS_TEST_ASSERT_MSG_EQ(b.GetLostSegments()[0].start, Seq(1), "the first");
            NS_TEST_ASSERT_MSG_EQ(b.ReorderingSeen(), false, "no reordering");
        }
        // Retransmission ambiguity (tcp_rack_advance()): a retransmitted segment SACKed
        // sooner than min_rtt after its retransmission does not advance RACK.
        {
            RackScoreboard b;
            b.AddRttSample(r, Time(0));
            SendFive(&b, Seconds(1), gap);
            b.OnSend(Seq(4001), 1000, Seconds(1) + r / 2); // a probe repeats the last
            b.TakeAdvanced();
            b.OnAck(Seq(1), {Block(4)}, Seconds(1) + r / 2 + r / 4);
            NS_TEST_ASSERT_MSG_EQ(b.TakeAdvanced(), false, "ambiguous: no advance");
            NS_TEST_ASSERT_MSG_EQ(b.GetRtt(), Time(0), "no RACK.rtt");
            // The probe's own SACK, R after it, is not ambiguous
            RackScoreboard c;
            c.AddRttSample(r, Time(0));
            SendFive(&c, Seconds(1), gap);
            Time probe = Seconds(1) + r * 2;
            c.OnSend(Seq(4001), 1000, probe);
            c.OnAck(Seq(1), {Block(4)}, probe + r);
            NS_TEST_ASSERT_MSG_EQ(c.TakeAdvanced(), true, "advanced");
            NS_TEST_ASSERT_MSG_EQ(c.GetRtt(), r, "RACK.rtt from the probe");
            // every earlier segment was sent more than R + R/4 before: all lost
            c.DetectLoss(probe + r, false, r);
            NS_TEST_ASSERT_MSG_EQ(c.GetLostSegments().size(), 4, "the four before the probe");
        }
        // Reordering: a never retransmitted segment delivered below a SACKed one
        {
            RackScoreboard b;
            b.SetDupThresh(kDupThresh);
            b.AddRttSample(r, Time(0));
            SendFive(&b, Seconds(1), gap);
            b.OnAck(Seq(1), {Block(1), Block(2), Block(3)}, Seconds(1) + r);
            b.OnAck(Seq(4001), {}, Seconds(1) + r + gap);
            NS_TEST_ASSERT_MSG_EQ(b.ReorderingSeen(), true, "reordering seen");
            // min_rtt: segment 4's SACK, R - 3 gap after its send
            NS_TEST_ASSERT_MSG_EQ(b.GetMinRtt(), r - gap * 3, "min_rtt");
            NS_TEST_ASSERT_MSG_EQ(b.GetReoWnd(true, r),
                                  (r - gap * 3) / 4,
                                  "reo_wnd stays min_rtt / 4");
        }
    }
};

/**
 * \ingroup tls-test
 * The windowed min_rtt filter (lib/minmax.c) over its 300 s window.
 */
class TlsMinRttFilterTestCase : public TestCase
{
  public:
    TlsMinRttFilterTestCase()
        : TestCase("RACK min_rtt: windowed minimum, 300 s")
    {
    }

  private:
    void DoRun() override
    {
        MinRttFilter f;
        NS_TEST_ASSERT_MSG_EQ(f.Get(), Time(0), "no sample");
        f.Update(MilliSeconds(10), Seconds(0));
        f.Update(MilliSeconds(20), Seconds(100));
        NS_TEST_ASSERT_MSG_EQ(f.Get(), MilliSeconds(10), "the minimum within the window");
        // 301 s: the 10 ms sample has left the window; 20 ms (kept as second choice)
        f.Update(MilliSeconds(30), Seconds(301));
        NS_TEST_ASSERT_MSG_EQ(f.Get(), MilliSeconds(20), "the second choice");
        // 500 s: 20 ms (at 100 s) has left too; 30 ms (at 301 s) is the minimum
        f.Update(MilliSeconds(40), Seconds(500));
        NS_TEST_ASSERT_MSG_EQ(f.Get(), MilliSeconds(30), "the third choice");
        f.Update(MilliSeconds(5), Seconds(501));
        NS_TEST_ASSERT_MSG_EQ(f.Get(), MilliSeconds(5), "a new minimum");
    }
};

namespace
{

/// One data segment the server sent.
struct Sent
{
    Time time;            //!< when
    SequenceNumber32 seq; //!< first byte
    uint32_t size;        //!< bytes
};

/// One handshake over a 1 Gbps link of RTT R, the server's flight of five segments.
struct RackRun
{
    bool rack{true};                    //!< attribute Rack
    std::string serverToClient{"none"}; //!< loss towards the client
    // results
    Time latency{Time(-1)};      //!< client handshake latency from connect
    std::vector<Sent> sent;      //!< the server's data segments
    uint32_t probes{0};          //!< tail loss probes
    uint32_t rackRetransmits{0}; //!< RACK retransmissions
    uint64_t lost{0};            //!< packets lost
};

void
CountEvent(uint32_t* n, SequenceNumber32, uint32_t, bool)
{
    ++*n;
}

void
CountRack(uint32_t* n, SequenceNumber32, uint32_t)
{
    ++*n;
}

void
RecordTx(std::vector<Sent>* sent, Ptr<const Packet> p, const TcpHeader& h, Ptr<const TcpSocketBase>)
{
    if (p->GetSize() > 0)
    {
        sent->push_back(Sent{Simulator::Now(), h.GetSequenceNumber(), p->GetSize()});
    }
}

/// Set a ProfiledTcpSocket attribute's default for one run and restore it afterwards.
class DefaultGuard
{
  public:
    DefaultGuard(const std::string& name, const AttributeValue& value)
        : m_name(name)
    {
        TypeId::AttributeInformation info;
        ProfiledTcpSocket::GetTypeId().LookupAttributeByName(name, &info);
        m_saved = info.initialValue->SerializeToString(info.checker);
        Config::SetDefault("ns3::ProfiledTcpSocket::" + name, value);
    }

    ~DefaultGuard()
    {
        Config::SetDefault("ns3::ProfiledTcpSocket::" + m_name, StringValue(m_saved));
    }

  private:
    std::string m_name;  //!< attribute
    std::string m_saved; //!< its default before
};

void
RunRack(RackRun* run)
{
    DefaultGuard profile("Profile", EnumValue(ProfiledTcpSocket::LINUX));
    DefaultGuard rack("Rack", BooleanValue(run->rack));
    Star star = BuildStar(1, kOneWay, DataRate("1Gbps"));
    Ptr<TlsLossModel> toClient =
        TlsLossModel::Install(star.clients.Get(0)->GetDevice(1), run->serverToClient, 12);
    const uint16_t port = 4433;
    TlsServerHelper serverHelper(port);
    serverHelper.SetContextAttribute("MinVersion", StringValue("1.3"));
    serverHelper.SetContextAttribute("MaxVersion", StringValue("1.3"));
    // One X25519 key share: a one-segment ClientHello with every OpenSSL. RSA 2048 with
    // six intermediates: a server flight of about 6.3 kB, five segments of 1448 bytes.
    serverHelper.SetContextAttribute("Groups", StringValue("X25519"));
    serverHelper.SetContextAttribute("KeyType", StringValue("rsa2048"));
    serverHelper.SetContextAttribute("ChainDepth", UintegerValue(6));
    serverHelper.SetContextAttribute("CacheDirectory", StringValue(TestCacheDir()));
    ApplicationContainer servers = serverHelper.Install(star.server);
    TlsClientHelper clientHelper(ServerSocketAddress(star, port));
    clientHelper.SetContext(serverHelper.GetContext());
    ApplicationContainer clients = clientHelper.Install(star.clients);
    servers.Start(Seconds(0));
    clients.Start(Seconds(1));
    RecordLog log;
    log.Attach(clients);
    tls_compat::Schedule(Seconds(1) + kOneWay + MicroSeconds(100), [run, &star]() {
        // the accepted socket exists once the SYN has arrived
        std::string sockets = "/NodeList/" + std::to_string(star.server.Get(0)->GetId()) +
                              "/$ns3::TcpL4Protocol/SocketList/*/$ns3::ProfiledTcpSocket/";
        Config::ConnectWithoutContextFailSafe(sockets + "LossProbe",
                                              MakeBoundCallback(&CountEvent, &run->probes));
        Config::ConnectWithoutContextFailSafe(sockets + "RackLoss",
                                              MakeBoundCallback(&CountRack, &run->rackRetransmits));
        Config::ConnectWithoutContextFailSafe(sockets + "Tx",
                                              MakeBoundCallback(&RecordTx, &run->sent));
    });
    Simulator::Stop(Seconds(30));
    Simulator::Run();
    if (!log.Completed().empty())
    {
        run->latency = log.Completed()[0].GetHandshakeLatency();
    }
    run->lost = toClient ? toClient->GetLost() : 0;
    Simulator::Destroy();
}

/// \return the transmissions of the segment starting at seq
std::vector<Time>
Transmissions(const std::vector<Sent>& sent, SequenceNumber32 seq)
{
    std::vector<Time> times;
    for (const Sent& s : sent)
    {
        if (s.seq == seq)
        {
            times.push_back(s.time);
        }
    }
    return times;
}

} // namespace

/**
 * \ingroup tls-test
 * One segment of the five-segment server flight lost (or none): the latency, and when
 * the server sent the segment again, against RFC 8985 / RFC 6675 on the link's
 * numbers.
 */
class TlsRackFlightTestCase : public TestCase
{
  public:
    /**
     * \param name case name
     * \param lostSegment the flight's segment lost (1-5), 0 for none
     * \param rack attribute Rack
     * \param latency expected client latency from connect
     * \param resendAfter expected time from the lost segment's first transmission to its
     *        retransmission (ignored without loss)
     * \param rackRetransmits retransmissions RACK must have made
     */
    TlsRackFlightTestCase(const std::string& name,
                          uint32_t lostSegment,
                          bool rack,
                          Time latency,
                          Time resendAfter,
                          uint32_t rackRetransmits)
        : TestCase(name),
          m_lost(lostSegment),
          m_rack(rack),
          m_latency(latency),
          m_resendAfter(resendAfter),
          m_rackRetransmits(rackRetransmits)
    {
    }

  private:
    void DoRun() override
    {
        // Serialization at 1 Gbps (a 1500-byte packet takes 12 us) and the flight's
        // spread keep every time within 0.5 ms of the analytic one.
        const Time tol = MicroSeconds(500);
        RackRun run;
        run.rack = m_rack;
        run.serverToClient =
            m_lost == 0 ? std::string("none") : "dropdata:" + std::to_string(m_lost);
        RunRack(&run);
        NS_TEST_ASSERT_MSG_EQ(run.lost, (m_lost == 0 ? 0 : 1), "the pattern loses one segment");
        // The flight: the first five data segments, sent together at 1.5R
        NS_TEST_ASSERT_MSG_GT_OR_EQ(run.sent.size(), 5, "a flight of five segments");
        std::vector<Sent> flight(run.sent.begin(), run.sent.begin() + 5);
        for (const Sent& s : flight)
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(s.time.GetMicroSeconds(),
                                      (Seconds(1) + kR + kR / 2).GetMicroSeconds(),
                                      tol.GetMicroSeconds(),
                                      "the flight leaves at 1.5R (after connect at 1 s)"
                                          << " " << s.time.As(Time::MS));
        }
        // Five segments: the sixth data segment, if any, is no part of the first flight
        NS_TEST_ASSERT_MSG_EQ((flight[4].size < 1448 && flight[3].size == 1448),
                              true,
                              "four full segments and a last one");
        // Retransmissions: segments below the highest byte sent before them. New data
        // after the flight (session tickets) leaves once the client's Finished is in.
        std::vector<Sent> again;
        SequenceNumber32 high = flight[0].seq;
        for (const Sent& x : run.sent)
        {
            if (x.seq < high)
            {
                again.push_back(x);
                continue;
            }
            high = x.seq + SequenceNumber32(x.size);
            if (x.seq > flight[4].seq)
            {
                NS_TEST_ASSERT_MSG_GT_OR_EQ(x.time,
                                            flight[4].time + kR,
                                            "new data after the flight is no part of it");
            }
        }
        NS_TEST_ASSERT_MSG_EQ_TOL(run.latency.GetMicroSeconds(),
                                  m_latency.GetMicroSeconds(),
                                  tol.GetMicroSeconds(),
                                  "latency " << run.latency.As(Time::MS) << ", expected "
                                             << m_latency.As(Time::MS));
        NS_TEST_ASSERT_MSG_EQ(run.rackRetransmits, m_rackRetransmits, "RACK retransmissions");
        if (m_lost == 0)
        {
            NS_TEST_ASSERT_MSG_EQ(again.size(), 0, "no retransmission");
            NS_TEST_ASSERT_MSG_EQ(run.probes, 0, "no probe");
            return;
        }
        std::vector<Time> times = Transmissions(run.sent, flight[m_lost - 1].seq);
        NS_TEST_ASSERT_MSG_EQ(times.size(), 2, "the lost segment is sent again once");
        NS_TEST_ASSERT_MSG_EQ(again.size(), 1, "only the lost segment is sent again");
        NS_TEST_ASSERT_MSG_EQ_TOL((times[1] - times[0]).GetMicroSeconds(),
                                  m_resendAfter.GetMicroSeconds(),
                                  tol.GetMicroSeconds(),
                                  "sent again " << (times[1] - times[0]).As(Time::MS)
                                                << " after its first transmission, expected "
                                                << m_resendAfter.As(Time::MS));
    }

    uint32_t m_lost;            //!< lost segment, 0: none
    bool m_rack;                //!< attribute Rack
    Time m_latency;             //!< expected latency
    Time m_resendAfter;         //!< expected retransmission delay
    uint32_t m_rackRetransmits; //!< expected RACK retransmissions
};

/**
 * \ingroup tls-test
 * The suite.
 */
class TlsRackTestSuite : public TestSuite
{
  public:
    TlsRackTestSuite()
        : TestSuite("tls-rack", tls_compat::UNIT)
    {
        AddTestCase(new TlsRackScoreboardTestCase(), tls_compat::QUICK);
        AddTestCase(new TlsMinRttFilterTestCase(), tls_compat::QUICK);
        // Times from connect (1 s). SYN at the server at R/2, SYN-ACK at the client at
        // R (the server's one RTT sample: srtt = min_rtt = R), ClientHello at the
        // server at 1.5R, the flight of five segments leaves then and reaches the
        // client at 2R; the client, in quickack mode, ACKs every segment at once
        // (an out-of-order one with a SACK), so the server has each ACK at 2.5R.
        const Time r = kR;
        AddTestCase(new TlsRackFlightTestCase("no loss: 2R", 0, true, 2 * r, Time(0), 0),
                    tls_compat::QUICK);
        // Segment 1 lost: the SACKs of 2, 3, 4, 5 arrive at 2.5R. At the third
        // (DupThresh) TcpSocketBase's fast retransmit sends 1 again (RFC 6675; RACK
        // agrees: DupThresh SACKed, reo_wnd 0): R after its send, at the client at 3R.
        AddTestCase(
            new TlsRackFlightTestCase("segment 1 lost: fast retransmit at the third SACK, 3R",
                                      1,
                                      true,
                                      3 * r,
                                      r,
                                      0),
            tls_compat::QUICK);
        // Segment 3 lost: ACKs of 1 and 2, SACKs of 4 and 5 at 2.5R. Two SACKed
        // (< DupThresh): reo_wnd = min_rtt / 4 = R/4 and RACK.rtt = R (segment 5), so 3
        // is lost R + R/4 after its send; Linux's RACK timer adds TCP_TIMEOUT_MIN
        // (2 ms). Sent again at 1.5R + 1.25R + 2 ms, at the client at 3.25R + 2 ms.
        AddTestCase(
            new TlsRackFlightTestCase(
                "segment 3 lost: RACK timer, RACK.rtt + min_rtt x 0.25 + 2 ms after its send",
                3,
                true,
                3 * r + r / 4 + kTimeoutMin,
                r + r / 4 + kTimeoutMin,
                1),
            tls_compat::QUICK);
        // Without RACK: no third SACK, no probe (a SACK left Open), so the RTO restarted
        // by the ACK of 2 at 2.5R sends it: 2.5R + R + 200 ms, at the client at
        // 4R + 200 ms.
        AddTestCase(new TlsRackFlightTestCase("segment 3 lost, Rack false: RTO, 4R + 200 ms",
                                              3,
                                              false,
                                              2 * r + r / 2 + kRtoAfterR + r / 2,
                                              r + kRtoAfterR,
                                              0),
                    tls_compat::QUICK);
        // Segment 5 (the last) lost: 1-4 ACKed, the last ACK at 2.5R. Nothing was sent
        // after 5, so RACK cannot mark it; the probe timer, re-armed by the ACK for one
        // segment in flight, is 2 srtt + 200 ms (MinRto), later than the RTO
        // (R + 200 ms), so the segment leaves at the RTO's time, 2.5R + R + 200 ms: at
        // the client at 4R + 200 ms, as without RACK.
        const Time pto = 2 * r + MilliSeconds(200);
        const Time tail = std::min(pto, kRtoAfterR);
        AddTestCase(new TlsRackFlightTestCase("segment 5 lost: probe or RTO after the last ACK",
                                              5,
                                              true,
                                              2 * r + r / 2 + tail + r / 2,
                                              r + tail,
                                              0),
                    tls_compat::QUICK);
    }
};

/// The suite's instance.
static TlsRackTestSuite g_tlsRackTestSuite;
