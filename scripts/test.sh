#!/usr/bin/env bash
# Runs every test: formatting and lints, host unit tests, the local server's tests, the browser
# suite in headless Chromium against the local server, the release build in pkg/ with its
# TypeScript type tests, and an end-to-end run of that optimised build in Chromium.
# Installs what is missing first (scripts/tools.sh). Exits non-zero if anything fails.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/tools.sh
. scripts/server.sh
if ! ensure_tools; then
  echo "test.sh: could not install the tools it needs (see above)"
  echo "test.sh: 0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0
failures=()
step() {
  local name="$1"
  shift
  printf '\n=== %s\n' "$name"
  local started=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    printf '=== %s: ok (%ss)\n' "$name" $((SECONDS - started))
  else
    failed=$((failed + 1))
    failures+=("$name")
    printf '=== %s: FAILED (%ss)\n' "$name" $((SECONDS - started))
  fi
}
trap stop_server EXIT

lint() {
  cargo fmt --check &&
    cargo clippy --quiet --all-targets -- -D warnings &&
    cargo clippy --quiet --all-targets --target wasm32-unknown-unknown -- -D warnings &&
    cargo clippy --quiet --all-targets --features server -- -D warnings &&
    cargo clippy --quiet --all-targets --features server --target wasm32-unknown-unknown -- -D warnings &&
    (cd tests/server && cargo fmt --check && cargo clippy --quiet --locked --all-targets -- -D warnings)
}
host_tests() { cargo test --quiet --features server; }
server_tests() { (cd tests/server && cargo test --quiet --locked); }
server() { build_server && start_server --static "$ROOT" && echo "local server at $SERVER_URL"; }
browser_tests() { LOGTO_TEST_URL="$SERVER_URL" wasm-pack test --headless --chrome; }
# The size budget: the release .wasm, gzip -9, may not grow past this (achieved: 37,964 bytes).
# Raise it only with a reason in the commit message; bench.sh measures sizes in detail.
WASM_GZIP_BUDGET=39500
package() {
  wasm-pack build --release --target web --out-dir pkg || return 1
  local raw gz
  raw=$(wc -c <pkg/logto_invitations_bg.wasm)
  gz=$(gzip -9 -c <pkg/logto_invitations_bg.wasm | wc -c)
  echo "pkg/logto_invitations_bg.wasm: $raw bytes, $gz gzipped (budget $WASM_GZIP_BUDGET)"
  if [ "$gz" -gt "$WASM_GZIP_BUDGET" ]; then
    echo "size budget exceeded: the gzipped .wasm is $gz bytes, over $WASM_GZIP_BUDGET"
    echo "size: 0 passed, 1 failed"
    return 1
  fi
  echo "size: 1 passed, 0 failed"
}
type_tests() { node tests/types/check.mjs; }
# The server entry (logto-invitations/server): the crate with the feature `server`, bundled.
server_entry() { bash scripts/build-server.sh; }
# clientCredentials and createInvitationsProxy against local servers it starts itself.
proxy_tests() { node tests/proxy/run.mjs; }
release_e2e() { SERVER_URL="$SERVER_URL" node tests/e2e/release.mjs; }
dashboard_build() {
  (cd www &&
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
      npm ci --no-audit --no-fund --loglevel=error
    fi &&
    npm run --silent build)
}
# dashboard.mjs starts its own servers: Logto (the local server) behind scripts/demo-server.mjs.
dashboard_e2e() { env -u SERVER_URL node tests/e2e/dashboard.mjs; }

step "lint (fmt, clippy host + wasm32)" lint
step "host unit tests (cargo test)" host_tests
step "local server tests" server_tests
step "build and start the local Logto-compatible server" server
step "browser tests (wasm-pack test --headless --chrome)" browser_tests
step "release build (wasm-pack build -> pkg/) and size budget" package
step "TypeScript type tests (tsc --strict)" type_tests
step "server entry build (scripts/build-server.sh -> pkg/server.mjs)" server_entry
step "server entry: clientCredentials and the proxy against the local server" proxy_tests
step "release pkg/ in Chromium: life cycle + 10,000-call fuzz" release_e2e
step "demo dashboard: npm ci, tsc --strict, vite build (www/)" dashboard_build
step "demo dashboard end-to-end in Chromium (www/)" dashboard_e2e
stop_server

printf '\n'
for name in "${failures[@]}"; do printf 'failed: %s\n' "$name"; done
echo "test.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
