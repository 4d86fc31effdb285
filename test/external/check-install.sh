#!/bin/sh
# Installs the module from a build directory into a scratch prefix, then builds
# test/external/study.cc against it twice, as a user would: with CMake's
# find_package(ns3-tls) and with pkg-config, and runs both. Each run must take
# an attribute given on its command line (--ns3::TlsContext::KeyType=p384) and
# refuse a bad value with exit status 1. Then runs a sweep from the prefix alone
# (bin/tls-sweep and bin/tls-experiment), as a user without the source tree would.
# Usage: check-install.sh BUILD_DIR [CMAKE]
set -eu
build="$1"
cmake="${2:-cmake}"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"

"$cmake" --install "$build" --prefix "$prefix" >/dev/null
for f in include/ns3/tls-module.h include/ns3/tls-experiment.h include/ns3/tls-command-line.h; do
    test -f "$prefix/$f" || { echo "FAIL: $f not installed"; exit 1; }
done
lib=$(find "$prefix" -name 'libns3-tls.so' | head -1)
pc=$(find "$prefix" -name 'ns3-tls.pc' | head -1)
config=$(find "$prefix" -name 'ns3-tlsConfig.cmake' | head -1)
for f in "$lib" "$pc" "$config"; do
    test -n "$f" || { echo "FAIL: library, ns3-tls.pc or ns3-tlsConfig.cmake not installed"; exit 1; }
done
echo "installed: $lib $pc $config"

check_run() {
    program="$1"
    out=$("$program" --clients=2 --handshakes=4 --ns3::TlsContext::KeyType=p384)
    printf '%s\n' "$out" | grep -q '"KeyType": "p384"' ||
        { echo "FAIL: $program did not take --ns3::TlsContext::KeyType=p384"; exit 1; }
    printf '%s\n' "$out" | grep -q "TLS 1.3: 4 of 4 ok" ||
        { echo "FAIL: $program: $out"; exit 1; }
    status=0
    "$program" --clients=-3 2>"$work/err" || status=$?
    [ "$status" -eq 1 ] && grep -q "clients.*'-3'" "$work/err" ||
        { echo "FAIL: $program --clients=-3 exited $status"; cat "$work/err"; exit 1; }
    echo "ok: $program"
}

# 1. find_package(ns3-tls)
"$cmake" -S "$here" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_BUILD_TYPE=Release >/dev/null
"$cmake" --build "$work/cmake-build" >/dev/null
check_run "$work/cmake-build/study"

# 2. pkg-config
export PKG_CONFIG_PATH="$(dirname "$pc")${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
libdir=$(pkg-config --variable=libdir ns3-tls)
# shellcheck disable=SC2046
${CXX:-c++} -std=c++17 -o "$work/study-pc" "$here/study.cc" \
    $(pkg-config --cflags --libs ns3-tls) -Wl,-rpath,"$libdir"
check_run "$work/study-pc"
echo "installed module works with find_package and pkg-config"

# 3. The programs and a sweep with its figures from the prefix alone: run from a
# directory outside the source tree, with no build directory named.
cat >"$work/grid.json" <<'GRID'
{"grid": {"version": "1.3", "clients": 2, "handshakes": 6, "delay": ["10ms", "20ms"]}}
GRID
"$prefix/bin/tls-experiment" --validate >/dev/null ||
    { echo "FAIL: $prefix/bin/tls-experiment does not run"; exit 1; }
(cd "$work" && env -u TLS_BUILD_DIR "$prefix/bin/tls-sweep" --out "$work/sweep" \
    --grid "$work/grid.json" --no-ladder >"$work/sweep.log" 2>&1) ||
    { echo "FAIL: tls-sweep from $prefix:"; tail -5 "$work/sweep.log"; exit 1; }
rows=$(($(wc -l <"$work/sweep/results.csv") - 1))
[ "$rows" -eq 12 ] && [ -s "$work/sweep/latency_cdf.png" ] ||
    { echo "FAIL: tls-sweep from $prefix wrote $rows rows (expected 12) or no figure"; exit 1; }
grep -q "$prefix/bin/tls-experiment" "$work/sweep/points/"*/params.json ||
    { echo "FAIL: tls-sweep did not run $prefix/bin/tls-experiment"; exit 1; }
echo "ok: $prefix/bin/tls-sweep ran a sweep with $prefix/bin/tls-experiment ($rows rows, figures)"
