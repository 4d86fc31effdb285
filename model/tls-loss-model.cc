/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-loss-model.h"

#include "ns3/abort.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv6-header.h"
#include "ns3/log.h"
#include "ns3/net-device.h"
#include "ns3/pointer.h"
#include "ns3/ppp-header.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-header.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsLossModel");

NS_OBJECT_ENSURE_REGISTERED(TlsLossModel);

namespace
{

/// Split on a separator (empty parts kept).
std::vector<std::string>
Split(const std::string& s, char sep)
{
    std::vector<std::string> out;
    std::string cur;
    for (char c : s)
    {
        if (c == sep)
        {
            out.push_back(cur);
            cur.clear();
        }
        else
        {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

/// Strip spaces at both ends.
std::string
Trim(const std::string& s)
{
    size_t b = s.find_first_not_of(" \t");
    size_t e = s.find_last_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

/// Parse a probability in [0, 1].
bool
ParseProbability(const std::string& s, double* out)
{
    if (s.empty())
    {
        return false;
    }
    char* end = nullptr;
    errno = 0;
    double v = std::strtod(s.c_str(), &end);
    if (errno != 0 || end != s.c_str() + s.size() || !(v >= 0.0 && v <= 1.0))
    {
        return false;
    }
    *out = v;
    return true;
}

/// Parse a packet number >= 1.
bool
ParseNumber(const std::string& s, uint64_t* out)
{
    if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 18)
    {
        return false;
    }
    uint64_t v = std::strtoull(s.c_str(), nullptr, 10);
    if (v == 0)
    {
        return false;
    }
    *out = v;
    return true;
}

/// Parse a non-negative ns-3 time with a unit ("1s", "250ms").
bool
ParseTime(const std::string& s, Time* out)
{
    if (s.empty() || s.find_first_of("0123456789") != 0)
    {
        return false;
    }
    size_t unit = s.find_first_not_of("0123456789.");
    if (unit == std::string::npos || unit == 0)
    {
        return false; // a unit is required
    }
    std::string u = s.substr(unit);
    if (u != "s" && u != "ms" && u != "us" && u != "ns" && u != "min" && u != "h")
    {
        return false;
    }
    char* end = nullptr;
    std::string number = s.substr(0, unit);
    double v = std::strtod(number.c_str(), &end);
    if (end != number.c_str() + number.size())
    {
        return false;
    }
    *out = Time(s);
    return v >= 0;
}

} // namespace

TypeId
TlsLossModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TlsLossModel")
            .SetParent<ErrorModel>()
            .SetGroupName("Tls")
            .AddConstructor<TlsLossModel>()
            .AddAttribute(
                "Spec",
                "Loss pattern: none, bernoulli:P, ge:p=P,r=R,h=H,k=K, drop:N,..., "
                "dropdata:N,..., dropsyn:N,..., blackhole:T1-T2, corrupt:P, or "
                "several joined by '+'",
                StringValue("none"),
                MakeStringAccessor(&TlsLossModel::SetSpecAttribute, &TlsLossModel::GetSpec),
                MakeStringChecker());
    return tid;
}

TlsLossModel::TlsLossModel()
{
    m_random = CreateObject<UniformRandomVariable>();
}

TlsLossModel::~TlsLossModel() = default;

std::string
TlsLossModel::Parse(const std::string& spec, std::vector<Pattern>* patterns)
{
    std::vector<Pattern> out;
    std::string all = Trim(spec);
    if (all.empty() || all == "none")
    {
        if (patterns)
        {
            patterns->clear();
        }
        return "";
    }
    const std::string allowed =
        "allowed: none, bernoulli:P, ge:p=P,r=R,h=H,k=K, drop:N,..., dropdata:N,..., "
        "dropsyn:N,..., blackhole:T1-T2, corrupt:P, joined by '+'";
    for (const std::string& raw : Split(all, '+'))
    {
        std::string part = Trim(raw);
        std::string bad = "loss spec '" + spec + "': '" + part + "' ";
        size_t colon = part.find(':');
        std::string name = part.substr(0, colon);
        std::string args = colon == std::string::npos ? "" : part.substr(colon + 1);
        // ';' separates as ',' does (sweep.py --set splits its values on ',')
        std::replace(args.begin(), args.end(), ';', ',');
        Pattern pat;
        if (name == "bernoulli" || name == "random" || name == "corrupt")
        {
            pat.kind = name == "corrupt" ? Pattern::CORRUPT : Pattern::BERNOULLI;
            if (!ParseProbability(args, &pat.p))
            {
                return bad + "needs a probability in [0, 1] after ':' (e.g. " + name + ":0.05)";
            }
        }
        else if (name == "ge")
        {
            pat.kind = Pattern::GILBERT;
            bool haveP = false;
            bool haveR = false;
            pat.h = 0;
            pat.k = 1;
            for (const std::string& kvRaw : Split(args, ','))
            {
                std::string kv = Trim(kvRaw);
                size_t eq = kv.find('=');
                std::string key = kv.substr(0, eq);
                double v = 0;
                if (eq == std::string::npos || !ParseProbability(kv.substr(eq + 1), &v))
                {
                    return bad + "has '" + kv +
                           "': Gilbert-Elliott takes p=, r=, h=, k=, each a probability in [0, "
                           "1] (e.g. ge:p=0.01,r=0.3,h=0.5,k=1)";
                }
                if (key == "p")
                {
                    pat.p = v;
                    haveP = true;
                }
                else if (key == "r")
                {
                    pat.r = v;
                    haveR = true;
                }
                else if (key == "h")
                {
                    pat.h = v;
                }
                else if (key == "k")
                {
                    pat.k = v;
                }
                else
                {
                    return bad + "has unknown parameter '" + key +
                           "': Gilbert-Elliott takes p, r, h, k";
                }
            }
            if (!haveP)
            {
                return bad + "needs p= (Good to Bad probability)";
            }
            if (!haveR)
            {
                pat.r = 1 - pat.p;
            }
        }
        else if (name == "drop" || name == "droplist" || name == "dropdata" || name == "dropsyn")
        {
            pat.kind = name == "dropdata"  ? Pattern::DROP_DATA
                       : name == "dropsyn" ? Pattern::DROP_SYN
                                           : Pattern::DROP;
            for (const std::string& n : Split(args, ','))
            {
                uint64_t v = 0;
                if (!ParseNumber(Trim(n), &v))
                {
                    return bad + "has '" + Trim(n) +
                           "': packet numbers are integers from 1, separated by ',' (e.g. " + name +
                           ":3,5)";
                }
                pat.numbers.insert(v);
            }
        }
        else if (name == "blackhole")
        {
            pat.kind = Pattern::BLACKHOLE;
            size_t dash = args.find('-');
            if (dash == std::string::npos || !ParseTime(Trim(args.substr(0, dash)), &pat.from) ||
                !ParseTime(Trim(args.substr(dash + 1)), &pat.to) || pat.to <= pat.from)
            {
                return bad + "needs a window T1-T2 of times with units, T1 < T2 (e.g. "
                             "blackhole:1s-2.5s)";
            }
        }
        else
        {
            return bad + "is not a loss pattern; " + allowed;
        }
        out.push_back(pat);
    }
    if (patterns)
    {
        *patterns = out;
    }
    return "";
}

bool
TlsLossModel::IsNone(const std::string& spec)
{
    std::string s = Trim(spec);
    return s.empty() || s == "none";
}

std::string
TlsLossModel::WithRate(const std::string& spec, double rate)
{
    if (!(rate > 0))
    {
        return spec;
    }
    std::ostringstream out;
    out.precision(17);
    out << (IsNone(spec) ? "" : spec + "+") << "bernoulli:" << rate;
    return out.str();
}

std::string
TlsLossModel::SetSpec(const std::string& spec)
{
    std::vector<Pattern> patterns;
    std::string error = Parse(spec, &patterns);
    if (error.empty())
    {
        m_spec = spec;
        m_patterns = patterns;
    }
    return error;
}

void
TlsLossModel::SetSpecAttribute(std::string spec)
{
    std::string error = SetSpec(spec);
    NS_ABORT_MSG_IF(!error.empty(), "ns3::TlsLossModel::Spec: " << error);
}

std::string
TlsLossModel::GetSpec() const
{
    return m_spec;
}

Ptr<TlsLossModel>
TlsLossModel::Install(Ptr<NetDevice> device, const std::string& spec, int64_t stream)
{
    std::vector<Pattern> patterns;
    std::string error = Parse(spec, &patterns);
    NS_ABORT_MSG_IF(!error.empty(), error);
    if (patterns.empty())
    {
        return nullptr;
    }
    Ptr<TlsLossModel> model = CreateObject<TlsLossModel>();
    model->SetSpec(spec);
    model->AssignStreams(stream);
    device->SetAttribute("ReceiveErrorModel", PointerValue(model));
    return model;
}

int64_t
TlsLossModel::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

uint64_t
TlsLossModel::GetPackets() const
{
    return m_packets;
}

uint64_t
TlsLossModel::GetLost() const
{
    return m_lost;
}

uint64_t
TlsLossModel::GetCorrupted() const
{
    return m_corrupted;
}

bool
TlsLossModel::DoCorrupt(Ptr<Packet> p)
{
    ++m_packets;
    // The TCP header, for the patterns that count SYNs or data segments.
    bool isTcp = false;
    bool syn = false;
    bool data = false;
    {
        Ptr<Packet> copy = p->Copy();
        PppHeader ppp;
        if (copy->GetSize() >= ppp.GetSerializedSize())
        {
            copy->RemoveHeader(ppp);
            uint8_t proto = 0;
            if (ppp.GetProtocol() == 0x0021)
            {
                Ipv4Header ip4;
                copy->RemoveHeader(ip4);
                proto = ip4.GetProtocol();
            }
            else if (ppp.GetProtocol() == 0x0057)
            {
                Ipv6Header ip6;
                copy->RemoveHeader(ip6);
                proto = ip6.GetNextHeader();
            }
            if (proto == 6)
            {
                TcpHeader tcp;
                copy->RemoveHeader(tcp);
                isTcp = true;
                syn = tcp.GetFlags() & TcpHeader::SYN;
                data = copy->GetSize() > 0;
            }
        }
    }
    bool lost = false;
    bool corrupted = false;
    for (Pattern& pat : m_patterns)
    {
        switch (pat.kind)
        {
        case Pattern::BERNOULLI:
            lost |= m_random->GetValue() < pat.p;
            break;
        case Pattern::CORRUPT:
            if (m_random->GetValue() < pat.p)
            {
                corrupted = true;
            }
            break;
        case Pattern::GILBERT:
            // net/sched/sch_netem.c, loss_gilb_ell(): move, then lose
            if (!pat.bad)
            {
                if (m_random->GetValue() < pat.p)
                {
                    pat.bad = true;
                }
                lost |= m_random->GetValue() < 1 - pat.k;
            }
            else
            {
                if (m_random->GetValue() < pat.r)
                {
                    pat.bad = false;
                }
                lost |= m_random->GetValue() > pat.h;
            }
            break;
        case Pattern::DROP:
            lost |= pat.numbers.count(++pat.count) > 0;
            break;
        case Pattern::DROP_DATA:
            if (isTcp && data)
            {
                lost |= pat.numbers.count(++pat.count) > 0;
            }
            break;
        case Pattern::DROP_SYN:
            if (isTcp && syn)
            {
                lost |= pat.numbers.count(++pat.count) > 0;
            }
            break;
        case Pattern::BLACKHOLE: {
            Time now = Simulator::Now();
            lost |= now >= pat.from && now < pat.to;
            break;
        }
        }
    }
    if (corrupted)
    {
        ++m_corrupted;
    }
    if (lost || corrupted)
    {
        ++m_lost;
        NS_LOG_LOGIC("lost packet " << m_packets << (corrupted ? " (corrupted)" : ""));
    }
    return lost || corrupted;
}

void
TlsLossModel::DoReset()
{
    m_packets = 0;
    m_lost = 0;
    m_corrupted = 0;
    for (Pattern& pat : m_patterns)
    {
        pat.count = 0;
        pat.bad = false;
    }
}

} // namespace ns3
