/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-record.h"

#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"

namespace ns3
{

namespace
{

/// Next connection id.
uint64_t g_nextConnectionId = 1;

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
      m_synSent(false)
{
    m_record.id = g_nextConnectionId++;
    m_record.role = role;
    m_flightEnd.fill(Time(-1));
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
}

void
TlsRecorder::TcpConnected(const Address& local)
{
    m_record.tcpConnected = Simulator::Now();
    if (!local.IsInvalid())
    {
        m_record.local = local;
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
TlsRecorder::Message(bool sent, TlsMessage msg)
{
    bool fromClient = (m_record.role == TlsRole::CLIENT) == sent;
    if (!m_record.HandshakeCompleted())
    {
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
    }
    m_record.closed = Simulator::Now();
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
