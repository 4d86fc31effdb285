/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_CONTEXT_H
#define TLS_CONTEXT_H

#include "tls-credentials.h"
#include "tls-engine.h"
#include "tls-session-cache.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"

#include <fstream>
#include <memory>
#include <string>

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace ns3
{

/**
 * \ingroup tls
 * The configuration that all connections of a role share: protocol versions,
 * cipher suites, groups, credentials and verification policy. It wraps one
 * OpenSSL SSL_CTX per role (client, server), built on first use; one context
 * may serve both the clients and the servers of a simulation, which then share
 * one generated certificate hierarchy.
 *
 * Certificates are checked against a simulated clock: Epoch (UNIX seconds) plus
 * the simulation time. Generated certificates are valid from Epoch + NotBefore
 * to Epoch + NotAfter.
 */
class TlsContext : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TlsContext();
    ~TlsContext() override;

    /**
     * \return a new context with the same attribute values (not yet configured)
     */
    Ptr<TlsContext> Copy() const;

    /**
     * Build the OpenSSL context of a role from the attributes, if not built yet.
     * \param role client or server
     * \return "" on success, else a message naming the attribute or file and its value
     */
    std::string Configure(TlsRole role);

    /**
     * Create the engine of one new connection: an OpenSslEngine, or a
     * ReplayEngine if the context is bound to a TlsReplayStore. Stops the simulation with a
     * fatal error naming the attribute and value if the configuration is invalid.
     * \param role client or server
     * \return the engine
     */
    Ptr<TlsEngine> CreateEngine(TlsRole role);

    /**
     * A new OpenSSL session object of this context (configuring the context
     * first if needed), with the simulated verification time and server name.
     * \param role client or server
     * \return the SSL object (the caller owns it)
     */
    SSL* NewSsl(TlsRole role);

    /**
     * \param role client or server
     * \return the OpenSSL context of the role (nullptr until configured)
     */
    SSL_CTX* GetSslContext(TlsRole role) const;

    /// \return the generated certificate hierarchy (nullptr when PEM files are used)
    std::shared_ptr<const TlsPki> GetPki() const;

    /// \return the value of the ServerName attribute
    std::string GetServerName() const;

    /// \return the value of the KeyType attribute
    std::string GetKeyType() const;

    /// \return the value of the CaKeyType attribute ("" = the CAs use KeyType)
    std::string GetCaKeyType() const;

    /// \return the value of the ChainDepth attribute
    uint32_t GetChainDepth() const;

    /// \return the simulated wall clock used for certificate checks, UNIX seconds
    int64_t GetVerificationTime() const;

    /// \return the server-side session cache and ticket key (created on first use)
    Ptr<TlsSessionCache> GetSessionCache();

  protected:
    void DoDispose() override;

  private:
    /**
     * Build the SSL_CTX of a role.
     * \param role client or server
     * \param[out] ctx the new context
     * \return "" or an error message
     */
    std::string BuildSslContext(TlsRole role, SSL_CTX** ctx);
    /**
     * Install the generated or loaded credentials into a context.
     * \param role client or server
     * \param ctx the context
     * \return "" or an error message
     */
    std::string InstallCredentials(TlsRole role, SSL_CTX* ctx);
    /**
     * Set the groups of a role: Groups (a client marks key shares as KeyShares
     * says), or ServerGroups for a server.
     * \param role client or server
     * \param ctx the context
     * \return "" or an error message naming the attribute and value
     */
    std::string InstallGroups(TlsRole role, SSL_CTX* ctx);
    /**
     * OpenSSL's key log callback: writes SSLKEYLOGFILE lines.
     * \param ssl the connection
     * \param line the line
     */
    static void KeyLogCallback(const SSL* ssl, const char* line);
    /**
     * \param ssl a connection
     * \return the context it belongs to
     */
    static TlsContext* FromSsl(const SSL* ssl);

    int m_minVersion;           //!< MinVersion attribute (OpenSSL version number)
    int m_maxVersion;           //!< MaxVersion attribute (OpenSSL version number)
    std::string m_cipherList;   //!< CipherList attribute (TLS 1.2)
    std::string m_ciphersuites; //!< Ciphersuites attribute (TLS 1.3)
    std::string m_groups;       //!< Groups attribute
    int m_keyType;              //!< KeyType attribute (a TlsKeyType)
    int m_caKeyType;            //!< CaKeyType attribute (a TlsKeyType; -1 = KeyType)
    std::string m_serverGroups; //!< ServerGroups attribute
    uint32_t m_keyShares;       //!< KeyShares attribute
    uint32_t m_chainDepth;      //!< ChainDepth attribute
    uint64_t m_epoch;           //!< Epoch attribute
    Time m_clockOffset;         //!< ClockOffset attribute
    Time m_notBefore;           //!< NotBefore attribute
    Time m_notAfter;            //!< NotAfter attribute
    std::string m_certFile;     //!< CertificateFile attribute
    std::string m_keyFile;      //!< PrivateKeyFile attribute
    std::string m_caFile;       //!< CaFile attribute
    std::string m_serverName;   //!< ServerName attribute
    std::string m_pkiLabel;     //!< PkiLabel attribute
    std::string m_cacheDir;     //!< CacheDirectory attribute
    uint64_t m_keySeed;         //!< KeySeed attribute
    bool m_verifyPeer;          //!< VerifyPeer attribute
    bool m_verifyHostname;      //!< VerifyHostname attribute

    /// Values of the ClientAuth attribute.
    enum ClientAuth
    {
        CLIENT_AUTH_NONE,    //!< "none"
        CLIENT_AUTH_REQUEST, //!< "request"
        CLIENT_AUTH_REQUIRE  //!< "require"
    };

    ClientAuth m_clientAuth;             //!< ClientAuth attribute
    bool m_tickets;                      //!< SessionTickets attribute
    bool m_middleboxCompat;              //!< MiddleboxCompat attribute
    int32_t m_securityLevel;             //!< SecurityLevel attribute
    std::string m_keyLogFile;            //!< KeyLogFile attribute
    std::string m_trustLabel;            //!< TrustLabel attribute
    bool m_sendClientCert;               //!< SendClientCertificate attribute
    uint32_t m_numTickets;               //!< NumTickets attribute
    uint32_t m_maxEarlyData;             //!< MaxEarlyData attribute
    Ptr<TlsSessionCache> m_sessionCache; //!< SessionCache attribute

    SSL_CTX* m_clientCtx;                    //!< OpenSSL context of the client role
    SSL_CTX* m_serverCtx;                    //!< OpenSSL context of the server role
    std::shared_ptr<const TlsPki> m_pki;     //!< generated hierarchy, if any
    std::shared_ptr<const TlsPki> m_trust;   //!< hierarchy whose root is trusted
    std::unique_ptr<std::ofstream> m_keyLog; //!< open key log file, if any
};

} // namespace ns3

#endif /* TLS_CONTEXT_H */
