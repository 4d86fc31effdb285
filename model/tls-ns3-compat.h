/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_NS3_COMPAT_H
#define TLS_NS3_COMPAT_H

// The differences between the ns-3 releases this module builds against (3.35
// with waf, Debian's 3.37, 3.48 in-tree) live here and nowhere else. The build
// files pass ns-3's release as TLS_NS3_VERSION_MINOR (ns-3 is 3.x): CMake from
// the installed package's version or the tree's VERSION file, the wscript from
// the tree's VERSION file. ns3/version-defines.h is not used: it exists only in
// git checkouts built with build-version on.
//
// Each shim names the first release with the new API (checked against ns-3's
// git tags). Call sites use the shims, never TLS_NS3_AT_LEAST themselves.

#include "ns3/attribute.h"
#include "ns3/callback.h"
#include "ns3/enum.h"
#include "ns3/event-id.h"
#include "ns3/event-impl.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/type-id.h"

#include <string>
#include <type_traits>
#include <utility>

#ifndef TLS_NS3_VERSION_MINOR
#error                                                                                             \
    "TLS_NS3_VERSION_MINOR is not defined: build the tls module through its CMakeLists.txt or wscript"
#endif

/// True when building against ns-3.<minor> or later
#define TLS_NS3_AT_LEAST(minor) (TLS_NS3_VERSION_MINOR >= (minor))

namespace ns3
{
namespace tls_compat
{

/// \return the ns-3 release the module was built against, e.g. "3.37"
inline std::string
Ns3Version()
{
    return "3." + std::to_string(TLS_NS3_VERSION_MINOR);
}

// ---------------------------------------------------------------- EventId
// 3.42: EventId::IsRunning() became IsPending() (IsRunning() removed in 3.46).

/// \param event an event
/// \return true if the event is scheduled and neither expired nor cancelled
inline bool
IsPending(const EventId& event)
{
#if TLS_NS3_AT_LEAST(42)
    return event.IsPending();
#else
    return event.IsRunning();
#endif
}

// ---------------------------------------------------------------- Simulator::Schedule
// 3.36: Simulator::Schedule takes any function object (a lambda, a
// std::function): MakeEvent(T function). Before, only function and member
// function pointers (MakeEvent has no overload for the rest).

/**
 * \brief Simulator::Schedule(delay, f) for a function object f.
 * \param delay the delay
 * \param f a function object taking no arguments (a lambda, a std::function)
 * \return the event
 */
template <typename F>
EventId
Schedule(const Time& delay, F f)
{
#if TLS_NS3_AT_LEAST(36)
    return Simulator::Schedule(delay, std::move(f));
#else
    /// An event calling a function object
    class FunctionEvent : public EventImpl
    {
      public:
        explicit FunctionEvent(F function)
            : m_function(std::move(function))
        {
        }

      private:
        void Notify() override
        {
            m_function();
        }

        F m_function; ///< the function object
    };

    return Simulator::Schedule(delay, Ptr<EventImpl>(new FunctionEvent(std::move(f)), false));
#endif
}

// ---------------------------------------------------------------- EnumValue
// 3.41: EnumValue, EnumChecker and MakeEnumAccessor are templates on the enum
// type (the attribute's member type). Before, they held an int. EnumValue(x)
// reads the same in both (class template argument deduction); the module's
// checkers are made with tls_compat::MakeEnumChecker (the values of one checker
// have one type) and its accessors with tls_compat::MakeEnumAccessor<T>.
//
// In every release, ns-3's EnumChecker::GetValue() asserts that a name is one
// of its values: a build with asserts aborts on an unknown name (e.g.
// --ns3::TlsContext::MinVersion=1.4) and one without reads past the end of the
// list. The module's checkers refuse the name instead, as any other attribute
// refuses a bad value (the setter fails, CommandLine says which argument).

#if TLS_NS3_AT_LEAST(41)
/// ns-3's EnumValue holding a T
template <typename T>
using Ns3EnumValue = ::ns3::EnumValue<T>;
/// ns-3's EnumChecker of T values
template <typename T>
using Ns3EnumChecker = ::ns3::EnumChecker<T>;
#else
/// ns-3's EnumValue (an int) for a T
template <typename T>
using Ns3EnumValue = ::ns3::EnumValue;
/// ns-3's EnumChecker (of ints) for T values
template <typename T>
using Ns3EnumChecker = ::ns3::EnumChecker;
#endif

/**
 * \param checker an EnumChecker
 * \param name a name
 * \return true if name is one of the checker's names
 */
inline bool
HasEnumName(const AttributeChecker& checker, const std::string& name)
{
    // EnumChecker::GetUnderlyingTypeInformation(): the names joined by '|'
    const std::string names = checker.GetUnderlyingTypeInformation();
    std::string::size_type start = 0;
    while (true)
    {
        const std::string::size_type bar = names.find('|', start);
        if (names.compare(start,
                          bar == std::string::npos ? std::string::npos : bar - start,
                          name) == 0)
        {
            return true;
        }
        if (bar == std::string::npos)
        {
            return false;
        }
        start = bar + 1;
    }
}

/**
 * \brief ns-3's EnumValue, refusing a name its checker does not have.
 * \tparam T the enum type (the attribute's member type)
 */
template <typename T>
class EnumValue : public Ns3EnumValue<T>
{
  public:
    /// ns-3's EnumValue
    using Base = Ns3EnumValue<T>;
    using Base::Base;

    Ptr<AttributeValue> Copy() const override
    {
        return ::ns3::Create<EnumValue<T>>(*this);
    }

    bool DeserializeFromString(std::string value, Ptr<const AttributeChecker> checker) override
    {
        return checker && HasEnumName(*checker, value) &&
               Base::DeserializeFromString(value, checker);
    }
};

/**
 * \brief ns-3's EnumChecker, whose values refuse unknown names.
 * \tparam T the enum type (the attribute's member type)
 */
template <typename T>
class EnumChecker : public Ns3EnumChecker<T>
{
  public:
    Ptr<AttributeValue> Create() const override
    {
        return ::ns3::Create<EnumValue<T>>();
    }
};

/**
 * \brief End of AddEnumValues' recursion.
 */
template <typename T>
void
AddEnumValues(const Ptr<EnumChecker<T>>& /* checker */)
{
}

/**
 * \brief Add value and name pairs to a checker.
 * \param checker the checker
 * \param v a value
 * \param n its name
 * \param args further value and name pairs
 */
template <typename T, typename... Ts>
void
AddEnumValues(const Ptr<EnumChecker<T>>& checker, T v, std::string n, Ts... args)
{
    checker->Add(v, n);
    AddEnumValues(checker, args...);
}

/**
 * \brief ns-3's MakeEnumChecker(v, "name", ...), refusing unknown names.
 * \param v the default value
 * \param n its name
 * \param args further value and name pairs, values of the same type
 * \return the checker
 */
template <typename T, typename... Ts>
Ptr<const AttributeChecker>
MakeEnumChecker(T v, std::string n, Ts... args)
{
    Ptr<EnumChecker<T>> checker = ::ns3::Create<EnumChecker<T>>();
    checker->AddDefault(v, n);
    AddEnumValues(checker, args...);
    return checker;
}

/**
 * \brief MakeEnumAccessor for an attribute whose member (or setter and getter)
 * has type T.
 * \param args a member pointer, or a setter and a getter
 * \return the accessor
 */
template <typename T, typename... Args>
Ptr<const AttributeAccessor>
MakeEnumAccessor(Args... args)
{
#if TLS_NS3_AT_LEAST(41)
    return ::ns3::MakeEnumAccessor<T>(args...);
#else
    return ::ns3::MakeEnumAccessor(args...);
#endif
}

/**
 * \param checker an attribute checker
 * \return true if it is the checker of an EnumValue (of any enum type)
 */
inline bool
IsEnumChecker(const Ptr<const AttributeChecker>& checker)
{
    // "ns3::EnumValue" before 3.41, "ns3::EnumValue<T>" since (EnumChecker is a
    // template there, so no DynamicCast names them all).
    const std::string prefix = "ns3::EnumValue";
    return checker && checker->GetValueTypeName().compare(0, prefix.size(), prefix) == 0;
}

// ---------------------------------------------------------------- CommandLine
// 3.38: CommandLine::AddValue(name, help, callback, default) takes a
// Callback<bool, const std::string&> (before: Callback<bool, std::string>).

/// The parameter type of a CommandLine::AddValue callback
using CommandLineCallbackArg =
    std::conditional_t<TLS_NS3_AT_LEAST(38), const std::string&, std::string>;

// ---------------------------------------------------------------- Ipv4RoutingProtocol
// 3.39: Ipv4RoutingProtocol::RouteInput takes its callbacks by const reference.

/// The type of RouteInput's callback parameter of type T (e.g. UnicastForwardCallback)
template <typename T>
using RouteInputCallback = std::conditional_t<TLS_NS3_AT_LEAST(39), const T&, T>;

// ---------------------------------------------------------------- TestCase, TestSuite
// 3.42: TestCase::Duration and TestSuite::Type are scoped enums.

#if TLS_NS3_AT_LEAST(42)
/// A test case's duration: quick
inline constexpr TestCase::Duration QUICK = TestCase::Duration::QUICK;
/// A test suite's type: unit
inline constexpr TestSuite::Type UNIT = TestSuite::Type::UNIT;
/// A test suite's type: system
inline constexpr TestSuite::Type SYSTEM = TestSuite::Type::SYSTEM;
#else
/// A test case's duration: quick
inline constexpr TestCase::TestDuration QUICK = TestCase::QUICK;
/// A test suite's type: unit
inline constexpr TestSuite::Type UNIT = TestSuite::UNIT;
/// A test suite's type: system
inline constexpr TestSuite::Type SYSTEM = TestSuite::SYSTEM;
#endif

} // namespace tls_compat
} // namespace ns3

// ---------------------------------------------------------------- Object::GetInstanceTypeId
// 3.45: Object::GetInstanceTypeId() is final and returns the TypeId the object
// was created (or copied) with. Before, TcpSocketBase and RttEstimator override
// it with their own TypeId, so their subclasses override it again. In a class
// body: TLS_NS3_INSTANCE_TYPE_ID_DECLARE; in the .cc file:
// TLS_NS3_INSTANCE_TYPE_ID_DEFINE(Class).

#if TLS_NS3_AT_LEAST(45)
#define TLS_NS3_INSTANCE_TYPE_ID_DECLARE static_assert(true, "")
#define TLS_NS3_INSTANCE_TYPE_ID_DEFINE(cls) static_assert(true, "")
#else
#define TLS_NS3_INSTANCE_TYPE_ID_DECLARE TypeId GetInstanceTypeId() const override
#define TLS_NS3_INSTANCE_TYPE_ID_DEFINE(cls)                                                       \
    TypeId cls::GetInstanceTypeId() const                                                          \
    {                                                                                              \
        return cls::GetTypeId();                                                                   \
    }                                                                                              \
    static_assert(true, "")
#endif

#endif /* TLS_NS3_COMPAT_H */
