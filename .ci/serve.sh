#!/usr/bin/env bash
# The README's run command: build (release) and serve the portal at http://127.0.0.1:3000
# on the embedded SQLite database in ./data. Pass --demo to load the demo data; the demo has no
# mail server, so every message it sends is also written, links included, as an .eml file in
# ./data/mail (unless CC_MAIL_DIR names another folder).
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
log "building (release)"
cargo leptos build --release --split
log "serving on http://127.0.0.1:3000"
mail=()
for arg in "$@"; do
  if [ "$arg" = "--demo" ] && [ -z "${CC_MAIL_DIR:-}" ]; then mail=(--mail-dir data/mail); fi
done
exec ./target/release/server --site-root target/site "${mail[@]}" serve "$@"
