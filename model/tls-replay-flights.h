/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_REPLAY_FLIGHTS_H
#define TLS_REPLAY_FLIGHTS_H

#include "tls-engine.h"

#include "ns3/ptr.h"

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tls
 * One observer call of a recorded engine (TlsEngineObserver), with what the
 * engine reported about itself at that moment.
 */
struct TlsReplayEvent
{
    /// Which observer call.
    enum Kind : uint8_t
    {
        RECORD,  //!< OnRecord(sent, code = content type, length)
        MESSAGE, //!< OnMessage(sent, code = TlsMessage, length)
        ALERT,   //!< OnAlert(sent, code = level, description)
        SESSION  //!< OnSession(the shape's session number length)
    };

    Kind kind{RECORD};      //!< the call
    bool sent{false};       //!< its sent argument
    uint8_t description{0}; //!< alert description
    uint16_t code{0};       //!< content type, TlsMessage or alert level
    uint32_t length{0};     //!< record or message length; SESSION: session number
    uint16_t stateName{0};  //!< GetHandshakeState() during the call (a shape string)
    uint16_t info{0};       //!< GetHandshakeInfo() during the call (a shape info)
};

/// \ingroup tls
/// The header of a TLS record an engine wrote (the body is not kept).
struct TlsReplayRecordHeader
{
    uint8_t type{0};     //!< content type
    uint16_t version{0}; //!< legacy record version
    uint16_t length{0};  //!< body length
};

/**
 * \ingroup tls
 * What one engine did in reaction to one input (Start, one record of the
 * peer read, Shutdown): the observer calls, the records it wrote, and its
 * state afterwards.
 */
struct TlsReplayStep
{
    std::vector<TlsReplayEvent> events;             //!< observer calls, in order
    std::vector<TlsReplayRecordHeader> output;      //!< records written, in order
    TlsEngine::State state{TlsEngine::HANDSHAKING}; //!< state afterwards
    uint16_t stateName{0};                          //!< GetHandshakeState() afterwards
    uint16_t info{0};                               //!< GetHandshakeInfo() afterwards
    uint16_t error{0};                              //!< GetError() afterwards (a shape string)
    uint16_t headerInfo{0}; //!< received record: GetHandshakeInfo() once its header was read
    bool recorded{false};   //!< false: never seen in the recordings
};

/**
 * \ingroup tls
 * One side (client or server) of one recorded handshake.
 */
struct TlsReplaySide
{
    TlsReplayStep start;                 //!< Start() (client)
    std::vector<TlsReplayStep> received; //!< the k-th handshake record of the peer read
    TlsReplayStep shutdown;              //!< Shutdown(): close_notify written
    TlsReplayStep peerShutdown;          //!< the peer's close_notify read
    uint16_t initialStateName{0};        //!< GetHandshakeState() before any input
    uint16_t initialInfo{0};             //!< GetHandshakeInfo() before any input
    /// Application data records: body length - plaintext length, by plaintext length mod 16
    std::array<uint16_t, 16> overhead{};
    uint8_t appType{23};         //!< content type of application data records
    uint16_t appVersion{0x0303}; //!< record version of application data records
};

/// \ingroup tls
/// One recorded handshake: both sides.
struct TlsReplayVariant
{
    TlsReplaySide side[2]; //!< [0] client, [1] server
};

/**
 * \ingroup tls
 * A session a replayed client received: the properties of the recorded one.
 * Replayed engines cannot resume it (the experiment refuses resumption).
 */
class TlsReplaySession : public TlsSession
{
  public:
    /**
     * \param session the recorded session
     */
    explicit TlsReplaySession(Ptr<TlsSession> session);
    std::string GetVersion() const override;
    bool HasTicket() const override;
    uint32_t GetMaxEarlyData() const override;
    bool IsResumable() const override;

  private:
    std::string m_version;   //!< protocol version
    bool m_ticket;           //!< carries a ticket
    uint32_t m_maxEarlyData; //!< 0-RTT allowance
    bool m_resumable;        //!< resumable
};

/**
 * \ingroup tls
 * A handshake shape: one configuration pair (client context, server context)
 * and the handshakes recorded with it. Read-only once recorded; shared by all
 * the replayed connections of that shape.
 */
struct TlsReplayShape
{
    uint32_t id{0};                         //!< number in its store (sent in-band)
    std::string key;                        //!< the configuration pair
    std::vector<TlsReplayVariant> variants; //!< the recorded handshakes
    std::vector<std::string> strings;       //!< state names and errors
    std::vector<TlsHandshakeInfo> infos;    //!< handshake infos
    std::vector<Ptr<TlsSession>> sessions;  //!< sessions clients received

    /**
     * \param s a string
     * \return its number in strings (added if new)
     */
    uint16_t InternString(const std::string& s);
    /**
     * \param info an info
     * \return its number in infos (added if new)
     */
    uint16_t InternInfo(const TlsHandshakeInfo& info);

  private:
    std::map<std::string, uint16_t> m_stringIndex; //!< strings by value
    std::map<std::string, uint16_t> m_infoIndex;   //!< infos by serialized value
};

} // namespace ns3

#endif /* TLS_REPLAY_FLIGHTS_H */
