#!/usr/bin/env bash
# Lighthouse (mobile: a mid-range phone on a slow 4G link, simulated) on four pages of a release
# server with the demo data: home and sign-in signed out, an application form (applicant7's
# draft) and a live room (the facilitator's). Prints performance, LCP, TBT and CLS a page;
# asserts nothing (aim: performance >= 95). Lighthouse 12.2.3 is the last that runs on Node 20;
# it drives Debian's Chromium. Run after a release build (`bash .ci/bench.sh` builds one), or:
#   cargo leptos build --release --split && bash .ci/lighthouse.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
LH_DIR="${CC_LIGHTHOUSE_DIR:-$HOME/.cache/coop-circles-lighthouse}"
if ! "$LH_DIR/node_modules/.bin/lighthouse" --version 2>/dev/null | grep -q '^12\.2\.3'; then
  echo "== installing lighthouse 12.2.3 (npm)"
  mkdir -p "$LH_DIR"
  npm install --prefix "$LH_DIR" --no-audit --no-fund lighthouse@12.2.3 >/dev/null
fi
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
PORT=3300; base="http://127.0.0.1:$PORT"
data=$(mktemp -d)
./target/release/server --addr 127.0.0.1:$PORT --data-dir "$data" --mail-dir "$data/mail" \
  --site-root target/site serve --demo >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 60); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.5; done

sign_in() {
  curl -s -o /dev/null -D - "$base/api/accounts/sign_in" -H "Origin: $base" -H 'Accept: application/json' \
    --data-urlencode "email=$1" --data-urlencode 'password=circles-demo-2026' --data-urlencode 'next=/' |
    grep -i '^set-cookie: cc_session=' | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]+);.*/\1/'
}
post() { # $1 = cookie, $2 = server function, then form fields: prints the JSON answer
  local cookie=$1 fn=$2; shift 2
  curl -s -X POST "$base/api/$fn" -H "Origin: $base" -H 'Accept: application/json' -H "Cookie: $cookie" "$@" | tr -d '"'
}
applicant=$(sign_in applicant7@demo.coop)
apply=$(post "$applicant" onboarding/start)
facilitator=$(sign_in facilitator@demo.coop)
meeting=$(curl -s "$base/circles/1" -H "Cookie: $facilitator" | grep -oE 'href="/meetings/[0-9]+"' | head -1 | grep -oE '[0-9]+')
live=$(post "$facilitator" live/start --data-urlencode "meeting_id=$meeting")
case "$apply" in /apply/[0-9]*) ;; *) echo "no application to open: $apply"; exit 1 ;; esac
case "$live" in /live/[0-9]*) ;; *) echo "could not start a live session: $live"; exit 1 ;; esac

printf '%-16s %11s %9s %9s %7s\n' page performance "LCP ms" "TBT ms" CLS
audit() { # $1 = label, $2 = path, $3 = cookie (may be empty)
  local headers='{}'
  [ -z "$3" ] || headers="{\"Cookie\": \"$3\"}"
  "$LH_DIR/node_modules/.bin/lighthouse" "$base$2" --quiet --only-categories=performance \
    --output=json --output-path="$data/lh.json" --extra-headers="$headers" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>&1 || { echo "$1: lighthouse failed"; return; }
  node -e '
    const r = require(process.argv[1]); const a = r.audits;
    const n = (k) => a[k] && a[k].numericValue;
    console.log(process.argv[2].padEnd(16), String(Math.round(r.categories.performance.score * 100)).padStart(11),
      String(Math.round(n("largest-contentful-paint"))).padStart(9), String(Math.round(n("total-blocking-time"))).padStart(9),
      n("cumulative-layout-shift").toFixed(3).padStart(7));
  ' "$data/lh.json" "$1"
}
audit home / ""
audit sign-in /signin ""
audit "application" "$apply" "$applicant"
audit "live room" "$live" "$facilitator"
