#!/bin/sh
# bench/static.sh: the static site's engine: its size (the WebAssembly and engine.js, raw and
# gzipped), and in Debian's chromium the time to start it (decode, compile, load the catalog)
# and to answer a forward plan, a plan with a what-if, a reverse plan and a comparison, each the
# median of 20 runs in the page. Figures only, nothing asserted.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
make -s build/aibench build/aibench.wasm || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
AIBENCH_DB="$T/bench.db" build/aibench export "$T/site" >/dev/null || exit 1
printf 'aibench.wasm  %7d bytes, %6d gzipped\n' "$(wc -c <build/aibench.wasm)" "$(gzip -9c build/aibench.wasm | wc -c)"
printf 'engine.js     %7d bytes, %6d gzipped (the engine, the catalog and the calibration)\n' \
    "$(wc -c <"$T/site/engine.js")" "$(gzip -9c "$T/site/engine.js" | wc -c)"
node bench/static.mjs "$T/site"
