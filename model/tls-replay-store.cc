/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-replay-store.h"

#include "tls-context.h"
#include "tls-replay-recorder.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsReplayStore");

NS_OBJECT_ENSURE_REGISTERED(TlsReplayStore);
NS_OBJECT_ENSURE_REGISTERED(TlsReplayBinding);

namespace
{

/**
 * \param context a context
 * \return its attribute values (but the session cache and key log), one per line
 */
std::string
ContextKey(Ptr<const TlsContext> context)
{
    std::ostringstream key;
    TypeId tid = context->GetInstanceTypeId();
    for (uint32_t i = 0; i < tid.GetAttributeN(); ++i)
    {
        TypeId::AttributeInformation info = tid.GetAttribute(i);
        if (info.name == "SessionCache" || info.name == "KeyLogFile")
        {
            continue;
        }
        Ptr<AttributeValue> value = info.checker->Create();
        context->GetAttribute(info.name, *value);
        key << info.name << '=' << value->SerializeToString(info.checker) << '\n';
    }
    return key.str();
}

/**
 * \param context a context
 * \return its KeyLogFile attribute
 */
std::string
KeyLogOf(Ptr<const TlsContext> context)
{
    StringValue v;
    context->GetAttribute("KeyLogFile", v);
    return v.Get();
}

/**
 * SplitMix64's finalizer.
 * \param x a value
 * \return it mixed
 */
uint64_t
Mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

} // namespace

TypeId
TlsReplayStore::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TlsReplayStore")
            .SetParent<Object>()
            .SetGroupName("Tls")
            .AddConstructor<TlsReplayStore>()
            .AddAttribute("Recordings",
                          "Real handshakes recorded per shape; a connection replays one of "
                          "them, chosen by a hash of (RngSeed, RngRun, connection number).",
                          UintegerValue(8),
                          MakeUintegerAccessor(&TlsReplayStore::m_recordings),
                          MakeUintegerChecker<uint32_t>(1, 1000));
    return tid;
}

TypeId
TlsReplayBinding::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TlsReplayBinding").SetParent<Object>().SetGroupName("Tls");
    return tid;
}

void
TlsReplayBinding::DoDispose()
{
    store = nullptr;
    Object::DoDispose();
}

TlsReplayStore::TlsReplayStore()
    : m_recordings(8),
      m_connections(0)
{
}

TlsReplayStore::~TlsReplayStore() = default;

void
TlsReplayStore::DoDispose()
{
    m_server = nullptr;
    m_byContext.clear();
    Object::DoDispose();
}

void
TlsReplayStore::SetServerContext(Ptr<TlsContext> server)
{
    m_server = server->Copy();
}

void
TlsReplayStore::Bind(Ptr<TlsContext> context)
{
    Ptr<TlsReplayBinding> binding = context->GetObject<TlsReplayBinding>();
    if (!binding)
    {
        binding = CreateObject<TlsReplayBinding>();
        context->AggregateObject(binding);
    }
    binding->store = this;
}

Ptr<TlsReplayStore>
TlsReplayStore::Find(Ptr<const TlsContext> context)
{
    Ptr<TlsReplayBinding> binding = context->GetObject<TlsReplayBinding>();
    return binding ? binding->store : nullptr;
}

std::string
TlsReplayStore::Lookup(Ptr<TlsContext> client, TlsReplayShape** out)
{
    auto known = m_byContext.find(PeekPointer(client));
    if (known != m_byContext.end())
    {
        *out = known->second;
        return "";
    }
    Ptr<TlsContext> server = m_server ? m_server : client;
    for (const auto& c : {client, server})
    {
        if (!KeyLogOf(c).empty())
        {
            return "attribute ns3::TlsContext::KeyLogFile has value '" + KeyLogOf(c) +
                   "', which Engine=replay does not replay (allowed with Engine=replay: an "
                   "empty key log: replayed handshakes have no keys)";
        }
    }
    std::string key = ContextKey(client) + "|server|\n" + ContextKey(server);
    auto it = m_byKey.find(key);
    if (it == m_byKey.end())
    {
        auto shape = std::make_unique<TlsReplayShape>();
        shape->id = static_cast<uint32_t>(m_shapes.size());
        shape->key = key;
        TlsReplayRecorder recorder(client, server);
        for (uint32_t i = 0; i < m_recordings; ++i)
        {
            std::string error = recorder.Record(*shape);
            if (!error.empty())
            {
                return "Engine=replay cannot replay this handshake shape (expected one whose "
                       "handshake goes as recorded): " +
                       error;
            }
        }
        NS_LOG_INFO("recorded shape " << shape->id << " (" << m_recordings << " handshakes)");
        it = m_byKey.emplace(key, shape.get()).first;
        m_shapes.push_back(std::move(shape));
    }
    m_byContext[PeekPointer(client)] = it->second;
    *out = it->second;
    return "";
}

std::string
TlsReplayStore::Prepare(Ptr<TlsContext> client)
{
    TlsReplayShape* shape = nullptr;
    return Lookup(client, &shape);
}

const TlsReplayShape&
TlsReplayStore::GetShape(Ptr<TlsContext> client)
{
    TlsReplayShape* shape = nullptr;
    std::string error = Lookup(client, &shape);
    NS_ABORT_MSG_IF(!error.empty(), "ReplayEngine: " << error);
    return *shape;
}

const TlsReplayShape*
TlsReplayStore::GetShapeById(uint32_t id) const
{
    return id < m_shapes.size() ? m_shapes[id].get() : nullptr;
}

uint16_t
TlsReplayStore::PickVariant(const TlsReplayShape& shape)
{
    uint64_t connection = m_connections++;
    uint64_t h = Mix(Mix(RngSeedManager::GetSeed()) ^ RngSeedManager::GetRun());
    h = Mix(h ^ connection);
    return static_cast<uint16_t>(h % shape.variants.size());
}

std::string
TlsReplayStore::Install(const std::vector<Ptr<TlsContext>>& clients,
                        const std::vector<Ptr<TlsContext>>& servers)
{
    Ptr<TlsReplayStore> store = CreateObject<TlsReplayStore>();
    store->SetServerContext(servers.at(0));
    for (const auto& c : servers)
    {
        store->Bind(c);
    }
    for (const auto& c : clients)
    {
        store->Bind(c);
        std::string error = store->Prepare(c);
        if (!error.empty())
        {
            return "TlsExperiment: " + error;
        }
    }
    return "";
}

std::string
TlsReplayStore::Refusal(const std::string& cpuMode,
                        const std::string& scenario,
                        double resume,
                        uint32_t earlyData,
                        const std::string& keyLogFile)
{
    auto refuse = [](const std::string& what, const std::string& value, const std::string& ok) {
        return "TlsExperiment: attribute " + what + " has value '" + value +
               "', which Engine=replay does not replay (allowed with Engine=replay: " + ok + ")";
    };
    if (cpuMode == "measured")
    {
        return refuse("CpuMode", cpuMode, "table: measured costs need live crypto");
    }
    if (scenario == "garbage" || scenario == "tampered-record")
    {
        return refuse("Scenario",
                      scenario,
                      "none or a scenario whose alerts come from the configuration, not from "
                      "bytes on the wire (not garbage, tampered-record)");
    }
    if (earlyData > 0) // before Resume: 0-RTT needs resumption, the more specific refusal
    {
        return refuse("EarlyData", std::to_string(earlyData), "0: 0-RTT is not recorded yet");
    }
    if (resume > 0)
    {
        std::ostringstream v;
        v << resume;
        return refuse("Resume", v.str(), "0: resumption is not recorded yet");
    }
    std::string keyLog = keyLogFile;
    if (keyLog.empty())
    {
        StringValue v;
        TypeId::AttributeInformation info;
        TlsContext::GetTypeId().LookupAttributeByName("KeyLogFile", &info);
        keyLog = info.initialValue->SerializeToString(info.checker);
        if (!keyLog.empty())
        {
            return refuse("ns3::TlsContext::KeyLogFile",
                          keyLog,
                          "an empty key log: replayed handshakes have no keys");
        }
    }
    if (!keyLog.empty())
    {
        return refuse("KeyLogFile", keyLog, "an empty key log: replayed handshakes have no keys");
    }
    return "";
}

} // namespace ns3
