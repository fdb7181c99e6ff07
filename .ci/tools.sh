# Install the build tools Co-op Circles needs, each only when missing. Sourced by the
# README's commands (serve.sh, test.sh, bench.sh), so a fresh machine works.
#   - the Rust toolchain and WASM target: rustup reads rust-toolchain.toml by itself;
#   - cargo-leptos 0.3.10 and wasm-bindgen-cli 0.2.129: the newest releases need rustc 1.96+,
#     and wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock;
#   - wasm-opt from npm's binaryen (Debian's binaryen 108 builds a bundle that never hydrates).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${CC_TOOLS_DIR:-$HOME/.cache/coop-circles-tools}"
export PATH="$TOOLS/node_modules/.bin:$HOME/.cargo/bin:$PATH"

log() { printf '\033[1m== %s\033[0m\n' "$*"; }

cd "$ROOT"
rustup show active-toolchain >/dev/null 2>&1 || rustup toolchain install
rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

if ! cargo leptos --version 2>/dev/null | grep -q '0\.3\.10'; then
  log "installing cargo-leptos 0.3.10 (about 20 minutes on 2 cores, once)"
  cargo install --locked cargo-leptos --version 0.3.10
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q '0\.2\.129'; then
  log "installing wasm-bindgen-cli 0.2.129 (about 8 minutes, once)"
  cargo install --locked wasm-bindgen-cli --version 0.2.129
fi
if ! "$TOOLS/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q 'version 132'; then
  log "installing wasm-opt (npm binaryen 132)"
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --no-save binaryen@132.0.0 >/dev/null
fi
