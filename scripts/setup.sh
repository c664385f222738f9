#!/bin/sh
# setup.sh: installs the Debian packages aibench builds and tests with, when they are missing.
# Run as root or with sudo available; npm packages for the tests come from the npm registry.
set -e
pkgs="make gcc clang libclang-rt-dev libsqlite3-dev libjansson-dev libpci-dev pci.ids jq valgrind"
command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
missing=""
for p in $pkgs; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    echo "setup: installing$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
# npm packages for the tests (the independent GGUF parser), pinned by tests/node/package-lock.json
cd "$(dirname "$0")/.."
if [ ! -d tests/node/node_modules/@huggingface/gguf ]; then
    npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
fi
