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
    std::string version = "1.2";
    bool mutualAuth = false;
    std::string keyType = "p256";
    uint32_t chainDepth = 1;
    Time delay = MilliSeconds(10);
    std::string dataRate = "100Mbps";
    std::string pcap;
    std::string cipher;
    std::string groups;
    bool tickets = true;
    uint32_t requestSize = 0;
    uint32_t responseSize = 0;
    uint32_t connections = 1;
    bool resume = false;
    uint32_t earlyData = 0;
    std::string scenario;
    std::string messages;
    std::string keylog;
    TlsTcpDefaults tcp;
    bool ipv6 = false;

    // --version=1.2|1.3 (ns-3's CommandLine would take --version for itself).
    TlsTakeOption(&argc, argv, "version", &version);
    CommandLine cmd(__FILE__);
    cmd.Usage("One TLS client and server over a point-to-point link: the message ladder.\n"
              "  --version=1.2|1.3: TLS version [1.2]");
    cmd.AddValue("mutualAuth", "The server requires a client certificate", mutualAuth);
    cmd.AddValue("keyType", "rsa2048, rsa3072, rsa4096, p256, p384 or ed25519", keyType);
    cmd.AddValue("chainDepth", "Intermediate CAs in the certificate chain", chainDepth);
    cmd.AddValue("delay", "One-way link delay", delay);
    cmd.AddValue("dataRate", "Link data rate", dataRate);
    cmd.AddValue("pcap", "Write pcap files with this prefix", pcap);
    cmd.AddValue("keylog", "Write the session secrets (SSLKEYLOGFILE format) to this file", keylog);
    cmd.AddValue("messages", "Write the message trace (CSV) to this file", messages);
    cmd.AddValue("cipher", "TLS 1.2 cipher list (OpenSSL string)", cipher);
    cmd.AddValue("groups", "Key exchange groups (OpenSSL string, e.g. X25519:P-256)", groups);
    cmd.AddValue("tickets", "Allow session tickets", tickets);
    cmd.AddValue("requestSize", "Request bytes after the handshake (0: none)", requestSize);
    cmd.AddValue("responseSize", "Response bytes", responseSize);
    cmd.AddValue("connections", "Connections, one after another", connections);
    cmd.AddValue("resume", "Resume the previous session on later connections", resume);
    cmd.AddValue("earlyData", "TLS 1.3: request bytes sent as 0-RTT data when resuming", earlyData);
    cmd.AddValue("scenario", "Fault scenario (expired-cert, unknown-ca, ..., garbage)", scenario);
    cmd.AddValue("segmentSize", "TCP segment size (bytes)", tcp.segmentSize);
    cmd.AddValue("initialCwnd", "TCP initial window (segments)", tcp.initialCwnd);
    cmd.AddValue("ipv6", "Use IPv6", ipv6);
    cmd.Parse(argc, argv);

    if (version != "1.2" && version != "1.3")
    {
        std::cerr << "tls-handshake: option --version has invalid value '" << version
                  << "' (expected 1.2 or 1.3)" << std::endl;
        return 1;
    }
    if (earlyData > 0 && requestSize < earlyData)
    {
        requestSize = std::max<uint32_t>(earlyData, 8); // early data is the start of a request
    }
    tcp.Apply();

    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue(dataRate));
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
    Ptr<TlsContext> context = CreateObject<TlsContext>();
    context->SetAttribute("MinVersion", StringValue(version));
    context->SetAttribute("MaxVersion", StringValue(version));
    context->SetAttribute("KeyType", StringValue(keyType));
    context->SetAttribute("ChainDepth", UintegerValue(chainDepth));
    context->SetAttribute("CipherList", StringValue(cipher));
    context->SetAttribute("Groups", StringValue(groups));
    context->SetAttribute("SessionTickets", BooleanValue(tickets));
    context->SetAttribute("ClientAuth", StringValue(mutualAuth ? "require" : "none"));
    context->SetAttribute("KeyLogFile", StringValue(keylog));
    if (earlyData > 0)
    {
        context->SetAttribute("MaxEarlyData", UintegerValue(16384));
    }
    Ptr<TlsContext> clientContext = context;
    TlsScenarioActions actions;
    if (!scenario.empty())
    {
        clientContext = context->Copy();
        std::string error = TlsApplyScenario(scenario, context, clientContext, &actions);
        if (!error.empty())
        {
            std::cerr << "tls-handshake: option --scenario: " << error << std::endl;
            return 1;
        }
    }
    std::string error = context->Configure(TlsRole::SERVER);
    if (error.empty())
    {
        error = clientContext->Configure(TlsRole::CLIENT);
    }
    if (!error.empty())
    {
        std::cerr << "tls-handshake: " << error << std::endl;
        return 1;
    }

    TlsServerHelper server(ipv6 ? Address(Inet6SocketAddress(Ipv6Address::GetAny(), port))
                                : Address(InetSocketAddress(Ipv4Address::GetAny(), port)));
    server.SetContext(context);
    ApplicationContainer serverApps = server.Install(nodes.Get(1));
    serverApps.Start(Seconds(0));

    TlsClientHelper client(serverAddress);
    client.SetContext(clientContext);
    client.SetAttribute("RequestSize", UintegerValue(requestSize));
    client.SetAttribute("ResponseSize", UintegerValue(responseSize));
    client.SetAttribute("Connections", UintegerValue(connections));
    client.SetAttribute("Interval", TimeValue(MilliSeconds(100)));
    client.SetAttribute("Resume", StringValue(resume ? "always" : "never"));
    client.SetAttribute("EarlyData", UintegerValue(earlyData));
    client.SetAttribute("SendGarbage", BooleanValue(actions.sendGarbage));
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
            std::cerr << "tls-handshake: option --messages: cannot write '" << messages << "'"
                      << std::endl;
            return 1;
        }
        csv << "conn_id,time_s,direction,phase,message,length\n";
        csv.precision(9);
    }
    Printer clientPrinter{version == "1.2", true, messages.empty() ? nullptr : &csv};
    Printer serverPrinter{version == "1.2", false, messages.empty() ? nullptr : &csv};
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

    std::printf("TLS %s, key %s, %u intermediate(s), %s, one-way delay %.3f ms, %s%s%s\n",
                version.c_str(),
                keyType.c_str(),
                chainDepth,
                mutualAuth ? "mutual authentication" : "server authentication",
                delay.GetSeconds() * 1e3,
                dataRate.c_str(),
                scenario.empty() ? "" : ", scenario ",
                scenario.c_str());
    Simulator::Stop(Seconds(60));
    Simulator::Run();
    Simulator::Destroy();
    // A fault scenario is expected to fail; anything else that fails is an error.
    return failed && scenario.empty() ? 2 : 0;
}
