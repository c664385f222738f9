#!/bin/sh
# tests/hostile/export.sh: `aibench export DIR` against hostile targets: an empty path, '/',
# a folder that is not an export, a DIR that is a symbolic link, links planted in an earlier
# export, and exports that fail half way. Run as `sh export.sh BIN TMP` with AIBENCH_DB and
# AIBENCH_DATA set (tests/hostile/README.md); prints FAIL lines and one summary line.
set -u
BIN=$1
TMP=$2
here=$(pwd)
abs() { case $1 in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$here" "$1" ;; esac; }
BIN=$(abs "$BIN")
TMP=$(cd "$TMP" && pwd) || exit 1
AIBENCH_DB=$(abs "${AIBENCH_DB:?}")
AIBENCH_DATA=$(abs "${AIBENCH_DATA:?}")
export AIBENCH_DB AIBENCH_DATA
pass=0
fail=0

# check WHAT TEST...: one check, counted; FAIL names it and shows the export's stderr
check() {
    what=$1
    shift
    if "$@"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL export: $what"
        sed -n '1,3s/^/  stderr: /p' "$TMP/err"
    fi
}
ex() { "$BIN" export "$@" >"$TMP/out" 2>"$TMP/err"; }
refused() { ! ex "$@"; }
empty_dir() { [ -d "$1" ] && [ -z "$(ls -A "$1")" ]; }
# no temporary or set-aside folder left beside a target
no_leftovers() { [ -z "$(ls -A "$1" | grep -E '^\..*\.(tmp|old)-')" ]; }
# a tree's names, kinds and contents, to tell whether it changed
snapshot() { (cd "$1" && find . -exec ls -ld {} + | awk '{print $1, $5, $NF}' | sort && find . -type f -exec cksum {} + | sort); }
same_as() { snapshot "$1" | cmp -s - "$2"; }
is_export() { [ -f "$1/.aibench-export" ] && [ -f "$1/index.html" ] && [ -f "$1/style.css" ] && [ -d "$1/hardware" ]; }

# an empty folder is fine, and it becomes an export with its marker
mkdir "$TMP/site"
check "an empty folder is exported into" ex "$TMP/site"
check "the export is complete and marked" is_export "$TMP/site"
check "the export leaves nothing beside it" no_leftovers "$TMP"
nfiles=$(find "$TMP/site" -type f | wc -l)

# a folder that is not an earlier export is refused and left as it was
mkdir "$TMP/foreign"
echo "mine" >"$TMP/foreign/notes.txt"
snapshot "$TMP/foreign" >"$TMP/foreign.before"
check "a non-empty folder without the marker is refused" refused "$TMP/foreign"
check "the refused folder is untouched" same_as "$TMP/foreign" "$TMP/foreign.before"
refusing=$((fail == 0))

# an empty path and '/': only with a binary that refuses the foreign folder above, since one
# that does not would write the site into '/' (as root) or into the current folder
if [ "$refusing" = 1 ]; then
    mkdir "$TMP/cwd"
    check "export '' is refused" sh -c 'cd "$1" && ! "$2" export "" >/dev/null 2>"$3"' - "$TMP/cwd" "$BIN" "$TMP/err"
    check "export '' writes nothing in the current folder" empty_dir "$TMP/cwd"
    check "export / is refused" refused /
    up=$TMP
    root=$TMP
    while [ "$up" != / ]; do
        up=$(dirname "$up")
        root=$root/..
    done
    check "a path that resolves to / is refused" refused "$root"
    check "/. is refused" refused /.
else
    check "empty path and / not tried: the binary writes into a foreign folder" false
fi

# a DIR that is a symbolic link to a folder is refused, the link and its folder left alone
ln -s "$TMP/site" "$TMP/link"
snapshot "$TMP/site" >"$TMP/site.before"
check "a symbolic link as DIR is refused" refused "$TMP/link"
check "a symbolic link with a trailing / is refused" refused "$TMP/link/"
check "the link is still a link" test -L "$TMP/link"
check "the folder it points to is untouched" same_as "$TMP/site" "$TMP/site.before"

# an earlier export is replaced: a stale file the new export does not write is gone
echo "stale" >"$TMP/site/stale.html"
mkdir "$TMP/site/stale-dir"
echo "stale" >"$TMP/site/stale-dir/page.html"
check "an earlier export is exported over" ex "$TMP/site"
check "a stale file of the earlier export is gone" test ! -e "$TMP/site/stale.html"
check "a stale folder of the earlier export is gone" test ! -e "$TMP/site/stale-dir"
check "the new export is complete" is_export "$TMP/site"
check "the new export has as many files as the first" test "$(find "$TMP/site" -type f | wc -l)" -eq "$nfiles"
check "the re-export leaves nothing beside it" no_leftovers "$TMP"

# links planted in an earlier export are neither written through nor removed through
mkdir -p "$TMP/outside/dir"
echo "victim" >"$TMP/outside/victim.txt"
echo "keep" >"$TMP/outside/dir/keep.txt"
snapshot "$TMP/outside" >"$TMP/outside.before"
rm "$TMP/site/style.css"
ln -s "$TMP/outside/victim.txt" "$TMP/site/style.css"
rm -r "$TMP/site/hardware"
ln -s "$TMP/outside/dir" "$TMP/site/hardware"
ln -s "$TMP/outside/dir" "$TMP/site/hw"
check "an earlier export holding links is exported over" ex "$TMP/site"
check "the file a link pointed to is untouched" same_as "$TMP/outside" "$TMP/outside.before"
check "style.css is a file again, not a link" sh -c '[ -f "$1" ] && [ ! -L "$1" ]' - "$TMP/site/style.css"
check "hardware/ is a folder again, not a link" sh -c '[ -d "$1" ] && [ ! -L "$1" ]' - "$TMP/site/hardware"
check "the planted link hw is gone" sh -c '[ ! -e "$1" ] && [ ! -L "$1" ]' - "$TMP/site/hw"
check "the export is complete after the links" is_export "$TMP/site"

# an export that fails half way (a file size limit: write fails with EFBIG) leaves the earlier
# export as it was, and no new folder: the limit passes index.html and stops a larger file
snapshot "$TMP/site" >"$TMP/site.before"
first=$(wc -c <"$TMP/site/index.html")
largest=$(find "$TMP/site" -type f -exec wc -c {} + | awk '$2 != "total" && $1 > m {m = $1} END {print m + 0}')
blocks=1
[ "$largest" -gt $((first + 2048)) ] && blocks=$((first / 512 + 2))
limited() { (trap '' XFSZ && ulimit -f "$blocks" && exec "$BIN" export "$1" >"$TMP/out" 2>"$TMP/err"); }
fails_limited() { ! limited "$1"; }
check "an export that cannot write a file fails" fails_limited "$TMP/site"
check "the failure names the file" grep -q "cannot write '" "$TMP/err"
check "a failed export leaves the earlier export as it was" same_as "$TMP/site" "$TMP/site.before"
check "a failed export leaves no temporary folder" no_leftovers "$TMP"
check "a failed export to a new name fails" fails_limited "$TMP/never"
check "a failed export to a new name leaves nothing" test ! -e "$TMP/never"
check "a failed new export leaves no temporary folder" no_leftovers "$TMP"

# a parent folder that cannot be written: refused before anything is written (root ignores
# permissions, so this runs only as another user)
if [ "$(id -u)" != 0 ]; then
    mkdir "$TMP/ro"
    chmod 555 "$TMP/ro"
    check "an export in a read-only folder fails" refused "$TMP/ro/site"
    check "the failure names the folder" grep -q "$TMP/ro" "$TMP/err"
    check "a read-only folder is left empty" empty_dir "$TMP/ro"
    chmod 755 "$TMP/ro"
fi

echo "hostile export: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
