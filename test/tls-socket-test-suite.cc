/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The TLS socket: stock ns-3 applications (BulkSend, PacketSink, OnOff, the 3GPP
// HTTP client and server) over TlsSocketFactory, and the Socket API semantics
// an application relies on. Expectations are derived here: byte patterns the
// test computes, round trips from the link delay, RFC 8446 alert codes.

#include "tls-test-utils.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"
#include "ns3/tls-module.h"
#include "ns3/tls-ns3-compat.h"

#include <vector>

using namespace ns3;
using namespace ns3::tls_test;

namespace
{

/// The byte a PatternSender sends at a stream offset (independent of the module's pattern).
uint8_t
TestPattern(uint64_t offset)
{
    return static_cast<uint8_t>((offset * 7 + 3) ^ (offset >> 11));
}

/**
 * Sends a number of pattern bytes over a socket made by a socket factory as
 * the application's send callback allows, then closes (like BulkSend, but
 * with bytes a receiver can check).
 */
class PatternSender : public Application
{
  public:
    /**
     * \param tid socket factory
     * \param remote the server
     * \param total bytes to send
     */
    void Setup(TypeId tid, Address remote, uint64_t total)
    {
        m_tid = tid;
        m_remote = remote;
        m_total = total;
    }

    uint64_t m_sent{0}; //!< bytes the socket took

  private:
    void StartApplication() override
    {
        m_socket = Socket::CreateSocket(GetNode(), m_tid);
        m_socket->Bind();
        m_socket->SetConnectCallback(MakeCallback(&PatternSender::Fill, this),
                                     MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetSendCallback(MakeCallback(&PatternSender::More, this));
        m_socket->Connect(m_remote);
    }

    void StopApplication() override
    {
    }

    void More(Ptr<Socket> socket, uint32_t /* available */)
    {
        if (m_connected)
        {
            Fill(socket);
        }
    }

    void Fill(Ptr<Socket> socket)
    {
        m_connected = true;
        while (m_sent < m_total && !m_closed)
        {
            uint32_t n = std::min<uint64_t>({socket->GetTxAvailable(), m_total - m_sent, 1000});
            if (n == 0)
            {
                return;
            }
            std::vector<uint8_t> bytes(n);
            for (uint32_t i = 0; i < n; ++i)
            {
                bytes[i] = TestPattern(m_sent + i);
            }
            int r = socket->Send(bytes.data(), n, 0);
            if (r != static_cast<int>(n))
            {
                return;
            }
            m_sent += n;
        }
        if (m_sent == m_total && !m_closed)
        {
            m_closed = true;
            socket->Close();
        }
    }

    TypeId m_tid;
    Address m_remote;
    uint64_t m_total{0};
    Ptr<Socket> m_socket;
    bool m_connected{false};
    bool m_closed{false};
};

/// Counts and checks what a PacketSink receives against TestPattern.
struct PatternCheck
{
    uint64_t received{0}; //!< bytes
    uint64_t bad{0};      //!< bytes that differ
    bool zeros{false};    //!< expect zero bytes (BulkSend) instead of the pattern
    uint64_t firstBad{0}; //!< offset of the first wrong byte

    /// \param packet what the sink received
    void Rx(Ptr<const Packet> packet, const Address& /* from */)
    {
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        for (size_t i = 0; i < bytes.size(); ++i)
        {
            bool wrong = bytes[i] != (zeros ? 0 : TestPattern(received + i));
            if (wrong && bad == 0)
            {
                firstBad = received + i;
            }
            bad += wrong;
        }
        received += bytes.size();
    }
};

/// Outcomes seen by a factory's ConnectionClosed trace.
struct Outcomes
{
    std::vector<TlsConnectionRecord> records; //!< every record

    /// \param id connection \param record its record
    void Closed(uint64_t /* id */, const TlsConnectionRecord& record)
    {
        records.push_back(record);
    }

    /// \param outcome an outcome \return how many records have it
    uint32_t Count(TlsOutcome outcome) const
    {
        uint32_t n = 0;
        for (const auto& r : records)
        {
            n += r.outcome == outcome;
        }
        return n;
    }
};

/**
 * Install TLS on every node of a star, with one context.
 * \param star the star
 * \param version "1.2" or "1.3"
 * \return the helper
 */
TlsStackHelper
InstallTls(const Star& star, const std::string& version)
{
    TlsStackHelper tls;
    tls.SetContextAttribute("MinVersion", StringValue(version));
    tls.SetContextAttribute("MaxVersion", StringValue(version));
    tls.Install(star.server);
    tls.Install(star.clients);
    return tls;
}

/**
 * Lose packets at random in both directions of a star's first link.
 * \param star the star
 * \param rate loss rate
 */
void
AddLoss(const Star& star, double rate)
{
    Ptr<NetDevice> server = star.serverDevices[0];
    Ptr<NetDevice> client = server->GetChannel()->GetDevice(0) == server
                                ? server->GetChannel()->GetDevice(1)
                                : server->GetChannel()->GetDevice(0);
    for (auto device : {server, client})
    {
        Ptr<RateErrorModel> loss = CreateObject<RateErrorModel>();
        loss->SetAttribute("ErrorRate", DoubleValue(rate));
        loss->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
        loss->AssignStreams(device == server ? 11 : 12);
        device->SetAttribute("ReceiveErrorModel", PointerValue(loss));
    }
}

} // namespace

/**
 * 10 MB from a pattern sender and 10 MB from BulkSend to PacketSinks over TLS:
 * every byte arrives, in order, as sent; PacketSink's Rx trace and its total agree.
 */
class TlsSocketBulkTestCase : public TestCase
{
  public:
    /**
     * \param version TLS version
     * \param loss loss rate per direction
     */
    TlsSocketBulkTestCase(std::string version, double loss)
        : TestCase("BulkSend and a pattern sender to PacketSink over TLS " + version + ", loss " +
                   std::to_string(loss)),
          m_version(version),
          m_loss(loss)
    {
    }

  private:
    void DoRun() override
    {
        const uint64_t total = 10 * 1000 * 1000;
        Star star = BuildStar(1, MilliSeconds(10), DataRate("100Mbps"));
        if (m_loss > 0)
        {
            AddLoss(star, m_loss);
        }
        InstallTls(star, m_version);
        PatternCheck pattern;
        PatternCheck zeros;
        zeros.zeros = true;
        PacketSinkHelper sink("ns3::TlsSocketFactory",
                              InetSocketAddress(Ipv4Address::GetAny(), 443));
        ApplicationContainer sinks = sink.Install(star.server);
        sink.SetAttribute("Local", AddressValue(InetSocketAddress(Ipv4Address::GetAny(), 444)));
        sinks.Add(sink.Install(star.server));
        sinks.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&PatternCheck::Rx, &pattern));
        sinks.Get(1)->TraceConnectWithoutContext("Rx", MakeCallback(&PatternCheck::Rx, &zeros));

        Ptr<PatternSender> sender = CreateObject<PatternSender>();
        sender->Setup(TlsSocketFactory::GetTypeId(), ServerSocketAddress(star, 443), total);
        star.clients.Get(0)->AddApplication(sender);
        BulkSendHelper bulk("ns3::TlsSocketFactory", ServerSocketAddress(star, 444));
        bulk.SetAttribute("MaxBytes", UintegerValue(total));
        ApplicationContainer bulks = bulk.Install(star.clients);
        Outcomes outcomes;
        star.server.Get(0)->GetObject<TlsSocketFactory>()->TraceConnectWithoutContext(
            "ConnectionClosed",
            MakeCallback(&Outcomes::Closed, &outcomes));
        Simulator::Stop(Seconds(600));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(sender->m_sent, total, "the pattern sender gave every byte");
        NS_TEST_ASSERT_MSG_EQ(pattern.received, total, "every pattern byte arrived");
        NS_TEST_ASSERT_MSG_EQ(pattern.bad,
                              0,
                              "pattern bytes arrived intact and in order (first wrong byte at "
                                  << pattern.firstBad << ")");
        NS_TEST_ASSERT_MSG_EQ(DynamicCast<PacketSink>(sinks.Get(0))->GetTotalRx(),
                              total,
                              "PacketSink's total agrees");
        NS_TEST_ASSERT_MSG_EQ(zeros.received, total, "every BulkSend byte arrived");
        NS_TEST_ASSERT_MSG_EQ(zeros.bad, 0, "BulkSend's zero bytes arrived as sent");
        NS_TEST_ASSERT_MSG_EQ(DynamicCast<PacketSink>(sinks.Get(1))->GetTotalRx(),
                              total,
                              "PacketSink's total agrees");
        NS_TEST_ASSERT_MSG_EQ(outcomes.records.size(), 2, "two server connections ended");
        NS_TEST_ASSERT_MSG_EQ(outcomes.Count(TlsOutcome::OK), 2, "both ended in order");
        for (const auto& r : outcomes.records)
        {
            NS_TEST_ASSERT_MSG_EQ(r.info.version, m_version, "negotiated version");
            NS_TEST_ASSERT_MSG_EQ(r.appBytesReceived, total, "record counts the plaintext");
            NS_TEST_ASSERT_MSG_GT(r.tcpBytesReceived, total, "TLS adds record overhead");
        }
        Simulator::Destroy();
    }

    std::string m_version;
    double m_loss;
};

/**
 * OnOff in short bursts over TLS: what OnOff sent is what the sink got, over
 * one TLS connection whose handshake completed before the first byte.
 */
class TlsSocketOnOffTestCase : public TestCase
{
  public:
    TlsSocketOnOffTestCase()
        : TestCase("OnOff bursts over TLS 1.3")
    {
    }

  private:
    static void CountTx(uint64_t* bytes, Ptr<const Packet> packet)
    {
        *bytes += packet->GetSize();
    }

    void DoRun() override
    {
        Star star = BuildStar(1, MilliSeconds(5), DataRate("10Mbps"));
        InstallTls(star, "1.3");
        PacketSinkHelper sink("ns3::TlsSocketFactory",
                              InetSocketAddress(Ipv4Address::GetAny(), 443));
        ApplicationContainer sinks = sink.Install(star.server);
        OnOffHelper onoff("ns3::TlsSocketFactory", ServerSocketAddress(star, 443));
        onoff.SetAttribute("OnTime", StringValue("ns3::ConstantRandomVariable[Constant=0.02]"));
        onoff.SetAttribute("OffTime", StringValue("ns3::ConstantRandomVariable[Constant=0.03]"));
        onoff.SetAttribute("DataRate", StringValue("2Mbps"));
        onoff.SetAttribute("PacketSize", UintegerValue(700));
        ApplicationContainer sources = onoff.Install(star.clients);
        sources.Start(Seconds(0.1));
        sources.Stop(Seconds(5));
        uint64_t sent = 0;
        sources.Get(0)->TraceConnectWithoutContext("Tx", MakeBoundCallback(&CountTx, &sent));
        Outcomes outcomes;
        star.server.Get(0)->GetObject<TlsSocketFactory>()->TraceConnectWithoutContext(
            "HandshakeCompleted",
            MakeCallback(&Outcomes::Closed, &outcomes));
        Simulator::Stop(Seconds(8));
        Simulator::Run();
        // 4.9 s of 50 ms cycles with 20 ms on at 2 Mb/s: about 98 bursts of 5 KB.
        NS_TEST_ASSERT_MSG_GT(sent, 400000, "OnOff sent its bursts");
        NS_TEST_ASSERT_MSG_EQ(DynamicCast<PacketSink>(sinks.Get(0))->GetTotalRx(),
                              sent,
                              "the sink got every byte OnOff sent");
        NS_TEST_ASSERT_MSG_EQ(outcomes.records.size(), 1, "one TLS connection");
        Simulator::Destroy();
    }
};

/**
 * A listening TLS socket with 500 connections from 10 nodes: 500 accept
 * callbacks, each for a handshaken connection, and 1000 records that end ok.
 */
class TlsSocketManyAcceptsTestCase : public TestCase
{
  public:
    TlsSocketManyAcceptsTestCase()
        : TestCase("A TLS listener accepts 500 connections")
    {
    }

  private:
    void Accepted(Ptr<Socket> socket, const Address& /* from */)
    {
        Ptr<TlsSocket> tls = DynamicCast<TlsSocket>(socket);
        m_handshaken += tls && tls->GetState() == TlsSocket::ESTABLISHED;
        m_accepted.push_back(socket);
        socket->SetRecvCallback(MakeCallback(&TlsSocketManyAcceptsTestCase::Read, this));
    }

    void Read(Ptr<Socket> socket)
    {
        Ptr<Packet> p;
        while ((p = socket->Recv()))
        {
            m_bytes += p->GetSize();
        }
    }

    void Connected(Ptr<Socket> socket)
    {
        socket->Send(Create<Packet>(100));
        socket->Close();
    }

    void DoRun() override
    {
        Star star = BuildStar(10, MilliSeconds(2), DataRate("1Gbps"));
        InstallTls(star, "1.3");
        Ptr<Socket> listener =
            Socket::CreateSocket(star.server.Get(0), TlsSocketFactory::GetTypeId());
        listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 443));
        listener->Listen();
        listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                    MakeCallback(&TlsSocketManyAcceptsTestCase::Accepted, this));
        std::vector<Ptr<Socket>> clients;
        for (uint32_t i = 0; i < 500; ++i)
        {
            Ptr<Socket> s =
                Socket::CreateSocket(star.clients.Get(i % 10), TlsSocketFactory::GetTypeId());
            s->Bind();
            s->SetConnectCallback(MakeCallback(&TlsSocketManyAcceptsTestCase::Connected, this),
                                  MakeNullCallback<void, Ptr<Socket>>());
            Simulator::Schedule(MilliSeconds(i),
                                &Socket::Connect,
                                s,
                                ServerSocketAddress(star, 443));
            clients.push_back(s);
        }
        Outcomes outcomes;
        for (uint32_t i = 0; i < 10; ++i)
        {
            star.clients.Get(i)->GetObject<TlsSocketFactory>()->TraceConnectWithoutContext(
                "ConnectionClosed",
                MakeCallback(&Outcomes::Closed, &outcomes));
        }
        star.server.Get(0)->GetObject<TlsSocketFactory>()->TraceConnectWithoutContext(
            "ConnectionClosed",
            MakeCallback(&Outcomes::Closed, &outcomes));
        Simulator::Stop(Seconds(20));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(m_accepted.size(), 500, "500 accept callbacks");
        NS_TEST_ASSERT_MSG_EQ(m_handshaken, 500, "each for a handshaken connection");
        NS_TEST_ASSERT_MSG_EQ(m_bytes, 500 * 100, "every request arrived");
        NS_TEST_ASSERT_MSG_EQ(outcomes.records.size(), 1000, "both sides of 500 connections ended");
        NS_TEST_ASSERT_MSG_EQ(outcomes.Count(TlsOutcome::OK), 1000, "all in order");
        NS_TEST_ASSERT_MSG_EQ(star.server.Get(0)->GetObject<TlsSocketFactory>()->GetOpenSockets(),
                              1,
                              "only the listener is left open on the server");
        m_accepted.clear();
        Simulator::Destroy();
    }

    std::vector<Ptr<Socket>> m_accepted;
    uint32_t m_handshaken{0};
    uint64_t m_bytes{0};
};

/**
 * Socket API semantics: connect success after the handshake (2 RTT for TLS
 * 1.3 from the connect), connect to a closed port, close before the handshake
 * ends, a peer's alert, Send before and while connecting, Send larger than
 * GetTxAvailable, zero-length Send, and a half close.
 */
class TlsSocketSemanticsTestCase : public TestCase
{
  public:
    TlsSocketSemanticsTestCase()
        : TestCase("TLS socket semantics")
    {
    }

  private:
    /// What a client socket saw.
    struct Seen
    {
        Time connected{Time(-1)};   //!< connect-succeeded callback
        Time failed{Time(-1)};      //!< connect-failed callback
        Time normalClose{Time(-1)}; //!< normal close callback
        Time errorClose{Time(-1)};  //!< error close callback
        uint64_t rx{0};             //!< bytes read
        bool rxIntact{true};        //!< bytes read match the module's response pattern

        void Connected(Ptr<Socket>)
        {
            connected = Simulator::Now();
        }

        void Failed(Ptr<Socket>)
        {
            failed = Simulator::Now();
        }

        void Normal(Ptr<Socket>)
        {
            normalClose = Simulator::Now();
        }

        void Error(Ptr<Socket>)
        {
            errorClose = Simulator::Now();
        }

        void Read(Ptr<Socket> socket)
        {
            Ptr<Packet> p;
            while ((p = socket->Recv()))
            {
                std::vector<uint8_t> bytes(p->GetSize());
                p->CopyData(bytes.data(), bytes.size());
                for (size_t i = 0; i < bytes.size(); ++i)
                {
                    rxIntact = rxIntact && bytes[i] == TlsApplication::PatternByte(rx + i);
                }
                rx += bytes.size();
            }
        }

        void Hook(Ptr<Socket> s)
        {
            s->SetConnectCallback(MakeCallback(&Seen::Connected, this),
                                  MakeCallback(&Seen::Failed, this));
            s->SetCloseCallbacks(MakeCallback(&Seen::Normal, this),
                                 MakeCallback(&Seen::Error, this));
            s->SetRecvCallback(MakeCallback(&Seen::Read, this));
        }
    };

    void DoRun() override
    {
        const Time delay = MilliSeconds(20); // RTT 40 ms
        Star star = BuildStar(6, delay, DataRate("1Gbps"));
        TlsStackHelper tls;
        tls.SetContextAttribute("MaxVersion", StringValue("1.3"));
        tls.Install(star.server);
        tls.Install(star.clients);
        // A TlsServer answers requests on 443 (same PKI as the clients).
        TlsServerHelper server(443);
        server.SetContext(tls.GetContext());
        server.Install(star.server);
        // A TLS 1.3-only server on 444 for the client that offers only TLS 1.2.
        TlsServerHelper strict(444);
        strict.SetContextAttribute("MinVersion", StringValue("1.3"));
        strict.Install(star.server);
        Ptr<Node> server0 = star.server.Get(0);
        Outcomes serverOutcomes;
        server0->GetObject<TlsSocketFactory>()->TraceConnectWithoutContext(
            "ConnectionClosed",
            MakeCallback(&Outcomes::Closed, &serverOutcomes));

        TypeId tid = TlsSocketFactory::GetTypeId();
        Address to443 = ServerSocketAddress(star, 443);
        Address to444 = ServerSocketAddress(star, 444);
        Address toClosed = ServerSocketAddress(star, 9);

        // The API calls run in the simulation (nodes are initialized when it starts).
        int sendIdle = 0;
        Socket::SocketErrno errnoIdle = Socket::ERROR_NOTERROR;
        int connect0 = -1;
        int sendEarly = 0;
        int sendZero = -1;
        int sendTooBig = 0;
        Socket::SocketErrno errnoTooBig = Socket::ERROR_NOTERROR;
        TlsExchangeHeader header;
        header.SetRequestSize(100);
        header.SetResponseSize(5000);
        Seen s0;
        Ptr<Socket> c0 = Socket::CreateSocket(star.clients.Get(0), tid);
        Seen s1;
        Ptr<Socket> c1 = Socket::CreateSocket(star.clients.Get(1), tid);
        Seen s2;
        Ptr<Socket> c2 = Socket::CreateSocket(star.clients.Get(2), tid);
        Seen s3;
        Ptr<TlsContext> old = CreateObject<TlsContext>();
        old->SetAttribute("MaxVersion", StringValue("1.2"));
        old->SetAttribute("MinVersion", StringValue("1.2"));
        Ptr<TlsSocket> c3 = TlsSocketFactory::MakeSocket(star.clients.Get(3),
                                                         old,
                                                         true,
                                                         ObjectFactory("ns3::TlsSocket"));
        Seen s4;
        Ptr<Socket> c4 = Socket::CreateSocket(star.clients.Get(4), tid);
        tls_compat::Schedule(Seconds(0), [&]() {
            // 0: a request sent before the handshake completes, the response read,
            //    connect success at 2 RTT (TCP + TLS 1.3).
            sendIdle = c0->Send(Create<Packet>(10));
            errnoIdle = c0->GetErrno();
            s0.Hook(c0);
            c0->Bind();
            connect0 = c0->Connect(to443);
            Ptr<Packet> request = Create<Packet>(100 - TlsExchangeHeader::SIZE);
            request->AddHeader(header);
            sendEarly = c0->Send(request);
            sendZero = c0->Send(Create<Packet>(0));
            sendTooBig = c0->Send(Create<Packet>(c0->GetTxAvailable() + 1));
            errnoTooBig = c0->GetErrno();
            // 1: connect to a closed port. ns-3's TCP ignores the RST|ACK in SYN_SENT
            //    and fails the connect once its SYN retries are spent.
            s1.Hook(c1);
            DynamicCast<TlsSocket>(c1)->SetHandshakeTimeout(Seconds(0));
            c1->Connect(toClosed);
            // 2: close while the handshake runs (after 1.5 RTT: TCP is up, TLS is not).
            s2.Hook(c2);
            c2->Connect(to443);
            // 3: the server refuses the only version the client offers.
            s3.Hook(c3);
            c3->Connect(to444);
            // 4: half close: the request, then ShutdownSend; the response still arrives.
            s4.Hook(c4);
            c4->Connect(to443);
            Ptr<Packet> request4 = Create<Packet>(100 - TlsExchangeHeader::SIZE);
            request4->AddHeader(header);
            c4->Send(request4);
        });
        Simulator::Schedule(Seconds(1), &Socket::Close, c0);
        Simulator::Schedule(MilliSeconds(60), &Socket::Close, c2);
        Simulator::Schedule(MilliSeconds(80) + MicroSeconds(500), &Socket::ShutdownSend, c4);

        Simulator::Stop(Seconds(300));
        Simulator::Run();

        const Time rtt = 2 * delay;
        // 0
        NS_TEST_ASSERT_MSG_EQ(sendIdle, -1, "Send before Connect fails");
        NS_TEST_ASSERT_MSG_EQ(errnoIdle, Socket::ERROR_NOTCONN, "with ERROR_NOTCONN");
        NS_TEST_ASSERT_MSG_EQ(connect0, 0, "Connect");
        NS_TEST_ASSERT_MSG_EQ(sendEarly, 100, "Send while connecting is buffered");
        NS_TEST_ASSERT_MSG_EQ(sendZero, 0, "zero-length Send");
        NS_TEST_ASSERT_MSG_EQ(sendTooBig, -1, "Send beyond GetTxAvailable fails");
        NS_TEST_ASSERT_MSG_EQ(errnoTooBig, Socket::ERROR_MSGSIZE, "with ERROR_MSGSIZE");
        NS_TEST_ASSERT_MSG_EQ_TOL(s0.connected.GetSeconds(),
                                  (2 * rtt).GetSeconds(),
                                  0.001,
                                  "connect succeeds once the TLS 1.3 handshake completes: 2 RTT");
        NS_TEST_ASSERT_MSG_EQ(s0.rx, 5000, "the response arrived");
        NS_TEST_ASSERT_MSG_EQ(s0.rxIntact, true, "intact");
        NS_TEST_ASSERT_MSG_EQ(s0.normalClose.IsPositive(), true, "closed normally");
        Ptr<TlsSocket> t0 = DynamicCast<TlsSocket>(c0);
        NS_TEST_ASSERT_MSG_EQ(TlsOutcomeName(t0->GetRecord().outcome), "ok", "record ok");
        NS_TEST_ASSERT_MSG_EQ(t0->GetRecord().appBytesSent, 100, "the request, once");
        // 1
        NS_TEST_ASSERT_MSG_EQ(s1.failed.IsPositive(), true, "connect to a closed port fails");
        NS_TEST_ASSERT_MSG_EQ(s1.connected.IsNegative(), true, "and never succeeds");
        NS_TEST_ASSERT_MSG_EQ(TlsOutcomeName(DynamicCast<TlsSocket>(c1)->GetRecord().outcome),
                              "connection-failed",
                              "record connection-failed");
        // 2
        NS_TEST_ASSERT_MSG_EQ(s2.failed,
                              MilliSeconds(60),
                              "closing mid-handshake fails the connect");
        NS_TEST_ASSERT_MSG_EQ(TlsOutcomeName(DynamicCast<TlsSocket>(c2)->GetRecord().outcome),
                              "error",
                              "record error");
        NS_TEST_ASSERT_MSG_NE(DynamicCast<TlsSocket>(c2)->GetErrorString(), "", "with a reason");
        // 3
        NS_TEST_ASSERT_MSG_EQ(s3.failed.IsPositive(), true, "the alert fails the connect");
        NS_TEST_ASSERT_MSG_EQ(TlsOutcomeName(c3->GetRecord().outcome), "alert", "record alert");
        NS_TEST_ASSERT_MSG_EQ(c3->GetRecord().alert, 70, "protocol_version (RFC 8446 6.2)");
        NS_TEST_ASSERT_MSG_EQ(c3->GetRecord().alertSent, false, "the server sent it");
        NS_TEST_ASSERT_MSG_NE(c3->GetErrorString(), "", "the reason is readable");
        // 4
        NS_TEST_ASSERT_MSG_EQ(s4.rx, 5000, "after ShutdownSend the response still arrives");
        NS_TEST_ASSERT_MSG_EQ(TlsOutcomeName(DynamicCast<TlsSocket>(c4)->GetRecord().outcome),
                              "ok",
                              "half close ends in order");
        // The server side: the alert and the two in-order exchanges are recorded.
        uint32_t alerts = 0;
        for (const auto& r : serverOutcomes.records)
        {
            alerts += r.outcome == TlsOutcome::ALERT && r.alert == 70 && r.alertSent;
        }
        NS_TEST_ASSERT_MSG_EQ(alerts, 1, "the server recorded the alert it sent");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(serverOutcomes.Count(TlsOutcome::OK), 2, "exchanges ok");
        Simulator::Destroy();
    }
};

/**
 * The 3GPP HTTP client and server load pages over TLS through the node's TCP
 * socket factory (TlsStackHelper::SetSecureTcp): the first page, counted from
 * the connect, takes exactly one RTT more over TLS 1.3 than over TCP (0 loss).
 */
class TlsSocketHttpTestCase : public TestCase
{
  public:
    TlsSocketHttpTestCase()
        : TestCase("3GPP HTTP over TLS 1.3 takes one RTT more than over TCP")
    {
    }

  private:
    /**
     * \param tls run over TLS
     * \return time from the client's start to its first page read
     */
    static Time FirstPage(bool tls)
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        Star star = BuildStar(1, MilliSeconds(25), DataRate("1Gbps"));
        if (tls)
        {
            TlsStackHelper stack;
            stack.SetContextAttribute("MaxVersion", StringValue("1.3"));
            stack.SetSecureTcp(true);
            stack.Install(star.server);
            stack.Install(star.clients);
        }
        ThreeGppHttpServerHelper serverHelper(star.serverIp);
        ApplicationContainer servers = serverHelper.Install(star.server);
        ThreeGppHttpClientHelper clientHelper(star.serverIp);
        ApplicationContainer clients = clientHelper.Install(star.clients);
        // Same object sizes in both runs, whatever streams TLS uses.
        PointerValue variables;
        servers.Get(0)->GetAttribute("Variables", variables);
        variables.Get<ThreeGppHttpVariables>()->AssignStreams(100);
        clients.Get(0)->GetAttribute("Variables", variables);
        variables.Get<ThreeGppHttpVariables>()->AssignStreams(200);
        servers.Start(Seconds(0));
        clients.Start(Seconds(1));
        Time firstPage(-1);
        Callback<void, const std::string&, const std::string&> cb = MakeBoundCallback(
            +[](Time* t, const std::string& /* from */, const std::string& to) {
                if (to == "READING" && t->IsNegative())
                {
                    *t = Simulator::Now();
                }
            },
            &firstPage);
        clients.Get(0)->TraceConnectWithoutContext("StateTransition", cb);
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        Simulator::Destroy();
        return firstPage - Seconds(1);
    }

    void DoRun() override
    {
        Time tcp = FirstPage(false);
        Time tls = FirstPage(true);
        NS_TEST_ASSERT_MSG_EQ(tcp.IsStrictlyPositive(), true, "the page loaded over TCP");
        NS_TEST_ASSERT_MSG_EQ(tls.IsStrictlyPositive(), true, "the page loaded over TLS");
        // One more RTT (50 ms) for the TLS 1.3 handshake; TLS's few KB at 1 Gb/s add
        // well under a millisecond.
        NS_TEST_ASSERT_MSG_EQ_TOL((tls - tcp).GetSeconds(),
                                  0.050,
                                  0.001,
                                  "TLS 1.3 adds one RTT per new connection");
    }
};

/**
 * \ingroup tls-test
 * TlsStackHelper leaves the factory's TcpFastPath default alone unless
 * SetTcpFastPath is called: a user's Config::SetDefault is not overwritten.
 */
class TlsStackHelperDefaultsTestCase : public TestCase
{
  public:
    TlsStackHelperDefaultsTestCase()
        : TestCase("TlsStackHelper keeps a changed TcpFastPath default; SetTcpFastPath wins")
    {
    }

  private:
    void DoRun() override
    {
        auto fastPath = [](bool setDefault, int helperSetting) {
            Config::SetDefault("ns3::TlsSocketFactory::TcpFastPath", BooleanValue(setDefault));
            Ptr<Node> node = CreateObject<Node>();
            InternetStackHelper().Install(node);
            TlsStackHelper tls;
            if (helperSetting >= 0)
            {
                tls.SetTcpFastPath(helperSetting == 1);
            }
            tls.Install(node);
            BooleanValue v;
            node->GetObject<TlsSocketFactory>()->GetAttribute("TcpFastPath", v);
            Config::SetDefault("ns3::TlsSocketFactory::TcpFastPath", BooleanValue(true));
            return v.Get();
        };
        NS_TEST_ASSERT_MSG_EQ(fastPath(false, -1), false, "a changed default was overwritten");
        NS_TEST_ASSERT_MSG_EQ(fastPath(true, -1), true, "the default was not kept");
        NS_TEST_ASSERT_MSG_EQ(fastPath(false, 1), true, "SetTcpFastPath(true) was not applied");
        NS_TEST_ASSERT_MSG_EQ(fastPath(true, 0), false, "SetTcpFastPath(false) was not applied");
        Simulator::Destroy();
    }
};

/**
 * \ingroup tls-test
 * TlsStackHelper::Check reports invalid context settings to its caller, naming
 * the attribute and value, instead of stopping the simulation at the first
 * connection.
 */
class TlsStackHelperCheckTestCase : public TestCase
{
  public:
    TlsStackHelperCheckTestCase()
        : TestCase("TlsStackHelper::Check names a bad context setting; a good one passes")
    {
    }

  private:
    void DoRun() override
    {
        auto check = [](const std::string& name, const std::string& value) {
            TlsStackHelper tls;
            tls.SetContextAttribute(name, StringValue(value));
            return tls.Check();
        };
        std::string groups = check("Groups", "bogus");
        NS_TEST_EXPECT_MSG_NE(groups.find("attribute Groups value 'bogus'"),
                              std::string::npos,
                              groups);
        std::string ciphers = check("CipherList", "NOPE");
        NS_TEST_EXPECT_MSG_NE(ciphers.find("attribute CipherList value 'NOPE'"),
                              std::string::npos,
                              ciphers);
        NS_TEST_EXPECT_MSG_EQ(check("Groups", "P-256"), "", "a valid group");
        Simulator::Destroy();
    }
};

/// The TLS socket test suite.
class TlsSocketTestSuite : public TestSuite
{
  public:
    TlsSocketTestSuite()
        : TestSuite("tls-socket", tls_compat::UNIT)
    {
        AddTestCase(new TlsSocketSemanticsTestCase, tls_compat::QUICK);
        AddTestCase(new TlsSocketBulkTestCase("1.3", 0), tls_compat::QUICK);
        AddTestCase(new TlsSocketBulkTestCase("1.2", 0), tls_compat::QUICK);
        AddTestCase(new TlsSocketBulkTestCase("1.3", 0.02), tls_compat::QUICK);
        AddTestCase(new TlsSocketBulkTestCase("1.2", 0.02), tls_compat::QUICK);
        AddTestCase(new TlsSocketOnOffTestCase, tls_compat::QUICK);
        AddTestCase(new TlsSocketManyAcceptsTestCase, tls_compat::QUICK);
        AddTestCase(new TlsSocketHttpTestCase, tls_compat::QUICK);
        AddTestCase(new TlsStackHelperDefaultsTestCase, tls_compat::QUICK);
        AddTestCase(new TlsStackHelperCheckTestCase, tls_compat::QUICK);
    }
};

/// Registers the suite.
static TlsSocketTestSuite g_tlsSocketTestSuite;
