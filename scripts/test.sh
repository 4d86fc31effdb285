#!/bin/sh
# Builds the module and runs every test: the ns-3 test suites and example
# checks through ctest, then the same suites in an AddressSanitizer +
# UndefinedBehaviorSanitizer build. Pass --quick to skip the sanitizer build.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
sanitize=1
[ "${1:-}" = "--quick" ] && sanitize=0

"$here/scripts/install-deps.sh"

echo "== build"
"$here/scripts/build.sh" "$here/build"
echo "== tests"
ctest --test-dir "$here/build" --output-on-failure -j 2

if [ "$sanitize" -eq 1 ]; then
    echo "== build with ASan + UBSan"
    "$here/scripts/build.sh" "$here/build-asan" -DTLS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
    echo "== tests with ASan + UBSan"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir "$here/build-asan" --output-on-failure -j 2
fi
