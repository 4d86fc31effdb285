/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// One TLS client, one TLS server, one point-to-point link. Prints every
// handshake message as it leaves its sender (simulated time, direction, the
// phase of the classic four-phase TLS 1.2 description, name, length), every
// alert, then the handshake latency measured from the client's TCP connect.
//
//   ./build/examples/tls-handshake --version=1.2 --mutualAuth
//   ./build/examples/tls-handshake --version=1.3 --keyType=rsa2048 --chainDepth=3 --pcap=hs
//   ./build/examples/tls-handshake --version=1.2 --connections=2 --resume --tickets=0
//   ./build/examples/tls-handshake --version=1.3 --connections=2 --resume --earlyData=500
//   ./build/examples/tls-handshake --scenario=unknown-ca

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tls-module.h"

#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("TlsHandshakeExample");

namespace
{

/// Where and how the example reports messages.
struct Printer
{
    bool tls12{true};            //!< phases are printed for TLS 1.2
    bool fromClient{true};       //!< the application this printer listens to is the client
    std::ofstream* csv{nullptr}; //!< message trace file, if any
};

void
WriteCsv(Printer* p, uint64_t connId, const std::string& message, int phase, uint32_t length)
{
    if (p->csv)
    {
        *p->csv << connId << "," << Simulator::Now().GetSeconds() << ","
                << (p->fromClient ? "C->S" : "S->C") << ","
                << (phase > 0 ? std::to_string(phase) : "") << "," << message << "," << length
                << "\n";
    }
}

void
PrintStarted(uint32_t* count, uint64_t /* connId */)
{
    std::printf("-- connection %u\n", ++*count);
}

void
PrintMessage(Printer* p, uint64_t connId, bool sent, TlsMessage msg, uint32_t length)
{
    if (!sent)
    {
        return; // each message is printed once, by its sender
    }
    int ph = p->tls12 ? TlsSeedPhase(msg, p->fromClient) : 0;
    std::string phase = ph > 0 ? std::to_string(ph) : "-";
    std::printf("%12.6f s  %s  phase %s  %-20s %6u bytes\n",
                Simulator::Now().GetSeconds(),
                p->fromClient ? "C->S" : "S->C",
                phase.c_str(),
                TlsMessageName(msg).c_str(),
                length);
    WriteCsv(p, connId, TlsMessageName(msg), ph, length);
}

void
PrintAlert(Printer* p, uint64_t connId, bool sent, uint8_t level, uint8_t description)
{
    if (!sent)
    {
        return;
    }
    std::printf("%12.6f s  %s  alert    %s %s (%u)\n",
                Simulator::Now().GetSeconds(),
                p->fromClient ? "C->S" : "S->C",
                TlsAlertLevelName(level).c_str(),
                TlsAlertName(description).c_str(),
                description);
    WriteCsv(p, connId, "Alert:" + TlsAlertName(description), 0, 2);
}

void
PrintCompleted(uint64_t /* connId */, const TlsConnectionRecord& record)
{
    std::printf("negotiated: TLS %s, %s, group %s%s%s%s\n",
                record.info.version.c_str(),
                record.info.cipher.c_str(),
                record.info.group.empty() ? "none" : record.info.group.c_str(),
                record.info.resumed ? (", resumed (" + record.info.resumption + ")").c_str() : "",
                record.earlyDataBytes > 0 ? ", early data " : "",
                record.earlyDataBytes > 0 ? record.info.earlyData.c_str() : "");
    std::printf("handshake complete: %.3f ms\n", record.GetHandshakeLatency().GetSeconds() * 1e3);
}

void
PrintClosed(bool* failed, uint64_t /* connId */, const TlsConnectionRecord& record)
{
    if (record.outcome == TlsOutcome::OK)
    {
        return;
    }
    *failed = true;
    std::string alert;
    if (record.alert >= 0)
    {
        alert = " " + TlsAlertName(record.alert) + (record.alertSent ? " (sent" : " (received") +
                " at " + std::to_string(record.alertTime.GetSeconds()) + " s, state '" +
                record.alertState + "')";
    }
    std::printf("connection ended: %s%s%s\n",
                TlsOutcomeName(record.outcome).c_str(),
                alert.c_str(),
                record.error.empty() ? "" : (": " + record.error).c_str());
}

} // namespace

int
main(int argc, char* argv[])
{
    try
    {
        // The program's defaults, before parsing: a value on the command line wins.
        TlsTcpDefaults().Apply();
        Config::SetDefault("ns3::TlsContext::MinVersion", StringValue("1.2"));
        Config::SetDefault("ns3::TlsContext::MaxVersion", StringValue("1.2"));
        Config::SetDefault("ns3::TlsClient::Interval", TimeValue(MilliSeconds(100)));
        Config::SetDefault("ns3::TlsClient::Resume", StringValue("never"));

        Time delay = MilliSeconds(10);
        DataRate dataRate("100Mbps");
        std::string pcap;
        std::string scenario;
        std::string messages;
        bool ipv6 = false;

        // --version=1.2|1.3 (ns-3's CommandLine would take --version for itself).
        std::string version;
        bool haveVersion = TlsTakeOption(&argc, argv, "version", &version);
        TlsCommandLine cmd("tls-handshake",
                           "One TLS client and server over a point-to-point link: the message "
                           "ladder.\n"
                           "  --version=1.2|1.3: TLS version (sets ns3::TlsContext::MinVersion "
                           "and MaxVersion) [1.2]\n"
                           "Every option sets the attribute named in its help; "
                           "--ns3::Type::Attribute=value sets any other.");
        cmd.AddOption("mutualAuth",
                      "The server requires a client certificate (sets "
                      "ns3::TlsContext::ClientAuth to require or none)",
                      "false",
                      [](const std::string& v) -> std::string {
                          bool b = false;
                          if (!TlsCommandLine::ParseBool(v, &b))
                          {
                              return "expected true or false";
                          }
                          Config::SetDefault("ns3::TlsContext::ClientAuth",
                                             StringValue(b ? "require" : "none"));
                          return "";
                      });
        cmd.AddAttribute("keyType", "ns3::TlsContext::KeyType");
        cmd.AddAttribute("chainDepth", "ns3::TlsContext::ChainDepth");
        cmd.AddOption("delay",
                      "One-way link delay",
                      "10ms",
                      [&delay](const std::string& v) -> std::string {
                          if (!TlsCommandLine::ParseTime(v, &delay) || delay.IsStrictlyNegative())
                          {
                              return "expected a time of 0 or more, like 10ms";
                          }
                          return "";
                      });
        cmd.AddOption("dataRate",
                      "Link data rate",
                      "100Mbps",
                      [&dataRate](const std::string& v) -> std::string {
                          std::string allowed =
                              TlsCommandLine::CheckAttribute("ns3::PointToPointNetDevice::DataRate",
                                                             v);
                          if (!allowed.empty() || DataRate(v).GetBitRate() == 0)
                          {
                              return "expected a data rate more than 0, like 100Mbps";
                          }
                          dataRate = DataRate(v);
                          return "";
                      });
        cmd.AddOption("pcap",
                      "Write pcap files with this prefix",
                      "",
                      [&pcap](const std::string& v) -> std::string {
                          std::string why = TlsCommandLine::CheckWritable(v + "-0-1.pcap");
                          if (!why.empty())
                          {
                              return "expected a prefix of files that can be written: " + why;
                          }
                          pcap = v;
                          return "";
                      });
        cmd.AddAttribute("keylog", "ns3::TlsContext::KeyLogFile");
        cmd.AddOption("messages",
                      "Write the message trace (CSV) to this file",
                      "",
                      [&messages](const std::string& v) -> std::string {
                          std::string why = TlsCommandLine::CheckWritable(v);
                          if (!why.empty())
                          {
                              return "expected a file that can be written: " + why;
                          }
                          messages = v;
                          return "";
                      });
        cmd.AddAttribute("cipher", "ns3::TlsContext::CipherList");
        cmd.AddAttribute("groups", "ns3::TlsContext::Groups");
        cmd.AddAttribute("tickets", "ns3::TlsContext::SessionTickets");
        cmd.AddAttribute("requestSize", "ns3::TlsClient::RequestSize");
        cmd.AddAttribute("responseSize", "ns3::TlsClient::ResponseSize");
        cmd.AddAttribute("connections", "ns3::TlsClient::Connections", [](const std::string& v) {
            return v == "0" ? "expected at least 1" : "";
        });
        cmd.AddOption("resume",
                      "Resume the previous session on later connections (sets "
                      "ns3::TlsClient::Resume to always or never)",
                      "false",
                      [](const std::string& v) -> std::string {
                          bool b = false;
                          if (!TlsCommandLine::ParseBool(v, &b))
                          {
                              return "expected true or false";
                          }
                          Config::SetDefault("ns3::TlsClient::Resume",
                                             StringValue(b ? "always" : "never"));
                          return "";
                      });
        cmd.AddAttribute("earlyData", "ns3::TlsClient::EarlyData");
        cmd.AddOption("scenario",
                      "Fault scenario (expired-cert, unknown-ca, ..., garbage; none)",
                      "",
                      [&scenario](const std::string& v) -> std::string {
                          if (!v.empty() && v != "none" && !TlsFindScenario(v))
                          {
                              std::string names;
                              for (const auto& s : TlsScenarios())
                              {
                                  names += ", " + s.name;
                              }
                              return "expected none" + names;
                          }
                          scenario = v == "none" ? "" : v;
                          return "";
                      });
        auto atLeastOne = [](const std::string& v) {
            return v == "0" ? "expected at least 1" : "";
        };
        cmd.AddAttribute("segmentSize", "ns3::TcpSocket::SegmentSize", atLeastOne);
        cmd.AddAttribute("initialCwnd", "ns3::TcpSocket::InitialCwnd", atLeastOne);
        cmd.AddOption("ipv6", "Use IPv6", "false", [&ipv6](const std::string& v) -> std::string {
            return TlsCommandLine::ParseBool(v, &ipv6) ? "" : "expected true or false";
        });
        cmd.Parse(argc, argv);
        if (haveVersion)
        {
            if (version != "1.2" && version != "1.3")
            {
                cmd.Fail("option --version has invalid value '" + version +
                         "' (expected 1.2 or 1.3)");
            }
            Config::SetDefault("ns3::TlsContext::MinVersion", StringValue(version));
            Config::SetDefault("ns3::TlsContext::MaxVersion", StringValue(version));
        }
        uint64_t segmentSize =
            std::stoull(TlsCommandLine::GetDefault("ns3::TcpSocket::SegmentSize"));
        std::string fits;
        uint32_t maxSegment = TlsTcpDefaults::MaxSegmentSize(&fits);
        if (segmentSize == 0 || segmentSize > maxSegment)
        {
            cmd.Fail("attribute ns3::TcpSocket::SegmentSize has invalid value '" +
                     std::to_string(segmentSize) + "' (expected 1 to " +
                     std::to_string(maxSegment) + " bytes: " + fits + ")");
        }
        uint64_t requestSize =
            std::stoull(TlsCommandLine::GetDefault("ns3::TlsClient::RequestSize"));
        uint64_t responseSize =
            std::stoull(TlsCommandLine::GetDefault("ns3::TlsClient::ResponseSize"));
        uint64_t earlyData = std::stoull(TlsCommandLine::GetDefault("ns3::TlsClient::EarlyData"));
        uint64_t connections =
            std::stoull(TlsCommandLine::GetDefault("ns3::TlsClient::Connections"));
        if (earlyData > 0 && requestSize > 0 && requestSize < earlyData)
        {
            cmd.Fail("option --requestSize (ns3::TlsClient::RequestSize) has invalid value '" +
                     std::to_string(requestSize) + "' (expected 0 or at least --earlyData's " +
                     std::to_string(earlyData) + ": early data is the start of a request)");
        }
        if (earlyData > 0 && requestSize < earlyData)
        {
            // early data is the start of a request
            requestSize = std::max<uint64_t>(earlyData, 8);
            Config::SetDefault("ns3::TlsClient::RequestSize", UintegerValue(requestSize));
        }
        if (requestSize == 0 && responseSize > 0)
        {
            cmd.Fail("option --responseSize (ns3::TlsClient::ResponseSize) has invalid value '" +
                     std::to_string(responseSize) +
                     "' (expected 0 when --requestSize is 0: a response answers a request)");
        }
        // Attributes this program sets from its own options: a changed default
        // would be overwritten without a word, so it is refused.
        std::vector<std::pair<std::string, std::string>> shadowed = {
            {"ns3::PointToPointNetDevice::DataRate", "--dataRate"},
            {"ns3::PointToPointChannel::Delay", "--delay"}};
        if (earlyData > 0)
        {
            shadowed.emplace_back("ns3::TlsContext::MaxEarlyData", "--earlyData");
        }
        std::string overwritten = TlsCommandLine::CheckShadowed(shadowed, "tls-handshake");
        if (!overwritten.empty())
        {
            cmd.Fail(overwritten);
        }
        for (const auto& [type, why] : std::vector<std::pair<std::string, std::string>>{
                 {"ns3::TlsCpu",
                  "tls-handshake has no crypto CPU model (tls-experiment --cpuCores has)"},
                 {"ns3::ProfiledTcpL4Protocol",
                  "both sockets are TLS sockets: set ns3::TlsApplication::TcpFastPath instead"}})
        {
            std::string unused = TlsCommandLine::CheckUnusedType(type, why);
            if (!unused.empty())
            {
                cmd.Fail(unused);
            }
        }
        if (earlyData > 0)
        {
            Config::SetDefault("ns3::TlsContext::MaxEarlyData", UintegerValue(16384));
        }
        if (!messages.empty() &&
            TlsCommandLine::GetDefault("ns3::TlsContext::KeyLogFile") == messages)
        {
            cmd.Fail("option --messages has invalid value '" + messages +
                     "' (expected a file other than --keylog's)");
        }

        NodeContainer nodes;
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", DataRateValue(dataRate));
        p2p.SetChannelAttribute("Delay", TimeValue(delay));
        NetDeviceContainer devices = p2p.Install(nodes);
        InternetStackHelper stack;
        stack.Install(nodes);

        const uint16_t port = 443;
        Address serverAddress;
        Address clientIp;
        if (ipv6)
        {
            Ipv6AddressHelper addresses;
            addresses.SetBase("2001:db8::", Ipv6Prefix(64));
            Ipv6InterfaceContainer ifaces = addresses.Assign(devices);
            serverAddress = Inet6SocketAddress(ifaces.GetAddress(1, 1), port);
            clientIp = ifaces.GetAddress(0, 1);
        }
        else
        {
            Ipv4AddressHelper addresses;
            addresses.SetBase("10.1.1.0", "255.255.255.0");
            Ipv4InterfaceContainer ifaces = addresses.Assign(devices);
            serverAddress = InetSocketAddress(ifaces.GetAddress(1), port);
            clientIp = ifaces.GetAddress(0);
        }

        // One context for both sides: they share the generated certificate hierarchy.
        // It takes the TlsContext defaults: the options and --ns3::TlsContext::* alike.
        Ptr<TlsContext> context = CreateObject<TlsContext>();
        Ptr<TlsContext> clientContext = context;
        TlsScenarioActions actions;
        if (!scenario.empty())
        {
            clientContext = context->Copy();
            std::string error = TlsApplyScenario(scenario, context, clientContext, &actions);
            if (!error.empty())
            {
                cmd.Fail("option --scenario: " + error);
            }
        }
        std::string error = context->Configure(TlsRole::SERVER);
        if (error.empty())
        {
            error = clientContext->Configure(TlsRole::CLIENT);
        }
        if (!error.empty())
        {
            cmd.Fail(error);
        }
        StringValue minVersion;
        StringValue maxVersion;
        StringValue clientAuth;
        context->GetAttribute("MinVersion", minVersion);
        context->GetAttribute("MaxVersion", maxVersion);
        context->GetAttribute("ClientAuth", clientAuth);

        TlsServerHelper server(ipv6 ? Address(Inet6SocketAddress(Ipv6Address::GetAny(), port))
                                    : Address(InetSocketAddress(Ipv4Address::GetAny(), port)));
        server.SetContext(context);
        ApplicationContainer serverApps = server.Install(nodes.Get(1));
        serverApps.Start(Seconds(0));

        TlsClientHelper client(serverAddress);
        client.SetContext(clientContext);
        if (actions.sendGarbage)
        {
            client.SetAttribute("SendGarbage", BooleanValue(true));
        }
        ApplicationContainer clientApps = client.Install(nodes.Get(0));
        clientApps.Start(Seconds(0));
        if (actions.tamper)
        {
            Ptr<TlsTamperErrorModel> tamper = CreateObject<TlsTamperErrorModel>();
            tamper->SetSource(clientIp);
            devices.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(tamper));
        }

        std::ofstream csv;
        if (!messages.empty())
        {
            csv.open(messages);
            if (!csv)
            {
                cmd.Fail("option --messages has invalid value '" + messages +
                         "' (expected a file that can be written)");
            }
            csv << "conn_id,time_s,direction,phase,message,length\n";
            csv.precision(9);
        }
        bool tls12 = maxVersion.Get() == "1.2";
        Printer clientPrinter{tls12, true, messages.empty() ? nullptr : &csv};
        Printer serverPrinter{tls12, false, messages.empty() ? nullptr : &csv};
        bool failed = false;
        uint32_t started = 0;
        Ptr<Application> c = clientApps.Get(0);
        Ptr<Application> s = serverApps.Get(0);
        if (connections > 1)
        {
            c->TraceConnectWithoutContext("HandshakeStarted",
                                          MakeBoundCallback(&PrintStarted, &started));
        }
        c->TraceConnectWithoutContext("HandshakeMessage",
                                      MakeBoundCallback(&PrintMessage, &clientPrinter));
        s->TraceConnectWithoutContext("HandshakeMessage",
                                      MakeBoundCallback(&PrintMessage, &serverPrinter));
        c->TraceConnectWithoutContext("Alert", MakeBoundCallback(&PrintAlert, &clientPrinter));
        s->TraceConnectWithoutContext("Alert", MakeBoundCallback(&PrintAlert, &serverPrinter));
        c->TraceConnectWithoutContext("HandshakeCompleted", MakeCallback(&PrintCompleted));
        c->TraceConnectWithoutContext("ConnectionClosed", MakeBoundCallback(&PrintClosed, &failed));

        if (!pcap.empty())
        {
            p2p.EnablePcapAll(pcap);
        }

        std::string versions = minVersion.Get() == maxVersion.Get()
                                   ? maxVersion.Get()
                                   : minVersion.Get() + " to " + maxVersion.Get();
        std::printf("TLS %s, key %s, %u intermediate(s), %s, one-way delay %.3f ms, %s, "
                    "segment %llu bytes, initial window %s%s%s\n",
                    versions.c_str(),
                    context->GetKeyType().c_str(),
                    context->GetChainDepth(),
                    clientAuth.Get() == "require" ? "mutual authentication"
                                                  : "server authentication",
                    delay.GetSeconds() * 1e3,
                    (std::to_string(dataRate.GetBitRate()) + "bps").c_str(),
                    static_cast<unsigned long long>(segmentSize),
                    TlsCommandLine::GetDefault("ns3::TcpSocket::InitialCwnd").c_str(),
                    scenario.empty() ? "" : ", scenario ",
                    scenario.c_str());
        Simulator::Stop(Seconds(60));
        Simulator::Run();
        Simulator::Destroy();
        // A fault scenario is expected to fail; anything else that fails is an error.
        return failed && scenario.empty() ? 2 : 0;
    }
    catch (const std::exception& ex)
    {
        std::cerr << "tls-handshake: " << ex.what() << std::endl;
        return 1;
    }
}
