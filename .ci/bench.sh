#!/usr/bin/env bash
# The benchmark: release build, server with demo data on SQLite, load on loopback.
# Prints figures; asserts nothing (targets: signed-in p99 <= 10 ms at 32 connections,
# first load <= 150 KB brotli).
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
SECONDS_EACH="${BENCH_SECONDS:-10}"
PORT=3200; BARE_PORT=3201; FLOOD_PORT=3202
log "building (release)"
cargo leptos build --release
cargo build --release -p server --bin loadgen

data=$(mktemp -d)
./target/release/server --addr 127.0.0.1:$PORT --data-dir "$data" --site-root target/site serve --demo >"$data/server.log" 2>&1 &
server_pid=$!
./target/release/loadgen bare 127.0.0.1:$BARE_PORT &
bare_pid=$!
trap 'kill $server_pid $bare_pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done

cookie=$(curl -s -o /dev/null -D - "http://127.0.0.1:$PORT/api/accounts/sign_in" \
  -H "Origin: http://127.0.0.1:$PORT" -H 'Accept: application/json' \
  --data-urlencode 'email=member@demo.coop' --data-urlencode 'password=circles-demo-2026' --data-urlencode 'next=/' |
  grep -i '^set-cookie: cc_session=' | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]+);.*/\1/')
[ -n "$cookie" ] || { echo "could not sign in for the benchmark"; exit 1; }

log "load: 32 connections, ${SECONDS_EACH}s each, loopback, 2 cores shared with the load generator"
./target/release/loadgen run "http://127.0.0.1:$PORT/" --seconds "$SECONDS_EACH"
./target/release/loadgen run "http://127.0.0.1:$PORT/account" --seconds "$SECONDS_EACH" --cookie "$cookie"
./target/release/loadgen run "http://127.0.0.1:$BARE_PORT/" --seconds "$SECONDS_EACH"

log "server memory"
grep -E 'VmHWM|VmRSS' /proc/$server_pid/status | sed 's/^/  /'

# A flood of sign-ups must not exhaust memory: each password hash holds 19 MiB while it runs,
# and no more run at once than there are cores. A fresh server (empty SQLite database) behind a
# "proxy" on loopback, so that each sign-up comes from its own address and only the work of
# signing up holds them back, not the per-address limits.
SIGNUPS="${BENCH_SIGNUPS:-200}"
log "server memory under $SIGNUPS concurrent sign-ups"
flood_data=$(mktemp -d)
./target/release/server --addr 127.0.0.1:$FLOOD_PORT --data-dir "$flood_data" --site-root target/site \
  --trusted-proxies 127.0.0.1 serve >"$flood_data/server.log" 2>&1 &
flood_pid=$!
trap 'kill $server_pid $bare_pid $flood_pid 2>/dev/null; rm -rf "$data" "$flood_data"' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$FLOOD_PORT/healthz" >/dev/null && break; sleep 0.5; done
printf '  before: %s\n' "$(grep VmRSS /proc/$flood_pid/status | tr -s ' \t' ' ')"
./target/release/loadgen signups "http://127.0.0.1:$FLOOD_PORT" --count "$SIGNUPS" | sed 's/^/  /'
printf '  after:  %s; peak %s\n' "$(grep VmRSS /proc/$flood_pid/status | tr -s ' \t' ' ')" \
  "$(grep VmHWM /proc/$flood_pid/status | tr -s ' \t' ' ')"
kill $flood_pid 2>/dev/null

log "first load (what a phone downloads for the home page)"
html=$(curl -s "http://127.0.0.1:$PORT/")
raw_total=0; br_total=0
for f in $(printf '%s' "$html" | grep -oE '/pkg/[^"]+\.(js|wasm|css)' | sort -u); do
  raw=$(stat -c %s "target/site$f"); br=$(stat -c %s "target/site$f.br")
  printf '  %-48s %8d raw %8d brotli\n' "$f" "$raw" "$br"
  raw_total=$((raw_total + raw)); br_total=$((br_total + br))
done
printf '  %-48s %8d raw %8d brotli\n' "total" "$raw_total" "$br_total"
