/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-server.h"

#include "tls-exchange-header.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/log.h"
#include "ns3/socket.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsServer");

NS_OBJECT_ENSURE_REGISTERED(TlsServer);

TypeId
TlsServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TlsServer")
            .SetParent<TlsApplication>()
            .SetGroupName("Tls")
            .AddConstructor<TlsServer>()
            .AddAttribute("Local",
                          "The address and port to listen on (InetSocketAddress or "
                          "Inet6SocketAddress).",
                          AddressValue(),
                          MakeAddressAccessor(&TlsServer::m_local),
                          MakeAddressChecker())
            .AddAttribute("HandshakeTimeout",
                          "A connection whose handshake is not complete this long after it was "
                          "accepted is closed with a timeout record; 0 = no timeout.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&TlsServer::m_handshakeTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("MaxConnections",
                          "Refuse new connections while this many are open; 0 = no limit.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TlsServer::m_maxConnections),
                          MakeUintegerChecker<uint32_t>());
    return tid;
}

TlsServer::TlsServer()
    : m_maxConnections(0),
      m_accepted(0)
{
    NS_LOG_FUNCTION(this);
    m_readCb = MakeCallback(&TlsServer::HandleRead, this);
    m_sendCb = MakeCallback(&TlsServer::HandleSend, this);
}

TlsServer::~TlsServer()
{
    NS_LOG_FUNCTION(this);
}

void
TlsServer::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_listener = nullptr;
    m_exchanges.clear();
    TlsApplication::DoDispose();
}

uint64_t
TlsServer::GetAccepted() const
{
    return m_accepted;
}

void
TlsServer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(!InetSocketAddress::IsMatchingType(m_local) &&
                        !Inet6SocketAddress::IsMatchingType(m_local),
                    "TlsServer: attribute Local must be an InetSocketAddress or "
                    "Inet6SocketAddress, got '"
                        << m_local << "'");
    std::string error = GetContext()->Configure(TlsRole::SERVER);
    NS_ABORT_MSG_IF(!error.empty(), error);
    if (!m_listener)
    {
        m_listener = CreateSocket();
        m_listener->SetHandshakeTimeout(m_handshakeTimeout);
        NS_ABORT_MSG_IF(m_listener->Bind(m_local) != 0,
                        "TlsServer: cannot bind to attribute Local '" << m_local << "'");
        m_listener->Listen();
        Track(m_listener);
    }
    m_listener->SetAcceptCallback(MakeCallback(&TlsServer::HandleConnectionRequest, this),
                                  MakeCallback(&TlsServer::HandleAccept, this));
}

void
TlsServer::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_listener)
    {
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeNullCallback<void, Ptr<Socket>, const Address&>());
        Ptr<TlsSocket> listener = m_listener;
        m_listener = nullptr;
        listener->Close();
        listener->AbortConnections("application stopped");
    }
}

bool
TlsServer::HandleConnectionRequest(Ptr<Socket> /* socket */, const Address& from)
{
    NS_LOG_FUNCTION(this << from);
    return m_maxConnections == 0 || GetOpenConnections() < m_maxConnections;
}

void
TlsServer::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    NS_LOG_FUNCTION(this << socket << from);
    Ptr<TlsSocket> tls = DynamicCast<TlsSocket>(socket);
    Exchange& exchange = m_exchanges[tls->GetId()];
    exchange.socket = tls;
    socket->SetRecvCallback(m_readCb);
    socket->SetSendCallback(m_sendCb);
}

void
TlsServer::HandleRead(Ptr<Socket> socket)
{
    Ptr<TlsSocket> tls = DynamicCast<TlsSocket>(socket);
    auto it = m_exchanges.find(tls->GetId());
    Ptr<Packet> packet;
    std::vector<uint8_t> buffer;
    while ((packet = socket->Recv()))
    {
        if (it == m_exchanges.end())
        {
            continue;
        }
        Exchange& exchange = it->second;
        uint32_t size = packet->GetSize();
        buffer.resize(size);
        packet->CopyData(buffer.data(), size);
        for (uint32_t i = 0; i < size; ++i)
        {
            uint64_t offset = exchange.rxReceived + i;
            if (offset < TlsExchangeHeader::SIZE)
            {
                exchange.head.push_back(buffer[i]);
            }
            else if (buffer[i] != PatternByte(offset))
            {
                ++exchange.corrupt;
            }
        }
        exchange.rxReceived += size;
        if (exchange.requestSize == 0 && exchange.head.size() == TlsExchangeHeader::SIZE)
        {
            Buffer bytes;
            bytes.AddAtStart(TlsExchangeHeader::SIZE);
            bytes.Begin().Write(exchange.head.data(), TlsExchangeHeader::SIZE);
            TlsExchangeHeader header;
            header.Deserialize(bytes.Begin());
            if (header.GetRequestSize() < TlsExchangeHeader::SIZE)
            {
                tls->Abort("malformed request header (size " +
                           std::to_string(header.GetRequestSize()) + ")");
                return;
            }
            exchange.requestSize = header.GetRequestSize();
            exchange.responseSize = header.GetResponseSize();
        }
        if (exchange.requestSize > 0 && !exchange.responding &&
            exchange.rxReceived >= exchange.requestSize)
        {
            exchange.responding = true;
            SendResponse(exchange);
        }
    }
}

void
TlsServer::HandleSend(Ptr<Socket> socket, uint32_t /* available */)
{
    Ptr<TlsSocket> tls = DynamicCast<TlsSocket>(socket);
    auto it = m_exchanges.find(tls->GetId());
    if (it != m_exchanges.end() && it->second.responding)
    {
        SendResponse(it->second);
    }
}

void
TlsServer::SendResponse(Exchange& exchange)
{
    SendPattern(exchange.socket, &exchange.txGiven, exchange.responseSize, nullptr);
}

uint64_t
TlsServer::GetCorruptBytes(uint64_t id) const
{
    auto it = m_exchanges.find(id);
    return it == m_exchanges.end() ? 0 : it->second.corrupt;
}

void
TlsServer::ConnectionEnded(uint64_t id, const TlsConnectionRecord& /* record */)
{
    m_exchanges.erase(id);
}

} // namespace ns3
