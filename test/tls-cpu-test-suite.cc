/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The crypto CPU model: queueing on K cores, the public-key operations that each
// handshake step implies (TLS 1.2 and 1.3, full and resumed), the built-in cost
// table, the measured mode and Scale, and the CostTable file parser.

#include "ns3/core-module.h"
#include "ns3/test.h"
#include "ns3/tls-cpu.h"
#include "ns3/tls-ns3-compat.h"

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// Costs with distinct decimal digits: a step's cost tells which operations it counted.
const char* const g_digitTable = "# test table\n"
                                 "operation,algorithm,microseconds\n"
                                 "sign,p256,1\n"
                                 "verify,p256,10\n"
                                 "keygen,x25519,100\n"
                                 "derive,x25519,1000\n"
                                 "rsa-encrypt,rsa2048,10000\n"
                                 "rsa-decrypt,rsa2048,100000\n"
                                 "sign,rsa2048,2\n"
                                 "verify,rsa2048,20\n"
                                 "keygen,ffdhe2048,300\n"
                                 "derive,ffdhe2048,3000\n";

/**
 * Write a file.
 * \param path where
 * \param content what
 */
void
WriteFile(const std::string& path, const std::string& content)
{
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream out(path, std::ios::binary);
    out << content;
}

/**
 * \param operation an operation
 * \param algorithm an algorithm
 * \return the cost table key
 */
std::pair<std::string, std::string>
Key(const std::string& operation, const std::string& algorithm)
{
    return {operation, algorithm};
}

/// A message of a step: (sent, message).
using Msg = std::pair<bool, TlsMessage>;

/// Received.
const bool IN = false;
/// Sent.
const bool OUT = true;

/**
 * \param role the side
 * \param version "1.2", "1.3" or ""
 * \param messages the messages
 * \param keyType the key type
 * \param group the group
 * \param chainDepth intermediates in the peer's chain
 * \return a step
 */
TlsCpuStep
MakeStep(TlsRole role,
         std::string version,
         std::initializer_list<Msg> messages,
         std::string keyType = "p256",
         std::string group = "x25519",
         uint32_t chainDepth = 1)
{
    TlsCpuStep step;
    step.role = role;
    step.version = version;
    step.messages = messages;
    step.keyType = keyType;
    step.group = group;
    step.chainDepth = chainDepth;
    return step;
}

/**
 * \param ops operations
 * \param operation an operation
 * \return how many times it occurs, over all algorithms
 */
uint32_t
CountOf(const std::vector<TlsCpuOperation>& ops, const std::string& operation)
{
    uint32_t n = 0;
    for (const auto& op : ops)
    {
        if (op.operation == operation)
        {
            n += op.count;
        }
    }
    return n;
}

/**
 * \ingroup tls-test
 * Jobs queue for the cores: completion times, statistics, the Job trace.
 */
class TlsCpuQueueingTestCase : public TestCase
{
  public:
    TlsCpuQueueingTestCase()
        : TestCase("jobs queue for K cores: 1 core c,2c,3c; 2 cores c,c,2c")
    {
    }

  private:
    /**
     * Record a Job trace.
     * \param cost the job's cost
     * \param wait its queueing delay
     */
    void Job(Time cost, Time wait)
    {
        m_traced.push_back(wait);
        m_tracedCost += cost;
    }

    /**
     * Submit three equal steps at 1 s.
     * \param table the cost table file
     * \param cores cores of the CPU
     * \param cpu the CPU (out)
     * \return the completion times
     */
    std::vector<Time> RunThree(const std::string& table, uint32_t cores, Ptr<TlsCpu>& cpu)
    {
        cpu = CreateObject<TlsCpu>();
        cpu->SetAttribute("CostTable", StringValue(table));
        cpu->SetAttribute("Cores", UintegerValue(cores));
        m_traced.clear();
        m_tracedCost = Time(0);
        cpu->TraceConnectWithoutContext("Job", MakeCallback(&TlsCpuQueueingTestCase::Job, this));
        // A TLS 1.3 ClientHello: one x25519 key generation.
        TlsCpuStep step = MakeStep(TlsRole::CLIENT, "1.3", {{OUT, TlsMessage::CLIENT_HELLO}});
        std::vector<Time> done;
        tls_compat::Schedule(Seconds(1), [&]() {
            for (int i = 0; i < 3; ++i)
            {
                done.push_back(cpu->Submit(step));
            }
        });
        Simulator::Run();
        Simulator::Destroy();
        return done;
    }

    void DoRun() override
    {
        const std::string table = CreateTempDirFilename("tls-cpu-queueing.csv");
        WriteFile(table, "operation,algorithm,microseconds\nkeygen,x25519,1000\n");
        const Time c = MicroSeconds(1000);
        const Time t0 = Seconds(1);

        Ptr<TlsCpu> cpu;
        std::vector<Time> done = RunThree(table, 1, cpu);
        NS_TEST_ASSERT_MSG_EQ(done.size(), 3, "three jobs");
        NS_TEST_ASSERT_MSG_EQ(done[0], t0 + c, "1 core: first job at c");
        NS_TEST_ASSERT_MSG_EQ(done[1], t0 + 2 * c, "1 core: second job at 2c");
        NS_TEST_ASSERT_MSG_EQ(done[2], t0 + 3 * c, "1 core: third job at 3c");
        NS_TEST_ASSERT_MSG_EQ(cpu->GetJobs(), 3, "jobs counted");
        NS_TEST_ASSERT_MSG_EQ(cpu->GetBusyTime(), 3 * c, "busy time");
        NS_TEST_ASSERT_MSG_EQ(cpu->GetTotalQueueingDelay(), 3 * c, "waits 0 + c + 2c");
        NS_TEST_ASSERT_MSG_EQ(cpu->GetMaxQueueingDelay(), 2 * c, "longest wait 2c");
        NS_TEST_ASSERT_MSG_EQ(m_traced.size(), 3, "Job traced three times");
        NS_TEST_ASSERT_MSG_EQ(m_traced[0], Time(0), "first job does not wait");
        NS_TEST_ASSERT_MSG_EQ(m_traced[2], 2 * c, "third job waits 2c");
        NS_TEST_ASSERT_MSG_EQ(m_tracedCost, 3 * c, "traced costs");

        done = RunThree(table, 2, cpu);
        NS_TEST_ASSERT_MSG_EQ(done.size(), 3, "three jobs");
        NS_TEST_ASSERT_MSG_EQ(done[0], t0 + c, "2 cores: first job at c");
        NS_TEST_ASSERT_MSG_EQ(done[1], t0 + c, "2 cores: second job at c");
        NS_TEST_ASSERT_MSG_EQ(done[2], t0 + 2 * c, "2 cores: third job at 2c");
        NS_TEST_ASSERT_MSG_EQ(cpu->GetTotalQueueingDelay(), c, "waits 0 + 0 + c");
        NS_TEST_ASSERT_MSG_EQ(cpu->GetMaxQueueingDelay(), c, "longest wait c");
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCores(), 2, "Cores attribute");

        // Zero cost: now, no job; an idle CPU later: no wait.
        cpu = CreateObject<TlsCpu>();
        cpu->SetAttribute("CostTable", StringValue(table));
        TlsCpuStep resumed = MakeStep(TlsRole::CLIENT,
                                      "1.2",
                                      {{IN, TlsMessage::SERVER_HELLO},
                                       {IN, TlsMessage::CHANGE_CIPHER_SPEC},
                                       {IN, TlsMessage::FINISHED},
                                       {OUT, TlsMessage::CHANGE_CIPHER_SPEC},
                                       {OUT, TlsMessage::FINISHED}});
        resumed.resumed = true;
        TlsCpuStep hello = MakeStep(TlsRole::CLIENT, "", {{OUT, TlsMessage::CLIENT_HELLO}});
        Time zero;
        Time first;
        Time later;
        Time direct;
        tls_compat::Schedule(Seconds(2), [&]() {
            zero = cpu->Submit(resumed);
            first = cpu->Submit(hello);
        });
        tls_compat::Schedule(Seconds(3), [&]() {
            later = cpu->Submit(hello);
            direct = cpu->SubmitCost(MicroSeconds(5));
        });
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_EQ(zero, Seconds(2), "no work: done now");
        NS_TEST_ASSERT_MSG_EQ(first, Seconds(2) + c, "one job");
        NS_TEST_ASSERT_MSG_EQ(later, Seconds(3) + c, "idle core: no wait");
        NS_TEST_ASSERT_MSG_EQ(direct, Seconds(3) + c + MicroSeconds(5), "SubmitCost queues");
        NS_TEST_ASSERT_MSG_EQ(cpu->GetJobs(), 3, "zero-cost steps are not jobs");
        NS_TEST_ASSERT_MSG_EQ(cpu->GetMaxQueueingDelay(), c, "SubmitCost waited c");
        cpu->ResetStatistics();
        NS_TEST_ASSERT_MSG_EQ(cpu->GetJobs(), 0, "statistics reset");
        NS_TEST_ASSERT_MSG_EQ(cpu->GetBusyTime(), Time(0), "statistics reset");
    }

    std::vector<Time> m_traced; //!< queueing delays from the Job trace
    Time m_tracedCost;          //!< sum of costs from the Job trace
};

/**
 * \ingroup tls-test
 * TLS 1.2 steps cost the operations OpenSSL performs.
 */
class TlsCpuTls12CostTestCase : public TestCase
{
  public:
    TlsCpuTls12CostTestCase()
        : TestCase("TLS 1.2 steps: ECDHE, DHE, RSA key transport, mutual, resumed")
    {
    }

  private:
    void DoRun() override
    {
        const std::string table = CreateTempDirFilename("tls-cpu-digits-12.csv");
        WriteFile(table, g_digitTable);
        Ptr<TlsCpu> cpu = CreateObject<TlsCpu>();
        cpu->SetAttribute("CostTable", StringValue(table));
        const TlsRole C = TlsRole::CLIENT;
        const TlsRole S = TlsRole::SERVER;

        // Server's first flight: ephemeral x25519 key and its signature.
        TlsCpuStep serverFlight = MakeStep(S,
                                           "1.2",
                                           {{IN, TlsMessage::CLIENT_HELLO},
                                            {OUT, TlsMessage::SERVER_HELLO},
                                            {OUT, TlsMessage::CERTIFICATE},
                                            {OUT, TlsMessage::SERVER_KEY_EXCHANGE},
                                            {OUT, TlsMessage::SERVER_HELLO_DONE}});
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(serverFlight),
                              cpu->GetOperationCost("keygen", "x25519") +
                                  cpu->GetOperationCost("sign", "p256"),
                              "server flight = keygen(x25519) + sign(p256)");
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(serverFlight), MicroSeconds(101), "digits");
        std::vector<TlsCpuOperation> ops = TlsCpu::GetOperations(serverFlight);
        NS_TEST_ASSERT_MSG_EQ(ops.size(), 2, "two operations");
        NS_TEST_ASSERT_MSG_EQ(ops[0].operation, "keygen", "keygen first");
        NS_TEST_ASSERT_MSG_EQ(ops[0].algorithm, "x25519", "of x25519");
        NS_TEST_ASSERT_MSG_EQ(ops[1].operation, "sign", "then sign");
        NS_TEST_ASSERT_MSG_EQ(ops[1].algorithm, "p256", "with p256");

        // Client: chain of leaf + 1 intermediate (2 verifies), the SKE signature, its
        // own key share and the shared secret.
        TlsCpuStep clientFlight = MakeStep(C,
                                           "1.2",
                                           {{IN, TlsMessage::SERVER_HELLO},
                                            {IN, TlsMessage::CERTIFICATE},
                                            {IN, TlsMessage::SERVER_KEY_EXCHANGE},
                                            {IN, TlsMessage::SERVER_HELLO_DONE},
                                            {OUT, TlsMessage::CLIENT_KEY_EXCHANGE},
                                            {OUT, TlsMessage::CHANGE_CIPHER_SPEC},
                                            {OUT, TlsMessage::FINISHED}});
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(clientFlight),
                              3 * cpu->GetOperationCost("verify", "p256") +
                                  cpu->GetOperationCost("keygen", "x25519") +
                                  cpu->GetOperationCost("derive", "x25519"),
                              "client = 2 verify (chain) + verify (SKE) + keygen + derive");
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(clientFlight), MicroSeconds(1130), "digits");
        ops = TlsCpu::GetOperations(clientFlight);
        NS_TEST_ASSERT_MSG_EQ(CountOf(ops, "verify"), 3, "three verifies");

        // Mutual authentication, chain depth 2: + its CertificateVerify signature.
        TlsCpuStep mutualClient = MakeStep(C,
                                           "1.2",
                                           {{IN, TlsMessage::SERVER_HELLO},
                                            {IN, TlsMessage::CERTIFICATE},
                                            {IN, TlsMessage::SERVER_KEY_EXCHANGE},
                                            {IN, TlsMessage::CERTIFICATE_REQUEST},
                                            {IN, TlsMessage::SERVER_HELLO_DONE},
                                            {OUT, TlsMessage::CERTIFICATE},
                                            {OUT, TlsMessage::CLIENT_KEY_EXCHANGE},
                                            {OUT, TlsMessage::CERTIFICATE_VERIFY},
                                            {OUT, TlsMessage::CHANGE_CIPHER_SPEC},
                                            {OUT, TlsMessage::FINISHED}},
                                           "p256",
                                           "x25519",
                                           2);
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(mutualClient),
                              MicroSeconds(4 * 10 + 100 + 1000 + 1),
                              "3 chain verifies + SKE verify + keygen + derive + sign");

        // Server receives the client's flight (chain depth 0: the leaf only).
        TlsCpuStep serverFinish = MakeStep(S,
                                           "1.2",
                                           {{IN, TlsMessage::CERTIFICATE},
                                            {IN, TlsMessage::CLIENT_KEY_EXCHANGE},
                                            {IN, TlsMessage::CERTIFICATE_VERIFY},
                                            {IN, TlsMessage::CHANGE_CIPHER_SPEC},
                                            {IN, TlsMessage::FINISHED},
                                            {OUT, TlsMessage::CHANGE_CIPHER_SPEC},
                                            {OUT, TlsMessage::FINISHED}},
                                           "p256",
                                           "x25519",
                                           0);
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(serverFinish),
                              MicroSeconds(10 + 1000 + 10),
                              "verify (leaf) + derive + verify (CertificateVerify)");

        // RSA key transport: no ServerKeyExchange; encrypt / decrypt the premaster.
        TlsCpuStep rsaServer = MakeStep(S,
                                        "1.2",
                                        {{IN, TlsMessage::CLIENT_HELLO},
                                         {OUT, TlsMessage::SERVER_HELLO},
                                         {OUT, TlsMessage::CERTIFICATE},
                                         {OUT, TlsMessage::SERVER_HELLO_DONE}},
                                        "rsa2048");
        rsaServer.rsaKeyTransport = true;
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(rsaServer), Time(0), "no public-key work");
        TlsCpuStep rsaClient = MakeStep(C,
                                        "1.2",
                                        {{IN, TlsMessage::SERVER_HELLO},
                                         {IN, TlsMessage::CERTIFICATE},
                                         {IN, TlsMessage::SERVER_HELLO_DONE},
                                         {OUT, TlsMessage::CLIENT_KEY_EXCHANGE},
                                         {OUT, TlsMessage::CHANGE_CIPHER_SPEC},
                                         {OUT, TlsMessage::FINISHED}},
                                        "rsa2048");
        rsaClient.rsaKeyTransport = true;
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(rsaClient),
                              MicroSeconds(2 * 20 + 10000),
                              "2 verify(rsa2048) + rsa-encrypt");
        TlsCpuStep rsaServerFinish = MakeStep(S,
                                              "1.2",
                                              {{IN, TlsMessage::CLIENT_KEY_EXCHANGE},
                                               {IN, TlsMessage::CHANGE_CIPHER_SPEC},
                                               {IN, TlsMessage::FINISHED},
                                               {OUT, TlsMessage::CHANGE_CIPHER_SPEC},
                                               {OUT, TlsMessage::FINISHED}},
                                              "rsa2048");
        rsaServerFinish.rsaKeyTransport = true;
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(rsaServerFinish), MicroSeconds(100000), "rsa-decrypt");

        // Finite-field DHE as OpenSSL reports it: "DH-2048" is ffdhe2048.
        TlsCpuStep dhe = serverFlight;
        dhe.group = "DH-2048";
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(dhe), MicroSeconds(300 + 1), "keygen(ffdhe2048)+sign");

        // Resumed: no public-key work at all.
        TlsCpuStep resumedServer = MakeStep(S,
                                            "1.2",
                                            {{IN, TlsMessage::CLIENT_HELLO},
                                             {OUT, TlsMessage::SERVER_HELLO},
                                             {OUT, TlsMessage::CHANGE_CIPHER_SPEC},
                                             {OUT, TlsMessage::FINISHED}});
        resumedServer.resumed = true;
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(resumedServer), Time(0), "resumed server");
        TlsCpuStep resumedClient = MakeStep(C,
                                            "1.2",
                                            {{IN, TlsMessage::SERVER_HELLO},
                                             {IN, TlsMessage::CHANGE_CIPHER_SPEC},
                                             {IN, TlsMessage::FINISHED},
                                             {OUT, TlsMessage::CHANGE_CIPHER_SPEC},
                                             {OUT, TlsMessage::FINISHED}});
        resumedClient.resumed = true;
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(resumedClient), Time(0), "resumed client");

        // The first ClientHello: the version is not known yet; OpenSSL generates a
        // TLS 1.3 key share. A client limited to TLS 1.2 does not.
        TlsCpuStep hello = MakeStep(C, "", {{OUT, TlsMessage::CLIENT_HELLO}});
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(hello), MicroSeconds(100), "keygen for key share");
        hello.version = "1.2";
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(hello), Time(0), "TLS 1.2 only: no key share");
    }
};

/**
 * \ingroup tls-test
 * TLS 1.3 steps cost the operations OpenSSL performs.
 */
class TlsCpuTls13CostTestCase : public TestCase
{
  public:
    TlsCpuTls13CostTestCase()
        : TestCase("TLS 1.3 steps: full, mutual, HelloRetryRequest, resumed (PSK)")
    {
    }

  private:
    void DoRun() override
    {
        const std::string table = CreateTempDirFilename("tls-cpu-digits-13.csv");
        WriteFile(table, g_digitTable);
        Ptr<TlsCpu> cpu = CreateObject<TlsCpu>();
        cpu->SetAttribute("CostTable", StringValue(table));
        const TlsRole C = TlsRole::CLIENT;
        const TlsRole S = TlsRole::SERVER;

        TlsCpuStep hello = MakeStep(C, "1.3", {{OUT, TlsMessage::CLIENT_HELLO}});
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(hello), MicroSeconds(100), "ClientHello: keygen");

        TlsCpuStep serverFlight = MakeStep(S,
                                           "1.3",
                                           {{IN, TlsMessage::CLIENT_HELLO},
                                            {OUT, TlsMessage::SERVER_HELLO},
                                            {OUT, TlsMessage::ENCRYPTED_EXTENSIONS},
                                            {OUT, TlsMessage::CERTIFICATE},
                                            {OUT, TlsMessage::CERTIFICATE_VERIFY},
                                            {OUT, TlsMessage::FINISHED}});
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(serverFlight),
                              cpu->GetOperationCost("keygen", "x25519") +
                                  cpu->GetOperationCost("derive", "x25519") +
                                  cpu->GetOperationCost("sign", "p256"),
                              "server: keygen + derive + sign");
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(serverFlight), MicroSeconds(1101), "digits");

        TlsCpuStep clientFlight = MakeStep(C,
                                           "1.3",
                                           {{IN, TlsMessage::SERVER_HELLO},
                                            {IN, TlsMessage::ENCRYPTED_EXTENSIONS},
                                            {IN, TlsMessage::CERTIFICATE},
                                            {IN, TlsMessage::CERTIFICATE_VERIFY},
                                            {IN, TlsMessage::FINISHED},
                                            {OUT, TlsMessage::FINISHED}});
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(clientFlight),
                              MicroSeconds(1000 + 2 * 10 + 10),
                              "client: derive + 2 verify (chain) + verify (CertificateVerify)");
        // The version is inferred from EncryptedExtensions when the step does not say.
        TlsCpuStep unknownVersion = clientFlight;
        unknownVersion.version = "";
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(unknownVersion),
                              cpu->GetCost(clientFlight),
                              "version inferred");

        // Mutual authentication.
        TlsCpuStep mutualClient = MakeStep(C,
                                           "1.3",
                                           {{IN, TlsMessage::SERVER_HELLO},
                                            {IN, TlsMessage::ENCRYPTED_EXTENSIONS},
                                            {IN, TlsMessage::CERTIFICATE_REQUEST},
                                            {IN, TlsMessage::CERTIFICATE},
                                            {IN, TlsMessage::CERTIFICATE_VERIFY},
                                            {IN, TlsMessage::FINISHED},
                                            {OUT, TlsMessage::CERTIFICATE},
                                            {OUT, TlsMessage::CERTIFICATE_VERIFY},
                                            {OUT, TlsMessage::FINISHED}});
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(mutualClient),
                              MicroSeconds(1000 + 3 * 10 + 1),
                              "+ sign (CertificateVerify)");
        TlsCpuStep serverFinish = MakeStep(S,
                                           "1.3",
                                           {{IN, TlsMessage::CERTIFICATE},
                                            {IN, TlsMessage::CERTIFICATE_VERIFY},
                                            {IN, TlsMessage::FINISHED},
                                            {OUT, TlsMessage::NEW_SESSION_TICKET}});
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(serverFinish),
                              MicroSeconds(3 * 10),
                              "server: 2 verify (client chain) + verify (CertificateVerify)");

        // HelloRetryRequest: no work for the server; a new key share from the client.
        TlsCpuStep hrr =
            MakeStep(S,
                     "1.3",
                     {{IN, TlsMessage::CLIENT_HELLO}, {OUT, TlsMessage::HELLO_RETRY_REQUEST}});
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(hrr), Time(0), "HelloRetryRequest");
        TlsCpuStep retry =
            MakeStep(C,
                     "",
                     {{IN, TlsMessage::HELLO_RETRY_REQUEST}, {OUT, TlsMessage::CLIENT_HELLO}},
                     "p256",
                     "secp256r1");
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(retry),
                              cpu->GetOperationCost("keygen", "P-256"),
                              "second ClientHello: keygen(secp256r1)");

        // Resumed (PSK with (EC)DHE): key exchange, no certificate work.
        TlsCpuStep resumedServer = MakeStep(S,
                                            "1.3",
                                            {{IN, TlsMessage::CLIENT_HELLO},
                                             {OUT, TlsMessage::SERVER_HELLO},
                                             {OUT, TlsMessage::ENCRYPTED_EXTENSIONS},
                                             {OUT, TlsMessage::FINISHED}});
        resumedServer.resumed = true;
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(resumedServer),
                              MicroSeconds(1100),
                              "resumed server: keygen + derive");
        std::vector<TlsCpuOperation> ops = TlsCpu::GetOperations(resumedServer);
        NS_TEST_ASSERT_MSG_EQ(CountOf(ops, "sign") + CountOf(ops, "verify"), 0, "no sign/verify");
        TlsCpuStep resumedClient = MakeStep(C,
                                            "1.3",
                                            {{IN, TlsMessage::SERVER_HELLO},
                                             {IN, TlsMessage::ENCRYPTED_EXTENSIONS},
                                             {IN, TlsMessage::FINISHED},
                                             {OUT, TlsMessage::FINISHED}});
        resumedClient.resumed = true;
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(resumedClient), MicroSeconds(1000), "derive only");
        // Even if a resumed step listed certificate messages, they cost nothing.
        TlsCpuStep odd = clientFlight;
        odd.resumed = true;
        ops = TlsCpu::GetOperations(odd);
        NS_TEST_ASSERT_MSG_EQ(CountOf(ops, "sign") + CountOf(ops, "verify"), 0, "no sign/verify");

        // An unknown group is costed as x25519.
        TlsCpuStep unknownGroup = serverFlight;
        unknownGroup.group = "kyber-of-the-future";
        NS_TEST_ASSERT_MSG_EQ(cpu->GetCost(unknownGroup),
                              cpu->GetCost(serverFlight),
                              "unknown group: x25519");
    }
};

/**
 * \ingroup tls-test
 * The built-in table: complete, positive, and RSA signing dearer than ECDSA.
 */
class TlsCpuBuiltinTableTestCase : public TestCase
{
  public:
    TlsCpuBuiltinTableTestCase()
        : TestCase("built-in table: complete; RSA-2048 server step costs more than P-256")
    {
    }

  private:
    void DoRun() override
    {
        TlsCpuCostTable table = TlsCpuBuiltinCostTable();
        // 11 key types x (sign, verify), 3 RSA sizes x (encrypt, decrypt), 16 groups x
        // (keygen, derive), 6 ML-KEM / hybrid groups x encaps.
        NS_TEST_ASSERT_MSG_EQ(table.size(), 11 * 2 + 3 * 2 + 16 * 2 + 6, "every operation");
        for (const auto& e : table)
        {
            NS_TEST_ASSERT_MSG_GT(e.second, 0, e.first.first + " " + e.first.second);
        }

        Ptr<TlsCpu> cpu = CreateObject<TlsCpu>();
        NS_TEST_ASSERT_MSG_GT(cpu->GetOperationCost("sign", "rsa2048"),
                              cpu->GetOperationCost("sign", "p256"),
                              "RSA-2048 signs slower than ECDSA P-256");
        NS_TEST_ASSERT_MSG_GT(cpu->GetOperationCost("sign", "rsa4096"),
                              cpu->GetOperationCost("sign", "rsa2048"),
                              "RSA-4096 signs slower than RSA-2048");
        NS_TEST_ASSERT_MSG_LT(cpu->GetOperationCost("verify", "rsa2048"),
                              cpu->GetOperationCost("sign", "rsa2048"),
                              "RSA verifies faster than it signs");
        NS_TEST_ASSERT_MSG_LT(cpu->GetOperationCost("keygen", "x25519"),
                              cpu->GetOperationCost("keygen", "ffdhe2048"),
                              "x25519 is cheaper than ffdhe2048");

        for (const std::string version : {"1.2", "1.3"})
        {
            TlsCpuStep step;
            step.role = TlsRole::SERVER;
            step.version = version;
            step.group = "x25519";
            step.messages = {{IN, TlsMessage::CLIENT_HELLO},
                             {OUT, TlsMessage::SERVER_HELLO},
                             {OUT, TlsMessage::CERTIFICATE},
                             {OUT,
                              version == "1.2" ? TlsMessage::SERVER_KEY_EXCHANGE
                                               : TlsMessage::CERTIFICATE_VERIFY}};
            step.keyType = "rsa2048";
            Time rsa = cpu->GetCost(step);
            step.keyType = "p256";
            Time ecdsa = cpu->GetCost(step);
            NS_TEST_ASSERT_MSG_GT(rsa, ecdsa, "TLS " + version + " server step: RSA > ECDSA");
        }

        // Aliases reach the same entries.
        NS_TEST_ASSERT_MSG_EQ(cpu->GetOperationCost("keygen", "P-256"),
                              cpu->GetOperationCost("keygen", "secp256r1"),
                              "P-256 alias");
        NS_TEST_ASSERT_MSG_EQ(cpu->GetOperationCost("derive", "DH-3072"),
                              cpu->GetOperationCost("derive", "ffdhe3072"),
                              "DH-3072 alias");
    }
};

/**
 * \ingroup tls-test
 * Scale and the measured mode.
 */
class TlsCpuScaleModeTestCase : public TestCase
{
  public:
    TlsCpuScaleModeTestCase()
        : TestCase("Scale multiplies costs; Mode=measured charges the host CPU time")
    {
    }

  private:
    void DoRun() override
    {
        TlsCpuStep step;
        step.role = TlsRole::SERVER;
        step.version = "1.3";
        step.messages = {{IN, TlsMessage::CLIENT_HELLO},
                         {OUT, TlsMessage::SERVER_HELLO},
                         {OUT, TlsMessage::CERTIFICATE_VERIFY}};
        step.measuredSeconds = 0.0025;

        Ptr<TlsCpu> cpu = CreateObject<TlsCpu>();
        const Time base = cpu->GetCost(step);
        NS_TEST_ASSERT_MSG_GT(base, Time(0), "table mode charges the operations");
        cpu->SetAttribute("Scale", DoubleValue(3));
        NS_TEST_ASSERT_MSG_EQ_TOL(cpu->GetCost(step).GetNanoSeconds(),
                                  3 * base.GetNanoSeconds(),
                                  2,
                                  "Scale 3");

        Ptr<TlsCpu> measured = CreateObjectWithAttributes<TlsCpu>("Mode", StringValue("measured"));
        NS_TEST_ASSERT_MSG_EQ(measured->GetCost(step), MicroSeconds(2500), "host CPU time");
        measured->SetAttribute("Scale", DoubleValue(2));
        NS_TEST_ASSERT_MSG_EQ(measured->GetCost(step), MicroSeconds(5000), "scaled");
        step.messages.clear();
        NS_TEST_ASSERT_MSG_EQ(measured->GetCost(step), MicroSeconds(5000), "messages ignored");
        step.measuredSeconds = -1;
        NS_TEST_ASSERT_MSG_EQ(measured->GetCost(step), Time(0), "never negative");

        StringValue mode;
        measured->GetAttribute("Mode", mode);
        NS_TEST_ASSERT_MSG_EQ(mode.Get(), "measured", "Mode attribute");
    }
};

/**
 * \ingroup tls-test
 * The CostTable parser: good files load, bad files give messages naming the file.
 */
class TlsCpuParseTestCase : public TestCase
{
  public:
    TlsCpuParseTestCase()
        : TestCase("CostTable files: parsing and error messages")
    {
    }

  private:
    /**
     * Parse a file with this content and expect an error.
     * \param name file name
     * \param content the content
     * \param expected text the error must contain (besides the file name)
     */
    void ExpectError(const std::string& name,
                     const std::string& content,
                     const std::string& expected)
    {
        const std::string path = CreateTempDirFilename(name);
        WriteFile(path, content);
        TlsCpuCostTable table;
        table[Key("sign", "p256")] = 7.0;
        std::string error = TlsCpuParseCostTable(path, table);
        NS_TEST_EXPECT_MSG_NE(error.find(path), std::string::npos, "names the file: " + error);
        NS_TEST_EXPECT_MSG_NE(error.find(expected),
                              std::string::npos,
                              "says '" + expected + "': " + error);
        NS_TEST_EXPECT_MSG_EQ(table.size(), 1, "table unchanged on error");
        NS_TEST_EXPECT_MSG_EQ(table[Key("sign", "p256")], 7.0, "table unchanged on error");
    }

    void DoRun() override
    {
        const std::string header = "operation,algorithm,microseconds\n";
        // A good file: comments, blank lines, spaces, CRLF, upper case.
        const std::string good = CreateTempDirFilename("tls-cpu-good.csv");
        WriteFile(good,
                  "# measured somewhere\r\n\r\n Operation , Algorithm , Microseconds\r\n"
                  "sign,p256,42.5\r\n  KEYGEN , x25519 , 1e2\r\n# end\r\n");
        TlsCpuCostTable table = TlsCpuBuiltinCostTable();
        const double rsa = table[Key("sign", "rsa2048")];
        std::string error = TlsCpuParseCostTable(good, table);
        NS_TEST_ASSERT_MSG_EQ(error, "", "good file");
        NS_TEST_ASSERT_MSG_EQ(table[Key("sign", "p256")], 42.5, "value read");
        NS_TEST_ASSERT_MSG_EQ(table[Key("keygen", "x25519")], 100.0, "value read");
        NS_TEST_ASSERT_MSG_EQ(table[Key("sign", "rsa2048")], rsa, "other entries kept");

        // The attribute path uses the same parser.
        Ptr<TlsCpu> cpu = CreateObjectWithAttributes<TlsCpu>("CostTable", StringValue(good));
        NS_TEST_ASSERT_MSG_EQ(cpu->GetOperationCost("keygen", "x25519"),
                              MicroSeconds(100),
                              "attribute loads the file");
        StringValue file;
        cpu->GetAttribute("CostTable", file);
        NS_TEST_ASSERT_MSG_EQ(file.Get(), good, "CostTable attribute");

        // The calibration output format: every built-in entry round-trips.
        std::string all = "# host: test\n" + header;
        for (const auto& e : TlsCpuBuiltinCostTable())
        {
            all += e.first.first + "," + e.first.second + "," + std::to_string(e.second) + "\n";
        }
        const std::string full = CreateTempDirFilename("tls-cpu-full.csv");
        WriteFile(full, all);
        TlsCpuCostTable empty;
        NS_TEST_ASSERT_MSG_EQ(TlsCpuParseCostTable(full, empty), "", "full table");
        NS_TEST_ASSERT_MSG_EQ(empty.size(), TlsCpuBuiltinCostTable().size(), "all entries");

        // Unreadable.
        const std::string missing = CreateTempDirFilename("tls-cpu-no-such-file.csv");
        TlsCpuCostTable t;
        error = TlsCpuParseCostTable(missing, t);
        NS_TEST_ASSERT_MSG_NE(error.find(missing), std::string::npos, "names the file: " + error);
        NS_TEST_ASSERT_MSG_NE(error.find("No such file"), std::string::npos, "reason: " + error);

        // Malformed lines: file, line number, content.
        ExpectError("tls-cpu-fields.csv",
                    header + "sign,p256,42\nsign p256 42\n",
                    "line 3: 'sign p256 42': expected 3 fields");
        ExpectError("tls-cpu-operation.csv",
                    header + "\n# c\nsing,p256,42\n",
                    "line 4: 'sing,p256,42': unknown operation 'sing'");
        ExpectError("tls-cpu-algorithm.csv",
                    header + "sign,x25519,42\n",
                    "line 2: 'sign,x25519,42': unknown algorithm 'x25519' for sign");
        ExpectError("tls-cpu-rsa.csv",
                    header + "rsa-decrypt,p256,42\n",
                    "unknown algorithm 'p256' for rsa-decrypt");
        ExpectError("tls-cpu-number.csv",
                    header + "verify,p256,fast\n",
                    "line 2: 'verify,p256,fast': microseconds 'fast' is not a finite number");
        ExpectError("tls-cpu-negative.csv", header + "verify,p256,-3\n", "line 2");
        ExpectError("tls-cpu-trailing.csv", header + "verify,p256,3us\n", "'3us'");
        ExpectError("tls-cpu-duplicate.csv",
                    header + "verify,p256,3\nverify,p256,4\n",
                    "line 3: 'verify,p256,4': duplicate entry");
        ExpectError("tls-cpu-header.csv",
                    "sign,p256,42\n",
                    "line 1: 'sign,p256,42': expected the header");
        ExpectError("tls-cpu-empty.csv", "# nothing\n" + header, "no entries");
    }
};

/**
 * \ingroup tls-test
 * Names of key types and groups.
 */
class TlsCpuNamesTestCase : public TestCase
{
  public:
    TlsCpuNamesTestCase()
        : TestCase("key type and group names and aliases")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<std::pair<std::string, std::string>> groups = {
            {"", "x25519"},
            {"X25519", "x25519"},
            {"X25519-253", "x25519"},
            {"x448", "x448"},
            {"P-256", "secp256r1"},
            {"prime256v1", "secp256r1"},
            {"secp384r1", "secp384r1"},
            {"P-521", "secp521r1"},
            {"ffdhe2048", "ffdhe2048"},
            {"ffdhe8192", "ffdhe8192"},
            {"DH-2048", "ffdhe2048"},
            {"DH-3072", "ffdhe3072"},
            {"DH-4096", "ffdhe4096"},
            {"DH-1024", "ffdhe2048"},
            {"nonsense", ""},
            {"dh-big", ""},
        };
        for (const auto& g : groups)
        {
            NS_TEST_ASSERT_MSG_EQ(TlsCpuNormalizeGroup(g.first), g.second, "group " + g.first);
        }
        const std::vector<std::pair<std::string, std::string>> keys = {
            {"", "p256"},
            {"p256", "p256"},
            {"P-384", "p384"},
            {"prime256v1", "p256"},
            {"RSA-2048", "rsa2048"},
            {"rsa3072", "rsa3072"},
            {"rsa4096", "rsa4096"},
            {"ED25519", "ed25519"},
            {"dsa", ""},
        };
        for (const auto& k : keys)
        {
            NS_TEST_ASSERT_MSG_EQ(TlsCpuNormalizeKeyType(k.first), k.second, "key " + k.first);
        }
    }
};

/**
 * \ingroup tls-test
 * The crypto CPU test suite.
 */
class TlsCpuTestSuite : public TestSuite
{
  public:
    TlsCpuTestSuite()
        : TestSuite("tls-cpu", tls_compat::UNIT)
    {
        AddTestCase(new TlsCpuQueueingTestCase, tls_compat::QUICK);
        AddTestCase(new TlsCpuTls12CostTestCase, tls_compat::QUICK);
        AddTestCase(new TlsCpuTls13CostTestCase, tls_compat::QUICK);
        AddTestCase(new TlsCpuBuiltinTableTestCase, tls_compat::QUICK);
        AddTestCase(new TlsCpuScaleModeTestCase, tls_compat::QUICK);
        AddTestCase(new TlsCpuParseTestCase, tls_compat::QUICK);
        AddTestCase(new TlsCpuNamesTestCase, tls_compat::QUICK);
    }
};

static TlsCpuTestSuite g_tlsCpuTestSuite; //!< static instance

} // namespace
