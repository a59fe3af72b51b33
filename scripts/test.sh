#!/usr/bin/env bash
# Runs every test: formatting and lints, host unit tests, the local server's tests, the browser
# suite in headless Chromium against the local server, the release build in pkg/ with its npm
# pack contents and TypeScript type tests, an end-to-end run of that optimised build in Chromium,
# the compatibility matrix (real projects that install the packed tarball) and the demo (the
# dashboard and the invitee's page).
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
# The size budget: the release .wasm, gzip -9, may not grow past this (achieved: 34,432 bytes,
# with a margin of about 200 for the other open issues' small browser-side additions). Issue 21
# took it from 41,821: short import/export names (-1,787), erased response checks (-336),
# wasm-opt's flag sets (-322, then -104), panics that trap at once (scripts/trap-panics.mjs,
# -2,712) and the panic data left unused cleared (-869), Retry-After, baseUrl and header checks
# over bytes (-545), one copy of the calls' shared code (-259), plain JsValue optional arguments
# and baseUrl (-305), the template variables checked in a loop (-106), pages used as arrays (-33),
# each class's calls through one export, invoke (-215, then -38); +39 for panic texts left whole
# where they may sit inside a longer string (brk21). Then raised for the response checks'
# JsonBody (one crossing per plain member, issue 21's lists: the package's own work on a list of
# 10,000 from 13.0 to 4.6-6.5 ms): +355. Then, achieved 34,623 (+191): an object's member types
# read in one call (npm/json-body.js memberTypes; the checks of a list of 10,000: 4.7 -> 3.8 ms)
# +350, Logto's request ID read only where it is used -93, a call started within its method
# (one await of the transport) -66. Then 34,629 (+6), from the review of those (brk22): calls
# made by a hook within another call's first poll start a microtask later, a hook's promise
# always waited for through Promise.race, an array's length and each header pair read catching.
# Then 34,551 (-78): the paths few calls take (a token request, onResponse, an error body, a
# read-back, a retry's wait) awaited out of line (src/transport/out_of_line.rs). Then 34,620
# (+69): the list items' shapes' member types read with code of their own
# (src/wire/member_types.rs; a list of 10,000 0.93x, of 1,000 0.95x the time before, in one
# page; the entry +145 B).
# Then 34,315 (-305): wasm-bindgen's throw_str made to trap, as panics do (scripts/trap-panics.mjs),
# its import, glue function and texts dropped.
# Then 34,320 (+5): response headers read with web-sys's catching Headers.get, not gloo-net's
# unwrapping one (a stand-in response without headers no longer throws through the module).
# Raise it only with a reason in the commit message; bench.sh measures sizes in detail.
WASM_GZIP_BUDGET=34345
package() {
  bash scripts/build.sh || return 1
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
pack_contents() { node tests/compat/pack.mjs; }
type_tests() { node tests/types/check.mjs; }
# clientCredentials and createInvitationsProxy against local servers it starts itself.
proxy_tests() { node tests/proxy/run.mjs; }
# createInvitationAcceptance and InvitationAcceptanceApi from the npm pack tarball, against a local
# server it starts itself (and in Chromium).
acceptance_tests() { node tests/acceptance/run.mjs; }
release_e2e() { SERVER_URL="$SERVER_URL" node tests/e2e/release.mjs; }
# Real projects (Vite, webpack, Rollup, Next.js, Vitest, Node, Express) install the npm pack tarball;
# their npm installs are cached in ~/.cache/logto-invitations/compat (see tests/compat/run.mjs).
compat() { SERVER_URL="$SERVER_URL" node tests/compat/run.mjs; }
dashboard_build() {
  (cd www &&
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
      npm ci --no-audit --no-fund --loglevel=error
    fi &&
    npm run --silent build)
}
# dashboard.mjs starts its own servers: Logto (the local server) behind scripts/demo-server.mjs.
dashboard_e2e() { env -u SERVER_URL node tests/e2e/dashboard.mjs; }
# The invitee's side: invite, the email's link, sign in, accept (createInvitationAcceptance).
invitation_e2e() { env -u SERVER_URL node tests/e2e/invitation.mjs; }

step "lint (fmt, clippy host + wasm32)" lint
step "host unit tests (cargo test)" host_tests
step "local server tests" server_tests
step "build and start the local Logto-compatible server" server
step "browser tests (wasm-pack test --headless --chrome)" browser_tests
step "release build (scripts/build.sh -> pkg/, browser and server entries) and size budget" package
step "scripts/trap-panics.mjs --clear-panic-data on hand-made modules (tests/build/trap-panics.mjs)" node tests/build/trap-panics.mjs
step "scripts/microtasks.mjs: the glue's microtasks through a resolved promise (tests/build/microtasks.mjs)" node tests/build/microtasks.mjs
step "bench/cdp.mjs: when its Chromium exits mid-run, and coldBrowser's loads (tests/bench/cdp.mjs)" node tests/bench/cdp.mjs
step "npm pack contents (files, package.json exports, README, loads in Node)" pack_contents
step "TypeScript type tests (tsc: strict flags, default lib and Node-only setups)" type_tests
step "server entry: clientCredentials and the proxy against the local server" proxy_tests
step "Node http adapter: origin-form URLs, backpressure, disconnects (tests/proxy/adapter.mjs)" node tests/proxy/adapter.mjs
step "server entry: createInvitationAcceptance and InvitationAcceptanceApi from the npm pack tarball (tests/acceptance/run.mjs)" acceptance_tests
step "organizationTokenAuthorization from the npm pack tarball: Logto organization tokens against the local server (tests/proxy/organization-token.mjs)" node tests/proxy/organization-token.mjs
step "release pkg/ in Chromium: no init step + disposal, life cycle, 10,000-call fuzz" release_e2e
step "compatibility matrix: npm pack tarball in Vite, webpack, Rollup, Next.js, Vitest, Node, Express, workerd; the scoped proxy with two organizations (b2b)" compat
step "demo dashboard: npm ci, tsc --strict, vite build (www/)" dashboard_build
step "demo dashboard end-to-end in Chromium (www/)" dashboard_e2e
step "invitation page end-to-end in Chromium (www/): email link, sign-in, accept, not found, expired" invitation_e2e
stop_server

printf '\n'
for name in "${failures[@]}"; do printf 'failed: %s\n' "$name"; done
echo "test.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
