/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-replay-recorder.h"

#include "openssl-engine.h"
#include "tls-context.h"
#include "tls-session-cache.h"

#include "ns3/pointer.h"
#include "ns3/string.h"

#include <deque>
#include <functional>
#include <openssl/ssl.h>

namespace ns3
{

namespace
{

/// A record as bytes (header and body).
using RecordBytes = std::vector<uint8_t>;

/**
 * Turns one engine's observer calls into TlsReplayEvents of the current step.
 */
class Capture : public TlsEngineObserver
{
  public:
    /**
     * \param shape the shape whose tables the events refer to
     * \param engine the engine to watch
     */
    Capture(TlsReplayShape& shape, Ptr<TlsEngine> engine)
        : m_shape(shape),
          m_engine(engine),
          m_events(nullptr)
    {
        engine->SetObserver(this);
    }

    ~Capture() override
    {
        m_engine->SetObserver(nullptr);
    }

    /// \param events where the calls go from now on
    void Begin(std::vector<TlsReplayEvent>* events)
    {
        m_events = events;
    }

    /// \return the engine's state name, as a shape string
    uint16_t StateName() const
    {
        return m_shape.InternString(m_engine->GetHandshakeState());
    }

    /**
     * \return the engine's handshake info, as a shape info; before OpenSSL has
     *         a session (a server before the ClientHello), where OpenSSL cannot
     *         tell and nothing asks, an empty info
     */
    uint16_t Info() const
    {
        auto openssl = DynamicCast<OpenSslEngine>(m_engine);
        if (openssl && openssl->GetSsl() && !SSL_get_session(openssl->GetSsl()))
        {
            return m_shape.InternInfo(TlsHandshakeInfo());
        }
        return m_shape.InternInfo(m_engine->GetHandshakeInfo());
    }

    void OnRecord(bool sent, uint8_t contentType, uint16_t length) override
    {
        Add(TlsReplayEvent::RECORD, sent, contentType, 0, length);
    }

    void OnMessage(bool sent, TlsMessage msg, uint32_t length) override
    {
        Add(TlsReplayEvent::MESSAGE, sent, static_cast<uint16_t>(msg), 0, length);
    }

    void OnAlert(bool sent, uint8_t level, uint8_t description) override
    {
        Add(TlsReplayEvent::ALERT, sent, level, description, 0);
    }

    void OnSession(Ptr<TlsSession> session) override
    {
        m_shape.sessions.push_back(Create<TlsReplaySession>(session));
        Add(TlsReplayEvent::SESSION,
            false,
            0,
            0,
            static_cast<uint32_t>(m_shape.sessions.size() - 1));
    }

  private:
    /**
     * \param kind the call
     * \param sent its sent argument
     * \param code content type, message or level
     * \param description alert description
     * \param length length or session number
     */
    void Add(TlsReplayEvent::Kind kind,
             bool sent,
             uint16_t code,
             uint8_t description,
             uint32_t length)
    {
        if (!m_events)
        {
            return;
        }
        TlsReplayEvent e;
        e.kind = kind;
        e.sent = sent;
        e.code = code;
        e.description = description;
        e.length = length;
        e.stateName = StateName();
        e.info = Info();
        m_events->push_back(e);
    }

    TlsReplayShape& m_shape;               //!< the shape
    Ptr<TlsEngine> m_engine;               //!< the engine
    std::vector<TlsReplayEvent>* m_events; //!< the current step's calls
};

/**
 * Take an engine's output and cut it into records.
 * \param engine the engine
 * \param[out] headers their headers
 * \param[out] records the records, appended
 * \return "" or what is wrong
 */
std::string
TakeRecords(Ptr<TlsEngine> engine,
            std::vector<TlsReplayRecordHeader>& headers,
            std::deque<RecordBytes>& records)
{
    std::vector<uint8_t> bytes(engine->PendingOutput());
    size_t got = bytes.empty() ? 0 : engine->TakeOutput(bytes.data(), bytes.size());
    bytes.resize(got);
    size_t at = 0;
    while (at < bytes.size())
    {
        if (bytes.size() - at < 5)
        {
            return "an engine wrote part of a record header";
        }
        TlsReplayRecordHeader h;
        h.type = bytes[at];
        h.version = static_cast<uint16_t>(bytes[at + 1] << 8 | bytes[at + 2]);
        h.length = static_cast<uint16_t>(bytes[at + 3] << 8 | bytes[at + 4]);
        if (bytes.size() - at - 5 < h.length || h.length == 0)
        {
            return "an engine wrote part of a record, or an empty one";
        }
        headers.push_back(h);
        records.emplace_back(bytes.begin() + at, bytes.begin() + at + 5 + h.length);
        at += 5 + h.length;
    }
    return "";
}

/**
 * The observer calls a record's header causes (OpenSslEngine reports them from
 * OpenSSL's header callback): OnRecord, and OnMessage for a ChangeCipherSpec.
 * \param type content type
 * \param length body length
 * \return the calls (without state and info)
 */
std::vector<TlsReplayEvent>
HeaderEvents(uint8_t type, uint16_t length)
{
    std::vector<TlsReplayEvent> events(1);
    events[0].kind = TlsReplayEvent::RECORD;
    events[0].code = type;
    events[0].length = length;
    if (type == static_cast<uint8_t>(TlsContentType::CHANGE_CIPHER_SPEC))
    {
        TlsReplayEvent ccs;
        ccs.kind = TlsReplayEvent::MESSAGE;
        ccs.code = static_cast<uint16_t>(TlsMessage::CHANGE_CIPHER_SPEC);
        ccs.length = length;
        events.push_back(ccs);
    }
    return events;
}

} // namespace

TlsReplayRecorder::TlsReplayRecorder(Ptr<TlsContext> client, Ptr<TlsContext> server)
    : m_client(client->Copy()),
      m_server(server->Copy())
{
    m_client->SetAttribute("KeyLogFile", StringValue(""));
    m_server->SetAttribute("KeyLogFile", StringValue(""));
    m_server->SetAttribute("SessionCache", PointerValue(CreateObject<TlsSessionCache>()));
}

std::string
TlsReplayRecorder::Record(TlsReplayShape& shape)
{
    Ptr<TlsEngine> engine[2] = {m_client->CreateEngine(TlsRole::CLIENT),
                                m_server->CreateEngine(TlsRole::SERVER)};
    Capture capture[2] = {Capture(shape, engine[0]), Capture(shape, engine[1])};
    TlsReplayVariant v;
    for (int i = 0; i < 2; ++i)
    {
        v.side[i].initialStateName = capture[i].StateName();
        v.side[i].initialInfo = capture[i].Info();
    }
    std::deque<RecordBytes> toPeer[2];
    std::vector<uint8_t> scratch(16384);
    auto established = [&engine](int i) { return engine[i]->GetState() == TlsEngine::ESTABLISHED; };
    // As TlsSocket does after each input: read while established.
    auto readAll = [&](int i) {
        size_t total = 0;
        while (established(i))
        {
            size_t got = engine[i]->Read(scratch.data(), scratch.size());
            if (got == 0)
            {
                break;
            }
            total += got;
        }
        return total;
    };
    auto finish = [&](int i, TlsReplayStep& step) {
        capture[i].Begin(nullptr);
        std::string error = TakeRecords(engine[i], step.output, toPeer[i]);
        step.state = engine[i]->GetState();
        step.stateName = capture[i].StateName();
        step.info = capture[i].Info();
        step.error = shape.InternString(engine[i]->GetError());
        step.recorded = true;
        return error;
    };
    // Deliver one record to side i: its header, then its body, each one input.
    auto deliver = [&](int i, const RecordBytes& record, TlsReplayStep& step, size_t* appData) {
        TlsEngine::State before = engine[i]->GetState();
        uint16_t stateBefore = capture[i].StateName();
        uint16_t infoBefore = capture[i].Info();
        std::vector<TlsReplayEvent> header;
        capture[i].Begin(&header);
        engine[i]->Input(record.data(), 5);
        size_t got = readAll(i);
        capture[i].Begin(nullptr);
        step.headerInfo = capture[i].Info();
        std::vector<TlsReplayEvent> expected;
        if (before == TlsEngine::HANDSHAKING || before == TlsEngine::ESTABLISHED)
        {
            expected = HeaderEvents(record[0], static_cast<uint16_t>(record.size() - 5));
        }
        bool same = header.size() == expected.size() && got == 0 &&
                    engine[i]->PendingOutput() == 0 && engine[i]->GetState() == before &&
                    (before == TlsEngine::HANDSHAKING || step.headerInfo == infoBefore);
        for (size_t k = 0; same && k < header.size(); ++k)
        {
            same = header[k].kind == expected[k].kind && header[k].sent == expected[k].sent &&
                   header[k].code == expected[k].code && header[k].length == expected[k].length &&
                   header[k].stateName == stateBefore && header[k].info == step.headerInfo;
        }
        if (!same)
        {
            return std::string("reading a record header did more than report the record");
        }
        capture[i].Begin(&step.events);
        engine[i]->Input(record.data() + 5, record.size() - 5);
        got = readAll(i);
        if (appData)
        {
            *appData = got;
        }
        else if (got > 0)
        {
            return std::string("a handshake record gave application data");
        }
        return finish(i, step);
    };

    // Application data records, by writer: written as soon as the writer has
    // completed its handshake (a TLS 1.3 client writes before its server has
    // checked its certificate), read by the peer in stream order.
    std::deque<bool> isApp[2];
    bool measured[2] = {false, false};
    // A side's close_notify as it would write it right after its handshake: for
    // a side that fails later (its peer's alert comes after it completed), whose
    // close is not recorded below. Checked against the recorded ones.
    TlsReplayStep earlyClose[2];
    auto measureAppData = [&](int i) {
        measured[i] = true;
        TlsReplayStep& close = earlyClose[i];
        close.state = engine[i]->GetState();
        close.stateName = capture[i].StateName();
        close.info = capture[i].Info();
        close.error = shape.InternString(engine[i]->GetError());
        close.recorded = true;
        bool tls13 = engine[i]->GetHandshakeInfo().version == "1.3";
        for (uint16_t n = 16; n < 32; ++n)
        {
            TlsReplayStep write;
            capture[i].Begin(&write.events);
            std::vector<uint8_t> data(n, 'x');
            if (engine[i]->Write(data.data(), n) != n)
            {
                return std::string("an engine did not take application data");
            }
            std::string error = finish(i, write);
            if (!error.empty())
            {
                return error;
            }
            const TlsReplayRecordHeader& h =
                write.output.empty() ? TlsReplayRecordHeader() : write.output.front();
            if (write.output.size() != 1 || write.events.size() != 1 ||
                write.events[0].kind != TlsReplayEvent::RECORD || write.events[0].code != h.type ||
                h.length < n + 3)
            {
                return std::string("application data did not go as one record");
            }
            v.side[i].overhead[n % 16] = h.length - n;
            v.side[i].appType = h.type;
            v.side[i].appVersion = h.version;
            isApp[i].resize(toPeer[i].size(), false);
            isApp[i].back() = true;
        }
        TlsReplayRecordHeader h;
        h.type = tls13 ? static_cast<uint8_t>(TlsContentType::APPLICATION_DATA)
                       : static_cast<uint8_t>(TlsContentType::ALERT);
        h.version = v.side[i].appVersion;
        h.length = 2 + v.side[i].overhead[2];
        close.output.push_back(h);
        TlsReplayEvent record;
        record.kind = TlsReplayEvent::RECORD;
        record.sent = true;
        record.code = h.type;
        record.length = h.length;
        record.stateName = close.stateName;
        record.info = close.info;
        TlsReplayEvent alert = record;
        alert.kind = TlsReplayEvent::ALERT;
        alert.code = 1;        // warning
        alert.description = 0; // close_notify
        alert.length = 0;
        close.events = {record, alert};
        return std::string();
    };

    capture[0].Begin(&v.side[0].start.events);
    engine[0]->Start();
    std::string error = finish(0, v.side[0].start);
    for (int rounds = 0; error.empty() && (!toPeer[0].empty() || !toPeer[1].empty()); ++rounds)
    {
        if (rounds > 100)
        {
            return "the handshake did not end";
        }
        for (int from = 0; from < 2 && error.empty(); ++from)
        {
            int to = 1 - from;
            while (!toPeer[from].empty() && error.empty())
            {
                isApp[from].resize(toPeer[from].size(), false);
                RecordBytes record = std::move(toPeer[from].front());
                bool app = isApp[from].front();
                toPeer[from].pop_front();
                isApp[from].pop_front();
                if (app)
                {
                    TlsEngine::State before = engine[to]->GetState();
                    TlsReplayStep read;
                    size_t got = 0;
                    error = deliver(to, record, read, &got);
                    if (error.empty() && before == TlsEngine::ESTABLISHED &&
                        (got == 0 || !read.events.empty() || !read.output.empty()))
                    {
                        error = "reading application data did more than return it";
                    }
                }
                else
                {
                    v.side[to].received.emplace_back();
                    error = deliver(to, record, v.side[to].received.back(), nullptr);
                }
                for (int i = 0; i < 2 && error.empty(); ++i)
                {
                    if (!measured[i] && established(i))
                    {
                        error = measureAppData(i);
                    }
                }
            }
        }
    }
    // The ordered close, client first (as the applications close), of each side
    // that completed its handshake: a TLS 1.3 client completes before its server
    // has checked its certificate, and may close before the server's alert comes.
    bool bothEstablished = established(0) && established(1);
    for (int i = 0; i < 2 && error.empty(); ++i)
    {
        if (engine[i]->GetState() != TlsEngine::ESTABLISHED &&
            engine[i]->GetState() != TlsEngine::CLOSED)
        {
            continue;
        }
        capture[i].Begin(&v.side[i].shutdown.events);
        engine[i]->Shutdown();
        error = finish(i, v.side[i].shutdown);
        if (error.empty() && v.side[i].shutdown.output.size() != 1)
        {
            error = "close_notify did not go as one record";
        }
        if (error.empty())
        {
            RecordBytes record = std::move(toPeer[i].front());
            toPeer[i].pop_front();
            error = deliver(1 - i, record, v.side[1 - i].peerShutdown, nullptr);
        }
    }
    auto sameShape = [](const TlsReplayStep& a, const TlsReplayStep& b) {
        bool same = a.events.size() == b.events.size() && a.output.size() == b.output.size();
        for (size_t k = 0; same && k < a.events.size(); ++k)
        {
            same = a.events[k].kind == b.events[k].kind && a.events[k].sent == b.events[k].sent &&
                   a.events[k].code == b.events[k].code &&
                   a.events[k].description == b.events[k].description &&
                   a.events[k].length == b.events[k].length;
        }
        for (size_t k = 0; same && k < a.output.size(); ++k)
        {
            same = a.output[k].type == b.output[k].type &&
                   a.output[k].version == b.output[k].version &&
                   a.output[k].length == b.output[k].length;
        }
        return same;
    };
    for (int i = 0; i < 2 && error.empty(); ++i)
    {
        if (v.side[i].shutdown.recorded && measured[i] &&
            !sameShape(v.side[i].shutdown, earlyClose[i]))
        {
            error = "close_notify is not an alert record of the application data overhead";
        }
        else if (!v.side[i].shutdown.recorded && measured[i])
        {
            v.side[i].shutdown = earlyClose[i];
        }
    }
    if (error.empty() && bothEstablished &&
        (v.side[0].peerShutdown.state != TlsEngine::CLOSED ||
         v.side[1].peerShutdown.state != TlsEngine::CLOSED))
    {
        error = "close_notify did not close";
    }
    if (error.empty())
    {
        shape.variants.push_back(std::move(v));
    }
    return error;
}

} // namespace ns3
