#!/bin/sh
# run.sh [--update] BUILD_DIR: runs the C unit tests and the golden CLI cases
# (tests/cli/NAME.case), then prints one closing line "N passed, N failed". Exits non-zero when
# anything failed. --update runs the cases only and rewrites every "json: F == V" and
# "json: F ~ V P%" line with today's value, printing each file's diff for review.
#
# A case file holds one command, or several steps run in order, and what must hold of each
# result; every case runs on its own fresh copy of the catalog database:
#   run: ARGS                 arguments to aibench (the binary is added); starts a step
#   exit: N                   expected exit code
#   stdout: TEXT              TEXT appears in standard output (stderr: likewise)
#   nostdout: TEXT            TEXT does not appear in standard output
#   json: FILTER == VALUE     jq -r FILTER on stdout prints exactly VALUE
#   json: FILTER ~ VALUE P%   jq FILTER is a number within P percent of VALUE
# CASES=GLOB runs only the cases whose names match (and none of the other suites).
set -u
CASES=${CASES:-}
UPDATE=""
if [ "${1:-}" = "--update" ]; then
    UPDATE=1
    shift
fi
B=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN="$ROOT/$B/aibench"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0

# count NAME LABEL STATUS OUTPUT: adds a suite's closing "LABEL: N passed, N failed" line to
# the totals (LABEL is an extended regex) and prints its other lines; a missing closing line,
# or a failing exit status with no failure counted, counts as one failure.
count() {
    printf '%s\n' "$4" | grep -v -E "^$2: [0-9]+ passed" | head -n 30 | sed 's/^/  /'
    line=$(printf '%s\n' "$4" | grep -E "^$2: [0-9]+ passed, [0-9]+ failed$" | tail -n 1)
    p=$(printf '%s' "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
    f=$(printf '%s' "$line" | sed -E 's/.* ([0-9]+) failed/\1/')
    [ -n "$p" ] || { p=0; f=1; }
    [ "$3" -eq 0 ] || [ "$f" -gt 0 ] || f=1
    echo "$1: $p passed, $f failed"
    pass=$((pass + p))
    fail=$((fail + f))
}

if [ -z "$UPDATE" ] && [ -z "$CASES" ]; then
for t in "$ROOT/$B"/test_*; do
    [ -x "$t" ] || continue
    out=$("$t" 2>&1)
    status=$?
    count "$(basename "$t")" '[a-z_]+' $status "$out"
done

# the fuzz corpus, replayed without libFuzzer
out=$("$ROOT/$B/fuzz_replay" "$ROOT"/fuzz/corpus/* 2>&1)
status=$?
p=$(printf '%s\n' "$out" | sed -n -E 's/^fuzz replay: ([0-9]+) passed.*/\1/p')
if [ $status -eq 0 ] && [ -n "$p" ]; then
    echo "fuzz replay: $p passed, 0 failed"
    pass=$((pass + p))
else
    printf '%s\n' "$out" | tail -n 20
    echo "fuzz replay: 0 passed, 1 failed"
    fail=$((fail + 1))
fi

fi

# generated GGUF files for the CLI cases and the differential test
export GGUF_DIR="$TMP/gguf"
mkdir -p "$GGUF_DIR"
"$ROOT/$B/gguf_write" "$GGUF_DIR" || { echo "gguf_write failed"; fail=$((fail + 1)); }

if [ -z "$UPDATE" ] && [ -z "$CASES" ]; then
# differential test against an independent GGUF parser (npm @huggingface/gguf)
if [ -d "$ROOT/tests/node/node_modules/@huggingface/gguf" ]; then
    out=$(node "$ROOT/tests/node/diff_gguf.mjs" "$BIN" "$GGUF_DIR/llama.gguf" "$GGUF_DIR/moe.gguf" \
          "$GGUF_DIR/tied.gguf" "$GGUF_DIR/vocab150k.gguf" "$GGUF_DIR/split-00001-of-00002.gguf" 2>&1)
    count "gguf differential" "gguf differential" $? "$out"
else
    echo "FAIL gguf differential: run 'npm ci --prefix tests/node' first (scripts/setup.sh does)"
    fail=$((fail + 1))
fi

# the site in a real browser and over HTTP (playwright-core + Debian's chromium)
if [ -d "$ROOT/tests/browser/node_modules/playwright-core" ] && [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    out=$(AIBENCH_DATA="$ROOT/data" node "$ROOT/tests/browser/site.test.mjs" "$BIN" 2>&1)
    count browser browser $? "$out"
else
    echo "FAIL browser: run scripts/setup.sh first (chromium and 'npm ci --prefix tests/browser')"
    fail=$((fail + 1))
fi

fi

# the same questions through the CLI, the API and the pages: the same answers
if [ -z "$UPDATE" ] && [ -z "$CASES" ]; then
    out=$(AIBENCH_DB="$TMP/agree.db" AIBENCH_DATA="$ROOT/data" sh "$ROOT/tests/agree.sh" "$BIN" 2>&1)
    count agree agree $? "$out"
    # what an experienced local-LLM user expects of the advice, through the CLI and the API
    out=$(AIBENCH_DB="$TMP/advice.db" AIBENCH_DATA="$ROOT/data" sh "$ROOT/tests/advice.sh" "$BIN" 2>&1)
    count advice advice $? "$out"
fi

# hostile input, replayed: each tests/hostile/NAME.sh is run as `sh NAME.sh BIN TMPDIR` and
# ends with one line "hostile NAME: N passed, N failed" (tests/hostile/README.md)
if [ -z "$UPDATE" ] && [ -z "$CASES" ]; then
    for h in "$ROOT"/tests/hostile/*.sh; do
        [ -f "$h" ] || continue
        hn=$(basename "$h" .sh)
        mkdir -p "$TMP/hostile-$hn"
        out=$(AIBENCH_DB="$TMP/hostile-$hn/aibench.db" AIBENCH_DATA="$ROOT/data" sh "$h" "$BIN" "$TMP/hostile-$hn" 2>&1)
        count "hostile $hn" "hostile $hn" $? "$out"
    done
fi

# the catalog without its CPU measurements: the cpu class then runs on priors (fit-prior-no-band)
export NOCPU_DATA="$TMP/data-nocpu"
mkdir -p "$NOCPU_DATA"
cp "$ROOT"/data/* "$NOCPU_DATA"/
awk -F'\t' '$4 != "cpu"' "$ROOT/data/measurements.tsv" >"$NOCPU_DATA/measurements.tsv"

export AIBENCH_DATA="$ROOT/data"
# every case starts from its own copy of a database built once from data/, so no case depends
# on another having run before it; a case with several steps (one "run:" each) runs them in
# order on that one database
AIBENCH_DB="$TMP/base.db" "$BIN" hw >/dev/null 2>&1 || { echo "FAIL: the catalog does not load"; fail=$((fail + 1)); }

# check LINE: one expectation against the step's output in $TMP/out and $TMP/err; appends to
# $bad what does not hold; in update mode, prints the line with today's value to $TMP/new.
check() {
    cl=$1
    case "$cl" in
    stdout:*) want=${cl#stdout: }; grep -qF -- "$want" "$TMP/out" || bad="$bad\n  stdout lacks: $want" ;;
    stderr:*) want=${cl#stderr: }; grep -qF -- "$want" "$TMP/err" || bad="$bad\n  stderr lacks: $want" ;;
    nostdout:*) want=${cl#nostdout: }; ! grep -qF -- "$want" "$TMP/out" || bad="$bad\n  stdout has: $want" ;;
    json:*" ~ "*%)
        spec=${cl#json: }; filter=${spec%% ~ *}; rest=${spec#* ~ }
        want=${rest%% *}; tol=${rest#* }; tol=${tol%\%}
        got=$(jq -r "$filter" "$TMP/out" 2>&1)
        ok=$(jq -n --arg g "$got" --argjson w "$want" --argjson t "$tol" \
             '($g | tonumber? // null) as $v | if $v == null then false else (($v - $w) | fabs) <= ($t / 100 * ($w | fabs)) end' 2>/dev/null)
        [ "$ok" = "true" ] || bad="$bad\n  $filter = $got, want $want within $tol%"
        cl="json: $filter ~ $got $tol%" ;;
    json:*" == "*)
        spec=${cl#json: }; filter=${spec% == *}; want=${spec##* == }
        got=$(jq -c -r "$filter" "$TMP/out" 2>&1)
        [ "$got" = "$want" ] || bad="$bad\n  $filter = $got, want $want"
        case "$got" in *"
"*) ;; *) cl="json: $filter == $got" ;; esac ;;
    esac
    [ -z "$UPDATE" ] || printf '%s\n' "$cl" >>"$TMP/new"
}

# step ARGS WANT_EXIT EXPECTATIONS_FILE: runs aibench with ARGS and checks the expectations.
step() {
    want_code=${2:-0}
    eval "set -- $1"
    "$BIN" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
    got_exit=$?
    [ "$got_exit" = "$want_code" ] || bad="$bad\n  exit $got_exit, want $want_code"
}

# flush_step: runs the pending step with its expectations ($args, $want_exit, $TMP/expect)
flush_step() {
    before=$bad
    step "$args" "$want_exit"
    while IFS= read -r e || [ -n "$e" ]; do
        check "$e"
    done <"$TMP/expect"
    [ "$bad" = "$before" ] || bad="$bad\n  (in the step: aibench $args)"
}

cases=0
cfail=0
for c in "$ROOT"/tests/cli/${CASES:-*}.case; do
    name=$(basename "$c" .case)
    cases=$((cases + 1))
    cp "$TMP/base.db" "$TMP/case.db"
    export AIBENCH_DB="$TMP/case.db"
    bad=""
    args=""
    : >"$TMP/new"
    pending=""
    # each step: its run: line, then exit: and the expectations until the next run:
    while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in
        run:*)
            [ -z "$pending" ] || flush_step
            args=${line#run: }
            want_exit=0
            : >"$TMP/expect"
            pending=1
            [ -z "$UPDATE" ] || printf '%s\n' "$line" >>"$TMP/new" ;;
        exit:*)
            want_exit=${line#exit: }
            [ -z "$UPDATE" ] || printf '%s\n' "$line" >>"$TMP/new" ;;
        stdout:* | stderr:* | nostdout:* | json:*)
            printf '%s\n' "$line" >>"$TMP/expect" ;;
        *)
            [ -n "$pending" ] && printf '%s\n' "$line" >>"$TMP/expect" || { [ -z "$UPDATE" ] || printf '%s\n' "$line" >>"$TMP/new"; } ;;
        esac
    done <"$c"
    [ -z "$pending" ] || flush_step
    if [ -n "$UPDATE" ] && ! cmp -s "$c" "$TMP/new"; then
        diff -u "$c" "$TMP/new" | sed 's/^/  /'
        cp "$TMP/new" "$c"
        echo "updated tests/cli/$name.case: review the diff above"
    fi
    if [ -n "$bad" ] && [ -z "$UPDATE" ]; then
        cfail=$((cfail + 1))
        printf "FAIL tests/cli/%s.case:%b\n" "$name" "$bad"
        sed 's/^/  stderr: /' "$TMP/err" | head -n 5
    fi
done
# docs stay true: every catalog key is documented, every command is in docs/cli.md
cases=$((cases + 1))
missing=""
for k in $("$BIN" schema --json | jq -r '.[][] | .key'); do
    grep -qF "\`$k\`" "$ROOT/docs/catalog.md" || missing="$missing $k"
done
for c in $("$BIN" --help | sed -n '/^commands:/,/^$/p' | awk 'NF>1 {print $1}'); do
    grep -qF "\`$c" "$ROOT/docs/cli.md" || missing="$missing command:$c"
done
if [ -n "$missing" ]; then
    cfail=$((cfail + 1))
    echo "FAIL docs: not documented:$missing"
fi
# output that cannot be written is a failure, said
cases=$((cases + 1))
if [ -w /dev/full ] && "$BIN" hw >/dev/full 2>"$TMP/err"; then
    cfail=$((cfail + 1))
    echo "FAIL output: 'aibench hw > /dev/full' exited 0"
fi
# docs/params.md holds the table of inputs exactly as the library prints it
cases=$((cases + 1))
"$BIN" params --markdown >"$TMP/params.md"
if [ ! -s "$TMP/params.md" ] || grep -vxF -f "$ROOT/docs/params.md" "$TMP/params.md" >"$TMP/params.diff"; then
    cfail=$((cfail + 1))
    echo "FAIL docs: docs/params.md is not the table 'aibench params --markdown' prints; lines that differ:"
    sed 's/^/  /' "$TMP/params.diff" | head -n 5
fi
[ -z "$UPDATE" ] || exit 0
echo "cli cases: $((cases - cfail)) passed, $cfail failed"
pass=$((pass + cases - cfail))
fail=$((fail + cfail))
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
