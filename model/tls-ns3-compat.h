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

#include <string>

#ifndef TLS_NS3_VERSION_MINOR
#error "TLS_NS3_VERSION_MINOR is not defined: build the tls module through its CMakeLists.txt or wscript"
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

} // namespace tls_compat
} // namespace ns3

#endif /* TLS_NS3_COMPAT_H */
