#!/bin/sh
# From a fresh Debian 12 machine: install the packages, build the module, and
# run the default sweep (TLS 1.2 vs 1.3, full vs resumed, three RTTs, three loss
# rates), which prints a summary and writes results/results.csv and the
# figures results/*.png and results/*.pdf.
#
# With --pq: build OpenSSL 3.5 once (scripts/openssl.sh, cached), the module
# against it (build-pq/), and run the post-quantum sweep (scripts/sweeps/pq.json):
# results-pq/results.csv, the figures results-pq/pq_*.png and .pdf, and the
# numbers behind them in results-pq/pq_summary.txt.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/install-deps.sh"
if [ "${1:-}" = "--pq" ]; then
    prefix=$("$here/scripts/openssl.sh" | tail -n 1)
    "$here/scripts/build.sh" "$here/build-pq" -DTLS_OPENSSL_ROOT="$prefix"
    /usr/bin/python3 "$here/scripts/sweep.py" --build "$here/build-pq" --out "$here/results-pq" \
        --grid "$here/scripts/sweeps/pq.json" --no-ladder --no-figures
    /usr/bin/python3 "$here/scripts/pqplots.py" "$here/results-pq"
    exit 0
elif [ $# -gt 0 ]; then
    echo "quickstart.sh: unknown option '$1' (allowed: --pq)" >&2
    exit 1
fi
"$here/scripts/build.sh" "$here/build"
/usr/bin/python3 "$here/scripts/sweep.py" --build "$here/build" --out "$here/results"
