#!/usr/bin/env bash
# The README's run command: build (release) and serve the portal at http://127.0.0.1:3000
# on the embedded SQLite database in ./data. Pass --demo to load the demo data.
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
log "building (release)"
cargo leptos build --release
log "serving on http://127.0.0.1:3000"
exec ./target/release/server --site-root target/site serve "$@"
