#!/bin/sh
# http.sh BIN TMP: the hostile HTTP corpus (http.txt) and the server's defences (http.mjs).
HERE=$(cd "$(dirname "$0")" && pwd)
exec node "$HERE/http.mjs" "$1" "$2"
