#!/usr/bin/env bash
# Builds the server entry (logto-invitations/server) into pkg/: the crate with the cargo feature
# `server` (wasm-pack --release --target web into target/server-pkg, wasm-opt -Oz), then
# scripts/package-server.mjs bundles it (pkg/server.mjs, server.cjs, server.d.ts). It leaves the
# browser build (pkg/logto_invitations_bg.wasm) alone; run scripts/build.sh for that first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/tools.sh
ensure_tools
wasm-pack build --release --target web --out-dir target/server-pkg --out-name logto_invitations_server --no-pack -- --features server
node scripts/package-server.mjs
printf 'target/server-pkg/logto_invitations_server_bg.wasm: %s bytes, %s gzipped (server only; not downloaded by browsers)\n' \
  "$(wc -c <target/server-pkg/logto_invitations_server_bg.wasm)" "$(gzip -9 -c <target/server-pkg/logto_invitations_server_bg.wasm | wc -c)"
