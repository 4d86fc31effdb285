#!/bin/sh
# Results do not depend on the key cache: tls-experiment with the same options gives
# byte-identical records with a cold cache, a warm one, and a cache filled under
# another key seed (ns3::TlsContext::KeySeed), for two run numbers; another key seed
# fills other files. A bad cache entry is repaired with one warning line.
# Usage: check-key-cache.sh PATH/TO/tls-experiment [HANDSHAKES]
set -u
experiment="$1"
handshakes="${2:-400}"
failures=0
absolute() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
experiment=$(absolute "$experiment")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch" || exit 1

# run CACHE_DIR RECORDS [OPTIONS...]: one experiment, records to RECORDS, stderr to RECORDS.err
run() {
    cache="$1"
    records="$2"
    shift 2
    if ! NS3_TLS_CACHE_DIR="$cache" "$experiment" --handshakes="$handshakes" --clients=20 \
        --loss=0.01 --records="$records" --summary="$records.json" "$@" \
        >"$records.out" 2>"$records.err"; then
        echo "FAIL: tls-experiment $* (cache $cache) exited with an error:"
        head -3 "$records.err"
        failures=$((failures + 1))
    fi
}

same() {
    if cmp -s "$1" "$2"; then
        echo "ok: $3"
    else
        echo "FAIL: $3: $1 and $2 differ"
        cmp "$1" "$2" | head -1
        failures=$((failures + 1))
    fi
}

for options in "--run=1" "--run=2 --keyType=rsa2048"; do
    tag=$(echo "$options" | tr -c 'a-z0-9\n' '_')
    # shellcheck disable=SC2086
    run cold-$tag cold-$tag.csv $options
    # shellcheck disable=SC2086
    run cold-$tag warm-$tag.csv $options
    # shellcheck disable=SC2086
    run other-$tag seed7-$tag.csv $options --ns3::TlsContext::KeySeed=7
    # shellcheck disable=SC2086
    run other-$tag other-$tag.csv $options
    same cold-$tag.csv warm-$tag.csv "$options: cold cache == warm cache"
    same cold-$tag.csv other-$tag.csv "$options: cold cache == cache filled under key seed 7 first"
    if ls other-$tag | grep -q -- '-k7-' && ls other-$tag | grep -q -- '-k1-'; then
        echo "ok: $options: key seeds 1 and 7 have files of their own"
    else
        echo "FAIL: $options: expected files of key seeds 1 and 7 in the cache:"
        ls other-$tag
        failures=$((failures + 1))
    fi
    for f in cold-$tag.csv warm-$tag.csv other-$tag.csv; do
        if grep -qi warning "$f.err"; then
            echo "FAIL: $f: unexpected warning:"
            grep -i warning "$f.err" | head -3
            failures=$((failures + 1))
        fi
    done
done

# A damaged key (garbage) in a warm cache: one warning line, the same records.
key=$(ls cold-__run_1/*-server.key.pem | head -1)
echo "garbage" >"$key"
run cold-__run_1 repaired.csv --run=1
same cold-__run_1.csv repaired.csv "--run=1: a repaired cache gives the same records"
if [ "$(grep -c warning repaired.csv.err)" -eq 1 ] && grep -q -- "$key" repaired.csv.err; then
    echo "ok: one warning line names the damaged $key"
else
    echo "FAIL: expected one warning naming $key, got:"
    cat repaired.csv.err
    failures=$((failures + 1))
fi

# A cache directory that is a file: one warning, the same records (made in a
# directory of the process, removed at its exit).
touch not-a-directory
run not-a-directory unusable.csv --run=1
same cold-__run_1.csv unusable.csv "--run=1: an unusable cache directory gives the same records"
if [ "$(grep -c warning unusable.csv.err)" -eq 1 ] &&
    grep -q "cache directory 'not-a-directory' cannot be used" unusable.csv.err; then
    echo "ok: one warning line names the unusable cache directory"
    fallback=$(sed -n "s/.*keys are made for this run in '\(.*\)'.*/\1/p" unusable.csv.err)
    if [ -z "$fallback" ] || [ -e "$fallback" ]; then
        echo "FAIL: the run's key directory '$fallback' was not removed at its exit"
        failures=$((failures + 1))
    else
        echo "ok: the run's key directory $fallback was removed at its exit"
    fi
else
    echo "FAIL: expected one warning naming the cache directory, got:"
    cat unusable.csv.err
    failures=$((failures + 1))
fi

if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "all key cache checks passed"
