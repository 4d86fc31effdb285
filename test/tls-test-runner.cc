/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Runs the module's ns-3 TestSuites in the standalone build, e.g.
//   tls-test-runner --suite=tls-handshake-latency
//   tls-test-runner --list

#include "ns3/test.h"

int
main(int argc, char* argv[])
{
    return ns3::TestRunner::Run(argc, argv);
}
