/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "profiled-tcp-socket.h"

#include "mdev-rtt-estimator.h"
#include "profiled-tcp-l4-protocol.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/ipv4-end-point.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-interface.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/rtt-estimator.h"
#include "ns3/simulator.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-option-sack.h"
#include "ns3/tcp-option-ts.h"
#include "ns3/tcp-recovery-ops.h"
#include "ns3/tcp-tx-buffer.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ProfiledTcpSocket");

NS_OBJECT_ENSURE_REGISTERED(ProfiledTcpSocket);

// ------------------------------------------------------------------ ProfiledTcpSocket

namespace
{
/// TCP_RTO_MAX (include/net/tcp.h)
const Time kLinuxRtoMax = Seconds(120);
/// TCP_TIMEOUT_MIN (include/net/tcp.h): 2 jiffies, 2 ms at HZ=1000
const Time kLinuxTimeoutMin = MilliSeconds(2);
} // namespace

TypeId
ProfiledTcpSocket::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::ProfiledTcpSocket")
            .SetParent<TcpSocketBase>()
            .SetGroupName("Internet")
            .AddConstructor<ProfiledTcpSocket>()
            .AddAttribute("Profile",
                          "Timers: Ns3 (ns-3.37's TcpSocketBase, unchanged) or Linux (Linux's "
                          "RTO, tail loss probe, quickack, SYN and SYN-ACK retries). Read "
                          "when the socket connects or listens.",
                          EnumValue(ProfiledTcpSocket::LINUX),
                          tls_compat::MakeEnumAccessor<ProfiledTcpSocket::Profile>(
                              &ProfiledTcpSocket::SetProfile,
                              &ProfiledTcpSocket::GetProfile),
                          tls_compat::MakeEnumChecker(ProfiledTcpSocket::NS3,
                                                      "Ns3",
                                                      ProfiledTcpSocket::LINUX,
                                                      "Linux"))
            .AddAttribute("LinuxSynRetries",
                          "Linux profile: SYN retransmissions before a connect fails "
                          "(tcp_syn_retries); replaces TcpSocket::SynRetries",
                          UintegerValue(6),
                          MakeUintegerAccessor(&ProfiledTcpSocket::m_linuxSynRetries),
                          MakeUintegerChecker<uint32_t>(0, 127))
            .AddAttribute("LinuxSynAckRetries",
                          "Linux profile: SYN-ACK retransmissions before an embryonic "
                          "connection is dropped (tcp_synack_retries); replaces "
                          "TcpSocket::SynRetries for accepted sockets",
                          UintegerValue(5),
                          MakeUintegerAccessor(&ProfiledTcpSocket::m_linuxSynAckRetries),
                          MakeUintegerChecker<uint32_t>(0, 127))
            .AddAttribute("LinuxRetries2",
                          "Linux profile: data retransmissions by timeout before the "
                          "connection is dropped (tcp_retries2, counted); replaces "
                          "TcpSocket::DataRetries",
                          UintegerValue(15),
                          MakeUintegerAccessor(&ProfiledTcpSocket::m_linuxRetries2),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("LinuxQuickAcks",
                          "Linux profile: data segments ACKed at once at the start of a "
                          "connection (TCP_MAX_QUICKACKS); later ones follow DelAckCount "
                          "and DelAckTimeout",
                          UintegerValue(16),
                          MakeUintegerAccessor(&ProfiledTcpSocket::m_linuxQuickAcks),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("TailLossProbe",
                          "Linux profile: send tail loss probes (RFC 8985 section 7; Linux's "
                          "tcp_early_retrans 3)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&ProfiledTcpSocket::m_tailLossProbe),
                          MakeBooleanChecker())
            .AddAttribute("Rack",
                          "Linux profile: RACK loss detection (RFC 8985 sections 6.2-6.3; "
                          "Linux's tcp_recovery 1, the default since 4.18): a segment is "
                          "lost once a segment sent after it is delivered and RACK.rtt plus "
                          "a reordering window have passed. Needs SACK. Linux profile only: "
                          "programs refuse a changed Rack with the Ns3 profile",
                          BooleanValue(true),
                          MakeBooleanAccessor(&ProfiledTcpSocket::m_rackEnabled),
                          MakeBooleanChecker())
            .AddTraceSource("RackLoss",
                            "A segment RACK marked lost was retransmitted",
                            MakeTraceSourceAccessor(&ProfiledTcpSocket::m_rackLossTrace),
                            "ns3::ProfiledTcpSocket::RackLossTracedCallback")
            .AddTraceSource("LossProbe",
                            "A tail loss probe was sent",
                            MakeTraceSourceAccessor(&ProfiledTcpSocket::m_lossProbeTrace),
                            "ns3::ProfiledTcpSocket::LossProbeTracedCallback");
    return tid;
}

TLS_NS3_INSTANCE_TYPE_ID_DEFINE(ProfiledTcpSocket);

ProfiledTcpSocket::ProfiledTcpSocket()
    : TcpSocketBase()
{
    NS_LOG_FUNCTION(this);
}

ProfiledTcpSocket::ProfiledTcpSocket(const ProfiledTcpSocket& sock)
    : TcpSocketBase(sock),
      m_profile(sock.m_profile),
      m_linuxSynRetries(sock.m_linuxSynRetries),
      m_linuxSynAckRetries(sock.m_linuxSynAckRetries),
      m_linuxRetries2(sock.m_linuxRetries2),
      m_linuxQuickAcks(sock.m_linuxQuickAcks),
      m_tailLossProbe(sock.m_tailLossProbe),
      m_linuxRto(sock.m_linuxRto),
      m_rackEnabled(sock.m_rackEnabled),
      m_demux(sock.m_demux)
{
    NS_LOG_FUNCTION(this);
}

ProfiledTcpSocket::~ProfiledTcpSocket()
{
    m_tlpEvent.Cancel();
    m_reoEvent.Cancel();
    Unregister();
}

Ptr<ProfiledTcpSocket>
ProfiledTcpSocket::Make(Ptr<Node> node, Ptr<TcpL4Protocol> tcp)
{
    NS_ASSERT(node && tcp);
    TypeIdValue rttType;
    TypeIdValue congestionType;
    TypeIdValue recoveryType;
    tcp->GetAttribute("RttEstimatorType", rttType);
    tcp->GetAttribute("SocketType", congestionType);
    tcp->GetAttribute("RecoveryType", recoveryType);
    ObjectFactory factory;
    factory.SetTypeId(rttType.Get());
    Ptr<RttEstimator> rtt = factory.Create<RttEstimator>();
    Ptr<ProfiledTcpSocket> socket = CreateObject<ProfiledTcpSocket>();
    factory.SetTypeId(congestionType.Get());
    Ptr<TcpCongestionOps> congestion = factory.Create<TcpCongestionOps>();
    factory.SetTypeId(recoveryType.Get());
    Ptr<TcpRecoveryOps> recovery = factory.Create<TcpRecoveryOps>();

    socket->SetNode(node);
    socket->SetTcp(tcp);
    socket->SetRtt(rtt);
    socket->SetCongestionControlAlgorithm(congestion);
    socket->SetRecoveryAlgorithm(recovery);
    return socket;
}

Ptr<TcpCongestionOps>
ProfiledTcpSocket::GetCongestionControl() const
{
    return m_congestionControl;
}

int
ProfiledTcpSocket::Connect(const Address& address)
{
    if (IsLinux())
    {
        // ns-3 counts SYN transmissions, Linux retransmissions
        m_synRetries = m_linuxSynRetries + 1;
        StartLinuxConnection();
    }
    int result = TcpSocketBase::Connect(address);
    if (result == 0)
    {
        RegisterConnection();
    }
    return result;
}

int
ProfiledTcpSocket::Listen()
{
    if (IsLinux())
    {
        SetRtt(m_rtt);
    }
    int result = TcpSocketBase::Listen();
    if (result == 0 && m_demux && m_endPoint && !m_listenKey)
    {
        m_localPort = m_endPoint->GetLocalPort();
        m_demux->AddListener(this, m_localPort);
        m_listenKey = true;
    }
    return result;
}

void
ProfiledTcpSocket::ConnectSegmentTraces(SegmentCallback tx, SegmentCallback rx)
{
    m_txTrace.ConnectWithoutContext(tx);
    m_rxTrace.ConnectWithoutContext(rx);
}

void
ProfiledTcpSocket::DisconnectSegmentTraces(SegmentCallback tx, SegmentCallback rx)
{
    m_txTrace.DisconnectWithoutContext(tx);
    m_rxTrace.DisconnectWithoutContext(rx);
}

bool
ProfiledTcpSocket::Deliver(Ptr<Packet> packet,
                           const Ipv4Header& header,
                           uint16_t sport,
                           uint16_t dport,
                           Ptr<Ipv4Interface> incomingInterface)
{
    Ipv4EndPoint* endPoint = m_endPoint;
    if (!endPoint || !endPoint->IsRxEnabled() || endPoint->GetLocalPort() != dport)
    {
        return false;
    }
    Ptr<NetDevice> bound = endPoint->GetBoundNetDevice();
    if (bound && bound != incomingInterface->GetDevice())
    {
        return false;
    }
    Ipv4Address local = endPoint->GetLocalAddress();
    if (m_listenKey)
    {
        // A listening endpoint: local port, local address exact or any, peer wildcard.
        if ((local != header.GetDestination() && local != Ipv4Address::GetAny()) ||
            endPoint->GetPeerPort() != 0 || endPoint->GetPeerAddress() != Ipv4Address::GetAny())
        {
            return false;
        }
    }
    else if (local != header.GetDestination() || endPoint->GetPeerAddress() != header.GetSource() ||
             endPoint->GetPeerPort() != sport)
    {
        return false;
    }
    endPoint->ForwardUp(packet, header, sport, incomingInterface);
    return true;
}

void
ProfiledTcpSocket::DoDispose()
{
    m_tlpEvent.Cancel();
    m_reoEvent.Cancel();
    Unregister();
    TcpSocketBase::DoDispose();
}

Ptr<TcpSocketBase>
ProfiledTcpSocket::Fork()
{
    return CopyObject<ProfiledTcpSocket>(this);
}

void
ProfiledTcpSocket::CompleteFork(Ptr<Packet> p,
                                const TcpHeader& tcpHeader,
                                const Address& fromAddress,
                                const Address& toAddress)
{
    if (IsLinux())
    {
        // The SYN-ACK, sent by TcpSocketBase::CompleteFork, is retransmitted as a SYN is
        m_synRetries = m_linuxSynAckRetries + 1;
        StartLinuxConnection();
    }
    TcpSocketBase::CompleteFork(p, tcpHeader, fromAddress, toAddress);
    RegisterConnection();
}

void
ProfiledTcpSocket::RegisterConnection()
{
    if (!m_demux || !m_endPoint || m_connectionKey)
    {
        return;
    }
    Ipv4Address local = m_endPoint->GetLocalAddress();
    Ipv4Address peer = m_endPoint->GetPeerAddress();
    if (local == Ipv4Address::GetAny() || peer == Ipv4Address::GetAny())
    {
        return; // not fully specified: TcpL4Protocol's own look-up handles it
    }
    m_localAddress = local;
    m_peerAddress = peer;
    m_localPort = m_endPoint->GetLocalPort();
    m_peerPort = m_endPoint->GetPeerPort();
    m_demux->AddConnection(this, m_localAddress, m_localPort, m_peerAddress, m_peerPort);
    m_connectionKey = true;
}

void
ProfiledTcpSocket::Unregister()
{
    if (!m_demux)
    {
        return;
    }
    if (m_connectionKey)
    {
        m_demux->RemoveConnection(this, m_localAddress, m_localPort, m_peerAddress, m_peerPort);
        m_connectionKey = false;
    }
    if (m_listenKey)
    {
        m_demux->RemoveListener(this, m_localPort);
        m_listenKey = false;
    }
}

// ------------------------------------------------- ProfiledTcpSocket: the Linux profile

ProfiledTcpSocket::Profile
ProfiledTcpSocket::GetProfile() const
{
    return m_profile;
}

void
ProfiledTcpSocket::SetProfile(Profile profile)
{
    m_profile = profile;
    if (m_rtt)
    {
        SetRtt(m_rtt);
    }
}

uint32_t
ProfiledTcpSocket::GetLossProbes() const
{
    return m_lossProbes;
}

Time
ProfiledTcpSocket::GetRto() const
{
    return m_rto.Get();
}

uint32_t
ProfiledTcpSocket::GetRackRetransmissions() const
{
    return m_rackRetransmissions;
}

const RackScoreboard&
ProfiledTcpSocket::GetRackScoreboard() const
{
    return m_rack;
}

bool
ProfiledTcpSocket::IsLinux() const
{
    return m_profile == LINUX;
}

void
ProfiledTcpSocket::SetRtt(Ptr<RttEstimator> rtt)
{
    if (IsLinux() && !DynamicCast<MdevRttEstimator>(rtt))
    {
        // Linux's estimator in place of the node's RttEstimatorType
        rtt = CreateObject<MdevRttEstimator>();
    }
    TcpSocketBase::SetRtt(rtt);
}

void
ProfiledTcpSocket::StartLinuxConnection()
{
    SetRtt(m_rtt);
    m_rtt->Reset();
    m_dataRetries = m_linuxRetries2;
    // ns-3 adds max(ClockGranularity, 4 rttvar): Linux adds rttvar alone
    m_clockGranularity = Time(0);
    m_linuxRto = m_rtt->GetEstimate(); // TCP_TIMEOUT_INIT before any sample
    m_quickAcksLeft = m_linuxQuickAcks;
    m_tlpEvent.Cancel();
    m_tlpOutstanding = false;
    m_reoEvent.Cancel();
    m_rack.Reset();
    m_rack.SetDupThresh(m_retxThresh);
}

void
ProfiledTcpSocket::EstimateRtt(const TcpHeader& tcpHeader)
{
    if (!IsLinux())
    {
        TcpSocketBase::EstimateRtt(tcpHeader);
        return;
    }
    // tcp_clean_rtx_queue() and tcp_ack_update_rtt(): the RTT of the oldest segment
    // this ACK covers, from its send time if it was never retransmitted (Karn), else
    // from the echoed timestamp.
    SequenceNumber32 ackSeq = tcpHeader.GetAckNumber();
    Time m(0);
    if (!m_history.empty())
    {
        const RttHistory& h = m_history.front();
        // TcpSocketBase never marks a SYN's entry (0 bytes) retransmitted: a SYN or
        // SYN-ACK was sent again if fewer attempts are left than after the first
        bool synAgain = h.count == 0 && (m_state == SYN_SENT || m_state == SYN_RCVD) &&
                        m_synCount + 1 < m_synRetries;
        if (ackSeq >= h.seq + SequenceNumber32(h.count))
        {
            if (!h.retx && !synAgain)
            {
                m = Simulator::Now() - h.time;
            }
            else if (m_timestampEnabled && tcpHeader.HasOption(TcpOption::TS))
            {
                // the echo is that of the segment's last transmission
                Ptr<const TcpOptionTS> ts =
                    DynamicCast<const TcpOptionTS>(tcpHeader.GetOption(TcpOption::TS));
                if (ts->GetEcho() != 0)
                {
                    m = Max(TcpOptionTS::ElapsedTimeFromTsValue(ts->GetEcho()), MicroSeconds(1));
                }
            }
        }
    }
    while (!m_history.empty())
    {
        const RttHistory& h = m_history.front();
        if ((h.seq + SequenceNumber32(h.count)) > ackSeq)
        {
            break;
        }
        m_history.pop_front();
    }
    if (m.IsStrictlyPositive())
    {
        Ptr<MdevRttEstimator> linuxRtt = DynamicCast<MdevRttEstimator>(m_rtt);
        if (linuxRtt)
        {
            linuxRtt->SetSenderState(ackSeq, m_tcb->m_highTxMark, m_minRto);
        }
        m_rtt->Measurement(m);
        m_rack.AddRttSample(m, Simulator::Now()); // tcp_update_rtt_min()
        // tcp_set_rto(), tcp_bound_rto(); a valid sample ends the backoff
        m_linuxRto = Min(m_rtt->GetEstimate() + m_rtt->GetVariation() * 4, kLinuxRtoMax);
        m_rto = m_linuxRto;
        m_tcb->m_lastRtt = m_rtt->GetEstimate();
        m_tcb->m_minRtt = std::min(m_tcb->m_lastRtt.Get(), m_tcb->m_minRtt);
    }
}

void
ProfiledTcpSocket::NewAck(const SequenceNumber32& ack, bool resetRTO)
{
    if (!IsLinux())
    {
        TcpSocketBase::NewAck(ack, resetRTO);
        return;
    }
    if (m_tlpOutstanding && ack >= m_tlpHighSeq)
    {
        m_tlpOutstanding = false; // tcp_process_tlp_ack()
    }
    if (m_state != SYN_RCVD && resetRTO)
    {
        // tcp_rearm_rto(): icsk_rto from now, with the backoff that no RTT sample
        // has cleared
        m_retxEvent.Cancel();
        m_rto = m_linuxRto;
        m_retxEvent = Simulator::Schedule(m_rto, &ProfiledTcpSocket::ReTxTimeout, this);
    }
    TcpSocketBase::NewAck(ack, false);
    m_rto = m_linuxRto;
    if (resetRTO && tls_compat::IsPending(m_retxEvent))
    {
        ScheduleLossProbe(true, ack); // tcp_set_xmit_timer()
    }
    else if (!tls_compat::IsPending(m_retxEvent))
    {
        m_tlpEvent.Cancel();
    }
}

void
ProfiledTcpSocket::ReTxTimeout()
{
    if (!IsLinux())
    {
        TcpSocketBase::ReTxTimeout();
        return;
    }
    m_tlpEvent.Cancel();
    m_tlpOutstanding = false;
    m_reoEvent.Cancel(); // Linux's one transmit timer: the RTO replaces the RACK timer
    bool data = m_state != CLOSED && m_state != TIME_WAIT && m_state != SYN_SENT &&
                m_txBuffer->Size() > 0 && m_dataRetrCount > 0;
    TcpSocketBase::ReTxTimeout();
    if (data)
    {
        // tcp_retransmit_timer(): icsk_rto = min(icsk_rto << 1, TCP_RTO_MAX), and the
        // timer restarts with it (TcpSocketBase doubles its own value, capped at 60 s)
        m_linuxRto = Min(m_linuxRto * 2, kLinuxRtoMax);
        m_rto = m_linuxRto;
        if (tls_compat::IsPending(m_retxEvent))
        {
            m_retxEvent.Cancel();
            m_retxEvent = Simulator::Schedule(m_rto, &ProfiledTcpSocket::ReTxTimeout, this);
        }
    }
}

uint32_t
ProfiledTcpSocket::SendDataPacket(SequenceNumber32 seq, uint32_t maxSize, bool withAck)
{
    if (!IsLinux())
    {
        return TcpSocketBase::SendDataPacket(seq, maxSize, withAck);
    }
    bool newData = seq >= m_tcb->m_highTxMark;
    uint32_t sz = TcpSocketBase::SendDataPacket(seq, maxSize, withAck);
    if (sz > 0 && IsRackActive())
    {
        m_rack.OnSend(seq, sz, Simulator::Now());
    }
    if (newData && sz > 0)
    {
        m_lastSegment = seq;
        if (!m_inProbe)
        {
            ScheduleLossProbe(false, m_txBuffer->HeadSequence()); // tcp_write_xmit()
        }
    }
    return sz;
}

void
ProfiledTcpSocket::SendEmptyPacket(uint8_t flags)
{
    // Sending an empty segment can end the connection (a RST, the last ACK) and
    // release TCP's last reference to this socket: hold one until the end.
    Ptr<ProfiledTcpSocket> self = this;
    TcpSocketBase::SendEmptyPacket(flags);
    if (IsLinux() && !(flags & TcpHeader::SYN))
    {
        // TcpSocketBase recomputes the RTO for every empty segment; Linux keeps
        // icsk_rto (and its backoff) until the next RTT sample
        m_rto = m_linuxRto;
    }
}

void
ProfiledTcpSocket::ReceivedData(Ptr<Packet> packet, const TcpHeader& tcpHeader)
{
    if (IsLinux() && m_quickAcksLeft > 0 && packet->GetSize() > 0 && m_delAckMaxCount > 0)
    {
        // Quickack mode (tcp_event_data_recv(), tcp_in_quickack_mode()): the ACK
        // leaves at once
        --m_quickAcksLeft;
        m_delAckCount = m_delAckMaxCount - 1;
    }
    TcpSocketBase::ReceivedData(packet, tcpHeader);
}

void
ProfiledTcpSocket::ScheduleLossProbe(bool advancingRto, SequenceNumber32 una)
{
    m_tlpEvent.Cancel();
    // tcp_schedule_loss_probe(): SACK, data outstanding, no recovery, one probe per tail
    if (!m_tailLossProbe || !m_sackEnabled || m_tlpOutstanding ||
        (m_state != ESTABLISHED && m_state != CLOSE_WAIT) ||
        (m_tcb->m_congState != TcpSocketState::CA_OPEN &&
         m_tcb->m_congState != TcpSocketState::CA_CWR))
    {
        return;
    }
    if (m_tcb->m_highTxMark.Get() <= una)
    {
        return;
    }
    uint32_t outstanding = m_tcb->m_highTxMark.Get() - una;
    Time timeout;
    if (m_rtt->GetNSamples() > 0)
    {
        // 2 srtt, plus the worst-case delayed ACK when one segment is in flight
        timeout = m_rtt->GetEstimate() * 2;
        timeout += (outstanding <= m_tcb->m_segmentSize) ? m_minRto : kLinuxTimeoutMin;
    }
    else
    {
        timeout = Seconds(1); // TCP_TIMEOUT_INIT
    }
    // Not later than the RTO. Linux then sends the probe at the RTO's time and re-arms
    // the RTO one jiffy later; here the RTO alone retransmits the segment.
    Time rtoDelta = advancingRto ? m_rto.Get() : Simulator::GetDelayLeft(m_retxEvent);
    if (!tls_compat::IsPending(m_retxEvent) || timeout >= rtoDelta)
    {
        return;
    }
    m_tlpEvent = Simulator::Schedule(timeout, &ProfiledTcpSocket::SendLossProbe, this);
}

void
ProfiledTcpSocket::SendLossProbe()
{
    // tcp_send_loss_probe()
    if ((m_state != ESTABLISHED && m_state != CLOSE_WAIT) || (!m_endPoint && !m_endPoint6) ||
        m_tlpOutstanding)
    {
        return;
    }
    // A SACK that left Open (Disorder, Recovery) re-arms Linux's one transmit timer
    // as the RTO (tcp_set_xmit_timer(): no loss probe outside Open and CWR), so the
    // probe scheduled before it never fires. Here the probe's own event is still
    // pending: drop it and leave the RTO armed. (Probing then would also resend
    // SACKed data, which TcpTxBuffer::CopyFromSequence() asserts against.)
    if (m_tcb->m_congState != TcpSocketState::CA_OPEN &&
        m_tcb->m_congState != TcpSocketState::CA_CWR)
    {
        return;
    }
    SequenceNumber32 head = m_txBuffer->HeadSequence();
    SequenceNumber32 high = m_tcb->m_highTxMark;
    if (high <= head)
    {
        return;
    }
    m_inProbe = true;
    SequenceNumber32 seq;
    uint32_t sz = 0;
    bool newData = false;
    uint32_t unsent = m_txBuffer->SizeFromSequence(high);
    SequenceNumber32 windowEnd = m_highRxAckMark.Get() + SequenceNumber32(m_rWnd.Get());
    if (unsent > 0 && windowEnd > high)
    {
        // New data, if the peer's window allows (tcp_snd_wnd_test()), whatever cwnd says
        uint32_t room = windowEnd - high;
        seq = high;
        sz = SendDataPacket(seq, std::min({m_tcb->m_segmentSize, unsent, room}), m_connected);
        if (m_tcb->m_nextTxSequence.Get() < seq + SequenceNumber32(sz))
        {
            m_tcb->m_nextTxSequence = seq + SequenceNumber32(sz);
        }
        newData = true;
    }
    else
    {
        // The last segment again
        seq = std::max(m_lastSegment, head);
        sz = SendDataPacket(seq, high - seq, m_connected);
    }
    m_inProbe = false;
    m_tlpHighSeq = m_tcb->m_highTxMark;
    m_tlpOutstanding = true;
    ++m_lossProbes;
    m_lossProbeTrace(seq, sz, newData);
    NS_LOG_LOGIC(this << " tail loss probe " << seq << " size " << sz << " new " << newData);
    // tcp_rearm_rto() with icsk_pending cleared: the RTO restarts from the probe
    m_retxEvent.Cancel();
    m_rto = m_linuxRto;
    m_retxEvent = Simulator::Schedule(m_rto, &ProfiledTcpSocket::ReTxTimeout, this);
}

// ------------------------------------------------------------ ProfiledTcpSocket: RACK

bool
ProfiledTcpSocket::IsRackActive() const
{
    return IsLinux() && m_rackEnabled && m_sackEnabled;
}

bool
ProfiledTcpSocket::IsRackState() const
{
    return m_state == ESTABLISHED || m_state == CLOSE_WAIT || m_state == FIN_WAIT_1 ||
           m_state == CLOSING || m_state == LAST_ACK;
}

void
ProfiledTcpSocket::ReceivedAck(Ptr<Packet> packet, const TcpHeader& tcpHeader)
{
    if (!IsRackActive())
    {
        TcpSocketBase::ReceivedAck(packet, tcpHeader);
        return;
    }
    // RACK's scoreboard first (Linux's tcp_sacktag_write_queue() and
    // tcp_clean_rtx_queue() call tcp_rack_advance() for each segment they deliver),
    // then TcpSocketBase's (RFC 6675 scoreboard, congestion state, new data), then the
    // loss detection and retransmissions (tcp_fastretrans_alert()).
    std::vector<std::pair<SequenceNumber32, SequenceNumber32>> sacks;
    if (tcpHeader.HasOption(TcpOption::SACK))
    {
        Ptr<const TcpOptionSack> sack =
            DynamicCast<const TcpOptionSack>(tcpHeader.GetOption(TcpOption::SACK));
        for (const auto& block : sack->GetSackList())
        {
            sacks.emplace_back(block.first, block.second);
        }
    }
    m_rack.OnAck(tcpHeader.GetAckNumber(), sacks, Simulator::Now());
    TcpSocketBase::ReceivedAck(packet, tcpHeader);
    if (!m_rack.HasOutstanding())
    {
        m_reoEvent.Cancel();
        return;
    }
    if (IsRackState())
    {
        RackRecover(false);
    }
}

bool
ProfiledTcpSocket::RackRecover(bool timer)
{
    // After an RTO TcpSocketBase's loss state retransmits everything not SACKed
    // (tcp_enter_loss() marks it all lost): RACK has nothing to add.
    if (m_tcb->m_congState == TcpSocketState::CA_LOSS)
    {
        m_reoEvent.Cancel();
        return false;
    }
    // tcp_rack_mark_lost(): only when an ACK advanced RACK; the timer always detects
    if (!m_rack.TakeAdvanced() && !timer)
    {
        return false;
    }
    bool inRecovery = m_tcb->m_congState == TcpSocketState::CA_RECOVERY;
    Time wait = m_rack.DetectLoss(Simulator::Now(), inRecovery, m_rtt->GetEstimate());
    m_reoEvent.Cancel();
    if (wait.IsStrictlyPositive())
    {
        // The RACK timer takes Linux's one transmit timer: no loss probe meanwhile
        m_tlpEvent.Cancel();
        m_reoEvent =
            Simulator::Schedule(wait + kLinuxTimeoutMin, &ProfiledTcpSocket::RackTimeout, this);
    }
    std::vector<RackScoreboard::Segment> lost = m_rack.GetLostSegments();
    if (lost.empty())
    {
        return false;
    }
    SequenceNumber32 head = m_txBuffer->HeadSequence();
    bool headSent = false;
    if ((m_tcb->m_congState == TcpSocketState::CA_OPEN ||
         m_tcb->m_congState == TcpSocketState::CA_DISORDER ||
         m_tcb->m_congState == TcpSocketState::CA_CWR) &&
        lost.front().start == head)
    {
        // tcp_time_to_recover() (lost_out > 0), tcp_enter_recovery(): TcpSocketBase
        // marks the head lost in its own scoreboard, reduces ssthresh, sets the
        // recovery point and retransmits the head (the fast retransmit)
        NS_LOG_LOGIC(this << " RACK: recovery, head " << head << " lost");
        m_tlpEvent.Cancel();
        EnterRecovery(0);
        headSent = true;
        ++m_rackRetransmissions;
        m_rackLossTrace(head, lost.front().end - lost.front().start);
    }
    // tcp_xmit_retransmit_queue(): the others, in sequence order, while in flight < cwnd
    for (const RackScoreboard::Segment& s : m_rack.GetLostSegments())
    {
        if (BytesInFlight() >= m_tcb->m_cWnd)
        {
            break;
        }
        uint32_t size = s.end - s.start;
        uint32_t sz = SendDataPacket(s.start, size, true);
        if (sz == 0)
        {
            break;
        }
        NS_LOG_LOGIC(this << " RACK: retransmitted " << s.start << " size " << sz);
        headSent |= s.start == head;
        ++m_rackRetransmissions;
        m_rackLossTrace(s.start, sz);
    }
    if (headSent && !timer)
    {
        // tcp_xmit_retransmit_queue() re-arms the RTO when it resends the head
        m_retxEvent.Cancel();
        m_rto = m_linuxRto;
        m_retxEvent = Simulator::Schedule(m_rto, &ProfiledTcpSocket::ReTxTimeout, this);
    }
    return headSent;
}

void
ProfiledTcpSocket::RackTimeout()
{
    // tcp_rack_reo_timeout()
    if (!IsRackActive() || !IsRackState() || !m_rack.HasOutstanding())
    {
        return;
    }
    RackRecover(true);
    if (tls_compat::IsPending(m_reoEvent) || !tls_compat::IsPending(m_retxEvent))
    {
        return;
    }
    // tcp_rearm_rto() with the RACK timer pending: the RTO counts from the first
    // outstanding segment's last transmission (tcp_rto_delta_us())
    Time delta = m_linuxRto - (Simulator::Now() - m_rack.GetHeadXmitTime());
    m_retxEvent.Cancel();
    m_rto = m_linuxRto;
    m_retxEvent =
        Simulator::Schedule(Max(delta, MicroSeconds(1)), &ProfiledTcpSocket::ReTxTimeout, this);
}

uint32_t
ProfiledTcpSocket::BytesInFlight() const
{
    uint32_t inFlight = TcpSocketBase::BytesInFlight();
    if (!IsRackActive())
    {
        return inFlight;
    }
    // Linux's tcp_packets_in_flight(): a segment marked lost is not in flight (its
    // retransmission is). TcpTxBuffer counts a segment lost only by its own rules.
    uint32_t uncounted = m_rack.GetUncountedLostBytes(
        [this](SequenceNumber32 seq) { return m_txBuffer->IsLost(seq); });
    if (uncounted == 0)
    {
        return inFlight;
    }
    uint32_t corrected = inFlight > uncounted ? inFlight - uncounted : 0;
    m_tcb->m_bytesInFlight = corrected;
    return corrected;
}

} // namespace ns3
