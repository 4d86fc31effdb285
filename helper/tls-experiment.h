/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_EXPERIMENT_H
#define TLS_EXPERIMENT_H

#include "ns3/application-container.h"
#include "ns3/data-rate.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/tls-record.h"
#include "ns3/tls-topology.h"
#include "ns3/traced-callback.h"

#include <csignal>
#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tls
 * What an experiment measured, kept without storing per-handshake values.
 */
struct TlsExperimentSummary
{
    uint64_t attempts{0};      //!< handshake attempts that ended
    uint64_t ok{0};            //!< of which completed in order
    uint64_t completed{0};     //!< handshakes the client completed (ok or failed later)
    uint64_t offered{0};       //!< attempts that offered a session
    uint64_t resumed{0};       //!< attempts that resumed
    uint64_t earlyAccepted{0}; //!< attempts whose 0-RTT data was accepted
    uint64_t timeouts{0};      //!< attempts that timed out
    std::map<std::string, uint64_t> outcomes; //!< outcome name -> count
    std::map<std::string, uint64_t> alerts;   //!< "sender:alert" -> count
    uint64_t seed{0};                         //!< RngSeed of the run
    uint64_t run{0};                          //!< RngRun of the run
    double latencyMean{0};                    //!< mean handshake latency of ok attempts (ms)
    double latencyMin{0};                     //!< minimum (ms)
    double latencyMax{0};                     //!< maximum (ms)
    double latencyP50{0};                     //!< median (ms)
    double latencyP90{0};                     //!< 90th percentile (ms)
    double latencyP95{0};                     //!< 95th percentile (ms)
    double latencyP99{0};                     //!< 99th percentile (ms)
    double fullP50{0};                        //!< median latency of full handshakes (ms)
    double resumedP50{0};                     //!< median latency of resumed handshakes (ms)
    double wallSeconds{0};                    //!< host time the run took
    double simSeconds{0};                     //!< simulated time at the end
    /// why the run failed (ephemeral ports exhausted, stopped by a signal), one line;
    /// "" if it ran to its end (or to MaxSimTime)
    std::string error;
};

/**
 * \ingroup tls
 * Builds and runs one experiment: N client nodes and M server nodes joined by
 * a router, with per-side delay, bandwidth, queue and loss; TCP configured
 * like Linux (TlsTcpDefaults); a workload of handshakes arriving as a Poisson
 * process or in closed loop; every TLS knob; optional crypto CPUs, fault
 * scenarios for a share of the clients, pcap and key log. It writes one CSV
 * row per handshake attempt and a JSON summary, computed as it goes
 * (Boost.Accumulators and Boost.Histogram), so that a million handshakes need
 * no list of latencies in memory.
 *
 * Every knob is an attribute; the tls-experiment program exposes them on the
 * command line. Seeds come from ns-3's RngSeedManager (--RngSeed, --RngRun).
 *
 * TLS settings: the experiment makes its TlsContext after the attributes are
 * set, so the ns3::TlsContext defaults apply (--ns3::TlsContext::KeyType=p384);
 * the experiment's own TLS attributes (Version, KeyType, ChainDepth, Groups,
 * CipherList, MutualAuth, Tickets) override them only when set (empty, -1,
 * false or true = leave the TlsContext default). TCP likewise: SegmentSize,
 * InitialCwnd, MinRto, ConnTimeout, DelAckCount and TcpVariant override the
 * ns3::TcpSocket/TcpSocketBase/TcpL4Protocol defaults only when set; with
 * TcpDefaults (true), a TCP default that still has ns-3's stock value takes the
 * module's Linux-like value (TlsTcpDefaults). The summary lists the values in
 * effect.
 *
 * Use: set attributes, Build() (returns an error message or ""), then add to
 * the network (GetTopology(), GetClientApplications(): FlowMonitor, NetAnim,
 * cross traffic), then Run(). The RunEnd trace fires once the simulation has
 * stopped, before the simulator is destroyed.
 */
class TlsExperiment : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TlsExperiment();
    ~TlsExperiment() override;

    /**
     * Check the attributes (and the ns-3 defaults the experiment takes), and
     * that the output files can be written and differ from each other.
     * \return "" or a message naming the attribute, its value and what is allowed
     */
    std::string Validate() const;

    /**
     * Validate, then build the network, the TLS contexts and the applications,
     * and open the outputs. Call at most once.
     * \return "" or a message naming the attribute, its value and what is allowed
     */
    std::string Build();

    /**
     * Build (if not done), run the simulation, write the outputs. If Build
     * fails, or Run was called before, nothing runs and the summary's error
     * says why.
     * \return the summary (its error is "" unless the run failed)
     */
    TlsExperimentSummary Run();

    /**
     * Let a program stop the run from a signal handler: Run() looks at the
     * flag every 100 ms of simulated time and, once it is not 0, stops with
     * whole outputs: attempts still running or not started are written as cut
     * and the summary's error reads "stopped by signal N" (N: the flag's value).
     * The experiment installs no signal handler itself.
     * \param flag the flag (nullptr: none), alive until Run returns
     */
    void SetStopFlag(const volatile std::sig_atomic_t* flag);

    /// \return the network (after Build)
    TlsStarTopology& GetTopology();
    /// \return the client applications, one TlsClient per client node (after Build)
    ApplicationContainer GetClientApplications() const;
    /// \return the server applications, one TlsServer per server node (after Build)
    ApplicationContainer GetServerApplications() const;

    /**
     * \param summary a summary
     * \return it as JSON, with the experiment's attributes under "config" and
     *         the TLS and TCP settings in effect under "tls" and "tcp"
     */
    std::string SummaryJson(const TlsExperimentSummary& summary) const;

    /// \return the CSV header of the records file
    static std::string RecordsHeader();

    /// \return the names of the records file's columns, in order
    static std::vector<std::string> RecordsColumns();

    /// The simulation has stopped (the simulator is not destroyed yet).
    typedef void (*RunEndCallback)();

  private:
    struct Impl;

    // Topology
    uint32_t m_clients;      //!< Clients attribute
    uint32_t m_servers;      //!< Servers attribute
    Time m_clientDelay;      //!< ClientDelay attribute
    Time m_serverDelay;      //!< ServerDelay attribute
    Time m_jitter;           //!< Jitter attribute
    DataRate m_clientRate;   //!< ClientBandwidth attribute
    DataRate m_serverRate;   //!< ServerBandwidth attribute
    std::string m_queueSize; //!< QueueSize attribute
    std::string m_queueDisc; //!< QueueDisc attribute
    double m_uplinkLoss;     //!< UplinkLoss attribute
    double m_downlinkLoss;   //!< DownlinkLoss attribute

    std::string m_uplinkLossPattern;   //!< UplinkLossPattern attribute
    std::string m_downlinkLossPattern; //!< DownlinkLossPattern attribute

    // TCP
    std::string m_tcpVariant; //!< TcpVariant attribute
    uint32_t m_segmentSize;   //!< SegmentSize attribute
    uint32_t m_initialCwnd;   //!< InitialCwnd attribute
    Time m_minRto;            //!< MinRto attribute
    Time m_connTimeout;       //!< ConnTimeout attribute
    uint32_t m_delAckCount;   //!< DelAckCount attribute
    // Workload
    uint32_t m_handshakes;   //!< Handshakes attribute
    double m_rate;           //!< Rate attribute
    Time m_thinkTime;        //!< ThinkTime attribute
    uint32_t m_requestSize;  //!< RequestSize attribute
    uint32_t m_responseSize; //!< ResponseSize attribute
    Time m_handshakeTimeout; //!< HandshakeTimeout attribute
    Time m_maxSimTime;       //!< MaxSimTime attribute
    // TLS
    std::string m_version;     //!< Version attribute
    std::string m_keyType;     //!< KeyType attribute
    int32_t m_chainDepth;      //!< ChainDepth attribute
    bool m_mutualAuth;         //!< MutualAuth attribute
    std::string m_groups;      //!< Groups attribute
    std::string m_cipherList;  //!< CipherList attribute
    double m_resume;           //!< Resume attribute
    bool m_tickets;            //!< Tickets attribute
    uint32_t m_earlyData;      //!< EarlyData attribute
    uint32_t m_sessionCache;   //!< SessionCacheSize attribute
    bool m_sharedCache;        //!< SharedSessionCache attribute
    std::string m_scenario;    //!< Scenario attribute
    double m_faultFraction;    //!< FaultFraction attribute
    uint32_t m_cpuCores;       //!< CpuCores attribute
    uint32_t m_clientCpuCores; //!< ClientCpuCores attribute
    std::string m_cpuMode;     //!< CpuMode attribute
    std::string m_engine;      //!< Engine attribute
    // Outputs
    std::string m_recordsFile;  //!< RecordsFile attribute
    std::string m_summaryFile;  //!< SummaryFile attribute
    std::string m_messagesFile; //!< MessagesFile attribute
    std::string m_pcapPrefix;   //!< PcapPrefix attribute
    std::string m_keyLogFile;   //!< KeyLogFile attribute
    bool m_progress;            //!< Progress attribute
    bool m_tcpDefaults;         //!< TcpDefaults attribute

    std::unique_ptr<Impl> m_impl;                          //!< the state of the run (after Build)
    std::unique_ptr<TlsStarTopology> m_net;                //!< the network (after Build)
    ApplicationContainer m_clientApps;                     //!< client applications
    ApplicationContainer m_serverApps;                     //!< server applications
    TracedCallback<> m_runEnd;                             //!< RunEnd trace
    const volatile std::sig_atomic_t* m_stopFlag{nullptr}; //!< SetStopFlag
};

} // namespace ns3

#endif /* TLS_EXPERIMENT_H */
