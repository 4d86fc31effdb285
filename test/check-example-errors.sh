#!/bin/sh
# Runs an example with invalid options and checks that it fails with a
# message that names the option or attribute and the value.
# Usage: check-example-errors.sh PATH/TO/tls-handshake
set -u
example="$1"
failures=0

expect_error() {
    pattern="$1"
    shift
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

expect_error "version.*'1.4'" --version=1.4
expect_error "KeyType.*'dsa'" --keyType=dsa
expect_error "CipherList.*'NOPE'" --version=1.2 --cipher=NOPE
expect_error "Groups.*'P-999'" --groups=P-999
expect_error "ChainDepth.*'40'" --chainDepth=40
expect_error "Invalid command-line argument\|unknown\|Invalid" --noSuchOption=1

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all example error checks passed"
