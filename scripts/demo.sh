#!/usr/bin/env bash
# The main job in one command: installs what is missing, builds the package (pkg/) and the demo
# dashboard (www/dist), starts the local Logto-compatible server with demo data serving the page,
# prints its URL and keeps running until Ctrl-C.
#
#   bash scripts/demo.sh                                   # the page on http://127.0.0.1:5173/
#   PORT=8080 bash scripts/demo.sh                         # another port (a busy one: any free port)
#   bash scripts/demo.sh --logto-url https://auth.example.com --token eyJ...
#                                                          # the same page, preconfigured for a real Logto
#   bash scripts/demo.sh --email-connector                 # the local server "sends" invitation emails
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

usage() {
  sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

LOGTO_URL=""
LOGTO_TOKEN=""
SERVER_FLAGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --logto-url) LOGTO_URL="${2:?--logto-url needs a URL}"; shift 2 ;;
    --logto-url=*) LOGTO_URL="${1#*=}"; shift ;;
    --token) LOGTO_TOKEN="${2:?--token needs a value}"; shift 2 ;;
    --token=*) LOGTO_TOKEN="${1#*=}"; shift ;;
    --email-connector) SERVER_FLAGS+=(--email-connector); shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "demo.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -n "$LOGTO_TOKEN" ] && [ -z "$LOGTO_URL" ]; then
  echo "demo.sh: --token goes with --logto-url" >&2
  exit 2
fi
PORT="${PORT:-5173}"
case "$PORT" in
  '' | *[!0-9]*) echo "demo.sh: PORT must be a number, not '$PORT'" >&2; exit 2 ;;
esac

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
started=$SECONDS

say "Checking tools (wasm32 target, wasm-pack, wasm-bindgen-cli, chromium, npm dev tools)"
. scripts/tools.sh
ensure_tools

say "Building the package into pkg/ (wasm-pack --release --target web)"
bash scripts/build.sh

say "Installing the dashboard's npm dependencies (www/)"
if [ ! -f www/node_modules/.package-lock.json ] || [ www/package-lock.json -nt www/node_modules/.package-lock.json ] \
  || [ www/package.json -nt www/node_modules/.package-lock.json ]; then
  (cd www && npm ci --no-audit --no-fund --loglevel=error)
else
  echo "www/node_modules is up to date"
fi

say "Building the dashboard into www/dist (tsc --noEmit && vite build)"
npm --prefix www run build

say "Building the local Logto-compatible server (tests/server)"
. scripts/server.sh
build_server

say "Starting the server"
# Bash's /dev/tcp: a connection that succeeds means something already listens on the port.
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "port $PORT is busy: using a free port instead"
  PORT=0
fi
if ! SERVER_PORT="$PORT" start_server --demo --static "$ROOT/www/dist" "${SERVER_FLAGS[@]}" 2>/dev/null; then
  [ "$PORT" != 0 ] && echo "could not listen on port $PORT: using a free port instead"
  SERVER_PORT=0 start_server --demo --static "$ROOT/www/dist" "${SERVER_FLAGS[@]}"
fi
trap stop_server EXIT
trap 'echo; echo "stopping"; exit 0' INT TERM

PAGE_URL="$SERVER_URL/"
if [ -n "$LOGTO_URL" ]; then
  query="baseUrl=$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$LOGTO_URL")"
  if [ -n "$LOGTO_TOKEN" ]; then
    query="$query&token=$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$LOGTO_TOKEN")"
  fi
  PAGE_URL="$SERVER_URL/?$query"
fi

printf '\n\033[1;32m  Demo dashboard ready (%ss):\033[0m  \033[1m%s\033[0m\n\n' "$((SECONDS - started))" "$PAGE_URL"
if [ -n "$LOGTO_URL" ]; then
  cat <<EOF
  The page is preconfigured for $LOGTO_URL${LOGTO_TOKEN:+ with your token} (it saves that in the
  browser's localStorage; "Connection" in the page changes it, "Use defaults" goes back to /logto).
  A production Logto refuses CORS from other origins: the page then shows the package's network
  error. Put Logto behind a same-origin proxy, or use Logto in development mode.

EOF
fi
cat <<EOF
  Served by the local Logto-compatible server with demo data (3 organizations, 3 roles,
  6 users, 8 invitations), which behaves like Logto on these routes:
    $SERVER_URL/logto/api/...  same-origin proxy path, adds the token (the page's default)
    $SERVER_URL/api/...        Management API, Authorization: Bearer dev-token
  Email connector: $([ ${#SERVER_FLAGS[@]} -gt 0 ] && echo "on (emails are recorded at $SERVER_URL/__mock/emails)" || echo "none (sending emails fails with Logto's 501; add --email-connector)")

  Press Ctrl-C to stop.
EOF
wait "$SERVER_PID"
