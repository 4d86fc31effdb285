/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Web page loads over TLS with ns-3's own 3GPP HTTP client and server,
// unchanged: TlsStackHelper::SetSecureTcp makes the nodes' TCP sockets TLS
// sockets. The same clients, pages and seed run over plain TCP, TLS 1.2,
// TLS 1.3 and resumed TLS 1.3, and the program prints page load time
// percentiles against TCP.
//
// Each client node runs a warm-up HTTP client (one connection, a few pages),
// then the measured one on a new connection (for "tls13-resumed" that
// connection resumes the warm-up's session). A page's load time runs from the
// request of its main object to its last embedded object; the first page of a
// connection counts from the connect, so it carries the handshake:
// expected extra round trips over TCP for it are 2 (TLS 1.2) and 1 (TLS 1.3,
// full or resumed: resumption saves the certificate and signatures, not a
// round trip).
//
//   ./build/examples/tls-web --rtt=50ms --loss=0 --clients=10

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tls-module.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// Page load times of one run.
struct Pages
{
    std::vector<double> first; //!< first page of a connection (from the connect), ms
    std::vector<double> later; //!< later pages (from the main object's request), ms
    std::vector<double> setup; //!< connect to the first request (TCP and TLS handshakes), ms
};

/// What one measured HTTP client is doing.
struct ClientState
{
    Pages* pages{nullptr};    //!< where to write
    Time pageStart{Time(-1)}; //!< start of the page being loaded
    bool firstPage{true};     //!< the page is the connection's first
};

void
OnRequest(ClientState* state, Ptr<const Packet> /* packet */)
{
    if (!state->firstPage)
    {
        state->pageStart = Simulator::Now();
    }
}

void
OnState(ClientState* state, const std::string& from, const std::string& to)
{
    if (to == "CONNECTING" && state->firstPage)
    {
        state->pageStart = Simulator::Now();
    }
    else if (from == "CONNECTING" && to != "STOPPED" && state->pageStart.IsPositive())
    {
        state->pages->setup.push_back((Simulator::Now() - state->pageStart).GetSeconds() * 1000);
    }
    else if (to == "READING" && state->pageStart.IsPositive())
    {
        double ms = (Simulator::Now() - state->pageStart).GetSeconds() * 1000;
        (state->firstPage ? state->pages->first : state->pages->later).push_back(ms);
        state->firstPage = false;
        state->pageStart = Time(-1);
    }
}

/**
 * \param v values
 * \param q quantile in [0, 1]
 * \return the nearest-rank quantile (the k-th smallest, k = ceil(q n)), or -1
 */
double
Quantile(std::vector<double> v, double q)
{
    if (v.empty())
    {
        return -1;
    }
    std::sort(v.begin(), v.end());
    size_t k = static_cast<size_t>(std::ceil(q * v.size()));
    return v[std::max<size_t>(k, 1) - 1];
}

/**
 * Detach a stopped 3GPP HTTP client from its socket and close it. ns-3's
 * ThreeGppHttpClient only changes its state when it stops, so a connection that
 * fails or succeeds later (a SYN lost at high loss) ends the program with "Invalid
 * state STOPPED for ConnectionFailed()"; scheduled at the client's stop time.
 * \param app the client
 */
void
DetachClient(Ptr<Application> app)
{
    Ptr<Socket> socket = DynamicCast<ThreeGppHttpClient>(app)->GetSocket();
    if (!socket)
    {
        return;
    }
    socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                               MakeNullCallback<void, Ptr<Socket>>());
    socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                              MakeNullCallback<void, Ptr<Socket>>());
    socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    socket->SetDataSentCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    socket->Close();
}

/**
 * \param v a statistic (Quantile: -1 without samples)
 * \param format its printf format
 * \param valid false if it has no samples although it is not negative
 * \return it formatted, or "-" without samples (no connection set up, no page loaded)
 */
std::string
Cell(double v, const char* format, bool valid = true)
{
    if (!valid || v < 0)
    {
        return "-";
    }
    char text[32];
    std::snprintf(text, sizeof(text), format, v);
    return text;
}

/// Run options.
struct Options
{
    Time rtt{MilliSeconds(50)};   //!< round-trip time client-server
    double loss{0};               //!< loss rate per direction
    uint32_t clients{10};         //!< client nodes
    DataRate bandwidth{"20Mbps"}; //!< access links
    Time warmup{Seconds(60)};     //!< warm-up client's run
    Time duration{Seconds(300)};  //!< measured client's run
    uint32_t serverMtu{1448};     //!< the HTTP server's TCP segment size
};

/**
 * Run one configuration.
 * \param mode "tcp", "tls12", "tls13" or "tls13-resumed"
 * \param o options
 * \return the page load times
 */
Pages
Run(const std::string& mode, const Options& o)
{
    NodeContainer server;
    server.Create(1);
    NodeContainer clients;
    clients.Create(o.clients);
    InternetStackHelper stack;
    stack.Install(server);
    stack.Install(clients);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(o.bandwidth));
    p2p.SetChannelAttribute("Delay", TimeValue(o.rtt / 2));
    Ipv4AddressHelper ip;
    Ipv4Address serverIp;
    for (uint32_t i = 0; i < o.clients; ++i)
    {
        NetDeviceContainer devices = p2p.Install(clients.Get(i), server.Get(0));
        for (uint32_t d = 0; d < 2 && o.loss > 0; ++d)
        {
            Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
            em->SetAttribute("ErrorRate", DoubleValue(o.loss));
            em->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
            em->AssignStreams(1000 + 2 * i + d);
            devices.Get(d)->SetAttribute("ReceiveErrorModel", PointerValue(em));
        }
        std::string base =
            "10." + std::to_string(i / 250 + 1) + "." + std::to_string(i % 250) + ".0";
        ip.SetBase(Ipv4Address(base.c_str()), "255.255.255.0");
        Ipv4InterfaceContainer ifaces = ip.Assign(devices);
        if (i == 0)
        {
            serverIp = ifaces.GetAddress(1);
        }
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    // Every row, TCP included, runs over the same TCP (ProfiledTcpSocket with the
    // profile and TCP settings in effect): the stack helper installs it on every node;
    // the TLS rows also make the nodes' TCP sockets TLS sockets.
    TlsStackHelper tls;
    std::string version = mode == "tls12" ? "1.2" : "1.3";
    tls.SetContextAttribute("MinVersion", StringValue(version));
    tls.SetContextAttribute("MaxVersion", StringValue(version));
    tls.SetSecureTcp(mode != "tcp");
    std::string error = tls.Check(); // the context's settings (--ns3::TlsContext::...)
    if (!error.empty())
    {
        std::cerr << "tls-web: " << error << std::endl;
        std::exit(1);
    }
    tls.Install(server);
    tls.Install(clients);
    if (mode != "tcp")
    {
        if (mode == "tls13-resumed")
        {
            for (uint32_t i = 0; i < o.clients; ++i)
            {
                clients.Get(i)->GetObject<TlsSocketFactory>()->SetAttribute("ResumeSessions",
                                                                            BooleanValue(true));
            }
        }
    }

    // The server's TCP segment size: the 3GPP model draws 536 or 1460 bytes; here it is fixed.
    Config::SetDefault("ns3::ThreeGppHttpVariables::HighMtuSize", UintegerValue(o.serverMtu));
    Config::SetDefault("ns3::ThreeGppHttpVariables::HighMtuProbability", DoubleValue(1.0));
    ThreeGppHttpServerHelper serverHelper(serverIp);
    ApplicationContainer servers = serverHelper.Install(server);
    PointerValue variables;
    servers.Get(0)->GetAttribute("Variables", variables);
    variables.Get<ThreeGppHttpVariables>()->AssignStreams(1);

    ThreeGppHttpClientHelper clientHelper(serverIp);
    ApplicationContainer warmup = clientHelper.Install(clients);
    ApplicationContainer measured = clientHelper.Install(clients);
    warmup.Start(Seconds(1));
    warmup.Stop(Seconds(1) + o.warmup);
    measured.Start(Seconds(2) + o.warmup);
    measured.Stop(Seconds(2) + o.warmup + o.duration);
    for (uint32_t i = 0; i < o.clients; ++i)
    {
        Simulator::Schedule(Seconds(1) + o.warmup, &DetachClient, warmup.Get(i));
        Simulator::Schedule(Seconds(2) + o.warmup + o.duration, &DetachClient, measured.Get(i));
    }
    Pages pages;
    std::vector<ClientState> states(o.clients);
    for (uint32_t i = 0; i < o.clients; ++i)
    {
        // The same object sizes and reading times in every mode.
        warmup.Get(i)->GetAttribute("Variables", variables);
        variables.Get<ThreeGppHttpVariables>()->AssignStreams(100 + 2 * i);
        measured.Get(i)->GetAttribute("Variables", variables);
        variables.Get<ThreeGppHttpVariables>()->AssignStreams(101 + 2 * i);
        states[i].pages = &pages;
        measured.Get(i)->TraceConnectWithoutContext("StateTransition",
                                                    MakeBoundCallback(&OnState, &states[i]));
        measured.Get(i)->TraceConnectWithoutContext("TxMainObjectRequest",
                                                    MakeBoundCallback(&OnRequest, &states[i]));
    }
    Simulator::Stop(Seconds(3) + o.warmup + o.duration);
    Simulator::Run();
    Simulator::Destroy();
    return pages;
}

} // namespace

int
main(int argc, char* argv[])
{
    TlsTcpDefaults().Apply();
    Options o;
    TlsCommandLine cmd("tls-web",
                       "Web page loads (3GPP HTTP) over TCP, TLS 1.2, TLS 1.3 and resumed TLS 1.3; "
                       "--ns3::Type::Attribute=value sets any attribute.");
    cmd.AddOption("rtt",
                  "Round-trip time between clients and server",
                  "50ms",
                  [&o](const std::string& v) -> std::string {
                      if (!TlsCommandLine::ParseTime(v, &o.rtt) || !o.rtt.IsStrictlyPositive())
                      {
                          return "expected a time more than 0, like 50ms";
                      }
                      return "";
                  });
    cmd.AddOption("loss",
                  "Packet loss rate in each direction",
                  "0",
                  [&o](const std::string& v) -> std::string {
                      if (!TlsCommandLine::ParseDouble(v, &o.loss) || !(o.loss >= 0 && o.loss < 1))
                      {
                          return "expected a rate in [0, 1)";
                      }
                      return "";
                  });
    cmd.AddOption("clients", "Client nodes", "10", [&o](const std::string& v) -> std::string {
        uint64_t n = 0;
        if (!TlsCommandLine::ParseUnsigned(v, &n) || n < 1 || n > 1000)
        {
            return "expected a whole number from 1 to 1000";
        }
        o.clients = static_cast<uint32_t>(n);
        return "";
    });
    cmd.AddOption("bandwidth",
                  "Access link data rate",
                  "20Mbps",
                  [&o](const std::string& v) -> std::string {
                      if (!TlsCommandLine::CheckAttribute("ns3::PointToPointNetDevice::DataRate", v)
                               .empty() ||
                          DataRate(v).GetBitRate() == 0)
                      {
                          return "expected a data rate more than 0, like 20Mbps";
                      }
                      o.bandwidth = DataRate(v);
                      return "";
                  });
    cmd.AddOption("duration",
                  "Measured clients' run",
                  "300s",
                  [&o](const std::string& v) -> std::string {
                      if (!TlsCommandLine::ParseTime(v, &o.duration) ||
                          !o.duration.IsStrictlyPositive())
                      {
                          return "expected a time more than 0, like 300s";
                      }
                      return "";
                  });
    cmd.AddOption("serverMtu",
                  "The HTTP server's TCP segment size (the 3GPP model draws 536 or 1460; 1448 "
                  "matches the module's TCP defaults)",
                  "1448",
                  [&o](const std::string& v) -> std::string {
                      uint64_t n = 0;
                      if (!TlsCommandLine::ParseUnsigned(v, &n) || n < 100 || n > 9000)
                      {
                          return "expected a whole number from 100 to 9000";
                      }
                      o.serverMtu = static_cast<uint32_t>(n);
                      return "";
                  });
    cmd.Parse(argc, argv);
    // Attributes this program sets from its own options: a changed default
    // would be overwritten without a word, so it is refused.
    std::string overwritten = TlsCommandLine::CheckShadowed(
        {{"ns3::PointToPointNetDevice::DataRate", "--bandwidth"},
         {"ns3::PointToPointChannel::Delay", "--rtt"},
         {"ns3::RateErrorModel::ErrorRate", "--loss"},
         {"ns3::RateErrorModel::ErrorUnit", "--loss"},
         {"ns3::ThreeGppHttpVariables::HighMtuSize", "--serverMtu"},
         {"ns3::ThreeGppHttpVariables::HighMtuProbability", "--serverMtu"},
         {"ns3::TlsContext::MinVersion", "row (tls12, tls13)"},
         {"ns3::TlsContext::MaxVersion", "row (tls12, tls13)"},
         {"ns3::TlsSocketFactory::ResumeSessions", "row (tls13-resumed)"}},
        "tls-web");
    if (!overwritten.empty())
    {
        cmd.Fail(overwritten);
    }
    std::string unused = TlsCommandLine::CheckUnusedType(
        "ns3::TlsCpu",
        "tls-web has no crypto CPU model (tls-experiment --cpuCores has)");
    if (!unused.empty())
    {
        cmd.Fail(unused);
    }

    // The TLS settings (--ns3::TlsContext::...), before any output: the rows
    // check their own version's configuration again as they start.
    std::string invalid = TlsStackHelper().Check();
    if (!invalid.empty())
    {
        cmd.Fail(invalid);
    }

    const double rttMs = o.rtt.GetSeconds() * 1000;
    std::map<std::string, int> extraRtts = {{"tcp", 0},
                                            {"tls12", 2},
                                            {"tls13", 1},
                                            {"tls13-resumed", 1}};
    std::printf("page load time (ms), %u clients, RTT %.1f ms, loss %.3f per direction\n",
                o.clients,
                rttMs,
                o.loss);
    std::printf("%-14s %9s %8s %9s | %6s %8s %8s | %6s %8s %8s\n",
                "mode",
                "setup p50",
                "vs tcp",
                "expected",
                "first",
                "p50",
                "p90",
                "later",
                "p50",
                "p90");
    double tcpSetup = -1;
    for (const std::string mode : {"tcp", "tls12", "tls13", "tls13-resumed"})
    {
        Pages pages = Run(mode, o);
        double setup = Quantile(pages.setup, 0.5);
        if (mode == "tcp")
        {
            tcpSetup = setup;
        }
        std::printf("%-14s %9s %8s %+9.1f | %6zu %8s %8s | %6zu %8s %8s\n",
                    mode.c_str(),
                    Cell(setup, "%.1f").c_str(),
                    Cell(setup - tcpSetup, "%+.1f", setup >= 0 && tcpSetup >= 0).c_str(),
                    extraRtts[mode] * rttMs,
                    pages.first.size(),
                    Cell(Quantile(pages.first, 0.5), "%.1f").c_str(),
                    Cell(Quantile(pages.first, 0.9), "%.1f").c_str(),
                    pages.later.size(),
                    Cell(Quantile(pages.later, 0.5), "%.1f").c_str(),
                    Cell(Quantile(pages.later, 0.9), "%.1f").c_str());
    }
    std::printf(
        "setup: connect to the first request (TCP and TLS handshakes); expected: the TLS\n"
        "handshake's extra round trips x RTT. first: page load time of a connection's first\n"
        "page, from the connect; later: pages on an open connection (ms). First pages differ\n"
        "from TCP's by more or less than the setup: TLS adds record bytes, and the\n"
        "handshake's acknowledged bytes open TCP's window.\n");
    return 0;
}
