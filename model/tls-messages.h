/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_MESSAGES_H
#define TLS_MESSAGES_H

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup tls
 * TLS record content types (RFC 5246 section 6.2.1, RFC 8446 section 5.1).
 */
enum class TlsContentType : uint8_t
{
    CHANGE_CIPHER_SPEC = 20,
    ALERT = 21,
    HANDSHAKE = 22,
    APPLICATION_DATA = 23
};

/**
 * \ingroup tls
 * The messages a handshake shows on the wire. The values of real handshake
 * messages are their HandshakeType codes (RFC 5246 section 7.4, RFC 8446
 * section 4); HelloRetryRequest (a ServerHello with a special random) and
 * ChangeCipherSpec (its own content type) get values above 255.
 */
enum class TlsMessage : uint16_t
{
    HELLO_REQUEST = 0,
    CLIENT_HELLO = 1,
    SERVER_HELLO = 2,
    NEW_SESSION_TICKET = 4,
    END_OF_EARLY_DATA = 5,
    ENCRYPTED_EXTENSIONS = 8,
    CERTIFICATE = 11,
    SERVER_KEY_EXCHANGE = 12,
    CERTIFICATE_REQUEST = 13,
    SERVER_HELLO_DONE = 14,
    CERTIFICATE_VERIFY = 15,
    CLIENT_KEY_EXCHANGE = 16,
    FINISHED = 20,
    CERTIFICATE_STATUS = 22,
    KEY_UPDATE = 24,
    MESSAGE_HASH = 254,
    HELLO_RETRY_REQUEST = 258,
    CHANGE_CIPHER_SPEC = 276,
    UNKNOWN = 65535
};

/**
 * \ingroup tls
 * \param msg a message
 * \return its RFC name, e.g. "ClientHello", "ChangeCipherSpec"
 */
std::string TlsMessageName(TlsMessage msg);

/**
 * \ingroup tls
 * \param handshakeType a HandshakeType code from the wire
 * \return the message, or TlsMessage::UNKNOWN
 */
TlsMessage TlsMessageFromHandshakeType(uint8_t handshakeType);

/**
 * \ingroup tls
 * The phase of the classic four-phase description of the TLS 1.2 handshake:
 * 1 security capabilities (hellos), 2 server authentication and key exchange,
 * 3 client authentication and key exchange, 4 finish (ChangeCipherSpec, Finished,
 * and the server's NewSessionTicket).
 * \param msg the message
 * \param fromClient true if the client sent it
 * \return 1 to 4, or 0 for messages outside the four phases
 */
int TlsSeedPhase(TlsMessage msg, bool fromClient);

/**
 * \ingroup tls
 * Alert levels (RFC 5246 section 7.2).
 */
enum class TlsAlertLevel : uint8_t
{
    WARNING = 1,
    FATAL = 2
};

/**
 * \ingroup tls
 * \param description an AlertDescription code (RFC 5246 section 7.2, RFC 8446 section 6)
 * \return its RFC name, e.g. "handshake_failure", or "alert_<code>" if unknown
 */
std::string TlsAlertName(uint8_t description);

/**
 * \ingroup tls
 * \param name an RFC alert name, e.g. "unknown_ca"
 * \return its code, or -1 if unknown
 */
int TlsAlertFromName(const std::string& name);

/**
 * \ingroup tls
 * \param level an alert level code
 * \return "warning", "fatal" or "level_<code>"
 */
std::string TlsAlertLevelName(uint8_t level);

/**
 * \ingroup tls
 * \param type a record content type code
 * \return "change_cipher_spec", "alert", "handshake", "application_data" or "type_<code>"
 */
std::string TlsContentTypeName(uint8_t type);

/**
 * \ingroup tls
 * Protocol versions the module negotiates.
 */
enum class TlsVersion : uint16_t
{
    TLS1_2 = 0x0303,
    TLS1_3 = 0x0304
};

/**
 * \ingroup tls
 * \param wireVersion a ProtocolVersion code (0x0303, 0x0304, ...)
 * \return "1.2", "1.3", "1.1", "1.0" or "0x<hex>"
 */
std::string TlsVersionName(uint16_t wireVersion);

} // namespace ns3

#endif /* TLS_MESSAGES_H */
