/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// An experiment as a building block: TlsExperiment builds the network and the
// TLS applications, then this program adds what the experiment does not know
// about before it runs: FlowMonitor on every node (per-flow statistics, printed
// and written as XML) and a NetAnim trace of the star.
//
//   ./build/examples/tls-flowmon --clients=4 --handshakes=20 --flowmon=flows.xml
//       --netanim=anim.xml
//
// (one command line)
//
// Any attribute of the experiment works as well: --ns3::TlsExperiment::UplinkLoss=0.01.

#include "tls-program.h"

#include "ns3/core-module.h"
#include "ns3/flow-monitor-module.h"
#include "ns3/internet-module.h"
#include "ns3/netanim-module.h"
#include "ns3/tls-module.h"

#include <cmath>
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>

using namespace ns3;

namespace
{

/// What the end of the run reports.
struct Monitor
{
    Ptr<FlowMonitor> monitor;           //!< the flow monitor
    FlowMonitorHelper* helper{nullptr}; //!< its helper (classifier)
    std::string xml;                    //!< FlowMonitor XML output ("" = none)
};

/**
 * The simulation has stopped: print the flows (before the simulator is destroyed).
 * \param m the monitor
 */
void
ReportFlows(Monitor* m)
{
    // Every connection has ended and the simulation has stopped: a packet not
    // received by now was lost (CheckForLostPackets() without an argument waits
    // for its 10 s MaxPerHopDelay, longer than most runs, and counted none).
    m->monitor->CheckForLostPackets(Seconds(0));
    Ptr<Ipv4FlowClassifier> classifier =
        DynamicCast<Ipv4FlowClassifier>(m->helper->GetClassifier());
    uint64_t flows = 0;
    uint64_t txPackets = 0;
    uint64_t rxPackets = 0;
    uint64_t lost = 0;
    double delaySum = 0;
    for (const auto& [id, st] : m->monitor->GetFlowStats())
    {
        ++flows;
        txPackets += st.txPackets;
        rxPackets += st.rxPackets;
        lost += st.lostPackets;
        delaySum += st.delaySum.GetSeconds();
        if (flows <= 4)
        {
            Ipv4FlowClassifier::FiveTuple t = classifier->FindFlow(id);
            std::printf(
                "flow %u %s:%u -> %s:%u: %u packets sent, %u received, mean delay %.3f ms\n",
                id,
                (std::ostringstream() << t.sourceAddress).str().c_str(),
                t.sourcePort,
                (std::ostringstream() << t.destinationAddress).str().c_str(),
                t.destinationPort,
                st.txPackets,
                st.rxPackets,
                st.rxPackets ? st.delaySum.GetSeconds() * 1e3 / st.rxPackets : 0.0);
        }
    }
    std::printf("flowmon: %llu flows, %llu packets sent, %llu received, %llu lost, mean one-way "
                "delay %.3f ms\n",
                static_cast<unsigned long long>(flows),
                static_cast<unsigned long long>(txPackets),
                static_cast<unsigned long long>(rxPackets),
                static_cast<unsigned long long>(lost),
                rxPackets ? delaySum * 1e3 / rxPackets : 0.0);
    if (!m->xml.empty())
    {
        m->monitor->SerializeToXmlFile(m->xml, false, false);
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    try
    {
        tls_program::RaiseFileLimit(); // before Validate checks it (pcap traces)
        TlsTcpDefaults().Apply();
        Config::SetDefault("ns3::TcpL4Protocol::SocketType", StringValue("ns3::TcpCubic"));
        Config::SetDefault("ns3::TlsExperiment::TcpDefaults", BooleanValue(false));
        Config::SetDefault("ns3::TlsExperiment::Clients", UintegerValue(4));
        Config::SetDefault("ns3::TlsExperiment::Handshakes", UintegerValue(20));
        Config::SetDefault("ns3::TlsExperiment::Progress", BooleanValue(false));
        std::string flowmon = "tls-flowmon.xml";
        std::string netanim = "tls-netanim.xml";
        auto file = [](std::string* target) {
            return [target](const std::string& v) -> std::string {
                std::string why = TlsCommandLine::CheckWritable(v);
                if (!why.empty())
                {
                    return "expected a file that can be written (or \"\" for none): " + why;
                }
                *target = v;
                return "";
            };
        };
        TlsCommandLine cmd("tls-flowmon",
                           "A TLS experiment with FlowMonitor statistics and a NetAnim trace.");
        cmd.AddAttribute("clients", "ns3::TlsExperiment::Clients");
        cmd.AddAttribute("handshakes", "ns3::TlsExperiment::Handshakes");
        cmd.AddAttribute("delay", "ns3::TlsExperiment::ClientDelay");
        cmd.AddAttribute("records", "ns3::TlsExperiment::RecordsFile");
        cmd.AddAttribute("summary", "ns3::TlsExperiment::SummaryFile");
        cmd.AddOption("flowmon", "FlowMonitor XML file (\"\" = none)", flowmon, file(&flowmon));
        cmd.AddOption("netanim", "NetAnim trace file (\"\" = none)", netanim, file(&netanim));
        cmd.Parse(argc, argv);
        auto same = [](const std::string& a, const std::string& b) {
            return !a.empty() && !b.empty() &&
                   TlsCommandLine::SameFileKey(a) == TlsCommandLine::SameFileKey(b);
        };
        if (same(flowmon, netanim))
        {
            cmd.Fail("option --netanim has invalid value '" + netanim +
                     "' (expected a file other than --flowmon's)");
        }
        // Neither may overwrite one of the experiment's own outputs.
        for (const auto& [option, path] : {std::make_pair(std::string("--flowmon"), flowmon),
                                           std::make_pair(std::string("--netanim"), netanim)})
        {
            for (const char* output : {"RecordsFile", "SummaryFile", "MessagesFile", "KeyLogFile"})
            {
                std::string other =
                    TlsCommandLine::GetDefault(std::string("ns3::TlsExperiment::") + output);
                if (same(path, other))
                {
                    cmd.Fail("option " + option + " has invalid value '" + path +
                             "' (expected a file other than TlsExperiment::" + output + "'s)");
                }
            }
        }

        Ptr<TlsExperiment> e = CreateObject<TlsExperiment>();
        std::string error = e->Build();
        if (!error.empty())
        {
            cmd.Fail(error);
        }

        // The experiment's network, before the run.
        TlsStarTopology& net = e->GetTopology();
        FlowMonitorHelper helper;
        Monitor m{helper.Install(net.GetAllNodes()), &helper, flowmon};
        e->TraceConnectWithoutContext("RunEnd", MakeBoundCallback(&ReportFlows, &m));

        std::unique_ptr<AnimationInterface> anim;
        if (!netanim.empty())
        {
            // Positions first: AnimationInterface reads them when it is made.
            AnimationInterface::SetConstantPosition(net.GetRouter(), 50, 50);
            NodeContainer clients = net.GetClients();
            NodeContainer servers = net.GetServers();
            for (uint32_t i = 0; i < clients.GetN(); ++i)
            {
                double a = M_PI * (0.5 + static_cast<double>(i) / std::max(1u, clients.GetN()));
                AnimationInterface::SetConstantPosition(clients.Get(i),
                                                        50 + 40 * std::cos(a),
                                                        50 + 40 * std::sin(a));
            }
            for (uint32_t j = 0; j < servers.GetN(); ++j)
            {
                AnimationInterface::SetConstantPosition(servers.Get(j),
                                                        90,
                                                        20 + 60.0 * (j + 1) / (servers.GetN() + 1));
            }
            anim = std::make_unique<AnimationInterface>(netanim);
        }

        e->SetStopFlag(tls_program::InstallStopSignals());
        TlsExperimentSummary s = e->Run();
        if (!s.error.empty())
        {
            std::cerr << s.error << std::endl; // the rows and summary written so far are whole
            return 1;
        }
        std::printf("attempts %llu, ok %llu, median handshake %.3f ms\n",
                    static_cast<unsigned long long>(s.attempts),
                    static_cast<unsigned long long>(s.ok),
                    s.latencyP50);
        return s.ok > 0 ? 0 : 2;
    }
    catch (const std::exception& ex)
    {
        std::cerr << "tls-flowmon: " << ex.what() << std::endl;
        return 1;
    }
}
