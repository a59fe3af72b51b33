// The proxy benchmark (the last step of bash scripts/bench.sh; not a timed test: it never fails on
// figures, only when it cannot run). In one run, against the release local server it starts on
// 127.0.0.1, it times each ID operation and the list three ways, one request each per round with
// the starting way rotating:
//   direct    fetch() straight to the local server (the baseline);
//   unscoped  proxy(new Request(...)) without organizationIds (an operator's tool);
//   scoped    proxy(new Request(...)) with organizationIds: () => ["acme7k2m9q4x"].
// It counts the Logto requests each way makes (GET /__mock/requests), gives the two .wasm sizes
// raw and gzip -9, prints a Markdown table and writes bench/results/proxy.{md,json}.
//
//   node bench/proxy.mjs            # 300 timed requests per cell (about 10 s)
//   node bench/proxy.mjs --quick    # 30 per cell, a smoke run
//
// The server binary: $LOGTO_SERVER_BIN, else tests/server/target/release/logto-local-server
// (cargo build --release --manifest-path tests/server/Cargo.toml). pkg/ must be built.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, relative } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync, constants as zlib } from "node:zlib";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const QUICK = process.argv.includes("--quick");
const ITERATIONS = QUICK ? 30 : 300;
const WARMUP = QUICK ? 10 : 50;
const COUNT_SAMPLES = 5; // proxied requests per operation and way for the Logto request count
const DEADLINE_MS = 90_000; // a hard stop: the full run takes about 10 s
const TOKEN = "dev-token";
const ORG = "acme7k2m9q4x";
const WAYS = ["direct", "unscoped", "scoped"];
const SERVER_BIN = process.env.LOGTO_SERVER_BIN ?? join(ROOT, "tests/server/target/release/logto-local-server");
const SERVER_ENTRY = join(ROOT, "pkg/server.mjs");

for (const [path, hint] of [
  [SERVER_BIN, "cargo build --release --manifest-path tests/server/Cargo.toml (or set LOGTO_SERVER_BIN)"],
  [SERVER_ENTRY, "bash scripts/build.sh"],
]) {
  if (!existsSync(path)) {
    console.error(`bench/proxy.mjs: ${path.startsWith(ROOT + "/") ? relative(ROOT, path) : path} is missing: ${hint}`);
    process.exit(2);
  }
}

// ------------------------------------------------------------------------------ the local server
/** Starts the server on 127.0.0.1 with a free port; resolves with its URL once it printed it. */
function startServer() {
  const args = ["--host", "127.0.0.1", "--port", "0", "--token", TOKEN, "--demo", "--email-connector",
    "--message-rate-limit-seconds", "0"];
  const child = spawn(SERVER_BIN, args, { stdio: ["ignore", "pipe", "inherit"] });
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the local server printed no URL within 5 s")), 5000);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the local server exited at start (code ${code})`)));
    createInterface({ input: child.stdout }).once("line", (line) => {
      clearTimeout(timer);
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line.trim());
      m ? resolve(m[1]) : reject(new Error(`unexpected first line from the server: ${line}`));
    });
  });
  return { child, url };
}

const server = startServer();
const stopServer = () => { if (server.child.exitCode === null) server.child.kill("SIGTERM"); };
process.on("exit", stopServer);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => { stopServer(); process.exit(130); });
const deadline = setTimeout(() => {
  console.error(`bench/proxy.mjs: not done within ${DEADLINE_MS / 1000} s, stopping`);
  process.exit(1);
}, DEADLINE_MS);
deadline.unref();

const BASE = await server.url;
const { createInvitationsProxy } = await import(pathToFileURL(SERVER_ENTRY).href);

const common = { endpoint: BASE, getAccessToken: () => TOKEN, authorize: () => true };
const proxies = {
  unscoped: createInvitationsProxy(common),
  scoped: createInvitationsProxy({ ...common, organizationIds: () => [ORG] }),
};

// ------------------------------------------------------------------------------- one request each
const PROXY_ORIGIN = "http://app.localhost"; // the proxy's own request URL: never fetched
const direct = { authorization: `Bearer ${TOKEN}`, accept: "application/json" };

/** Sends one request `way` ("direct", "unscoped", "scoped"), reads the body, checks the status. */
async function send(way, { method, path, body, status }) {
  const init = { method, headers: { accept: "application/json" } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["content-type"] = "application/json";
  }
  let response;
  if (way === "direct") {
    response = await fetch(BASE + path, { ...init, headers: { ...init.headers, ...direct } });
  } else {
    response = await proxies[way](new Request(PROXY_ORIGIN + "/logto" + path, init));
  }
  const text = await response.text();
  if (response.status !== status) {
    throw new Error(`${way} ${method} ${path}: expected ${status}, got ${response.status} ${text.slice(0, 200)}`);
  }
  return text;
}

async function mock(method, path, body) {
  const response = await fetch(BASE + path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

/** `count` new Pending invitations in ORG, by ID (bulk-created: the IDs are the new ones listed). */
async function freshInvitations(count) {
  const list = () => send("direct", { method: "GET", path: `/api/organization-invitations?organizationId=${ORG}`, status: 200 })
    .then((text) => JSON.parse(text).map((invitation) => invitation.id));
  const before = new Set(await list());
  await mock("POST", "/__mock/bulk-invitations", { organizationId: ORG, count });
  const ids = (await list()).filter((id) => !before.has(id));
  if (ids.length !== count) throw new Error(`bulk-invitations: ${ids.length} new invitations, expected ${count}`);
  return ids;
}

// ------------------------------------------------------------------------------------ operations
const GET_ID = "invpendgrace000000001"; // from the demo seed, in ORG
const OPERATIONS = [
  {
    name: "listOrganizationInvitations",
    what: `GET /api/organization-invitations?organizationId=${ORG}`,
    request: () => ({ method: "GET", path: `/api/organization-invitations?organizationId=${ORG}`, status: 200 }),
  },
  {
    name: "getOrganizationInvitation",
    what: "GET /api/organization-invitations/{id}",
    request: () => ({ method: "GET", path: `/api/organization-invitations/${GET_ID}`, status: 200 }),
  },
  {
    name: "replaceOrganizationInvitationStatus",
    what: "PUT …/{id}/status {status: Revoked}, a fresh Pending invitation each time",
    fresh: true,
    request: (id) => ({ method: "PUT", path: `/api/organization-invitations/${id}/status`, body: { status: "Revoked" }, status: 200 }),
  },
  {
    name: "createOrganizationInvitationMessage",
    what: "POST …/{id}/message {link} (one invitation, no rate limit)",
    request: () => ({
      method: "POST", path: `/api/organization-invitations/${GET_ID}/message`,
      body: { link: "https://app.example.com/invitation" }, status: 204,
    }),
  },
  {
    name: "deleteOrganizationInvitation",
    what: "DELETE …/{id}, a fresh invitation each time",
    fresh: true,
    request: (id) => ({ method: "DELETE", path: `/api/organization-invitations/${id}`, status: 204 }),
  },
];

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), min: sorted[0], max: sorted.at(-1) };
}

/** Warm-up, then ITERATIONS rounds of one request per way, the starting way rotating. */
async function time(operation) {
  const ids = operation.fresh ? await freshInvitations((WARMUP + ITERATIONS) * WAYS.length) : [];
  const next = () => operation.request(ids.pop());
  for (let round = 0; round < WARMUP; round++) for (const way of WAYS) await send(way, next());
  const samples = Object.fromEntries(WAYS.map((way) => [way, []]));
  for (let round = 0; round < ITERATIONS; round++) {
    for (let k = 0; k < WAYS.length; k++) {
      const way = WAYS[(round + k) % WAYS.length];
      const request = next();
      const start = performance.now();
      await send(way, request);
      samples[way].push(performance.now() - start);
    }
  }
  return samples;
}

let lastSeq = (await mock("GET", "/__mock/requests?since=0")).lastSeq;
/** The Logto requests (as the server logged them) per request sent `way`, over COUNT_SAMPLES. */
async function countLogtoRequests(operation, way) {
  const ids = operation.fresh ? await freshInvitations(COUNT_SAMPLES) : [];
  lastSeq = (await mock("GET", `/__mock/requests?since=${lastSeq}`)).lastSeq; // skips the setup's
  for (let i = 0; i < COUNT_SAMPLES; i++) await send(way, operation.request(ids.pop()));
  const log = await mock("GET", `/__mock/requests?since=${lastSeq}`);
  lastSeq = log.lastSeq;
  const shape = (entry) => `${entry.method} ${entry.path.split("?")[0].replace(/\/organization-invitations\/[^/]+/, "/organization-invitations/{id}")}`;
  const first = log.requests.slice(0, log.requests.length / COUNT_SAMPLES).map(shape);
  return { perRequest: log.requests.length / COUNT_SAMPLES, sequence: first };
}

// --------------------------------------------------------------------------------------- the run
const started = performance.now();
const loadBefore = os.loadavg()[0];
const results = [];
for (const operation of OPERATIONS) {
  const samples = await time(operation);
  const counts = {};
  for (const way of WAYS) counts[way] = await countLogtoRequests(operation, way);
  const stats = Object.fromEntries(WAYS.map((way) => [way, summary(samples[way])]));
  results.push({ operation: operation.name, request: operation.what, stats, logtoRequests: counts, samples });
}

// The gzip -9 CLI, as scripts/test.sh's size budget measures (node:zlib's level 9 writes a few
// hundred bytes more for the same file); node:zlib where there is no gzip.
const gzip9 = (bytes) => {
  try {
    return execFileSync("gzip", ["-9", "-c"], { input: bytes, maxBuffer: 1 << 26 }).length;
  } catch {
    return gzipSync(bytes, { level: zlib.Z_BEST_COMPRESSION }).length;
  }
};
const sizes = ["pkg/logto_invitations_server_bg.wasm", "pkg/logto_invitations_bg.wasm"].map((path) => {
  const bytes = readFileSync(join(ROOT, path));
  return { path, raw: bytes.length, gzip9: gzip9(bytes) };
});
const elapsed = (performance.now() - started) / 1000;
const loadAfter = os.loadavg()[0];

// ------------------------------------------------------------------------------------- the table
const ms = (n) => n.toFixed(3);
const ratio = (a, b) => (a / b).toFixed(2);
const pair = (a, b) => `${ratio(a.median, b.median)} / ${ratio(a.p95, b.p95)}`;
const cell = (s) => `${ms(s.median)} / ${ms(s.p95)}`;
const fmt = (n) => n.toLocaleString("en-US");
const count = (c) => (Number.isInteger(c.perRequest) ? String(c.perRequest) : c.perRequest.toFixed(2));

const lines = [
  `# Proxy benchmark${QUICK ? " (--quick: rough figures)" : ""}`,
  "",
  `${new Date().toISOString()} · Node ${process.version} · ${os.cpus()[0]?.model ?? "unknown CPU"} ×${os.cpus().length} · ` +
    `load ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)} · ${ITERATIONS} timed requests per cell after ${WARMUP} warm-up rounds · ${elapsed.toFixed(1)} s`,
  "",
  `Milliseconds per request, median / p95. direct: fetch() to the local server; unscoped: the proxy ` +
    `without organizationIds; scoped: organizationIds: () => ["${ORG}"]. Ratios are of medians / of p95s. ` +
    `Logto requests: per proxied request, from the server's request log.`,
  "",
  "| operation | direct | unscoped | scoped | scoped / unscoped | unscoped / direct | scoped / direct | Logto requests unscoped → scoped |",
  "|---|---:|---:|---:|---:|---:|---:|---|",
  ...results.map(({ operation, stats: s, logtoRequests: c }) =>
    `| ${operation} | ${cell(s.direct)} | ${cell(s.unscoped)} | ${cell(s.scoped)} | ${pair(s.scoped, s.unscoped)} | ` +
      `${pair(s.unscoped, s.direct)} | ${pair(s.scoped, s.direct)} | ${count(c.unscoped)} → ${count(c.scoped)} (${c.scoped.sequence.join(", ")}) |`),
  "",
  "| module | raw | gzip -9 |",
  "|---|---:|---:|",
  ...sizes.map((s) => `| ${s.path} | ${fmt(s.raw)} B | ${fmt(s.gzip9)} B |`),
  "",
];
const markdown = lines.join("\n");
console.log(markdown);

const out = join(BENCH, "results");
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "proxy.md"), markdown);
writeFileSync(join(out, "proxy.json"), JSON.stringify({
  date: new Date().toISOString(),
  node: process.version,
  cpu: os.cpus()[0]?.model,
  cpus: os.cpus().length,
  load: { before: loadBefore, after: loadAfter },
  quick: QUICK,
  iterations: ITERATIONS,
  warmup: WARMUP,
  seconds: elapsed,
  organizationIds: [ORG],
  unit: "ms",
  results: results.map((r) => ({
    ...r,
    ratios: {
      scopedToUnscoped: { median: r.stats.scoped.median / r.stats.unscoped.median, p95: r.stats.scoped.p95 / r.stats.unscoped.p95 },
      unscopedToDirect: { median: r.stats.unscoped.median / r.stats.direct.median, p95: r.stats.unscoped.p95 / r.stats.direct.p95 },
      scopedToDirect: { median: r.stats.scoped.median / r.stats.direct.median, p95: r.stats.scoped.p95 / r.stats.direct.p95 },
    },
    samples: Object.fromEntries(Object.entries(r.samples).map(([way, xs]) => [way, xs.map((x) => Math.round(x * 1000) / 1000)])),
  })),
  sizes,
}, null, 1) + "\n");
console.log(`bench/proxy.mjs: wrote ${relative(ROOT, join(out, "proxy.md"))} and proxy.json`);
stopServer();
