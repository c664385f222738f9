#!/bin/sh
# imports.sh BIN TMP: the bad-import corpus (imports.txt) replayed; refused files leave the
# database byte for byte as it was; re-importing a file adds nothing; --skip-bad keeps the good
# rows and lists the bad ones.
BIN=$1
TMP=$2
HERE=$(cd "$(dirname "$0")" && pwd)
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
BASE="$TMP/base.db"
AIBENCH_DB="$BASE" "$BIN" hw >/dev/null 2>&1 || bad "the catalog does not load"
COMMON="--hw framework-desktop --model llama-3.1-8b --source https://example.org/x"

while IFS= read -r line; do
    case "$line" in '#'* | '') continue ;; esac
    file=$(printf '%s' "$line" | awk -F' [|] ' '{print $1}')
    args=$(printf '%s' "$line" | awk -F' [|] ' '{print $2}' | sed 's/^ *//; s/ *$//')
    want=$(printf '%s' "$line" | awk -F' [|] ' '{print $3}')
    says=$(printf '%s' "$line" | awk -F' [|] ' '{print $4}')
    cp "$BASE" "$TMP/case.db"
    before=$(cksum <"$TMP/case.db")
    # shellcheck disable=SC2086
    AIBENCH_DB="$TMP/case.db" "$BIN" import "$HERE/imports/$file" $COMMON $args >"$TMP/out" 2>"$TMP/err"
    got=$?
    name="$file $args"
    [ "$got" = "$want" ] || { bad "$name: exit $got, want $want"; sed 's/^/    /' "$TMP/err" | head -5; continue; }
    where="$TMP/err"
    [ "$want" = 0 ] && where="$TMP/out"
    grep -qF -- "$says" "$where" || { bad "$name: does not say '$says'"; sed 's/^/    /' "$TMP/err" "$TMP/out" | head -8; continue; }
    if [ "$want" != 0 ] || printf '%s' "$args" | grep -q -- --dry-run; then
        [ "$(cksum <"$TMP/case.db")" = "$before" ] || { bad "$name: the database changed"; continue; }
    fi
    ok
done <"$HERE/imports.txt"

# --skip-bad names the row it left out, with its line
cp "$BASE" "$TMP/case.db"
AIBENCH_DB="$TMP/case.db" "$BIN" import "$HERE/imports/mixed.json" $COMMON --skip-bad >"$TMP/out" 2>"$TMP/err"
grep -q 'mixed.json:14: .*(left out)' "$TMP/err" && ok || bad "--skip-bad does not list the bad row with its line"
# the same file again adds nothing, and says so
AIBENCH_DB="$TMP/case.db" "$BIN" import "$HERE/imports/mixed.json" $COMMON --skip-bad --json >"$TMP/out" 2>"$TMP/err"
[ "$(jq -r '.new' "$TMP/out")" = 0 ] && [ "$(jq -r '.rows' "$TMP/out")" = 2 ] && ok ||
    bad "a re-import added rows: $(cat "$TMP/out" | head -c 300)"
rows1=$(AIBENCH_DB="$TMP/case.db" "$BIN" calibration --json | jq '.decode_residuals.rows + .outliers_total')
cp "$BASE" "$TMP/one.db"
AIBENCH_DB="$TMP/one.db" "$BIN" import "$HERE/imports/mixed.json" $COMMON --skip-bad >/dev/null 2>&1
rows2=$(AIBENCH_DB="$TMP/one.db" "$BIN" calibration --json | jq '.decode_residuals.rows + .outliers_total')
[ "$rows1" = "$rows2" ] && ok || bad "importing twice gives $rows1 decode rows, once $rows2"
# after an import the calibration is already stored: the next command reads it, fits nothing
AIBENCH_DB="$TMP/one.db" "$BIN" calibration --json >"$TMP/out" 2>&1
[ "$(jq -r .source "$TMP/out")" = stored ] && ok || bad "the command after an import fitted again: $(jq -r .source "$TMP/out")"
# every constant finite after the hostile imports that went through
AIBENCH_DB="$TMP/case.db" "$BIN" calibration --json >"$TMP/out" 2>&1
[ "$(jq '[.classes[] | [.bandwidth_efficiency, .layer_us, .moe_layer_us, .attention_us_per_gflop, .prefill_efficiency, .prefill_efficiency_moe, .prefill_efficiency_f16] | .[] | select(type != "number")] | length' "$TMP/out")" = 0 ] && ok ||
    bad "a constant is not a number"

echo "hostile imports: $pass passed, $fail failed"
[ "$fail" = 0 ]
