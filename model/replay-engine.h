/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef REPLAY_ENGINE_H
#define REPLAY_ENGINE_H

#include "tls-engine.h"

#include <string>
#include <vector>

namespace ns3
{

class TlsReplayStore;
struct TlsReplayShape;
struct TlsReplaySide;
struct TlsReplayStep;
struct TlsReplayEvent;

/**
 * \ingroup tls
 * A TlsEngine that plays handshakes recorded with OpenSSL (TlsReplayStore,
 * TlsReplayRecorder) instead of running them: no cryptography per
 * connection. It writes records of the recorded lengths, reads its peer's
 * records one at a time (a record header, then its body, as OpenSSL does),
 * and for each record of the peer's handshake it makes the observer calls,
 * writes the records and takes the state the recorded engine made and took
 * after reading that record. Application data records have the recorded
 * overhead; their bodies carry the plaintext. Record bodies are filler: the
 * first byte tells handshake, application data and close_notify records
 * apart, and the client's first record carries the shape and the recorded
 * handshake its server replays. The peer must be a ReplayEngine of the same
 * store.
 *
 * Both sides of a connection read the same recorded handshake; the engine
 * keeps pointers into it (read-only, shared) and its own buffers.
 */
class ReplayEngine : public TlsEngine
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ReplayEngine();
    ~ReplayEngine() override;

    void Setup(Ptr<TlsContext> context, TlsRole role) override;
    void SetObserver(TlsEngineObserver* observer) override;
    void SetSession(Ptr<TlsSession> session) override;
    size_t SetEarlyData(const uint8_t* data, size_t size) override;
    void Start() override;
    void Input(const uint8_t* data, size_t size) override;
    size_t PendingOutput() const override;
    size_t TakeOutput(uint8_t* buffer, size_t size) override;
    size_t Write(const uint8_t* data, size_t size) override;
    size_t Read(uint8_t* buffer, size_t size) override;
    void Shutdown() override;
    State GetState() const override;
    TlsHandshakeInfo GetHandshakeInfo() const override;
    std::string GetError() const override;
    std::string GetHandshakeState() const override;

  protected:
    void DoDispose() override;

  private:
    /// What a record body's first byte says the record is.
    enum Kind : uint8_t
    {
        HANDSHAKE = 0, //!< a recorded record (handshake, alert, ticket)
        APP_DATA = 1,  //!< application data: a 2-byte length, then the plaintext
        CLOSE = 2      //!< close_notify
    };

    /**
     * Read the peer's records: while handshaking (Input) or established (Read).
     * \param reading true: from Read (stop after one application data record)
     */
    void Process(bool reading);
    /**
     * Play a recorded step: its observer calls, its records, its state.
     * \param step the step
     * \param kind the kind of the records it writes
     * \param keepState true: keep the engine's state (Shutdown)
     */
    void Play(const TlsReplayStep& step, Kind kind, bool keepState);
    /**
     * Make one observer call.
     * \param e the call
     */
    void Emit(const TlsReplayEvent& e);
    /**
     * Queue a record for the network.
     * \param type content type
     * \param version record version
     * \param length body length
     * \param kind what it is
     * \param data plaintext (APP_DATA)
     * \param size its length
     */
    void Append(uint8_t type,
                uint16_t version,
                uint16_t length,
                Kind kind,
                const uint8_t* data,
                size_t size);
    /**
     * Server: find the shape and handshake from the client's first record.
     * \param body its body
     * \param length its length
     * \return true if found
     */
    bool Resolve(const uint8_t* body, size_t length);
    /**
     * Fail on input the recording does not cover.
     * \param why a description
     */
    void Fail(const std::string& why);

    Ptr<TlsReplayStore> m_store;   //!< the flight store
    const TlsReplayShape* m_shape; //!< the shape (server: once the first record is read)
    const TlsReplaySide* m_side;   //!< this side of the recorded handshake
    uint16_t m_variant;            //!< the recorded handshake
    TlsRole m_role;                //!< client or server
    State m_state;                 //!< life cycle state
    TlsEngineObserver* m_observer; //!< event receiver (not owned)
    uint16_t m_stateName;          //!< GetHandshakeState(), a shape string
    uint16_t m_info;               //!< GetHandshakeInfo(), a shape info
    uint16_t m_error;              //!< GetError(), a shape string
    std::string m_failure;         //!< the engine's own failure, if any
    uint32_t m_received;           //!< handshake records of the peer read
    bool m_headerSeen;             //!< the header of the next record was reported
    bool m_shutdownSent;           //!< close_notify written
    std::vector<uint8_t> m_in;     //!< bytes from the network not yet read
    size_t m_inHead;               //!< bytes of m_in already read
    std::vector<uint8_t> m_out;    //!< bytes for the network
    size_t m_outHead;              //!< bytes of m_out already taken
    std::vector<uint8_t> m_app;    //!< plaintext read, not yet taken by Read
    size_t m_appHead;              //!< bytes of m_app already taken
};

} // namespace ns3

#endif /* REPLAY_ENGINE_H */
