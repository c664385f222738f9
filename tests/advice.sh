#!/bin/sh
# advice.sh AIBENCH: what an experienced local-LLM user would expect of the advice
# (tests/advice/expectations.txt), checked through the CLI and the API alike. Prints
# "advice: N passed, N failed".
#
# The file: comment lines ("# ...") give the reasoning of the expectation that follows them;
# an expectation is one line "KIND ARGS: FILTER", where FILTER is a jq expression that must
# print true of the answer, and KIND ARGS is one of
#   brief HW          aibench brief HW --json  and  /api/hardware/HW.json
#   plan QUERY        aibench plan OPTIONS --json  and  /api/plan.json?QUERY
#   fit QUERY         aibench fit OPTIONS --json  and  /api/fit.json?QUERY
#   reverse QUERY     aibench plan OPTIONS --json  and  /api/reverse.json?QUERY
# OPTIONS are QUERY's keys as the CLI spells them (the table of inputs: aibench params --json).
set -u
BIN=$1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
"$BIN" params --json >"$TMP/params.json" || { echo "advice: 0 passed, 1 failed"; exit 1; }

# QUERY -> CLI options, by the table (a key the table does not know is passed through as --KEY)
options() {
    printf '%s\n' "$1" | tr '&' '\n' | while IFS='=' read -r k v; do
        o=$(jq -r --arg k "$k" '.[] | select(.key == $k) | .option // empty' "$TMP/params.json")
        [ -n "$o" ] || o=$k
        [ "$o" = "models" ] && o=for
        printf " --%s '%s'" "$o" "$v"
    done
}

check() { # LINE REASON
    kind=${1%% *}
    rest=${1#* }
    what=${rest%%: *}
    filter=${rest#*: }
    case $kind in
    brief) cli="brief '$what' --json"; api="/api/hardware/$what.json" ;;
    plan) cli="plan$(options "$what") --json"; api="/api/plan.json?$what" ;;
    fit) cli="fit$(options "$what") --json"; api="/api/fit.json?$what" ;;
    reverse) cli="plan$(options "$what") --json"; api="/api/reverse.json?$what" ;;
    *) fail=$((fail + 1)); echo "FAIL advice: unknown kind '$kind' in: $1"; return ;;
    esac
    for via in cli api; do
        if [ $via = cli ]; then
            eval "\"$BIN\" $cli" >"$TMP/out.json" 2>"$TMP/err"
        else
            "$BIN" page "$api" >"$TMP/out.json" 2>"$TMP/err"
        fi
        got=$(jq -e "$filter" "$TMP/out.json" 2>&1)
        if [ "$got" = "true" ]; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "FAIL advice ($via): $kind $what"
            echo "  expected: $filter"
            echo "  got: $(printf '%s' "$got" | head -c 300)"
            printf '%s\n' "$2" | sed 's/^/  why: /'
        fi
    done
}

reason=""
while IFS= read -r line || [ -n "$line" ]; do
    case $line in
    "") ;;
    "#"*) reason="$reason${reason:+
}${line#\# }" ;;
    *) check "$line" "$reason"; reason="" ;;
    esac
done <"$ROOT/tests/advice/expectations.txt"
echo "advice: $pass passed, $fail failed"
[ $fail -eq 0 ]
