#!/bin/sh
# Fetches Debian trixie's OpenSSL 3.5 source (the upstream orig tarball,
# hash-checked by apt against the signed index) and builds it once into a
# cache prefix beside the credentials cache:
#   ${NS3_TLS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ns3-tls}/openssl-3.5
# Idempotent: does nothing when the prefix holds a build stamped with this
# recipe. Prints the prefix as its last line of output, e.g.
#   cmake -S . -B build-pq -DTLS_OPENSSL_ROOT="$(scripts/openssl.sh | tail -n1)"
# Options: --prefix-only  print the prefix and exit (no fetch, no build)
#          --force        rebuild even when the stamp matches
# Adds a deb-src entry (suites trixie and trixie-security) for the Debian
# archive already configured in /etc/apt; binary packages are unaffected.
set -eu

SERIES=3.5
RECIPE="openssl-$SERIES recipe 1: no-tests no-docs shared, libdir=lib, rpath"

if [ -n "${NS3_TLS_CACHE_DIR:-}" ]; then
    cache=$NS3_TLS_CACHE_DIR
elif [ -n "${XDG_CACHE_HOME:-}" ]; then
    cache=$XDG_CACHE_HOME/ns3-tls
elif [ -n "${HOME:-}" ]; then
    cache=$HOME/.cache/ns3-tls
else
    cache=/tmp/ns3-tls-cache
fi
prefix=$cache/openssl-$SERIES
stamp=$prefix/ns3-tls-openssl.stamp

force=0
for arg in "$@"; do
    case "$arg" in
    --prefix-only)
        echo "$prefix"
        exit 0
        ;;
    --force) force=1 ;;
    *)
        echo "openssl.sh: unknown option '$arg' (allowed: --prefix-only, --force)" >&2
        exit 1
        ;;
    esac
done

built() {
    [ -f "$stamp" ] && head -n1 "$stamp" | grep -qxF "$RECIPE" &&
        [ -x "$prefix/bin/openssl" ] &&
        "$prefix/bin/openssl" version | grep -q "^OpenSSL $SERIES\."
}

if [ "$force" -eq 0 ] && built; then
    echo "openssl.sh: $("$prefix/bin/openssl" version) already built" >&2
    echo "$prefix"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

# --- deb-src entries for trixie, on the archive host(s) already configured
uris=$(
    {
        cat /etc/apt/sources.list 2>/dev/null || true
        cat /etc/apt/sources.list.d/*.list 2>/dev/null || true
    } | sed -n 's/^[[:space:]]*deb\(-src\)\{0,1\}[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]*\)[[:space:]]\{1,\}bookworm.*/\3/p'
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        # deb822: print the URIs of stanzas whose Suites name bookworm*
        awk 'BEGIN{RS=""; FS="\n"}
             { u=""; s=0
               for (i = 1; i <= NF; i++) {
                 if ($i ~ /^URIs:/) { u = $i; sub(/^URIs:[ \t]*/, "", u) }
                 if ($i ~ /^Suites:.*bookworm/) s = 1
               }
               if (s && u != "") print u }' "$f"
    done
)
main_uri=""
security_uri=""
for u in $uris; do
    case "$u" in
    */debian-security | */debian-security/) [ -n "$security_uri" ] || security_uri=${u%/} ;;
    */debian | */debian/) [ -n "$main_uri" ] || main_uri=${u%/} ;;
    esac
done
if [ -z "$main_uri" ]; then
    echo "openssl.sh: no Debian archive for bookworm found in /etc/apt/sources.list(.d); cannot fetch the OpenSSL $SERIES source" >&2
    exit 1
fi
list=/etc/apt/sources.list.d/ns3-tls-trixie-src.sources
want=$(
    printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$main_uri"
    if [ -n "$security_uri" ]; then
        printf '\nTypes: deb-src\nURIs: %s\nSuites: trixie-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$security_uri"
    fi
)
if [ ! -f "$list" ] || [ "$(cat "$list")" != "$want" ]; then
    echo "openssl.sh: adding deb-src trixie entries for $main_uri${security_uri:+ and $security_uri} ($list)" >&2
    printf '%s\n' "$want" | $SUDO tee "$list" >/dev/null
fi
$SUDO apt-get update >&2

versions=$(apt-cache showsrc openssl 2>/dev/null | sed -n 's/^Version: //p' | grep "^$SERIES\." | sort -u -r -V)
if [ -z "$versions" ]; then
    echo "openssl.sh: apt-cache showsrc openssl lists no $SERIES.x version (is the trixie deb-src entry reachable?)" >&2
    exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/ns3-tls-openssl.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
tarball=""
version=""
for v in $versions; do
    echo "openssl.sh: trying openssl=$v" >&2
    (cd "$work" && apt-get source --download-only "openssl=$v" >&2) || true
    upstream=${v%-*}
    upstream=${upstream#*:}
    if [ -s "$work/openssl_$upstream.orig.tar.gz" ]; then
        tarball=$work/openssl_$upstream.orig.tar.gz
        version=$v
        break
    fi
done
if [ -z "$tarball" ]; then
    echo "openssl.sh: no orig tarball arrived for any of: $(echo $versions)" >&2
    exit 1
fi
echo "openssl.sh: building OpenSSL from $(basename "$tarball") (Debian $version) into $prefix" >&2

mkdir -p "$work/src"
tar -xzf "$tarball" -C "$work/src" --strip-components=1
jobs=$(nproc 2>/dev/null || echo 2)
(
    cd "$work/src"
    ./Configure --prefix="$prefix" --openssldir="$prefix/ssl" --libdir=lib \
        no-tests no-docs shared '-Wl,-rpath,$(LIBRPATH)' >&2
    # Two make calls: one call with both targets races on apps/lib under -j.
    make -j "$jobs" build_libs >&2
    make -j "$jobs" build_programs >&2
    rm -rf "$prefix"
    mkdir -p "$prefix"
    make install_sw >&2
)
printf '%s\nDebian source openssl=%s\n' "$RECIPE" "$version" >"$stamp"
if ! built; then
    echo "openssl.sh: the installed build at $prefix does not report OpenSSL $SERIES" >&2
    exit 1
fi
echo "openssl.sh: $("$prefix/bin/openssl" version) installed" >&2
echo "$prefix"
