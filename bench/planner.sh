#!/bin/sh
# bench/planner.sh: CPU time of planner questions over the whole catalog (bench/planner.c), the
# library call every front end makes, with and without writing its JSON.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
make -s build/libaibench.a build/libaibench-site.a || exit 1
cc -O2 -std=c17 -Iinclude -Isrc -D_GNU_SOURCE -o build/bench_planner bench/planner.c build/libaibench-site.a \
   build/libaibench.a -lsqlite3 -ljansson -lpci -lmicrohttpd -lpthread -lm || exit 1
build/bench_planner data
