#!/usr/bin/env bash
# The benchmark: release build, server with demo data on SQLite (and again on PostgreSQL when
# TEST_POSTGRES_URL is set), load on loopback. Prints figures; asserts nothing (targets: every
# main page, signed in, p99 <= 10 ms at 32 connections and within 10x of the bare axum
# handler's requests/s; first load <= 150 KB brotli; a portfolio of 100 reports and 50 photos
# (100 MB) exported in <= 2 s with the server under 150 MB RSS).
#   BENCH_SECONDS=10     seconds of load for each route
#   BENCH_NO_BUILD=1     use binaries built elsewhere: BENCH_BIN_DIR (server and loadgen,
#                        default target/release) and BENCH_SITE_ROOT (default target/site)
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
SECONDS_EACH="${BENCH_SECONDS:-10}"
BIN="${BENCH_BIN_DIR:-target/release}"
SITE="${BENCH_SITE_ROOT:-target/site}"
PORT=3200; BARE_PORT=3201; FLOOD_PORT=3202; PG_PORT=3203; UPLOAD_PORT=3204; EXPORT_PORT=3205
if [ "${BENCH_NO_BUILD:-}" = 1 ]; then
  log "not building: binaries from $BIN, site from $SITE"
else
  log "building (release)"
  cargo leptos build --release --split
  cargo build --release -p server --bin loadgen
fi

pids=(); dirs=(); pg_db=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ ${#dirs[@]} -eq 0 ] || rm -rf "${dirs[@]}"
  [ -z "$pg_db" ] || psql "$TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS $pg_db" >/dev/null 2>&1 || true
}
trap cleanup EXIT

wait_healthy() { # $1 = port
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.5; done
  echo "the server on port $1 did not start"; exit 1
}

# A server with the demo data; $1 = port, $2 = data folder, then extra flags (--database-url).
# Sets server_pid.
start_demo_server() {
  local port=$1 dir=$2; shift 2
  "$BIN/server" --addr "127.0.0.1:$port" --data-dir "$dir" --site-root "$SITE" "$@" serve --demo >"$dir/server.log" 2>&1 &
  server_pid=$!; pids+=("$server_pid")
  wait_healthy "$port"
  # Volume where it matters: the first co-op's programme with 200 more activities, and 1,000
  # reports waiting in the advisors' queue.
  "$BIN/server" --data-dir "$dir" "$@" seed-volume --activities 200 --reports 1000 >>"$dir/server.log" 2>&1
}

sign_in() { # $1 = port, $2 = email: prints the session cookie
  local cookie
  cookie=$(curl -s -o /dev/null -D - "http://127.0.0.1:$1/api/accounts/sign_in" \
    -H "Origin: http://127.0.0.1:$1" -H 'Accept: application/json' \
    --data-urlencode "email=$2" --data-urlencode 'password=circles-demo-2026' --data-urlencode 'next=/' |
    grep -i '^set-cookie: cc_session=' | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]+);.*/\1/')
  [ -n "$cookie" ] || { echo "could not sign in as $2 for the benchmark" >&2; exit 1; }
  printf '%s' "$cookie"
}

first_link() { # $1 = URL, $2 = cookie, $3 = path prefix such as /coops/: prints the first id linked
  curl -s "$1" -H "Cookie: $2" | grep -oE "href=\"$3[0-9]+\"" | head -1 | grep -oE '[0-9]+' || true
}

results=()
measure() { # $1 = database label, $2 = port, $3 = path, $4 = cookie (empty: signed out)
  local line label=$3
  if [ -n "$4" ]; then
    line=$("$BIN/loadgen" run "http://127.0.0.1:$2$3" --seconds "$SECONDS_EACH" --cookie "$4" --tsv)
  else
    line=$("$BIN/loadgen" run "http://127.0.0.1:$2$3" --seconds "$SECONDS_EACH" --tsv)
    label="$3 (visitor)"
  fi
  results+=("$label	$1	$line")
  printf '  %-16s %-10s %s\n' "$label" "$1" "$line"
}

# Every main page, signed in as someone who may see it: the member of the first co-op (in
# circle 1, whose first meeting has a live session started by its facilitator; its programme
# has 205 activities), and the advisor for the queues (1,000 reports waiting). $1 = database label, $2 = port.
measure_pages() {
  local label=$1 port=$2 base="http://127.0.0.1:$2"
  local member advisor facilitator coop meeting live
  member=$(sign_in "$port" member@demo.coop)
  advisor=$(sign_in "$port" advisor@demo.coop)
  facilitator=$(sign_in "$port" facilitator@demo.coop)
  coop=$(first_link "$base/coops" "$member" /coops/)
  meeting=$(first_link "$base/circles/1" "$member" /meetings/)
  [ -n "$coop" ] && [ -n "$meeting" ] || { echo "no co-op or meeting found in the demo data"; exit 1; }
  live=$(curl -s "$base/api/live/start" -H "Origin: $base" -H 'Accept: application/json' \
    -H "Cookie: $facilitator" --data-urlencode "meeting_id=$meeting" | tr -d '"')
  case "$live" in /live/[0-9]*) ;; *) echo "could not start a live session: $live"; exit 1 ;; esac
  log "load on $label: 32 connections, ${SECONDS_EACH}s a route (req/s, p50 ms, p99 ms, answers, errors)"
  measure "$label" "$port" / "$member"
  measure "$label" "$port" /circles "$member"
  measure "$label" "$port" /circles/1 "$member"
  measure "$label" "$port" "/coops/$coop" "$member"
  measure "$label" "$port" /account "$member"
  measure "$label" "$port" /advice "$advisor"
  measure "$label" "$port" /coops/1/programme "$member"
  measure "$label" "$port" /reports "$advisor"
  measure "$label" "$port" "/meetings/$meeting" "$member"
  measure "$label" "$port" "$live" "$member"
}

"$BIN/loadgen" bare 127.0.0.1:$BARE_PORT &
pids+=($!)

data=$(mktemp -d); dirs+=("$data")
start_demo_server $PORT "$data"
main_pid=$server_pid
measure_pages SQLite $PORT
# The home page as a visitor, as measured before.
measure SQLite $PORT / ""
if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  pg_db="cc_bench_$$"
  psql "$TEST_POSTGRES_URL" -qc "CREATE DATABASE $pg_db" >/dev/null
  pg_data=$(mktemp -d); dirs+=("$pg_data")
  start_demo_server $PG_PORT "$pg_data" --database-url "${TEST_POSTGRES_URL%/*}/$pg_db"
  measure_pages PostgreSQL $PG_PORT
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
fi
log "bare axum handler"
bare=$("$BIN/loadgen" run "http://127.0.0.1:$BARE_PORT/" --seconds "$SECONDS_EACH" --tsv)
bare_rps=$(cut -f1 <<<"$bare")
results+=("bare axum	-	$bare")

log "results: 32 connections, loopback, 2 cores shared with the load generator (target: p99 <= 10 ms, bare/route <= 10)"
printf '%-16s %-10s %9s %8s %8s %9s %7s\n' route db "req/s" "p50 ms" "p99 ms" "bare/x" errors
for row in "${results[@]}"; do
  IFS=$'\t' read -r route db rps p50 p99 _ok errors <<<"$row"
  ratio=$(awk -v b="$bare_rps" -v r="$rps" 'BEGIN { if (r > 0) printf "%.1f", b / r; else print "-" }')
  printf '%-16s %-10s %9s %8s %8s %9s %7s\n' "$route" "$db" "$rps" "$p50" "$p99" "$ratio" "$errors"
done

log "server memory"
grep -E 'VmHWM|VmRSS' /proc/$main_pid/status | sed 's/^/  /'

# A flood of sign-ups must not exhaust memory: each password hash holds 19 MiB while it runs,
# and no more run at once than there are cores. A fresh server (empty SQLite database) behind a
# "proxy" on loopback, so that each sign-up comes from its own address and only the work of
# signing up holds them back, not the per-address limits.
SIGNUPS="${BENCH_SIGNUPS:-200}"
log "server memory under $SIGNUPS concurrent sign-ups"
flood_data=$(mktemp -d); dirs+=("$flood_data")
"$BIN/server" --addr 127.0.0.1:$FLOOD_PORT --data-dir "$flood_data" --site-root "$SITE" \
  --trusted-proxies 127.0.0.1 serve >"$flood_data/server.log" 2>&1 &
flood_pid=$!; pids+=("$flood_pid")
wait_healthy $FLOOD_PORT
printf '  before: %s\n' "$(grep VmRSS /proc/$flood_pid/status | tr -s ' \t' ' ')"
"$BIN/loadgen" signups "http://127.0.0.1:$FLOOD_PORT" --count "$SIGNUPS" | sed 's/^/  /'
printf '  after:  %s; peak %s\n' "$(grep VmRSS /proc/$flood_pid/status | tr -s ' \t' ' ')" \
  "$(grep VmHWM /proc/$flood_pid/status | tr -s ' \t' ' ')"
kill $flood_pid 2>/dev/null

# An evidence file of 20 MB (just under the limit) sent to a report as a phone's form would:
# how long it takes, and whether the server's memory stays flat (the file is streamed to
# storage, never held whole). A fresh server with the demo data, so its peak is its own.
log "evidence upload: a 20 MB photo, 5 times (the same content is kept once)"
upload_data=$(mktemp -d); dirs+=("$upload_data")
"$BIN/server" --addr 127.0.0.1:$UPLOAD_PORT --data-dir "$upload_data" --site-root "$SITE" serve --demo >"$upload_data/server.log" 2>&1 &
upload_pid=$!; pids+=("$upload_pid")
wait_healthy $UPLOAD_PORT
upload_base="http://127.0.0.1:$UPLOAD_PORT"
member=$(sign_in $UPLOAD_PORT member@demo.coop)
report=$(curl -s "$upload_base/api/reports/start" -H "Origin: $upload_base" -H 'Accept: application/json' -H "Cookie: $member" \
  --data-urlencode organisation_id=1 --data-urlencode template=progress --data-urlencode goal= | tr -d '"')
case "$report" in /reports/[0-9]*) ;; *) echo "could not start a report: $report"; exit 1 ;; esac
version=$(curl -s "$upload_base$report" -H "Cookie: $member" | grep -oE 'name="version" value="[0-9]+"' | grep -oE '[0-9]+' | head -1)
photo="$upload_data/photo.jpg"
{ printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01'; head -c 19999000 /dev/urandom; } >"$photo"
printf '  file: %s bytes; server before: %s, peak so far %s\n' "$(stat -c %s "$photo")" \
  "$(grep VmRSS /proc/$upload_pid/status | awk '{print $2" "$3}')" "$(grep VmHWM /proc/$upload_pid/status | awk '{print $2" "$3}')"
for i in 1 2 3 4 5; do
  # The server's memory, sampled while the file travels.
  ( peak=0; while kill -0 $upload_pid 2>/dev/null; do
      rss=$(awk '/VmRSS/ {print $2}' /proc/$upload_pid/status); [ "$rss" -gt "$peak" ] && peak=$rss
      printf '%s' "$peak" >"$upload_data/peak"; sleep 0.02; done ) &
  sampler=$!
  answer=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$upload_base$report/evidence" -H "Origin: $upload_base" -H "Cookie: $member" \
    -F "id=${report#/reports/}" -F "version=$version" -F 'intent=upload' -F "evidence[evidence]=@$photo;filename=photo-$i.jpg;type=image/jpeg")
  kill $sampler 2>/dev/null; wait $sampler 2>/dev/null || true
  printf '  upload %d: HTTP %s, %s s; server RSS at most %s kB while it ran\n' "$i" "${answer% *}" "${answer#* }" "$(cat "$upload_data/peak")"
done
printf '  after: %s; peak %s; kept: %s file(s), %s\n' "$(grep VmRSS /proc/$upload_pid/status | awk '{print $2" "$3}')" \
  "$(grep VmHWM /proc/$upload_pid/status | awk '{print $2" "$3}')" "$(find "$upload_data/files/sha256" -type f | wc -l)" \
  "$(du -sh "$upload_data/files" | cut -f1)"
kill $upload_pid 2>/dev/null

log "portfolio export: 100 accepted reports, 50 photos of 2 MB (about 100 MB), while a page is loaded"
export_data=$(mktemp -d); dirs+=("$export_data")
"$BIN/server" --data-dir "$export_data" seed-demo >"$export_data/server.log" 2>&1
"$BIN/server" --data-dir "$export_data" seed-portfolio --reports 100 --photos 50 --photo-bytes 2000000 >>"$export_data/server.log" 2>&1
"$BIN/server" --addr 127.0.0.1:$EXPORT_PORT --data-dir "$export_data" --site-root "$SITE" serve >>"$export_data/server.log" 2>&1 &
export_pid=$!; pids+=("$export_pid")
wait_healthy $EXPORT_PORT
export_base="http://127.0.0.1:$EXPORT_PORT"
member=$(sign_in $EXPORT_PORT member@demo.coop)
curl -s -o /dev/null "$export_base/coops/1/portfolio" -H "Cookie: $member"  # warm
printf '  server before: %s\n' "$(grep VmRSS /proc/$export_pid/status | awk '{print $2" "$3}')"
( peak=0; while kill -0 $export_pid 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' /proc/$export_pid/status 2>/dev/null); [ "${rss:-0}" -gt "$peak" ] && peak=$rss
    printf '%s' "$peak" >"$export_data/peak"; sleep 0.02; done ) &
"$BIN/loadgen" run "$export_base/coops/1" --seconds 4 --connections 8 --cookie "$member" >"$export_data/during" &
load_pid=$!
sleep 0.5
started=$(date +%s.%N)
exported=$(curl -s "$export_base/api/portfolio/export" -H "Origin: $export_base" -H 'Accept: application/json' -H "Cookie: $member" --data 'organisation_id=1')
export_id=${exported##*/}; export_id=${export_id%\"}
status=""
for _ in $(seq 1 1200); do
  status=$(curl -s "$export_base/api/portfolio/get_export" -H "Origin: $export_base" -H 'Accept: application/json' -H "Cookie: $member" --data "id=$export_id" |
    python3 -c 'import json,sys; e=json.load(sys.stdin)["export"]; print(e["status"], e["items_done"], e["items_total"], e["size"])')
  case "$status" in done*|failed*) break;; esac
  sleep 0.05
done
finished=$(date +%s.%N)
wait $load_pid
printf '  export %s: %s (status, parts done, parts, bundle bytes) in %s s; server RSS at most %s kB\n' "$export_id" "$status" \
  "$(python3 -c "print(f'{$finished - $started:.2f}')")" "$(cat "$export_data/peak")"
printf '  a page meanwhile (8 connections): %s\n' "$(cat "$export_data/during")"
printf '  server after: %s; peak %s\n' "$(grep VmRSS /proc/$export_pid/status | awk '{print $2" "$3}')" "$(grep VmHWM /proc/$export_pid/status | awk '{print $2" "$3}')"
kill $export_pid 2>/dev/null

log "first load (what a phone downloads for the home page)"
html=$(curl -s "http://127.0.0.1:$PORT/")
raw_total=0; br_total=0
for f in $(printf '%s' "$html" | grep -oE '/pkg/[^"]+\.(js|wasm|css)' | sort -u); do
  raw=$(stat -c %s "$SITE$f"); br=$(stat -c %s "$SITE$f.br")
  printf '  %-48s %8d raw %8d brotli\n' "$f" "$raw" "$br"
  raw_total=$((raw_total + raw)); br_total=$((br_total + br))
done
printf '  %-48s %8d raw %8d brotli\n' "total" "$raw_total" "$br_total"
