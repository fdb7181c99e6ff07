#!/usr/bin/env bash
# The README's test command: install what the tests need, then run every test —
# unit, integration on SQLite and PostgreSQL, and end-to-end in Chromium.
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
set -o pipefail

apt_install() {
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

command -v chromium >/dev/null || { log "installing Chromium"; apt_install chromium; }
command -v pg_ctlcluster >/dev/null || { log "installing PostgreSQL"; apt_install postgresql; }
# An independent iCalendar reader: the tests check our .ics files with it, not with our own code.
python3 -c "import icalendar" 2>/dev/null || { log "installing Python icalendar"; python3 -m pip install -q "icalendar==6.1.0"; }
# A real SMTP server on loopback: the integration tests read links from the mail as delivered.
python3 -c "import aiosmtpd" 2>/dev/null || { log "installing Python aiosmtpd"; python3 -m pip install -q "aiosmtpd==1.4.6"; }
# Independent readers of the portfolio bundle: poppler (pdftotext, pdfinfo) and qpdf for its
# PDF, Python's jsonschema for its JSON.
{ command -v pdftotext && command -v pdfinfo && command -v qpdf; } >/dev/null || { log "installing poppler-utils and qpdf"; apt_install poppler-utils qpdf; }
python3 -c "import jsonschema" 2>/dev/null || { log "installing Python jsonschema"; python3 -m pip install -q "jsonschema==4.26.0"; }
# A real S3-compatible server on loopback (moto's): shared storage for evidence files is tested on it.
python3 -c "import moto.server" 2>/dev/null || { log "installing Python moto[server]"; python3 -m pip install -q "moto[server]==5.1.18"; }

log "starting PostgreSQL"
cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  pg_createcluster "$version" main >/dev/null
  cluster="$version main"
fi
pg_ctlcluster $cluster start 2>/dev/null || true
port=$(pg_lsclusters --no-header | awk 'NR==1 {print $3}')
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 1; done
su postgres -c "psql -q -p $port -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
# Databases left by interrupted runs.
su postgres -c "psql -At -p $port -c \"SELECT datname FROM pg_database WHERE datname LIKE 'cc_test_%'\"" |
  while read -r db; do su postgres -c "dropdb -p $port '$db'"; done
export TEST_POSTGRES_URL="postgres://postgres:postgres@127.0.0.1:$port/postgres"

# No incremental compilation: the test command builds once, and incremental files (27 GB here
# after a few sessions, several GB from a fresh clone) are what filled CI's disk mid-build.
export CARGO_INCREMENTAL=0

results=$(mktemp)
log "unit and integration tests (SQLite and PostgreSQL)"
# app and server only: the frontend crate is WASM and would turn on app's "hydrate" feature.
# The server's integration tests are one binary (server/tests/integration), two tests at a time.
cargo test -p app -p server 2>&1 | tee "$results"

log "building the release site for the browser tests"
cargo leptos build --release --split

log "end-to-end tests in Chromium"
cd end2end
npm ci --no-audit --no-fund >/dev/null
npx playwright test 2>&1 | tee -a "$results"

# One closing line for the whole run.
rust_passed=$(grep -oE 'test result: ok\. [0-9]+ passed' "$results" | awk '{s+=$4} END {print s+0}')
e2e_passed=$(grep -oE '^ +[0-9]+ passed' "$results" | awk '{s+=$1} END {print s+0}')
echo "all: $((rust_passed + e2e_passed)) passed, 0 failed"
