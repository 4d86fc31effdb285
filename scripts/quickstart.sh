#!/bin/sh
# From a fresh Debian 12 machine: install the packages, build the module, and
# run the default experiment (handshake latency against RTT, TLS 1.2 vs 1.3),
# which prints a summary and writes results/handshake_rtt.{csv,png,pdf}.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/install-deps.sh"
"$here/scripts/build.sh" "$here/build"
/usr/bin/python3 "$here/scripts/handshake_rtt.py" --build "$here/build" --out "$here/results"
