#!/bin/sh
# bench/site.sh: load test of `aibench serve` with wrk, next to nginx serving the static
# export of the same site, on this machine, in the same run: the hardware page, the plan API
# (cached answers) and the plan API with a different query on every request (computed).
# Prints requests/s and latency percentiles; asserts nothing.
# Needs: apt-get install wrk nginx (bench only; not needed to build or test).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
make -s build/aibench || exit 1
for tool in wrk nginx; do
    command -v $tool >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
    command -v $tool >/dev/null 2>&1 || { echo "$tool is missing: apt-get install wrk nginx"; exit 1; }
done
T=${THREADS:-$(nproc)}
DUR=${DURATION:-10}
CONN=${CONNECTIONS:-64}
TMP=$(mktemp -d)
export AIBENCH_DB="$TMP/catalog.db"
build/aibench export "$TMP/site" >/dev/null || exit 1
chmod -R a+rX "$TMP" # nginx workers run as an unprivileged user

# nginx on the exported files: one worker per core, access log off, sendfile on
cat >"$TMP/nginx.conf" <<CONF
worker_processes $T;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    types { text/html html; text/css css; application/json json; text/javascript js; }
    server { listen 127.0.0.1:18090; root $TMP/site; index index.html; }
}
CONF
nginx -c "$TMP/nginx.conf" -p "$TMP" || exit 1
build/aibench serve --port 18091 --threads "$T" 2>/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; nginx -c "$TMP/nginx.conf" -p "$TMP" -s stop 2>/dev/null; rm -rf "$TMP"' EXIT
sleep 1

# a different planner query on every request: no two are the same, so most are computed
cat >"$TMP/vary.lua" <<'LUA'
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/plan.json?hw=rtx-4090&ctx=" .. (1024 + (n * 7919) % 120000) .. "&min_tps=" .. (n % 50))
end
LUA

run() { # label url [script]
    if [ -n "${3:-}" ]; then out=$(wrk -t "$T" -c "$CONN" -d "${DUR}s" --latency -s "$3" "$2"); else
        out=$(wrk -t "$T" -c "$CONN" -d "${DUR}s" --latency "$2"); fi
    rps=$(printf '%s\n' "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(printf '%s\n' "$out" | awk '$1 == "50%" {print $2}')
    p90=$(printf '%s\n' "$out" | awk '$1 == "90%" {print $2}')
    p99=$(printf '%s\n' "$out" | awk '$1 == "99%" {print $2}')
    errs=$(printf '%s\n' "$out" | awk '/Non-2xx/ {print $NF}')
    printf '%-46s %10s req/s   p50 %8s  p90 %8s  p99 %8s  %s\n' "$1" "$rps" "$p50" "$p90" "$p99" "${errs:+non-2xx: $errs}"
    echo "$rps" >"$TMP/last"
}
echo "wrk: $T threads, $CONN connections, ${DUR}s each; servers use $T threads/workers; $(nproc) cores"
run "nginx, static hardware page" "http://127.0.0.1:18090/hardware/framework-desktop/index.html"
nginx_rps=$(cat "$TMP/last")
run "aibench serve, hardware page" "http://127.0.0.1:18091/hardware/framework-desktop/"
page_rps=$(cat "$TMP/last")
run "nginx, static plan JSON" "http://127.0.0.1:18090/api/plan/rtx-4090.json"
run "aibench serve, plan API (same query)" "http://127.0.0.1:18091/api/plan.json?hw=rtx-4090"
run "aibench serve, plan API (new query each time)" "http://127.0.0.1:18091/" "$TMP/vary.lua"
awk -v a="$page_rps" -v b="$nginx_rps" 'BEGIN { printf "dynamic hardware page / nginx static page: %.2f (target >= 0.5)\n", a / b }'
