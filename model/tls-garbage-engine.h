/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_GARBAGE_ENGINE_H
#define TLS_GARBAGE_ENGINE_H

#include "tls-engine.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup tls
 * A misbehaving client's engine: it sends the given bytes instead of a
 * ClientHello, then reports the records and alerts the server answers with.
 * It shows how a server treats garbage (and uses the engine seam: the client
 * application does not change).
 */
class TlsGarbageEngine : public TlsEngine
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Sends a handshake record header and 64 bytes of 0xff (not a ClientHello).
    TlsGarbageEngine();
    /**
     * \param garbage what to send instead of a ClientHello
     */
    explicit TlsGarbageEngine(std::vector<uint8_t> garbage);

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

  private:
    std::vector<uint8_t> m_out;    //!< bytes not yet taken
    size_t m_outTaken;             //!< bytes of m_out taken
    std::vector<uint8_t> m_in;     //!< bytes from the server not yet parsed
    State m_state;                 //!< state
    TlsEngineObserver* m_observer; //!< observer
    std::string m_error;           //!< failure description
};

} // namespace ns3

#endif /* TLS_GARBAGE_ENGINE_H */
