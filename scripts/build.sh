#!/usr/bin/env bash
# Builds the npm package into pkg/: wasm-pack build --release --target web (wasm-opt -Oz from
# npm's binaryen), the same with the cargo feature `server` into target/server-pkg (the server
# entry's own module, so the browser's .wasm stays as it is), then scripts/package.mjs turns both
# into the published package (entries for browsers, Node and servers, types, package.json,
# README). scripts/test.sh's package step runs this.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/tools.sh
ensure_tools
# A fresh pkg/: wasm-pack runs wasm-opt on every .wasm it finds in its output folder, the server
# entry's included.
rm -rf pkg
wasm-pack build --release --target web --out-dir pkg
# Study of issue 21: short import/export names in the .wasm and its glue (-1.8 KB .wasm gzip).
node scripts/minify-wasm-names.mjs pkg/logto_invitations_bg.wasm pkg/logto_invitations.js
wasm-pack build --release --target web --out-dir target/server-pkg --out-name logto_invitations_server --no-pack -- --features server
node scripts/package.mjs
printf 'pkg/logto_invitations_bg.wasm: %s bytes, %s gzipped\n' \
  "$(wc -c <pkg/logto_invitations_bg.wasm)" "$(gzip -9 -c <pkg/logto_invitations_bg.wasm | wc -c)"
printf 'pkg/server.mjs (server entry, not downloaded by browsers): its .wasm %s bytes, %s gzipped\n' \
  "$(wc -c <target/server-pkg/logto_invitations_server_bg.wasm)" "$(gzip -9 -c <target/server-pkg/logto_invitations_server_bg.wasm | wc -c)"
