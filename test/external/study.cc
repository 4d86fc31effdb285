/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// A user's study program, built outside the module against an installed copy
// (see README.md, "Your own program"): TLS 1.2 against 1.3 over one link.
// Every option and --ns3::Type::Attribute=value is taken or refused.

#include "ns3/core-module.h"
#include "ns3/tls-module.h"

#include <cstdio>

using namespace ns3;

int
main(int argc, char* argv[])
{
    TlsTcpDefaults().Apply(); // the module's TCP defaults, before parsing
    Config::SetDefault("ns3::TlsExperiment::TcpDefaults", BooleanValue(false));
    Config::SetDefault("ns3::TlsExperiment::Progress", BooleanValue(false));
    TlsCommandLine cmd("study", "TLS 1.2 against 1.3.");
    cmd.AddAttribute("clients", "ns3::TlsExperiment::Clients");
    cmd.AddAttribute("handshakes", "ns3::TlsExperiment::Handshakes");
    cmd.AddAttribute("delay", "ns3::TlsExperiment::ClientDelay");
    cmd.Parse(argc, argv);
    for (std::string version : {"1.2", "1.3"})
    {
        Ptr<TlsExperiment> e = CreateObject<TlsExperiment>();
        e->SetAttribute("Version", StringValue(version));
        std::string error = e->Build();
        if (!error.empty())
        {
            cmd.Fail(error);
        }
        TlsExperimentSummary s = e->Run();
        std::printf("TLS %s: %llu of %llu ok, median %.3f ms\n",
                    version.c_str(),
                    static_cast<unsigned long long>(s.ok),
                    static_cast<unsigned long long>(s.attempts),
                    s.latencyP50);
        std::printf("%s\n", e->SummaryJson(s).c_str());
    }
    return 0;
}
