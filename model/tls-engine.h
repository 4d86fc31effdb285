/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_ENGINE_H
#define TLS_ENGINE_H

#include "tls-messages.h"

#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace ns3
{

class TlsContext;

/**
 * \ingroup tls
 * The side of a TLS connection.
 */
enum class TlsRole
{
    CLIENT,
    SERVER
};

/**
 * \ingroup tls
 * What a completed handshake negotiated.
 */
struct TlsHandshakeInfo
{
    std::string version; //!< "1.2" or "1.3"
    std::string cipher;  //!< IANA name of the cipher suite, e.g. TLS_AES_128_GCM_SHA256
    std::string group; //!< key exchange group ("x25519", "secp256r1", "ffdhe2048", ...), "" if none
    bool resumed{false};    //!< true if an earlier session was resumed
    std::string resumption; //!< how: "session-id", "ticket" (TLS 1.2), "psk" (TLS 1.3), or ""
    std::string earlyData{"none"}; //!< 0-RTT data: "none" (not sent), "accepted" or "rejected"
    std::string peerCertificate;   //!< subject of the peer's leaf certificate, "" if none
    /// Signature scheme of the server's handshake signature (TLS 1.3 CertificateVerify,
    /// TLS 1.2 ServerKeyExchange), IANA name as OpenSSL gives it ("ecdsa_secp256r1_sha256",
    /// "rsa_pss_rsae_sha256", "ed25519", "mldsa65", ...); "" if none (resumed, RSA key
    /// transport). Both sides report the server's.
    std::string signature;
    /// Bytes of the server's flight on the wire, TLS record headers included: from its
    /// ServerHello (after any HelloRetryRequest) to its Finished (TLS 1.3, TLS 1.2
    /// resumed) or ServerHelloDone (TLS 1.2 full); 0 until seen. Both sides count it.
    uint32_t serverFlightBytes{0};
    /// Bytes of the client's first ClientHello on the wire (its TLS record, header
    /// included); 0 until seen. Both sides count it.
    uint32_t clientHelloBytes{0};
};

/**
 * \ingroup tls
 * A session that a client may resume: a TLS 1.2 session (with or without a
 * ticket) or a TLS 1.3 ticket. Opaque to the applications.
 */
class TlsSession : public SimpleRefCount<TlsSession>
{
  public:
    virtual ~TlsSession() = default;
    /// \return the protocol version, "1.2" or "1.3"
    virtual std::string GetVersion() const = 0;
    /// \return true if the session carries a ticket
    virtual bool HasTicket() const = 0;
    /// \return how many bytes of 0-RTT data the server allows with it (0: none)
    virtual uint32_t GetMaxEarlyData() const = 0;
    /// \return true if it can be offered for resumption
    virtual bool IsResumable() const = 0;
};

/**
 * \ingroup tls
 * Receives the protocol events of an engine. Called synchronously from inside
 * the engine's methods; an observer must not call back into the engine.
 */
class TlsEngineObserver
{
  public:
    virtual ~TlsEngineObserver() = default;
    /**
     * A record was written or read.
     * \param sent true if written
     * \param contentType outer content type of the record header
     * \param length record length (payload, without the 5-byte header)
     */
    virtual void OnRecord(bool sent, uint8_t contentType, uint16_t length) = 0;
    /**
     * A handshake message (or ChangeCipherSpec) was written or read.
     * \param sent true if written
     * \param msg the message
     * \param length its length in bytes, including the 4-byte handshake header
     *        (1 byte for ChangeCipherSpec)
     */
    virtual void OnMessage(bool sent, TlsMessage msg, uint32_t length) = 0;
    /**
     * An alert was written or read.
     * \param sent true if written
     * \param level alert level
     * \param description alert description code
     */
    virtual void OnAlert(bool sent, uint8_t level, uint8_t description) = 0;
    /**
     * A client received a session it may resume later (for TLS 1.3: a ticket,
     * which arrives after the handshake).
     * \param session the session
     */
    virtual void OnSession(Ptr<TlsSession> session) = 0;
};

/**
 * \ingroup tls
 * The plug-in seam between a connection and a TLS implementation: bytes from the
 * network in, bytes for the network out, application data in and out, and
 * protocol events to an observer. One engine is one TLS session of one side.
 *
 * A TLS socket makes its engine from a TypeId (TlsSocket attribute EngineType),
 * so a new implementation is one subclass with a constructor registered in its
 * TypeId; Setup() gives it the shared context and its role.
 */
class TlsEngine : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * Prepare the engine for one connection (called once, before any other call).
     * \param context the shared, read-only configuration
     * \param role client or server
     */
    virtual void Setup(Ptr<TlsContext> context, TlsRole role) = 0;

    /// Life cycle of an engine.
    enum State
    {
        HANDSHAKING, //!< handshake in progress
        ESTABLISHED, //!< handshake complete, application data may flow
        CLOSED,      //!< the peer sent close_notify
        FAILED       //!< a fatal error (an alert was sent or received)
    };

    ~TlsEngine() override = default;

    /**
     * \param observer receives protocol events (not owned; may be nullptr)
     */
    virtual void SetObserver(TlsEngineObserver* observer) = 0;

    /**
     * Client: offer this session for resumption (call before Start).
     * \param session a session received earlier from the same server (farm)
     */
    virtual void SetSession(Ptr<TlsSession> session) = 0;

    /**
     * Client: send these bytes as 0-RTT early data with the ClientHello, if the
     * session allows it (call before Start).
     * \param data the bytes
     * \param size how many
     * \return how many will be sent as early data (0 if the session allows none)
     */
    virtual size_t SetEarlyData(const uint8_t* data, size_t size) = 0;

    /**
     * Start the handshake. A client produces its first flight; a server waits.
     */
    virtual void Start() = 0;

    /**
     * Give the engine bytes received from the network, in stream order, in
     * pieces of any size, and let it advance the handshake.
     * \param data the bytes
     * \param size how many
     */
    virtual void Input(const uint8_t* data, size_t size) = 0;

    /// \return the number of bytes waiting to be sent to the network
    virtual size_t PendingOutput() const = 0;

    /**
     * Take bytes to send to the network.
     * \param buffer where to put them
     * \param size at most this many
     * \return how many were taken
     */
    virtual size_t TakeOutput(uint8_t* buffer, size_t size) = 0;

    /**
     * Encrypt application data (only when ESTABLISHED).
     * \param data the bytes
     * \param size how many
     * \return how many were accepted
     */
    virtual size_t Write(const uint8_t* data, size_t size) = 0;

    /**
     * Read decrypted application data (a server may return 0-RTT data while
     * still HANDSHAKING); this also processes post-handshake messages and
     * alerts, and may change the state.
     * \param buffer where to put the data
     * \param size at most this many
     * \return how many bytes were read (0: none available now)
     */
    virtual size_t Read(uint8_t* buffer, size_t size) = 0;

    /**
     * Send close_notify.
     */
    virtual void Shutdown() = 0;

    /// \return the state
    virtual State GetState() const = 0;

    /// \return what the handshake negotiated (valid once ESTABLISHED)
    virtual TlsHandshakeInfo GetHandshakeInfo() const = 0;

    /// \return a description of the failure (valid when FAILED)
    virtual std::string GetError() const = 0;

    /**
     * \return the implementation's name of its handshake state, e.g. "SSLv3/TLS
     *         read client certificate" (observers may call this const getter)
     */
    virtual std::string GetHandshakeState() const = 0;
};

} // namespace ns3

#endif /* TLS_ENGINE_H */
