/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef OPENSSL_ENGINE_H
#define OPENSSL_ENGINE_H

#include "tls-engine.h"

typedef struct ssl_st SSL;
typedef struct bio_st BIO;

namespace ns3
{

/**
 * \ingroup tls
 * A TlsEngine backed by OpenSSL 3 through two memory BIOs. OpenSSL's message
 * callback is turned into observer events.
 */
class OpenSslEngine : public TlsEngine
{
  public:
    /**
     * \param ssl a configured SSL object (ownership is taken; freed with the engine)
     * \param role client or server
     */
    OpenSslEngine(SSL* ssl, TlsRole role);
    ~OpenSslEngine() override;
    OpenSslEngine(const OpenSslEngine&) = delete;
    OpenSslEngine& operator=(const OpenSslEngine&) = delete;

    void SetObserver(TlsEngineObserver* observer) override;
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

    /// \return the OpenSSL object (still owned by the engine)
    SSL* GetSsl() const;

  private:
    /// Advance the handshake if it is in progress.
    void DriveHandshake();
    /**
     * Record a failure after an OpenSSL call failed.
     * \param what the call
     * \param sslError SSL_get_error's result
     */
    void Fail(const char* what, int sslError);
    /**
     * OpenSSL's message callback.
     * \param writeP 1 if sent
     * \param version protocol version
     * \param contentType content type, or a pseudo type (record header, inner content type)
     * \param buf the message
     * \param len its length
     * \param ssl the SSL object
     * \param arg the engine
     */
    static void MessageCallback(int writeP,
                                int version,
                                int contentType,
                                const void* buf,
                                size_t len,
                                SSL* ssl,
                                void* arg);

    SSL* m_ssl;                    //!< the OpenSSL connection
    BIO* m_networkIn;              //!< bytes from the network, read by OpenSSL
    BIO* m_networkOut;             //!< bytes for the network, written by OpenSSL
    TlsRole m_role;                //!< client or server
    State m_state;                 //!< life cycle state
    TlsEngineObserver* m_observer; //!< event receiver (not owned)
    std::string m_error;           //!< failure description
};

} // namespace ns3

#endif /* OPENSSL_ENGINE_H */
