/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_PROGRAM_H
#define TLS_PROGRAM_H

// What the module's programs share and the library does not do: signals and
// process limits.
// Included by the programs in examples/ only (one translation unit each).

#include <csignal>
#include <initializer_list>
#include <sys/resource.h>

namespace ns3
{
namespace tls_program
{
namespace
{

/// The signal that asked the run to stop (0: none).
volatile std::sig_atomic_t g_stopSignal = 0;

/// \param signal the signal: stop the run at its next check
void
StopOnSignal(int signal)
{
    g_stopSignal = signal;
}

} // namespace

/**
 * Make the signals that would end a run abruptly stop it with whole outputs
 * (TlsExperiment::SetStopFlag): SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1,
 * SIGUSR2 (a second one of these ends the program at once), and SIGPIPE (a
 * closed stdout or stderr, as in `... | head -1`; later writes there fail).
 * SIGXFSZ is ignored, so that a write over the file size limit (ulimit -f)
 * fails with EFBIG and is reported as a failed write of that file, instead of
 * killing the program.
 * \return the flag for TlsExperiment::SetStopFlag
 */
inline const volatile std::sig_atomic_t*
InstallStopSignals()
{
    struct sigaction stop = {};
    stop.sa_handler = &StopOnSignal;
    stop.sa_flags = SA_RESETHAND; // a second signal ends the program at once
    sigemptyset(&stop.sa_mask);
    for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2})
    {
        sigaction(signal, &stop, nullptr);
    }
    // Every later write to the closed pipe raises SIGPIPE again: it must not
    // end the program before the outputs are whole.
    stop.sa_flags = 0;
    sigaction(SIGPIPE, &stop, nullptr);
    std::signal(SIGXFSZ, SIG_IGN);
    return &g_stopSignal;
}

/**
 * Raise the soft limit of open files to the hard one (pcap traces keep one
 * file per device open); TlsExperiment::Validate checks the limit in effect.
 */
inline void
RaiseFileLimit()
{
    struct rlimit limit = {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace tls_program
} // namespace ns3

#endif /* TLS_PROGRAM_H */
