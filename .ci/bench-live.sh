#!/usr/bin/env bash
# The live-session benchmark: a release server on loopback, on SQLite and then on PostgreSQL
# (when TEST_POSTGRES_URL or a local cluster is there), loaded by `livegen`. Prints figures;
# asserts nothing (aims: fan-out p99 <= 20 ms, server RSS <= 300 MB, 0 lost, 0 duplicated).
#   PARTICIPANTS=1000 SESSIONS=50 LIVE_SECONDS=20 bash .ci/bench-live.sh
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
PARTICIPANTS="${PARTICIPANTS:-1000}"; SESSIONS="${SESSIONS:-50}"; LIVE_SECONDS="${LIVE_SECONDS:-20}"
PORT=3400
log "building (release)"
cargo leptos build --release --split >/dev/null
cargo build --release -p server --bin livegen

run() { # $1 = label, $2 = database URL
  local data; data=$(mktemp -d)
  ./target/release/server --addr 127.0.0.1:$PORT --data-dir "$data" --database-url "$2" --site-root target/site migrate >/dev/null
  ./target/release/server --addr 127.0.0.1:$PORT --data-dir "$data" --database-url "$2" --site-root target/site --api-per-second 0 serve >"$data/server.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done
  local ticks_before; ticks_before=$(awk '{print $14 + $15}' /proc/$pid/stat)
  log "live load on $1: $PARTICIPANTS participants across $SESSIONS sessions, ${LIVE_SECONDS}s"
  ./target/release/livegen --url "http://127.0.0.1:$PORT" --database-url "$2" \
    --participants "$PARTICIPANTS" --sessions "$SESSIONS" --seconds "$LIVE_SECONDS"
  local ticks_after; ticks_after=$(awk '{print $14 + $15}' /proc/$pid/stat)
  local hz; hz=$(getconf CLK_TCK)
  echo "server CPU:        $(( (ticks_after - ticks_before) / hz )) s over the run (2 cores = $((2 * LIVE_SECONDS)) s available)"
  echo "server peak RSS:   $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"
  kill $pid; wait $pid 2>/dev/null; rm -rf "$data"
}

sqlite_dir=$(mktemp -d)
run "SQLite" "sqlite://$sqlite_dir/live.db?mode=rwc"
rm -rf "$sqlite_dir"
if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  db="cc_live_bench_$$"
  psql "$TEST_POSTGRES_URL" -qc "CREATE DATABASE $db" >/dev/null
  run "PostgreSQL" "${TEST_POSTGRES_URL%/*}/$db"
  psql "$TEST_POSTGRES_URL" -qc "DROP DATABASE $db" >/dev/null
fi
