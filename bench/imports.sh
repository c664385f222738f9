#!/bin/sh
# bench/imports.sh [ROWS]: imports ROWS (default 100000) synthetic llama-bench rows (JSON lines,
# Llama 3.1 8B Q4_K_M on a Framework Desktop: tg1..tg25 at depths 0..4095 and pp512, speeds
# with noise) into a fresh database and prints the wall time of the import (which checks every
# row and refits and stores the calibration once), of `calibrate`, and of a plan and a fit
# after it (which read the stored calibration). Figures only: nothing is asserted.
set -u
ROWS=${1:-100000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
make -s build/aibench || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export AIBENCH_DB="$T/bench.db" AIBENCH_DATA="$ROOT/data"
awk -v n="$ROWS" 'BEGIN {
    srand(42)
    for (i = 0; i < n; i++) {
        d = i % 4096; g = 1 + int(i / 4096) % 25
        if (i % 5 == 4)
            printf "{\"model_type\": \"llama 8B Q4_K - Medium\", \"backends\": \"Vulkan\", \"n_prompt\": 512, \"n_gen\": 0, \"n_depth\": %d, \"avg_ts\": %.3f, \"test_time\": \"2026-03-02T10:00:00Z\"}\n", d, 800 + 80 * (rand() - 0.5)
        else
            printf "{\"model_type\": \"llama 8B Q4_K - Medium\", \"backends\": \"Vulkan\", \"n_prompt\": 0, \"n_gen\": %d, \"n_depth\": %d, \"avg_ts\": %.3f, \"test_time\": \"2026-03-02T10:00:00Z\"}\n", g, d, 38 + 6 * (rand() - 0.5)
    }
}' >"$T/rows.jsonl"
echo "synthetic rows: $ROWS ($(wc -c <"$T/rows.jsonl") bytes)"
"$ROOT/build/aibench" hw >/dev/null 2>&1
now() { date +%s.%N; }
timed() {
    label=$1; shift
    t0=$(now)
    "$@" >/dev/null 2>"$T/err" || { echo "$label failed:"; head -5 "$T/err"; }
    t1=$(now)
    printf '%-44s %8.2f s\n' "$label" "$(echo "$t1 - $t0" | bc)"
}
timed "import (check, store, refit once)" "$ROOT/build/aibench" import "$T/rows.jsonl" --hw framework-desktop \
    --model llama-3.1-8b --source https://example.org/synthetic
timed "import the same file again (adds nothing)" "$ROOT/build/aibench" import "$T/rows.jsonl" --hw framework-desktop \
    --model llama-3.1-8b --source https://example.org/synthetic
timed "calibrate (fit and grouped residuals)" "$ROOT/build/aibench" calibrate
timed "plan --hw framework-desktop" "$ROOT/build/aibench" plan --hw framework-desktop
timed "fit --hw framework-desktop --model llama-3.1-8b" "$ROOT/build/aibench" fit --hw framework-desktop --model llama-3.1-8b
timed "brief framework-desktop (the hardware page)" "$ROOT/build/aibench" brief framework-desktop
timed "export (every page, the atlas of all hardware)" "$ROOT/build/aibench" export "$T/site"
timed "hw (catalog load only)" "$ROOT/build/aibench" hw
