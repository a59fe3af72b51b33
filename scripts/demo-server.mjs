// The demo's backend, in the production shape: one Node http server on 127.0.0.1 that serves the
// dashboard (www/dist) and mounts the package's proxy at /logto, which reaches Logto with a
// client-credentials token. The browser never sees a token or a secret, and Logto needs no CORS.
// In the B2B shape: the proxy runs in scoped mode (organizationIds) for an organization's admin;
// the operator's unscoped proxy and the demo sign-in exist only with the bundled local server.
//
//   LOGTO_ENDPOINT=https://auth.example.com LOGTO_M2M_APP_ID=... LOGTO_M2M_APP_SECRET=... \
//     node scripts/demo-server.mjs
//
// Environment (secrets only from here, never from flags, URLs, the page or logs):
//   LOGTO_ENDPOINT        Logto's URL (required)
//   LOGTO_M2M_APP_ID      a machine-to-machine app with the role "Logto Management API access" (required)
//   LOGTO_M2M_APP_SECRET  its secret (required)
//   LOGTO_RESOURCE        the Management API resource (default https://default.logto.app/api;
//                         Logto Cloud: https://<tenant-id>.logto.app/api)
//   PORT                  default 5173; a busy port falls back to a free one
//   DEMO_DIST             the static files (default www/dist)
//   DEMO_LOCAL_SERVER=1   the endpoint is the bundled local server (scripts/demo.sh sets it; checked):
//                         the demo sign-in as a seeded user (cookie demo_user, not a real session:
//                         the proxy in scoped mode) or as "Operator (unscoped)" (a second, unscoped proxy)
//   DEMO_ORGANIZATION_IDS with a real Logto only: the scope of the scoped view (comma-separated IDs);
//                         unset, every /logto request is 401 and the page says how a session plugs in
// Also mounts the package's createInvitationAcceptance at /api/invitations (the invitee's page,
// /invitations/{id}, calls it); `userId` is the demo sign-in's user (local server only).
// Prints `listening on http://127.0.0.1:PORT` once ready; Ctrl-C (SIGINT) or SIGTERM stops it.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { toNodeListener } from "./node-adapter.mjs";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const { clientCredentials, createInvitationAcceptance, createInvitationsProxy } = await import(pathToFileURL(join(ROOT, "pkg", "server.mjs")).href);

const missing = ["LOGTO_ENDPOINT", "LOGTO_M2M_APP_ID", "LOGTO_M2M_APP_SECRET"].filter((name) => !process.env[name]);
if (missing.length > 0) {
  console.error(`demo-server: set ${missing.join(", ")} in the environment (see the comment at the top of scripts/demo-server.mjs)`);
  process.exit(2);
}
const endpoint = process.env.LOGTO_ENDPOINT;
const dist = process.env.DEMO_DIST ?? join(ROOT, "www", "dist");
if (!existsSync(join(dist, "index.html"))) {
  console.error(`demo-server: ${dist}/index.html is missing: build the dashboard (npm --prefix www run build)`);
  process.exit(2);
}

// The hosts this server answers as (set once it listens): a page that reached 127.0.0.1 under
// another name (DNS rebinding) is refused by `authorize` and by the demo sign-in.
const hosts = new Set();
const getAccessToken = clientCredentials({
  endpoint,
  appId: process.env.LOGTO_M2M_APP_ID,
  appSecret: process.env.LOGTO_M2M_APP_SECRET,
  ...(process.env.LOGTO_RESOURCE ? { resource: process.env.LOGTO_RESOURCE } : {}),
});

// ----- who is asking: the demo's development sign-in, or a fixed scope -------------------------
//
// With the bundled local server only (DEMO_LOCAL_SERVER=1, which scripts/demo.sh and the e2e set,
// checked below): a development sign-in as one of its seeded users, a cookie named `demo_user`
// that only this server reads. It is NOT a session: anyone at this machine picks anyone. A real
// app puts its own session here (see README, "The demo in the B2B shape").
const LOCAL = process.env.DEMO_LOCAL_SERVER === "1";
const COOKIE = "demo_user";
const OPERATOR = "operator";
/** With a real Logto: the organizations the scoped view acts in (none: every request is 401). */
const FIXED_SCOPE = (process.env.DEMO_ORGANIZATION_IDS ?? "").split(",").map((id) => id.trim()).filter((id) => id !== "");
if (LOCAL && FIXED_SCOPE.length > 0) {
  console.error("demo-server: DEMO_ORGANIZATION_IDS is for a real Logto; with the local server, sign in as a seeded user instead");
  process.exit(2);
}
if (LOCAL) {
  // The development sign-in must never run against a real Logto: the endpoint is on this machine
  // and answers the local server's own request log (a real Logto has no /__mock).
  const url = new URL(endpoint);
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  const probe = loopback ? await fetch(new URL("/__mock/requests?since=999999999", url)).then((r) => (r.ok ? r.json() : null), () => null) : null;
  if (typeof probe?.lastSeq !== "number") {
    console.error(`demo-server: DEMO_LOCAL_SERVER=1, but ${endpoint} is not the bundled local server (on this machine, with /__mock): no development sign-in against a real Logto`);
    process.exit(2);
  }
}

/** The demo's cookie: "operator", "user:<id>", or null. */
function demoCookie(request) {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name !== COOKIE) continue;
    let value;
    try {
      value = decodeURIComponent(rest.join("="));
    } catch {
      return null;
    }
    if (value === OPERATOR) return { kind: "operator" };
    if (value.startsWith("user:") && value.length > 5) return { kind: "user", id: value.slice(5) };
    return null;
  }
  return null;
}

/** How long the demo's own reads of Logto may take, each (the proxies have their own limits). */
const LOGTO_GET_LIMIT_MS = 10_000;

/** A GET of the local server's Management API with this server's own token, within its limit. */
async function logtoGet(path) {
  const response = await fetch(new URL(path, endpoint), {
    headers: { authorization: `Bearer ${await getAccessToken({ forceRefresh: false })}`, accept: "application/json" },
    signal: AbortSignal.timeout(LOGTO_GET_LIMIT_MS),
  });
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return response.json();
}

const MEMBERS_CACHE_MS = 5_000;
let members = null; // { at, promise } of the seeded data: users, organizations, who administers which
/** Users and organizations of the local server, and each organization's admins (cached briefly). */
function directory() {
  if (members !== null && Date.now() - members.at < MEMBERS_CACHE_MS) return members.promise;
  const promise = (async () => {
    const [users, organizations] = await Promise.all([logtoGet("/api/users?page=1&page_size=100"), logtoGet("/api/organizations?page=1&page_size=100")]);
    const admins = new Map(
      await Promise.all(
        organizations.map(async (organization) => {
          const list = await logtoGet(`/api/organizations/${encodeURIComponent(organization.id)}/users?page=1&page_size=100`);
          const ids = list.filter((user) => (user.organizationRoles ?? []).some((role) => role.name === "admin")).map((user) => user.id);
          return [organization.id, new Set(ids)];
        }),
      ),
    );
    return { users, organizations, admins };
  })();
  members = { at: Date.now(), promise };
  promise.catch(() => {
    if (members?.promise === promise) members = null; // a failed read is not kept
  });
  return promise;
}

/** The organizations where `userId` is a member with the admin role. */
async function adminOf(userId) {
  const { organizations, admins } = await directory();
  return organizations.filter((organization) => admins.get(organization.id)?.has(userId)).map((organization) => organization.id);
}

const unauthenticated = () => new Response(null, { status: 401 });

/** The scoped proxy's `organizationIds`: the organizations this request may act in. */
async function organizationIds(request) {
  if (!LOCAL) {
    if (FIXED_SCOPE.length === 0) throw unauthenticated(); // a real app: from its session
    return FIXED_SCOPE;
  }
  const who = demoCookie(request);
  if (who?.kind !== "user") throw unauthenticated();
  return adminOf(who.id);
}

const sameHost = (request) => hosts.has(request.headers.get("host") ?? "");

// An organization's admin: scoped mode. The proxy itself confines every operation to
// `organizationIds`; the lookups are the organization-scoped ones (no tenant-wide user search).
const scopedProxy = createInvitationsProxy({
  endpoint,
  getAccessToken,
  organizationIds,
  // Fail closed here too: nobody to act for is never forwarded, whatever organizationIds does.
  authorize: (request) => sameHost(request) && (LOCAL ? demoCookie(request)?.kind === "user" : FIXED_SCOPE.length > 0),
  // The page's lookups: each organization of the scope (getOrganization), its members, the roles;
  // and the list of organizations, which the scoped proxy confines to the scope.
  allow: ["GET /api/organizations", "GET /api/organizations/{id}", "GET /api/organizations/{id}/users", "GET /api/organization-roles"],
});

// The operator (local server only): unscoped, every organization, as an operator's tool is.
const operatorProxy = LOCAL
  ? createInvitationsProxy({
      endpoint,
      getAccessToken,
      authorize: (request) => sameHost(request) && demoCookie(request)?.kind === "operator",
      allow: ["GET /api/organizations", "GET /api/organization-roles", "GET /api/users"],
    })
  : null;

// ----- the invitee's side: /api/invitations/{id} and /api/invitations/{id}/accept -------------
//
// The page at /invitations/{id} (the link in the email) calls these. The handler reads the
// invitation and the user's primary email with this server's token and answers only the user
// whose email is the invitee's. `userId` is who is signed in: here the demo sign-in's cookie (a
// seeded user; the operator is nobody's account); with a real Logto, nobody, since this demo has
// no session of its own (a real app returns its Logto sign-in's user ID: see README,
// "The invitee's side").
const ACCEPTANCE_PREFIX = "/api/invitations";
const acceptance = createInvitationAcceptance({
  endpoint,
  getAccessToken,
  prefix: ACCEPTANCE_PREFIX,
  userId: (request) => {
    if (!LOCAL || !sameHost(request)) return null;
    const who = demoCookie(request);
    return who?.kind === "user" ? who.id : null;
  },
});

// ----- the demo's own routes: /demo/session, /demo/sign-in, /demo/sign-out ----------------------

function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff", ...headers },
  });
}

const labelOf = (user) => user.name || user.username || user.primaryEmail || user.id;

/** What the page shows: the sign-in screen, the scoped view, the operator view, or why neither. */
async function session(request) {
  if (!LOCAL) {
    return FIXED_SCOPE.length === 0
      ? { mode: "logto", view: "unconfigured", user: null, organizationIds: [], choices: [] }
      : { mode: "logto", view: "scoped", user: null, organizationIds: FIXED_SCOPE, choices: [] };
  }
  const who = demoCookie(request);
  if (who?.kind === "operator") return { mode: "local", view: "operator", user: null, organizationIds: [], choices: [] };
  const { users, organizations, admins } = await directory();
  const user = who?.kind === "user" ? users.find((u) => u.id === who.id) : undefined;
  if (user === undefined) {
    const choices = users
      .map((u) => ({
        id: u.id,
        label: labelOf(u),
        email: u.primaryEmail ?? null,
        adminOf: organizations.filter((o) => admins.get(o.id)?.has(u.id)).map((o) => ({ id: o.id, name: o.name })),
      }))
      .sort((a, b) => a.label.localeCompare(b.label));
    return { mode: "local", view: "sign-in", user: null, organizationIds: [], choices };
  }
  return {
    mode: "local",
    view: "scoped",
    user: { id: user.id, label: labelOf(user), email: user.primaryEmail ?? null },
    organizationIds: await adminOf(user.id),
    choices: [],
  };
}

const cookie = (value, maxAge) => `${COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict${maxAge === undefined ? "" : `; Max-Age=${maxAge}`}`;

async function demoRoutes(request) {
  const { pathname } = new URL(request.url);
  // Same checks as the proxy's: this server's own host, never another site.
  const site = request.headers.get("sec-fetch-site");
  if (!sameHost(request) || (site !== null && site !== "same-origin" && site !== "none")) return json(403, { code: "demo.forbidden", message: "Not from this page." });
  try {
    if (pathname === "/demo/session" && request.method === "GET") return json(200, await session(request));
    if (!LOCAL) return json(404, { code: "demo.not_found", message: "With a real Logto the demo has no sign-in: a real app's session decides (organizationIds)." });
    if (pathname === "/demo/sign-out" && request.method === "POST") return json(200, { signedOut: true }, { "set-cookie": cookie("", 0) });
    if (pathname === "/demo/sign-in" && request.method === "POST") {
      // JSON only: a form on another site cannot send it without a preflight, which is never granted.
      if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
        return json(415, { code: "demo.unsupported_media_type", message: "Send application/json." });
      }
      let body;
      try {
        body = JSON.parse(await request.text());
      } catch {
        return json(400, { code: "demo.invalid_json", message: "The body is not JSON." });
      }
      if (body?.operator === true) return json(200, { view: "operator" }, { "set-cookie": cookie(OPERATOR) });
      const { users } = await directory();
      const user = typeof body?.userId === "string" ? users.find((u) => u.id === body.userId) : undefined;
      if (user === undefined) return json(400, { code: "demo.unknown_user", message: "Not a user of the local server." });
      return json(200, { view: "scoped" }, { "set-cookie": cookie(`user:${user.id}`) });
    }
    return json(404, { code: "demo.not_found", message: "No such demo route." });
  } catch (error) {
    console.error(`demo-server: ${pathname}: ${error instanceof Error ? error.message : error}`);
    return json(502, { code: "demo.logto_unavailable", message: "The local server's users and organizations could not be read." });
  }
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

/** Serves www/dist: a file under it, or index.html for the page's own routes (/, /invitations/{id}). */
function serveStatic(req, res) {
  let path;
  try {
    path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  let file = normalize(join(dist, path));
  if (file !== dist && !file.startsWith(dist + sep)) {
    res.writeHead(404).end();
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(dist, "index.html");
  res.writeHead(200, {
    "content-type": TYPES[extname(file)] ?? "application/octet-stream",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  if (req.method === "HEAD") res.end();
  else createReadStream(file).pipe(res);
}

// One mount, two proxies, chosen per request: the operator's cookie (local server only) gets the
// unscoped one; everyone else the scoped one, which answers 401 without a signed-in user. The
// proxy reads only the path and query, so the origin given to the adapter is a fixed placeholder.
const origin = { origin: "http://localhost" };
const proxyListener = toNodeListener((request) => (operatorProxy !== null && demoCookie(request)?.kind === "operator" ? operatorProxy : scopedProxy)(request), origin);
const demoListener = toNodeListener(demoRoutes, origin);
const acceptanceListener = toNodeListener(acceptance, origin);
const server = createServer((req, res) => {
  if (req.url === "/logto" || req.url?.startsWith("/logto/")) proxyListener(req, res);
  else if (req.url?.startsWith("/demo/")) demoListener(req, res);
  else if (req.url === ACCEPTANCE_PREFIX || req.url?.startsWith(`${ACCEPTANCE_PREFIX}/`)) acceptanceListener(req, res);
  else if (req.method === "GET" || req.method === "HEAD") serveStatic(req, res);
  else res.writeHead(405, { allow: "GET, HEAD" }).end();
});

const wanted = Number(process.env.PORT ?? 5173);
await new Promise((resolve, reject) => {
  server.once("error", (error) => {
    if (error.code !== "EADDRINUSE" || wanted === 0) return reject(error);
    console.error(`demo-server: port ${wanted} is busy: using a free port instead`);
    server.listen(0, "127.0.0.1", resolve);
  });
  server.listen(wanted, "127.0.0.1", resolve);
}).catch((error) => {
  console.error(`demo-server: cannot listen: ${error.message}`);
  process.exit(1);
});
const { port } = server.address();
for (const host of ["127.0.0.1", "localhost"]) hosts.add(`${host}:${port}`);
console.log(`listening on http://127.0.0.1:${port}`);
console.log(LOCAL ? "views: demo sign-in (cookie demo_user, not a real session) as a seeded user (scoped proxy) or the operator (unscoped proxy)" : FIXED_SCOPE.length > 0 ? `view: scoped to DEMO_ORGANIZATION_IDS=${FIXED_SCOPE.join(",")}` : "view: none (every /logto request is 401): a real app's session gives organizationIds; DEMO_ORGANIZATION_IDS=... tries the scoped view");
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
