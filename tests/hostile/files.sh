#!/bin/sh
# files.sh BIN TMP: paths that are not regular files, given to the commands that read files
# (aibench gguf, aibench import): a FIFO with no writer (a blocking open would wait forever),
# a symlink to it, a directory and character devices (/dev/zero never ends). Each must be
# refused at once, exit 1, with the reason "not a regular file (KIND)"; none may time out.
set -u
BIN=$1
TMP=$2
mkdir -p "$TMP"
# never the user's catalog database, even when run by hand
AIBENCH_DB=${AIBENCH_DB:-$TMP/aibench.db}
export AIBENCH_DB
pass=0
fail=0

# refused WHAT PATH KIND: runs gguf and import on PATH, each under a 5 s timeout
refused() {
    for cmd in gguf import; do
        if [ "$cmd" = gguf ]; then
            timeout 5 "$BIN" gguf "$2" >"$TMP/out" 2>"$TMP/err" </dev/null
        else
            timeout 5 "$BIN" import "$2" --hw rtx-4090 --source local:x >"$TMP/out" 2>"$TMP/err" </dev/null
        fi
        rc=$?
        if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
            echo "FAIL $cmd $1: timed out (it waited on the file)"
            fail=$((fail + 1))
        elif [ "$rc" -ne 1 ]; then
            echo "FAIL $cmd $1: exit $rc, want 1"
            fail=$((fail + 1))
        elif ! grep -qF "$2: not a regular file ($3)" "$TMP/err"; then
            echo "FAIL $cmd $1: stderr lacks '$2: not a regular file ($3)':"
            sed 's/^/  /' "$TMP/err" | head -n 3
            fail=$((fail + 1))
        else
            pass=$((pass + 1))
        fi
    done
}

rm -f "$TMP/fifo" "$TMP/link"
if mkfifo "$TMP/fifo"; then
    refused "a FIFO" "$TMP/fifo" "a FIFO"
    ln -s fifo "$TMP/link" && refused "a symlink to a FIFO" "$TMP/link" "a FIFO"
else
    echo "FAIL mkfifo $TMP/fifo"
    fail=$((fail + 1))
fi
mkdir -p "$TMP/dir.gguf"
refused "a directory" "$TMP/dir.gguf" "a directory"
for dev in /dev/null /dev/zero; do
    [ -c "$dev" ] && refused "$dev" "$dev" "a character device"
done
rm -f "$TMP/fifo" "$TMP/link"
rmdir "$TMP/dir.gguf"

# a catalog file missing or unreadable is an error, never the database's older copy served instead
mkdir -p "$TMP/data"
cp "${AIBENCH_DATA:-data}"/* "$TMP/data/"
AIBENCH_DB="$TMP/cat.db" AIBENCH_DATA="$TMP/data" "$BIN" hw >/dev/null 2>&1 || { echo "FAIL the copied catalog does not load"; fail=$((fail + 1)); }
rm "$TMP/data/editorial.tsv"
AIBENCH_DB="$TMP/cat.db" AIBENCH_DATA="$TMP/data" "$BIN" hw >"$TMP/out" 2>"$TMP/err"
if [ $? -ne 0 ] && grep -q "editorial.tsv: No such file" "$TMP/err" && [ ! -s "$TMP/out" ]; then
    pass=$((pass + 1))
else
    echo "FAIL a missing catalog file was not an error: $(head -c 200 "$TMP/err")"
    fail=$((fail + 1))
fi
if [ "$(id -u)" != 0 ]; then # root reads anything
    cp "${AIBENCH_DATA:-data}/editorial.tsv" "$TMP/data/" && chmod 000 "$TMP/data/models.txt"
    AIBENCH_DB="$TMP/cat.db" AIBENCH_DATA="$TMP/data" "$BIN" hw >"$TMP/out" 2>"$TMP/err"
    if [ $? -ne 0 ] && grep -q "models.txt: Permission denied" "$TMP/err"; then
        pass=$((pass + 1))
    else
        echo "FAIL an unreadable catalog file was not an error: $(head -c 200 "$TMP/err")"
        fail=$((fail + 1))
    fi
    chmod 644 "$TMP/data/models.txt"
fi

echo "hostile files: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
