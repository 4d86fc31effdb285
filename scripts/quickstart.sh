#!/bin/sh
# From a fresh Debian 12 machine: install the packages, build the module, and
# run the default sweep (TLS 1.2 vs 1.3, full vs resumed, three RTTs, three loss
# rates), which prints a summary and writes results/results.csv and the
# figures results/*.png and results/*.pdf.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/install-deps.sh"
"$here/scripts/build.sh" "$here/build"
/usr/bin/python3 "$here/scripts/sweep.py" --build "$here/build" --out "$here/results"
