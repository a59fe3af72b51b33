#!/usr/bin/env bash
# Builds the local Logto-compatible server (tests/server) and starts it in the background.
# Source it, then: build_server; start_server [flags...] (sets SERVER_URL and SERVER_PID);
# stop_server. It sets no shell options in the caller.

ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
# The debug build starts in milliseconds and shares its build with the server's own tests;
# benchmarks set SERVER_PROFILE=release.
SERVER_PROFILE="${SERVER_PROFILE:-debug}"
SERVER_BIN="$ROOT/tests/server/target/$SERVER_PROFILE/logto-local-server"

build_server() {
  if [ "$SERVER_PROFILE" = release ]; then
    (cd "$ROOT/tests/server" && cargo build --release --locked --quiet)
  else
    (cd "$ROOT/tests/server" && cargo build --locked --quiet)
  fi
}

start_server() {
  local out
  out="$(mktemp)"
  "$SERVER_BIN" --port "${SERVER_PORT:-0}" "$@" >"$out" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    if SERVER_URL="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$out" | head -n1)" && [ -n "$SERVER_URL" ]; then
      export SERVER_URL SERVER_PID
      return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      cat "$out" >&2
      echo "the local server exited at start" >&2
      return 1
    fi
    sleep 0.05
  done
  cat "$out" >&2
  echo "the local server printed no URL within 5 s" >&2
  return 1
}

stop_server() {
  if [ -n "${SERVER_PID:-}" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
