/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-scenario.h"

#include "ns3/boolean.h"
#include "ns3/integer.h"
#include "ns3/nstime.h"
#include "ns3/string.h"

namespace ns3
{

const std::vector<TlsScenario>&
TlsScenarios()
{
    static const std::vector<TlsScenario> scenarios = {
        {"expired-cert",
         "the server certificate has expired",
         "certificate_expired",
         "certificate_expired",
         "client"},
        {"unknown-ca",
         "the server certificate comes from a CA the client does not trust",
         "unknown_ca",
         "unknown_ca",
         "client"},
        {"name-mismatch",
         "the server certificate does not match the server name",
         "bad_certificate",
         "bad_certificate",
         "client"},
        {"version-mismatch",
         "no common protocol version",
         "protocol_version",
         "protocol_version",
         "server"},
        {"no-shared-cipher",
         "no common cipher suite",
         "handshake_failure",
         "handshake_failure",
         "server"},
        {"missing-client-cert",
         "the server requires a client certificate; none is sent",
         "handshake_failure",
         "certificate_required",
         "server"},
        {"untrusted-client-cert",
         "the client certificate comes from a CA the server does not "
         "trust",
         "unknown_ca",
         "unknown_ca",
         "server"},
        {"tampered-record",
         "a byte of the client's first protected handshake record is altered on the wire",
         "bad_record_mac",
         "bad_record_mac",
         "server"},
        {"garbage",
         "random bytes instead of a ClientHello",
         "unexpected_message",
         "unexpected_message",
         "server"},
    };
    return scenarios;
}

const TlsScenario*
TlsFindScenario(const std::string& name)
{
    for (const auto& s : TlsScenarios())
    {
        if (s.name == name)
        {
            return &s;
        }
    }
    return nullptr;
}

std::string
TlsScenarioExpectedAlert(const std::string& name, const std::string& version)
{
    const TlsScenario* s = TlsFindScenario(name);
    if (!s)
    {
        return "";
    }
    return version == "1.3" ? s->alert13 : s->alert12;
}

std::string
TlsApplyScenario(const std::string& name,
                 Ptr<TlsContext> server,
                 Ptr<TlsContext> faultyClient,
                 TlsScenarioActions* actions)
{
    *actions = TlsScenarioActions();
    if (name.empty() || name == "none")
    {
        return "";
    }
    if (!TlsFindScenario(name))
    {
        std::string known;
        for (const auto& s : TlsScenarios())
        {
            known += (known.empty() ? "" : ", ") + s.name;
        }
        return "unknown scenario '" + name + "' (known: none, " + known + ")";
    }
    if (name == "expired-cert")
    {
        TimeValue notAfter;
        server->GetAttribute("NotAfter", notAfter);
        faultyClient->SetAttribute("ClockOffset", TimeValue(notAfter.Get() + Seconds(86400)));
    }
    else if (name == "unknown-ca")
    {
        faultyClient->SetAttribute("TrustLabel", StringValue("ns3-tls-rogue"));
    }
    else if (name == "name-mismatch")
    {
        faultyClient->SetAttribute("ServerName", StringValue("wrong-name.tls.test"));
    }
    else if (name == "version-mismatch")
    {
        faultyClient->SetAttribute("MinVersion", StringValue("1.0"));
        faultyClient->SetAttribute("MaxVersion", StringValue("1.1"));
        faultyClient->SetAttribute("SecurityLevel", IntegerValue(0));
    }
    else if (name == "no-shared-cipher")
    {
        bool rsa = server->GetKeyType().rfind("rsa", 0) == 0;
        faultyClient->SetAttribute(
            "CipherList",
            StringValue(rsa ? "ECDHE-ECDSA-AES128-GCM-SHA256" : "ECDHE-RSA-AES128-GCM-SHA256"));
        faultyClient->SetAttribute("Ciphersuites", StringValue("TLS_AES_128_CCM_8_SHA256"));
        // OpenSSL >= 3.5 refuses CCM_8 (64-bit tag) above security level 0 and would not
        // send a ClientHello at all.
        faultyClient->SetAttribute("SecurityLevel", IntegerValue(0));
    }
    else if (name == "missing-client-cert")
    {
        server->SetAttribute("ClientAuth", StringValue("require"));
        faultyClient->SetAttribute("SendClientCertificate", BooleanValue(false));
    }
    else if (name == "untrusted-client-cert")
    {
        server->SetAttribute("ClientAuth", StringValue("require"));
        StringValue label;
        faultyClient->GetAttribute("PkiLabel", label);
        faultyClient->SetAttribute("TrustLabel", label);
        faultyClient->SetAttribute("PkiLabel", StringValue("ns3-tls-rogue"));
    }
    else if (name == "tampered-record")
    {
        actions->tamper = true;
    }
    else if (name == "garbage")
    {
        actions->sendGarbage = true;
    }
    return "";
}

} // namespace ns3
