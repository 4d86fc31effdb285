/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-record.h"

#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"

#include <map>

namespace ns3
{

namespace
{

/// Next connection id.
uint64_t g_nextConnectionId = 1;

/// A client connection that holds a local address.
struct ClientHolder
{
    uint64_t id;  //!< its record id
    bool claimed; //!< a server side took its id
    bool ended;   //!< the client side has ended
};

/**
 * Client connections by local address (ip and port): a port is in use by one
 * connection at a time, so the client that holds the peer address a server
 * accepts is the other side of that connection. An entry goes when a server
 * took it and the client has ended, or when a new connection takes the address;
 * a client that ended before its server accepted stays until then.
 */
std::map<Address, ClientHolder> g_clientByAddress;
/// The registry is cleared when the simulator is destroyed.
bool g_clearScheduled = false;

/// Forget every client connection (the simulation ended).
void
ClearClients()
{
    g_clientByAddress.clear();
    g_clearScheduled = false;
}

/**
 * The TLS 1.3 flight a message belongs to (1: ClientHello, 2: the server's
 * flight, 3: the client's second flight).
 * \param msg the message
 * \param fromClient who sent it
 * \return the flight, or 0 for post-handshake messages
 */
int
Tls13Flight(TlsMessage msg, bool fromClient)
{
    if (msg == TlsMessage::NEW_SESSION_TICKET || msg == TlsMessage::KEY_UPDATE)
    {
        return 0;
    }
    if (!fromClient)
    {
        return 2;
    }
    return msg == TlsMessage::CLIENT_HELLO ? 1 : 3;
}

} // namespace

std::string
TlsOutcomeName(TlsOutcome outcome)
{
    switch (outcome)
    {
    case TlsOutcome::PENDING:
        return "pending";
    case TlsOutcome::OK:
        return "ok";
    case TlsOutcome::ALERT:
        return "alert";
    case TlsOutcome::TIMEOUT:
        return "timeout";
    case TlsOutcome::CONNECTION_FAILED:
        return "connection-failed";
    case TlsOutcome::ERROR:
        return "error";
    case TlsOutcome::CLOSE_TIMEOUT:
        return "close-timeout";
    case TlsOutcome::CUT:
        return "cut";
    }
    return "unknown";
}

bool
TlsConnectionRecord::HandshakeCompleted() const
{
    return !handshakeDone.IsStrictlyNegative();
}

Time
TlsConnectionRecord::GetHandshakeLatency() const
{
    if (handshakeDone.IsStrictlyNegative() || start.IsStrictlyNegative())
    {
        return Seconds(-1);
    }
    return handshakeDone - start;
}

TlsRecorder::TlsRecorder(TlsRole role)
    : m_fatalAlert(false),
      m_synSent(false),
      m_tls13(false),
      m_registered(false)
{
    m_record.id = g_nextConnectionId++;
    m_record.role = role;
    m_flightEnd.fill(Time(-1));
}

TlsRecorder::~TlsRecorder()
{
    if (m_registered)
    {
        // Destroyed without ending (the simulation was torn down): forget it.
        auto it = g_clientByAddress.find(m_record.local);
        if (it != g_clientByAddress.end() && it->second.id == m_record.id)
        {
            g_clientByAddress.erase(it);
        }
    }
}

uint64_t
TlsRecorder::GetNextId()
{
    return g_nextConnectionId;
}

const TlsConnectionRecord&
TlsRecorder::GetRecord() const
{
    return m_record;
}

TlsConnectionRecord&
TlsRecorder::GetRecord()
{
    return m_record;
}

void
TlsRecorder::Started(const Address& peer)
{
    m_record.peer = peer;
    m_record.start = Simulator::Now();
    if (m_record.role == TlsRole::SERVER)
    {
        auto it = g_clientByAddress.find(peer);
        if (it != g_clientByAddress.end())
        {
            m_record.peerId = it->second.id;
            it->second.claimed = true;
            if (it->second.ended)
            {
                g_clientByAddress.erase(it);
            }
        }
    }
}

void
TlsRecorder::TcpConnected(const Address& local)
{
    m_record.tcpConnected = Simulator::Now();
    if (!local.IsInvalid())
    {
        m_record.local = local;
        if (m_record.role == TlsRole::CLIENT)
        {
            if (!g_clearScheduled)
            {
                g_clearScheduled = true;
                Simulator::ScheduleDestroy(&ClearClients);
            }
            g_clientByAddress[local] = ClientHolder{m_record.id, false, false};
            m_registered = true;
        }
    }
}

void
TlsRecorder::HandshakeDone(const TlsHandshakeInfo& info)
{
    m_record.handshakeDone = Simulator::Now();
    m_record.info = info;
    if (info.version == "1.3")
    {
        m_record.phaseEnd = m_flightEnd;
    }
}

void
TlsRecorder::Record(bool sent)
{
    if (sent)
    {
        ++m_record.recordsSent;
    }
    else
    {
        ++m_record.recordsReceived;
    }
}

void
TlsRecorder::Message(bool sent, TlsMessage msg, const TlsEngine* engine)
{
    bool fromClient = (m_record.role == TlsRole::CLIENT) == sent;
    if (!m_record.HandshakeCompleted())
    {
        if (msg == TlsMessage::ENCRYPTED_EXTENSIONS || msg == TlsMessage::HELLO_RETRY_REQUEST)
        {
            m_tls13 = true;
        }
        else if (engine && !m_tls13 && msg == TlsMessage::CHANGE_CIPHER_SPEC &&
                 m_record.phaseEnd[2].IsStrictlyNegative() &&
                 m_record.phaseEnd[3].IsStrictlyNegative())
        {
            // A ChangeCipherSpec right after the ServerHello: TLS 1.3's middlebox
            // compatibility one, or TLS 1.2's abbreviated handshake.
            m_tls13 = engine->GetHandshakeInfo().version == "1.3";
        }
        if (engine)
        {
            m_lastState = engine->GetHandshakeState();
        }
        int phase = TlsSeedPhase(msg, fromClient);
        if (phase > 0)
        {
            m_record.phaseEnd[phase] = Simulator::Now();
        }
        int flight = Tls13Flight(msg, fromClient);
        if (flight > 0)
        {
            m_flightEnd[flight] = Simulator::Now();
        }
    }
    if (sent)
    {
        ++m_record.messagesSent;
    }
    else
    {
        ++m_record.messagesReceived;
    }
}

bool
TlsRecorder::Alert(bool sent, uint8_t description, const TlsEngine& engine)
{
    // close_notify and user_canceled end a connection in order; every other alert
    // is fatal in TLS 1.3 and in practice in TLS 1.2 (OpenSSL sends them as fatal).
    bool closing = description == 0 || description == 90;
    if (closing || m_fatalAlert)
    {
        return false;
    }
    m_fatalAlert = true;
    m_record.alert = description;
    m_record.alertSent = sent;
    m_record.alertTime = Simulator::Now();
    m_record.alertState = engine.GetHandshakeState();
    if (sent && m_record.alertState == "error" && !m_lastState.empty())
    {
        // OpenSSL names no state once it has failed: the state at the last message
        // is the one the failure happened in.
        m_record.alertState = m_lastState;
    }
    return true;
}

bool
TlsRecorder::HasFatalAlert() const
{
    return m_fatalAlert;
}

void
TlsRecorder::Ended(TlsOutcome outcome, const std::string& reason)
{
    if (m_record.outcome == TlsOutcome::PENDING)
    {
        if (outcome == TlsOutcome::OK && !m_record.HandshakeCompleted())
        {
            outcome = TlsOutcome::ERROR;
        }
        m_record.outcome = outcome;
        m_record.error = reason;
        if (!m_record.HandshakeCompleted() && m_tls13)
        {
            // A failed TLS 1.3 handshake: its flights, like a completed one.
            m_record.phaseEnd = m_flightEnd;
        }
    }
    m_record.closed = Simulator::Now();
    if (m_registered)
    {
        m_registered = false;
        auto it = g_clientByAddress.find(m_record.local);
        if (it != g_clientByAddress.end() && it->second.id == m_record.id)
        {
            if (it->second.claimed)
            {
                g_clientByAddress.erase(it);
            }
            else
            {
                it->second.ended = true; // its server may accept later
            }
        }
    }
}

void
TlsRecorder::TcpTx(Ptr<const Packet> packet,
                   const TcpHeader& header,
                   Ptr<const TcpSocketBase> /* socket */)
{
    ++m_record.packetsSent;
    if (header.GetFlags() & TcpHeader::SYN)
    {
        m_record.retransmissions += m_synSent;
        m_synSent = true;
    }
    else if (packet->GetSize() > 0)
    {
        SequenceNumber32 end = header.GetSequenceNumber() + packet->GetSize();
        if (m_record.packetsSent > 1 && end <= m_highestTx)
        {
            ++m_record.retransmissions;
        }
        else
        {
            m_highestTx = end;
        }
    }
}

void
TlsRecorder::TcpRx(Ptr<const Packet> /* packet */,
                   const TcpHeader& /* header */,
                   Ptr<const TcpSocketBase> /* socket */)
{
    ++m_record.packetsReceived;
}

} // namespace ns3
