#!/usr/bin/python3
"""Memory soak of the experiment path: one tls-experiment run of many
handshakes, its resident memory sampled as it goes.

Runs tls-experiment as a user does (records and summary written) and reads
the program's progress lines ("sim T s, D/N handshakes, ...") from stderr;
at each 5 % of the handshakes it samples VmRSS of the process from
/proc/PID/status. Prints one row per sample (handshakes done, wall seconds,
RSS MiB) and the verdict: the RSS at the end over the RSS at 10 % of the
run (flat: at most --tolerance above 1).

    scripts/soak.py --build build --handshakes 1000000 [--clients 100]
        [--out out/soak] [--tolerance 0.2] [-- extra tls-experiment options]

Exit status 0 when flat, 2 when memory grew more than the tolerance, 1 on
bad options or a failed run.
"""

import argparse
import os
import re
import subprocess
import sys
import time

PROGRESS = re.compile(rb"(\d+)/(\d+) handshakes")


def fail(message):
    print(f"soak.py: {message}", file=sys.stderr)
    sys.exit(1)


def rss_mib(pid):
    """Resident set size of pid in MiB (None once the process is gone)."""
    try:
        with open(f"/proc/{pid}/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default="build", help="build directory")
    parser.add_argument("--handshakes", type=int, default=1000000)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--out", default="out/soak", help="output directory")
    parser.add_argument("--tolerance", type=float, default=0.2,
                        help="allowed growth of RSS from 10 %% to 100 %% of the run")
    parser.add_argument("extra", nargs="*", help="further tls-experiment options")
    args = parser.parse_args()
    if args.handshakes < 100:
        fail(f"option --handshakes has invalid value '{args.handshakes}' (allowed: at least 100)")
    if args.clients < 1:
        fail(f"option --clients has invalid value '{args.clients}' (allowed: at least 1)")
    if not 0 <= args.tolerance <= 10:
        fail(f"option --tolerance has invalid value '{args.tolerance}' (allowed: 0 to 10)")
    binary = os.path.join(args.build, "examples", "tls-experiment")
    if not os.access(binary, os.X_OK):
        fail(f"option --build has invalid value '{args.build}' "
             f"(allowed: a build directory holding examples/tls-experiment)")
    try:
        os.makedirs(args.out, exist_ok=True)
    except OSError as error:
        fail(f"option --out has invalid value '{args.out}' ({error.strerror})")

    argv = [binary, f"--handshakes={args.handshakes}", f"--clients={args.clients}",
            "--progress=1", f"--records={os.path.join(args.out, 'records.csv')}",
            f"--summary={os.path.join(args.out, 'summary.json')}"] + args.extra
    print("soak.py: " + " ".join(argv), flush=True)
    start = time.monotonic()
    proc = subprocess.Popen(argv, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    samples = []  # (handshakes done, wall s, RSS MiB)
    step = max(1, args.handshakes // 20)
    next_at = step
    buffer = b""
    tail = []
    while True:
        chunk = proc.stderr.read1(65536)
        if not chunk:
            break
        buffer += chunk
        lines = re.split(rb"[\r\n]", buffer)
        buffer = lines.pop()
        for line in lines:
            match = PROGRESS.search(line)
            if not match:
                if line.strip():
                    tail = (tail + [line.decode(errors="replace")])[-5:]
                continue
            done = int(match.group(1))
            if done >= next_at:
                rss = rss_mib(proc.pid)
                if rss is not None:
                    samples.append((done, time.monotonic() - start, rss))
                    print(f"{done:>9} handshakes  {samples[-1][1]:8.1f} s  {rss:8.1f} MiB",
                          flush=True)
                next_at = (done // step + 1) * step
    status = proc.wait()
    wall = time.monotonic() - start
    if status != 0:
        fail(f"tls-experiment exited with status {status}: " + " | ".join(tail))
    reference = [s for s in samples if s[0] >= args.handshakes // 10]
    if len(reference) < 2:
        fail("too few memory samples (the run was too short to sample)")
    first, last = reference[0], reference[-1]
    peak = max(s[2] for s in samples)
    growth = last[2] / first[2]
    print(f"soak.py: {args.handshakes} handshakes in {wall:.0f} s; RSS {first[2]:.1f} MiB at "
          f"{first[0]} handshakes, {last[2]:.1f} MiB at {last[0]}, peak {peak:.1f} MiB; "
          f"end/10% = {growth:.3f} (flat: at most {1 + args.tolerance:.2f})")
    sys.exit(0 if growth <= 1 + args.tolerance else 2)


if __name__ == "__main__":
    main()
