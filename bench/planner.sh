#!/bin/sh
# bench/planner.sh: CPU time of planner queries over the whole catalog (bench/planner.c).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
make -s build/libaibench.a || exit 1
cc -O2 -Iinclude -Isrc -D_GNU_SOURCE -o build/bench_planner bench/planner.c build/libaibench.a \
   -lsqlite3 -ljansson -lpci -lmicrohttpd -lpthread -lm || exit 1
build/bench_planner data
