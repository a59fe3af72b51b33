#!/usr/bin/env bash
# Builds the npm package into pkg/: wasm-pack build --release --target web, then wasm-opt (npm's
# binaryen), the same with the cargo feature `server` into target/server-pkg (the server entry's
# own module, so the browser's .wasm stays as it is), then scripts/package.mjs turns both into the
# published package (entries for browsers, Node and servers, types, package.json, README).
# scripts/test.sh's package step runs this.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/tools.sh
ensure_tools
# wasm-opt's flags (npm's binaryen), for both modules: the best of the flag sets measured for issue 21
# (on the browser module with its panics trapping: a second --flatten --rereloop -Os pass and
# -ocimfs 30 took 115 B more off its gzip).
WASM_OPT_FLAGS=(-Os -ocimfs 30 --low-memory-unused --flatten --rereloop -Os --flatten --rereloop -Os
  --converge --strip-producers --strip-target-features --enable-bulk-memory
  --enable-nontrapping-float-to-int)
# A fresh pkg/. wasm-pack leaves wasm-opt to this script (--no-opt): the browser module's panics
# are made to trap at once first (scripts/trap-panics.mjs needs the names wasm-opt strips), the
# panic data left unused is cleared after it, and then its import and export names are
# shortened, in the .wasm and in its glue alike.
rm -rf pkg
wasm-pack build --release --target web --out-dir pkg --no-opt
node scripts/trap-panics.mjs pkg/logto_invitations_bg.wasm
wasm-opt "${WASM_OPT_FLAGS[@]}" pkg/logto_invitations_bg.wasm -o pkg/logto_invitations_bg.wasm
node scripts/trap-panics.mjs --clear-panic-data pkg/logto_invitations_bg.wasm
node scripts/minify-wasm-names.mjs pkg/logto_invitations_bg.wasm pkg/logto_invitations.js
wasm-pack build --release --target web --out-dir target/server-pkg --out-name logto_invitations_server --no-pack --no-opt -- --features server
wasm-opt "${WASM_OPT_FLAGS[@]}" target/server-pkg/logto_invitations_server_bg.wasm -o target/server-pkg/logto_invitations_server_bg.wasm
node scripts/package.mjs
printf 'pkg/logto_invitations_bg.wasm: %s bytes, %s gzipped\n' \
  "$(wc -c <pkg/logto_invitations_bg.wasm)" "$(gzip -9 -c <pkg/logto_invitations_bg.wasm | wc -c)"
printf 'pkg/server.mjs (server entry, not downloaded by browsers): its .wasm %s bytes, %s gzipped\n' \
  "$(wc -c <target/server-pkg/logto_invitations_server_bg.wasm)" "$(gzip -9 -c <target/server-pkg/logto_invitations_server_bg.wasm | wc -c)"
