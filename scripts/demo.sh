#!/usr/bin/env bash
# The main job in one command, in the production shape: installs what is missing, builds the
# package (pkg/, with its server entry) and the demo dashboard (www/dist), then runs
# scripts/demo-server.mjs: one server on 127.0.0.1 that serves the page and mounts the package's
# proxy at /logto, which reaches Logto with a client-credentials token (browser -> package ->
# proxy -> Logto; no token in the page, no CORS needed). Prints the URL; Ctrl-C stops it.
#
#   bash scripts/demo.sh                     # Logto = the bundled local server with demo data
#   PORT=8080 bash scripts/demo.sh           # another port (a busy one: any free port)
#   bash scripts/demo.sh --email-connector   # the local server "sends" invitation emails
#   LOGTO_ENDPOINT=https://auth.example.com LOGTO_M2M_APP_ID=... LOGTO_M2M_APP_SECRET=... \
#     bash scripts/demo.sh                   # a real Logto (LOGTO_RESOURCE for Logto Cloud)
#   DEMO_ORGANIZATION_IDS=org_1 LOGTO_ENDPOINT=... bash scripts/demo.sh   # a real Logto, scoped
#
# With the local server the page offers a demo sign-in (a cookie, not a real session) as a seeded
# organization admin (the proxy in scoped mode) or as the operator (an unscoped proxy). With a
# real Logto there is neither: every request is 401 unless DEMO_ORGANIZATION_IDS fixes a scope.
#
# The app secret is read from the environment only (never a flag, a URL, the page or a log).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

usage() {
  sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

SERVER_FLAGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --email-connector) SERVER_FLAGS+=(--email-connector); shift ;;
    --logto-url | --logto-url=* | --token | --token=*)
      echo "demo.sh: $1 is gone: the page reaches Logto only through the proxy, with a token the server gets itself." >&2
      echo "  For a real Logto: LOGTO_ENDPOINT=https://... LOGTO_M2M_APP_ID=... LOGTO_M2M_APP_SECRET=... bash scripts/demo.sh" >&2
      exit 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "demo.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
PORT="${PORT:-5173}"
case "$PORT" in
  '' | *[!0-9]*) echo "demo.sh: PORT must be a number, not '$PORT'" >&2; exit 2 ;;
esac
REAL_LOGTO=""
if [ -n "${LOGTO_ENDPOINT:-}" ]; then
  REAL_LOGTO=1
  missing=()
  [ -n "${LOGTO_M2M_APP_ID:-}" ] || missing+=(LOGTO_M2M_APP_ID)
  [ -n "${LOGTO_M2M_APP_SECRET:-}" ] || missing+=(LOGTO_M2M_APP_SECRET)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "demo.sh: LOGTO_ENDPOINT is set: set ${missing[*]} too (a machine-to-machine app with the role \"Logto Management API access\")" >&2
    exit 2
  fi
  if [ ${#SERVER_FLAGS[@]} -gt 0 ]; then
    echo "demo.sh: --email-connector is for the local server; configure a connector in your Logto instead" >&2
    exit 2
  fi
fi

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
started=$SECONDS

say "Checking tools (wasm32 target, wasm-pack, wasm-bindgen-cli, chromium, npm dev tools)"
. scripts/tools.sh
ensure_tools

say "Building the package into pkg/ (browser entry, then the server entry)"
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

. scripts/server.sh
if [ -z "$REAL_LOGTO" ]; then
  say "Building and starting the local Logto-compatible server (demo data, production-mode CORS)"
  build_server
  # Like a production Logto: its Management API answers no browser from another origin.
  start_server --demo --cors production "${SERVER_FLAGS[@]}"
  trap stop_server EXIT
  # The local server's own machine-to-machine app (its defaults: throwaway local credentials).
  export LOGTO_ENDPOINT="$SERVER_URL" LOGTO_M2M_APP_ID="m2m-app" LOGTO_M2M_APP_SECRET="m2m-secret"
  unset LOGTO_RESOURCE DEMO_ORGANIZATION_IDS
  # The demo sign-in and the operator's unscoped view: with this local server only (the demo
  # server checks that the endpoint is it).
  export DEMO_LOCAL_SERVER=1
else
  unset DEMO_LOCAL_SERVER
fi

say "Starting the dashboard's server (www/dist + the proxy at /logto)"
out="$(mktemp)"
PORT="$PORT" node scripts/demo-server.mjs >"$out" &
DEMO_PID=$!
trap 'kill "$DEMO_PID" 2>/dev/null || true; wait "$DEMO_PID" 2>/dev/null || true; stop_server' EXIT
trap 'echo; echo "stopping"; exit 0' INT TERM
PAGE_URL=""
for _ in $(seq 1 100); do
  PAGE_URL="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$out" | head -n1 || true)"
  [ -n "$PAGE_URL" ] && break
  kill -0 "$DEMO_PID" 2>/dev/null || { echo "demo.sh: the dashboard's server exited" >&2; exit 1; }
  sleep 0.1
done
[ -n "$PAGE_URL" ] || { echo "demo.sh: the dashboard's server printed no URL" >&2; exit 1; }

printf '\n\033[1;32m  Demo dashboard ready (%ss):\033[0m  \033[1m%s/\033[0m\n\n' "$((SECONDS - started))" "$PAGE_URL"
if [ -n "$REAL_LOGTO" ]; then
  cat <<EOF
  The page calls $PAGE_URL/logto/api/..., a proxy in scripts/demo-server.mjs in scoped mode that
  forwards only the six organization-invitation operations and organization lookups to
  $LOGTO_ENDPOINT, with a token from the client-credentials grant of app $LOGTO_M2M_APP_ID.
  Scope: $([ -n "${DEMO_ORGANIZATION_IDS:-}" ] && echo "DEMO_ORGANIZATION_IDS=$DEMO_ORGANIZATION_IDS" || echo "none: every request is 401 (no demo sign-in with a real Logto; set DEMO_ORGANIZATION_IDS=... to try the scoped view)")
EOF
else
  cat <<EOF
  browser -> $PAGE_URL/logto/api/... (the package's proxy, scripts/demo-server.mjs)
          -> $SERVER_URL/api/... (the local Logto-compatible server: demo data, 3 organizations,
             3 roles, 6 users, 8 invitations; production-mode CORS; token from its M2M app)
  Sign in (demo sign-in, a cookie, not a real session): alice (admin of Acme), carol (Globex),
  dan (Initech): the proxy in scoped mode; or "Operator (unscoped)": every organization.
  Email connector: $([ ${#SERVER_FLAGS[@]} -gt 0 ] && echo "on (emails are recorded at $SERVER_URL/__mock/emails)" || echo "none (sending emails fails with Logto's 501; add --email-connector)")
EOF
fi
printf '\n  Press Ctrl-C to stop.\n'
wait "$DEMO_PID"
