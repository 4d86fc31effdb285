#!/bin/sh
# Builds the module and runs every test: the ns-3 test suites and example
# checks through ctest, then the same against OpenSSL 3.5 (built once by
# scripts/openssl.sh and cached beside the credentials cache), then the suites
# in an AddressSanitizer + UndefinedBehaviorSanitizer build; and the module
# in-tree in ns-3.48 (scripts/check-ns3.sh: ./test.py runs every tls suite).
# ns-3.35 (waf) is checked by hand with scripts/check-ns3.sh 3.35, not here: from
# cold it would take CI well past an hour (doc/ns3-versions.md, "In CI").
# Options: --quick   skip the sanitizer build
#          --no-pq   skip the OpenSSL 3.5 build and its tests
#          --no-ns3  skip the in-tree ns-3.48 build and its tests
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
sanitize=1
pq=1
ns3=1
for arg in "$@"; do
    case "$arg" in
    --quick) sanitize=0 ;;
    --no-pq) pq=0 ;;
    --no-ns3) ns3=0 ;;
    *)
        echo "test.sh: unknown option '$arg' (allowed: --quick, --no-pq, --no-ns3)" >&2
        exit 1
        ;;
    esac
done

"$here/scripts/install-deps.sh"

# Every OpenSSL and ns-3 release this script builds has golden records (tls-golden).
export TLS_GOLDEN_REQUIRED=1

echo "== build"
"$here/scripts/build.sh" "$here/build"
echo "== tests"
ctest --test-dir "$here/build" --output-on-failure -j 2

if [ "$ns3" -eq 1 ]; then
    echo "== in-tree in ns-3.48 (scripts/check-ns3.sh 3.48)"
    "$here/scripts/check-ns3.sh" 3.48
fi

if [ "$pq" -eq 1 ]; then
    echo "== OpenSSL 3.5 (cached in $("$here/scripts/openssl.sh" --prefix-only))"
    prefix=$("$here/scripts/openssl.sh" | tail -n 1)
    echo "== build against OpenSSL 3.5"
    "$here/scripts/build.sh" "$here/build-pq" -DTLS_OPENSSL_ROOT="$prefix"
    echo "== tests against OpenSSL 3.5"
    ctest --test-dir "$here/build-pq" --output-on-failure -j 2
fi

if [ "$sanitize" -eq 1 ]; then
    echo "== build with ASan + UBSan"
    "$here/scripts/build.sh" "$here/build-asan" -DTLS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
    echo "== tests with ASan + UBSan"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir "$here/build-asan" --output-on-failure -j 2
fi
