#!/bin/sh
# setup.sh: installs the Debian packages aibench builds and tests with, when they are missing.
# Run as root or with sudo available. Nothing else is downloaded.
set -e
pkgs="make gcc clang libclang-rt-dev libsqlite3-dev libjansson-dev jq"
missing=""
for p in $pkgs; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "setup: installing$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
