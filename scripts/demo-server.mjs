// The demo's backend, in the production shape: one Node http server on 127.0.0.1 that serves the
// dashboard (www/dist) and mounts the package's proxy at /logto, which reaches Logto with a
// client-credentials token. The browser never sees a token or a secret, and Logto needs no CORS.
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
// Prints `listening on http://127.0.0.1:PORT` once ready; Ctrl-C (SIGINT) or SIGTERM stops it.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { toNodeListener } from "./node-adapter.mjs";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const { clientCredentials, createInvitationsProxy } = await import(pathToFileURL(join(ROOT, "pkg", "server.mjs")).href);

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
// another name (DNS rebinding) is refused by `authorize`.
const hosts = new Set();
const proxy = createInvitationsProxy({
  endpoint,
  getAccessToken: clientCredentials({
    endpoint,
    appId: process.env.LOGTO_M2M_APP_ID,
    appSecret: process.env.LOGTO_M2M_APP_SECRET,
    ...(process.env.LOGTO_RESOURCE ? { resource: process.env.LOGTO_RESOURCE } : {}),
  }),
  // The demo has no sign-in: it listens on 127.0.0.1 only, for the person at this machine. A real
  // dashboard checks its own session here (e.g. "an admin of this organization").
  authorize: (request) => hosts.has(request.headers.get("host") ?? ""),
  allow: ["GET /api/organizations", "GET /api/organization-roles", "GET /api/users"],
});

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

/** Serves www/dist: a file under it, or index.html for the page's own routes. */
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

const proxyListener = toNodeListener(proxy, { origin: "http://localhost" }); // the proxy reads only the path and query
const server = createServer((req, res) => {
  if (req.url === "/logto" || req.url?.startsWith("/logto/")) proxyListener(req, res);
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
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
