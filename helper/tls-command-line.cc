/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-command-line.h"

#include "ns3/address.h"
#include "ns3/attribute.h"
#include "ns3/command-line.h"
#include "ns3/config.h"
#include "ns3/enum.h"
#include "ns3/global-value.h"
#include "ns3/nstime.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-base.h"
#include "ns3/tls-ns3-compat.h"
#include "ns3/type-id.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace ns3
{

namespace
{

/// \return true (the help-only callback of options shown by ns-3's CommandLine)
bool
Accept(tls_compat::CommandLineCallbackArg)
{
    return true;
}

/**
 * Split "--name=value" into name and value.
 * \param arg the argument
 * \param[out] name the name
 * \param[out] value the value ("" if none)
 * \return false if the argument does not start with - or --
 */
bool
SplitOption(const std::string& arg, std::string* name, std::string* value)
{
    std::string a;
    if (arg.rfind("--", 0) == 0)
    {
        a = arg.substr(2);
    }
    else if (arg.rfind("-", 0) == 0)
    {
        a = arg.substr(1);
    }
    else
    {
        return false;
    }
    std::string::size_type eq = a.find('=');
    *name = a.substr(0, eq);
    *value = eq == std::string::npos ? "" : a.substr(eq + 1);
    return true;
}

/**
 * \param path "ns3::Type::Attribute"
 * \param[out] info its information
 * \param[out] why why not found
 * \return true if found
 */
bool
LookupAttribute(const std::string& path, TypeId::AttributeInformation* info, std::string* why)
{
    std::string::size_type colon = path.rfind("::");
    if (colon == std::string::npos || colon == 0)
    {
        *why = "not of the form ns3::Type::Attribute";
        return false;
    }
    std::string typeName = path.substr(0, colon);
    // Types the module renamed when its TCP became the node's (model/tcp/).
    static const std::map<std::string, std::string> renamed{
        {"ns3::TlsTcpSocket", "ns3::ProfiledTcpSocket"},
        {"ns3::TlsTcpDemux", "ns3::ProfiledTcpL4Protocol"},
        {"ns3::TlsLinuxRttEstimator", "ns3::MdevRttEstimator"},
    };
    auto rename = renamed.find(typeName);
    if (rename != renamed.end())
    {
        *why = typeName + " is now " + rename->second + " (use " + rename->second +
               path.substr(colon) + ")";
        return false;
    }
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(typeName, &tid))
    {
        *why = "no type named " + typeName;
        return false;
    }
    if (!tid.LookupAttributeByName(path.substr(colon + 2), info))
    {
        *why = typeName + " has no attribute " + path.substr(colon + 2) +
               " (see --PrintAttributes=" + typeName + ")";
        return false;
    }
    return true;
}

/**
 * \param names allowed values
 * \return them as a message shows them: "none, request or require"; "1.2 or 1.3,
 *         or empty" when "" is one of them
 */
std::string
ChoiceList(const std::vector<std::string>& names)
{
    std::vector<std::string> shown;
    bool empty = false;
    for (const auto& n : names)
    {
        if (n.empty())
        {
            empty = true;
        }
        else
        {
            shown.push_back(n);
        }
    }
    std::string list;
    for (size_t i = 0; i < shown.size(); ++i)
    {
        list += (i == 0 ? "" : (i + 1 == shown.size() ? " or " : ", ")) + shown[i];
    }
    if (empty)
    {
        list += list.empty() ? "empty" : ", or empty";
    }
    return list;
}

/**
 * What an attribute allows, strictly, for a value.
 * \param checker the attribute's checker
 * \param value the value
 * \return "" if the value is allowed, else "expected ..."
 */
std::string
Allowed(Ptr<const AttributeChecker> checker, const std::string& value)
{
    std::string type = checker->GetValueTypeName();
    if (type.rfind("ns3::", 0) != 0)
    {
        type = "ns3::" + type; // BooleanValue's checker omits the namespace
    }
    std::string info =
        checker->HasUnderlyingTypeInformation() ? checker->GetUnderlyingTypeInformation() : type;
    if (type == "ns3::UintegerValue")
    {
        uint64_t v;
        if (!TlsCommandLine::ParseUnsigned(value, &v))
        {
            return "expected a whole number, " + info;
        }
    }
    else if (type == "ns3::IntegerValue")
    {
        int64_t v;
        if (!TlsCommandLine::ParseSigned(value, &v))
        {
            return "expected a whole number, " + info;
        }
    }
    else if (type == "ns3::DoubleValue")
    {
        double v;
        if (!TlsCommandLine::ParseDouble(value, &v))
        {
            return "expected a finite number, " + info;
        }
    }
    else if (type == "ns3::BooleanValue")
    {
        bool v;
        if (!TlsCommandLine::ParseBool(value, &v))
        {
            return "expected true or false";
        }
    }
    else if (type == "ns3::AddressValue")
    {
        // ns-3 reads an Address as type-length-bytes in hex and takes any text
        // ("1.2.3.4" becomes 01-01-01): only a value that reads back as
        // written is taken.
        AddressValue v;
        std::string lower = value;
        std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
        if (!v.DeserializeFromString(value, checker) || v.SerializeToString(checker) != lower)
        {
            return "expected an address as ns-3 writes it, type-length-bytes in hex like "
                   "02-07-0a:00:00:01:50:00:00 (the type number depends on the program: "
                   "set addresses from code, e.g. InetSocketAddress)";
        }
    }
    else if (type == "ns3::TimeValue")
    {
        Time t;
        if (!TlsCommandLine::ParseTime(value, &t))
        {
            return "expected a time like 10ms, 1.5s or 2min, within +-9e9 s";
        }
    }
    else if (type == "ns3::DataRateValue")
    {
        static const std::regex rate("[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?[A-Za-z/]+");
        if (!std::regex_match(value, rate))
        {
            return "expected a data rate like 100Mbps or 1Gbps";
        }
    }
    else if (type == "ns3::QueueSizeValue")
    {
        static const std::regex size("[0-9]+(k|K|M|G|Ki|Mi|Gi)?(p|B)");
        if (!std::regex_match(value, size))
        {
            return "expected a queue size like 100p or 64KB";
        }
    }
    else if (type == "ns3::TypeIdValue")
    {
        TypeId tid;
        if (!TypeId::LookupByNameFailSafe(value, &tid))
        {
            return "expected the name of a registered TypeId, like ns3::TcpCubic "
                   "(see --PrintTypeIds)";
        }
    }
    else if (type == "ns3::PointerValue" || type == "ns3::ObjectPtrContainerValue" ||
             type == "ns3::CallbackValue")
    {
        return "expected nothing: this attribute cannot be set from the command line";
    }
    std::vector<std::string> choices = TlsCommandLine::Choices(checker);
    if (!choices.empty())
    {
        if (std::find(choices.begin(), choices.end(), value) == choices.end())
        {
            return "expected " + ChoiceList(choices);
        }
        return "";
    }
    Ptr<AttributeValue> v;
    try
    {
        v = checker->CreateValidValue(StringValue(value));
    }
    catch (const std::exception&)
    {
        v = nullptr;
    }
    if (!v)
    {
        return "expected " + info;
    }
    return "";
}

/**
 * \param value a value
 * \return it normalized for ns-3 (booleans as true/false)
 */
std::string
Normalize(Ptr<const AttributeChecker> checker, const std::string& value)
{
    std::string type = checker->GetValueTypeName();
    if (type == "ns3::BooleanValue" || type == "BooleanValue")
    {
        bool b = true;
        TlsCommandLine::ParseBool(value, &b);
        return b ? "true" : "false";
    }
    return value;
}

/**
 * \param path an attribute path
 * \return its default as help shows it (times as 10ms rather than +1e+07ns)
 */
std::string
ShownDefault(const std::string& path)
{
    std::string value = TlsCommandLine::GetDefault(path);
    TypeId::AttributeInformation info;
    std::string why;
    if (!LookupAttribute(path, &info, &why) ||
        info.checker->GetValueTypeName().find("TimeValue") == std::string::npos)
    {
        return value;
    }
    int64_t ns = Time(value).GetNanoSeconds();
    for (const auto& [unit, size] : std::vector<std::pair<std::string, int64_t>>{{"s", 1000000000},
                                                                                 {"ms", 1000000},
                                                                                 {"us", 1000},
                                                                                 {"ns", 1}})
    {
        if (ns % size == 0)
        {
            return std::to_string(ns / size) + unit;
        }
    }
    return value;
}

/// ns-3's general arguments, handled by its CommandLine.
const std::set<std::string> g_general{"PrintHelp",
                                      "help",
                                      "PrintGlobals",
                                      "PrintGroups",
                                      "PrintGroup",
                                      "PrintTypeIds",
                                      "PrintAttributes",
                                      "PrintVersion"};

} // namespace

TlsCommandLine::TlsCommandLine(const std::string& program, const std::string& usage)
    : m_program(program),
      m_usage(usage)
{
}

void
TlsCommandLine::AddAttribute(const std::string& name, const std::string& attributePath, Check check)
{
    TypeId::AttributeInformation info;
    std::string why;
    if (!LookupAttribute(attributePath, &info, &why))
    {
        Fail("option --" + name + " is bound to " + attributePath + ": " + why);
    }
    Option o;
    o.name = name;
    o.help = info.help + " (" + attributePath + ")";
    std::vector<std::string> choices = Choices(info.checker);
    if (!choices.empty())
    {
        o.help += " [" + ChoiceList(choices) + "]";
    }
    o.attributePath = attributePath;
    o.check = check;
    m_options.push_back(o);
}

void
TlsCommandLine::AddOption(const std::string& name,
                          const std::string& help,
                          const std::string& shownDefault,
                          Setter setter)
{
    Option o;
    o.name = name;
    o.help = help;
    o.shownDefault = shownDefault;
    o.setter = setter;
    m_options.push_back(o);
}

const TlsCommandLine::Option*
TlsCommandLine::Find(const std::string& name) const
{
    for (const auto& o : m_options)
    {
        if (o.name == name)
        {
            return &o;
        }
    }
    return nullptr;
}

void
TlsCommandLine::Fail(const std::string& message) const
{
    std::cerr << m_program << ": " << message << std::endl;
    std::exit(1);
}

bool
TlsCommandLine::Given(const std::string& name) const
{
    return m_given.count(name) > 0;
}

void
TlsCommandLine::RefuseAttributes(const std::string& why)
{
    m_attributesRefused = why;
}

bool
TlsCommandLine::AttributeGiven(const std::string& attributePath) const
{
    return m_attributesGiven.count(attributePath) > 0;
}

void
TlsCommandLine::Parse(int argc, char* argv[])
{
    std::vector<std::pair<std::string, std::string>> attributes;
    std::vector<std::pair<const Option*, std::string>> options;
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        std::string name;
        std::string value;
        if (!SplitOption(arg, &name, &value))
        {
            Fail("unexpected argument '" + arg + "' (options are --name=value; see --PrintHelp)");
        }
        if (g_general.count(name))
        {
            TypeId tid;
            if (name == "PrintAttributes" && !TypeId::LookupByNameFailSafe(value, &tid))
            {
                Fail("option --PrintAttributes has invalid value '" + value +
                     "' (expected a TypeId name like ns3::TlsExperiment; see --PrintTypeIds)");
            }
            if (name == "PrintAttributes")
            {
                PrintAttributes(std::cout, tid);
                std::exit(0);
            }
            CommandLine cmd(m_program);
            cmd.Usage(m_usage);
            for (const auto& o : m_options)
            {
                std::string shown =
                    o.attributePath.empty() ? o.shownDefault : ShownDefault(o.attributePath);
                cmd.AddValue(o.name, o.help, MakeCallback(&Accept), shown);
            }
            cmd.Parse(std::vector<std::string>{m_program, arg}); // prints and exits
            std::exit(0);
        }
        if (const Option* o = Find(name))
        {
            options.emplace_back(o, value);
            m_given.insert(name);
            continue;
        }
        StringValue global;
        if (name.find("::") != std::string::npos ||
            GlobalValue::GetValueByNameFailSafe(name, global))
        {
            if (!m_attributesRefused.empty())
            {
                Fail("option --" + name + " has no effect: " + m_attributesRefused);
            }
            std::string error = CheckAttribute(name, value);
            if (!error.empty())
            {
                Fail(error);
            }
            attributes.emplace_back(name, value);
            m_attributesGiven.insert(name);
            continue;
        }
        Fail("invalid command-line argument --" + name + (value.empty() ? "" : "=" + value) +
             ": no such option, attribute or global value (see --PrintHelp)");
    }
    // Attributes first, so that a program option bound to the same attribute wins.
    for (const auto& a : attributes)
    {
        std::string error = SetDefault(a.first, a.second);
        if (!error.empty())
        {
            Fail(error);
        }
    }
    for (const auto& [o, value] : options)
    {
        std::string prefix = "option --" + o->name;
        if (!o->attributePath.empty())
        {
            TypeId::AttributeInformation info;
            std::string why;
            LookupAttribute(o->attributePath, &info, &why);
            std::string allowed = Allowed(info.checker, value);
            if (allowed.empty() && o->check)
            {
                allowed = o->check(Normalize(info.checker, value));
            }
            if (!allowed.empty())
            {
                Fail(prefix + " (" + o->attributePath + ") has invalid value '" + value + "' (" +
                     allowed + ")");
            }
            std::string error = SetDefault(o->attributePath, Normalize(info.checker, value));
            if (!error.empty())
            {
                Fail(prefix + ": " + error);
            }
        }
        else
        {
            std::string allowed = o->setter(value);
            if (!allowed.empty())
            {
                Fail(prefix + " has invalid value '" + value + "' (" + allowed + ")");
            }
        }
    }
    std::string ignored = CheckTcpProfile();
    if (!ignored.empty())
    {
        Fail(ignored);
    }
}

std::string
TlsCommandLine::CheckTcpProfile()
{
    if (GetDefault("ns3::ProfiledTcpSocket::Profile") != "Ns3")
    {
        return "";
    }
    for (const char* name : {"Rack",
                             "TailLossProbe",
                             "LinuxQuickAcks",
                             "LinuxSynRetries",
                             "LinuxSynAckRetries",
                             "LinuxRetries2"})
    {
        std::string path = std::string("ns3::ProfiledTcpSocket::") + name;
        std::string value = ChangedDefault(path);
        if (!value.empty())
        {
            return "attribute " + path + " has value '" + value +
                   "', which has no effect: ns3::ProfiledTcpSocket::Profile is Ns3 (ns-3's "
                   "TcpSocketBase unchanged); it belongs to the Linux profile";
        }
    }
    return "";
}

std::string
TlsCommandLine::CheckAttribute(const std::string& attributePath, const std::string& value)
{
    if (attributePath.find("::") == std::string::npos)
    {
        StringValue v;
        if (!GlobalValue::GetValueByNameFailSafe(attributePath, v))
        {
            return "global value " + attributePath + " does not exist (see --PrintGlobals)";
        }
        if (attributePath == "RngRun" || attributePath == "RngSeed")
        {
            uint64_t n;
            if (!ParseUnsigned(value, &n) || n == 0 ||
                (attributePath == "RngSeed" && n > UINT32_MAX))
            {
                return "global value " + attributePath + " has invalid value '" + value +
                       "' (expected a whole number from 1" +
                       (attributePath == "RngSeed" ? std::string(" to 4294967295") : "") +
                       "; 0 is refused: ns-3 treats it like 1)";
            }
        }
        return "";
    }
    TypeId::AttributeInformation info;
    std::string why;
    if (!LookupAttribute(attributePath, &info, &why))
    {
        return "attribute " + attributePath + " does not exist: " + why;
    }
    if (!(info.flags & TypeId::ATTR_CONSTRUCT))
    {
        // ns-3 applies the defaults of construction attributes only: the
        // default of any other would be taken and never used.
        std::string name = attributePath.substr(attributePath.rfind("::") + 2);
        std::string instead;
        if (attributePath.rfind("ns3::TlsSocket::", 0) == 0)
        {
            // TlsSocket forwards these to its TCP socket: name the TCP type's own.
            for (TypeId tcp = TcpSocketBase::GetTypeId(); tcp != Socket::GetTypeId();
                 tcp = tcp.GetParent())
            {
                for (uint32_t i = 0; i < tcp.GetAttributeN(); ++i)
                {
                    if (tcp.GetAttribute(i).name == name)
                    {
                        instead = "; the TCP socket's default is " + tcp.GetName() + "::" + name;
                    }
                }
            }
        }
        return "attribute " + attributePath + " cannot be set as a default (it is set per " +
               "object, with SetAttribute" + instead + ")";
    }
    std::string allowed = Allowed(info.checker, value);
    if (!allowed.empty())
    {
        return "attribute " + attributePath + " has invalid value '" + value + "' (" + allowed +
               ")";
    }
    return "";
}

std::string
TlsCommandLine::SetDefault(const std::string& attributePath, const std::string& value)
{
    std::string error = CheckAttribute(attributePath, value);
    if (!error.empty())
    {
        return error;
    }
    if (attributePath.find("::") == std::string::npos)
    {
        if (!Config::SetGlobalFailSafe(attributePath, StringValue(value)))
        {
            return "global value " + attributePath + " refused '" + value + "'";
        }
        return "";
    }
    TypeId::AttributeInformation info;
    std::string why;
    LookupAttribute(attributePath, &info, &why);
    if (!Config::SetDefaultFailSafe(attributePath, StringValue(Normalize(info.checker, value))))
    {
        return "attribute " + attributePath + " cannot be set as a default";
    }
    return "";
}

std::string
TlsCommandLine::GetDefault(const std::string& attributePath)
{
    TypeId::AttributeInformation info;
    std::string why;
    if (!LookupAttribute(attributePath, &info, &why))
    {
        return "";
    }
    return info.initialValue->SerializeToString(info.checker);
}

std::string
TlsCommandLine::ChangedDefault(const std::string& attributePath)
{
    TypeId::AttributeInformation info;
    std::string why;
    if (!LookupAttribute(attributePath, &info, &why))
    {
        return "";
    }
    std::string now = info.initialValue->SerializeToString(info.checker);
    if (now == info.originalInitialValue->SerializeToString(info.checker))
    {
        return "";
    }
    if (auto time = DynamicCast<const TimeValue>(info.initialValue))
    {
        std::ostringstream os;
        os << time->Get().GetSeconds() << "s";
        return os.str();
    }
    return now;
}

std::string
TlsCommandLine::CheckShadowed(const std::vector<std::pair<std::string, std::string>>& shadowed,
                              const std::string& who)
{
    for (const auto& [path, own] : shadowed)
    {
        std::string value = ChangedDefault(path);
        if (!value.empty())
        {
            return "attribute " + path + " has value '" + value + "', which " + who +
                   " would overwrite with its own " + own + ": set that instead";
        }
    }
    return "";
}

std::string
TlsCommandLine::CheckUnusedType(const std::string& typeName, const std::string& why)
{
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(typeName, &tid))
    {
        return "";
    }
    for (uint32_t i = 0; i < tid.GetAttributeN(); ++i)
    {
        std::string path = typeName + "::" + tid.GetAttribute(i).name;
        std::string value = ChangedDefault(path);
        if (!value.empty())
        {
            return "attribute " + path + " has value '" + value + "', which has no effect: " + why;
        }
    }
    return "";
}

std::vector<std::string>
TlsCommandLine::Choices(Ptr<const AttributeChecker> checker)
{
    if (auto choice = DynamicCast<const TlsChoiceChecker>(checker))
    {
        return choice->GetNames();
    }
    std::vector<std::string> names;
    if (tls_compat::IsEnumChecker(checker))
    {
        // EnumChecker::GetUnderlyingTypeInformation: the names joined by '|'.
        std::string info = checker->GetUnderlyingTypeInformation();
        std::string::size_type start = 0;
        while (true)
        {
            std::string::size_type bar = info.find('|', start);
            names.push_back(info.substr(start, bar - start));
            if (bar == std::string::npos)
            {
                break;
            }
            start = bar + 1;
        }
    }
    return names;
}

void
TlsCommandLine::PrintAttributes(std::ostream& os, TypeId tid)
{
    // The layout of ns-3's CommandLine --PrintAttributes, plus the allowed values.
    std::string header = "Attributes for TypeId " + tid.GetName();
    while (true)
    {
        if (tid.GetAttributeN() > 0)
        {
            os << header << "\n";
            std::map<std::string, std::string> ordered;
            for (uint32_t i = 0; i < tid.GetAttributeN(); ++i)
            {
                TypeId::AttributeInformation info = tid.GetAttribute(i);
                std::ostringstream ss;
                ss << "    --" << tid.GetAttributeFullName(i) << "=["
                   << info.initialValue->SerializeToString(info.checker) << "]\n"
                   << "        " << info.help << "\n";
                std::vector<std::string> choices = Choices(info.checker);
                if (!choices.empty())
                {
                    ss << "        Allowed values: " << ChoiceList(choices) << "\n";
                }
                ordered.emplace(tid.GetAttributeFullName(i), ss.str());
            }
            for (const auto& [name, text] : ordered)
            {
                os << text;
            }
        }
        if (!tid.HasParent() || tid.GetParent() == tid ||
            tid.GetParent().GetName() == "ns3::ObjectBase")
        {
            break;
        }
        tid = tid.GetParent();
        header = "Attributes defined in parent class " + tid.GetName();
    }
}

TlsChoiceChecker::TlsChoiceChecker(std::vector<std::string> names)
    : m_names(std::move(names))
{
}

const std::vector<std::string>&
TlsChoiceChecker::GetNames() const
{
    return m_names;
}

bool
TlsChoiceChecker::Check(const AttributeValue& value) const
{
    const auto* s = dynamic_cast<const StringValue*>(&value);
    return s != nullptr && std::find(m_names.begin(), m_names.end(), s->Get()) != m_names.end();
}

std::string
TlsChoiceChecker::GetValueTypeName() const
{
    return "ns3::StringValue";
}

bool
TlsChoiceChecker::HasUnderlyingTypeInformation() const
{
    return true;
}

std::string
TlsChoiceChecker::GetUnderlyingTypeInformation() const
{
    std::string info;
    for (const auto& n : m_names)
    {
        info += (info.empty() ? "" : "|") + n;
    }
    return info;
}

Ptr<AttributeValue>
TlsChoiceChecker::Create() const
{
    return ns3::Create<StringValue>();
}

bool
TlsChoiceChecker::Copy(const AttributeValue& source, AttributeValue& destination) const
{
    const auto* src = dynamic_cast<const StringValue*>(&source);
    auto* dst = dynamic_cast<StringValue*>(&destination);
    if (src == nullptr || dst == nullptr)
    {
        return false;
    }
    *dst = *src;
    return true;
}

Ptr<const AttributeChecker>
MakeTlsChoiceChecker(std::vector<std::string> names)
{
    return Ptr<const AttributeChecker>(new TlsChoiceChecker(std::move(names)), false);
}

bool
TlsCommandLine::ParseTime(const std::string& text, Time* t)
{
    static const std::regex re(
        "([+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?)(y|d|h|min|s|ms|us|ns|ps|fs)?");
    std::smatch m;
    if (!std::regex_match(text, m, re))
    {
        return false;
    }
    double v = std::strtod(m[1].str().c_str(), nullptr);
    static const std::map<std::string, double> seconds{{"y", 365 * 86400.0},
                                                       {"d", 86400.0},
                                                       {"h", 3600.0},
                                                       {"min", 60.0},
                                                       {"", 1.0},
                                                       {"s", 1.0},
                                                       {"ms", 1e-3},
                                                       {"us", 1e-6},
                                                       {"ns", 1e-9},
                                                       {"ps", 1e-12},
                                                       {"fs", 1e-15}};
    double s = v * seconds.at(m[4].str());
    if (!std::isfinite(s) || std::fabs(s) > 9e9)
    {
        return false;
    }
    *t = Time(text);
    return true;
}

bool
TlsCommandLine::ParseUnsigned(const std::string& text, uint64_t* v)
{
    if (text.empty() || text.size() > 20 ||
        text.find_first_not_of("0123456789") != std::string::npos)
    {
        return false;
    }
    errno = 0;
    unsigned long long n = std::strtoull(text.c_str(), nullptr, 10);
    if (errno == ERANGE)
    {
        return false;
    }
    *v = n;
    return true;
}

bool
TlsCommandLine::ParseSigned(const std::string& text, int64_t* v)
{
    std::string digits = text;
    if (!digits.empty() && (digits[0] == '-' || digits[0] == '+'))
    {
        digits = digits.substr(1);
    }
    if (digits.empty() || digits.size() > 19 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
    {
        return false;
    }
    errno = 0;
    long long n = std::strtoll(text.c_str(), nullptr, 10);
    if (errno == ERANGE)
    {
        return false;
    }
    *v = n;
    return true;
}

bool
TlsCommandLine::ParseDouble(const std::string& text, double* v)
{
    static const std::regex re("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    if (!std::regex_match(text, re))
    {
        return false;
    }
    double d = std::strtod(text.c_str(), nullptr);
    if (!std::isfinite(d))
    {
        return false;
    }
    *v = d;
    return true;
}

bool
TlsCommandLine::ParseBool(const std::string& text, bool* v)
{
    std::string s;
    for (char c : text)
    {
        s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (s.empty() || s == "true" || s == "t" || s == "1" || s == "yes")
    {
        *v = true;
        return true;
    }
    if (s == "false" || s == "f" || s == "0" || s == "no")
    {
        *v = false;
        return true;
    }
    return false;
}

std::string
TlsCommandLine::SameFileKey(const std::string& path)
{
    std::error_code ec;
    std::filesystem::path absolute = std::filesystem::absolute(path, ec).lexically_normal();
    std::filesystem::path p = std::filesystem::weakly_canonical(absolute, ec);
    return ec ? absolute.string() : p.string();
}

std::string
TlsCommandLine::CheckWritable(const std::string& path)
{
    if (path.empty())
    {
        return "";
    }
    struct stat st;
    bool existed = ::stat(path.c_str(), &st) == 0;
    if (existed && S_ISDIR(st.st_mode))
    {
        return "'" + path + "' is a directory";
    }
    if (existed && !S_ISREG(st.st_mode))
    {
        return "'" + path + "' is not a regular file";
    }
    {
        std::ofstream f(path, std::ios::app);
        if (!f)
        {
            return "cannot write '" + path + "': " + std::strerror(errno);
        }
    }
    if (!existed)
    {
        ::unlink(path.c_str());
    }
    return "";
}

} // namespace ns3
