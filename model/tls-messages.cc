/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-messages.h"

#include <cstdio>

namespace ns3
{

namespace
{

/// One row of the message name table.
struct MessageRow
{
    TlsMessage msg;   //!< the message
    const char* name; //!< its RFC name
};

/// The message names (RFC 5246, RFC 8446).
const MessageRow g_messages[] = {
    {TlsMessage::HELLO_REQUEST, "HelloRequest"},
    {TlsMessage::CLIENT_HELLO, "ClientHello"},
    {TlsMessage::SERVER_HELLO, "ServerHello"},
    {TlsMessage::NEW_SESSION_TICKET, "NewSessionTicket"},
    {TlsMessage::END_OF_EARLY_DATA, "EndOfEarlyData"},
    {TlsMessage::ENCRYPTED_EXTENSIONS, "EncryptedExtensions"},
    {TlsMessage::CERTIFICATE, "Certificate"},
    {TlsMessage::SERVER_KEY_EXCHANGE, "ServerKeyExchange"},
    {TlsMessage::CERTIFICATE_REQUEST, "CertificateRequest"},
    {TlsMessage::SERVER_HELLO_DONE, "ServerHelloDone"},
    {TlsMessage::CERTIFICATE_VERIFY, "CertificateVerify"},
    {TlsMessage::CLIENT_KEY_EXCHANGE, "ClientKeyExchange"},
    {TlsMessage::FINISHED, "Finished"},
    {TlsMessage::CERTIFICATE_STATUS, "CertificateStatus"},
    {TlsMessage::KEY_UPDATE, "KeyUpdate"},
    {TlsMessage::MESSAGE_HASH, "MessageHash"},
    {TlsMessage::HELLO_RETRY_REQUEST, "HelloRetryRequest"},
    {TlsMessage::CHANGE_CIPHER_SPEC, "ChangeCipherSpec"},
};

/// One row of the alert name table.
struct AlertRow
{
    uint8_t code;     //!< AlertDescription code
    const char* name; //!< its RFC name
};

/// The alert descriptions (RFC 5246 section 7.2, RFC 8446 section 6, RFC 8446 B.2).
const AlertRow g_alerts[] = {
    {0, "close_notify"},
    {10, "unexpected_message"},
    {20, "bad_record_mac"},
    {21, "decryption_failed"},
    {22, "record_overflow"},
    {30, "decompression_failure"},
    {40, "handshake_failure"},
    {41, "no_certificate"},
    {42, "bad_certificate"},
    {43, "unsupported_certificate"},
    {44, "certificate_revoked"},
    {45, "certificate_expired"},
    {46, "certificate_unknown"},
    {47, "illegal_parameter"},
    {48, "unknown_ca"},
    {49, "access_denied"},
    {50, "decode_error"},
    {51, "decrypt_error"},
    {60, "export_restriction"},
    {70, "protocol_version"},
    {71, "insufficient_security"},
    {80, "internal_error"},
    {86, "inappropriate_fallback"},
    {90, "user_canceled"},
    {100, "no_renegotiation"},
    {109, "missing_extension"},
    {110, "unsupported_extension"},
    {111, "certificate_unobtainable"},
    {112, "unrecognized_name"},
    {113, "bad_certificate_status_response"},
    {114, "bad_certificate_hash_value"},
    {115, "unknown_psk_identity"},
    {116, "certificate_required"},
    {120, "no_application_protocol"},
};

} // namespace

std::string
TlsMessageName(TlsMessage msg)
{
    for (const auto& row : g_messages)
    {
        if (row.msg == msg)
        {
            return row.name;
        }
    }
    return "Unknown(" + std::to_string(static_cast<unsigned>(msg)) + ")";
}

TlsMessage
TlsMessageFromHandshakeType(uint8_t handshakeType)
{
    for (const auto& row : g_messages)
    {
        if (static_cast<uint16_t>(row.msg) == handshakeType)
        {
            return row.msg;
        }
    }
    return TlsMessage::UNKNOWN;
}

int
TlsSeedPhase(TlsMessage msg, bool fromClient)
{
    switch (msg)
    {
    case TlsMessage::CLIENT_HELLO:
    case TlsMessage::SERVER_HELLO:
    case TlsMessage::HELLO_RETRY_REQUEST:
        return 1;
    case TlsMessage::SERVER_KEY_EXCHANGE:
    case TlsMessage::CERTIFICATE_REQUEST:
    case TlsMessage::SERVER_HELLO_DONE:
    case TlsMessage::CERTIFICATE_STATUS:
        return 2;
    case TlsMessage::CLIENT_KEY_EXCHANGE:
        return 3;
    case TlsMessage::CERTIFICATE:
    case TlsMessage::CERTIFICATE_VERIFY:
        return fromClient ? 3 : 2;
    case TlsMessage::CHANGE_CIPHER_SPEC:
    case TlsMessage::FINISHED:
    case TlsMessage::NEW_SESSION_TICKET:
        return 4;
    default:
        return 0;
    }
}

std::string
TlsAlertName(uint8_t description)
{
    for (const auto& row : g_alerts)
    {
        if (row.code == description)
        {
            return row.name;
        }
    }
    return "alert_" + std::to_string(description);
}

int
TlsAlertFromName(const std::string& name)
{
    for (const auto& row : g_alerts)
    {
        if (name == row.name)
        {
            return row.code;
        }
    }
    return -1;
}

std::string
TlsAlertLevelName(uint8_t level)
{
    switch (level)
    {
    case 1:
        return "warning";
    case 2:
        return "fatal";
    default:
        return "level_" + std::to_string(level);
    }
}

std::string
TlsContentTypeName(uint8_t type)
{
    switch (type)
    {
    case 20:
        return "change_cipher_spec";
    case 21:
        return "alert";
    case 22:
        return "handshake";
    case 23:
        return "application_data";
    default:
        return "type_" + std::to_string(type);
    }
}

std::string
TlsVersionName(uint16_t wireVersion)
{
    switch (wireVersion)
    {
    case 0x0301:
        return "1.0";
    case 0x0302:
        return "1.1";
    case 0x0303:
        return "1.2";
    case 0x0304:
        return "1.3";
    default: {
        char buf[8];
        std::snprintf(buf, sizeof(buf), "0x%04x", wireVersion);
        return buf;
    }
    }
}

} // namespace ns3
