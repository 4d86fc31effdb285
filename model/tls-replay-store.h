/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_REPLAY_STORE_H
#define TLS_REPLAY_STORE_H

#include "tls-replay-flights.h"

#include "ns3/object.h"
#include "ns3/ptr.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class TlsContext;

/**
 * \ingroup tls
 * The flight store of the replay engine (ReplayEngine): the handshake shapes
 * of one experiment, each recorded on first use (TlsReplayRecorder, Recordings
 * handshakes) and then read-only, shared by every replayed connection of that
 * shape. A shape is the pair (client context, server context) by attribute
 * values; the server context is the one given to SetServerContext (the
 * experiment's), else the client's own. A server learns the shape and the
 * handshake of a connection from the client's first record (in-band).
 *
 * Which recorded handshake a client connection replays is a hash of (RngSeed,
 * RngRun, connection number), the connection number counting the client
 * engines the store made: no random stream is drawn.
 *
 * A context bound to a store (Bind) makes replay engines
 * (TlsContext::CreateEngine); all the contexts of one experiment are bound to
 * the same store.
 */
class TlsReplayStore : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TlsReplayStore();
    ~TlsReplayStore() override;

    /**
     * \param server the servers' configuration (a copy is kept; call once the
     *        context's attributes are final)
     */
    void SetServerContext(Ptr<TlsContext> server);

    /**
     * Make a context's engines replay engines of this store.
     * \param context the context
     */
    void Bind(Ptr<TlsContext> context);

    /**
     * \param context a context
     * \return the store it is bound to, or nullptr
     */
    static Ptr<TlsReplayStore> Find(Ptr<const TlsContext> context);

    /**
     * The shape of a client context's handshakes, recorded on first use. Stops
     * the simulation with a fatal error naming the setting if it cannot be
     * replayed.
     * \param client the client's context
     * \return the shape
     */
    const TlsReplayShape& GetShape(Ptr<TlsContext> client);

    /**
     * Record a client context's shape now, if not yet done.
     * \param client the client's context
     * \return "" or one line: why it cannot be replayed
     */
    std::string Prepare(Ptr<TlsContext> client);

    /**
     * \param id a shape number (from a client's first record)
     * \return the shape, or nullptr
     */
    const TlsReplayShape* GetShapeById(uint32_t id) const;

    /**
     * A new client connection: its handshake among the shape's recorded ones.
     * \param shape the shape
     * \return the variant number
     */
    uint16_t PickVariant(const TlsReplayShape& shape);

    /**
     * Bind an experiment's contexts to a new store and record the clients' shapes.
     * \param clients the client contexts
     * \param servers the server contexts (the first is the servers' configuration)
     * \return "" or one line: why the experiment cannot be replayed
     */
    static std::string Install(const std::vector<Ptr<TlsContext>>& clients,
                               const std::vector<Ptr<TlsContext>>& servers);

    /**
     * The experiment settings Engine=replay refuses.
     * \param cpuMode TlsExperiment::CpuMode
     * \param scenario TlsExperiment::Scenario
     * \param resume TlsExperiment::Resume
     * \param earlyData TlsExperiment::EarlyData
     * \param keyLogFile TlsExperiment::KeyLogFile
     * \return "" or one line naming the setting, its value and what is allowed
     */
    static std::string Refusal(const std::string& cpuMode,
                               const std::string& scenario,
                               double resume,
                               uint32_t earlyData,
                               const std::string& keyLogFile);

  protected:
    void DoDispose() override;

  private:
    /**
     * \param client a client context
     * \param[out] out its shape, recorded if new
     * \return "" or why it cannot be replayed
     */
    std::string Lookup(Ptr<TlsContext> client, TlsReplayShape** out);

    uint32_t m_recordings;                                    //!< Recordings attribute
    Ptr<TlsContext> m_server;                                 //!< copy of the servers' context
    std::vector<std::unique_ptr<TlsReplayShape>> m_shapes;    //!< shapes by id
    std::map<std::string, TlsReplayShape*> m_byKey;           //!< shapes by configuration
    std::map<const TlsContext*, TlsReplayShape*> m_byContext; //!< shapes of known contexts
    uint64_t m_connections;                                   //!< client engines made
};

/**
 * \ingroup tls
 * Aggregated to a TlsContext: its engines are replay engines of this store.
 */
class TlsReplayBinding : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    Ptr<TlsReplayStore> store; //!< the store

  protected:
    void DoDispose() override;
};

} // namespace ns3

#endif /* TLS_REPLAY_STORE_H */
