#!/bin/sh
# setup.sh: installs the Debian packages aibench builds and tests with, when they are missing.
# Run as root or with sudo available; npm packages for the tests come from the npm registry.
set -e
pkgs="make gcc clang lld-14 wasi-libc libclang-rt-14-dev-wasm32 libclang-rt-dev libsqlite3-dev libjansson-dev libpci-dev libmicrohttpd-dev pci.ids jq valgrind chromium"
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
# npm packages for the tests, pinned by their package-lock.json: the independent GGUF parser
# (tests/node) and playwright-core, which drives Debian's chromium (tests/browser)
cd "$(dirname "$0")/.."
if [ ! -d tests/node/node_modules/@huggingface/gguf ]; then
    npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
    npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
fi
