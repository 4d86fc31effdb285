#!/bin/sh
# Configures and builds the module standalone against the installed ns-3.
# Usage: scripts/build.sh [BUILD_DIR [extra cmake options]]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$here/build"}
[ $# -gt 0 ] && shift
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
