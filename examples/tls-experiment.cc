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
// Every option sets the default of an attribute (shown in --PrintHelp), so the
// attribute itself works as well: --ns3::TlsExperiment::MinRto=100ms,
// --ns3::TlsContext::KeyType=p384, --ns3::TcpSocket::InitialCwnd=4. When both
// an option and the attribute it sets are given, the option wins. The
// module's TCP defaults (TlsTcpDefaults) are set before parsing, so a value
// given on the command line wins over them. --seed/--run are --RngSeed/--RngRun.
// A bad value ends the program with status 1 and one line saying what is allowed.

#include "tls-program.h"

#include "ns3/core-module.h"
#include "ns3/tls-module.h"

#include <cstdio>
#include <exception>
#include <iostream>

using namespace ns3;

namespace
{

/**
 * \param min the smallest allowed value
 * \return a check that an unsigned option is at least min
 */
TlsCommandLine::Check
AtLeast(uint64_t min)
{
    return [min](const std::string& v) -> std::string {
        uint64_t n = 0;
        TlsCommandLine::ParseUnsigned(v, &n);
        return n >= min ? "" : "expected at least " + std::to_string(min);
    };
}

/// \return a check that a time is not negative
TlsCommandLine::Check
NotNegative()
{
    return [](const std::string& v) -> std::string {
        Time t;
        TlsCommandLine::ParseTime(v, &t);
        return t.IsNegative() && !t.IsZero() ? "expected a time of 0 or more" : "";
    };
}

/// \return a check that a data rate is more than 0
TlsCommandLine::Check
Positive()
{
    return [](const std::string& v) -> std::string {
        return DataRate(v).GetBitRate() > 0 ? "" : "expected a data rate more than 0, like 100Mbps";
    };
}

/**
 * \param cmd the command line
 * \param name option name
 * \param global RngSeed or RngRun
 * \param help help text
 */
void
AddRngOption(TlsCommandLine& cmd,
             const std::string& name,
             const std::string& global,
             const std::string& help)
{
    StringValue current;
    GlobalValue::GetValueByName(global, current);
    cmd.AddOption(name, help, current.Get(), [global](const std::string& v) -> std::string {
        uint64_t n = 0;
        if (!TlsCommandLine::ParseUnsigned(v, &n) || n == 0 ||
            (global == "RngSeed" && n > UINT32_MAX))
        {
            return "expected a whole number from 1" +
                   std::string(global == "RngSeed" ? " to 4294967295" : "") +
                   "; 0 would repeat run 1";
        }
        Config::SetGlobal(global, StringValue(v));
        return "";
    });
}

} // namespace

int
main(int argc, char* argv[])
{
    try
    {
        // The module's TCP defaults, before parsing: a value on the command line wins.
        tls_program::RaiseFileLimit(); // before Validate checks it (pcap traces)
        TlsTcpDefaults().Apply();
        Config::SetDefault("ns3::TcpL4Protocol::SocketType", StringValue("ns3::TcpCubic"));
        Config::SetDefault("ns3::TlsExperiment::TcpDefaults", BooleanValue(false));

        // --version=1.2|1.3 (ns-3's CommandLine would take --version for itself).
        std::string version;
        bool haveVersion = TlsTakeOption(&argc, argv, "version", &version);

        TlsCommandLine cmd(
            "tls-experiment",
            "Runs one TLS experiment and writes per-handshake records and a summary.\n"
            "  --version=1.2|1.3: TLS version (ns3::TlsExperiment::Version) [the TlsContext's "
            "MinVersion..MaxVersion: 1.3]\n"
            "Every option sets the attribute named in its help; --ns3::Type::Attribute=value "
            "sets any other.");
        cmd.AddAttribute("clients", "ns3::TlsExperiment::Clients", AtLeast(1));
        cmd.AddAttribute("servers", "ns3::TlsExperiment::Servers", AtLeast(1));
        cmd.AddAttribute("handshakes", "ns3::TlsExperiment::Handshakes", AtLeast(1));
        cmd.AddAttribute("rate", "ns3::TlsExperiment::Rate");
        cmd.AddAttribute("thinkTime", "ns3::TlsExperiment::ThinkTime", NotNegative());
        cmd.AddAttribute("keyType", "ns3::TlsContext::KeyType");
        cmd.AddAttribute("chainDepth", "ns3::TlsContext::ChainDepth");
        cmd.AddAttribute("mutualAuth", "ns3::TlsExperiment::MutualAuth");
        cmd.AddAttribute("groups", "ns3::TlsContext::Groups");
        cmd.AddAttribute("caKeyType", "ns3::TlsContext::CaKeyType");
        cmd.AddAttribute("serverGroups", "ns3::TlsContext::ServerGroups");
        cmd.AddAttribute("keyShares", "ns3::TlsContext::KeyShares");
        cmd.AddAttribute("cipher", "ns3::TlsContext::CipherList");
        cmd.AddAttribute("delay", "ns3::TlsExperiment::ClientDelay", NotNegative());
        cmd.AddAttribute("serverDelay", "ns3::TlsExperiment::ServerDelay", NotNegative());
        cmd.AddAttribute("jitter", "ns3::TlsExperiment::Jitter", NotNegative());
        cmd.AddOption("loss",
                      "Packet loss rate in each direction (sets ns3::TlsExperiment::UplinkLoss "
                      "and DownlinkLoss)",
                      "",
                      [](const std::string& v) -> std::string {
                          double p = -1;
                          if (!TlsCommandLine::ParseDouble(v, &p) || p < 0 || p > 1)
                          {
                              return "expected a number from 0 to 1";
                          }
                          Config::SetDefault("ns3::TlsExperiment::UplinkLoss", DoubleValue(p));
                          Config::SetDefault("ns3::TlsExperiment::DownlinkLoss", DoubleValue(p));
                          return "";
                      });
        cmd.AddAttribute("uplinkLoss", "ns3::TlsExperiment::UplinkLoss");
        cmd.AddAttribute("downlinkLoss", "ns3::TlsExperiment::DownlinkLoss");
        cmd.AddAttribute("uplinkLossPattern", "ns3::TlsExperiment::UplinkLossPattern");
        cmd.AddAttribute("downlinkLossPattern", "ns3::TlsExperiment::DownlinkLossPattern");
        cmd.AddAttribute("bandwidth", "ns3::TlsExperiment::ClientBandwidth", Positive());
        cmd.AddAttribute("serverBandwidth", "ns3::TlsExperiment::ServerBandwidth", Positive());
        cmd.AddAttribute("queueSize", "ns3::TlsExperiment::QueueSize");
        cmd.AddAttribute("queueDisc", "ns3::TlsExperiment::QueueDisc");
        cmd.AddOption("tcp",
                      "TCP congestion control, e.g. TcpCubic or ns3::TcpNewReno (sets "
                      "ns3::TcpL4Protocol::SocketType)",
                      TlsCommandLine::GetDefault("ns3::TcpL4Protocol::SocketType"),
                      [](const std::string& v) -> std::string {
                          std::string name = v.find("::") == std::string::npos ? "ns3::" + v : v;
                          TypeId tid;
                          if (!TypeId::LookupByNameFailSafe(name, &tid) || !tid.HasConstructor() ||
                              // ns-3.37 registers TcpCubic under TcpSocketBase
                              !(tid.IsChildOf(TypeId::LookupByName("ns3::TcpCongestionOps")) ||
                                tid.GetName() == "ns3::TcpCubic"))
                          {
                              return "expected a TCP congestion control (a subclass of "
                                     "ns3::TcpCongestionOps) like TcpCubic, TcpNewReno, TcpBbr";
                          }
                          Config::SetDefault("ns3::TcpL4Protocol::SocketType", TypeIdValue(tid));
                          return "";
                      });
        cmd.AddAttribute("segmentSize", "ns3::TcpSocket::SegmentSize", AtLeast(1));
        cmd.AddAttribute("initialCwnd", "ns3::TcpSocket::InitialCwnd", AtLeast(1));
        cmd.AddAttribute("cpuCores", "ns3::TlsExperiment::CpuCores");
        cmd.AddAttribute("clientCpuCores", "ns3::TlsExperiment::ClientCpuCores");
        cmd.AddAttribute("cpuMode", "ns3::TlsExperiment::CpuMode");
        cmd.AddAttribute("engine", "ns3::TlsExperiment::Engine");
        cmd.AddAttribute("records", "ns3::TlsExperiment::RecordsFile");
        cmd.AddAttribute("summary", "ns3::TlsExperiment::SummaryFile");
        cmd.AddAttribute("messages", "ns3::TlsExperiment::MessagesFile");
        cmd.AddAttribute("pcap", "ns3::TlsExperiment::PcapPrefix");
        cmd.AddAttribute("keylog", "ns3::TlsExperiment::KeyLogFile");
        AddRngOption(cmd, "seed", "RngSeed", "Random seed (sets the global RngSeed)");
        AddRngOption(cmd, "run", "RngRun", "Run number, from 1 (sets the global RngRun)");
        cmd.AddAttribute("resume", "ns3::TlsExperiment::Resume");
        cmd.AddAttribute("tickets", "ns3::TlsContext::SessionTickets");
        cmd.AddAttribute("earlyData", "ns3::TlsExperiment::EarlyData");
        cmd.AddAttribute("sessionCache", "ns3::TlsExperiment::SessionCacheSize");
        cmd.AddAttribute("sharedCache", "ns3::TlsExperiment::SharedSessionCache");
        cmd.AddAttribute("scenario", "ns3::TlsExperiment::Scenario");
        cmd.AddAttribute("faultFraction", "ns3::TlsExperiment::FaultFraction");
        cmd.AddAttribute("requestSize", "ns3::TlsExperiment::RequestSize");
        cmd.AddAttribute("responseSize", "ns3::TlsExperiment::ResponseSize");
        cmd.AddAttribute("handshakeTimeout", "ns3::TlsExperiment::HandshakeTimeout");
        cmd.AddAttribute("progress", "ns3::TlsExperiment::Progress");
        bool validateOnly = false;
        cmd.AddOption("validate",
                      "Check every option and attribute as a run would, then exit without "
                      "running: status 0 if the run would start, 1 with the reason if not "
                      "(sweep.py checks --set values with it)",
                      "0",
                      [&validateOnly](const std::string& v) -> std::string {
                          if (v != "" && v != "0" && v != "1" && v != "true" && v != "false")
                          {
                              return "expected nothing, 0, 1, true or false";
                          }
                          validateOnly = v != "0" && v != "false";
                          return "";
                      });
        cmd.Parse(argc, argv);
        if (haveVersion)
        {
            if (version != "1.2" && version != "1.3")
            {
                cmd.Fail("option --version has invalid value '" + version +
                         "' (expected 1.2 or 1.3)");
            }
            Config::SetDefault("ns3::TlsExperiment::Version", StringValue(version));
        }

        Ptr<TlsExperiment> e = CreateObject<TlsExperiment>();
        if (validateOnly)
        {
            std::string invalid = e->Validate();
            if (!invalid.empty())
            {
                cmd.Fail(invalid);
            }
            std::printf("valid\n");
            return 0;
        }
        std::string error = e->Build();
        if (!error.empty())
        {
            cmd.Fail(error);
        }
        e->SetStopFlag(tls_program::InstallStopSignals());
        TlsExperimentSummary s = e->Run();
        if (!s.error.empty())
        {
            std::cerr << s.error << std::endl; // the rows and summary written so far are whole
            return 1;
        }
        std::printf("attempts %llu, ok %llu, timeouts %llu, resumed %llu\n",
                    static_cast<unsigned long long>(s.attempts),
                    static_cast<unsigned long long>(s.ok),
                    static_cast<unsigned long long>(s.timeouts),
                    static_cast<unsigned long long>(s.resumed));
        if (s.ok == 0)
        {
            std::printf("latency ms: none measured (no handshake completed)\n");
        }
        else
        {
            std::printf("latency ms: mean %.3f, p50 %.3f, p90 %.3f, p99 %.3f, max %.3f\n",
                        s.latencyMean,
                        s.latencyP50,
                        s.latencyP90,
                        s.latencyP99,
                        s.latencyMax);
        }
        for (const auto& a : s.alerts)
        {
            std::printf("alert %s: %llu\n",
                        a.first.c_str(),
                        static_cast<unsigned long long>(a.second));
        }
        std::printf("simulated %.3f s in %.3f s of wall time\n", s.simSeconds, s.wallSeconds);
        return 0;
    }
    catch (const std::exception& ex)
    {
        std::cerr << "tls-experiment: " << ex.what() << std::endl;
        return 1;
    }
}
