#!/bin/sh
# Configures and builds the module standalone against the installed ns-3.
# Usage: scripts/build.sh [BUILD_DIR [extra cmake options]]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$here/build"}
[ $# -gt 0 ] && shift
# ccache (installed by install-deps.sh) keeps rebuilds of unchanged files cheap.
launcher=""
if command -v ccache >/dev/null 2>&1; then
    launcher="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
fi
# shellcheck disable=SC2086
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo $launcher "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
