/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef OPENSSL_ENGINE_H
#define OPENSSL_ENGINE_H

#include "tls-engine.h"

#include <memory>
#include <vector>

typedef struct ssl_st SSL;
typedef struct bio_st BIO;
typedef struct ssl_session_st SSL_SESSION;

namespace ns3
{

/**
 * \ingroup tls
 * An OpenSSL session a client may resume.
 */
class OpenSslSession : public TlsSession
{
  public:
    /**
     * \param session the session (the object takes over one reference)
     */
    explicit OpenSslSession(SSL_SESSION* session);
    ~OpenSslSession() override;
    OpenSslSession(const OpenSslSession&) = delete;
    OpenSslSession& operator=(const OpenSslSession&) = delete;

    std::string GetVersion() const override;
    bool HasTicket() const override;
    uint32_t GetMaxEarlyData() const override;
    bool IsResumable() const override;

    /// \return the OpenSSL session (still owned by this object)
    SSL_SESSION* Get() const;

  private:
    SSL_SESSION* m_session; //!< the session
};

/**
 * \ingroup tls
 * A TlsEngine backed by OpenSSL 3 through two memory BIOs. OpenSSL's message
 * callback is turned into observer events.
 */
class OpenSslEngine : public TlsEngine
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// An engine without an SSL object yet: Setup() makes it from a context.
    OpenSslEngine();
    /**
     * \param ssl a configured SSL object (ownership is taken; freed with the engine)
     * \param role client or server
     */
    OpenSslEngine(SSL* ssl, TlsRole role);
    ~OpenSslEngine() override;
    OpenSslEngine(const OpenSslEngine&) = delete;
    OpenSslEngine& operator=(const OpenSslEngine&) = delete;

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

    /**
     * \return the OpenSSL object (still owned by the engine); nullptr once the
     *         connection has closed in order (both close_notify sent and read,
     *         output taken), when the engine frees it
     */
    SSL* GetSsl() const;

    /**
     * \param ssl an OpenSSL connection
     * \return the engine that owns it, or nullptr
     */
    static OpenSslEngine* FromSsl(const SSL* ssl);

    /// Server: the client's ticket was accepted (called from the ticket callback).
    void NotifyTicketUsed();

    /**
     * OpenSSL's new-session callback (client): hands the session to the observer.
     * \param ssl the connection
     * \param session the new session
     * \return 1: the reference is taken
     */
    static int NewSessionCallback(SSL* ssl, SSL_SESSION* session);

  private:
    /**
     * Take an SSL object and set it up for memory BIOs and the message callback.
     * \param ssl the SSL object (ownership is taken)
     * \param role client or server
     */
    void Attach(SSL* ssl, TlsRole role);
    /// Advance the handshake if it is in progress.
    void DriveHandshake();
    /// Free OpenSSL's record buffers and the drained input BIO's buffer while waiting.
    void ReleaseInputBuffers();
    /// Free the OpenSSL object once the connection has closed in order and its output is taken.
    void ReleaseIfClosed();
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

    /// What the engine still reports once it has freed its OpenSSL object.
    struct Final
    {
        TlsHandshakeInfo info; //!< what the handshake negotiated
        std::string state;     //!< OpenSSL's last handshake state
    };

    SSL* m_ssl;                      //!< the OpenSSL connection (nullptr once released)
    BIO* m_networkIn;                //!< bytes from the network, read by OpenSSL
    BIO* m_networkOut;               //!< bytes for the network, written by OpenSSL
    TlsRole m_role;                  //!< client or server
    State m_state;                   //!< life cycle state
    TlsEngineObserver* m_observer;   //!< event receiver (not owned)
    std::string m_error;             //!< failure description
    bool m_offered;                  //!< client: a session was offered
    bool m_ticketUsed;               //!< server: resumed from a ticket
    bool m_earlyPhase;               //!< server: reading 0-RTT data
    std::vector<uint8_t> m_earlyOut; //!< client: 0-RTT data to send
    std::vector<uint8_t> m_earlyIn;  //!< server: 0-RTT data received, not yet read
    size_t m_earlyInRead;            //!< server: bytes of m_earlyIn already read
    std::unique_ptr<Final> m_final;  //!< set when m_ssl is freed
    uint32_t m_lastRecord[2];        //!< bytes of the last record header seen, [sent]
    uint32_t m_flightBytes;          //!< server flight bytes counted so far
    uint32_t m_clientHelloBytes;     //!< bytes of the first ClientHello record
    bool m_inFlight;                 //!< counting the server's flight
};

} // namespace ns3

#endif /* OPENSSL_ENGINE_H */
