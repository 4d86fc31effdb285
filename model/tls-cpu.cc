/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-cpu.h"

#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/fatal-error.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tls-ns3-compat.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TlsCpu");

NS_OBJECT_ENSURE_REGISTERED(TlsCpu);

namespace
{

/// One entry of the built-in cost table.
struct CostRow
{
    const char* operation; //!< operation
    const char* algorithm; //!< canonical key type or group
    double microseconds;   //!< median time of one operation
};

// The built-in cost table, microseconds per operation, measured on
// Intel(R) Xeon(R) Processor, family 6 model 207 (Emerald Rapids), KVM guest with 2 vCPUs,
// Debian 12, OpenSSL 3.0.22 (25 Aug 2026), on 2026-11-27, with
//   tls-cpu-calibrate --rounds=3 --iterations=301 --budget=0.6 --output=costs.csv
// (one thread, monotonic clock, median of up to 301 runs, lowest of 3 rounds).
// See doc/cpu-costs.md.
// clang-format off
const CostRow g_builtinCosts[] = {
    {"sign", "rsa2048", 368.11},
    {"verify", "rsa2048", 26.23},
    {"rsa-encrypt", "rsa2048", 25.19},
    {"rsa-decrypt", "rsa2048", 366.26},
    {"sign", "rsa3072", 2290.51},
    {"verify", "rsa3072", 49.58},
    {"rsa-encrypt", "rsa3072", 47.74},
    {"rsa-decrypt", "rsa3072", 2110.55},
    {"sign", "rsa4096", 5053.92},
    {"verify", "rsa4096", 82.18},
    {"rsa-encrypt", "rsa4096", 80.24},
    {"rsa-decrypt", "rsa4096", 4672.46},
    {"sign", "p256", 29.69},
    {"verify", "p256", 85.75},
    {"sign", "p384", 788.33},
    {"verify", "p384", 674.13},
    {"sign", "ed25519", 44.89},
    {"verify", "ed25519", 110.32},
    {"keygen", "x25519", 44.97},
    {"derive", "x25519", 42.99},
    {"keygen", "x448", 239.25},
    {"derive", "x448", 183.82},
    {"keygen", "secp256r1", 37.09},
    {"derive", "secp256r1", 144.51},
    {"keygen", "secp384r1", 729.06},
    {"derive", "secp384r1", 1197.16},
    {"keygen", "secp521r1", 196.23},
    {"derive", "secp521r1", 627.32},
    {"keygen", "ffdhe2048", 329.94},
    {"derive", "ffdhe2048", 2358.45},
    {"keygen", "ffdhe3072", 828.64},
    {"derive", "ffdhe3072", 7509.94},
    {"keygen", "ffdhe4096", 1727.82},
    {"derive", "ffdhe4096", 17628.73},
    {"keygen", "ffdhe6144", 3847.53},
    {"derive", "ffdhe6144", 58459.21},
    {"keygen", "ffdhe8192", 8156.12},
    {"derive", "ffdhe8192", 139717.63},
    // Post-quantum (OpenSSL >= 3.5), measured on AMD EPYC (family 26 model 2), KVM guest
    // with 2 vCPUs, Debian 12, OpenSSL 3.5.7 (9 Jun 2026), on 2026-12-02, with
    //   tls-cpu-calibrate --rounds=1 --iterations=101 --budget=0.3
    // (median on the monotonic clock; the thread CPU time where the host was busy:
    // ML-DSA-87 and SLH-DSA sign). KEM groups: keygen and derive (decapsulation) at
    // the client, encaps at the server.
    {"sign", "mldsa44", 430.91},
    {"verify", "mldsa44", 103.29},
    {"sign", "mldsa65", 762.73},
    {"verify", "mldsa65", 158.06},
    {"sign", "mldsa87", 852.57},
    {"verify", "mldsa87", 243.01},
    {"sign", "slhdsa-sha2-128s", 291449.75},
    {"verify", "slhdsa-sha2-128s", 264.19},
    {"sign", "slhdsa-sha2-128f", 14131.54},
    {"verify", "slhdsa-sha2-128f", 845.01},
    {"keygen", "mlkem512", 24.44},
    {"encaps", "mlkem512", 25.50},
    {"derive", "mlkem512", 21.65},
    {"keygen", "mlkem768", 35.53},
    {"encaps", "mlkem768", 35.76},
    {"derive", "mlkem768", 28.42},
    {"keygen", "mlkem1024", 52.65},
    {"encaps", "mlkem1024", 49.69},
    {"derive", "mlkem1024", 36.83},
    {"keygen", "x25519mlkem768", 60.47},
    {"encaps", "x25519mlkem768", 89.40},
    {"derive", "x25519mlkem768", 56.63},
    {"keygen", "secp256r1mlkem768", 55.05},
    {"encaps", "secp256r1mlkem768", 102.11},
    {"derive", "secp256r1mlkem768", 75.13},
    {"keygen", "secp384r1mlkem1024", 711.06},
    {"encaps", "secp384r1mlkem1024", 1356.51},
    {"derive", "secp384r1mlkem1024", 669.52},
};
// clang-format on

/// The canonical key types.
const char* const g_keyTypes[] = {"rsa2048",
                                  "rsa3072",
                                  "rsa4096",
                                  "p256",
                                  "p384",
                                  "ed25519",
                                  "mldsa44",
                                  "mldsa65",
                                  "mldsa87",
                                  "slhdsa-sha2-128s",
                                  "slhdsa-sha2-128f"};

/// The canonical key encapsulation groups (OpenSSL >= 3.5): ML-KEM and the hybrids.
const char* const g_kemGroups[] = {"mlkem512",
                                   "mlkem768",
                                   "mlkem1024",
                                   "x25519mlkem768",
                                   "secp256r1mlkem768",
                                   "secp384r1mlkem1024"};

/// The canonical groups.
const char* const g_groups[] = {"x25519",
                                "x448",
                                "secp256r1",
                                "secp384r1",
                                "secp521r1",
                                "ffdhe2048",
                                "ffdhe3072",
                                "ffdhe4096",
                                "ffdhe6144",
                                "ffdhe8192",
                                "mlkem512",
                                "mlkem768",
                                "mlkem1024",
                                "x25519mlkem768",
                                "secp256r1mlkem768",
                                "secp384r1mlkem1024"};

/**
 * \param group a canonical group
 * \return true if it is a key encapsulation group: the client generates a key
 *         pair ("keygen") and decapsulates ("derive"), the server encapsulates
 *         ("encaps") instead of generating a share and deriving
 */
bool
IsKemGroup(const std::string& group)
{
    return std::find(std::begin(g_kemGroups), std::end(g_kemGroups), group) !=
           std::end(g_kemGroups);
}

/**
 * \param s a string
 * \return it in lower case, without leading and trailing white space
 */
std::string
LowerTrim(const std::string& s)
{
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
    {
        return "";
    }
    size_t e = s.find_last_not_of(" \t\r\n");
    std::string out = s.substr(b, e - b + 1);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return out;
}

/**
 * \param s a string
 * \return it without the characters - _ : and spaces
 */
std::string
Squeeze(const std::string& s)
{
    std::string out;
    for (char c : s)
    {
        if (c != '-' && c != '_' && c != ':' && c != ' ')
        {
            out += c;
        }
    }
    return out;
}

/**
 * \param s a string
 * \param prefix a prefix
 * \return true if s starts with prefix
 */
bool
StartsWith(const std::string& s, const std::string& prefix)
{
    return s.compare(0, prefix.size(), prefix) == 0;
}

/**
 * \param digits a string
 * \param value the number, if it is one
 * \return true if digits is a non-empty decimal number
 */
bool
ParseBits(const std::string& digits, unsigned long* value)
{
    if (digits.empty() || digits.size() > 6 ||
        !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); }))
    {
        return false;
    }
    *value = std::stoul(digits);
    return true;
}

/**
 * \param operation an operation name
 * \return true if it is one of the operations of the cost table
 */
bool
IsOperation(const std::string& operation)
{
    return operation == "sign" || operation == "verify" || operation == "keygen" ||
           operation == "derive" || operation == "encaps" || operation == "rsa-encrypt" ||
           operation == "rsa-decrypt";
}

/**
 * \param operation an operation
 * \param algorithm an algorithm name
 * \return true if (operation, algorithm) is a valid table entry with a canonical name
 */
bool
IsValidEntry(const std::string& operation, const std::string& algorithm)
{
    if (operation == "encaps")
    {
        return IsKemGroup(algorithm);
    }
    if (operation == "keygen" || operation == "derive")
    {
        return std::find(std::begin(g_groups), std::end(g_groups), algorithm) != std::end(g_groups);
    }
    if (operation == "rsa-encrypt" || operation == "rsa-decrypt")
    {
        return algorithm == "rsa2048" || algorithm == "rsa3072" || algorithm == "rsa4096";
    }
    return std::find(std::begin(g_keyTypes), std::end(g_keyTypes), algorithm) !=
           std::end(g_keyTypes);
}

/**
 * \param operation an operation
 * \return the algorithm names it accepts
 */
std::string
ExpectedAlgorithms(const std::string& operation)
{
    std::string out;
    if (operation == "encaps")
    {
        for (const char* g : g_kemGroups)
        {
            out += (out.empty() ? "" : ", ") + std::string(g);
        }
    }
    else if (operation == "keygen" || operation == "derive")
    {
        for (const char* g : g_groups)
        {
            out += (out.empty() ? "" : ", ") + std::string(g);
        }
    }
    else if (operation == "rsa-encrypt" || operation == "rsa-decrypt")
    {
        out = "rsa2048, rsa3072, rsa4096";
    }
    else
    {
        for (const char* k : g_keyTypes)
        {
            out += (out.empty() ? "" : ", ") + std::string(k);
        }
    }
    return out;
}

/**
 * Add an operation to a list, merging with an earlier one of the same kind.
 * \param ops the list
 * \param operation the operation
 * \param algorithm its algorithm
 * \param count how many
 */
void
AddOperation(std::vector<TlsCpuOperation>& ops,
             const std::string& operation,
             const std::string& algorithm,
             uint32_t count = 1)
{
    if (count == 0)
    {
        return;
    }
    for (auto& op : ops)
    {
        if (op.operation == operation && op.algorithm == algorithm)
        {
            op.count += count;
            return;
        }
    }
    ops.push_back({operation, algorithm, count});
}

} // namespace

TlsCpuCostTable
TlsCpuBuiltinCostTable()
{
    TlsCpuCostTable table;
    for (const auto& row : g_builtinCosts)
    {
        table[{row.operation, row.algorithm}] = row.microseconds;
    }
    return table;
}

std::string
TlsCpuNormalizeKeyType(const std::string& keyType)
{
    const std::string s = Squeeze(LowerTrim(keyType));
    if (s.empty())
    {
        return "p256";
    }
    if (StartsWith(s, "rsa"))
    {
        std::string digits = s.substr(3);
        if (StartsWith(digits, "pss"))
        {
            digits = digits.substr(3);
        }
        unsigned long bits = 2048;
        if (!digits.empty() && !ParseBits(digits, &bits))
        {
            return "";
        }
        return bits <= 2048 ? "rsa2048" : bits <= 3072 ? "rsa3072" : "rsa4096";
    }
    if (s == "p256" || s == "secp256r1" || s == "prime256v1" || s == "ecdsa" || s == "ec" ||
        s == "ecdsap256" || s == "ecdsasecp256r1sha256")
    {
        return "p256";
    }
    if (s == "p384" || s == "secp384r1" || s == "ecdsap384" || s == "ecdsasecp384r1sha384")
    {
        return "p384";
    }
    if (s == "ed25519")
    {
        return "ed25519";
    }
    // ML-DSA and SLH-DSA as TlsContext, OpenSSL and TLS name them (mldsa65, ML-DSA-65,
    // SLH-DSA-SHA2-128s, slhdsa-sha2-128s).
    for (const char* name : {"mldsa44", "mldsa65", "mldsa87"})
    {
        if (s == name)
        {
            return name;
        }
    }
    if (s == "slhdsasha2128s")
    {
        return "slhdsa-sha2-128s";
    }
    if (s == "slhdsasha2128f")
    {
        return "slhdsa-sha2-128f";
    }
    return "";
}

std::string
TlsCpuNormalizeGroup(const std::string& group)
{
    const std::string s = Squeeze(LowerTrim(group));
    if (s.empty())
    {
        return "x25519";
    }
    for (const char* kem : g_kemGroups)
    {
        if (s == kem)
        {
            return kem;
        }
    }
    if (StartsWith(s, "x25519"))
    {
        return s == "x25519" || StartsWith(s, "x25519253") ? "x25519" : "";
    }
    if (StartsWith(s, "x448"))
    {
        return s == "x448" || StartsWith(s, "x448448") ? "x448" : "";
    }
    if (s == "secp256r1" || s == "prime256v1" || s == "p256" || s == "ec256")
    {
        return "secp256r1";
    }
    if (s == "secp384r1" || s == "p384" || s == "ec384")
    {
        return "secp384r1";
    }
    if (s == "secp521r1" || s == "p521" || s == "ec521")
    {
        return "secp521r1";
    }
    std::string digits;
    if (StartsWith(s, "ffdhe"))
    {
        digits = s.substr(5);
    }
    else if (StartsWith(s, "dhx"))
    {
        digits = s.substr(3);
    }
    else if (StartsWith(s, "dh"))
    {
        digits = s.substr(2);
    }
    else
    {
        return "";
    }
    unsigned long bits = 2048;
    if (!digits.empty() && !ParseBits(digits, &bits))
    {
        return "";
    }
    return bits <= 2048   ? "ffdhe2048"
           : bits <= 3072 ? "ffdhe3072"
           : bits <= 4096 ? "ffdhe4096"
           : bits <= 6144 ? "ffdhe6144"
                          : "ffdhe8192";
}

std::string
TlsCpuParseCostTable(const std::string& fileName, TlsCpuCostTable& table)
{
    const std::string where = "TlsCpu: CostTable file '" + fileName + "'";
    struct stat st;
    if (::stat(fileName.c_str(), &st) != 0)
    {
        return "TlsCpu: cannot read CostTable file '" + fileName + "': " + std::strerror(errno);
    }
    if (S_ISDIR(st.st_mode))
    {
        return "TlsCpu: cannot read CostTable file '" + fileName + "': " + std::strerror(EISDIR);
    }
    // A FIFO or a device would block or never end: only a regular file of a
    // cost table's size (a few hundred lines) is read.
    if (!S_ISREG(st.st_mode) || st.st_size > 1024 * 1024)
    {
        return "TlsCpu: cannot read CostTable file '" + fileName +
               "': " + (S_ISREG(st.st_mode) ? "larger than 1 MiB" : "not a regular file") +
               " (expected a CSV file as tls-cpu-calibrate writes it)";
    }
    errno = 0;
    std::ifstream in(fileName);
    if (!in)
    {
        return "TlsCpu: cannot read CostTable file '" + fileName +
               "': " + std::strerror(errno ? errno : EIO);
    }
    TlsCpuCostTable entries;
    bool header = false;
    std::string line;
    uint32_t lineNumber = 0;
    while (std::getline(in, line))
    {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
        {
            line.pop_back();
        }
        const std::string trimmed = LowerTrim(line);
        if (trimmed.empty() || trimmed[0] == '#')
        {
            continue;
        }
        auto bad = [&](const std::string& reason) {
            return where + " line " + std::to_string(lineNumber) + ": '" + line + "': " + reason;
        };
        std::vector<std::string> fields;
        std::stringstream ss(trimmed);
        std::string field;
        while (std::getline(ss, field, ','))
        {
            fields.push_back(LowerTrim(field));
        }
        if (!trimmed.empty() && trimmed.back() == ',')
        {
            fields.emplace_back();
        }
        if (!header)
        {
            if (fields.size() != 3 || fields[0] != "operation" || fields[1] != "algorithm" ||
                fields[2] != "microseconds")
            {
                return bad("expected the header 'operation,algorithm,microseconds'");
            }
            header = true;
            continue;
        }
        if (fields.size() != 3)
        {
            return bad("expected 3 fields (operation,algorithm,microseconds), found " +
                       std::to_string(fields.size()));
        }
        const std::string& operation = fields[0];
        const std::string& algorithm = fields[1];
        if (!IsOperation(operation))
        {
            return bad(
                "unknown operation '" + operation +
                "' (expected sign, verify, keygen, derive, encaps, rsa-encrypt or rsa-decrypt)");
        }
        if (!IsValidEntry(operation, algorithm))
        {
            return bad("unknown algorithm '" + algorithm + "' for " + operation + " (expected " +
                       ExpectedAlgorithms(operation) + ")");
        }
        const char* begin = fields[2].c_str();
        char* end = nullptr;
        errno = 0;
        double value = fields[2].empty() ? NAN : std::strtod(begin, &end);
        if (fields[2].empty() || end == begin || *end != '\0' || errno == ERANGE ||
            !std::isfinite(value) || value < 0)
        {
            return bad("microseconds '" + fields[2] + "' is not a finite number >= 0");
        }
        if (entries.count({operation, algorithm}) != 0)
        {
            return bad("duplicate entry for " + operation + " " + algorithm);
        }
        entries[{operation, algorithm}] = value;
    }
    if (in.bad())
    {
        return "TlsCpu: cannot read CostTable file '" + fileName + "': read error";
    }
    if (entries.empty())
    {
        return where + ": no entries (expected the header 'operation,algorithm,microseconds' "
                       "and one line per operation)";
    }
    for (const auto& e : entries)
    {
        table[e.first] = e.second;
    }
    return "";
}

TypeId
TlsCpu::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TlsCpu")
            .SetParent<Object>()
            .SetGroupName("Tls")
            .AddConstructor<TlsCpu>()
            .AddAttribute("Cores",
                          "Number of cores that execute crypto work in parallel (1 or more).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&TlsCpu::SetCores, &TlsCpu::GetCores),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Mode",
                          "How a step's cost is found: table (the public-key operations its "
                          "messages imply, priced by CostTable; deterministic) or measured "
                          "(the host CPU time of the OpenSSL call). Both are multiplied by "
                          "Scale.",
                          EnumValue(TABLE),
                          tls_compat::MakeEnumAccessor<TlsCpu::Mode>(&TlsCpu::m_mode),
                          tls_compat::MakeEnumChecker(TABLE, "table", MEASURED, "measured"))
            .AddAttribute("CostTable",
                          "CSV file of operation costs (header operation,algorithm,microseconds, "
                          "as written by the tls-cpu-calibrate example); its entries replace "
                          "those of the built-in table. \"\": the built-in table.",
                          StringValue(""),
                          MakeStringAccessor(&TlsCpu::SetCostTable, &TlsCpu::GetCostTable),
                          MakeStringChecker())
            .AddAttribute("Scale",
                          "Factor applied to every cost (2: a CPU twice as slow as the one "
                          "the table was measured on), >= 0.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&TlsCpu::SetScale, &TlsCpu::GetScale),
                          MakeDoubleChecker<double>(0))
            .AddTraceSource("Job",
                            "A job with a positive cost was queued: its cost and how long it "
                            "waits for a core.",
                            MakeTraceSourceAccessor(&TlsCpu::m_jobTrace),
                            "ns3::TlsCpu::JobTracedCallback");
    return tid;
}

TlsCpu::TlsCpu()
    : m_coreFree(1, Time(0)),
      m_table(TlsCpuBuiltinCostTable())
{
    NS_LOG_FUNCTION(this);
}

TlsCpu::~TlsCpu()
{
    NS_LOG_FUNCTION(this);
}

void
TlsCpu::SetCores(uint32_t cores)
{
    NS_LOG_FUNCTION(this << cores);
    if (cores < 1)
    {
        NS_FATAL_ERROR("TlsCpu: attribute Cores has invalid value '" << cores
                                                                     << "' (expected 1 or more)");
    }
    m_coreFree.resize(cores, Time(0));
}

uint32_t
TlsCpu::GetCores() const
{
    return static_cast<uint32_t>(m_coreFree.size());
}

void
TlsCpu::SetCostTable(std::string fileName)
{
    NS_LOG_FUNCTION(this << fileName);
    TlsCpuCostTable table = TlsCpuBuiltinCostTable();
    if (!fileName.empty())
    {
        std::string error = TlsCpuParseCostTable(fileName, table);
        if (!error.empty())
        {
            const std::string prefix = "TlsCpu: ";
            if (error.compare(0, prefix.size(), prefix) == 0)
            {
                error = error.substr(prefix.size());
            }
            NS_FATAL_ERROR("TlsCpu: attribute CostTable: " << error);
        }
    }
    m_costTableFile = fileName;
    m_table = table;
}

std::string
TlsCpu::GetCostTable() const
{
    return m_costTableFile;
}

void
TlsCpu::SetScale(double scale)
{
    NS_LOG_FUNCTION(this << scale);
    if (!std::isfinite(scale) || scale < 0)
    {
        NS_FATAL_ERROR("TlsCpu: attribute Scale has invalid value '"
                       << scale << "' (expected a finite number >= 0)");
    }
    m_scale = scale;
}

double
TlsCpu::GetScale() const
{
    return m_scale;
}

Time
TlsCpu::Submit(const TlsCpuStep& step)
{
    NS_LOG_FUNCTION(this);
    return SubmitCost(GetCost(step));
}

Time
TlsCpu::SubmitCost(Time cost)
{
    NS_LOG_FUNCTION(this << cost);
    const Time now = Simulator::Now();
    if (!cost.IsStrictlyPositive())
    {
        return now;
    }
    size_t core = 0;
    Time start = std::max(now, m_coreFree[0]);
    for (size_t i = 1; i < m_coreFree.size(); ++i)
    {
        Time s = std::max(now, m_coreFree[i]);
        if (s < start)
        {
            start = s;
            core = i;
        }
    }
    const Time done = start + cost;
    const Time wait = start - now;
    m_coreFree[core] = done;
    ++m_jobs;
    m_busy += cost;
    m_totalQueueing += wait;
    m_maxQueueing = std::max(m_maxQueueing, wait);
    NS_LOG_LOGIC("job of " << cost.As(Time::US) << " on core " << core << " waits "
                           << wait.As(Time::US) << ", done at " << done.As(Time::S));
    m_jobTrace(cost, wait);
    return done;
}

std::vector<TlsCpuOperation>
TlsCpu::GetOperations(const TlsCpuStep& step)
{
    std::string key = TlsCpuNormalizeKeyType(step.keyType);
    if (key.empty())
    {
        NS_LOG_WARN("TlsCpu: unknown key type '" << step.keyType << "', costed as p256");
        key = "p256";
    }
    std::string group = TlsCpuNormalizeGroup(step.group);
    if (group.empty())
    {
        NS_LOG_WARN("TlsCpu: unknown group '" << step.group << "', costed as x25519");
        group = "x25519";
    }
    // RSA key transport needs an RSA certificate.
    const std::string rsaKey = StartsWith(key, "rsa") ? key : "rsa2048";

    // A step whose version is not known yet: messages that exist in one version only
    // tell it.
    std::string version = step.version;
    if (version.empty())
    {
        for (const auto& m : step.messages)
        {
            switch (m.second)
            {
            case TlsMessage::ENCRYPTED_EXTENSIONS:
            case TlsMessage::HELLO_RETRY_REQUEST:
            case TlsMessage::END_OF_EARLY_DATA:
                version = "1.3";
                break;
            case TlsMessage::SERVER_KEY_EXCHANGE:
            case TlsMessage::SERVER_HELLO_DONE:
            case TlsMessage::CLIENT_KEY_EXCHANGE:
                version = "1.2";
                break;
            default:
                break;
            }
            if (!version.empty())
            {
                break;
            }
        }
    }
    const bool tls13 = version == "1.3";
    const bool unknown = version.empty();
    const bool certificates = !step.resumed;
    const uint32_t chain = step.chainDepth + 1;

    std::vector<TlsCpuOperation> ops;
    for (const auto& m : step.messages)
    {
        const bool sent = m.first;
        const TlsMessage msg = m.second;
        if (step.role == TlsRole::CLIENT && sent)
        {
            switch (msg)
            {
            case TlsMessage::CLIENT_HELLO:
                // OpenSSL puts a key share into every ClientHello that offers TLS 1.3.
                if (tls13 || unknown)
                {
                    AddOperation(ops, "keygen", group);
                }
                break;
            case TlsMessage::CLIENT_KEY_EXCHANGE:
                if (!tls13)
                {
                    if (step.rsaKeyTransport)
                    {
                        AddOperation(ops, "rsa-encrypt", rsaKey);
                    }
                    else
                    {
                        AddOperation(ops, "keygen", group);
                        AddOperation(ops, "derive", group);
                    }
                }
                break;
            case TlsMessage::CERTIFICATE_VERIFY:
                if (certificates)
                {
                    AddOperation(ops, "sign", key);
                }
                break;
            default:
                break;
            }
        }
        else if (step.role == TlsRole::CLIENT)
        {
            switch (msg)
            {
            case TlsMessage::SERVER_HELLO:
                if (tls13)
                {
                    AddOperation(ops, "derive", group);
                }
                break;
            case TlsMessage::CERTIFICATE:
                if (certificates)
                {
                    AddOperation(ops, "verify", key, chain);
                }
                break;
            case TlsMessage::SERVER_KEY_EXCHANGE:
                if (!tls13)
                {
                    AddOperation(ops, "verify", key);
                }
                break;
            case TlsMessage::CERTIFICATE_VERIFY:
                if (certificates)
                {
                    AddOperation(ops, "verify", key);
                }
                break;
            default:
                break;
            }
        }
        else if (sent)
        {
            switch (msg)
            {
            case TlsMessage::SERVER_HELLO:
                if (tls13 && IsKemGroup(group))
                {
                    AddOperation(ops, "encaps", group);
                }
                else if (tls13)
                {
                    AddOperation(ops, "keygen", group);
                    AddOperation(ops, "derive", group);
                }
                break;
            case TlsMessage::SERVER_KEY_EXCHANGE:
                if (!tls13)
                {
                    AddOperation(ops, "keygen", group);
                    AddOperation(ops, "sign", key);
                }
                break;
            case TlsMessage::CERTIFICATE_VERIFY:
                if (certificates)
                {
                    AddOperation(ops, "sign", key);
                }
                break;
            default:
                break;
            }
        }
        else
        {
            switch (msg)
            {
            case TlsMessage::CERTIFICATE:
                if (certificates)
                {
                    AddOperation(ops, "verify", key, chain);
                }
                break;
            case TlsMessage::CLIENT_KEY_EXCHANGE:
                if (!tls13)
                {
                    if (step.rsaKeyTransport)
                    {
                        AddOperation(ops, "rsa-decrypt", rsaKey);
                    }
                    else
                    {
                        AddOperation(ops, "derive", group);
                    }
                }
                break;
            case TlsMessage::CERTIFICATE_VERIFY:
                if (certificates)
                {
                    AddOperation(ops, "verify", key);
                }
                break;
            default:
                break;
            }
        }
    }
    return ops;
}

double
TlsCpu::LookUp(const std::string& operation, const std::string& algorithm) const
{
    auto it = m_table.find({operation, algorithm});
    if (it == m_table.end())
    {
        NS_FATAL_ERROR("TlsCpu: no cost for " << operation << " " << algorithm);
    }
    return it->second;
}

Time
TlsCpu::GetOperationCost(const std::string& operation, const std::string& algorithm) const
{
    const std::string op = LowerTrim(operation);
    std::string alg = op == "keygen" || op == "derive" || op == "encaps"
                          ? TlsCpuNormalizeGroup(algorithm)
                          : TlsCpuNormalizeKeyType(algorithm);
    if (!IsOperation(op) || !IsValidEntry(op, alg))
    {
        NS_FATAL_ERROR("TlsCpu: no operation '" << operation << "' for algorithm '" << algorithm
                                                << "'");
    }
    return Time::FromDouble(LookUp(op, alg) * m_scale, Time::US);
}

Time
TlsCpu::GetCost(const TlsCpuStep& step) const
{
    if (m_mode == MEASURED)
    {
        return Time::FromDouble(std::max(0.0, step.measuredSeconds) * m_scale, Time::S);
    }
    double us = 0;
    for (const auto& op : GetOperations(step))
    {
        us += op.count * LookUp(op.operation, op.algorithm);
    }
    return Time::FromDouble(us * m_scale, Time::US);
}

uint64_t
TlsCpu::GetJobs() const
{
    return m_jobs;
}

Time
TlsCpu::GetBusyTime() const
{
    return m_busy;
}

Time
TlsCpu::GetTotalQueueingDelay() const
{
    return m_totalQueueing;
}

Time
TlsCpu::GetMaxQueueingDelay() const
{
    return m_maxQueueing;
}

void
TlsCpu::ResetStatistics()
{
    NS_LOG_FUNCTION(this);
    m_jobs = 0;
    m_busy = Time(0);
    m_totalQueueing = Time(0);
    m_maxQueueing = Time(0);
}

} // namespace ns3
