#!/usr/bin/env bash
# Builds the npm package into pkg/: wasm-pack build --release --target web (wasm-opt -Oz from
# npm's binaryen), then scripts/package.mjs turns its output into the published package (entries
# for browsers and Node, types, package.json, README). scripts/test.sh's package step runs this.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/tools.sh
ensure_tools
wasm-pack build --release --target web --out-dir pkg
node scripts/package.mjs
printf 'pkg/logto_invitations_bg.wasm: %s bytes, %s gzipped\n' \
  "$(wc -c <pkg/logto_invitations_bg.wasm)" "$(gzip -9 -c <pkg/logto_invitations_bg.wasm | wc -c)"
