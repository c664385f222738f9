#!/bin/sh
# bench/llama_cpu.sh: real llama.cpp on this machine's CPU against aibench's estimates.
# llama.cpp comes from the npm package node-llama-cpp (its git bundle of llama.cpp's source,
# built here with cmake; nothing is downloaded at run time beyond the npm install). The models
# are GGUF files of realistic shapes with random weights written by bench/gen_llama.c (speed
# does not depend on weight values). For each: llama-bench pp512 and tg128, next to
# `aibench fit --gguf` on this machine as `aibench probe --save` saw it. Prints; asserts nothing.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
W=${AIB_BENCH_DIR:-$ROOT/build/bench-llama}
mkdir -p "$W"
make -s build/aibench
cc -O2 -o build/gen_llama bench/gen_llama.c

LB="$W/llama.cpp/build/bin/llama-bench"
if [ ! -x "$LB" ]; then
    echo "building llama-bench from node-llama-cpp's bundled llama.cpp source (several minutes)"
    [ -d "$W/npm/node_modules/node-llama-cpp" ] ||
        (mkdir -p "$W/npm" && cd "$W/npm" && npm install --no-audit --no-fund --loglevel=error node-llama-cpp >/dev/null)
    [ -d "$W/llama.cpp" ] || git clone -q "$W/npm/node_modules/node-llama-cpp/llama/gitRelease.bundle" "$W/llama.cpp"
    cmake -S "$W/llama.cpp" -B "$W/llama.cpp/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DLLAMA_CURL=OFF \
          -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF >/dev/null
    cmake --build "$W/llama.cpp/build" --target llama-bench -j"$(nproc)" >/dev/null
fi
VER=$(cat "$W/npm/node_modules/node-llama-cpp/package.json" 2>/dev/null | jq -r .version || echo "?")
DB="$W/bench.db"
rm -f "$DB"
echo "probing this machine (bandwidth and compute)"
build/aibench --db "$DB" probe --save bench-cpu --runs 5 >/dev/null
build/aibench --db "$DB" hw bench-cpu --json | jq -r '"  \(.name): \(.bandwidth_measured_gbs | . * 10 | round / 10) GB/s read, \(.fp32_tflops | . * 1000 | round / 1000) TFLOPS fp32"'
T=$(nproc)
printf '\n%-26s %9s %9s %7s   %9s %9s %7s\n' "model (random weights)" "tg128" "est." "ratio" "pp512" "est." "ratio"
for spec in "0.7B 24 1536 12 2 4096 q4_0" "0.7B 24 1536 12 2 4096 q8_0" "0.7B 24 1536 12 2 4096 f16" \
            "1.5B 28 2048 16 8 5632 q4_0" "1.5B 28 2048 16 8 5632 q8_0" "3B 28 3072 24 8 8192 q4_0"; do
    set -- $spec
    F="$W/llama-$1-$7.gguf"
    [ -f "$F" ] || build/gen_llama "$F" "$2" "$3" "$4" "$5" "$6" "$7"
    M=$("$LB" -m "$F" -p 512 -n 128 -r 2 -t "$T" -o json 2>/dev/null)
    pp=$(printf '%s' "$M" | jq '[.[] | select(.n_prompt == 512) | .avg_ts][0]')
    tg=$(printf '%s' "$M" | jq '[.[] | select(.n_gen == 128) | .avg_ts][0]')
    E=$(build/aibench --db "$DB" fit --gguf "$F" --hw bench-cpu --ctx 1024 --depth 64 --prompt 512 --json)
    etg=$(printf '%s' "$E" | jq '.decode.estimate.tps')
    epp=$(printf '%s' "$E" | jq '.prefill.estimate.tps // 0')
    awk -v n="$1 $7" -v tg="$tg" -v etg="$etg" -v pp="$pp" -v epp="$epp" 'BEGIN {
        printf "%-26s %9.1f %9.1f %7.2f   %9.1f %9.1f %7.2f\n", n, tg, etg, etg / tg, pp, epp, (epp > 0 ? epp / pp : 0) }'
done
echo
echo "llama.cpp: the source node-llama-cpp $VER bundles, built here; $T threads; ratio = estimate / measured"
