/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// One experiment: N clients and M servers through a router, a workload of
// handshakes, one CSV row per attempt and a JSON summary.
//
//   ./build/examples/tls-experiment --clients=20 --handshakes=2000 --rate=200
//       --version=1.2 --delay=25ms --loss=0.01 --records=r.csv --summary=s.json
//
// (one command line)
//
// Every option sets an attribute of ns3::TlsExperiment (see its help with
// --PrintAttributes=ns3::TlsExperiment); the others can be set as
// --ns3::TlsExperiment::MinRto=100ms. --seed/--run are short for ns-3's
// --RngSeed/--RngRun.

#include "ns3/core-module.h"
#include "ns3/tls-module.h"

#include <cstdio>
#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    // Defaults as the attributes have them; the experiment itself is made after
    // parsing, so that --ns3::TlsExperiment::Name=value defaults apply too.
    Ptr<TlsExperiment> defaults = CreateObject<TlsExperiment>();
    auto get = [&defaults](const std::string& name) {
        StringValue v;
        defaults->GetAttribute(name, v);
        return v.Get();
    };
    std::string version = "1.3";
    TlsTakeOption(&argc, argv, "version", &version); // CommandLine reserves --version

    uint32_t clients = 10;
    uint32_t servers = 1;
    uint32_t handshakes = 100;
    double rate = 0;
    Time thinkTime = Seconds(0);
    std::string keyType = get("KeyType");
    uint32_t chainDepth = 1;
    bool mutualAuth = false;
    Time delay = MilliSeconds(10);
    Time serverDelay = Seconds(0);
    Time jitter = Seconds(0);
    double loss = -1;
    double uplinkLoss = 0;
    double downlinkLoss = 0;
    std::string bandwidth = "100Mbps";
    std::string serverBandwidth = "10Gbps";
    std::string queueSize = get("QueueSize");
    std::string tcp = get("TcpVariant");
    uint32_t segmentSize = 1448;
    uint32_t initialCwnd = 10;
    uint32_t cpuCores = 0;
    uint32_t clientCpuCores = 0;
    std::string cpuMode = "table";
    std::string records;
    std::string summary;
    std::string messages;
    std::string pcap;
    std::string keylog;
    uint32_t seed = 0;
    uint64_t run = 0;
    double resume = 0;
    bool tickets = true;
    uint32_t earlyData = 0;
    uint32_t sessionCache = 20480;
    bool sharedCache = true;
    std::string scenario;
    double faultFraction = 0;
    uint32_t requestSize = 0;
    uint32_t responseSize = 0;
    Time handshakeTimeout = Seconds(10);
    std::string groups;
    bool progress = true;

    CommandLine cmd(__FILE__);
    cmd.Usage("Runs one TLS experiment and writes per-handshake records and a summary.\n"
              "  --version=1.2|1.3: TLS version [1.3]");
    cmd.AddValue("clients", "Client nodes", clients);
    cmd.AddValue("servers", "Server nodes", servers);
    cmd.AddValue("handshakes", "Handshake attempts in all", handshakes);
    cmd.AddValue("rate", "Poisson arrivals per second (0 = closed loop)", rate);
    cmd.AddValue("thinkTime", "Closed loop: pause between a client's connections", thinkTime);
    cmd.AddValue("keyType", "rsa2048, rsa3072, rsa4096, p256, p384, ed25519", keyType);
    cmd.AddValue("chainDepth", "Intermediate CAs", chainDepth);
    cmd.AddValue("mutualAuth", "Servers require client certificates", mutualAuth);
    cmd.AddValue("groups", "Key exchange groups (OpenSSL string)", groups);
    cmd.AddValue("delay", "One-way delay, client side to server side", delay);
    cmd.AddValue("serverDelay", "One-way delay of the server links", serverDelay);
    cmd.AddValue("jitter", "Per-client delay spread (+-)", jitter);
    cmd.AddValue("loss", "Packet loss rate in each direction", loss);
    cmd.AddValue("uplinkLoss", "Loss rate client to server", uplinkLoss);
    cmd.AddValue("downlinkLoss", "Loss rate server to client", downlinkLoss);
    cmd.AddValue("bandwidth", "Client access link data rate", bandwidth);
    cmd.AddValue("serverBandwidth", "Server link data rate", serverBandwidth);
    cmd.AddValue("queueSize", "Device queue size (e.g. 100p)", queueSize);
    cmd.AddValue("tcp", "TCP congestion control type", tcp);
    cmd.AddValue("segmentSize", "TCP segment size", segmentSize);
    cmd.AddValue("initialCwnd", "TCP initial window (segments)", initialCwnd);
    cmd.AddValue("cpuCores", "Crypto CPU cores per server (0 = no CPU model)", cpuCores);
    cmd.AddValue("clientCpuCores",
                 "Crypto CPU cores per client (0 = no CPU model)",
                 clientCpuCores);
    cmd.AddValue("cpuMode", "CPU costs: table or measured", cpuMode);
    cmd.AddValue("records", "CSV file, one row per handshake attempt", records);
    cmd.AddValue("summary", "JSON summary file", summary);
    cmd.AddValue("messages", "CSV message trace of the first handshake", messages);
    cmd.AddValue("pcap", "pcap file prefix (every link)", pcap);
    cmd.AddValue("keylog", "SSLKEYLOGFILE for Wireshark", keylog);
    cmd.AddValue("seed", "Random seed (same as --RngSeed)", seed);
    cmd.AddValue("run", "Run number (same as --RngRun)", run);
    cmd.AddValue("resume", "Probability that a client with a session resumes", resume);
    cmd.AddValue("tickets", "Session tickets", tickets);
    cmd.AddValue("earlyData", "TLS 1.3 0-RTT request bytes when resuming", earlyData);
    cmd.AddValue("sessionCache", "Server session cache size", sessionCache);
    cmd.AddValue("sharedCache", "Servers share one session cache and ticket key", sharedCache);
    cmd.AddValue("scenario", "Fault scenario for a share of the clients", scenario);
    cmd.AddValue("faultFraction", "Share of clients with the fault", faultFraction);
    cmd.AddValue("requestSize", "Request bytes after the handshake", requestSize);
    cmd.AddValue("responseSize", "Response bytes", responseSize);
    cmd.AddValue("handshakeTimeout", "Handshake timeout", handshakeTimeout);
    cmd.AddValue("progress", "Progress lines on stderr", progress);
    // Post-quantum settings (TlsContext attributes of every context).
    std::string caKeyType;
    std::string serverGroups;
    uint32_t keyShares = 0;
    cmd.AddValue("caKeyType", "Key type of the CAs (e.g. p256 above an mldsa65 leaf)", caKeyType);
    cmd.AddValue("serverGroups", "Server's groups (default: groups)", serverGroups);
    cmd.AddValue("keyShares", "Key shares in the ClientHello (0 = as groups says)", keyShares);
    cmd.Parse(argc, argv);
    if (!caKeyType.empty())
    {
        Config::SetDefault("ns3::TlsContext::CaKeyType", StringValue(caKeyType));
    }
    if (!serverGroups.empty())
    {
        Config::SetDefault("ns3::TlsContext::ServerGroups", StringValue(serverGroups));
    }
    if (keyShares != 0)
    {
        Config::SetDefault("ns3::TlsContext::KeyShares", UintegerValue(keyShares));
    }

    if (seed != 0)
    {
        RngSeedManager::SetSeed(seed);
    }
    if (run != 0)
    {
        RngSeedManager::SetRun(run);
    }
    Ptr<TlsExperiment> e = CreateObject<TlsExperiment>();
    if (loss >= 0)
    {
        uplinkLoss = loss;
        downlinkLoss = loss;
    }
    auto set = [&e](const std::string& name, const AttributeValue& v, const std::string& option) {
        if (!e->SetAttributeFailSafe(name, v))
        {
            std::cerr << "tls-experiment: option --" << option << " has an invalid value"
                      << std::endl;
            std::exit(1);
        }
    };
    set("Clients", UintegerValue(clients), "clients");
    set("Servers", UintegerValue(servers), "servers");
    set("Handshakes", UintegerValue(handshakes), "handshakes");
    set("Rate", DoubleValue(rate), "rate");
    set("ThinkTime", TimeValue(thinkTime), "thinkTime");
    set("Version", StringValue(version), "version");
    set("KeyType", StringValue(keyType), "keyType");
    set("ChainDepth", UintegerValue(chainDepth), "chainDepth");
    set("MutualAuth", BooleanValue(mutualAuth), "mutualAuth");
    set("Groups", StringValue(groups), "groups");
    set("ClientDelay", TimeValue(delay), "delay");
    set("ServerDelay", TimeValue(serverDelay), "serverDelay");
    set("Jitter", TimeValue(jitter), "jitter");
    set("UplinkLoss", DoubleValue(uplinkLoss), "uplinkLoss");
    set("DownlinkLoss", DoubleValue(downlinkLoss), "downlinkLoss");
    set("ClientBandwidth", StringValue(bandwidth), "bandwidth");
    set("ServerBandwidth", StringValue(serverBandwidth), "serverBandwidth");
    set("QueueSize", StringValue(queueSize), "queueSize");
    set("TcpVariant",
        StringValue(tcp.find("::") == std::string::npos ? "ns3::" + tcp : tcp),
        "tcp");
    set("SegmentSize", UintegerValue(segmentSize), "segmentSize");
    set("InitialCwnd", UintegerValue(initialCwnd), "initialCwnd");
    set("CpuCores", UintegerValue(cpuCores), "cpuCores");
    set("ClientCpuCores", UintegerValue(clientCpuCores), "clientCpuCores");
    set("CpuMode", StringValue(cpuMode), "cpuMode");
    set("RecordsFile", StringValue(records), "records");
    set("SummaryFile", StringValue(summary), "summary");
    set("MessagesFile", StringValue(messages), "messages");
    set("PcapPrefix", StringValue(pcap), "pcap");
    set("KeyLogFile", StringValue(keylog), "keylog");
    set("Resume", DoubleValue(resume), "resume");
    set("Tickets", BooleanValue(tickets), "tickets");
    set("EarlyData", UintegerValue(earlyData), "earlyData");
    set("SessionCacheSize", UintegerValue(sessionCache), "sessionCache");
    set("SharedSessionCache", BooleanValue(sharedCache), "sharedCache");
    set("Scenario", StringValue(scenario), "scenario");
    set("FaultFraction", DoubleValue(faultFraction), "faultFraction");
    set("RequestSize", UintegerValue(requestSize), "requestSize");
    set("ResponseSize", UintegerValue(responseSize), "responseSize");
    set("HandshakeTimeout", TimeValue(handshakeTimeout), "handshakeTimeout");
    set("Progress", BooleanValue(progress), "progress");
    std::string error = e->Validate();
    if (!error.empty())
    {
        std::cerr << "tls-experiment: " << error << std::endl;
        return 1;
    }
    // Key types and groups that the linked OpenSSL may lack: one line and exit 1
    // before the experiment starts (the hierarchy is memoised, not made twice).
    {
        Ptr<TlsContext> check = CreateObject<TlsContext>();
        check->SetAttribute("MinVersion", StringValue(version));
        check->SetAttribute("MaxVersion", StringValue(version));
        check->SetAttribute("KeyType", StringValue(keyType));
        check->SetAttribute("ChainDepth", UintegerValue(chainDepth));
        check->SetAttribute("Groups", StringValue(groups));
        error = check->Configure(TlsRole::SERVER);
        error = error.empty() ? check->Configure(TlsRole::CLIENT) : error;
        check->Dispose();
        if (!error.empty())
        {
            std::cerr << "tls-experiment: " << error << std::endl;
            return 1;
        }
    }

    TlsExperimentSummary s = e->Run();
    std::printf("attempts %llu, ok %llu, timeouts %llu, resumed %llu\n",
                static_cast<unsigned long long>(s.attempts),
                static_cast<unsigned long long>(s.ok),
                static_cast<unsigned long long>(s.timeouts),
                static_cast<unsigned long long>(s.resumed));
    std::printf("latency ms: mean %.3f, p50 %.3f, p90 %.3f, p99 %.3f, max %.3f\n",
                s.latencyMean,
                s.latencyP50,
                s.latencyP90,
                s.latencyP99,
                s.latencyMax);
    for (const auto& a : s.alerts)
    {
        std::printf("alert %s: %llu\n", a.first.c_str(), static_cast<unsigned long long>(a.second));
    }
    std::printf("simulated %.3f s in %.3f s of wall time\n", s.simSeconds, s.wallSeconds);
    return 0;
}
