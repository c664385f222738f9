#!/bin/sh
# agree.sh AIBENCH: the same question asked of the CLI (--json and text), the API and the page
# gets the same answer, to the printed digit (tests/agree/requests.txt lists the questions).
# Prints "agree: N passed, N failed".
set -u
BIN=$1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL agree: $1"
    [ -z "${2:-}" ] || diff "$2" "$3" | head -n 6 | sed 's/^/  /'
}

# same NAME A B: the two files hold the same lines
same() {
    if cmp -s "$2" "$3"; then ok; else bad "$1" "$2" "$3"; fi
}

# the figure the CLI prints for a tok/s value: "-", %.1f under 100, %.0f from 100
printed() { awk '{ if ($0 == "null" || $0 == "") print "-"; else if ($0 + 0 >= 100) printf "%.0f\n", $0; else printf "%.1f\n", $0 }'; }

# model quant tps lines of a page's result rows (data attributes), in page order
page_rows() { grep -o 'data-model="[^"]*" data-quant="[^"]*" data-tps="[^"]*"' | sed -E 's/data-model="([^"]*)" data-quant="([^"]*)" data-tps="([^"]*)"/\1 \2 \3/; s/ $/ null/'; }

# ask CLI-ARGS API-PATH PAGE-PATH: the one question put to the CLI (--json), the API and the page,
# answered into cli.json, api.json and page.html; a failing one fails the case (status 1)
ask() {
    eval "\"$BIN\" $1 --json" >"$TMP/cli.json" 2>"$TMP/err" || { bad "$1: exit $?"; return 1; }
    "$BIN" page "$2" >"$TMP/api.json" 2>/dev/null || { bad "$2 failed"; return 1; }
    "$BIN" page "$3" >"$TMP/page.html" 2>/dev/null || { bad "$3 failed"; return 1; }
}

plan() { # ARGS QUERY
    args=$1
    q=$2
    ask "plan $args" "/api/plan.json?$q" "/planner/?$q" || return
    rows='(.runs + .misses)[] | "\(.model) \(.quant) \(.tps)"'
    jq -r "$rows" "$TMP/cli.json" >"$TMP/a"
    jq -r "$rows" "$TMP/api.json" >"$TMP/b"
    same "plan $args: CLI --json = API" "$TMP/a" "$TMP/b"
    page_rows <"$TMP/page.html" >"$TMP/c"
    same "plan $args: page = API" "$TMP/c" "$TMP/b"
    jq -r '.share_url' "$TMP/cli.json" >"$TMP/a"
    jq -r '.share_url' "$TMP/api.json" >"$TMP/b"
    same "plan $args: share URL" "$TMP/a" "$TMP/b"
    if jq -e '.what_if' "$TMP/api.json" >/dev/null; then
        jq -r '.what_if.rows[] | select(.moved) | "\(.model) \(.after.quant) \(.after.tps)"' "$TMP/cli.json" >"$TMP/a"
        jq -r '.what_if.rows[] | select(.moved) | "\(.model) \(.after.quant) \(.after.tps)"' "$TMP/api.json" >"$TMP/b"
        same "plan $args: what-if CLI = API" "$TMP/a" "$TMP/b"
        grep -o '<tr data-model="[^"]*"><td>' "$TMP/page.html" | sed -E 's/.*data-model="([^"]*)".*/\1/' >"$TMP/c"
        jq -r '.what_if.rows[] | select(.moved) | .model' "$TMP/api.json" >"$TMP/b"
        same "plan $args: what-if page = API" "$TMP/c" "$TMP/b"
        return
    fi
    # the text table: model, quant and tok/s as printed
    eval "\"$BIN\" plan $args" >"$TMP/text" 2>/dev/null
    awk 'f && /^[a-z0-9]/ { t = $4; sub(/^~/, "", t); print $1, $2, t } /^model / { f = 1 }' "$TMP/text" >"$TMP/a"
    jq -r '(.runs + .misses)[] | "\(.model) \(.quant) \(.tps)"' "$TMP/api.json" | while read -r m qu t; do
        printf '%s %s %s\n' "$(printf '%.30s' "$m")" "$qu" "$(echo "$t" | printed)"
    done >"$TMP/b"
    sort "$TMP/a" >"$TMP/a2"
    sort "$TMP/b" >"$TMP/b2"
    same "plan $args: CLI text = API" "$TMP/a2" "$TMP/b2"
}

fit() { # ARGS QUERY
    args=$1
    q=$2
    ask "fit $args --sweep" "/api/fit.json?$q" "/fit/?$q" || return
    one='"\(.model) \(.quant) \(.decode.tps)", (.sweep[] | "\(.ctx) \(.decode_tps) \(.memory_gib)")'
    jq -r "$one" "$TMP/cli.json" >"$TMP/a"
    jq -r "$one" "$TMP/api.json" >"$TMP/b"
    same "fit $args: CLI --json = API" "$TMP/a" "$TMP/b"
    page_rows <"$TMP/page.html" >"$TMP/c"
    jq -r '"\(.model) \(.quant) \(.decode.tps)"' "$TMP/api.json" >"$TMP/b"
    same "fit $args: page = API" "$TMP/c" "$TMP/b"
    eval "\"$BIN\" fit $args" >"$TMP/text" 2>/dev/null
    awk '/^  decode / { print $2; exit }' "$TMP/text" >"$TMP/a"
    jq -r '.decode.tps' "$TMP/api.json" | printed >"$TMP/b"
    same "fit $args: CLI text = API" "$TMP/a" "$TMP/b"
}

reverse() { # ARGS QUERY
    args=$1
    q=$2
    ask "plan $args" "/api/reverse.json?$q" "/planner/reverse/?$q" || return
    rows='(.meets + .nearest_misses)[] | .hw as $h | .models[] | "\($h) \(.model) \(.quant) \(.tps)"'
    jq -r "$rows" "$TMP/cli.json" >"$TMP/a"
    jq -r "$rows" "$TMP/api.json" >"$TMP/b"
    same "plan $args: CLI --json = API" "$TMP/a" "$TMP/b"
    jq -r '(.meets + .nearest_misses)[] | .models[] | "\(.model) \(.quant) \(.tps)"' "$TMP/api.json" >"$TMP/b"
    page_rows <"$TMP/page.html" >"$TMP/c"
    same "plan $args: page = API" "$TMP/c" "$TMP/b"
    eval "\"$BIN\" plan $args" >"$TMP/text" 2>/dev/null
    awk '/^  [a-z0-9]/ && /slowest/ { print $1 }' "$TMP/text" >"$TMP/a"
    jq -r '(.meets + .nearest_misses)[] | .hw' "$TMP/api.json" >"$TMP/b"
    same "plan $args: CLI text = API (hardware, in order)" "$TMP/a" "$TMP/b"
}

grep -v '^#' "$ROOT/tests/agree/requests.txt" | while IFS='|' read -r kind args query; do
    kind=$(echo "$kind" | tr -d ' ')
    query=$(echo "$query" | tr -d ' ')
    case "$kind" in
    plan) plan "$args" "$query" ;;
    fit) fit "$args" "$query" ;;
    reverse) reverse "$args" "$query" ;;
    *) continue ;;
    esac
    echo "$pass $fail" >"$TMP/count"
done
read -r pass fail <"$TMP/count"
echo "agree: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
