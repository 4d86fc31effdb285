/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-experiment.h"

#include "tls-command-line.h"
#include "tls-helper.h"
#include "tls-output-file.h"
#include "tls-scenario.h"
#include "tls-tcp-defaults.h"

#include "ns3/boolean.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/mdev-rtt-estimator.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tls-client.h"
#include "ns3/tls-cpu.h"
#include "ns3/tls-loss-model.h"
#include "ns3/tls-ns3-compat.h"
#include "ns3/tls-random.h"
#include "ns3/tls-replay-store.h"
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
#include <csignal>
#include <cstdio>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <sys/resource.h>
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
 * \param ms a duration in milliseconds
 * \return it with six decimals: to the nanosecond, as the times of the records
 */
std::string
Ms6(double ms)
{
    char buf[40];
    std::snprintf(buf, sizeof(buf), "%.6f", ms);
    return buf;
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

/**
 * \param v a number
 * \return it as decimal text
 */
template <typename T>
std::string
Str(T v)
{
    return std::to_string(v);
}

/**
 * \param s a string
 * \return it as a CSV cell (quoted if it holds a comma, quote or newline)
 */
std::string
Csv(const std::string& s)
{
    if (s.find_first_of(",\"\r\n") == std::string::npos)
    {
        return s;
    }
    std::string out = "\"";
    for (char ch : s)
    {
        out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    }
    return out + "\"";
}

/// Ephemeral ports of one address: ns-3's Ipv4EndPointDemux gives 49152 to 65535.
const uint32_t g_ephemeralPorts = 65535 - 49152 + 1;

/// Client index of an attempt no client took yet (a Poisson arrival not drawn).
const uint32_t g_noClient = UINT32_MAX;

} // namespace

/// The state of one run.
struct TlsExperiment::Impl
{
    /// One row of the records file, as the column table reads it.
    struct Row
    {
        uint32_t client;              //!< client index
        std::string server;           //!< server index or ""
        const TlsConnectionRecord* c; //!< the client's record
        const TlsConnectionRecord* s; //!< the server's record, if known
        std::string outcome;          //!< outcome name
        std::string alert;            //!< alert name or ""
        std::string sender;           //!< alert sender or ""
        std::string state;            //!< alert state
        double latencyMs;             //!< handshake latency (ms)
        bool faulty;                  //!< the client carries the fault
    };

    /// A column of the records file.
    struct Column
    {
        const char* name; //!< header name
        /// the cell of a row
        std::function<std::string(const Impl&, const Row&)> value;
    };

    const TlsExperiment* cfg{nullptr}; //!< the experiment
    TlsOutputFile records;             //!< records CSV
    std::string rows;                  //!< whole rows not written yet
    TlsOutputFile messages;            //!< message trace CSV
    TlsExperimentSummary summary;      //!< counters
    LatencyStats latency;              //!< ok handshakes
    LatencyStats latencyFull;          //!< ok full handshakes
    LatencyStats latencyResumed;       //!< ok resumed handshakes
    /// Client records waiting for their server side, by client record id: (client, record).
    std::unordered_map<uint64_t, std::pair<uint32_t, TlsConnectionRecord>> pendingClient;
    /// Server records waiting for their client side, by the client's record id (peerId).
    std::unordered_map<uint64_t, TlsConnectionRecord> pendingServer;
    std::vector<uint32_t> ended;                     //!< per client: its attempts that ended
    std::vector<uint32_t> quota;                     //!< closed loop: per client, its attempts
    bool cutting{false};                             //!< the run is being stopped early
    std::string cutWhen;                             //!< when and why (in the reason of cut rows)
    std::string failure;                             //!< why the run failed ("" if it did not)
    EventId nextArrival;                             //!< Poisson: the next arrival
    std::chrono::steady_clock::time_point lastFlush; //!< rows last written
    std::map<std::string, uint32_t> serverByIp;      //!< server IP -> index
    std::set<uint32_t> faulty;                       //!< faulty client indices
    std::chrono::steady_clock::time_point wallStart; //!< start of the run
    std::chrono::steady_clock::time_point lastProgress; //!< last progress line
    bool stopping{false};                               //!< the end is scheduled
    bool ran{false};                                    //!< Run has been called

    /// A line of the message trace: when, and its columns after conn_id and time_s.
    struct TraceLine
    {
        Time at;          //!< when
        std::string text; //!< direction,phase,message,length
    };

    /// The message trace (MessagesFile) is the first client connection that sends
    /// a ClientHello and the server side of that same connection, paired as the
    /// records are (the server record's peerId); written by time once paired.
    uint64_t traceClient{0};                 //!< its client connection id (0: none yet)
    std::vector<TraceLine> traceClientLines; //!< its lines
    bool traceWritten{false};                //!< the trace is written
    /// Lines of server connections that may be its server side, by connection id.
    std::unordered_map<uint64_t, std::vector<TraceLine>> traceServerLines;
    bool traceTls12{true};                                //!< phases in the message trace
    uint64_t firstId{0};                                  //!< first connection id of the run
    std::string keyType;                                  //!< key type in effect
    uint32_t chainDepth{0};                               //!< chain depth in effect
    bool mutualAuth{false};                               //!< client certificates required
    std::vector<std::pair<std::string, std::string>> tls; //!< TlsContext settings in effect
    std::vector<std::pair<std::string, std::string>> tcp; //!< TCP settings in effect
    std::vector<Ptr<TlsClient>> clients;                  //!< client applications
    Ptr<UniformRandomVariable> pick;                      //!< Poisson: which client
    Ptr<ExponentialRandomVariable> gaps;                  //!< Poisson: gaps
    uint32_t arrivalsLeft{0};                             //!< Poisson: arrivals to schedule

    /**
     * Stop the run now: attempts still running and attempts not started are
     * written with outcome cut.
     * \param reason when and why, for their reason column: "when ..."
     */
    void Interrupt(const std::string& reason)
    {
        if (cutting)
        {
            return;
        }
        cutting = true;
        cutWhen = reason;
        arrivalsLeft = 0;
        nextArrival.Cancel();
        Simulator::Stop();
    }

    /// MaxSimTime: the client applications stop at this time too (their
    /// connections end as cut); the simulation stops after them.
    void TimeLimit()
    {
        cutting = true;
        cutWhen = "at MaxSimTime (" + Num(Simulator::Now().GetSeconds()) + " s)";
        arrivalsLeft = 0;
        nextArrival.Cancel();
        Simulator::Stop(Seconds(0));
    }

    /**
     * A client ran out of ephemeral ports: fail the run with the arithmetic.
     * \param client client index
     */
    void PortsExhausted(uint32_t client)
    {
        double now = Simulator::Now().GetSeconds();
        double msl =
            std::strtod(TlsCommandLine::GetDefault("ns3::TcpSocketBase::MaxSegLifetime").c_str(),
                        nullptr);
        uint32_t opened = clients[client]->GetConnectionsOpened();
        double rate = opened / std::max(now - 1.0, 1e-9); // clients start at 1 s
        double held = rate * 2 * msl;
        uint32_t need = static_cast<uint32_t>(std::ceil(held / g_ephemeralPorts * clients.size()));
        std::ostringstream ip;
        ip << cfg->m_net->GetClientAddress(client);
        failure = "TlsExperiment: ephemeral ports exhausted: client " + std::to_string(client) +
                  " (" + ip.str() + ") had opened " + std::to_string(opened) + " connections by " +
                  Num(now) + " s, about " + Num(rate) + " per second, and each holds one of the " +
                  std::to_string(g_ephemeralPorts) +
                  " ports (49152-65535) of its address until its TIME_WAIT (2 x "
                  "ns3::TcpSocketBase::MaxSegLifetime = " +
                  Num(2 * msl) + " s) ends: " + Num(rate) + "/s x " + Num(2 * msl) +
                  " s = " + Num(held) + " ports needed; use more clients (at least " +
                  std::to_string(std::max<uint32_t>(need, clients.size() + 1)) +
                  "), a lower rate or a shorter MaxSegLifetime";
        Interrupt("when the run stopped: client " + std::to_string(client) +
                  " ran out of ephemeral ports");
    }

    /// The next Poisson arrival: start a connection on a random client, schedule the next.
    void Arrival()
    {
        clients[pick->GetInteger(0, clients.size() - 1)]->StartConnection();
        ScheduleArrival();
    }

    /// Schedule the next Poisson arrival, if any is left.
    void ScheduleArrival()
    {
        if (arrivalsLeft == 0)
        {
            return;
        }
        --arrivalsLeft;
        double gap = gaps->GetValue();
        if (gap >= (cfg->m_maxSimTime - Simulator::Now()).GetSeconds())
        {
            arrivalsLeft = 0; // after MaxSimTime: the rest are cut as not started
            return;
        }
        nextArrival = Simulator::Schedule(Seconds(gap), &Impl::Arrival, this);
    }

    /**
     * A client connection ended. Its record is paired with the server's record of
     * the same connection by connection identity (the server record's peerId is
     * the client record's id), never by address: ports are reused.
     * \param self the state
     * \param client client index
     * \param id connection id
     * \param r its record
     */
    static void ClientClosed(Impl* self, uint32_t client, uint64_t id, const TlsConnectionRecord& r)
    {
        ++self->ended[client];
        if (r.id == self->traceClient && r.tcpConnected.IsStrictlyNegative())
        {
            self->WriteTrace(0); // no TCP connection: no server side
        }
        auto it = self->pendingServer.find(r.id);
        const TlsConnectionRecord* server = it != self->pendingServer.end() ? &it->second : nullptr;
        if (self->cutting)
        {
            TlsConnectionRecord cut = r;
            cut.outcome = TlsOutcome::CUT;
            cut.error = "still running " + self->cutWhen;
            self->Emit(client, cut, server);
        }
        else if (server || r.tcpConnected.IsStrictlyNegative())
        {
            self->Emit(client, r, server); // without TCP, no server side exists
        }
        else
        {
            self->pendingClient.emplace(r.id, std::make_pair(client, r));
        }
        if (server)
        {
            self->pendingServer.erase(it);
        }
        if (r.outcome == TlsOutcome::CONNECTION_FAILED && !self->cutting &&
            r.error.find("ERROR_ADDRNOTAVAIL") != std::string::npos)
        {
            self->PortsExhausted(client);
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
        if (r.peerId == 0)
        {
            return; // not a connection of the experiment's clients
        }
        if (r.peerId == self->traceClient)
        {
            self->WriteTrace(r.id);
        }
        auto it = self->pendingClient.find(r.peerId);
        if (it != self->pendingClient.end())
        {
            self->Emit(it->second.first, it->second.second, &r);
            self->pendingClient.erase(it);
        }
        else
        {
            self->pendingServer.emplace(r.peerId, r);
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
        if (!sent || self->traceWritten)
        {
            return; // each side's trace has the messages it sent; one connection in all
        }
        int phase = self->traceTls12 ? TlsSeedPhase(msg, isClient) : 0;
        self->Trace(isClient,
                    connId,
                    msg == TlsMessage::CLIENT_HELLO,
                    std::string(isClient ? "C->S" : "S->C") + "," +
                        (phase > 0 ? std::to_string(phase) : "") + "," + TlsMessageName(msg) + "," +
                        std::to_string(length));
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
        if (!sent || self->traceWritten)
        {
            return;
        }
        self->Trace(isClient,
                    connId,
                    false,
                    std::string(isClient ? "C->S" : "S->C") +
                        ",,Alert:" + TlsAlertName(description) + ",2");
        (void)level;
    }

    /**
     * Keep a line of the message trace, if it may belong to the traced connection.
     * \param isClient the client side's
     * \param connId its connection id
     * \param clientHello it is a ClientHello
     * \param text its columns after conn_id and time_s
     */
    void Trace(bool isClient, uint64_t connId, bool clientHello, std::string text)
    {
        if (traceWritten)
        {
            return;
        }
        if (isClient)
        {
            if (traceClient == 0 && clientHello)
            {
                traceClient = connId;
            }
            if (connId == traceClient)
            {
                traceClientLines.push_back({Simulator::Now(), std::move(text)});
            }
        }
        else if (traceClient != 0)
        {
            traceServerLines[connId].push_back({Simulator::Now(), std::move(text)});
        }
    }

    /**
     * Write the traced connection, both sides by time, with the records' id.
     * \param server its server side's connection id (0: none)
     */
    void WriteTrace(uint64_t server)
    {
        if (traceWritten || traceClient == 0)
        {
            return;
        }
        traceWritten = true;
        std::vector<TraceLine> lines = std::move(traceClientLines);
        auto it = traceServerLines.find(server);
        if (it != traceServerLines.end())
        {
            lines.insert(lines.end(), it->second.begin(), it->second.end());
        }
        std::stable_sort(lines.begin(), lines.end(), [](const TraceLine& a, const TraceLine& b) {
            return a.at < b.at;
        });
        std::string text;
        for (const auto& line : lines)
        {
            text += Str(traceClient - firstId) + "," + Seconds9(line.at) + "," + line.text + "\n";
        }
        traceClientLines.clear();
        traceServerLines.clear();
        WriteMessage(text);
    }

    /**
     * Append a line to the message trace; a failed write stops the run.
     * \param line the line
     */
    void WriteMessage(const std::string& line)
    {
        if (!messages.Write(line))
        {
            OutputFailed(messages);
        }
    }

    /**
     * An output file could not be written: the run fails (the first failure
     * is the one reported) and stops; its attempts are cut.
     * \param file the file
     */
    void OutputFailed(const TlsOutputFile& file)
    {
        if (failure.empty())
        {
            failure = "TlsExperiment: " + file.GetError();
        }
        Interrupt("when writing an output file failed");
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
        Row row{client, "", &c, s, TlsOutcomeName(c.outcome), "", "", c.alertState, 0, false};
        ++sum.outcomes[row.outcome];
        bool ok = c.outcome == TlsOutcome::OK;
        row.latencyMs = c.GetHandshakeLatency().GetSeconds() * 1e3;
        if (c.HandshakeCompleted())
        {
            ++sum.completed;
        }
        if (ok)
        {
            ++sum.ok;
            latency.Add(row.latencyMs);
            (c.info.resumed ? latencyResumed : latencyFull).Add(row.latencyMs);
        }
        sum.offered += c.resumptionOffered;
        sum.resumed += c.info.resumed;
        sum.earlyAccepted += c.info.earlyData == "accepted";
        sum.timeouts += c.outcome == TlsOutcome::TIMEOUT;
        if (c.alert >= 0)
        {
            row.alert = TlsAlertName(static_cast<uint8_t>(c.alert));
            row.sender = c.alertSent ? "client" : "server";
        }
        else if (s && s->alert >= 0)
        {
            row.alert = TlsAlertName(static_cast<uint8_t>(s->alert));
            row.sender = s->alertSent ? "server" : "client";
            row.state = s->alertState;
        }
        if (!row.alert.empty())
        {
            ++sum.alerts[row.sender + ":" + row.alert];
        }
        if (!records.IsOpen())
        {
            return;
        }
        if (InetSocketAddress::IsMatchingType(c.peer))
        {
            std::ostringstream ip;
            ip << InetSocketAddress::ConvertFrom(c.peer).GetIpv4();
            auto it = serverByIp.find(ip.str());
            row.server = it != serverByIp.end() ? std::to_string(it->second) : "";
        }
        row.faulty = faulty.count(client) > 0;
        // Rows are written whole: collected here, written in one piece (WriteRows).
        bool first = true;
        for (const auto& column : Columns())
        {
            if (!first)
            {
                rows += ',';
            }
            first = false;
            rows += column.value(*this, row);
        }
        rows += '\n';
        if (rows.size() >= 65536)
        {
            WriteRows();
        }
    }

    /// Write the collected rows (whole rows only: a killed run leaves no half row).
    void WriteRows()
    {
        if (!rows.empty() && records.IsOpen() && !records.Write(rows))
        {
            OutputFailed(records);
        }
        rows.clear();
        lastFlush = std::chrono::steady_clock::now();
    }

    /**
     * The columns of the records file: the one place where they are defined;
     * the header and every row come from this table.
     * \return the columns
     */
    static const std::vector<Column>& Columns()
    {
        using R = const Row&;
        using I = const Impl&;
        static const std::vector<Column> columns{
            {"id", [](I i, R r) { return r.c->id ? Str(r.c->id - i.firstId) : ""; }},
            {"client", [](I, R r) { return r.client == g_noClient ? "" : Str(r.client); }},
            {"server", [](I, R r) { return r.server; }},
            {"version", [](I, R r) { return Csv(r.c->info.version); }},
            {"cipher", [](I, R r) { return Csv(r.c->info.cipher); }},
            {"group", [](I, R r) { return Csv(r.c->info.group); }},
            {"key_type", [](I i, R) { return Csv(i.keyType); }},
            {"chain_depth", [](I i, R) { return Str(i.chainDepth); }},
            {"mutual_auth", [](I i, R) { return Str(int(i.mutualAuth)); }},
            {"resumed", [](I, R r) { return Str(int(r.c->info.resumed)); }},
            {"resumption", [](I, R r) { return Csv(r.c->info.resumption); }},
            {"early_data",
             [](I, R r) { return r.c->earlyDataBytes ? Csv(r.c->info.earlyData) : ""; }},
            {"scenario", [](I i, R r) { return r.faulty ? Csv(i.cfg->m_scenario) : ""; }},
            {"faulty", [](I, R r) { return Str(int(r.faulty)); }},
            {"start_s", [](I, R r) { return Seconds9(r.c->start); }},
            {"tcp_connected_s", [](I, R r) { return Seconds9(r.c->tcpConnected); }},
            {"done_s", [](I, R r) { return Seconds9(r.c->handshakeDone); }},
            {"latency_ms",
             [](I, R r) { return r.c->HandshakeCompleted() ? Ms6(r.latencyMs) : ""; }},
            {"outcome", [](I, R r) { return r.outcome; }},
            {"reason", [](I, R r) { return Csv(r.c->error); }},
            {"server_outcome", [](I, R r) { return r.s ? TlsOutcomeName(r.s->outcome) : ""; }},
            {"server_reason", [](I, R r) { return r.s ? Csv(r.s->error) : ""; }},
            {"alert", [](I, R r) { return r.alert; }},
            {"alert_sender", [](I, R r) { return r.sender; }},
            {"alert_state",
             [](I, R r) {
                 std::string q = "\"";
                 for (char ch : r.state)
                 {
                     q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
                 }
                 return q + "\"";
             }},
            {"bytes_c2s", [](I, R r) { return Str(r.c->tcpBytesSent); }},
            {"bytes_s2c", [](I, R r) { return Str(r.c->tcpBytesReceived); }},
            {"packets", [](I, R r) { return Str(r.c->packetsSent + r.c->packetsReceived); }},
            {"retransmissions",
             [](I, R r) { return Str(r.c->retransmissions + (r.s ? r.s->retransmissions : 0)); }},
            {"phase1_end_s", [](I, R r) { return Seconds9(r.c->phaseEnd[1]); }},
            {"phase2_end_s", [](I, R r) { return Seconds9(r.c->phaseEnd[2]); }},
            {"phase3_end_s", [](I, R r) { return Seconds9(r.c->phaseEnd[3]); }},
            {"phase4_end_s", [](I, R r) { return Seconds9(r.c->phaseEnd[4]); }},
            {"cpu_delay_ms",
             [](I, R r) {
                 return Num((r.c->cpuDelay + (r.s ? r.s->cpuDelay : Seconds(0))).GetSeconds() *
                            1e3);
             }},
            {"signature", [](I, R r) { return r.c->info.signature; }},
            {"server_flight_bytes", [](I, R r) { return Str(r.c->info.serverFlightBytes); }},
            {"client_hello_bytes", [](I, R r) { return Str(r.c->info.clientHelloBytes); }},
        };
        return columns;
    }

    /**
     * Print a progress line on stderr (at most once a second).
     * \param force print even within a second of the last line
     */
    void Progress(bool force = false)
    {
        auto now = std::chrono::steady_clock::now();
        if (!cfg->m_progress || (!force && now - lastProgress < std::chrono::seconds(1)))
        {
            return;
        }
        lastProgress = now;
        double wall = std::chrono::duration<double>(now - wallStart).count();
        double rate = summary.attempts / std::max(wall, 1e-9);
        // No estimate before the first attempt ends (it would be 1e10 s).
        std::string eta = "unknown";
        if (summary.attempts > 0)
        {
            char text[32];
            std::snprintf(text,
                          sizeof(text),
                          "%.0f s",
                          (cfg->m_handshakes - summary.attempts) / rate);
            eta = text;
        }
        std::fprintf(stderr,
                     "tls-experiment: sim %.2f s, %llu/%u handshakes, %.0f per wall second, "
                     "ETA %s\n",
                     Simulator::Now().GetSeconds(),
                     static_cast<unsigned long long>(summary.attempts),
                     cfg->m_handshakes,
                     rate,
                     eta.c_str());
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
                          "Client nodes (1 to 1048576).",
                          UintegerValue(10),
                          MakeUintegerAccessor(&TlsExperiment::m_clients),
                          MakeUintegerChecker<uint32_t>(1, 1048576))
            .AddAttribute("Servers",
                          "Server nodes (a farm behind the router; 1 to 65536).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&TlsExperiment::m_servers),
                          MakeUintegerChecker<uint32_t>(1, 65536))
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
            .AddAttribute("QueueDisc",
                          "Root queue disc of every device: none (the device's DropTail "
                          "queue only) or a queue disc type, e.g. ns3::FqCoDelQueueDisc "
                          "(what ns-3's Ipv4AddressHelper installs); see TlsStarTopology.",
                          StringValue("none"),
                          MakeStringAccessor(&TlsExperiment::m_queueDisc),
                          MakeStringChecker())
            .AddAttribute("UplinkLoss",
                          "Packet loss rate, client to server (0 to 1).",
                          DoubleValue(0),
                          MakeDoubleAccessor(&TlsExperiment::m_uplinkLoss),
                          MakeDoubleChecker<double>(0, 1))
            .AddAttribute("DownlinkLoss",
                          "Packet loss rate, server to client (0 to 1).",
                          DoubleValue(0),
                          MakeDoubleAccessor(&TlsExperiment::m_downlinkLoss),
                          MakeDoubleChecker<double>(0, 1))
            .AddAttribute("UplinkLossPattern",
                          "Loss pattern client to server, on each server's link (a "
                          "TlsLossModel spec: none, bernoulli:P, ge:p=,r=,h=,k=, drop:N,..., "
                          "dropdata:N,..., dropsyn:N,..., blackhole:T1-T2, corrupt:P, joined "
                          "by '+'); with UplinkLoss > 0 both apply.",
                          StringValue("none"),
                          MakeStringAccessor(&TlsExperiment::m_uplinkLossPattern),
                          MakeStringChecker())
            .AddAttribute("DownlinkLossPattern",
                          "Loss pattern server to client, on each client's link (a "
                          "TlsLossModel spec, see UplinkLossPattern); with DownlinkLoss > 0 "
                          "both apply.",
                          StringValue("none"),
                          MakeStringAccessor(&TlsExperiment::m_downlinkLossPattern),
                          MakeStringChecker())
            .AddAttribute("TcpVariant",
                          "TCP congestion control (an ns3::TcpCongestionOps type, e.g. "
                          "ns3::TcpCubic); empty = ns3::TcpL4Protocol::SocketType in effect "
                          "(with TcpDefaults, ns3::TcpCubic instead of ns-3's TcpNewReno).",
                          StringValue(""),
                          MakeStringAccessor(&TlsExperiment::m_tcpVariant),
                          MakeStringChecker())
            .AddAttribute("SegmentSize",
                          "TCP segment size; 0 = ns3::TcpSocket::SegmentSize in effect "
                          "(the module's default: 1448; ns-3's: 536).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsExperiment::m_segmentSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("InitialCwnd",
                          "TCP initial window in segments; 0 = ns3::TcpSocket::InitialCwnd in "
                          "effect (10).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsExperiment::m_initialCwnd),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MinRto",
                          "TCP minimum RTO; 0 = ns3::TcpSocketBase::MinRto in effect (the "
                          "module's default: 200 ms; ns-3's: 1 s).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&TlsExperiment::m_minRto),
                          MakeTimeChecker())
            .AddAttribute("ConnTimeout",
                          "TCP SYN retransmission timeout; 0 = ns3::TcpSocket::ConnTimeout in "
                          "effect (the module's default: 1 s; ns-3's: 3 s).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&TlsExperiment::m_connTimeout),
                          MakeTimeChecker())
            .AddAttribute("DelAckCount",
                          "Segments received before an ACK is sent (1 = no delayed ACK); 0 = "
                          "ns3::TcpSocket::DelAckCount in effect (2).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsExperiment::m_delAckCount),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Handshakes",
                          "Handshake attempts in all (at least 1).",
                          UintegerValue(100),
                          MakeUintegerAccessor(&TlsExperiment::m_handshakes),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("Rate",
                          "Poisson arrivals of handshakes per second (all clients); 0 = closed "
                          "loop: each client runs its share one after another.",
                          DoubleValue(0),
                          MakeDoubleAccessor(&TlsExperiment::m_rate),
                          MakeDoubleChecker<double>(0))
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
                          "Simulated time after which the run stops regardless; attempts still "
                          "running or not started are written with outcome cut.",
                          TimeValue(Seconds(100000)),
                          MakeTimeAccessor(&TlsExperiment::m_maxSimTime),
                          MakeTimeChecker())
            .AddAttribute("Version",
                          "TLS version: 1.2 or 1.3 (sets MinVersion and MaxVersion of the "
                          "TlsContext); empty = ns3::TlsContext::MinVersion/MaxVersion in "
                          "effect (1.2 to 1.3: 1.3 is negotiated).",
                          StringValue(""),
                          MakeStringAccessor(&TlsExperiment::m_version),
                          MakeTlsChoiceChecker({"", "1.2", "1.3"}))
            .AddAttribute("KeyType",
                          "Certificate key type (see TlsContext::KeyType); empty = "
                          "ns3::TlsContext::KeyType in effect (p256).",
                          StringValue(""),
                          MakeStringAccessor(&TlsExperiment::m_keyType),
                          MakeTlsChoiceChecker([] {
                              // "" and the names TlsContext::KeyType takes
                              TypeId::AttributeInformation info;
                              TlsContext::GetTypeId().LookupAttributeByName("KeyType", &info);
                              std::vector<std::string> names{""};
                              for (const auto& n : TlsCommandLine::Choices(info.checker))
                              {
                                  names.push_back(n);
                              }
                              return names;
                          }()))
            .AddAttribute("ChainDepth",
                          "Intermediate CAs (0 to 16); -1 = ns3::TlsContext::ChainDepth in "
                          "effect (1).",
                          IntegerValue(-1),
                          MakeIntegerAccessor(&TlsExperiment::m_chainDepth),
                          MakeIntegerChecker<int32_t>(-1, 16))
            .AddAttribute("MutualAuth",
                          "Servers require client certificates (true sets "
                          "TlsContext::ClientAuth to require; false leaves "
                          "ns3::TlsContext::ClientAuth in effect).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TlsExperiment::m_mutualAuth),
                          MakeBooleanChecker())
            .AddAttribute("Groups",
                          "Key exchange groups (OpenSSL string); empty = ns3::TlsContext::Groups "
                          "in effect.",
                          StringValue(""),
                          MakeStringAccessor(&TlsExperiment::m_groups),
                          MakeStringChecker())
            .AddAttribute("CipherList",
                          "TLS 1.2 cipher list (OpenSSL string); empty = "
                          "ns3::TlsContext::CipherList in effect.",
                          StringValue(""),
                          MakeStringAccessor(&TlsExperiment::m_cipherList),
                          MakeStringChecker())
            .AddAttribute("Resume",
                          "Probability that a client holding a session resumes it (0 to 1).",
                          DoubleValue(0),
                          MakeDoubleAccessor(&TlsExperiment::m_resume),
                          MakeDoubleChecker<double>(0, 1))
            .AddAttribute("Tickets",
                          "Session tickets (TLS 1.2 RFC 5077; TLS 1.3 tickets); true leaves "
                          "ns3::TlsContext::SessionTickets in effect (true), false turns them off.",
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
                          "Server session cache size (sessions, at least 1).",
                          UintegerValue(20480),
                          MakeUintegerAccessor(&TlsExperiment::m_sessionCache),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("SharedSessionCache",
                          "Servers share one session cache and ticket key (else each has its "
                          "own).",
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
                          MakeTlsChoiceChecker([] {
                              std::vector<std::string> names{"", "none"};
                              for (const auto& sc : TlsScenarios())
                              {
                                  names.push_back(sc.name);
                              }
                              return names;
                          }()))
            .AddAttribute("FaultFraction",
                          "Share of the clients that carry the Scenario (0 to 1).",
                          DoubleValue(0),
                          MakeDoubleAccessor(&TlsExperiment::m_faultFraction),
                          MakeDoubleChecker<double>(0, 1))
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
                          MakeTlsChoiceChecker({"table", "measured"}))
            .AddAttribute("Engine",
                          "TLS engine: openssl (real handshakes) or replay (each handshake "
                          "shape recorded with OpenSSL once, then played without crypto; see "
                          "ReplayEngine).",
                          StringValue("openssl"),
                          MakeStringAccessor(&TlsExperiment::m_engine),
                          MakeTlsChoiceChecker({"openssl", "replay"}))
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
            .AddAttribute(
                "MessagesFile",
                "CSV trace of the messages of the first connection to send a ClientHello, "
                "both sides, with its id in the records file.",
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
                          MakeBooleanChecker())
            .AddAttribute("TcpDefaults",
                          "Give every TCP default that still has ns-3's stock value the "
                          "module's Linux-like value (TlsTcpDefaults: 1448-byte segments, "
                          "MinRto 200 ms, ConnTimeout 1 s, ...; TcpCubic). Programs that "
                          "call TlsTcpDefaults().Apply() before parsing turn this off.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TlsExperiment::m_tcpDefaults),
                          MakeBooleanChecker())
            .AddTraceSource("RunEnd",
                            "The simulation has stopped; the simulator is not destroyed yet "
                            "(read FlowMonitor statistics here).",
                            MakeTraceSourceAccessor(&TlsExperiment::m_runEnd),
                            "ns3::TlsExperiment::RunEndCallback");
    return tid;
}

TlsExperiment::TlsExperiment()
{
}

TlsExperiment::~TlsExperiment()
{
}

std::vector<std::string>
TlsExperiment::RecordsColumns()
{
    std::vector<std::string> names;
    for (const auto& column : Impl::Columns())
    {
        names.emplace_back(column.name);
    }
    return names;
}

std::string
TlsExperiment::RecordsHeader()
{
    std::string header;
    for (const auto& name : RecordsColumns())
    {
        header += (header.empty() ? "" : ",") + name;
    }
    return header;
}

namespace
{

/// A TCP default the module changes: attribute path, ns-3's stock value, the module's value.
struct TcpDefault
{
    const char* path;        //!< attribute path
    const char* stock;       //!< ns-3 3.37's value, serialized
    std::string moduleValue; //!< the module's value, serialized
};

/// \return the TCP defaults the module changes, from TlsTcpDefaults
std::vector<TcpDefault>
ModuleTcpDefaults()
{
    TlsTcpDefaults d;
    auto time = [](Time t) {
        std::ostringstream os;
        os << t.GetNanoSeconds() << "ns";
        return os.str();
    };
    return {
        {"ns3::TcpSocket::SegmentSize", "536", std::to_string(d.segmentSize)},
        {"ns3::TcpSocket::InitialCwnd", "10", std::to_string(d.initialCwnd)},
        {"ns3::TcpSocketBase::MinRto", "+1e+09ns", time(d.minRto)},
        {"ns3::TcpSocket::ConnTimeout", "+3e+09ns", time(d.connTimeout)},
        {"ns3::TcpSocket::TcpNoDelay", "true", d.noDelay ? "true" : "false"},
        {"ns3::TcpSocket::DelAckCount", "2", std::to_string(d.delAckCount)},
        {"ns3::TcpSocket::DelAckTimeout", "+2e+08ns", time(d.delAckTimeout)},
        {"ns3::TcpSocket::SndBufSize", "131072", std::to_string(d.sndBufSize)},
        {"ns3::TcpSocket::RcvBufSize", "131072", std::to_string(d.rcvBufSize)},
        {"ns3::TcpSocketBase::MaxSegLifetime", "120", std::to_string(d.maxSegLifetime)},
        {"ns3::TcpL4Protocol::SocketType", "ns3::TcpNewReno", "ns3::TcpCubic"},
    };
}

/**
 * \param path an attribute path
 * \return its default in effect, as the attribute serializes it
 */
std::string
DefaultOf(const std::string& path)
{
    return TlsCommandLine::GetDefault(path);
}

/**
 * \param name a TypeId name
 * \return "" if it names a TCP congestion control, else what is expected
 */
std::string
CheckTcpVariant(const std::string& name)
{
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(name, &tid) || !tid.HasConstructor() ||
        // ns-3.37 registers TcpCubic with TcpSocketBase as its parent.
        !(tid.IsChildOf(TypeId::LookupByName("ns3::TcpCongestionOps")) || name == "ns3::TcpCubic"))
    {
        return "a TCP congestion control type (a subclass of ns3::TcpCongestionOps) like "
               "ns3::TcpCubic, ns3::TcpNewReno, ns3::TcpBbr";
    }
    return "";
}

} // namespace

std::string
TlsExperiment::Validate() const
{
    auto bad = [](const std::string& name, const std::string& value, const std::string& want) {
        return "TlsExperiment: attribute " + name + " has invalid value '" + value +
               "' (expected " + want + ")";
    };
    auto time = [](Time t) { return Num(t.GetSeconds()) + "s"; };
    if (m_clients == 0 || m_clients > 1048576)
    {
        return bad("Clients", std::to_string(m_clients), "1 to 1048576");
    }
    if (m_servers == 0 || m_servers > 65536)
    {
        return bad("Servers", std::to_string(m_servers), "1 to 65536");
    }
    if (m_handshakes == 0)
    {
        return bad("Handshakes", "0", "at least 1: a run of no handshakes measures nothing");
    }
    // Attributes of the objects the experiment builds that it sets itself from
    // its own: a changed default of one of them would be overwritten without a
    // word, so it is refused, naming the attribute (and option) to set instead.
    std::vector<std::pair<std::string, std::string>> shadowed = {
        {"ns3::TlsClient::HandshakeTimeout", "HandshakeTimeout (--handshakeTimeout)"},
        {"ns3::TlsServer::HandshakeTimeout", "HandshakeTimeout (--handshakeTimeout)"},
        {"ns3::TlsClient::Connections", "Handshakes and Clients (--handshakes, --clients)"},
        {"ns3::TlsClient::Interval", "ThinkTime (--thinkTime)"},
        {"ns3::TlsClient::RequestSize", "RequestSize (--requestSize)"},
        {"ns3::TlsClient::ResponseSize", "ResponseSize (--responseSize)"},
        {"ns3::TlsClient::Resume", "Resume (--resume)"},
        {"ns3::TlsClient::ResumeProbability", "Resume (--resume)"},
        {"ns3::TlsClient::EarlyData", "EarlyData (--earlyData)"},
        {"ns3::TlsCpu::Cores", "CpuCores and ClientCpuCores (--cpuCores, --clientCpuCores)"},
        {"ns3::TlsCpu::Mode", "CpuMode (--cpuMode)"},
        {"ns3::TlsSessionCache::Size", "SessionCacheSize (--sessionCache)"},
        {"ns3::PointToPointNetDevice::DataRate",
         "ClientBandwidth and ServerBandwidth (--bandwidth, --serverBandwidth)"},
        {"ns3::PointToPointChannel::Delay", "ClientDelay and ServerDelay (--delay, --serverDelay)"},
        {"ns3::DropTailQueue<Packet>::MaxSize", "QueueSize (--queueSize)"},
        {"ns3::RateErrorModel::ErrorRate", "UplinkLoss and DownlinkLoss (--loss)"},
        {"ns3::RateErrorModel::ErrorUnit", "UplinkLoss and DownlinkLoss (--loss)"},
    };
    if (m_earlyData > 0)
    {
        shadowed.emplace_back("ns3::TlsContext::MaxEarlyData", "EarlyData (--earlyData)");
    }
    std::string overwritten = TlsCommandLine::CheckShadowed(shadowed, "the experiment");
    if (!overwritten.empty())
    {
        return "TlsExperiment: " + overwritten;
    }
    // Every socket of the experiment is a TLS socket, whose TCP socket is made as
    // ns3::TlsApplication::TcpFastPath says; the node's own TcpSocketFactory
    // (ProfiledTcpL4Protocol::Indexed) makes none of them.
    std::string unused = TlsCommandLine::CheckUnusedType(
        "ns3::ProfiledTcpL4Protocol",
        "every socket of the experiment is a TLS socket: set ns3::TlsApplication::TcpFastPath "
        "instead");
    if (!unused.empty())
    {
        return "TlsExperiment: " + unused;
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
    for (auto& p : {std::make_pair("UplinkLossPattern", m_uplinkLossPattern),
                    std::make_pair("DownlinkLossPattern", m_downlinkLossPattern)})
    {
        std::string error = TlsLossModel::Parse(p.second, nullptr);
        if (!error.empty())
        {
            return "TlsExperiment: attribute " + std::string(p.first) + ": " + error;
        }
    }
    // A positive rate's mean gap (1/Rate) must be a time ns-3 can hold and
    // schedule, and the first arrival must be expected before MaxSimTime.
    if (!(m_rate >= 0) || !std::isfinite(m_rate) ||
        (m_rate > 0 && m_maxSimTime.IsStrictlyPositive() &&
         1.0 / m_rate > m_maxSimTime.GetSeconds()))
    {
        return bad("Rate",
                   Num(m_rate),
                   "0 (closed loop) or at least 1/MaxSimTime = " +
                       Num(1.0 / m_maxSimTime.GetSeconds()) + " arrivals per second");
    }
    if (!std::regex_match(m_queueSize, std::regex("[0-9]+(p|B|KB|MB|KiB|MiB)")) ||
        m_queueSize[0] == '0')
    {
        return bad("QueueSize", m_queueSize, "a size like 100p or 64KB, more than 0");
    }
    if (!TlsStarTopology::CheckQueueDisc(m_queueDisc).empty())
    {
        return bad("QueueDisc", m_queueDisc, TlsStarTopology::CheckQueueDisc(m_queueDisc));
    }
    if (m_queueDisc != "none")
    {
        // The flow queue discs take a packet's hash modulo Flows: 0 divides by zero.
        std::string type = m_queueDisc.rfind("ns3::", 0) == 0 ? m_queueDisc : "ns3::" + m_queueDisc;
        TypeId tid;
        TypeId::AttributeInformation info;
        if (TypeId::LookupByNameFailSafe(type, &tid) && tid.LookupAttributeByName("Flows", &info) &&
            DefaultOf(type + "::Flows") == "0")
        {
            return "TlsExperiment: attribute " + type +
                   "::Flows has invalid value '0' (expected at least 1: the queue disc "
                   "hashes packets into Flows queues)";
        }
    }
    for (auto& p : {std::make_pair("ClientDelay", m_clientDelay),
                    std::make_pair("ServerDelay", m_serverDelay),
                    std::make_pair("Jitter", m_jitter),
                    std::make_pair("ThinkTime", m_thinkTime),
                    std::make_pair("MinRto", m_minRto),
                    std::make_pair("ConnTimeout", m_connTimeout)})
    {
        if (p.second.IsStrictlyNegative())
        {
            return bad(p.first, time(p.second), "a time of 0 or more");
        }
    }
    if (m_clientDelay < m_jitter)
    {
        return bad("Jitter", time(m_jitter), "at most ClientDelay (" + time(m_clientDelay) + ")");
    }
    if (!m_maxSimTime.IsStrictlyPositive())
    {
        return bad("MaxSimTime", time(m_maxSimTime), "a time more than 0");
    }
    if (!m_handshakeTimeout.IsStrictlyPositive() || m_handshakeTimeout > m_maxSimTime)
    {
        return bad("HandshakeTimeout",
                   time(m_handshakeTimeout),
                   "more than 0 and at most MaxSimTime (" + time(m_maxSimTime) + ")");
    }
    if (m_clientRate.GetBitRate() == 0)
    {
        return bad("ClientBandwidth", "0bps", "a data rate more than 0, like 100Mbps");
    }
    if (m_serverRate.GetBitRate() == 0)
    {
        return bad("ServerBandwidth", "0bps", "a data rate more than 0, like 10Gbps");
    }
    // TCP: the experiment's own settings, else the ns-3 defaults in effect.
    if (!m_tcpVariant.empty() && !CheckTcpVariant(m_tcpVariant).empty())
    {
        return bad("TcpVariant", m_tcpVariant, CheckTcpVariant(m_tcpVariant));
    }
    std::string socketType = DefaultOf("ns3::TcpL4Protocol::SocketType");
    if (m_tcpVariant.empty() && !CheckTcpVariant(socketType).empty())
    {
        return "TlsExperiment: attribute ns3::TcpL4Protocol::SocketType has invalid value '" +
               socketType + "' (expected " + CheckTcpVariant(socketType) + ")";
    }
    uint32_t segment =
        m_segmentSize ? m_segmentSize : std::stoul(DefaultOf("ns3::TcpSocket::SegmentSize"));
    std::string fits;
    uint32_t maxSegment = TlsTcpDefaults::MaxSegmentSize(&fits);
    if (segment == 0 || segment > maxSegment)
    {
        return bad(m_segmentSize ? "SegmentSize" : "ns3::TcpSocket::SegmentSize",
                   std::to_string(segment),
                   "1 to " + std::to_string(maxSegment) + " bytes (" + fits + ")");
    }
    uint32_t cwnd =
        m_initialCwnd ? m_initialCwnd : std::stoul(DefaultOf("ns3::TcpSocket::InitialCwnd"));
    if (cwnd == 0)
    {
        return bad("ns3::TcpSocket::InitialCwnd", "0", "at least 1 segment");
    }
    if (!m_scenario.empty() && m_scenario != "none" && !TlsFindScenario(m_scenario))
    {
        std::string names;
        for (const auto& sc : TlsScenarios())
        {
            names += (names.empty() ? "" : ", ") + sc.name;
        }
        return bad("Scenario", m_scenario, "none or one of " + names);
    }
    bool noScenario = m_scenario.empty() || m_scenario == "none";
    if (noScenario && m_faultFraction > 0)
    {
        return bad("FaultFraction",
                   Num(m_faultFraction),
                   "0 when Scenario is none: there is no fault to carry");
    }
    if (!noScenario && m_faultFraction == 0)
    {
        return bad("FaultFraction",
                   "0",
                   "more than 0 (up to 1) when Scenario is " + m_scenario +
                       ", else no client carries it");
    }
    if (m_requestSize != 0 && m_requestSize < 8)
    {
        return bad("RequestSize", std::to_string(m_requestSize), "0 or at least 8");
    }
    if (m_requestSize == 0 && m_responseSize > 0)
    {
        return bad("ResponseSize",
                   std::to_string(m_responseSize),
                   "0 when RequestSize is 0: a response answers a request");
    }
    // Settings that would do nothing are refused, saying why.
    if (m_earlyData > 0)
    {
        std::string maxVersion =
            m_version.empty() ? DefaultOf("ns3::TlsContext::MaxVersion") : m_version;
        std::string early = std::to_string(m_earlyData);
        if (maxVersion != "1.3")
        {
            return bad("EarlyData",
                       early,
                       "0 when the version is " + maxVersion + ": 0-RTT data is TLS 1.3's");
        }
        if (m_resume == 0)
        {
            return bad("EarlyData", early, "0 when Resume is 0: 0-RTT data is sent when resuming");
        }
        if (m_requestSize == 0 || m_earlyData > m_requestSize)
        {
            return bad("EarlyData",
                       early,
                       "at most RequestSize (" + std::to_string(m_requestSize) +
                           "): 0-RTT data is the first bytes of the request");
        }
    }
    if (!noScenario && std::lround(m_faultFraction * m_clients) == 0)
    {
        return bad("FaultFraction",
                   Num(m_faultFraction),
                   "at least 0.5 / Clients = " + Num(0.5 / m_clients) + ": " +
                       Num(m_faultFraction) + " x " + std::to_string(m_clients) +
                       " clients rounds to no client carrying the scenario");
    }
    // Ephemeral ports: a client connection holds one of its address's ports until
    // its TIME_WAIT (2 MSL) ends; at a Poisson rate, rate / clients x 2 MSL ports
    // are held per client address. More than there are, and the run cannot go on.
    double msl = std::strtod(DefaultOf("ns3::TcpSocketBase::MaxSegLifetime").c_str(), nullptr);
    if (m_tcpDefaults && DefaultOf("ns3::TcpSocketBase::MaxSegLifetime") == "120")
    {
        msl = TlsTcpDefaults().maxSegLifetime; // Build sets it
    }
    double held = m_rate / m_clients * 2 * msl;
    uint64_t perAddress = (uint64_t(m_handshakes) + m_clients - 1) / m_clients;
    if (m_rate > 0 && held > g_ephemeralPorts && perAddress > g_ephemeralPorts)
    {
        uint64_t need = static_cast<uint64_t>(std::ceil(m_rate * 2 * msl / g_ephemeralPorts));
        return bad("Rate",
                   Num(m_rate),
                   "at most " + Num(std::floor(g_ephemeralPorts / (2 * msl) * m_clients)) +
                       " per second with " + std::to_string(m_clients) +
                       " client(s): each client address has " + std::to_string(g_ephemeralPorts) +
                       " ephemeral ports (49152-65535) and a connection holds one until its "
                       "TIME_WAIT (2 x ns3::TcpSocketBase::MaxSegLifetime = " +
                       Num(2 * msl) + " s) ends, so " + Num(m_rate / m_clients) + "/s x " +
                       Num(2 * msl) + " s = " + Num(held) + " ports per address; use --clients=" +
                       std::to_string(need) + " or more, a lower rate or a shorter MaxSegLifetime");
    }
    if (m_chainDepth < -1 || m_chainDepth > 16)
    {
        return bad("ChainDepth", std::to_string(m_chainDepth), "0 to 16, or -1");
    }
    // The crypto CPU model: its settings mean nothing without cores to run on,
    // and costs times Scale must stay within ns-3's time range.
    if (m_cpuCores == 0 && m_clientCpuCores == 0)
    {
        for (auto& [what, value] :
             {std::make_pair(std::string("CpuMode"), m_cpuMode == "table" ? "" : m_cpuMode),
              std::make_pair(std::string("ns3::TlsCpu::Scale"),
                             TlsCommandLine::ChangedDefault("ns3::TlsCpu::Scale")),
              std::make_pair(std::string("ns3::TlsCpu::CostTable"),
                             TlsCommandLine::ChangedDefault("ns3::TlsCpu::CostTable"))})
        {
            if (!value.empty())
            {
                return "TlsExperiment: attribute " + what + " has value '" + value +
                       "', which has no effect while CpuCores and ClientCpuCores are 0 (the "
                       "crypto CPU model is off): set --cpuCores or --clientCpuCores too";
            }
        }
    }
    else
    {
        double scale = std::strtod(DefaultOf("ns3::TlsCpu::Scale").c_str(), nullptr);
        if (!(scale >= 0 && scale <= 1e6))
        {
            return "TlsExperiment: attribute ns3::TlsCpu::Scale has invalid value '" + Num(scale) +
                   "' (expected 0 to 1e6)";
        }
        std::string costTable = DefaultOf("ns3::TlsCpu::CostTable");
        if (!costTable.empty())
        {
            TlsCpuCostTable table;
            std::string error = TlsCpuParseCostTable(costTable, table);
            if (!error.empty())
            {
                return error;
            }
            for (const auto& [key, us] : table)
            {
                if (!(us >= 0 && us * std::max(scale, 1.0) <= 1e12))
                {
                    return "TlsExperiment: attribute ns3::TlsCpu::CostTable: '" + costTable +
                           "' has cost " + Num(us) + " us for " + key.first + " " + key.second +
                           " (expected 0 to 1e12 us after Scale, within ns-3's time range)";
                }
            }
        }
    }
    // Outputs: writable now, not after the run, distinct from each other and
    // from the files the run reads.
    std::map<std::string, std::string> seen;
    for (const char* input : {"ns3::TlsContext::CertificateFile",
                              "ns3::TlsContext::PrivateKeyFile",
                              "ns3::TlsContext::CaFile",
                              "ns3::TlsCpu::CostTable"})
    {
        std::string path = DefaultOf(input);
        if (!path.empty())
        {
            seen.emplace(TlsCommandLine::SameFileKey(path), input);
        }
    }
    auto pcapName = [this](const std::string& path) {
        if (m_pcapPrefix.empty())
        {
            return false;
        }
        std::string prefix = TlsCommandLine::SameFileKey(m_pcapPrefix) + "-";
        std::string name = TlsCommandLine::SameFileKey(path);
        return name.rfind(prefix, 0) == 0 && name.size() > prefix.size() + 5 &&
               name.compare(name.size() - 5, 5, ".pcap") == 0;
    };
    for (auto& p : {std::make_pair("RecordsFile", m_recordsFile),
                    std::make_pair("SummaryFile", m_summaryFile),
                    std::make_pair("MessagesFile", m_messagesFile),
                    std::make_pair("KeyLogFile", m_keyLogFile)})
    {
        if (p.second.empty())
        {
            continue;
        }
        std::string why = TlsCommandLine::CheckWritable(p.second);
        if (!why.empty())
        {
            return bad(p.first, p.second, "a file that can be written: " + why);
        }
        std::string key = TlsCommandLine::SameFileKey(p.second);
        if (seen.count(key))
        {
            return bad(p.first, p.second, "a file other than " + seen[key] + "'s");
        }
        if (pcapName(p.second))
        {
            return bad(p.first,
                       p.second,
                       "a file other than the traces of PcapPrefix '" + m_pcapPrefix + "'");
        }
        seen[key] = p.first;
    }
    if (!m_pcapPrefix.empty())
    {
        std::string why = TlsCommandLine::CheckWritable(m_pcapPrefix + "-0-1.pcap");
        if (!why.empty())
        {
            return bad("PcapPrefix", m_pcapPrefix, "a prefix of files that can be written: " + why);
        }
        // One pcap file per device, all open during the run: two per link.
        uint64_t files = 2 * (uint64_t{m_clients} + m_servers);
        const uint64_t others = 64; // outputs, key cache, standard streams, libraries
        struct rlimit limit = {};
        if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
            files + others > limit.rlim_cur)
        {
            return bad(
                "PcapPrefix",
                m_pcapPrefix,
                "at most " + std::to_string(limit.rlim_cur) +
                    " open files (the process's RLIMIT_NOFILE, ulimit -n; hard limit " +
                    (limit.rlim_max == RLIM_INFINITY ? std::string("unlimited")
                                                     : std::to_string(limit.rlim_max)) +
                    "), and the traces need 2 x (Clients + Servers) = " + std::to_string(files) +
                    " files open at once, plus " + std::to_string(others) +
                    " for the rest: fewer clients, or a higher limit");
        }
    }
    if (m_engine == "replay")
    {
        return TlsReplayStore::Refusal(m_cpuMode, m_scenario, m_resume, m_earlyData, m_keyLogFile);
    }
    return "";
}

TlsStarTopology&
TlsExperiment::GetTopology()
{
    NS_ABORT_MSG_IF(!m_net, "TlsExperiment::GetTopology: call Build first");
    return *m_net;
}

ApplicationContainer
TlsExperiment::GetClientApplications() const
{
    return m_clientApps;
}

ApplicationContainer
TlsExperiment::GetServerApplications() const
{
    return m_serverApps;
}

namespace
{

/**
 * The set-up's progress line (on stderr).
 * \param start when the set-up started
 * \param stage what is being set up
 * \param done items done
 * \param all items in all
 */
void
SetupProgress(std::chrono::steady_clock::time_point start,
              std::string stage,
              uint32_t done,
              uint32_t all)
{
    std::fprintf(stderr,
                 "tls-experiment: setting up, %s %u/%u, %.1f s\n",
                 stage.c_str(),
                 done,
                 all,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

} // namespace

std::string
TlsExperiment::Build()
{
    if (m_impl)
    {
        return "TlsExperiment: Build was called twice";
    }
    std::string error = Validate();
    if (!error.empty())
    {
        return error;
    }
    auto setupStart = std::chrono::steady_clock::now();
    m_impl = std::make_unique<Impl>();
    Impl& impl = *m_impl;
    impl.cfg = this;
    impl.firstId = TlsRecorder::GetNextId();
    TlsSeedRandomFromNs3(true); // OpenSSL's bytes follow the run's seed too

    // TCP: the module's defaults where ns-3's stock ones are still in effect,
    // then the experiment's own settings.
    for (const auto& d : ModuleTcpDefaults())
    {
        if (m_tcpDefaults && DefaultOf(d.path) == d.stock)
        {
            Config::SetDefault(d.path, StringValue(d.moduleValue));
        }
    }
    if (m_segmentSize)
    {
        Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(m_segmentSize));
    }
    if (m_initialCwnd)
    {
        Config::SetDefault("ns3::TcpSocket::InitialCwnd", UintegerValue(m_initialCwnd));
    }
    if (m_minRto.IsStrictlyPositive())
    {
        Config::SetDefault("ns3::TcpSocketBase::MinRto", TimeValue(m_minRto));
    }
    if (m_connTimeout.IsStrictlyPositive())
    {
        Config::SetDefault("ns3::TcpSocket::ConnTimeout", TimeValue(m_connTimeout));
    }
    if (m_delAckCount)
    {
        Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(m_delAckCount));
    }
    if (!m_tcpVariant.empty())
    {
        Config::SetDefault("ns3::TcpL4Protocol::SocketType",
                           TypeIdValue(TypeId::LookupByName(m_tcpVariant)));
    }
    // Every TCP parameter in effect (the node's TCP: every socket is a ProfiledTcpSocket
    // made from these defaults), the ones the module changes first.
    std::set<std::string> tcpNames;
    for (const auto& d : ModuleTcpDefaults())
    {
        impl.tcp.emplace_back(d.path, DefaultOf(d.path));
        std::string path = d.path;
        tcpNames.insert(path.substr(path.rfind("::") + 2));
    }
    for (const std::string typeName : {"ns3::ProfiledTcpSocket",
                                       "ns3::TcpSocketBase",
                                       "ns3::TcpSocket",
                                       "ns3::TcpL4Protocol",
                                       "ns3::ProfiledTcpL4Protocol"})
    {
        TypeId tid = TypeId::LookupByName(typeName);
        for (uint32_t i = 0; i < tid.GetAttributeN(); ++i)
        {
            TypeId::AttributeInformation info = tid.GetAttribute(i);
            // Parameters only: no objects (TcpSocketBase's buffers, TcpL4Protocol's
            // socket list).
            std::string valueType = info.checker->GetValueTypeName();
            bool parameter = valueType.find("Pointer") == std::string::npos &&
                             valueType.find("ObjectPtrContainer") == std::string::npos &&
                             valueType.find("Callback") == std::string::npos;
            if ((info.flags & TypeId::ATTR_CONSTRUCT) && parameter &&
                tcpNames.insert(info.name).second)
            {
                std::string path = typeName + "::" + info.name;
                std::string value = DefaultOf(path);
                // The Linux profile times segments with Linux's estimator, whatever
                // TcpL4Protocol::RttEstimatorType says: the summary shows the one in use.
                if (info.name == "RttEstimatorType" &&
                    DefaultOf("ns3::ProfiledTcpSocket::Profile") == "Linux")
                {
                    value = MdevRttEstimator::GetTypeId().GetName();
                }
                impl.tcp.emplace_back(path, value);
            }
        }
    }

    // Network: clients - router - servers.
    m_net = std::make_unique<TlsStarTopology>();
    m_net->SetClientLinks(m_clientRate, m_clientDelay, m_jitter);
    m_net->SetServerLinks(m_serverRate, m_serverDelay);
    m_net->SetQueueSize(m_queueSize);
    m_net->SetQueueDisc(m_queueDisc);
    if (m_progress)
    {
        m_net->SetProgressCallback(MakeBoundCallback(&SetupProgress, setupStart));
    }
    m_net->SetLoss(m_uplinkLoss, m_downlinkLoss);
    m_net->SetLossPatterns(m_uplinkLossPattern, m_downlinkLossPattern);
    m_net->Build(m_clients, m_servers, 7);
    NodeContainer clients = m_net->GetClients();
    NodeContainer servers = m_net->GetServers();
    Ptr<UniformRandomVariable> uniform = CreateObject<UniformRandomVariable>();
    uniform->SetStream(7);
    std::vector<Address> serverAddresses;
    const uint16_t port = 443;
    for (uint32_t j = 0; j < m_servers; ++j)
    {
        std::ostringstream ip;
        ip << m_net->GetServerAddress(j);
        impl.serverByIp[ip.str()] = j;
        serverAddresses.push_back(InetSocketAddress(m_net->GetServerAddress(j), port));
    }

    // TLS configuration: the TlsContext defaults, then the experiment's own settings.
    Ptr<TlsContext> base = CreateObject<TlsContext>();
    if (!m_version.empty())
    {
        base->SetAttribute("MinVersion", StringValue(m_version));
        base->SetAttribute("MaxVersion", StringValue(m_version));
    }
    if (!m_keyType.empty())
    {
        base->SetAttribute("KeyType", StringValue(m_keyType));
    }
    if (m_chainDepth >= 0)
    {
        base->SetAttribute("ChainDepth", UintegerValue(m_chainDepth));
    }
    if (m_mutualAuth)
    {
        base->SetAttribute("ClientAuth", StringValue("require"));
    }
    if (!m_groups.empty())
    {
        base->SetAttribute("Groups", StringValue(m_groups));
    }
    if (!m_cipherList.empty())
    {
        base->SetAttribute("CipherList", StringValue(m_cipherList));
    }
    if (!m_tickets)
    {
        base->SetAttribute("SessionTickets", BooleanValue(false));
    }
    if (!m_keyLogFile.empty())
    {
        base->SetAttribute("KeyLogFile", StringValue(m_keyLogFile));
    }
    if (m_earlyData > 0)
    {
        base->SetAttribute("MaxEarlyData", UintegerValue(16384));
    }
    for (const char* name : {"MinVersion",
                             "MaxVersion",
                             "KeyType",
                             "ChainDepth",
                             "ClientAuth",
                             "Groups",
                             "CipherList",
                             "Ciphersuites",
                             "SessionTickets",
                             "MaxEarlyData",
                             "CertificateFile",
                             "CaFile"})
    {
        TypeId::AttributeInformation info;
        TlsContext::GetTypeId().LookupAttributeByName(name, &info);
        Ptr<AttributeValue> v = info.checker->Create();
        base->GetAttribute(name, *v);
        impl.tls.emplace_back(name, v->SerializeToString(info.checker));
    }
    StringValue maxVersion;
    base->GetAttribute("MaxVersion", maxVersion);
    StringValue clientAuth;
    base->GetAttribute("ClientAuth", clientAuth);
    impl.traceTls12 = maxVersion.Get() == "1.2";
    impl.keyType = base->GetKeyType();
    impl.chainDepth = base->GetChainDepth();
    impl.mutualAuth = clientAuth.Get() == "require";
    Ptr<TlsContext> faultyContext = base->Copy();
    TlsScenarioActions actions;
    std::string scenario = m_scenario == "none" ? "" : m_scenario;
    error = TlsApplyScenario(scenario, base, faultyContext, &actions);
    if (!error.empty())
    {
        return "TlsExperiment: attribute Scenario: " + error;
    }
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
        if (!error.empty())
        {
            return error;
        }
    }
    error = base->Configure(TlsRole::CLIENT);
    if (!error.empty())
    {
        return error;
    }

    // Which clients carry the fault.
    uint32_t faultyCount =
        scenario.empty() ? 0 : static_cast<uint32_t>(std::lround(m_faultFraction * m_clients));
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
        if (!error.empty())
        {
            return error;
        }
    }
    if (m_engine == "replay")
    {
        error = TlsReplayStore::Install(faultyCount > 0
                                            ? std::vector<Ptr<TlsContext>>{base, faultyContext}
                                            : std::vector<Ptr<TlsContext>>{base},
                                        serverContexts);
        if (!error.empty())
        {
            return error;
        }
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
    for (uint32_t j = 0; j < m_servers; ++j)
    {
        TlsServerHelper helper(port);
        helper.SetContext(serverContexts[j]);
        helper.SetAttribute("HandshakeTimeout", TimeValue(m_handshakeTimeout));
        m_serverApps.Add(helper.Install(servers.Get(j)));
    }
    auto lastSetupLine = std::chrono::steady_clock::now();
    uint32_t perClient = m_handshakes / m_clients;
    uint32_t extra = m_handshakes % m_clients;
    impl.ended.assign(m_clients, 0);
    NetDeviceContainer clientRouterSide = m_net->GetClientRouterDevices();
    for (uint32_t i = 0; i < m_clients; ++i)
    {
        bool isFaulty = impl.faulty.count(i) > 0;
        TlsClientHelper helper(serverAddresses[i % m_servers]);
        helper.SetContext(isFaulty ? faultyContext : base);
        impl.quota.push_back(m_rate > 0 ? 0 : perClient + (i < extra ? 1 : 0));
        helper.SetAttribute("Connections", UintegerValue(impl.quota.back()));
        helper.SetAttribute("Interval", TimeValue(m_thinkTime));
        helper.SetAttribute("RequestSize", UintegerValue(m_requestSize));
        helper.SetAttribute("ResponseSize", UintegerValue(m_responseSize));
        helper.SetAttribute("HandshakeTimeout", TimeValue(m_handshakeTimeout));
        helper.SetAttribute("Resume", StringValue("probability"));
        helper.SetAttribute("ResumeProbability", DoubleValue(m_resume));
        helper.SetAttribute("EarlyData", UintegerValue(m_earlyData));
        helper.SetAttribute("SendGarbage", BooleanValue(isFaulty && actions.sendGarbage));
        ApplicationContainer app = helper.Install(clients.Get(i));
        m_clientApps.Add(app);
        Ptr<TlsClient> client = DynamicCast<TlsClient>(app.Get(0));
        for (uint32_t k = 0; m_servers > 1 && k < m_servers; ++k)
        {
            client->AddRemote(serverAddresses[(i + k) % m_servers]);
        }
        client->AssignStreams(100 + i);
        // Spread the first connections over 10 ms so that they do not start in lockstep.
        app.Start(Seconds(1) + MicroSeconds(uniform->GetInteger(0, 9999)));
        app.Stop(m_maxSimTime); // its running connections end as cut
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
            tamper->SetSource(m_net->GetClientAddress(i));
            tamper->SetAttribute("Count", UintegerValue(UINT32_MAX));
            clientRouterSide.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(tamper));
        }
        impl.clients.push_back(client);
        if (m_progress &&
            std::chrono::steady_clock::now() - lastSetupLine >= std::chrono::seconds(1))
        {
            lastSetupLine = std::chrono::steady_clock::now();
            SetupProgress(setupStart, "applications", i + 1, m_clients);
        }
    }
    for (uint32_t j = 0; j < m_serverApps.GetN(); ++j)
    {
        m_serverApps.Get(j)->TraceConnectWithoutContext(
            "ConnectionClosed",
            MakeBoundCallback(&Impl::ServerClosed, &impl));
        if (!m_messagesFile.empty())
        {
            m_serverApps.Get(j)->TraceConnectWithoutContext(
                "HandshakeMessage",
                MakeBoundCallback(&Impl::Message, &impl, false));
            m_serverApps.Get(j)->TraceConnectWithoutContext(
                "Alert",
                MakeBoundCallback(&Impl::Alert, &impl, false));
        }
    }
    m_serverApps.Start(Seconds(0));

    // Poisson arrivals over all clients, one pending event at a time.
    if (m_rate > 0)
    {
        impl.gaps = CreateObject<ExponentialRandomVariable>();
        impl.gaps->SetStream(8);
        impl.gaps->SetAttribute("Mean", DoubleValue(1.0 / m_rate));
        impl.pick = uniform;
        impl.arrivalsLeft = m_handshakes - 1;
        impl.nextArrival = Simulator::Schedule(Seconds(1.01) + Seconds(impl.gaps->GetValue()),
                                               &Impl::Arrival,
                                               &impl);
    }

    // Outputs.
    if (!m_recordsFile.empty())
    {
        std::string error = impl.records.Open(m_recordsFile, "attribute RecordsFile");
        if (error.empty() && !impl.records.Write(RecordsHeader() + "\n"))
        {
            error = impl.records.GetError();
        }
        if (!error.empty())
        {
            return "TlsExperiment: " + error;
        }
    }
    if (!m_messagesFile.empty())
    {
        std::string error = impl.messages.Open(m_messagesFile, "attribute MessagesFile");
        if (error.empty() &&
            !impl.messages.Write("conn_id,time_s,direction,phase,message,length\n"))
        {
            error = impl.messages.GetError();
        }
        if (!error.empty())
        {
            return "TlsExperiment: " + error;
        }
    }
    if (!m_pcapPrefix.empty())
    {
        m_net->GetPointToPointHelper().EnablePcapAll(m_pcapPrefix);
    }
    if (m_progress)
    {
        std::fprintf(
            stderr,
            "tls-experiment: set up %u clients and %u servers in %.2f s\n",
            m_clients,
            m_servers,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - setupStart).count());
    }
    return "";
}

void
TlsExperiment::SetStopFlag(const volatile std::sig_atomic_t* flag)
{
    m_stopFlag = flag;
}

TlsExperimentSummary
TlsExperiment::Run()
{
    if (!m_impl)
    {
        std::string error = Build();
        if (!error.empty())
        {
            TlsExperimentSummary failed;
            failed.error = error;
            return failed;
        }
    }
    Impl& impl = *m_impl;
    if (impl.ran)
    {
        TlsExperimentSummary failed;
        failed.error = "TlsExperiment: Run was called before (an experiment runs once)";
        return failed;
    }
    impl.ran = true;
    impl.wallStart = std::chrono::steady_clock::now();
    impl.lastProgress = impl.wallStart;

    impl.lastFlush = impl.wallStart;

    // Run until every attempt has ended (servers then close within a few RTTs).
    std::function<void()> watch;
    watch = [&impl, &watch, this]() {
        impl.Progress();
        if (m_stopFlag && *m_stopFlag != 0)
        {
            std::string signal = std::to_string(*m_stopFlag);
            if (impl.failure.empty())
            {
                impl.failure = "TlsExperiment: stopped by signal " + signal + " at " +
                               Num(Simulator::Now().GetSeconds()) + " s simulated";
            }
            impl.Interrupt("when signal " + signal + " stopped the run");
            return;
        }
        if (std::chrono::steady_clock::now() - impl.lastFlush > std::chrono::seconds(1))
        {
            impl.WriteRows();
        }
        if (impl.summary.attempts + impl.pendingClient.size() >= m_handshakes && !impl.stopping)
        {
            impl.stopping = true;
            Simulator::Stop(Seconds(5));
            return;
        }
        tls_compat::Schedule(MilliSeconds(100), watch);
    };
    tls_compat::Schedule(Seconds(1), watch);
    // Before the client applications' stop events at the same time (scheduled
    // when the nodes initialise), so that their connections end as cut.
    Simulator::Schedule(m_maxSimTime, &Impl::TimeLimit, &impl);
    Simulator::Run();

    // Connections whose server side never ended (or never existed), in id order.
    std::vector<uint64_t> waiting;
    for (const auto& entry : impl.pendingClient)
    {
        waiting.push_back(entry.first);
    }
    std::sort(waiting.begin(), waiting.end());
    for (uint64_t id : waiting)
    {
        const auto& entry = impl.pendingClient[id];
        impl.Emit(entry.first, entry.second, nullptr);
    }
    impl.pendingClient.clear();
    impl.pendingServer.clear();
    // Attempts still running (no record: the run was interrupted) or not started.
    uint64_t notStarted = 0;
    if (impl.cutting)
    {
        uint64_t opened = 0;
        TlsConnectionRecord cut;
        cut.outcome = TlsOutcome::CUT;
        cut.error = "still running " + impl.cutWhen;
        for (uint32_t i = 0; i < impl.clients.size(); ++i)
        {
            uint32_t n = impl.clients[i]->GetConnectionsOpened();
            opened += n;
            for (uint32_t k = impl.ended[i]; k < n; ++k)
            {
                impl.Emit(i, cut, nullptr); // its record is lost with the interrupted run
            }
        }
        cut.error = "not started " + impl.cutWhen;
        for (uint32_t i = 0; i < impl.clients.size(); ++i)
        {
            uint32_t n = impl.clients[i]->GetConnectionsOpened();
            for (uint32_t k = n; k < impl.quota[i]; ++k, ++notStarted)
            {
                impl.Emit(i, cut, nullptr);
            }
        }
        for (uint64_t k = opened + notStarted; k < m_handshakes; ++k, ++notStarted)
        {
            impl.Emit(g_noClient, cut, nullptr); // Poisson arrivals not drawn
        }
        auto cutCount = impl.summary.outcomes.find("cut");
        uint64_t cutRows = cutCount == impl.summary.outcomes.end() ? 0 : cutCount->second;
        if (impl.failure.empty() && cutRows > 0)
        {
            std::fprintf(stderr,
                         "tls-experiment: warning: stopped at %s s simulated (MaxSimTime): "
                         "%llu attempts written with outcome cut (%llu still running, %llu not "
                         "started) of %u\n",
                         Num(Simulator::Now().GetSeconds()).c_str(),
                         static_cast<unsigned long long>(cutRows),
                         static_cast<unsigned long long>(cutRows - notStarted),
                         static_cast<unsigned long long>(notStarted),
                         m_handshakes);
        }
    }
    impl.WriteRows();
    impl.WriteTrace(0); // a traced connection whose server side never ended: its client side

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
    sum.seed = RngSeedManager::GetSeed();
    sum.run = RngSeedManager::GetRun();
    sum.wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - impl.wallStart).count();
    for (TlsOutputFile* file : {&impl.records, &impl.messages})
    {
        std::string error = file->Close();
        if (!error.empty() && impl.failure.empty())
        {
            impl.failure = "TlsExperiment: " + error;
        }
    }
    sum.error = impl.failure;
    m_runEnd();
    Simulator::Destroy();
    if (!m_summaryFile.empty())
    {
        // The summary says whether the run failed; if it cannot be written
        // whole, the run fails (and says so on the caller's side only).
        TlsOutputFile out;
        std::string error = out.Open(m_summaryFile, "attribute SummaryFile");
        if (error.empty())
        {
            out.Write(SummaryJson(sum) + "\n");
            error = out.Close();
        }
        if (!error.empty() && sum.error.empty())
        {
            sum.error = "TlsExperiment: " + error;
        }
    }
    return sum;
}

namespace
{

/**
 * \param checker an attribute's checker
 * \param value its value
 * \return the value as JSON: numbers, booleans, times in seconds, rates in bit/s
 */
nlohmann::ordered_json
AttributeJson(Ptr<const AttributeChecker> checker, const AttributeValue& value)
{
    if (const auto* t = dynamic_cast<const TimeValue*>(&value))
    {
        return t->Get().GetSeconds();
    }
    if (const auto* r = dynamic_cast<const DataRateValue*>(&value))
    {
        return r->Get().GetBitRate();
    }
    if (const auto* u = dynamic_cast<const UintegerValue*>(&value))
    {
        return u->Get();
    }
    if (const auto* i = dynamic_cast<const IntegerValue*>(&value))
    {
        return i->Get();
    }
    if (const auto* d = dynamic_cast<const DoubleValue*>(&value))
    {
        return d->Get();
    }
    if (const auto* b = dynamic_cast<const BooleanValue*>(&value))
    {
        return b->Get();
    }
    return value.SerializeToString(checker);
}

/**
 * \param name an attribute name
 * \param checker its checker
 * \return the JSON key: times get "_s", data rates "_bps"
 */
std::string
AttributeKey(const std::string& name, Ptr<const AttributeChecker> checker)
{
    std::string type = checker->GetValueTypeName();
    if (type.rfind("ns3::", 0) != 0)
    {
        type = "ns3::" + type;
    }
    if (type == "ns3::TimeValue")
    {
        return name + "_s";
    }
    if (type == "ns3::DataRateValue")
    {
        return name + "_bps";
    }
    return name;
}

/**
 * \param settings (attribute path or name, serialized value) pairs
 * \param typeName the type of names without "::" (or "" if every name is a path)
 * \return them as a JSON object with typed values
 */
nlohmann::ordered_json
SettingsJson(const std::vector<std::pair<std::string, std::string>>& settings,
             const std::string& typeName)
{
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto& [name, serialized] : settings)
    {
        std::string path = name.find("::") == std::string::npos ? typeName + "::" + name : name;
        std::string::size_type colon = path.rfind("::");
        TypeId tid;
        TypeId::AttributeInformation info;
        if (!TypeId::LookupByNameFailSafe(path.substr(0, colon), &tid) ||
            !tid.LookupAttributeByName(path.substr(colon + 2), &info))
        {
            out[name] = serialized;
            continue;
        }
        Ptr<AttributeValue> v = info.checker->Create();
        std::string key = path.substr(colon + 2);
        if (v->DeserializeFromString(serialized, info.checker))
        {
            out[AttributeKey(key, info.checker)] = AttributeJson(info.checker, *v);
        }
        else
        {
            out[key] = serialized;
        }
    }
    return out;
}

/**
 * \param v a latency in ms
 * \param any whether there was any value
 * \return the number, or null for no value
 */
nlohmann::ordered_json
Latency(double v, bool any)
{
    return any ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

} // namespace

std::string
TlsExperiment::SummaryJson(const TlsExperimentSummary& s) const
{
    using json = nlohmann::ordered_json;
    json o;
    bool any = s.ok > 0;
    o["attempts"] = s.attempts;
    o["ok"] = s.ok;
    o["completed"] = s.completed;
    o["latency_ms"] = {{"mean", Latency(s.latencyMean, any)},
                       {"min", Latency(s.latencyMin, any)},
                       {"p50", Latency(s.latencyP50, any)},
                       {"p90", Latency(s.latencyP90, any)},
                       {"p95", Latency(s.latencyP95, any)},
                       {"p99", Latency(s.latencyP99, any)},
                       {"max", Latency(s.latencyMax, any)}};
    o["latency_quantiles"] = {{"method", "nearest rank, log histogram"}, {"max_rel_error", 0.0029}};
    o["latency_full_p50_ms"] = Latency(s.fullP50, s.ok > s.resumed);
    o["latency_resumed_p50_ms"] = Latency(s.resumedP50, s.resumed > 0);
    o["resumption_rate"] = s.ok ? static_cast<double>(s.resumed) / s.ok : 0.0;
    o["resumption_hit_rate"] = s.offered ? static_cast<double>(s.resumed) / s.offered : 0.0;
    o["early_data_accepted"] = s.earlyAccepted;
    o["timeouts"] = s.timeouts;
    o["outcomes"] = json::object();
    for (const auto& e : s.outcomes)
    {
        o["outcomes"][e.first] = e.second;
    }
    std::map<std::string, uint64_t> byName;
    for (const auto& e : s.alerts)
    {
        byName[e.first.substr(e.first.find(':') + 1)] += e.second;
    }
    o["alerts"] = json::object();
    for (const auto& e : byName)
    {
        o["alerts"][e.first] = e.second;
    }
    o["alerts_by_sender"] = json::object();
    for (const auto& e : s.alerts)
    {
        o["alerts_by_sender"][e.first] = e.second;
    }
    if (!s.error.empty())
    {
        o["error"] = s.error;
    }
    o["wall_s"] = s.wallSeconds;
    o["sim_s"] = s.simSeconds;
    o["seed"] = s.seed;
    o["run"] = s.run;
    json config = json::object();
    TypeId tid = GetInstanceTypeId();
    for (uint32_t i = 0; i < tid.GetAttributeN(); ++i)
    {
        TypeId::AttributeInformation info = tid.GetAttribute(i);
        Ptr<AttributeValue> v = info.checker->Create();
        GetAttribute(info.name, *v);
        config[AttributeKey(info.name, info.checker)] = AttributeJson(info.checker, *v);
    }
    o["config"] = config;
    if (m_impl)
    {
        o["tls"] = SettingsJson(m_impl->tls, "ns3::TlsContext");
        o["tcp"] = SettingsJson(m_impl->tcp, "");
    }
    return o.dump(2);
}

} // namespace ns3
