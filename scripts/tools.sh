#!/usr/bin/env bash
# Installs what the build and tests need, only when it is missing or at the wrong version:
# the wasm32 target, wasm-pack, wasm-bindgen-cli at exactly Cargo.lock's wasm-bindgen version,
# Debian's chromium + chromium-driver, and the npm dev tools (npm's binaryen for wasm-opt,
# esbuild, typescript 5.9, 6.0 and 7.0, @types/node, playwright-core). Nothing is downloaded from
# GitHub or a browser vendor.
# Source it (`. scripts/tools.sh`), then call `ensure_tools`: it returns non-zero if an install
# fails, and puts node_modules/.bin on PATH. It sets no shell options in the caller.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WASM_PACK_VERSION="0.15.1"

log() { printf '[tools] %s\n' "$*" >&2; }

ensure_tools() {
  export PATH="$HOME/.cargo/bin:$PATH"

  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown || return 1
  fi

  if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
    log "installing wasm-pack $WASM_PACK_VERSION (about 2 minutes)"
    cargo install wasm-pack --locked --version "$WASM_PACK_VERSION" || return 1
  fi

  # wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
  local WASM_BINDGEN_VERSION
  WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
    # Without --locked: its lock file pins a yanked webpki-roots.
    cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" || return 1
  fi

  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    log "installing Debian's chromium and chromium-driver"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || return 1
    apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null || return 1
  fi

  if [ ! -x "$ROOT/node_modules/.bin/wasm-opt" ] || [ ! -x "$ROOT/node_modules/.bin/tsc" ] \
    || [ ! -x "$ROOT/node_modules/.bin/esbuild" ] || [ ! -d "$ROOT/node_modules/typescript-6" ] \
    || [ ! -d "$ROOT/node_modules/typescript-7" ] \
    || [ ! -d "$ROOT/node_modules/playwright-core" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    log "installing npm dev tools (binaryen, esbuild, typescript, @types/node, playwright-core)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) || return 1
  fi
  export PATH="$ROOT/node_modules/.bin:$PATH"
}
