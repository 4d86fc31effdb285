/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-experiment.h"

#include "tls-helper.h"
#include "tls-scenario.h"

#include "ns3/boolean.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tls-client.h"
#include "ns3/tls-cpu.h"
#include "ns3/tls-random.h"
#include "ns3/tls-server.h"
#include "ns3/tls-tamper-error-model.h"

#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/count.hpp>
#include <boost/accumulators/statistics/max.hpp>
#include <boost/accumulators/statistics/mean.hpp>
#include <boost/accumulators/statistics/min.hpp>
#include <boost/accumulators/statistics/stats.hpp>
#include <boost/histogram.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>
#include <unordered_map>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsExperiment");

NS_OBJECT_ENSURE_REGISTERED(TlsExperiment);

namespace
{

namespace acc = boost::accumulators;
namespace bh = boost::histogram;

/// Streaming latency statistics: exact mean/min/max, quantiles from a log histogram.
class LatencyStats
{
  public:
    LatencyStats()
        : m_hist(bh::make_histogram(
              bh::axis::regular<double, bh::axis::transform::log>(4000, 0.001, 1e7)))
    {
    }

    /// \param ms a latency in milliseconds
    void Add(double ms)
    {
        m_acc(ms);
        m_hist(ms);
    }

    /// \return the number of values
    uint64_t Count() const
    {
        return acc::count(m_acc);
    }

    /// \return the mean
    double Mean() const
    {
        return Count() ? acc::mean(m_acc) : 0;
    }

    /// \return the minimum
    double Min() const
    {
        return Count() ? acc::min(m_acc) : 0;
    }

    /// \return the maximum
    double Max() const
    {
        return Count() ? acc::max(m_acc) : 0;
    }

    /**
     * \param q a quantile in (0, 1]
     * \return the value below which a share q of the values lie, clamped to
     *         [min, max]: the geometric centre of its bin (bins are 0.58 % wide, so
     *         within 0.29 % of the exact quantile)
     */
    double Quantile(double q) const
    {
        uint64_t n = Count();
        if (n == 0)
        {
            return 0;
        }
        double rank = std::ceil(q * static_cast<double>(n));
        double seen = 0;
        for (auto&& bin : bh::indexed(m_hist, bh::coverage::all))
        {
            seen += *bin;
            if (seen >= rank)
            {
                double lo = bin.bin().lower();
                double hi = bin.bin().upper();
                double v = std::isfinite(lo) && std::isfinite(hi) ? std::sqrt(lo * hi) : Max();
                return std::min(std::max(v, Min()), Max());
            }
        }
        return Max();
    }

  private:
    /// mean, min, max, count
    acc::accumulator_set<double, acc::stats<acc::tag::mean, acc::tag::min, acc::tag::max>> m_acc;
    /// log-spaced histogram, 0.001 ms to 10^7 ms
    decltype(bh::make_histogram(
        bh::axis::regular<double, bh::axis::transform::log>(4000, 0.001, 1e7))) m_hist;
};

/**
 * \param t a time
 * \return seconds with 9 decimals, or "" for a negative (did not happen) time
 */
std::string
Seconds9(Time t)
{
    if (t.IsStrictlyNegative())
    {
        return "";
    }
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.9f", t.GetSeconds());
    return buf;
}

/**
 * \param a a socket address
 * \return "ip:port"
 */
std::string
AddressKey(const Address& a)
{
    std::ostringstream os;
    if (InetSocketAddress::IsMatchingType(a))
    {
        InetSocketAddress s = InetSocketAddress::ConvertFrom(a);
        os << s.GetIpv4() << ":" << s.GetPort();
    }
    else if (Inet6SocketAddress::IsMatchingType(a))
    {
        Inet6SocketAddress s = Inet6SocketAddress::ConvertFrom(a);
        os << s.GetIpv6() << ":" << s.GetPort();
    }
    return os.str();
}

/**
 * \param s a string
 * \return it quoted for JSON
 */
std::string
Json(const std::string& s)
{
    std::string out = "\"";
    for (char c : s)
    {
        if (c == '"' || c == '\\')
        {
            out += '\\';
            out += c;
        }
        else if (static_cast<unsigned char>(c) < 0x20)
        {
            char buf[8];
            std::snprintf(buf, sizeof(buf), "\\u%04x", c);
            out += buf;
        }
        else
        {
            out += c;
        }
    }
    return out + "\"";
}

/**
 * \param v a number
 * \return it for JSON (6 significant decimals)
 */
std::string
Num(double v)
{
    char buf[40];
    std::snprintf(buf, sizeof(buf), "%.6g", std::isfinite(v) ? v : 0.0);
    return buf;
}

} // namespace

/// The state of one run.
struct TlsExperiment::Impl
{
    const TlsExperiment* cfg{nullptr};                                  //!< the experiment
    std::ofstream records;                                              //!< records CSV
    std::ofstream messages;                                             //!< message trace CSV
    TlsExperimentSummary summary;                                       //!< counters
    LatencyStats latency;                                               //!< ok handshakes
    LatencyStats latencyFull;                                           //!< ok full handshakes
    LatencyStats latencyResumed;                                        //!< ok resumed handshakes
    std::unordered_map<std::string, TlsConnectionRecord> pendingClient; //!< by local address
    std::unordered_map<std::string, uint32_t> pendingClientIndex;       //!< client index
    std::unordered_map<std::string, TlsConnectionRecord> pendingServer; //!< by peer address
    std::map<std::string, uint32_t> serverByIp;                         //!< server IP -> index
    std::set<uint32_t> faulty;                                          //!< faulty client indices
    std::chrono::steady_clock::time_point wallStart;                    //!< start of the run
    std::chrono::steady_clock::time_point lastProgress;                 //!< last progress line
    bool stopping{false};                                               //!< the end is scheduled
    uint64_t traceClientConn{0}; //!< connection traced to MessagesFile
    uint64_t traceServerConn{0}; //!< its server side
    bool traceTls12{true};       //!< phases in the message trace
    uint64_t firstId{0};         //!< first connection id of the run

    /**
     * A client connection ended.
     * \param self the state
     * \param client client index
     * \param id connection id
     * \param r its record
     */
    static void ClientClosed(Impl* self, uint32_t client, uint64_t id, const TlsConnectionRecord& r)
    {
        std::string key = AddressKey(r.local);
        auto it = self->pendingServer.find(key);
        if (!key.empty() && it != self->pendingServer.end())
        {
            self->Emit(client, r, &it->second);
            self->pendingServer.erase(it);
        }
        else if (!key.empty() && r.tcpConnected.IsPositive())
        {
            self->pendingClient[key] = r;
            self->pendingClientIndex[key] = client;
        }
        else
        {
            self->Emit(client, r, nullptr);
        }
        (void)id;
    }

    /**
     * A server connection ended.
     * \param self the state
     * \param id connection id
     * \param r its record
     */
    static void ServerClosed(Impl* self, uint64_t id, const TlsConnectionRecord& r)
    {
        std::string key = AddressKey(r.peer);
        auto it = self->pendingClient.find(key);
        if (it != self->pendingClient.end())
        {
            self->Emit(self->pendingClientIndex[key], it->second, &r);
            self->pendingClient.erase(it);
            self->pendingClientIndex.erase(key);
        }
        else
        {
            self->pendingServer[key] = r;
        }
        (void)id;
    }

    /**
     * A message of a traced connection.
     * \param self the state
     * \param isClient which side's trace
     * \param connId connection id
     * \param sent sent by that side
     * \param msg the message
     * \param length its length
     */
    static void Message(Impl* self,
                        bool isClient,
                        uint64_t connId,
                        bool sent,
                        TlsMessage msg,
                        uint32_t length)
    {
        uint64_t& traced = isClient ? self->traceClientConn : self->traceServerConn;
        if (traced == 0 && ((isClient && sent) || (!isClient && !sent)) &&
            msg == TlsMessage::CLIENT_HELLO)
        {
            traced = connId;
        }
        if (traced != connId || !sent)
        {
            return;
        }
        int phase = self->traceTls12 ? TlsSeedPhase(msg, isClient) : 0;
        self->messages << connId << "," << Seconds9(Simulator::Now()) << ","
                       << (isClient ? "C->S" : "S->C") << ","
                       << (phase > 0 ? std::to_string(phase) : "") << "," << TlsMessageName(msg)
                       << "," << length << "\n";
    }

    /**
     * An alert of a traced connection.
     * \param self the state
     * \param isClient which side's trace
     * \param connId connection id
     * \param sent sent by that side
     * \param level level
     * \param description description
     */
    static void Alert(Impl* self,
                      bool isClient,
                      uint64_t connId,
                      bool sent,
                      uint8_t level,
                      uint8_t description)
    {
        uint64_t traced = isClient ? self->traceClientConn : self->traceServerConn;
        if (traced != connId || !sent)
        {
            return;
        }
        self->messages << connId << "," << Seconds9(Simulator::Now()) << ","
                       << (isClient ? "C->S" : "S->C") << ",,Alert:" << TlsAlertName(description)
                       << ",2\n";
        (void)level;
    }

    /**
     * Write one record and count it.
     * \param client client index
     * \param c the client's record
     * \param s the server's record of the same connection, if known
     */
    void Emit(uint32_t client, const TlsConnectionRecord& c, const TlsConnectionRecord* s)
    {
        TlsExperimentSummary& sum = summary;
        ++sum.attempts;
        std::string outcome = TlsOutcomeName(c.outcome);
        ++sum.outcomes[outcome];
        bool ok = c.outcome == TlsOutcome::OK;
        double latencyMs = c.GetHandshakeLatency().GetSeconds() * 1e3;
        if (c.HandshakeCompleted())
        {
            ++sum.completed;
        }
        if (ok)
        {
            ++sum.ok;
            latency.Add(latencyMs);
            (c.info.resumed ? latencyResumed : latencyFull).Add(latencyMs);
        }
        sum.offered += c.resumptionOffered;
        sum.resumed += c.info.resumed;
        sum.earlyAccepted += c.info.earlyData == "accepted";
        sum.timeouts += c.outcome == TlsOutcome::TIMEOUT;
        std::string alert;
        std::string sender;
        std::string state = c.alertState;
        if (c.alert >= 0)
        {
            alert = TlsAlertName(static_cast<uint8_t>(c.alert));
            sender = c.alertSent ? "client" : "server";
        }
        else if (s && s->alert >= 0)
        {
            alert = TlsAlertName(static_cast<uint8_t>(s->alert));
            sender = s->alertSent ? "server" : "client";
            state = s->alertState;
        }
        if (!alert.empty())
        {
            ++sum.alerts[sender + ":" + alert];
        }
        if (!records.is_open())
        {
            return;
        }
        std::string server;
        if (InetSocketAddress::IsMatchingType(c.peer))
        {
            std::ostringstream ip;
            ip << InetSocketAddress::ConvertFrom(c.peer).GetIpv4();
            auto it = serverByIp.find(ip.str());
            server = it != serverByIp.end() ? std::to_string(it->second) : "";
        }
        const TlsExperiment& e = *cfg;
        records << c.id - firstId << "," << client << "," << server << "," << c.info.version << ","
                << c.info.cipher << "," << c.info.group << "," << e.m_keyType << ","
                << e.m_chainDepth << "," << e.m_mutualAuth << "," << c.info.resumed << ","
                << c.info.resumption << "," << (c.earlyDataBytes ? c.info.earlyData : "") << ","
                << (faulty.count(client) ? e.m_scenario : "") << "," << faulty.count(client) << ","
                << Seconds9(c.start) << "," << Seconds9(c.tcpConnected) << ","
                << Seconds9(c.handshakeDone) << ","
                << (c.HandshakeCompleted() ? Num(latencyMs) : "") << "," << outcome << "," << alert
                << "," << sender << ",\"" << state << "\"," << c.tcpBytesSent << ","
                << c.tcpBytesReceived << "," << c.packetsSent + c.packetsReceived << ","
                << c.retransmissions + (s ? s->retransmissions : 0);
        for (int p = 1; p <= 4; ++p)
        {
            records << "," << Seconds9(c.phaseEnd[p]);
        }
        records << "," << Num((c.cpuDelay + (s ? s->cpuDelay : Seconds(0))).GetSeconds() * 1e3)
                << "," << c.info.signature << "," << c.info.serverFlightBytes << ","
                << c.info.clientHelloBytes << "\n";
    }

    /// Print a progress line on stderr (at most once a second).
    void Progress()
    {
        auto now = std::chrono::steady_clock::now();
        if (!cfg->m_progress || now - lastProgress < std::chrono::seconds(1))
        {
            return;
        }
        lastProgress = now;
        double wall = std::chrono::duration<double>(now - wallStart).count();
        double rate = summary.attempts / std::max(wall, 1e-9);
        double left = (cfg->m_handshakes - summary.attempts) / std::max(rate, 1e-9);
        std::fprintf(stderr,
                     "tls-experiment: sim %.2f s, %llu/%u handshakes, %.0f per wall second, "
                     "ETA %.0f s\n",
                     Simulator::Now().GetSeconds(),
                     static_cast<unsigned long long>(summary.attempts),
                     cfg->m_handshakes,
                     rate,
                     left);
    }
};

TypeId
TlsExperiment::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TlsExperiment")
            .SetParent<Object>()
            .SetGroupName("Tls")
            .AddConstructor<TlsExperiment>()
            .AddAttribute("Clients",
                          "Client nodes.",
                          UintegerValue(10),
                          MakeUintegerAccessor(&TlsExperiment::m_clients),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Servers",
                          "Server nodes (a farm behind the router).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&TlsExperiment::m_servers),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ClientDelay",
                          "One-way delay of each client's access link (client side to the "
                          "router).",
                          TimeValue(MilliSeconds(10)),
                          MakeTimeAccessor(&TlsExperiment::m_clientDelay),
                          MakeTimeChecker())
            .AddAttribute("ServerDelay",
                          "One-way delay of each server's link to the router.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&TlsExperiment::m_serverDelay),
                          MakeTimeChecker())
            .AddAttribute("Jitter",
                          "Each client's access delay is drawn uniformly from ClientDelay +- "
                          "Jitter (fixed per client: no reordering).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&TlsExperiment::m_jitter),
                          MakeTimeChecker())
            .AddAttribute("ClientBandwidth",
                          "Data rate of each client access link.",
                          DataRateValue(DataRate("100Mbps")),
                          MakeDataRateAccessor(&TlsExperiment::m_clientRate),
                          MakeDataRateChecker())
            .AddAttribute("ServerBandwidth",
                          "Data rate of each server link.",
                          DataRateValue(DataRate("10Gbps")),
                          MakeDataRateAccessor(&TlsExperiment::m_serverRate),
                          MakeDataRateChecker())
            .AddAttribute("QueueSize",
                          "Device queue size of every link, e.g. 100p or 64KB.",
                          StringValue("100p"),
                          MakeStringAccessor(&TlsExperiment::m_queueSize),
                          MakeStringChecker())
            .AddAttribute("UplinkLoss",
                          "Packet loss rate, client to server (0 to 1).",
                          DoubleValue(0),
                          MakeDoubleAccessor(&TlsExperiment::m_uplinkLoss),
                          MakeDoubleChecker<double>())
            .AddAttribute("DownlinkLoss",
                          "Packet loss rate, server to client (0 to 1).",
                          DoubleValue(0),
                          MakeDoubleAccessor(&TlsExperiment::m_downlinkLoss),
                          MakeDoubleChecker<double>())
            .AddAttribute("TcpVariant",
                          "TCP congestion control (an ns3::TcpCongestionOps type).",
                          StringValue("ns3::TcpCubic"),
                          MakeStringAccessor(&TlsExperiment::m_tcpVariant),
                          MakeStringChecker())
            .AddAttribute("SegmentSize",
                          "TCP segment size (ns-3's default: 536).",
                          UintegerValue(1448),
                          MakeUintegerAccessor(&TlsExperiment::m_segmentSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("InitialCwnd",
                          "TCP initial window in segments.",
                          UintegerValue(10),
                          MakeUintegerAccessor(&TlsExperiment::m_initialCwnd),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MinRto",
                          "TCP minimum RTO (ns-3's default: 1 s).",
                          TimeValue(MilliSeconds(200)),
                          MakeTimeAccessor(&TlsExperiment::m_minRto),
                          MakeTimeChecker())
            .AddAttribute("ConnTimeout",
                          "TCP SYN retransmission timeout (ns-3's default: 3 s).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&TlsExperiment::m_connTimeout),
                          MakeTimeChecker())
            .AddAttribute("DelAckCount",
                          "Segments received before an ACK is sent (1 = no delayed ACK).",
                          UintegerValue(2),
                          MakeUintegerAccessor(&TlsExperiment::m_delAckCount),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Handshakes",
                          "Handshake attempts in all.",
                          UintegerValue(100),
                          MakeUintegerAccessor(&TlsExperiment::m_handshakes),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Rate",
                          "Poisson arrivals of handshakes per second (all clients); 0 = closed "
                          "loop: each client runs its share one after another.",
                          DoubleValue(0),
                          MakeDoubleAccessor(&TlsExperiment::m_rate),
                          MakeDoubleChecker<double>())
            .AddAttribute("ThinkTime",
                          "Closed loop: pause between a client's connections.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&TlsExperiment::m_thinkTime),
                          MakeTimeChecker())
            .AddAttribute("RequestSize",
                          "Request bytes after each handshake (0: none).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsExperiment::m_requestSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ResponseSize",
                          "Response bytes.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsExperiment::m_responseSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("HandshakeTimeout",
                          "Handshake timeout of clients and servers.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&TlsExperiment::m_handshakeTimeout),
                          MakeTimeChecker())
            .AddAttribute("MaxSimTime",
                          "Simulated time after which the run stops regardless.",
                          TimeValue(Seconds(100000)),
                          MakeTimeAccessor(&TlsExperiment::m_maxSimTime),
                          MakeTimeChecker())
            .AddAttribute("Version",
                          "TLS version: 1.2 or 1.3.",
                          StringValue("1.3"),
                          MakeStringAccessor(&TlsExperiment::m_version),
                          MakeStringChecker())
            .AddAttribute("KeyType",
                          "Certificate key type (see TlsContext::KeyType).",
                          StringValue("p256"),
                          MakeStringAccessor(&TlsExperiment::m_keyType),
                          MakeStringChecker())
            .AddAttribute("ChainDepth",
                          "Intermediate CAs.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&TlsExperiment::m_chainDepth),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MutualAuth",
                          "Servers require client certificates.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TlsExperiment::m_mutualAuth),
                          MakeBooleanChecker())
            .AddAttribute("Groups",
                          "Key exchange groups (OpenSSL string; empty = default).",
                          StringValue(""),
                          MakeStringAccessor(&TlsExperiment::m_groups),
                          MakeStringChecker())
            .AddAttribute("CipherList",
                          "TLS 1.2 cipher list (OpenSSL string; empty = default).",
                          StringValue(""),
                          MakeStringAccessor(&TlsExperiment::m_cipherList),
                          MakeStringChecker())
            .AddAttribute("Resume",
                          "Probability that a client holding a session resumes it (0 to 1).",
                          DoubleValue(0),
                          MakeDoubleAccessor(&TlsExperiment::m_resume),
                          MakeDoubleChecker<double>())
            .AddAttribute("Tickets",
                          "Session tickets (TLS 1.2 RFC 5077; TLS 1.3 tickets).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TlsExperiment::m_tickets),
                          MakeBooleanChecker())
            .AddAttribute("EarlyData",
                          "TLS 1.3 0-RTT: request bytes sent as early data when resuming (the "
                          "servers then accept up to 16384 bytes).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsExperiment::m_earlyData),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("SessionCacheSize",
                          "Server session cache size (sessions).",
                          UintegerValue(20480),
                          MakeUintegerAccessor(&TlsExperiment::m_sessionCache),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("SharedSessionCache",
                          "Servers share one session cache and ticket key (else each has its own).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TlsExperiment::m_sharedCache),
                          MakeBooleanChecker())
            .AddAttribute("Scenario",
                          "Fault scenario carried by a share (FaultFraction) of the clients: "
                          "expired-cert, unknown-ca, name-mismatch, version-mismatch, "
                          "no-shared-cipher, missing-client-cert, untrusted-client-cert, "
                          "tampered-record, garbage; empty = none.",
                          StringValue(""),
                          MakeStringAccessor(&TlsExperiment::m_scenario),
                          MakeStringChecker())
            .AddAttribute("FaultFraction",
                          "Share of the clients that carry the Scenario (0 to 1).",
                          DoubleValue(0),
                          MakeDoubleAccessor(&TlsExperiment::m_faultFraction),
                          MakeDoubleChecker<double>())
            .AddAttribute("CpuCores",
                          "Crypto CPU cores of each server (0 = crypto takes no time).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsExperiment::m_cpuCores),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ClientCpuCores",
                          "Crypto CPU cores of each client (0 = none).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsExperiment::m_clientCpuCores),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("CpuMode",
                          "Crypto CPU costs: table or measured (see TlsCpu::Mode).",
                          StringValue("table"),
                          MakeStringAccessor(&TlsExperiment::m_cpuMode),
                          MakeStringChecker())
            .AddAttribute("RecordsFile",
                          "CSV file with one row per handshake attempt.",
                          StringValue(""),
                          MakeStringAccessor(&TlsExperiment::m_recordsFile),
                          MakeStringChecker())
            .AddAttribute("SummaryFile",
                          "JSON summary file.",
                          StringValue(""),
                          MakeStringAccessor(&TlsExperiment::m_summaryFile),
                          MakeStringChecker())
            .AddAttribute("MessagesFile",
                          "CSV trace of the first handshake's messages.",
                          StringValue(""),
                          MakeStringAccessor(&TlsExperiment::m_messagesFile),
                          MakeStringChecker())
            .AddAttribute("PcapPrefix",
                          "Write pcap files of every link with this prefix.",
                          StringValue(""),
                          MakeStringAccessor(&TlsExperiment::m_pcapPrefix),
                          MakeStringChecker())
            .AddAttribute("KeyLogFile",
                          "SSLKEYLOGFILE for Wireshark/tshark.",
                          StringValue(""),
                          MakeStringAccessor(&TlsExperiment::m_keyLogFile),
                          MakeStringChecker())
            .AddAttribute("Progress",
                          "Print a progress line on stderr every wall second.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TlsExperiment::m_progress),
                          MakeBooleanChecker());
    return tid;
}

TlsExperiment::TlsExperiment()
{
}

TlsExperiment::~TlsExperiment()
{
}

std::string
TlsExperiment::RecordsHeader()
{
    return "id,client,server,version,cipher,group,key_type,chain_depth,mutual_auth,resumed,"
           "resumption,early_data,scenario,faulty,start_s,tcp_connected_s,done_s,latency_ms,"
           "outcome,alert,alert_sender,alert_state,bytes_c2s,bytes_s2c,packets,retransmissions,"
           "phase1_end_s,phase2_end_s,phase3_end_s,phase4_end_s,cpu_delay_ms,"
           "signature,server_flight_bytes,client_hello_bytes";
}

std::string
TlsExperiment::Validate() const
{
    auto bad = [](const std::string& name, const std::string& value, const std::string& want) {
        return "TlsExperiment: attribute " + name + " has invalid value '" + value +
               "' (expected " + want + ")";
    };
    if (m_clients == 0)
    {
        return bad("Clients", "0", "at least 1");
    }
    if (m_servers == 0)
    {
        return bad("Servers", "0", "at least 1");
    }
    if (m_version != "1.2" && m_version != "1.3")
    {
        return bad("Version", m_version, "1.2 or 1.3");
    }
    for (auto& p : {std::make_pair("UplinkLoss", m_uplinkLoss),
                    std::make_pair("DownlinkLoss", m_downlinkLoss),
                    std::make_pair("Resume", m_resume),
                    std::make_pair("FaultFraction", m_faultFraction)})
    {
        if (!(p.second >= 0 && p.second <= 1))
        {
            return bad(p.first, Num(p.second), "a number from 0 to 1");
        }
    }
    if (m_rate < 0)
    {
        return bad("Rate", Num(m_rate), "0 or more");
    }
    if (!std::regex_match(m_queueSize, std::regex("[0-9]+(p|B|KB|MB|KiB|MiB)")))
    {
        return bad("QueueSize", m_queueSize, "a size like 100p or 64KB");
    }
    if (m_clientDelay < m_jitter)
    {
        return bad("Jitter",
                   std::to_string(m_jitter.GetMilliSeconds()) + "ms",
                   "at most ClientDelay");
    }
    TypeId tid;
    // (ns-3.37 registers TcpCubic with the wrong parent, so the type is not checked
    // against TcpCongestionOps.)
    if (!TypeId::LookupByNameFailSafe(m_tcpVariant, &tid) || !tid.HasConstructor())
    {
        return bad("TcpVariant", m_tcpVariant, "a TCP congestion control type like ns3::TcpCubic");
    }
    if (!m_scenario.empty() && m_scenario != "none" && !TlsFindScenario(m_scenario))
    {
        return bad("Scenario", m_scenario, "a scenario name, see the attribute's help");
    }
    if (m_cpuMode != "table" && m_cpuMode != "measured")
    {
        return bad("CpuMode", m_cpuMode, "table or measured");
    }
    if (m_requestSize != 0 && m_requestSize < 8)
    {
        return bad("RequestSize", std::to_string(m_requestSize), "0 or at least 8");
    }
    return "";
}

TlsExperimentSummary
TlsExperiment::Run()
{
    std::string error = Validate();
    NS_ABORT_MSG_IF(!error.empty(), error);
    Impl impl;
    impl.cfg = this;
    impl.wallStart = std::chrono::steady_clock::now();
    impl.firstId = TlsConnection::GetNextId();
    impl.lastProgress = impl.wallStart;
    impl.traceTls12 = m_version == "1.2";
    TlsSeedRandomFromNs3(true); // OpenSSL's bytes follow the run's seed too

    // TCP as Linux does it.
    TlsTcpDefaults tcp;
    tcp.segmentSize = m_segmentSize;
    tcp.initialCwnd = m_initialCwnd;
    tcp.minRto = m_minRto;
    tcp.connTimeout = m_connTimeout;
    tcp.delAckCount = m_delAckCount;
    tcp.Apply();
    Config::SetDefault("ns3::TcpL4Protocol::SocketType",
                       TypeIdValue(TypeId::LookupByName(m_tcpVariant)));

    // Network: clients - router - servers.
    NodeContainer clients;
    NodeContainer servers;
    NodeContainer router;
    clients.Create(m_clients);
    servers.Create(m_servers);
    router.Create(1);
    InternetStackHelper stack;
    stack.Install(clients);
    stack.Install(servers);
    stack.Install(router);
    PointToPointHelper p2p;
    p2p.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", QueueSizeValue(QueueSize(m_queueSize)));
    Ipv4AddressHelper addresses;
    Ptr<UniformRandomVariable> uniform = CreateObject<UniformRandomVariable>();
    uniform->SetStream(7);
    std::vector<Ipv4Address> clientIps;
    std::vector<Ptr<NetDevice>> clientRouterSide;
    for (uint32_t i = 0; i < m_clients; ++i)
    {
        Time delay = m_clientDelay;
        if (m_jitter.IsStrictlyPositive())
        {
            delay += Seconds(uniform->GetValue(-m_jitter.GetSeconds(), m_jitter.GetSeconds()));
        }
        p2p.SetDeviceAttribute("DataRate", DataRateValue(m_clientRate));
        p2p.SetChannelAttribute("Delay", TimeValue(delay));
        NetDeviceContainer d = p2p.Install(clients.Get(i), router.Get(0));
        std::ostringstream base;
        base << (10 + i / 65536) << "." << (i / 256) % 256 << "." << i % 256 << ".0";
        addresses.SetBase(Ipv4Address(base.str().c_str()), "255.255.255.0");
        Ipv4InterfaceContainer ifaces = addresses.Assign(d);
        clientIps.push_back(ifaces.GetAddress(0));
        clientRouterSide.push_back(d.Get(1));
        if (m_downlinkLoss > 0)
        {
            Ptr<RateErrorModel> loss = CreateObject<RateErrorModel>();
            loss->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
            loss->SetAttribute("ErrorRate", DoubleValue(m_downlinkLoss));
            loss->AssignStreams(1000 + 2 * i);
            d.Get(0)->SetAttribute("ReceiveErrorModel", PointerValue(loss));
        }
    }
    std::vector<Address> serverAddresses;
    const uint16_t port = 443;
    for (uint32_t j = 0; j < m_servers; ++j)
    {
        p2p.SetDeviceAttribute("DataRate", DataRateValue(m_serverRate));
        p2p.SetChannelAttribute("Delay", TimeValue(m_serverDelay));
        NetDeviceContainer d = p2p.Install(servers.Get(j), router.Get(0));
        std::ostringstream base;
        base << "172." << 16 + j / 256 << "." << j % 256 << ".0";
        addresses.SetBase(Ipv4Address(base.str().c_str()), "255.255.255.0");
        Ipv4InterfaceContainer ifaces = addresses.Assign(d);
        std::ostringstream ip;
        ip << ifaces.GetAddress(0);
        impl.serverByIp[ip.str()] = j;
        serverAddresses.push_back(InetSocketAddress(ifaces.GetAddress(0), port));
        if (m_uplinkLoss > 0)
        {
            Ptr<RateErrorModel> loss = CreateObject<RateErrorModel>();
            loss->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
            loss->SetAttribute("ErrorRate", DoubleValue(m_uplinkLoss));
            loss->AssignStreams(1001 + 2 * j);
            d.Get(0)->SetAttribute("ReceiveErrorModel", PointerValue(loss));
        }
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    // TLS configuration.
    Ptr<TlsContext> base = CreateObject<TlsContext>();
    base->SetAttribute("MinVersion", StringValue(m_version));
    base->SetAttribute("MaxVersion", StringValue(m_version));
    base->SetAttribute("KeyType", StringValue(m_keyType));
    base->SetAttribute("ChainDepth", UintegerValue(m_chainDepth));
    base->SetAttribute("ClientAuth", StringValue(m_mutualAuth ? "require" : "none"));
    base->SetAttribute("Groups", StringValue(m_groups));
    base->SetAttribute("CipherList", StringValue(m_cipherList));
    base->SetAttribute("SessionTickets", BooleanValue(m_tickets));
    base->SetAttribute("KeyLogFile", StringValue(m_keyLogFile));
    base->SetAttribute("MaxEarlyData", UintegerValue(m_earlyData > 0 ? 16384 : 0));
    Ptr<TlsContext> faultyContext = base->Copy();
    TlsScenarioActions actions;
    error = TlsApplyScenario(m_scenario, base, faultyContext, &actions);
    NS_ABORT_MSG_IF(!error.empty(), "TlsExperiment: attribute Scenario: " << error);
    Ptr<TlsSessionCache> sharedCache = CreateObject<TlsSessionCache>();
    sharedCache->SetAttribute("Size", UintegerValue(std::max<uint32_t>(m_sessionCache, 1)));
    std::vector<Ptr<TlsContext>> serverContexts;
    for (uint32_t j = 0; j < m_servers; ++j)
    {
        Ptr<TlsContext> c = j == 0 ? base : base->Copy();
        Ptr<TlsSessionCache> cache = sharedCache;
        if (!m_sharedCache && j > 0)
        {
            cache = CreateObject<TlsSessionCache>();
            cache->SetAttribute("Size", UintegerValue(std::max<uint32_t>(m_sessionCache, 1)));
        }
        c->SetAttribute("SessionCache", PointerValue(cache));
        serverContexts.push_back(c);
    }
    for (auto& c : serverContexts)
    {
        error = c->Configure(TlsRole::SERVER);
        NS_ABORT_MSG_IF(!error.empty(), error);
    }
    error = base->Configure(TlsRole::CLIENT);
    NS_ABORT_MSG_IF(!error.empty(), error);

    // Which clients carry the fault.
    uint32_t faultyCount =
        m_scenario.empty() ? 0 : static_cast<uint32_t>(std::lround(m_faultFraction * m_clients));
    std::vector<uint32_t> order(m_clients);
    for (uint32_t i = 0; i < m_clients; ++i)
    {
        order[i] = i;
    }
    for (uint32_t i = m_clients; i > 1; --i) // Fisher-Yates with ns-3's RNG
    {
        std::swap(order[i - 1], order[uniform->GetInteger(0, i - 1)]);
    }
    impl.faulty.insert(order.begin(), order.begin() + faultyCount);
    if (faultyCount > 0)
    {
        error = faultyContext->Configure(TlsRole::CLIENT);
        NS_ABORT_MSG_IF(!error.empty(), error);
    }

    // CPUs.
    auto addCpu = [this](NodeContainer nodes, uint32_t cores) {
        for (uint32_t i = 0; cores > 0 && i < nodes.GetN(); ++i)
        {
            Ptr<TlsCpu> cpu = CreateObject<TlsCpu>();
            cpu->SetAttribute("Cores", UintegerValue(cores));
            cpu->SetAttribute("Mode", StringValue(m_cpuMode));
            nodes.Get(i)->AggregateObject(cpu);
        }
    };
    addCpu(servers, m_cpuCores);
    addCpu(clients, m_clientCpuCores);

    // Applications.
    ApplicationContainer serverApps;
    for (uint32_t j = 0; j < m_servers; ++j)
    {
        TlsServerHelper helper(port);
        helper.SetContext(serverContexts[j]);
        helper.SetAttribute("HandshakeTimeout", TimeValue(m_handshakeTimeout));
        serverApps.Add(helper.Install(servers.Get(j)));
    }
    std::vector<Ptr<TlsClient>> clientApps;
    uint32_t perClient = m_handshakes / m_clients;
    uint32_t extra = m_handshakes % m_clients;
    for (uint32_t i = 0; i < m_clients; ++i)
    {
        bool isFaulty = impl.faulty.count(i) > 0;
        TlsClientHelper helper(serverAddresses[i % m_servers]);
        helper.SetContext(isFaulty ? faultyContext : base);
        helper.SetAttribute("Connections",
                            UintegerValue(m_rate > 0 ? 0 : perClient + (i < extra ? 1 : 0)));
        helper.SetAttribute("Interval", TimeValue(m_thinkTime));
        helper.SetAttribute("RequestSize", UintegerValue(m_requestSize));
        helper.SetAttribute("ResponseSize", UintegerValue(m_responseSize));
        helper.SetAttribute("HandshakeTimeout", TimeValue(m_handshakeTimeout));
        helper.SetAttribute("Resume", StringValue("probability"));
        helper.SetAttribute("ResumeProbability", DoubleValue(m_resume));
        helper.SetAttribute("EarlyData", UintegerValue(m_earlyData));
        helper.SetAttribute("SendGarbage", BooleanValue(isFaulty && actions.sendGarbage));
        ApplicationContainer app = helper.Install(clients.Get(i));
        Ptr<TlsClient> client = DynamicCast<TlsClient>(app.Get(0));
        for (uint32_t k = 0; m_servers > 1 && k < m_servers; ++k)
        {
            client->AddRemote(serverAddresses[(i + k) % m_servers]);
        }
        client->AssignStreams(100 + i);
        // Spread the first connections over 10 ms so that they do not start in lockstep.
        app.Start(Seconds(1) + MicroSeconds(uniform->GetInteger(0, 9999)));
        client->TraceConnectWithoutContext("ConnectionClosed",
                                           MakeBoundCallback(&Impl::ClientClosed, &impl, i));
        if (!m_messagesFile.empty())
        {
            client->TraceConnectWithoutContext("HandshakeMessage",
                                               MakeBoundCallback(&Impl::Message, &impl, true));
            client->TraceConnectWithoutContext("Alert",
                                               MakeBoundCallback(&Impl::Alert, &impl, true));
        }
        if (isFaulty && actions.tamper)
        {
            Ptr<TlsTamperErrorModel> tamper = CreateObject<TlsTamperErrorModel>();
            tamper->SetSource(clientIps[i]);
            tamper->SetAttribute("Count", UintegerValue(UINT32_MAX));
            clientRouterSide[i]->SetAttribute("ReceiveErrorModel", PointerValue(tamper));
        }
        clientApps.push_back(client);
    }
    for (uint32_t j = 0; j < serverApps.GetN(); ++j)
    {
        serverApps.Get(j)->TraceConnectWithoutContext(
            "ConnectionClosed",
            MakeBoundCallback(&Impl::ServerClosed, &impl));
        if (!m_messagesFile.empty())
        {
            serverApps.Get(j)->TraceConnectWithoutContext(
                "HandshakeMessage",
                MakeBoundCallback(&Impl::Message, &impl, false));
            serverApps.Get(j)->TraceConnectWithoutContext(
                "Alert",
                MakeBoundCallback(&Impl::Alert, &impl, false));
        }
    }
    serverApps.Start(Seconds(0));

    // Poisson arrivals over all clients.
    Ptr<ExponentialRandomVariable> gaps = CreateObject<ExponentialRandomVariable>();
    gaps->SetStream(8);
    if (m_rate > 0)
    {
        gaps->SetAttribute("Mean", DoubleValue(1.0 / m_rate));
        Time t = Seconds(1.01);
        for (uint32_t k = 0; k < m_handshakes; ++k)
        {
            t += Seconds(gaps->GetValue());
            Ptr<TlsClient> client = clientApps[uniform->GetInteger(0, m_clients - 1)];
            Simulator::Schedule(t, &TlsClient::StartConnection, client);
        }
    }

    // Outputs.
    if (!m_recordsFile.empty())
    {
        impl.records.open(m_recordsFile);
        NS_ABORT_MSG_IF(!impl.records,
                        "TlsExperiment: attribute RecordsFile: cannot write '" << m_recordsFile
                                                                               << "'");
        impl.records << RecordsHeader() << "\n";
    }
    if (!m_messagesFile.empty())
    {
        impl.messages.open(m_messagesFile);
        NS_ABORT_MSG_IF(!impl.messages,
                        "TlsExperiment: attribute MessagesFile: cannot write '" << m_messagesFile
                                                                                << "'");
        impl.messages << "conn_id,time_s,direction,phase,message,length\n";
    }
    if (!m_pcapPrefix.empty())
    {
        p2p.EnablePcapAll(m_pcapPrefix);
    }

    // Run until every attempt has ended (servers then close within a few RTTs).
    std::function<void()> watch;
    watch = [&impl, &watch, this]() {
        impl.Progress();
        if (impl.summary.attempts + impl.pendingClient.size() >= m_handshakes && !impl.stopping)
        {
            impl.stopping = true;
            Simulator::Stop(Seconds(5));
            return;
        }
        Simulator::Schedule(MilliSeconds(100), watch);
    };
    Simulator::Schedule(Seconds(1), watch);
    Simulator::Stop(m_maxSimTime);
    Simulator::Run();
    // Connections whose server side never ended (or never existed).
    for (auto& entry : impl.pendingClient)
    {
        impl.Emit(impl.pendingClientIndex[entry.first], entry.second, nullptr);
    }
    impl.pendingClient.clear();

    TlsExperimentSummary& sum = impl.summary;
    sum.latencyMean = impl.latency.Mean();
    sum.latencyMin = impl.latency.Min();
    sum.latencyMax = impl.latency.Max();
    sum.latencyP50 = impl.latency.Quantile(0.5);
    sum.latencyP90 = impl.latency.Quantile(0.9);
    sum.latencyP95 = impl.latency.Quantile(0.95);
    sum.latencyP99 = impl.latency.Quantile(0.99);
    sum.fullP50 = impl.latencyFull.Quantile(0.5);
    sum.resumedP50 = impl.latencyResumed.Quantile(0.5);
    sum.simSeconds = Simulator::Now().GetSeconds();
    sum.wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - impl.wallStart).count();
    impl.records.close();
    impl.messages.close();
    Simulator::Destroy();
    if (!m_summaryFile.empty())
    {
        std::ofstream out(m_summaryFile);
        NS_ABORT_MSG_IF(!out,
                        "TlsExperiment: attribute SummaryFile: cannot write '" << m_summaryFile
                                                                               << "'");
        out << SummaryJson(sum) << "\n";
    }
    return sum;
}

std::string
TlsExperiment::SummaryJson(const TlsExperimentSummary& s) const
{
    std::ostringstream o;
    o << "{\n  \"attempts\": " << s.attempts << ",\n  \"ok\": " << s.ok
      << ",\n  \"completed\": " << s.completed
      << ",\n  \"latency_ms\": {\"mean\": " << Num(s.latencyMean)
      << ", \"min\": " << Num(s.latencyMin) << ", \"p50\": " << Num(s.latencyP50)
      << ", \"p90\": " << Num(s.latencyP90) << ", \"p95\": " << Num(s.latencyP95)
      << ", \"p99\": " << Num(s.latencyP99) << ", \"max\": " << Num(s.latencyMax)
      << "},\n  \"latency_full_p50_ms\": " << Num(s.fullP50)
      << ",\n  \"latency_resumed_p50_ms\": " << Num(s.resumedP50)
      << ",\n  \"resumption_rate\": " << Num(s.ok ? static_cast<double>(s.resumed) / s.ok : 0)
      << ",\n  \"resumption_hit_rate\": "
      << Num(s.offered ? static_cast<double>(s.resumed) / s.offered : 0)
      << ",\n  \"early_data_accepted\": " << s.earlyAccepted << ",\n  \"timeouts\": " << s.timeouts
      << ",\n  \"outcomes\": {";
    bool first = true;
    for (const auto& e : s.outcomes)
    {
        o << (first ? "" : ", ") << Json(e.first) << ": " << e.second;
        first = false;
    }
    o << "},\n  \"alerts\": {";
    std::map<std::string, uint64_t> byName;
    for (const auto& e : s.alerts)
    {
        byName[e.first.substr(e.first.find(':') + 1)] += e.second;
    }
    first = true;
    for (const auto& e : byName)
    {
        o << (first ? "" : ", ") << Json(e.first) << ": " << e.second;
        first = false;
    }
    o << "},\n  \"alerts_by_sender\": {";
    first = true;
    for (const auto& e : s.alerts)
    {
        o << (first ? "" : ", ") << Json(e.first) << ": " << e.second;
        first = false;
    }
    o << "},\n  \"wall_s\": " << Num(s.wallSeconds) << ",\n  \"sim_s\": " << Num(s.simSeconds)
      << ",\n  \"config\": {";
    TypeId tid = GetInstanceTypeId();
    for (uint32_t i = 0; i < tid.GetAttributeN(); ++i)
    {
        TypeId::AttributeInformation info = tid.GetAttribute(i);
        Ptr<AttributeValue> v = info.checker->Create();
        GetAttribute(info.name, *v);
        o << (i ? ", " : "") << Json(info.name) << ": " << Json(v->SerializeToString(info.checker));
    }
    o << "}\n}";
    return o.str();
}

} // namespace ns3
