#!/usr/bin/env bash
# Benchmarks the package (not part of scripts/test.sh's pass/fail): the size of pkg/ and of the
# same minimal bundle with two JS peers (@logto/api, openapi-fetch), then speed and memory in
# headless Chromium against the local Logto-compatible server, in one page and one run. Prints
# the table with one line per goal and saves it to bench/results/latest.{md,json} (git-ignored).
# Then bench/cold-start.mjs times the first request after a cold page load (built Vite pages, a
# simulated 50 ms round trip, with and without the README's preload hint): bench/results/cold-start.{md,json},
# bench/cold-phases.mjs where the lag goes, phase by phase, in the same pages: bench/results/cold-phases.{md,json},
# and bench/first-run.mjs what of it is the package's own work once the .wasm is there (what V8
# compiles lazily for the first call, in Node, repeatable): bench/results/first-run.{md,json}.
# Then bench/proxy.mjs times the server entry's proxy (unscoped, scoped, and fetch straight to the
# server) against its own release local server: bench/results/proxy.{md,json}, and
# bench/organization-token.mjs counts token verifications per second. Last, bench/summary.mjs
# prints issue 21's goals in one table (the download measured there, the other lines from the
# steps before): bench/results/summary.{md,json}.
#
#   bash scripts/bench.sh            # the full run (about 7 minutes, builds included)
#   bash scripts/bench.sh --quick    # a smoke run with a tenth of the iterations
#
# Installs what is missing first (scripts/tools.sh, then `npm ci` in bench/), builds pkg/ with
# scripts/build.sh and the local server, starts the server and stops it on exit. It exits non-zero
# only when the benchmark cannot run, never because a goal is not met.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
started=$SECONDS
say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

say "Checking tools"
. scripts/tools.sh
ensure_tools

say "Installing the benchmark's npm dependencies (bench/)"
if [ ! -f bench/node_modules/.package-lock.json ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
else
  echo "bench/node_modules is up to date"
fi

say "Building the package into pkg/"
bash scripts/build.sh

say "Building and starting the local server (release build)"
export SERVER_PROFILE=release
. scripts/server.sh
build_server
trap stop_server EXIT
trap 'exit 130' INT TERM
start_server --static "$ROOT"
echo "local server at $SERVER_URL (pid $SERVER_PID)"

say "Running bench/run.mjs"
SERVER_URL="$SERVER_URL" node bench/run.mjs "$@"

say "Running bench/cold-start.mjs (the first request after a cold page load, 50 ms simulated RTT)"
LOGTO_SERVER_BIN="$SERVER_BIN" node bench/cold-start.mjs "$@"

say "Running bench/cold-phases.mjs (the same pages, phase by phase: lazy and up-front WebAssembly compilation)"
LOGTO_SERVER_BIN="$SERVER_BIN" node bench/cold-phases.mjs "$@"

say "Running bench/first-run.mjs (the first request's own work once the .wasm is there: lazy compilation, in Node)"
node bench/first-run.mjs "$@"

say "Running bench/proxy.mjs (the proxy, unscoped and scoped; it starts its own local server)"
LOGTO_SERVER_BIN="$SERVER_BIN" node bench/proxy.mjs "$@"

say "Running bench/organization-token.mjs (organizationTokenAuthorization: verifications per second)"
LOGTO_SERVER_BIN="$SERVER_BIN" node bench/organization-token.mjs "$@"
say "Issue 21's goals in one table (bench/summary.mjs: the download, then the steps' goal lines)"
node bench/summary.mjs
printf '\nbench.sh: done in %ss\n' $((SECONDS - started))
