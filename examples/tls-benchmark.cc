/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// How much the simulation adds to the cost of the TLS handshakes it carries.
//
// For each case the program measures, in the same run:
//  - floor: the same handshakes between two OpenSSL engines in one process,
//    without ns-3: one TlsContext (same attributes), TlsContext::CreateEngine
//    for each side, bytes pumped between the engines until both ends have
//    completed the handshake and closed it in order (close_notify both ways),
//    exactly the work the simulated applications ask of the engines;
//  - sim: the same handshakes through TlsClient and TlsServer over ns-3 TCP
//    and point-to-point links (1 Gbps, 1 ms, no loss, no CPU model);
//  - ratio = sim / floor, the wall time per handshake of each (cpu_ratio: the
//    same with the CPU time of the process). A case runs in rounds (--rounds;
//    sequential cases from 10 000 handshakes: one per 1000 handshakes; smaller
//    ones: the whole case 10 times; the concurrent case: once): in each, half
//    of the round's floor handshakes, then its simulation, then the other
//    half, so that a drift of the host's speed affects both alike.
//    ratio_median, ratio_min and ratio_max summarize the rounds' ratios;
//    floor_drift is the relative difference between the floor before and
//    after the simulations, a measure of the host's noise.
//
// The links carry no queue disc (ns-3 installs FqCoDel, which keeps a queue
// per flow; --queueDisc keeps it) and TIME_WAIT is 20 ms (MaxSegLifetime
// 10 ms), so that closed connections go quickly; the other TCP settings are
// TlsTcpDefaults.
//
// Cases: sequential (a few client nodes, each opening connections one after
// another to one server) with 100, 10 000 and 100 000 handshakes,
// concurrent (one connection per client application, all started at once:
// the server holds them all at the same time), which also reports the peak
// resident memory and the memory per concurrent connection, and experiment
// (--experiment handshakes, 5000 by default, through TlsExperiment as the
// tls-experiment program and sweep.py run it: its topology, TCP settings,
// records and summary, set-up included, in rounds of 1000; its sim_us and
// ratio are the experiment path's cost against the same floor; with
// --engines=openssl,replay, the default, the same rounds run once with each
// TlsExperiment engine: lines case=experiment and case=experiment-replay, the
// replay engine's ratio is its cost against the crypto floor).
//
// One line per case (key=value), after a line naming the machine, the OpenSSL
// version, the key type and the TLS version; exit status 2 if a handshake
// failed. doc/performance.md explains every key.
//
//   ./build/examples/tls-benchmark --max=10000
//   ./build/examples/tls-benchmark --keyType=rsa2048 --version=1.2
//   ./build/examples/tls-benchmark --cases=sequential --max=10000 --phase=sim

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tls-module.h"
#include "ns3/traffic-control-module.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <openssl/crypto.h>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>
#include <vector>

#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("TlsBenchmark");

namespace
{

/// The TLS configuration that every case uses.
struct BenchmarkConfig
{
    std::string keyType{"p256"}; //!< TlsContext::KeyType
    std::string version{"1.3"};  //!< TLS version (MinVersion = MaxVersion)
    bool queueDisc{false};       //!< keep the queue disc ns-3 installs (FqCoDel)
};

/// What one measurement (floor or simulation) found.
struct Measurement
{
    uint64_t handshakes{0};     //!< handshakes completed (client side)
    uint64_t failed{0};         //!< connections that did not complete
    double seconds{0};          //!< wall time
    double cpuSeconds{0};       //!< CPU time of the process (user + system)
    uint64_t peakOpen{0};       //!< most connections open (at the server) at one time
    uint64_t baseRssKb{0};      //!< resident memory before the measurement, KB
    uint64_t peakRssKb{0};      //!< peak resident memory during the measurement, KB
    double kbPerConnection{0};  //!< (peak - base) / peakOpen, KB (concurrent cases)
    uint64_t cachedSessions{0}; //!< sessions in the server's session cache at the end
    double simSeconds{0};       //!< simulated time when the last connection ended

    /// \return wall time per handshake, microseconds (0 if none completed)
    double PerHandshakeUs() const
    {
        return handshakes > 0 ? seconds * 1e6 / static_cast<double>(handshakes) : 0;
    }

    /// \return CPU time per handshake, microseconds (0 if none completed)
    double CpuPerHandshakeUs() const
    {
        return handshakes > 0 ? cpuSeconds * 1e6 / static_cast<double>(handshakes) : 0;
    }

    /// Set kbPerConnection from the resident memory figures and peakOpen.
    void ComputeKbPerConnection()
    {
        kbPerConnection =
            peakOpen > 0 && peakRssKb > baseRssKb
                ? static_cast<double>(peakRssKb - baseRssKb) / static_cast<double>(peakOpen)
                : 0;
    }
};

/**
 * \param a a measurement
 * \param b another one of the same kind
 * \return both taken together (times and counts added, peaks the larger,
 *         memory per connection the average weighted by connections)
 */
Measurement
Combine(const Measurement& a, const Measurement& b)
{
    Measurement m;
    m.handshakes = a.handshakes + b.handshakes;
    m.failed = a.failed + b.failed;
    m.seconds = a.seconds + b.seconds;
    m.cpuSeconds = a.cpuSeconds + b.cpuSeconds;
    m.peakOpen = std::max(a.peakOpen, b.peakOpen);
    m.baseRssKb = std::min(a.baseRssKb, b.baseRssKb);
    m.peakRssKb = std::max(a.peakRssKb, b.peakRssKb);
    m.cachedSessions = std::max(a.cachedSessions, b.cachedSessions);
    m.simSeconds = a.simSeconds + b.simSeconds;
    uint64_t open = a.peakOpen + b.peakOpen;
    m.kbPerConnection = open > 0 ? (a.kbPerConnection * static_cast<double>(a.peakOpen) +
                                    b.kbPerConnection * static_cast<double>(b.peakOpen)) /
                                       static_cast<double>(open)
                                 : 0;
    return m;
}

/**
 * \return a monotonic wall clock, seconds
 */
double
WallSeconds()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/**
 * \return the CPU time of the process so far (user + system), seconds
 */
double
CpuSeconds()
{
    struct rusage usage
    {
    };

    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

/**
 * \param field a field of /proc/self/status, e.g. "VmRSS"
 * \return its value in KB (0 if not available)
 */
uint64_t
ReadStatusKb(const std::string& field)
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
    {
        if (line.compare(0, field.size() + 1, field + ":") == 0)
        {
            return std::stoull(line.substr(field.size() + 1));
        }
    }
    return 0;
}

/**
 * Give freed heap memory back to the system and restart the peak resident
 * memory count, so that the next measurement sees only what it allocates.
 * \return the resident memory now, KB
 */
uint64_t
StartMemoryMeasurement()
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5"; // reset the peak resident set size (Linux >= 4.0)
    clear.close();
    return ReadStatusKb("VmRSS");
}

/**
 * \return the peak resident memory since the last reset, KB (getrusage ru_maxrss)
 */
uint64_t
PeakRssKb()
{
    struct rusage usage
    {
    };

    getrusage(RUSAGE_SELF, &usage);
    return static_cast<uint64_t>(usage.ru_maxrss);
}

/**
 * \return the CPU model named by /proc/cpuinfo
 */
std::string
CpuModel()
{
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line))
    {
        if (line.compare(0, 10, "model name") == 0)
        {
            std::string::size_type colon = line.find(':');
            if (colon != std::string::npos)
            {
                return line.substr(line.find_first_not_of(' ', colon + 1));
            }
        }
    }
    return "unknown";
}

/**
 * \param config the TLS configuration
 * \return a new context with it, built for both roles
 */
Ptr<TlsContext>
CreateContext(const BenchmarkConfig& config)
{
    Ptr<TlsContext> context = CreateObject<TlsContext>();
    context->SetAttribute("MinVersion", StringValue(config.version));
    context->SetAttribute("MaxVersion", StringValue(config.version));
    context->SetAttribute("KeyType", StringValue(config.keyType));
    for (TlsRole role : {TlsRole::SERVER, TlsRole::CLIENT})
    {
        std::string error = context->Configure(role);
        NS_ABORT_MSG_IF(!error.empty(), "tls-benchmark: " << error);
    }
    return context;
}

/**
 * A client engine and a server engine connected back to back in memory. They
 * do what TlsClient and TlsServer make their engines do for a connection with
 * RequestSize 0: the handshake; the client sends close_notify as soon as its
 * handshake is complete; the server answers close_notify with close_notify.
 */
class EnginePair
{
  public:
    /**
     * \param context the shared configuration
     */
    explicit EnginePair(Ptr<TlsContext> context)
        : m_client(context->CreateEngine(TlsRole::CLIENT)),
          m_server(context->CreateEngine(TlsRole::SERVER))
    {
    }

    /// Start the handshake (the client's first flight).
    void Start()
    {
        m_client->Start();
    }

    /**
     * Move the bytes each side has produced to the other and let both react.
     * \param buffer scratch space
     * \return true if anything happened (call again), false if the pair is idle
     */
    bool Step(std::vector<uint8_t>& buffer)
    {
        bool progress = Transfer(m_client, m_server, buffer);
        progress = Transfer(m_server, m_client, buffer) || progress;
        if (m_client->GetState() == TlsEngine::ESTABLISHED)
        {
            if (!m_clientClosing)
            {
                m_clientClosing = true;
                m_client->Shutdown();
                progress = true;
            }
            m_client->Read(buffer.data(), buffer.size()); // tickets, close_notify
        }
        if (m_server->GetState() == TlsEngine::ESTABLISHED)
        {
            m_server->Read(buffer.data(), buffer.size()); // close_notify
        }
        if (m_server->GetState() == TlsEngine::CLOSED && !m_serverClosing)
        {
            m_serverClosing = true;
            m_server->Shutdown();
            progress = true;
        }
        return progress;
    }

    /// \return true if both sides completed the handshake and closed in order
    bool IsDone() const
    {
        return m_client->GetState() == TlsEngine::CLOSED &&
               m_server->GetState() == TlsEngine::CLOSED;
    }

    /// \return why the pair stopped short of IsDone
    std::string GetError() const
    {
        return "client: " + m_client->GetError() + "; server: " + m_server->GetError();
    }

  private:
    /**
     * \param from the engine whose output is taken
     * \param to the engine that receives it
     * \param buffer scratch space
     * \return true if bytes moved
     */
    static bool Transfer(Ptr<TlsEngine> from, Ptr<TlsEngine> to, std::vector<uint8_t>& buffer)
    {
        bool moved = false;
        while (from->PendingOutput() > 0)
        {
            size_t n = from->TakeOutput(buffer.data(), buffer.size());
            if (n == 0)
            {
                break;
            }
            to->Input(buffer.data(), n);
            moved = true;
        }
        return moved;
    }

    Ptr<TlsEngine> m_client;     //!< client side
    Ptr<TlsEngine> m_server;     //!< server side
    bool m_clientClosing{false}; //!< the client sent close_notify
    bool m_serverClosing{false}; //!< the server sent close_notify
};

/**
 * The crypto floor: handshakes between engines in one process, no ns-3.
 * \param config the TLS configuration
 * \param handshakes how many
 * \param concurrent false: one pair after another; true: all pairs alive at
 *        once, advanced in lock step (this measures their memory as well)
 * \return the measurement
 */
Measurement
RunFloor(const BenchmarkConfig& config, uint64_t handshakes, bool concurrent)
{
    Ptr<TlsContext> context = CreateContext(config);
    std::vector<uint8_t> buffer(16384);
    Measurement m;
    m.baseRssKb = StartMemoryMeasurement();
    double start = WallSeconds();
    double cpuStart = CpuSeconds();
    if (!concurrent)
    {
        for (uint64_t i = 0; i < handshakes; ++i)
        {
            EnginePair pair(context);
            pair.Start();
            while (pair.Step(buffer))
            {
            }
            if (pair.IsDone())
            {
                ++m.handshakes;
            }
            else
            {
                NS_LOG_WARN("floor handshake failed: " << pair.GetError());
                ++m.failed;
            }
        }
        m.peakOpen = 1;
    }
    else
    {
        std::vector<EnginePair> pairs;
        pairs.reserve(handshakes);
        for (uint64_t i = 0; i < handshakes; ++i)
        {
            pairs.emplace_back(context);
            pairs.back().Start();
        }
        bool progress = true;
        while (progress)
        {
            progress = false;
            for (EnginePair& pair : pairs)
            {
                progress = pair.Step(buffer) || progress;
            }
        }
        m.peakOpen = handshakes;
        for (const EnginePair& pair : pairs)
        {
            if (pair.IsDone())
            {
                ++m.handshakes;
            }
            else
            {
                ++m.failed;
            }
        }
        m.peakRssKb = PeakRssKb(); // all pairs are still alive
    }
    m.seconds = WallSeconds() - start;
    m.cpuSeconds = CpuSeconds() - cpuStart;
    if (m.peakRssKb == 0)
    {
        m.peakRssKb = PeakRssKb();
    }
    m.ComputeKbPerConnection();
    return m;
}

/// What the trace sinks of a simulation count.
struct SimCounters
{
    Ptr<TlsServer> server; //!< the server
    uint64_t completed{0}; //!< client handshakes completed
    uint64_t ended{0};     //!< client connections that ended ok
    uint64_t peakOpen{0};  //!< most connections open at the server
    Time lastClosed;       //!< when the last client connection ended
};

/**
 * A client completed a handshake.
 * \param counters the counters
 */
void
HandshakeCompleted(SimCounters* counters, uint64_t /* connId */, const TlsConnectionRecord&)
{
    ++counters->completed;
}

/**
 * A client connection ended.
 * \param counters the counters
 * \param record its record
 */
void
ConnectionClosed(SimCounters* counters, uint64_t /* connId */, const TlsConnectionRecord& record)
{
    counters->lastClosed = Simulator::Now();
    if (record.outcome == TlsOutcome::OK)
    {
        ++counters->ended;
    }
    else
    {
        NS_LOG_WARN("connection ended: " << TlsOutcomeName(record.outcome) << " " << record.error);
    }
}

/**
 * The server accepted a connection.
 * \param counters the counters
 */
void
ServerHandshakeStarted(SimCounters* counters, uint64_t /* connId */)
{
    counters->peakOpen =
        std::max<uint64_t>(counters->peakOpen, counters->server->GetOpenConnections());
}

/**
 * The handshakes through the module over ns-3: client nodes, each linked to
 * the server node by its own point-to-point link, each running TlsClient
 * applications that open connections one after another.
 * \param config the TLS configuration
 * \param clientNodes number of client nodes
 * \param apps client applications in all, spread over the client nodes
 * \param connectionsPerApp connections each application opens
 * \return the measurement
 */
Measurement
RunSimulation(const BenchmarkConfig& config,
              uint32_t clientNodes,
              uint32_t apps,
              uint32_t connectionsPerApp)
{
    Ipv4AddressGenerator::Reset();
    Ptr<TlsContext> context = CreateContext(config);

    NodeContainer server;
    server.Create(1);
    NodeContainer clients;
    clients.Create(clientNodes);
    InternetStackHelper stack;
    stack.Install(server);
    stack.Install(clients);

    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    p2p.SetChannelAttribute("Delay", TimeValue(MilliSeconds(1)));
    // No loss: a queue that never overflows, even when every client starts at once.
    p2p.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", StringValue("1000000p"));
    Ipv4AddressHelper addresses;
    addresses.SetBase("10.0.0.0", "255.255.255.252");
    std::vector<Ipv4Address> serverAddress;
    for (uint32_t i = 0; i < clientNodes; ++i)
    {
        NetDeviceContainer link = p2p.Install(clients.Get(i), server.Get(0));
        Ipv4InterfaceContainer ifaces = addresses.Assign(link);
        if (!config.queueDisc)
        {
            // Assign installed ns-3's default FqCoDel queue disc, which keeps a
            // CoDel queue per flow (up to 1024 per device): not part of TLS.
            TrafficControlHelper().Uninstall(link);
        }
        serverAddress.push_back(ifaces.GetAddress(1));
        addresses.NewNetwork();
    }

    const uint16_t port = 443;
    TlsServerHelper serverHelper(port);
    serverHelper.SetContext(context);
    ApplicationContainer serverApps = serverHelper.Install(server.Get(0));

    SimCounters counters;
    counters.server = DynamicCast<TlsServer>(serverApps.Get(0));
    serverApps.Get(0)->TraceConnectWithoutContext(
        "HandshakeStarted",
        MakeBoundCallback(&ServerHandshakeStarted, &counters));

    ApplicationContainer clientApps;
    for (uint32_t a = 0; a < apps; ++a)
    {
        uint32_t node = a % clientNodes;
        TlsClientHelper clientHelper(InetSocketAddress(serverAddress[node], port));
        clientHelper.SetContext(context);
        clientHelper.SetAttribute("Connections", UintegerValue(connectionsPerApp));
        clientHelper.SetAttribute("RequestSize", UintegerValue(0));
        ApplicationContainer app = clientHelper.Install(clients.Get(node));
        app.Get(0)->TraceConnectWithoutContext("HandshakeCompleted",
                                               MakeBoundCallback(&HandshakeCompleted, &counters));
        app.Get(0)->TraceConnectWithoutContext("ConnectionClosed",
                                               MakeBoundCallback(&ConnectionClosed, &counters));
        clientApps.Add(app);
    }
    serverApps.Start(Seconds(0));
    clientApps.Start(Seconds(0));
    Simulator::Stop(Hours(24)); // a bound only: the run ends when the last connection is gone

    Measurement m;
    m.baseRssKb = StartMemoryMeasurement();
    double start = WallSeconds();
    double cpuStart = CpuSeconds();
    Simulator::Run();
    m.seconds = WallSeconds() - start;
    m.cpuSeconds = CpuSeconds() - cpuStart;
    m.cachedSessions = context->GetSessionCache()->GetSize();
    m.peakRssKb = PeakRssKb();
    m.simSeconds = counters.lastClosed.GetSeconds();
    m.handshakes = counters.completed;
    m.failed = static_cast<uint64_t>(apps) * connectionsPerApp - counters.ended;
    m.peakOpen = counters.peakOpen;
    m.ComputeKbPerConnection();
    Simulator::Destroy();
    return m;
}

/**
 * \return the path prefix of the experiment case's records and summary files
 *         (in the temporary directory, removed after each run)
 */
std::string
ExperimentFilePrefix()
{
    return (std::filesystem::temp_directory_path() /
            ("tls-benchmark-" + std::to_string(getpid()) + "-"))
        .string();
}

/**
 * The experiment case's TlsExperiment, configured but not built.
 * \param config the TLS configuration
 * \param clients client nodes
 * \param handshakes handshake attempts
 * \param engine TlsExperiment::Engine: openssl or replay
 * \return the experiment
 */
Ptr<TlsExperiment>
MakeExperiment(const BenchmarkConfig& config,
               uint32_t clients,
               uint64_t handshakes,
               const std::string& engine)
{
    Ptr<TlsExperiment> e = CreateObject<TlsExperiment>();
    e->SetAttribute("Clients", UintegerValue(clients));
    e->SetAttribute("Handshakes", UintegerValue(handshakes));
    e->SetAttribute("Version", StringValue(config.version));
    e->SetAttribute("KeyType", StringValue(config.keyType));
    std::string prefix = ExperimentFilePrefix();
    e->SetAttribute("RecordsFile", StringValue(prefix + "records.csv"));
    e->SetAttribute("SummaryFile", StringValue(prefix + "summary.json"));
    e->SetAttribute("Progress", BooleanValue(false));
    e->SetAttribute("Engine", StringValue(engine));
    if (config.queueDisc)
    {
        e->SetAttribute("QueueDisc", StringValue("ns3::FqCoDelQueueDisc"));
    }
    return e;
}

/**
 * The experiment path: one TlsExperiment run as users run it (the
 * tls-experiment program's defaults: a router between the clients and the
 * server, 10 ms one-way delay, Linux-like TCP, closed loop), with the
 * benchmark's TLS version and key type, records and summary written (to
 * files in the temporary directory, removed afterwards: the formatting and
 * the writes count, as in a sweep).
 * \param config the TLS configuration
 * \param clients client nodes
 * \param handshakes handshake attempts
 * \param run the ns-3 run number (RngRun)
 * \param engine TlsExperiment::Engine: openssl or replay
 * \return the measurement (set-up included)
 */
Measurement
RunExperiment(const BenchmarkConfig& config,
              uint32_t clients,
              uint64_t handshakes,
              uint32_t run,
              const std::string& engine)
{
    Ipv4AddressGenerator::Reset();
    RngSeedManager::SetRun(run);
    Measurement m;
    m.baseRssKb = StartMemoryMeasurement();
    double start = WallSeconds();
    double cpuStart = CpuSeconds();
    std::string prefix = ExperimentFilePrefix();
    Ptr<TlsExperiment> e = MakeExperiment(config, clients, handshakes, engine);
    TlsExperimentSummary sum = e->Run();
    m.seconds = WallSeconds() - start;
    m.cpuSeconds = CpuSeconds() - cpuStart;
    std::remove((prefix + "records.csv").c_str());
    std::remove((prefix + "summary.json").c_str());
    m.peakRssKb = PeakRssKb();
    m.simSeconds = sum.simSeconds;
    m.handshakes = sum.ok;
    m.failed = handshakes - sum.ok;
    return m;
}

/**
 * \param sim per-handshake cost through the simulation
 * \param floor per-handshake cost in-process
 * \return sim / floor, 0 if either is unknown
 */
double
Ratio(double sim, double floor)
{
    return sim > 0 && floor > 0 ? sim / floor : 0;
}

/// The measurements of one case.
struct CaseResult
{
    Measurement floor;     //!< the floor, all rounds
    Measurement sim;       //!< the simulation, all rounds
    double drift{0};       //!< relative difference between the floor before and after the sims
    double ratioMin{0};    //!< smallest ratio of one round
    double ratioMax{0};    //!< largest ratio of one round
    double ratioMedian{0}; //!< median of the rounds' ratios
    uint32_t rounds{0};    //!< rounds run
};

/**
 * Measure one case in rounds. Each round runs half of its floor handshakes, then
 * its simulations, then the other half of its floor handshakes, so that a drift of
 * the host's speed (a shared virtual machine's can change by tens of percent
 * within minutes) affects the floor and the simulations alike.
 * \param config the TLS configuration
 * \param perRound handshakes of each round
 * \param concurrent true: the floor holds its pairs at once
 * \param floorOn measure the floor
 * \param simulations the simulations of round i (none: the floor alone)
 * \return the measurements, one per simulation (one if none), with the same floor
 */
std::vector<CaseResult>
MeasureCases(const BenchmarkConfig& config,
             const std::vector<uint64_t>& perRound,
             bool concurrent,
             bool floorOn,
             const std::vector<std::function<Measurement(uint32_t)>>& simulations)
{
    size_t n = std::max<size_t>(simulations.size(), 1);
    std::vector<CaseResult> r(n);
    Measurement before;
    Measurement after;
    std::vector<std::vector<double>> ratios(n);
    for (uint32_t i = 0; i < perRound.size(); ++i)
    {
        uint64_t handshakes = perRound[i];
        Measurement a;
        Measurement b;
        std::vector<Measurement> sim(n);
        if (floorOn)
        {
            a = RunFloor(config, handshakes / 2, concurrent);
        }
        for (size_t k = 0; k < simulations.size(); ++k)
        {
            sim[k] = simulations[k](i);
        }
        if (floorOn)
        {
            b = RunFloor(config, handshakes - handshakes / 2, concurrent);
        }
        Measurement floor = Combine(a, b);
        for (size_t k = 0; k < n; ++k)
        {
            ratios[k].push_back(Ratio(sim[k].PerHandshakeUs(), floor.PerHandshakeUs()));
            r[k].sim = i == 0 ? sim[k] : Combine(r[k].sim, sim[k]);
            ++r[k].rounds;
        }
        before = i == 0 ? a : Combine(before, a);
        after = i == 0 ? b : Combine(after, b);
    }
    double a = before.PerHandshakeUs();
    double b = after.PerHandshakeUs();
    for (size_t k = 0; k < n; ++k)
    {
        std::vector<double>& x = ratios[k];
        std::sort(x.begin(), x.end());
        if (!x.empty())
        {
            size_t m = x.size();
            r[k].ratioMedian = m % 2 ? x[m / 2] : (x[m / 2 - 1] + x[m / 2]) / 2;
            r[k].ratioMin = x.front();
            r[k].ratioMax = x.back();
        }
        r[k].floor = Combine(before, after);
        r[k].drift = a > 0 && b > 0 ? std::abs(a - b) / ((a + b) / 2) : 0;
    }
    return r;
}

/**
 * Measure one case in rounds (MeasureCases with at most one simulation).
 * \param config the TLS configuration
 * \param perRound handshakes of each round
 * \param concurrent true: the floor holds its pairs at once
 * \param floorOn measure the floor
 * \param simulate the simulation of round i (empty: none)
 * \return the measurements
 */
CaseResult
MeasureCase(const BenchmarkConfig& config,
            const std::vector<uint64_t>& perRound,
            bool concurrent,
            bool floorOn,
            const std::function<Measurement(uint32_t)>& simulate)
{
    std::vector<std::function<Measurement(uint32_t)>> simulations;
    if (simulate)
    {
        simulations.push_back(simulate);
    }
    return MeasureCases(config, perRound, concurrent, floorOn, simulations).front();
}

/**
 * Print one case line.
 * \param name the case
 * \param handshakes handshakes of the case
 * \param r its measurements
 * \param memory true: report memory per concurrent connection
 * \return true if every handshake of the case completed
 */
bool
PrintCase(const std::string& name, uint64_t handshakes, const CaseResult& r, bool memory)
{
    const Measurement& floor = r.floor;
    const Measurement& sim = r.sim;
    std::printf("case=%s handshakes=%llu concurrent=%llu floor_us=%.1f sim_us=%.1f ratio=%.2f "
                "peak_rss_kb=%llu kb_per_conn=%.1f",
                name.c_str(),
                static_cast<unsigned long long>(handshakes),
                static_cast<unsigned long long>(sim.peakOpen),
                floor.PerHandshakeUs(),
                sim.PerHandshakeUs(),
                Ratio(sim.PerHandshakeUs(), floor.PerHandshakeUs()),
                static_cast<unsigned long long>(std::max(floor.peakRssKb, sim.peakRssKb)),
                memory ? sim.kbPerConnection : 0.0);
    std::printf(
        " floor_cpu_us=%.1f sim_cpu_us=%.1f cpu_ratio=%.2f measured=%llu rounds=%u "
        "ratio_median=%.2f "
        "ratio_min=%.2f ratio_max=%.2f floor_drift=%.2f floor_kb_per_conn=%.1f rss_growth_kb=%lld "
        "cached_sessions=%llu sim_time_s=%.3f failed=%llu\n",
        floor.CpuPerHandshakeUs(),
        sim.CpuPerHandshakeUs(),
        Ratio(sim.CpuPerHandshakeUs(), floor.CpuPerHandshakeUs()),
        static_cast<unsigned long long>(sim.handshakes),
        r.rounds,
        r.ratioMedian,
        r.ratioMin,
        r.ratioMax,
        r.drift,
        memory ? floor.kbPerConnection : 0.0,
        static_cast<long long>(sim.peakRssKb) - static_cast<long long>(sim.baseRssKb),
        static_cast<unsigned long long>(sim.cachedSessions),
        sim.simSeconds,
        static_cast<unsigned long long>(floor.failed + sim.failed));
    std::fflush(stdout);
    return floor.failed + sim.failed == 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    BenchmarkConfig config;
    uint64_t max = 100000;
    uint32_t concurrent = 10000;
    uint32_t clients = 10;
    uint32_t appsPerNode = 100;
    uint32_t rounds = 0;
    std::string cases = "all";
    std::string counts = "100,10000,100000";
    std::string phase = "both";
    uint64_t experiment = 5000;
    std::string engines = "openssl,replay";

    // --version=1.2|1.3 (ns-3's CommandLine would take --version for itself).
    TlsTakeOption(&argc, argv, "version", &config.version);
    CommandLine cmd(__FILE__);
    cmd.Usage("Wall time per TLS handshake in-process (floor) and through ns-3 (sim), and\n"
              "memory per concurrent connection.\n"
              "  --version=1.2|1.3: TLS version [1.3]");
    cmd.AddValue("max", "Run only the cases with at most this many handshakes", max);
    cmd.AddValue("keyType", "rsa2048, rsa3072, rsa4096, p256, p384 or ed25519", config.keyType);
    cmd.AddValue("concurrent", "Connections held at once in the concurrent case", concurrent);
    cmd.AddValue("clients", "Client nodes in the sequential cases", clients);
    cmd.AddValue("appsPerNode", "Client applications per node in the concurrent case", appsPerNode);
    cmd.AddValue("cases", "all, sequential, concurrent or experiment", cases);
    cmd.AddValue("experiment",
                 "Handshakes of the experiment case (TlsExperiment as users run it, in "
                 "rounds of 1000)",
                 experiment);
    cmd.AddValue("engines",
                 "Engines of the experiment case, comma separated: openssl (line "
                 "case=experiment), replay (line case=experiment-replay)",
                 engines);
    cmd.AddValue("counts", "Handshakes of the sequential cases, comma separated", counts);
    cmd.AddValue("rounds",
                 "Rounds of a sequential case (floor, simulation, floor in each); 0: one "
                 "per 1000 handshakes from 10 000 on, else 10 runs of the whole case",
                 rounds);
    cmd.AddValue("queueDisc",
                 "Keep the queue disc ns-3 installs on each device (FqCoDel)",
                 config.queueDisc);
    cmd.AddValue("phase", "both, floor or sim (floor or sim alone: for profiling)", phase);
    // The module's TCP defaults first, so that --ns3::TcpSocket::... options win.
    TlsTcpDefaults tcp;
    tcp.maxSegLifetime = 0.01; // TIME_WAIT (2 MSL) of 20 ms: closed sockets go quickly
    tcp.Apply();
    cmd.Parse(argc, argv);

    // Attributes the cases set themselves: a changed default would be
    // overwritten without a word, so it is refused.
    std::string overwritten = TlsCommandLine::CheckShadowed(
        {{"ns3::TlsContext::MinVersion", "--version"},
         {"ns3::TlsContext::MaxVersion", "--version"},
         {"ns3::TlsContext::KeyType", "--keyType"},
         {"ns3::PointToPointNetDevice::DataRate", "setting (1 Gbps links)"},
         {"ns3::PointToPointChannel::Delay", "setting (1 ms links)"},
         {"ns3::DropTailQueue<Packet>::MaxSize", "setting (1000000p)"},
         {"ns3::TlsClient::Connections", "setting (the case's handshakes)"},
         {"ns3::TlsClient::RequestSize", "setting (0)"},
         {"ns3::TlsExperiment::Clients", "setting (10 clients)"},
         {"ns3::TlsExperiment::Handshakes", "--experiment"},
         {"ns3::TlsExperiment::Version", "--version"},
         {"ns3::TlsExperiment::KeyType", "--keyType"},
         {"ns3::TlsExperiment::RecordsFile", "setting (a temporary file)"},
         {"ns3::TlsExperiment::SummaryFile", "setting (a temporary file)"},
         {"ns3::TlsExperiment::QueueDisc", "--queueDisc"},
         {"ns3::TlsExperiment::Engine", "--engines"}},
        "tls-benchmark");
    if (!overwritten.empty())
    {
        std::cerr << "tls-benchmark: " << overwritten << std::endl;
        return 1;
    }
    if (RngSeedManager::GetRun() != 1)
    {
        std::cerr << "tls-benchmark: option --RngRun has value '" << RngSeedManager::GetRun()
                  << "', which has no effect: each round sets its own run number" << std::endl;
        return 1;
    }

    if (config.version != "1.2" && config.version != "1.3")
    {
        std::cerr << "tls-benchmark: option --version has invalid value '" << config.version
                  << "' (expected 1.2 or 1.3)" << std::endl;
        return 1;
    }
    if (cases != "all" && cases != "sequential" && cases != "concurrent" && cases != "experiment")
    {
        std::cerr << "tls-benchmark: option --cases has invalid value '" << cases
                  << "' (expected all, sequential, concurrent or experiment)" << std::endl;
        return 1;
    }
    if (phase != "both" && phase != "floor" && phase != "sim")
    {
        std::cerr << "tls-benchmark: option --phase has invalid value '" << phase
                  << "' (expected both, floor or sim)" << std::endl;
        return 1;
    }
    if (clients == 0 || appsPerNode == 0 || concurrent == 0 || experiment == 0)
    {
        std::cerr << "tls-benchmark: options --clients, --appsPerNode, --concurrent and "
                     "--experiment must be at least 1"
                  << std::endl;
        return 1;
    }
    std::vector<std::string> engineList;
    std::istringstream engineItems(engines);
    std::string engineItem;
    while (std::getline(engineItems, engineItem, ','))
    {
        if ((engineItem != "openssl" && engineItem != "replay") ||
            std::count(engineList.begin(), engineList.end(), engineItem) > 0)
        {
            std::cerr << "tls-benchmark: option --engines has invalid value '" << engines
                      << "' (expected openssl, replay or both, comma separated, each once)"
                      << std::endl;
            return 1;
        }
        engineList.push_back(engineItem);
    }
    if (engineList.empty())
    {
        std::cerr << "tls-benchmark: option --engines has invalid value '' (expected openssl, "
                     "replay or both, comma separated, each once)"
                  << std::endl;
        return 1;
    }
    std::vector<uint64_t> sequentialCounts;
    std::istringstream countList(counts);
    std::string item;
    while (std::getline(countList, item, ','))
    {
        char* end = nullptr;
        unsigned long long value = std::strtoull(item.c_str(), &end, 10);
        if (item.empty() || *end != '\0' || value == 0)
        {
            std::cerr << "tls-benchmark: option --counts has invalid value '" << counts
                      << "' (expected positive numbers separated by commas)" << std::endl;
            return 1;
        }
        sequentialCounts.push_back(value);
    }
    bool floorOn = phase != "sim";
    bool simOn = phase != "floor";
    if (simOn && (cases == "all" || cases == "experiment") && experiment <= max)
    {
        // The experiment case's settings (with the user's --ns3:: defaults) are
        // checked before any case runs, as tls-experiment checks them.
        for (const auto& engine : engineList)
        {
            std::string error = MakeExperiment(config, clients, experiment, engine)->Validate();
            if (!error.empty())
            {
                std::cerr << "tls-benchmark: " << error << std::endl;
                return 1;
            }
        }
    }

    std::printf("machine cpu=\"%s\" cores=%u openssl=\"%s\" keyType=%s tls=%s\n",
                CpuModel().c_str(),
                std::thread::hardware_concurrency(),
                OpenSSL_version(OPENSSL_VERSION),
                config.keyType.c_str(),
                config.version.c_str());
    std::fflush(stdout);

    // Warm up: OpenSSL fetches algorithms and builds caches on first use.
    RunFloor(config, 50, false);
    bool ok = true;

    if (cases == "all" || cases == "sequential")
    {
        for (uint64_t requested : sequentialCounts)
        {
            if (requested > max)
            {
                continue;
            }
            // Each client opens perClient connections one after another. A case
            // of 10 000 handshakes or more is split into rounds of about 1000
            // handshakes; a smaller one is run 10 times, a simulation each.
            auto perClient = static_cast<uint32_t>((requested + clients - 1) / clients);
            std::vector<uint32_t> connections;
            if (rounds == 0 && requested < 10000)
            {
                connections.assign(10, perClient);
            }
            else
            {
                uint64_t caseRounds = rounds > 0 ? rounds : requested / 1000;
                auto perRound = static_cast<uint32_t>((perClient + caseRounds - 1) / caseRounds);
                for (uint32_t left = perClient; left > 0; left -= std::min(left, perRound))
                {
                    connections.push_back(std::min(left, perRound));
                }
            }
            std::vector<uint64_t> handshakesPerRound;
            for (uint32_t c : connections)
            {
                handshakesPerRound.push_back(static_cast<uint64_t>(c) * clients);
            }
            uint64_t handshakes = static_cast<uint64_t>(perClient) * clients;
            std::function<Measurement(uint32_t)> simulate;
            if (simOn)
            {
                simulate = [&config, clients, connections](uint32_t round) {
                    return RunSimulation(config, clients, clients, connections[round]);
                };
            }
            CaseResult r = MeasureCase(config, handshakesPerRound, false, floorOn, simulate);
            ok = PrintCase("sequential", handshakes, r, false) && ok;
        }
    }
    if ((cases == "all" || cases == "concurrent") && concurrent <= max)
    {
        uint32_t nodes = (concurrent + appsPerNode - 1) / appsPerNode;
        std::function<Measurement(uint32_t)> simulate;
        if (simOn)
        {
            simulate = [&config, nodes, concurrent](uint32_t) {
                return RunSimulation(config, nodes, concurrent, 1);
            };
        }
        CaseResult r = MeasureCase(config, {concurrent}, true, floorOn, simulate);
        ok = PrintCase("concurrent", concurrent, r, true) && ok;
    }
    if ((cases == "all" || cases == "experiment") && experiment <= max)
    {
        // Rounds of 1000 handshakes (the last one the rest), each a new experiment.
        std::vector<uint64_t> perRound;
        for (uint64_t left = experiment; left > 0; left -= std::min<uint64_t>(left, 1000))
        {
            perRound.push_back(std::min<uint64_t>(left, 1000));
        }
        // The same rounds with each engine (--engines), against one floor.
        std::vector<std::function<Measurement(uint32_t)>> simulations;
        for (const std::string& engine : engineList)
        {
            if (simOn)
            {
                simulations.emplace_back([&config, clients, perRound, engine](uint32_t round) {
                    return RunExperiment(config, clients, perRound[round], round + 1, engine);
                });
            }
        }
        std::vector<CaseResult> r = MeasureCases(config, perRound, false, floorOn, simulations);
        for (size_t k = 0; k < r.size(); ++k)
        {
            std::string engine = k < engineList.size() && simOn ? engineList[k] : "openssl";
            ok = PrintCase(engine == "openssl" ? "experiment" : "experiment-" + engine,
                           experiment,
                           r[k],
                           false) &&
                 ok;
        }
    }
    return ok ? 0 : 2;
}
