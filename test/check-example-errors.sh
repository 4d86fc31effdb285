#!/bin/sh
# Runs an example with invalid options and checks that it fails with a
# message that names the option or attribute and the value.
# Usage: check-example-errors.sh PATH/TO/tls-handshake PATH/TO/tls-experiment
set -u
handshake="$1"
experiment="$2"
failures=0

expect_error() {
    example="$1"
    pattern="$2"
    shift 2
    output=$("$example" "$@" 2>&1)
    status=$?
    if [ "$status" -eq 0 ]; then
        echo "FAIL: '$*' exited 0"
        failures=$((failures + 1))
    elif ! printf '%s\n' "$output" | grep -q -- "$pattern"; then
        echo "FAIL: '$*' exited $status without '$pattern'; output:"
        printf '%s\n' "$output" | tail -5
        failures=$((failures + 1))
    else
        echo "ok: '$*' -> $(printf '%s\n' "$output" | grep -m1 -- "$pattern")"
    fi
}

expect_error "$handshake" "version.*'1.4'" --version=1.4
expect_error "$handshake" "KeyType.*'dsa'" --keyType=dsa
expect_error "$handshake" "CipherList.*'NOPE'" --version=1.2 --cipher=NOPE
expect_error "$handshake" "Groups.*'P-999'" --groups=P-999
expect_error "$handshake" "ChainDepth.*'40'" --chainDepth=40
expect_error "$handshake" "scenario.*'bogus'" --scenario=bogus
expect_error "$handshake" "Invalid command-line argument" --noSuchOption=1
expect_error "$experiment" "Version.*'1.4'" --version=1.4
expect_error "$experiment" "Scenario.*'bogus'" --scenario=bogus
expect_error "$experiment" "UplinkLoss.*'2'" --loss=2
expect_error "$experiment" "QueueSize.*'lots'" --queueSize=lots
expect_error "$experiment" "TcpVariant.*'ns3::TcpNoSuch'" --tcp=TcpNoSuch
expect_error "$experiment" "KeyType.*'dsa'" --keyType=dsa --handshakes=1
expect_error "$experiment" "RecordsFile.*'/nonexistent/r.csv'" --records=/nonexistent/r.csv --handshakes=1

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all example error checks passed"
