/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_TEST_UTILS_H
#define TLS_TEST_UTILS_H

#include "ns3/address.h"
#include "ns3/application-container.h"
#include "ns3/data-rate.h"
#include "ns3/net-device.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/tls-application.h"
#include "ns3/tls-messages.h"

#include <string>
#include <vector>

namespace ns3
{
namespace tls_test
{

/**
 * A star: one server node, each client node on its own point-to-point link to it.
 */
struct Star
{
    NodeContainer server;                      //!< the server node
    NodeContainer clients;                     //!< the client nodes
    Address serverIp;                          //!< the server's address on the first link
    std::vector<Ptr<NetDevice>> serverDevices; //!< the server's device on each client's link
    std::vector<Address> clientIps;            //!< each client's address
    bool ipv6{false};                          //!< addresses are IPv6
};

/**
 * Build a star with the realistic TCP defaults of TlsTcpDefaults.
 * \param clients number of client nodes
 * \param delay one-way delay of every link
 * \param rate data rate of every link
 * \param ipv6 use IPv6
 * \return the star
 */
Star BuildStar(uint32_t clients, Time delay, DataRate rate, bool ipv6 = false);

/**
 * \param star the star
 * \param port the port
 * \return the server's socket address on the first link
 */
Address ServerSocketAddress(const Star& star, uint16_t port);

/// One message as its sender wrote it.
struct SeenMessage
{
    Time time;       //!< simulated time
    bool fromClient; //!< direction
    TlsMessage msg;  //!< the message
    uint32_t length; //!< its length
    uint64_t connId; //!< the connection

    /// \return e.g. "C->S ClientHello"
    std::string ToString() const;
};

/**
 * Collects the messages each side wrote, in order, and the alerts.
 */
class MessageLog
{
  public:
    /**
     * Listen to the sent messages of an application.
     * \param app a TlsClient or TlsServer
     * \param isClient whether it is the client
     */
    void Attach(Ptr<Application> app, bool isClient);

    /// \return the messages, in the order they were written
    const std::vector<SeenMessage>& Sent() const;
    /// \return the messages the client received, in order
    const std::vector<SeenMessage>& ReceivedByClient() const;
    /// \return the sent messages as strings "C->S ClientHello"
    std::vector<std::string> SentNames() const;
    /// \return record content types seen (sent or received) by either side
    const std::vector<uint8_t>& ContentTypes() const;

  private:
    /**
     * \param log the log
     * \param isClient side
     * \param connId connection
     * \param sent sent or received
     * \param msg message
     * \param length length
     */
    static void OnMessage(MessageLog* log,
                          bool isClient,
                          uint64_t connId,
                          bool sent,
                          TlsMessage msg,
                          uint32_t length);
    /**
     * \param log the log
     * \param connId connection
     * \param sent sent or received
     * \param type content type
     * \param length length
     */
    static void OnRecord(MessageLog* log,
                         uint64_t connId,
                         bool sent,
                         uint8_t type,
                         uint16_t length);

    std::vector<SeenMessage> m_sent;           //!< sent messages
    std::vector<SeenMessage> m_clientReceived; //!< messages the client read
    std::vector<uint8_t> m_contentTypes;       //!< content types seen
};

/**
 * Collects connection records from ConnectionClosed traces.
 */
class RecordLog
{
  public:
    /**
     * \param apps applications to listen to
     */
    void Attach(ApplicationContainer apps);
    /// \return the records of ended connections
    const std::vector<TlsConnectionRecord>& Records() const;
    /// \return the records of handshakes completed (HandshakeCompleted trace)
    const std::vector<TlsConnectionRecord>& Completed() const;

  private:
    std::vector<TlsConnectionRecord> m_records;   //!< ended connections
    std::vector<TlsConnectionRecord> m_completed; //!< completed handshakes
};

/**
 * \param node a node
 * \return the number of TCP sockets the node's TCP still holds
 */
uint32_t CountTcpSockets(Ptr<Node> node);

/// A parsed records file.
struct Records
{
    std::vector<std::string> columns;           //!< header
    std::vector<std::vector<std::string>> rows; //!< rows

    /**
     * \param row a row
     * \param name a column
     * \return the value
     */
    std::string Get(const std::vector<std::string>& row, const std::string& name) const
    {
        for (size_t i = 0; i < columns.size(); ++i)
        {
            if (columns[i] == name)
            {
                return i < row.size() ? row[i] : "";
            }
        }
        return "<no column " + name + ">";
    }
};

/**
 * \param path a CSV file without quoted commas
 * \return its contents
 */
Records ReadRecords(const std::string& path);

/**
 * \return a cache directory for generated credentials shared by the tests
 */
std::string TestCacheDir();

} // namespace tls_test
} // namespace ns3

#endif /* TLS_TEST_UTILS_H */
