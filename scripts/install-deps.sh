#!/bin/sh
# Installs the Debian 12 packages the tls module needs (idempotent: does
# nothing when they are all present). Runs apt-get through sudo when not root.
set -eu
PACKAGES="build-essential cmake pkg-config libns3-dev ns3 libgsl-dev libsqlite3-dev libxml2-dev
libssl-dev libboost-dev nlohmann-json3-dev python3 python3-matplotlib python3-numpy python3-pytest python3-sphinx
slurmctld slurmd slurm-client munge ccache"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
if [ -z "$missing" ]; then
    echo "install-deps: all packages present"
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "install-deps: installing$missing"
$SUDO apt-get update
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
