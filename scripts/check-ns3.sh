#!/bin/sh
# Builds and tests the module in-tree, as contrib/tls of an ns-3 release:
# checks the release's source tarball against SHA256SUMS, unpacks it once into
# a work directory (reused by later runs), copies the module there (the
# repository's tracked and unignored files), configures and builds with ns-3's
# own build system, runs every tls test suite with ns-3's ./test.py, runs
# the tls-handshake example, and runs the example checks and the script tests
# against the in-tree programs.
#
# Usage: scripts/check-ns3.sh [options] VERSION       e.g. scripts/check-ns3.sh 3.48
#   VERSION       3.36 or later: CMake (./ns3), checked with 3.48;
#                 3.35 and earlier: waf (./waf, the module's wscript), checked with 3.35
# Options:
#   --sources DIR the tarball ns-3.VERSION.tar.xz and its SHA256SUMS (default:
#                 $NS3_TLS_NS3_SOURCES, else ../shared/ns-3 beside the repository)
#   --work DIR    where the tree is unpacked and built (default: $NS3_TLS_NS3_WORK,
#                 else ${NS3_TLS_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/ns3-tls}/ns-3.VERSION)
#   --jobs N      parallel compile jobs (default: the number of processors)
#   --fresh       unpack again (a clean build) even when the work directory exists
# ccache is used when installed (CMake: ns-3's build finds it; waf: configured
# with CXX="ccache g++"). Logs: WORK/logs/.
# Exits non-zero with one line saying what failed.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
me=check-ns3.sh

fail() {
    echo "$me: FAILED: $*" >&2
    exit 1
}

usage() {
    sed -n '2,/^set -eu/p' "$0" | sed -e '/^set -eu/d' -e 's/^# \{0,1\}//' >&2
    exit 2
}

sources=${NS3_TLS_NS3_SOURCES:-"$here/../shared/ns-3"}
work=${NS3_TLS_NS3_WORK:-}
jobs=$(nproc 2>/dev/null || echo 2)
fresh=0
version=""
while [ $# -gt 0 ]; do
    case "$1" in
    --sources)
        [ $# -ge 2 ] || usage
        sources=$2
        shift 2
        ;;
    --work)
        [ $# -ge 2 ] || usage
        work=$2
        shift 2
        ;;
    --jobs)
        [ $# -ge 2 ] || usage
        jobs=$2
        shift 2
        ;;
    --fresh)
        fresh=1
        shift
        ;;
    -h | --help) usage ;;
    -*)
        echo "$me: unknown option '$1'" >&2
        usage
        ;;
    *)
        [ -z "$version" ] || usage
        version=$1
        shift
        ;;
    esac
done
[ -n "$version" ] || usage
case "$version" in
3.[0-9] | 3.[0-9][0-9]) minor=${version#3.} ;;
*) fail "version '$version' is not an ns-3 release like 3.48" ;;
esac
# ns-3.36 moved from waf to CMake: each has its branch below (check_<system>).
if [ "$minor" -ge 36 ]; then
    system=cmake
else
    system=waf
fi
case "$jobs" in
'' | *[!0-9]* | 0) fail "--jobs '$jobs' is not a positive number" ;;
esac

if [ -z "$work" ]; then
    if [ -n "${NS3_TLS_CACHE_DIR:-}" ]; then
        work=$NS3_TLS_CACHE_DIR/ns-$version
    elif [ -n "${XDG_CACHE_HOME:-}" ]; then
        work=$XDG_CACHE_HOME/ns3-tls/ns-$version
    else
        work=${HOME:-/tmp}/.cache/ns3-tls/ns-$version
    fi
fi
name=ns-$version
tarball=$sources/$name.tar.xz
tree=$work/$name
logs=$work/logs
start=$(date +%s)

step() {
    echo "== $* ($(($(date +%s) - start)) s)"
}

# run LOG DESCRIPTION COMMAND...: run in the tree, output to LOG; on failure,
# show the log's end and fail.
run() {
    log=$logs/$1.log
    what=$2
    shift 2
    if ! (cd "$tree" && "$@") >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        fail "$what (log: $log)"
    fi
}

# ------------------------------------------------------------------ sources
step "ns-$version: $tarball"
[ -f "$tarball" ] || fail "no $tarball (give the directory with --sources or NS3_TLS_NS3_SOURCES)"
[ -f "$sources/SHA256SUMS" ] || fail "no SHA256SUMS beside $tarball"
expected=$(awk -v f="$name.tar.xz" '$2 == f || $2 == "*" f { print $1 }' "$sources/SHA256SUMS")
[ -n "$expected" ] || fail "$name.tar.xz is not listed in $sources/SHA256SUMS"
actual=$(sha256sum "$tarball" | cut -d' ' -f1)
[ "$actual" = "$expected" ] || fail "$tarball: SHA-256 $actual, SHA256SUMS says $expected"

stamp=$tree/.ns3-tls-tarball.sha256
if [ "$fresh" -eq 1 ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$actual" ]; then
    step "unpack into $work"
    rm -rf "$tree"
    mkdir -p "$work"
    tar -xJf "$tarball" -C "$work" || fail "cannot unpack $tarball into $work"
    [ -d "$tree" ] || fail "$tarball does not unpack to $name/"
    echo "$actual" >"$stamp"
else
    step "reuse $tree"
fi
mkdir -p "$logs"

# ------------------------------------------------------------------ module
# The repository's tracked and unignored files (no build directories), with
# their modification times, so that an unchanged file is not rebuilt.
step "copy the module to contrib/tls"
rm -rf "$tree/contrib/tls"
mkdir -p "$tree/contrib/tls"
if git -C "$here" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$here" ls-files --cached --others --exclude-standard |
        while IFS= read -r f; do [ -f "$here/$f" ] && printf '%s\n' "$f"; done |
        tar -C "$here" -cf - -T - | tar -C "$tree/contrib/tls" -xf - ||
        fail "cannot copy the module to $tree/contrib/tls"
else
    tar -C "$here" --exclude='./build*' --exclude='./results*' --exclude='*/__pycache__' \
        --exclude='./.git' -cf - . | tar -C "$tree/contrib/tls" -xf - ||
        fail "cannot copy the module to $tree/contrib/tls"
fi

# The suites the module declares (TLS_TEST_SUITES in CMakeLists.txt)
suites=$(awk '/^set\(TLS_TEST_SUITES/ { on = 1; next } on && /\)/ { on = 0 }
    on { for (i = 1; i <= NF; i++) print $i }' "$here/CMakeLists.txt")
[ -n "$suites" ] || fail "no TLS_TEST_SUITES in $here/CMakeLists.txt"

# buildable MODULE: the module and every ns-3 module it links (recursively) are
# in the tree; else sets missing. A pruned tree may lack some. A module's
# dependencies: the ${lib<name>} words of its CMakeLists.txt (CMake), or the
# list of its wscript's create_ns3_module('name', [...]) (waf; the tls module's
# own wscript reads them from its CMakeLists.txt). (POSIX sh has no local
# variables: b_ names.)
buildable() {
    b_todo=$1
    b_seen=" "
    while [ -n "$b_todo" ]; do
        b_m=${b_todo%% *}
        b_todo=${b_todo#"$b_m"}
        b_todo=${b_todo# }
        case "$b_seen" in *" $b_m "*) continue ;; esac
        b_seen="$b_seen$b_m "
        b_dir=""
        for b_d in "$tree/src/$b_m" "$tree/contrib/$b_m"; do
            [ -f "$b_d/CMakeLists.txt" ] || [ -f "$b_d/wscript" ] && b_dir=$b_d
        done
        if [ -z "$b_dir" ]; then
            missing=$b_m
            return 1
        fi
        if [ "$system" = waf ] && grep -q "create_ns3_module *( *'$b_m' *, *\[" "$b_dir/wscript" 2>/dev/null; then
            # the last list (point-to-point's wscript has two: with MPI, and without)
            b_deps=$(tr '\n' ' ' <"$b_dir/wscript" |
                sed -e "s/.*create_ns3_module *( *'$b_m' *, *\[//" -e 's/\].*//' | tr -d "' " |
                tr ',' ' ')
        elif [ -f "$b_dir/CMakeLists.txt" ]; then
            # module names are lower case with hyphens (not ${libraries_to_link})
            b_deps=$(grep -o '[$][{]lib[a-z0-9-]*[}]' "$b_dir/CMakeLists.txt" |
                sed 's/^[$][{]lib\(.*\)[}]$/\1/' | sort -u | tr '\n' ' ')
        else
            b_deps=""
        fi
        b_todo="$b_todo $b_deps"
        b_todo=$(echo "$b_todo" | tr -s ' ' | sed -e 's/^ //' -e 's/ $//')
    done
    return 0
}

# optional_modules SEP: "tls" and the optional modules of the README's
# configure line that this tree can build (the pruned tarballs lack what netanim
# and mobility link), joined by SEP; says which are left out.
optional_modules() {
    o_modules=tls
    for mod in flow-monitor mobility netanim; do
        if buildable "$mod"; then
            o_modules="$o_modules$1$mod"
        elif [ "$missing" = "$mod" ]; then
            echo "$me: not enabling $mod: $name lacks it (so tls-flowmon is not built)" >&2
        else
            echo "$me: not enabling $mod: it needs ns-3 module '$missing', which $name lacks" \
                "(so tls-flowmon is not built)" >&2
        fi
    done
    echo "$o_modules"
}

# test_suites TESTPY...: run every tls suite with ns-3's test.py (TESTPY: the
# command, its options for no build and no colours), check that test.py knows
# exactly the suites CMakeLists.txt declares and that each passed.
test_suites() {
    step "test suites (./test.py)"
    known=$(cd "$tree" && "$@" --list 2>/dev/null | awk '$2 ~ /^tls-/ { print $2 }' | sort)
    declared=$(printf '%s\n' "$suites" | sort)
    [ "$known" = "$declared" ] ||
        fail "test.py knows the tls suites '$(echo "$known" | tr '\n' ' ')'," \
            "CMakeLists.txt declares '$(echo "$declared" | tr '\n' ' ')'"
    # Keys cached in the tree; tls-golden fails without golden records for this
    # OpenSSL and ns-3 release (test/golden/).
    NS3_TLS_CACHE_DIR=$tree/tls-cache
    TLS_GOLDEN_REQUIRED=1
    export NS3_TLS_CACHE_DIR TLS_GOLDEN_REQUIRED
    # One run for all suites, in parallel: the tls suites, by name (CMake:
    # examples and tests are filtered to tls, so test.py's suites are exactly
    # them; waf: every enabled module's suites are built, 'tls-*' picks them).
    if ! (cd "$tree" && "$@" --jobs "$jobs" --suite='tls-*') >"$logs/test.log" 2>&1; then
        grep -E '^\[[0-9]+/[0-9]+\] (FAIL|CRASH)' "$logs/test.log" >&2 || tail -n 40 "$logs/test.log" >&2
        fail "./test.py: a tls test suite failed (log: $logs/test.log)"
    fi
    for suite in $suites; do
        grep -q "PASS: TestSuite $suite\$" "$logs/test.log" ||
            fail "./test.py did not pass suite $suite (log: $logs/test.log)"
    done
    grep -E '^[0-9]+ of [0-9]+ tests passed' "$logs/test.log"
}

# The in-tree programs: ns3.<release>-<name>-<profile>, in
# build/contrib/tls/examples for both build systems.
examples=$tree/build/contrib/tls/examples
# program NAME: the path of the program NAME, or "" if it was not built
program() {
    for p_f in "$examples"/ns3.*-"$1"-*; do
        [ -x "$p_f" ] && echo "$p_f" && return 0
    done
    echo ""
}

# check_programs RUN...: run tls-handshake with the command RUN... (e.g.
# ./ns3 run --no-build tls-handshake), then the checks that ctest runs in the
# standalone build, against the in-tree programs: bad input, settings, and the
# sweep and figure scripts (which find the programs in the tree).
check_programs() {
    step "$*"
    run tls-handshake "$*" "$@"
    grep -q "handshake complete" "$logs/tls-handshake.log" ||
        fail "tls-handshake did not complete a handshake (log: $logs/tls-handshake.log)"
    grep "handshake complete" "$logs/tls-handshake.log"

    [ -n "$(program tls-experiment)" ] || fail "no tls-experiment program in $examples"
    step "example checks (test/check-example-errors.sh, check-example-settings.sh)"
    run example-errors "the example error checks" "$here/test/check-example-errors.sh" \
        "$(program tls-handshake)" "$(program tls-experiment)" "$(program tls-cpu-calibrate)" \
        "$(program tls-flowmon)" "$(program tls-web)" "$(program tls-benchmark)"
    tail -n 1 "$logs/example-errors.log"
    run example-settings "the example setting checks" "$here/test/check-example-settings.sh" \
        "$(program tls-handshake)" "$(program tls-experiment)" "$(program tls-web)" \
        "$(program tls-flowmon)"
    tail -n 1 "$logs/example-settings.log"
    step "script tests (pytest, TLS_BUILD_DIR=$tree)"
    run scripts "the script tests" env TLS_BUILD_DIR="$tree" \
        /usr/bin/python3 -m pytest -q -p no:cacheprovider "$here/scripts/tests"
    tail -n 1 "$logs/scripts.log"
}

check_cmake() {
    modules=$(optional_modules ';')

    step "configure ($modules)"
    run configure "./ns3 configure" ./ns3 configure --enable-modules="$modules" \
        --enable-examples --enable-tests --filter-module-examples-and-tests=tls
    if grep -q '^CCACHE:FILEPATH=/' "$tree/cmake-cache/CMakeCache.txt"; then
        echo "   with ccache ($(ccache -k cache_dir 2>/dev/null || echo '?'))"
    fi

    # cmake --build, not ./ns3 build: ./ns3 caps the jobs at processors - 1.
    step "build (-j $jobs)"
    run build "the build" cmake --build cmake-cache -j "$jobs"

    test_suites ./test.py --no-build --nocolor
    check_programs ./ns3 run --no-build tls-handshake
}

check_waf() {
    modules=$(optional_modules ',')
    # waf and test.py with Debian's python3 (/usr/bin/env python3 may be another).
    python=/usr/bin/python3
    [ -x "$python" ] || python=python3
    # ns-3.35's waf does not look for ccache: give it the compiler through it.
    cxx=${CXX:-g++}
    if command -v ccache >/dev/null 2>&1; then
        case "$cxx" in ccache\ *) ;; *) cxx="ccache $cxx" ;; esac
    fi

    # --disable-werror: ns-3.35's own sources warn with GCC 12 (../shared/ns-3/README.md).
    step "configure ($modules, CXX=$cxx)"
    run configure "./waf configure" env CXX="$cxx" "$python" ./waf configure \
        --enable-modules="$modules" --enable-examples --enable-tests --disable-werror
    grep -q "TLS handshakes (OpenSSL >= 3.0): enabled" "$logs/configure.log" ||
        fail "./waf configure did not enable the tls module (log: $logs/configure.log)"

    step "build (-j $jobs)"
    run build "the build" "$python" ./waf build -j "$jobs"

    test_suites "$python" ./test.py --nowaf --nocolor
    # The programs have no run path to ns-3's libraries (waf --run sets
    # LD_LIBRARY_PATH), and ./waf --run fails in the pruned tree (its wutils.py
    # looks for src/visualizer): run them directly, with the libraries' directory.
    LD_LIBRARY_PATH=$tree/build/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    export LD_LIBRARY_PATH
    [ -n "$(program tls-handshake)" ] || fail "no tls-handshake program in $examples"
    check_programs "$(program tls-handshake)"
}

check_$system
step "ns-$version: every tls suite passed, tls-handshake ran, the example checks and script tests passed"
