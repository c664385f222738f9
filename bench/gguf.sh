#!/bin/sh
# bench/gguf.sh: parse time of a GGUF header with a 150,000-token vocabulary (about 2 MiB of
# header), aibench's reader against @huggingface/gguf from npm, on this machine. Prints figures;
# asserts nothing. Run from the repository root after `sh scripts/setup.sh && make`.
set -e
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
make -s build/libaibench.a build/gguf_write
cc -O2 -Iinclude -o build/gguf_bench bench/gguf_bench.c build/libaibench.a -lsqlite3 -ljansson -lm
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
build/gguf_write "$TMP" >/dev/null
F="$TMP/vocab150k.gguf"
echo "file: 150,000 tokens, $(stat -c %s "$F") bytes, header ends at byte $(build/aibench gguf "$F" --json | jq .summary.data_offset)"
build/gguf_bench "$F" 50
ln -sfn ../tests/node/node_modules "$ROOT/bench/node_modules"  # ESM resolves packages beside the script

node "$ROOT/bench/gguf_bench.mjs" "$F" 20
