// Issue 17, items 1-4: the proxy of logto-invitations/server in a B2B product. Two organizations
// (Alpha and Bravo, seed.json), each with its own admin; a fake session (the `x-test-user` header)
// gives `organizationIds`. Written to /work/b2b-spec.md (the API being implemented); where the
// spec is silent, the assumption is written next to the check ("Assumption:").
//
//   A. scoped mode: every operation and lookup by Alpha's admin on Bravo is refused, changes
//      nothing (state via the dev token before/after), returns no data of Bravo (answers searched
//      for Bravo's ids, names, emails) and reaches Logto at most as the pre-read GET (request log);
//      the out-of-scope answer is byte-identical to an unknown ID's; list scope, lookups,
//      organizationIds refusals and order, authorize's organizationId/query.
//   B. item 2: gzip/deflate/br bodies, a BOM, invalid UTF-8, a 600 KB body gzipped, duplicate
//      keys: what reaches Logto is exactly JSON.stringify of what authorize saw, or nothing.
//   C. item 3: time limits (authorize, organizationIds, getAccessToken, Logto), an aborted request,
//      clientCredentials' timeoutMs against an endpoint that never answers, the refresh storm.
//   D. item 4: request headers from an allow list, non-JSON answers as text/plain, no token
//      endpoint free text (secret, its base64/URL encodings) in a 502 or an error.
//
// Run through the compat matrix (the installed `npm pack` tarball):
//   SERVER_URL=... node tests/compat/run.mjs b2b
// or directly against a package directory, for development:
//   B2B_PACKAGE_DIR=pkg node tests/compat/b2b/b2b.mjs
// It starts its own local servers (SERVER_BIN, default tests/server/target/debug/logto-local-server),
// all on 127.0.0.1, and ends with `b2b: N passed, M failed` (exit 0 only when all passed).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { connect, createServer as createNetServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";

const HERE = dirname(fileURLToPath(import.meta.url));
const started = Date.now();
const SERVER_BIN = process.env.SERVER_BIN ?? resolve(HERE, "../../server/target/debug/logto-local-server");
// run.mjs copies scripts/node-adapter.mjs into the project; in the repository it is two levels up.
const ADAPTER = existsSync(join(HERE, "node-adapter.mjs")) ? join(HERE, "node-adapter.mjs") : resolve(HERE, "../../../scripts/node-adapter.mjs");
const SEED_FILE = join(HERE, "seed.json");
const SEED = JSON.parse(readFileSync(SEED_FILE, "utf8"));

// ----- a tiny test runner (each test bounded in time: today's code hangs in some) ---------------
const seen = []; // every answer, error and log line: searched for the secret at the end
let passed = 0;
let failed = 0;
const say = (line) => {
  seen.push(line);
  console.log(line);
};
async function test(name, fn, { timeoutMs = 8000 } = {}) {
  let timer;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the test did not finish within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    passed += 1;
    say(`ok - ${name}`);
  } catch (error) {
    failed += 1;
    say(`not ok - ${name}: ${String(error?.message ?? error).split("\n")[0]}`);
  } finally {
    clearTimeout(timer);
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}
function equal(actual, expected, message) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Every text an error carries (message, stack, every own and inherited enumerable property, cause). */
function errorText(error, depth = 0) {
  if (error === null || typeof error !== "object") return String(error);
  const names = new Set([...Object.getOwnPropertyNames(error), ...Object.keys(Object.getPrototypeOf(error) ?? {})]);
  for (const key in error) names.add(key);
  const parts = [String(error), String(error.stack ?? "")];
  for (const name of names) {
    const value = error[name];
    parts.push(`${name}=${typeof value === "object" && value !== null ? (depth < 3 ? errorText(value, depth + 1) : "") : String(value)}`);
  }
  try {
    parts.push(JSON.stringify(error));
  } catch {
    // circular
  }
  const text = parts.join("\n");
  seen.push(text);
  return text;
}

// ----- the package: installed tarball, or B2B_PACKAGE_DIR -----------------------------------------
async function loadPackage() {
  const dir = process.env.B2B_PACKAGE_DIR;
  if (!dir) return { server: await import("logto-invitations/server"), client: await import("logto-invitations") };
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  // The file Node would pick for these conditions, in the order the exports map lists them.
  const pick = (entry) => {
    if (typeof entry === "string") return entry;
    if (Array.isArray(entry)) return entry.map(pick).find(Boolean);
    for (const [condition, value] of Object.entries(entry ?? {})) {
      if (["node", "import", "default"].includes(condition)) {
        const found = pick(value);
        if (found) return found;
      }
    }
    return undefined;
  };
  const file = (sub) => pathToFileURL(resolve(dir, pick(manifest.exports[sub]))).href;
  return { server: await import(file("./server")), client: await import(file(".")) };
}
let pkg;
try {
  pkg = await loadPackage();
} catch (error) {
  console.log(`not ok - load logto-invitations/server and logto-invitations: ${error.message}`);
  console.log("b2b: 0 passed, 1 failed");
  process.exit(1);
}
const { clientCredentials, createInvitationsProxy } = pkg.server;
const { OrganizationInvitationsApi } = pkg.client;
const { toNodeListener } = await import(pathToFileURL(ADAPTER).href);

// ----- the local Logto-compatible server ---------------------------------------------------------
const APP_ID = "b2b-app";
const SECRET = `b2b:s3cr+/%${randomBytes(12).toString("base64url")}`;
const children = [];
process.on("exit", () => children.forEach((child) => child.kill()));
async function startLogto() {
  if (!existsSync(SERVER_BIN)) throw new Error(`${SERVER_BIN} is missing: cargo build --manifest-path tests/server/Cargo.toml`);
  const child = spawn(SERVER_BIN, ["--port", "0", "--seed", SEED_FILE, "--email-connector", "--message-rate-limit-seconds", "0", "--m2m-app-id", APP_ID, "--m2m-app-secret", SECRET], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  child.stderr.on("data", (data) => say(`# [local server stderr] ${String(data).trim()}`));
  return new Promise((done, fail) => {
    createInterface({ input: child.stdout }).once("line", (line) => done(line.match(/http:\/\/127\.0\.0\.1:\d+/)?.[0]));
    child.once("exit", (code) => fail(new Error(`the local server exited (${code})`)));
  });
}
let LOGTO;
try {
  LOGTO = await startLogto();
  assert(LOGTO, "no URL on the startup line");
} catch (error) {
  console.log(`not ok - start the local server: ${error.message}`);
  console.log("b2b: 0 passed, 1 failed");
  process.exit(1);
}
const LOGTO_PORT = Number(new URL(LOGTO).port);
const DEV = { authorization: "Bearer dev-token" };
async function lastSeq() {
  return (await (await fetch(`${LOGTO}/__mock/requests?since=999999999`)).json()).lastSeq;
}
async function requestsSince(since) {
  return (await (await fetch(`${LOGTO}/__mock/requests?since=${since}`)).json()).requests;
}
const isUpstream = (e) => e.path.startsWith("/api") || e.path.startsWith("/oidc");
const isApi = (e) => e.path.startsWith("/api");
const line = (e) => `${e.method} ${e.path}`;
/** Logto's state as the operator sees it: every invitation, and every message sent. */
async function logtoState() {
  const invitations = await (await fetch(`${LOGTO}/api/organization-invitations`, { headers: DEV })).json();
  const emails = await (await fetch(`${LOGTO}/__mock/emails`)).json();
  return JSON.stringify({ invitations: invitations.sort((a, b) => a.id.localeCompare(b.id)), emails });
}
/** What changed between two logtoState() snapshots, briefly. */
function stateDiff(before, after) {
  if (before === after) return [];
  const [b, a] = [JSON.parse(before), JSON.parse(after)];
  const byId = (list) => new Map(list.map((i) => [i.id, JSON.stringify(i)]));
  const [mb, ma] = [byId(b.invitations), byId(a.invitations)];
  const changes = [];
  for (const [id, value] of ma) if (!mb.has(id)) changes.push(`created ${id} in ${JSON.parse(value).organizationId}`);
  for (const [id, value] of mb) if (!ma.has(id)) changes.push(`deleted ${id}`);
  for (const [id, value] of ma) if (mb.has(id) && mb.get(id) !== value) changes.push(`changed ${id} (${JSON.parse(value).status})`);
  if (a.emails.length !== b.emails.length) changes.push(`${a.emails.length - b.emails.length} messages sent`);
  return changes;
}
async function invitation(id) {
  const response = await fetch(`${LOGTO}/api/organization-invitations/${id}`, { headers: DEV });
  return response.status === 200 ? response.json() : null;
}

// ----- the two customers ----------------------------------------------------------------------------
const ORG_A = "orgalpha0001";
const ORG_B = "orgbravo0002";
const INV_A = "invalphapend01";
const INV_A2 = "invalphapend02";
const INV_B = "invbravopend01";
const UNKNOWN_INV = "invnosuchinv01";
const UNKNOWN_ORG = "orgnosuch0009";
const SESSIONS = { ava: [ORG_A], bruno: [ORG_B], max: [ORG_A, ORG_B] };
// Every string of Bravo's data an answer to Alpha's admin could carry.
const B_DATA = [
  ...SEED.organizations.filter((o) => o.id === ORG_B).flatMap((o) => [o.id, o.name, o.description]),
  ...SEED.users.filter((u) => /bravo/i.test(u.id)).flatMap((u) => [u.id, u.username, u.name, u.primaryEmail]),
  ...SEED.invitations.filter((i) => i.organizationId === ORG_B).flatMap((i) => [i.id, i.invitee]),
];
assert(B_DATA.length >= 15 && B_DATA.every((s) => /bravo/i.test(s)), "seed: every string of Bravo names bravo");
/** Bravo's strings in an answer, except those the request itself carried (an echo is no leak). */
function leaksOfB(answerText, requestText) {
  const text = answerText.toLowerCase();
  return B_DATA.filter((s) => !requestText.toLowerCase().includes(s.toLowerCase()) && text.includes(s.toLowerCase()));
}

// ----- the proxies ------------------------------------------------------------------------------------
const tokenGetter = clientCredentials({ endpoint: LOGTO, appId: APP_ID, appSecret: SECRET });
const tokenCalls = [];
const getAccessToken = (options) => {
  tokenCalls.push(options);
  return tokenGetter(options);
};
const authorizeCalls = [];
let authorizeImpl = () => true;
const authorize = (request, operation) => {
  authorizeCalls.push(operation);
  return authorizeImpl(request, operation);
};
const scopeCalls = [];
let scopeImpl = null;
/** The app's session: the `x-test-user` header names a user; none is an expired session. */
const organizationIds = (request) => {
  const user = request.headers.get("x-test-user");
  scopeCalls.push(user);
  if (scopeImpl) return scopeImpl(request);
  if (!(user in SESSIONS)) throw new Response(null, { status: 401, headers: { "www-authenticate": 'Bearer error="invalid_token"' } });
  return SESSIONS[user];
};
const SCOPED_ALLOW = ["GET /api/organizations", "GET /api/organizations/{id}", "GET /api/organizations/{id}/users", "GET /api/organization-roles"];

/** createInvitationsProxy, or (when it throws) a handler that says so, so that tests fail, not the run. */
function makeProxy(options) {
  try {
    return createInvitationsProxy(options);
  } catch (error) {
    const text = errorText(error);
    return async () => new Response(JSON.stringify({ code: "test.constructor_threw", message: text.split("\n")[0] }), { status: 599 });
  }
}
const scoped = makeProxy({ endpoint: LOGTO, getAccessToken, authorize, organizationIds, allow: SCOPED_ALLOW });
const unscoped = makeProxy({ endpoint: LOGTO, getAccessToken, authorize, allow: SCOPED_ALLOW });

let handler = scoped;
const settled = []; // when each handler promise settled (ms since it was called)
const http = createServer(
  toNodeListener((request) => {
    const t0 = Date.now();
    const promise = handler(request);
    Promise.resolve(promise).then(
      () => settled.push(Date.now() - t0),
      () => settled.push(Date.now() - t0),
    );
    return promise;
  }, { origin: "http://127.0.0.1" }), // the proxy reads only the path and query
);
await new Promise((r) => http.listen(0, "127.0.0.1", r));
const PORT = http.address().port;
const BASE = `http://127.0.0.1:${PORT}`;

/** A raw HTTP request to the mounted proxy (path and body bytes exactly as given). */
function raw(method, path, { headers = {}, body, timeoutMs = 6000 } = {}) {
  return new Promise((done, fail) => {
    const req = httpRequest({ host: "127.0.0.1", port: PORT, method, path, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const bytes = Buffer.concat(chunks);
        const text = bytes.toString("utf8");
        seen.push(JSON.stringify(res.headers), text);
        let json = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {
          // not JSON
        }
        done({ status: res.statusCode, headers: res.headers, bytes, text, json });
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", fail);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
let apiRequestsSeen = 0; // Management API requests that through() saw reach Logto (resets clear the log)
/** Through the proxy: the answer, what reached Logto meanwhile, and the authorize calls it made. */
async function through(method, path, options = {}) {
  const since = await lastSeq();
  const asked = authorizeCalls.length;
  const answer = await raw(method, path, options);
  await sleep(30);
  const upstream = (await requestsSince(since)).filter(isUpstream);
  apiRequestsSeen += upstream.filter(isApi).length;
  return { ...answer, upstream, api: upstream.filter(isApi), authorized: authorizeCalls.slice(asked) };
}
const json = (body) => ({ "content-type": "application/json", ...body });
const as = (user, extra = {}) => ({ "x-test-user": user, ...extra });
const P = "/logto/api/organization-invitations";
const future = () => Date.now() + 5 * 86_400_000;

/** A fetch handler's answer as bytes: status, every header, body. */
async function snapshot(response) {
  const body = Buffer.from(await response.arrayBuffer());
  seen.push(body.toString("utf8"));
  return { status: response.status, headers: [...response.headers].sort(), body: body.toString("base64") };
}
const direct = (proxy, method, path, { headers = {}, body } = {}) => proxy(new Request(`https://dash.example${path}`, { method, headers, body }));
/** Back to the seed after a test that may have changed Logto (it does on code that lets a
 * refused request through), then one request so that the proxy's token is fresh again (a reset
 * revokes issued tokens). */
async function restore() {
  await fetch(`${LOGTO}/__mock/reset`, { method: "POST" });
  await direct(scoped, "GET", `${P}?organizationId=${ORG_A}`, { headers: as("ava") }).then((r) => r.arrayBuffer(), () => {});
}
const short = (text, n = 300) => (text.length > n ? `${text.slice(0, n)}...` : text);

// Warm the token cache (so later logs show only what a test caused), and check the harness.
await test("harness: the local server is up, the seed is loaded, the proxy forwards an in-scope list", async () => {
  const orgs = await (await fetch(`${LOGTO}/api/organizations`, { headers: DEV })).json();
  equal(orgs.map((o) => o.id).sort(), [ORG_A, ORG_B], "two organizations");
  const members = await (await fetch(`${LOGTO}/api/organizations/${ORG_B}/users`, { headers: DEV })).json();
  equal(members.map((m) => m.id).sort(), ["usrbeabravo4", "usrbrunobravo", "usrmaxmulti5"], "Bravo's members");
  const answer = await through("GET", `${P}?organizationId=${ORG_A}`, { headers: as("ava") });
  equal(answer.status, 200, "ava lists Alpha");
  assert(Array.isArray(answer.json) && answer.json.length === 3 && answer.json.every((i) => i.organizationId === ORG_A), `Alpha's 3 invitations: ${answer.text.slice(0, 200)}`);
  assert(answer.api.length >= 1, "the request reached Logto");
});

// ====== A. organization scope ===================================================================
await test("A: the package's client as Alpha's admin: create, get, list, status, message, delete in Alpha work", async () => {
  const api = new OrganizationInvitationsApi({ baseUrl: `${BASE}/logto`, headers: { "x-test-user": "ava" } });
  const created = await api.createOrganizationInvitation({ invitee: "client-control@alpha-invitee.example", organizationId: ORG_A, expiresAt: future() });
  equal((await api.getOrganizationInvitation(created.id)).organizationId, ORG_A, "get");
  assert((await api.listOrganizationInvitations({ organizationId: ORG_A })).some((i) => i.id === created.id), "list");
  await api.createOrganizationInvitationMessage(created.id, { link: "https://dash.example/accept" });
  equal((await api.replaceOrganizationInvitationStatus(created.id, { status: "Revoked" })).status, "Revoked", "status");
  await api.deleteOrganizationInvitation(created.id);
  equal(await invitation(created.id), null, "deleted");
});

await test("A: ID operations in scope: the proxy pre-reads the invitation with its own token, then acts; authorize sees its organizationId", async () => {
  const created = await (await fetch(`${LOGTO}/api/organization-invitations`, { method: "POST", headers: json(DEV), body: JSON.stringify({ invitee: "preread@alpha-invitee.example", organizationId: ORG_A, expiresAt: future() }) })).json();
  const id = created.id;
  for (const [method, suffix, body, status] of [
    ["GET", "", undefined, 200],
    ["POST", "/message", { link: "https://dash.example/a" }, 204],
    ["PUT", "/status", { status: "Revoked" }, 200],
    ["DELETE", "", undefined, 204],
  ]) {
    const answer = await through(method, `${P}/${id}${suffix}`, { headers: body ? json(as("ava")) : as("ava"), body: body && JSON.stringify(body) });
    equal(answer.status, status, `${method} ${suffix}`);
    // Assumption: a GET may be answered from its pre-read (one read) or read again (two).
    const pre = `GET /api/organization-invitations/${id}`;
    const expected = method === "GET" ? answer.api.map(() => pre).slice(0, Math.max(1, Math.min(2, answer.api.length))) : [pre, `${method} /api/organization-invitations/${id}${suffix}`];
    equal(answer.api.map(line), expected, `${method}${suffix}: the pre-read, then the operation`);
    if (method !== "GET") assert(answer.api[1]?.status < 300, `${method}${suffix}: done after the pre-read`);
    assert(answer.api.every((e) => /^Bearer [\w-]{20,}$/.test(e.headers.authorization) && e.headers.authorization !== "Bearer dev-token"), "the proxy's own token");
    equal(answer.authorized.map((o) => [o.operation, o.organizationId]).map((x) => x[1]), [ORG_A], `${method}${suffix}: operation.organizationId`);
  }
});

await test("A: every operation and lookup by Alpha's admin on Bravo is refused, returns no Bravo data, changes nothing, reaches Logto at most as the pre-read", async () => {
  const before = await logtoState();
  const cases = [
    // [method, path, body, expected status, expected code, allowed Logto requests]
    ["GET", `${P}?organizationId=${ORG_B}`, undefined, 403, "proxy.out_of_scope", []],
    ["GET", `${P}?organizationId=${ORG_B}&invitee=secret1%40bravo-invitee.example`, undefined, 403, "proxy.out_of_scope", []],
    ["POST", P, { invitee: "mole@alpha.example", organizationId: ORG_B, expiresAt: future(), organizationRoleIds: ["role_admin"] }, 403, "proxy.out_of_scope", []],
    ["POST", P, { invitee: "mole@alpha.example", organizationId: [ORG_B], expiresAt: future() }, 403, "proxy.out_of_scope", []],
    ["GET", `${P}/${INV_B}`, undefined, 404, "entity.not_found", [`GET /api/organization-invitations/${INV_B}`]],
    ["DELETE", `${P}/${INV_B}`, undefined, 404, "entity.not_found", [`GET /api/organization-invitations/${INV_B}`]],
    ["PUT", `${P}/${INV_B}/status`, { status: "Revoked" }, 404, "entity.not_found", [`GET /api/organization-invitations/${INV_B}`]],
    ["PUT", `${P}/invbravopend02/status`, { status: "Accepted", acceptedUserId: "usravaalpha1" }, 404, "entity.not_found", ["GET /api/organization-invitations/invbravopend02"]],
    ["POST", `${P}/${INV_B}/message`, { link: "https://evil.example/" }, 404, "entity.not_found", [`GET /api/organization-invitations/${INV_B}`]],
    ["GET", `/logto/api/organizations/${ORG_B}`, undefined, 404, "entity.not_found", []],
    ["GET", `/logto/api/organizations/${ORG_B}/users`, undefined, 404, "entity.not_found", []],
    // Not in allow (and refused by the constructor in scoped mode): the proxy's refusal.
    ["GET", "/logto/api/users", undefined, 404, undefined, []],
    ["GET", "/logto/api/users/usrbrunobravo", undefined, 404, undefined, []],
  ];
  const problems = [];
  for (const [method, path, body, status, code, allowed] of cases) {
    const requestText = `${path}\n${body ? JSON.stringify(body) : ""}`;
    const answer = await through(method, path, { headers: body ? json(as("ava", { "accept-language": "de" })) : as("ava", { "accept-language": "de" }), body: body && JSON.stringify(body) });
    const label = `${method} ${path}`;
    if (answer.status !== status) problems.push(`${label}: status ${answer.status}, expected ${status}`);
    if (code && answer.json?.code !== code) problems.push(`${label}: code ${answer.json?.code}, expected ${code}`);
    if (!code && !String(answer.json?.code).startsWith("proxy.")) problems.push(`${label}: not the proxy's refusal: ${answer.text.slice(0, 120)}`);
    const leaks = leaksOfB(`${JSON.stringify(answer.headers)}\n${answer.text}`, requestText);
    if (leaks.length) problems.push(`${label}: Bravo's data in the answer: ${leaks.join(", ")}`);
    const reached = answer.api.map(line);
    if (JSON.stringify(reached) !== JSON.stringify(allowed)) problems.push(`${label}: reached Logto: ${JSON.stringify(reached)}, allowed ${JSON.stringify(allowed)}`);
    if (answer.authorized.length) problems.push(`${label}: authorize was asked (the scope is enforced before it)`);
  }
  const changes = stateDiff(before, await logtoState());
  if (changes.length) problems.push(`Logto's state changed: ${changes.join(", ")}`);
  await restore();
  equal(problems, [], "refusals");
});

await test("A: list without organizationId and a one-organization scope: that organization is applied (the query Logto got)", async () => {
  for (const [query, expected] of [
    ["", `organizationId=${ORG_A}`],
    ["?invitee=secret1%40bravo-invitee.example", "organizationId"],
    ["?inviterId=usrbrunobravo", "organizationId"],
  ]) {
    const answer = await through("GET", `${P}${query}`, { headers: as("ava") });
    equal(answer.status, 200, `list${query}`);
    assert(Array.isArray(answer.json) && answer.json.every((i) => i.organizationId === ORG_A), `only Alpha's: ${answer.text.slice(0, 200)}`);
    equal(leaksOfB(answer.text, query), [], `no Bravo data for ${query}`);
    equal(answer.api.length, 1, "one request to Logto");
    const sent = new URL(answer.api[0].path, "http://x");
    equal([sent.pathname, sent.searchParams.getAll("organizationId")], ["/api/organization-invitations", [ORG_A]], `${query}: Logto's query (${answer.api[0].path}) has ${expected}`);
  }
});

await test("A: a multi-organization scope must name organizationId; then it may list either", async () => {
  const refused = await through("GET", P, { headers: as("max") });
  equal([refused.status, refused.json?.code, refused.upstream.length], [403, "proxy.out_of_scope", 0], "max without organizationId");
  const listed = await through("GET", `${P}?organizationId=${ORG_B}`, { headers: as("max") });
  equal(listed.status, 200, "max lists Bravo");
  assert(listed.json.length === 3 && listed.json.every((i) => i.organizationId === ORG_B), "Bravo's three");
  const bruno = await through("GET", P, { headers: as("bruno") });
  assert(bruno.status === 200 && bruno.json.every((i) => i.organizationId === ORG_B) && bruno.json.length === 3, "bruno: his one organization applied");
});

await test("A: GET /api/organizations answers only the scope's organizations, each read by ID; roles stay allowed", async () => {
  const ava = await through("GET", "/logto/api/organizations?page_size=100&q=bravo", { headers: as("ava") });
  equal(ava.status, 200, "status");
  equal(Array.isArray(ava.json) && ava.json.map((o) => o.id), [ORG_A], "only Alpha");
  equal(leaksOfB(`${JSON.stringify(ava.headers)}${ava.text}`, ""), [], "no Bravo data (name, id)");
  equal(ava.api.map(line), [`GET /api/organizations/${ORG_A}`], "read by ID, query ignored");
  const max = await through("GET", "/logto/api/organizations", { headers: as("max") });
  equal(Array.isArray(max.json) && max.json.map((o) => o.id).sort(), [ORG_A, ORG_B], "max: both");
  const own = await through("GET", `/logto/api/organizations/${ORG_A}`, { headers: as("ava") });
  equal([own.status, own.json?.id, own.authorized[0]?.organizationId], [200, ORG_A, ORG_A], "Alpha by ID, authorize told its organizationId");
  const members = await through("GET", `/logto/api/organizations/${ORG_A}/users`, { headers: as("ava") });
  equal([members.status, Array.isArray(members.json) && members.json.map((m) => m.id).sort()], [200, ["usralanalph2", "usravaalpha1", "usrmaxmulti5"]], "Alpha's members");
  const roles = await through("GET", "/logto/api/organization-roles", { headers: as("ava") });
  equal([roles.status, roles.api.map((e) => e.path.split("?")[0])], [200, ["/api/organization-roles"]], "roles");
});

await test("A: the out-of-scope answer is byte-identical (status, headers, body) to an unknown ID's, for all four ID operations and the org lookups", async () => {
  const problems = [];
  for (const [method, pair, body] of [
    ["GET", [`${P}/${INV_B}`, `${P}/${UNKNOWN_INV}`]],
    ["DELETE", [`${P}/${INV_B}`, `${P}/${UNKNOWN_INV}`]],
    ["PUT", [`${P}/${INV_B}/status`, `${P}/${UNKNOWN_INV}/status`], { status: "Revoked" }],
    ["POST", [`${P}/${INV_B}/message`, `${P}/${UNKNOWN_INV}/message`], { link: "https://x.example/" }],
    ["GET", [`/logto/api/organizations/${ORG_B}`, `/logto/api/organizations/${UNKNOWN_ORG}`]],
    ["GET", [`/logto/api/organizations/${ORG_B}/users`, `/logto/api/organizations/${UNKNOWN_ORG}/users`]],
  ]) {
    const headers = { "x-test-user": "ava", "accept-language": "fr", ...(body ? { "content-type": "application/json" } : {}) };
    const snaps = [];
    for (const path of pair) snaps.push(await snapshot(await direct(scoped, method, path, { headers, body: body && JSON.stringify(body) })));
    if (JSON.stringify(snaps[0]) !== JSON.stringify(snaps[1])) problems.push(`${method} ${pair[0]}: ${short(JSON.stringify(snaps[0]), 200)} vs unknown ${short(JSON.stringify(snaps[1]), 200)}`);
    // The composed 404 of the spec, exactly.
    const expected = {
      status: 404,
      headers: [["cache-control", "no-store"], ["content-type", "application/json; charset=utf-8"], ["x-content-type-options", "nosniff"]],
    };
    if (JSON.stringify({ status: snaps[1].status, headers: snaps[1].headers }) !== JSON.stringify(expected)) problems.push(`${method} ${pair[1]}: not the composed 404: ${short(JSON.stringify(snaps[1]), 200)}`);
    const parsed = JSON.parse(Buffer.from(snaps[1].body, "base64").toString("utf8") || "null");
    if (JSON.stringify(parsed) !== JSON.stringify({ code: "entity.not_found", message: "The resource does not exist." })) problems.push(`${method} ${pair[1]}: body ${JSON.stringify(parsed)}`);
  }
  // Through Node's http (the adapter): the same, apart from the Date Node adds.
  const viaHttp = [];
  for (const id of [INV_B, UNKNOWN_INV]) {
    const answer = await raw("GET", `${P}/${id}`, { headers: as("ava") });
    const { date, ...headers } = answer.headers;
    viaHttp.push({ status: answer.status, headers, body: answer.text });
  }
  if (JSON.stringify(viaHttp[0]) !== JSON.stringify(viaHttp[1])) problems.push(`via http: ${short(JSON.stringify(viaHttp))}`);
  equal(problems, [], "identical answers");
});

await test("A: scoped mode: \"GET /api/users\" or \"GET /api/users/{id}\" in allow makes the constructor throw (invalid_input, options.allow)", async () => {
  for (const name of ["GET /api/users", "GET /api/users/{id}"]) {
    let thrown;
    try {
      createInvitationsProxy({ endpoint: LOGTO, getAccessToken, authorize, organizationIds, allow: ["GET /api/organizations", name] });
    } catch (error) {
      thrown = error;
      errorText(error);
    }
    equal([thrown?.kind, thrown?.field], ["invalid_input", "options.allow"], name);
  }
  // Unscoped (an operator's tool), the same allow is accepted.
  createInvitationsProxy({ endpoint: LOGTO, getAccessToken, authorize, allow: ["GET /api/users", "GET /api/users/{id}"] });
});

await test("A: organizationIds throwing a 401 Response -> 401 proxy.unauthenticated with its WWW-Authenticate; a 403 Response -> 403 proxy.forbidden; nothing reaches Logto", async () => {
  const expired = await through("GET", P, { headers: { "x-test-user": "nobody" } });
  equal([expired.status, expired.json?.code, expired.headers["www-authenticate"]], [401, "proxy.unauthenticated", 'Bearer error="invalid_token"'], "401");
  assert(typeof expired.json?.message === "string" && expired.json.message.length > 0, "a message");
  equal([expired.upstream.length, expired.authorized.length], [0, 0], "nothing reached Logto, authorize not asked");
  try {
    scopeImpl = () => Promise.reject(new Response("no", { status: 403, headers: { "www-authenticate": 'Bearer error="insufficient_scope"' } }));
    const forbidden = await through("GET", P, { headers: as("ava") });
    equal([forbidden.status, forbidden.json?.code, forbidden.headers["www-authenticate"], forbidden.upstream.length], [403, "proxy.forbidden", 'Bearer error="insufficient_scope"', 0], "a rejected 403 Response");
  } finally {
    scopeImpl = null;
  }
});

await test("A: organizationIds throwing anything else, or answering no array of strings -> 403 proxy.forbidden, nothing reaches Logto", async () => {
  const problems = [];
  try {
    for (const [name, fn] of [
      ["throws an Error", () => { throw new Error("session store down"); }],
      ["rejects with a string", () => Promise.reject("nope")],
      ["throws a 500 Response", () => { throw new Response(null, { status: 500 }); }],
      ["throws a 302 Response", () => { throw Response.redirect("https://login.example/", 302); }],
      ["returns a string", () => ORG_A],
      ["returns null", () => null],
      ["returns undefined", () => undefined],
      ["returns numbers", () => [1]],
      ["returns a mixed array", () => [ORG_A, 5]],
      ["returns an array-like", () => ({ length: 1, 0: ORG_A })],
      ["resolves to an object", async () => ({ organizationIds: [ORG_A] })],
    ]) {
      scopeImpl = fn;
      for (const [method, path] of [["GET", `${P}?organizationId=${ORG_A}`], ["GET", `${P}/${INV_A}`]]) {
        const answer = await through(method, path, { headers: as("ava") });
        if (answer.status !== 403 || answer.json?.code !== "proxy.forbidden" || answer.upstream.length || answer.authorized.length) problems.push(`${name} ${path}: ${answer.status} ${answer.json?.code}, ${answer.upstream.length} reached Logto`);
      }
    }
  } finally {
    scopeImpl = null;
  }
  equal(problems, [], "fails closed");
});

await test("A: organizationIds is asked before anything reaches Logto (a fresh token getter: not even the token request)", async () => {
  const calls = [];
  const fresh = makeProxy({
    endpoint: LOGTO,
    getAccessToken: clientCredentials({ endpoint: LOGTO, appId: APP_ID, appSecret: SECRET }),
    authorize,
    allow: SCOPED_ALLOW,
    organizationIds: async (request) => {
      calls.push((await requestsSince(since)).filter(isUpstream).map(line));
      return SESSIONS[request.headers.get("x-test-user")];
    },
  });
  const since = await lastSeq();
  for (const path of [`${P}/${INV_A}`, `${P}?organizationId=${ORG_A}`, `/logto/api/organizations/${ORG_A}`]) {
    const response = await direct(fresh, "GET", path, { headers: as("ava") });
    equal(response.status, 200, path);
  }
  equal(calls.length, 3, "asked once per request");
  equal(calls[0], [], "nothing had reached Logto when it was first asked");
});

await test("A: authorize's operation carries organizationId and, for GET, the parsed query", async () => {
  const list = await through("GET", `${P}?organizationId=${ORG_A}&invitee=newbie1%40alpha-invitee.example`, { headers: as("ava") });
  equal(list.status, 200, "list");
  const op = list.authorized[0];
  equal([op?.operation, op?.organizationId, op?.query && { ...op.query }], ["listOrganizationInvitations", ORG_A, { organizationId: ORG_A, invitee: "newbie1@alpha-invitee.example" }], "list: organizationId and the decoded query");
  const applied = await through("GET", P, { headers: as("ava") });
  const op2 = applied.authorized[0];
  // Assumption: with the organization applied, `query` still is an object (the spec leaves open
  // whether it shows the applied organizationId); `organizationId` is the applied one.
  assert(op2?.organizationId === ORG_A && typeof op2?.query === "object" && op2.query !== null, `applied: ${JSON.stringify(op2)}`);
  const created = await through("POST", P, { headers: json(as("ava")), body: JSON.stringify({ invitee: "opfields@alpha-invitee.example", organizationId: ORG_A, expiresAt: future() }) });
  equal([created.status, created.authorized[0]?.organizationId], [201, ORG_A], "create: the body's organizationId");
  equal(created.authorized[0]?.query, undefined, "no query for a body operation (GET only)");
  const get = await through("GET", `${P}/${created.json?.id}`, { headers: as("ava") });
  equal([get.status, get.authorized[0]?.organizationId], [200, ORG_A], "get: the invitation's organizationId, read from Logto");
  const del = await through("DELETE", `${P}/${created.json?.id}`, { headers: as("ava") });
  equal([del.status, del.authorized[0]?.organizationId], [204, ORG_A], "delete");
});

await test("A: list queries: only organizationId, inviterId, invitee; duplicates, other keys and bad escapes are 400 proxy.invalid_query in both modes", async () => {
  const problems = [];
  for (const [mode, proxy] of [["scoped", scoped], ["unscoped", unscoped]]) {
    handler = proxy;
    for (const query of [`?organizationId=${ORG_A}&organizationId=${ORG_B}`, `?organizationId=${ORG_A}&page=1`, `?organizationId=${ORG_A}&invitee=%zz`, `?organizationId=${ORG_A}&invitee=a&invitee=b`]) {
      const answer = await through("GET", `${P}${query}`, { headers: as("ava") });
      if (answer.status !== 400 || answer.json?.code !== "proxy.invalid_query" || answer.upstream.length) problems.push(`${mode} ${query}: ${answer.status} ${answer.json?.code}, ${answer.upstream.length} reached Logto`);
    }
  }
  handler = scoped;
  equal(problems, [], "refused");
});

// ====== B. what authorize judges is what Logto runs =============================================
// In unscoped mode (the rules hold in both modes; unscoped, nothing at all may reach Logto).
const judging = (request, op) => {
  if ((op.body?.organizationRoleIds ?? []).includes("role_admin")) return false;
  if (op.operation === "replaceOrganizationInvitationStatus" && op.body?.status === "Revoked") return false;
  if (op.operation === "createOrganizationInvitationMessage" && !String(op.body?.link ?? "").startsWith("https://dash.example/")) return false;
  return true;
};
const ADMIN_BODY = JSON.stringify({ invitee: "escalate@alpha-invitee.example", organizationId: ORG_A, expiresAt: future(), organizationRoleIds: ["role_admin"] });
const adminInvitations = async () => JSON.parse(await logtoState()).invitations.filter((i) => i.invitee === "escalate@alpha-invitee.example").length;

async function refusedBody(method, path, headers, body, status, code, check = async () => {}) {
  handler = unscoped;
  authorizeImpl = judging;
  try {
    const before = await logtoState();
    const answer = await through(method, path, { headers, body });
    const problems = [];
    if (answer.status !== status || answer.json?.code !== code) problems.push(`answered ${answer.status} ${answer.json?.code ?? short(answer.text, 80)}, expected ${status} ${code}`);
    if (answer.upstream.length) problems.push(`reached Logto: ${answer.upstream.map((e) => `${line(e)} -> ${e.status}`).join(", ")}`);
    const changes = stateDiff(before, await logtoState());
    if (changes.length) problems.push(`Logto changed: ${changes.join(", ")}`);
    if (await adminInvitations()) problems.push("an admin invitation was created");
    await check(problems);
    equal(problems, [], "refused before Logto");
  } finally {
    handler = scoped;
    authorizeImpl = () => true;
    await restore();
  }
}
await test("B: control: authorize refuses a plain JSON create with role_admin (403, nothing reaches Logto)", () => refusedBody("POST", P, json({}), ADMIN_BODY, 403, "proxy.forbidden"));
await test("B: the same body gzipped with Content-Encoding: gzip -> 415 proxy.unsupported_content_encoding", () => refusedBody("POST", P, json({ "content-encoding": "gzip" }), gzipSync(ADMIN_BODY), 415, "proxy.unsupported_content_encoding"));
await test("B: deflate on PUT .../status -> 415, the invitation stays Pending", async () => {
  await refusedBody("PUT", `${P}/${INV_A2}/status`, json({ "content-encoding": "deflate" }), deflateSync(JSON.stringify({ status: "Revoked" })), 415, "proxy.unsupported_content_encoding", async (problems) => {
    const status = (await invitation(INV_A2))?.status;
    if (status !== "Pending") problems.push(`the invitation is ${status}`);
  });
});
await test("B: brotli on POST .../message -> 415, no message sent", () => refusedBody("POST", `${P}/${INV_A2}/message`, json({ "content-encoding": "br" }), brotliCompressSync(JSON.stringify({ link: "https://evil.example/" })), 415, "proxy.unsupported_content_encoding"));
await test("B: a UTF-8 BOM in front of the JSON -> 400 proxy.invalid_json", () => refusedBody("POST", P, json({}), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ADMIN_BODY)]), 400, "proxy.invalid_json"));
await test("B: invalid UTF-8 bytes in the JSON -> 400 proxy.invalid_json", () =>
  refusedBody("POST", P, json({}), Buffer.concat([Buffer.from('{"invitee":"bad'), Buffer.from([0xff, 0xfe]), Buffer.from(`@alpha-invitee.example","organizationId":"${ORG_A}","expiresAt":${future()},"organizationRoleIds":["role_admin"]}`)]), 400, "proxy.invalid_json"));
await test("B: a 600 KB body gzipped to under 64 KiB is refused (415), nothing reaches Logto", async () => {
  const big = JSON.stringify({ invitee: "big@alpha-invitee.example", organizationId: ORG_A, expiresAt: future(), organizationRoleIds: ["role_admin"], messagePayload: { link: `https://dash.example/${"x".repeat(600_000)}` } });
  const packed = gzipSync(big);
  assert(big.length > 600_000 && packed.length < 64 * 1024, `sizes ${big.length} -> ${packed.length}`);
  await refusedBody("POST", P, json({ "content-encoding": "gzip" }), packed, 415, "proxy.unsupported_content_encoding");
});
await test("B: Content-Encoding: identity is accepted; the header does not reach Logto", async () => {
  handler = unscoped;
  try {
    const answer = await through("POST", P, { headers: json({ "content-encoding": "identity" }), body: JSON.stringify({ invitee: "identity@alpha-invitee.example", organizationId: ORG_A, expiresAt: future() }) });
    equal(answer.status, 201, "created");
    equal(answer.api.map((e) => e.headers["content-encoding"]), [undefined], "no Content-Encoding at Logto");
  } finally {
    handler = scoped;
  }
});
await test("B: duplicate keys {organizationId: B, organizationId: A}: Logto gets exactly JSON.stringify of what authorize saw", async () => {
  const expiresAt = future();
  const text = `{ "invitee" : "dup@alpha-invitee.example", "organizationId":"${ORG_B}", "organizationId":"${ORG_A}", "expiresAt": ${expiresAt} }`;
  const answer = await through("POST", P, { headers: json(as("ava")), body: text });
  equal(answer.status, 201, "created (the last key wins, as JSON.parse reads it: Alpha, in scope)");
  const seenBody = answer.authorized[0]?.body;
  equal(seenBody, { invitee: "dup@alpha-invitee.example", organizationId: ORG_A, expiresAt }, "authorize saw Alpha");
  equal(answer.api.map((e) => e.body), [JSON.stringify(seenBody)], "Logto got the re-serialised object, byte for byte");
  equal(answer.json?.organizationId, ORG_A, "created in Alpha");
  const reversed = await through("POST", P, { headers: json(as("ava")), body: `{"invitee":"dup2@alpha-invitee.example","organizationId":"${ORG_A}","organizationId":"${ORG_B}","expiresAt":${expiresAt}}` });
  equal([reversed.status, reversed.json?.code, reversed.upstream.length], [403, "proxy.out_of_scope", 0], "{A, B}: judged as Bravo, refused");
  const status = await through("PUT", `${P}/${answer.json?.id}/status`, { headers: json(as("ava")), body: '{"status":"Accepted","status":"Revoked"}' });
  equal(status.status, 200, "status");
  equal(status.api.filter((e) => e.method === "PUT").map((e) => e.body), ['{"status":"Revoked"}'], "PUT body re-serialised");
});
await restore();

// ====== C. time limits and token recovery ========================================================
/** A TCP server on 127.0.0.1 that accepts connections; mode "dead" never answers, "healthy" pipes to Logto. */
async function switchable() {
  const sockets = new Set();
  const state = { mode: "dead", accepted: 0 };
  const server = createNetServer((socket) => {
    state.accepted += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    if (state.mode === "healthy") {
      const upstream = connect(LOGTO_PORT, "127.0.0.1");
      upstream.on("error", () => socket.destroy());
      socket.pipe(upstream).pipe(socket);
    }
    // dead: read and hold
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  // dead(): also breaks the connections open now (fetch keeps a healthy one alive for reuse).
  const dead = () => { state.mode = "dead"; sockets.forEach((s) => s.destroy()); };
  return { url: `http://127.0.0.1:${server.address().port}`, state, dead, close: () => { sockets.forEach((s) => s.destroy()); server.close(); } };
}
const within = (promise, ms) => Promise.race([Promise.resolve(promise).then((value) => ({ value }), (error) => ({ error })), sleep(ms).then(() => ({ pending: true }))]);

await test("C: a never-settling authorize -> 504 proxy.timeout within timeouts.authorize (300 ms)", async () => {
  const proxy = makeProxy({ endpoint: LOGTO, getAccessToken: () => "dev-token", authorize: () => new Promise(() => {}), timeouts: { authorize: 300 } });
  const t0 = Date.now();
  const result = await within(direct(proxy, "GET", P), 3000);
  const ms = Date.now() - t0;
  assert(!result.pending, "still pending after 3 s");
  assert(result.value, `rejected: ${result.error}`);
  const body = await result.value.json().catch(() => null);
  equal([result.value.status, body?.code], [504, "proxy.timeout"], "504");
  assert(ms >= 250 && ms < 1000, `answered after ${ms} ms`);
  assert(/authorize/.test(body.message) && /300 ms/.test(body.message), `message names the step and the limit: ${body.message}`);
});

const deadLogto = await switchable();
for (const [step, options] of [
  ["organizationIds", { organizationIds: () => new Promise(() => {}), timeouts: { organizationIds: 300 } }],
  ["getAccessToken", { getAccessToken: () => new Promise(() => {}), timeouts: { getAccessToken: 300 } }],
  ["logto", { endpoint: deadLogto.url, timeouts: { logto: 300 } }],
]) {
  await test(`C: a never-settling ${step === "logto" ? "Logto (accepts the connection, never answers)" : step} -> 504 proxy.timeout within timeouts.${step} (300 ms)`, async () => {
    {
      const proxy = makeProxy({ endpoint: LOGTO, getAccessToken: () => "dev-token", authorize: () => true, ...options });
      const t0 = Date.now();
      const result = await within(direct(proxy, "GET", `${P}?organizationId=${ORG_A}`, { headers: as("ava") }), 3000);
      const ms = Date.now() - t0;
      assert(!result.pending && result.value, `${step}: ${result.pending ? "still pending after 3 s" : result.error}`);
      const body = await result.value.json().catch(() => null);
      equal([result.value.status, body?.code], [504, "proxy.timeout"], step);
      assert(ms >= 250 && ms < 1000, `${step}: answered after ${ms} ms`);
      assert(body.message.includes("300 ms"), `${step}: ${body.message}`);
      if (step === "logto") assert(deadLogto.state.accepted >= 1, "the dead Logto was connected to");
    }
  });
}
deadLogto.close();

await test("C: a request aborted at 300 ms while getAccessToken takes 3 s settles at once, and never reaches Logto", async () => {
  const since = await lastSeq();
  const slowToken = () => sleep(3000).then(() => "dev-token");
  const proxy = makeProxy({ endpoint: LOGTO, getAccessToken: slowToken, authorize: () => true });
  // Called as a fetch handler with the request's signal...
  const controller = new AbortController();
  const t0 = Date.now();
  const handled = direct(proxy, "GET", `${P}?organizationId=${ORG_A}`, { headers: as("ava") });
  handled.catch(() => {});
  const fetchCall = proxy(new Request(`https://dash.example${P}?organizationId=${ORG_A}`, { signal: controller.signal }));
  setTimeout(() => controller.abort(), 300);
  const settledAt = await Promise.resolve(fetchCall).then(() => Date.now() - t0, () => Date.now() - t0);
  // ...and mounted in Node's http, whose client goes away at 300 ms.
  handler = proxy;
  settled.length = 0;
  const t1 = Date.now();
  const req = httpRequest({ host: "127.0.0.1", port: PORT, path: `${P}?organizationId=${ORG_A}` });
  req.on("error", () => {});
  req.end();
  setTimeout(() => req.destroy(), 300);
  while (settled.length === 0 && Date.now() - t1 < 3500) await sleep(20);
  handler = scoped;
  const viaHttp = settled[0];
  await sleep(Math.max(0, t1 + 3400 - Date.now())); // past the 3 s tokens of both
  const reached = (await requestsSince(since)).filter(isApi).length;
  assert(settledAt < 500, `the fetch handler settled after ${settledAt} ms`);
  assert(viaHttp !== undefined && viaHttp < 500, `the mounted handler settled after ${viaHttp} ms`);
  // The third request (not aborted) reached Logto once its token came: so 1, not 3.
  equal(reached, 1, "only the request that was not aborted reached Logto");
}, { timeoutMs: 9000 });

await test("C: clientCredentials({ timeoutMs: 500 }) against an endpoint that never answers rejects within ~1 s; the next call, once healthy, succeeds", async () => {
  const endpoint = await switchable();
  try {
    const getToken = clientCredentials({ endpoint: endpoint.url, appId: APP_ID, appSecret: SECRET, timeoutMs: 500 });
    const t0 = Date.now();
    const first = await within(getToken(), 3000);
    const ms = Date.now() - t0;
    assert(!first.pending, "still pending after 3 s");
    assert(first.error, "rejected");
    errorText(first.error);
    assert(ms >= 400 && ms < 1200, `rejected after ${ms} ms`);
    equal(first.error.kind, "token", "kind token"); // Assumption: a timed-out token request is kind "token", as other token failures
    endpoint.state.mode = "healthy";
    const t1 = Date.now();
    const second = await within(getToken(), 3000);
    assert(second.value, `the next call: ${second.pending ? "pending (joined the dead request?)" : errorText(second.error).split("\n")[0]}`);
    assert(Date.now() - t1 < 1000, `took ${Date.now() - t1} ms`);
    const api = await fetch(`${LOGTO}/api/organization-invitations?organizationId=${ORG_A}`, { headers: { authorization: `Bearer ${second.value}` } });
    equal(api.status, 200, "the token works");
    // A proxied request with a token endpoint that never answers: answered, not left pending.
    endpoint.dead();
    const proxy = makeProxy({ endpoint: LOGTO, getAccessToken: clientCredentials({ endpoint: endpoint.url, appId: APP_ID, appSecret: SECRET, timeoutMs: 500 }), authorize: () => true });
    const t2 = Date.now();
    const proxied = await within(direct(proxy, "GET", `${P}?organizationId=${ORG_A}`), 3000);
    assert(proxied.value, `proxied: ${proxied.pending ? "pending after 3 s" : proxied.error}`);
    assert([502, 504].includes(proxied.value.status) && Date.now() - t2 < 1500, `proxied: ${proxied.value.status} after ${Date.now() - t2} ms`);
  } finally {
    endpoint.close();
  }
});

await test("C: clientCredentials({ timeoutMs: 500 }): a token answer whose body never ends rejects within ~1 s", async () => {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "application/json", "content-length": "200" });
    res.write('{"access_token":"');
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const getToken = clientCredentials({ endpoint: `http://127.0.0.1:${server.address().port}`, appId: APP_ID, appSecret: SECRET, timeoutMs: 500 });
    const t0 = Date.now();
    const result = await within(getToken(), 3000);
    assert(!result.pending && result.error, result.pending ? "pending after 3 s" : "resolved");
    errorText(result.error);
    assert(Date.now() - t0 < 1200, `rejected after ${Date.now() - t0} ms`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

await test("C: refresh storm: the cached token is revoked while 10 GETs are in flight, their 401s 40 ms apart -> exactly one POST /oidc/token", async () => {
  // A relay in front of Logto holds the next 10 API requests, then releases them 40 ms apart.
  const relay = { hold: 0, held: [] };
  const relayServer = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const forward = () => {
        const up = httpRequest({ host: "127.0.0.1", port: LOGTO_PORT, method: req.method, path: req.url, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode, answer.headers);
          answer.pipe(res);
        });
        up.on("error", () => res.destroy());
        up.end(Buffer.concat(chunks));
      };
      if (relay.hold > 0 && req.url.startsWith("/api/")) {
        relay.hold -= 1;
        relay.held.push(forward);
      } else forward();
    });
  });
  await new Promise((r) => relayServer.listen(0, "127.0.0.1", r));
  try {
    const getToken = clientCredentials({ endpoint: LOGTO, appId: APP_ID, appSecret: SECRET });
    const calls = [];
    const proxy = makeProxy({ endpoint: `http://127.0.0.1:${relayServer.address().port}`, getAccessToken: (o) => (calls.push(o), getToken(o)), authorize: () => true });
    equal((await direct(proxy, "GET", `${P}?organizationId=${ORG_A}`)).status, 200, "warm: a token is cached");
    relay.hold = 10;
    const answers = Array.from({ length: 10 }, () => direct(proxy, "GET", `${P}?organizationId=${ORG_A}`));
    for (const t0 = Date.now(); relay.held.length < 10 && Date.now() - t0 < 3000; ) await sleep(10);
    equal(relay.held.length, 10, "10 requests in flight at the relay");
    const expired = await (await fetch(`${LOGTO}/__mock/tokens/expire`, { method: "POST" })).json();
    assert(expired.expired >= 1, "the cached token was revoked");
    const since = await lastSeq();
    relay.held.forEach((forward, i) => setTimeout(forward, i * 40));
    const statuses = await Promise.all(answers.map((p) => p.then((r) => r.status)));
    equal(statuses, Array(10).fill(200), "all 10 answered 200 after the refresh");
    const log = await requestsSince(since);
    equal(log.filter((e) => isApi(e) && e.status === 401).length, 10, "Logto answered 10 401s");
    equal(log.filter((e) => e.method === "POST" && e.path === "/oidc/token").length, 1, `one token request (getAccessToken calls: ${JSON.stringify(calls.slice(1))})`);
  } finally {
    relayServer.closeAllConnections();
    relayServer.close();
    await restore();
  }
}, { timeoutMs: 10000 });

// ====== D. headers and answers =====================================================================
const DROPPED = {
  "development-user-id": "usrbrunobravo",
  "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware",
  "x-forwarded-for": "10.0.0.7",
  "x-real-ip": "10.0.0.7",
  range: "bytes=0-10",
  "if-none-match": '"etag-1"',
  "logto-core-request-id": "forgedforgedforg",
  "x-request-id": "not-on-the-allow-list",
};
await test("D: only accept, accept-language, traceparent, tracestate reach Logto (Development-User-Id, X-Middleware-Subrequest, X-Forwarded-For, X-Real-IP, Range, If-None-Match, a forged Logto-Core-Request-Id, Content-Encoding do not)", async () => {
  const problems = [];
  const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  for (const [mode, proxy] of [["unscoped", unscoped], ["scoped", scoped]]) {
    handler = proxy;
    const sent = { ...DROPPED, "accept-language": "de-CH", traceparent, tracestate: "vendor=1", "x-test-user": "ava" };
    const list = await through("GET", `${P}?organizationId=${ORG_A}`, { headers: sent });
    const create = await through("POST", P, { headers: { ...sent, "content-type": "application/json", "content-encoding": "identity" }, body: JSON.stringify({ invitee: `headers-${mode}@alpha-invitee.example`, organizationId: ORG_A, expiresAt: future() }) });
    const get = await through("GET", `${P}/${INV_A}`, { headers: sent });
    if (list.status !== 200 || create.status !== 201 || get.status !== 200) problems.push(`${mode}: ${list.status} ${create.status} ${get.status}`);
    for (const entry of [...list.api, ...create.api, ...get.api]) {
      for (const name of [...Object.keys(DROPPED), "content-encoding", "x-test-user"]) if (name in entry.headers) problems.push(`${mode} ${line(entry)}: ${name} reached Logto`);
    }
    // Assumption: the allowed headers must reach the operation itself (the last request of each);
    // the scoped pre-read is the proxy's own read and may go without them.
    for (const entry of [list.api.at(-1), create.api.at(-1), get.api.at(-1)].filter(Boolean)) {
      if (entry.headers["accept-language"] !== "de-CH") problems.push(`${mode} ${line(entry)}: accept-language ${entry.headers["accept-language"]}`);
      if (entry.headers.traceparent !== traceparent || entry.headers.tracestate !== "vendor=1") problems.push(`${mode} ${line(entry)}: traceparent/tracestate ${entry.headers.traceparent} ${entry.headers.tracestate}`);
    }
    if (list.api.length + create.api.length + get.api.length < 3) problems.push(`${mode}: only ${list.api.length + create.api.length + get.api.length} requests reached Logto`);
  }
  handler = scoped;
  equal(problems, [], "headers at Logto");
});

await test("D: a Logto answer that is not JSON goes back as text/plain; charset=utf-8", async () => {
  // A relay adds the local server's `nonjson` fault (the proxy itself forwards no x-mock-fault).
  const relayServer = createServer((req, res) => {
    const up = httpRequest({ host: "127.0.0.1", port: LOGTO_PORT, method: req.method, path: req.url, headers: { ...req.headers, "x-mock-fault": "nonjson=1" } }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    up.on("error", () => res.destroy());
    req.pipe(up);
  });
  await new Promise((r) => relayServer.listen(0, "127.0.0.1", r));
  try {
    const proxy = makeProxy({ endpoint: `http://127.0.0.1:${relayServer.address().port}`, getAccessToken: () => "dev-token", authorize: () => true });
    for (const [path, status] of [[`${P}?organizationId=${ORG_A}`, 200], [`${P}/${UNKNOWN_INV}`, 404]]) {
      const response = await direct(proxy, "GET", path);
      const text = await response.text();
      seen.push(text);
      equal([response.status, response.headers.get("content-type")], [status, "text/plain; charset=utf-8"], path);
    }
  } finally {
    relayServer.closeAllConnections();
    relayServer.close();
  }
});

await test("D: token endpoint free text (code = base64 of id:secret, a URL-encoded secret in error_description) reaches neither the 502 nor clientCredentials' error", async () => {
  const basic = Buffer.from(`${APP_ID}:${SECRET}`);
  const formBasic = Buffer.from(`${encodeURIComponent(APP_ID)}:${new URLSearchParams({ s: SECRET }).toString().slice(2)}`);
  const variants = [
    { status: 401, body: { code: basic.toString("base64").replace(/=+$/, ""), message: "client authentication failed", error: "invalid_client", error_description: "client authentication failed" }, code: undefined, error: "invalid_client" },
    { status: 401, body: { code: "oidc.invalid_client", message: "client authentication failed", error: "invalid_client", error_description: `client authentication failed: ${encodeURIComponent(SECRET)}` }, code: "oidc.invalid_client", error: "invalid_client", headers: { "www-authenticate": `Basic error_description="${encodeURIComponent(SECRET)}"` } },
    { status: 400, body: { code: `oidc.${formBasic.toString("base64url")}`, message: encodeURIComponent(SECRET), error: Buffer.from(SECRET).toString("base64"), error_description: SECRET }, code: undefined, error: undefined },
  ];
  let current = variants[0];
  const tokenServer = createServer((req, res) => {
    req.resume();
    res.writeHead(current.status, { "content-type": "application/json", ...(current.headers ?? {}) });
    res.end(JSON.stringify(current.body));
  });
  await new Promise((r) => tokenServer.listen(0, "127.0.0.1", r));
  const endpoint = `http://127.0.0.1:${tokenServer.address().port}`;
  const needles = [
    SECRET,
    SECRET.slice(11), // the random part: in any text or URL encoding
    encodeURIComponent(SECRET),
    new URLSearchParams({ s: SECRET }).toString().slice(2),
    Buffer.from(SECRET).toString("base64").replace(/=+$/, ""),
    ...[basic, formBasic].flatMap((b) => [b.toString("base64"), b.toString("base64").replace(/=+$/, ""), b.toString("base64url")]),
    Buffer.from(`${APP_ID}:`).toString("base64").slice(0, 8), // any base64 of "id:..."
  ];
  const problems = [];
  try {
    for (const [i, variant] of variants.entries()) {
      current = variant;
      const error = await clientCredentials({ endpoint, appId: APP_ID, appSecret: SECRET })().then(() => null, (e) => e);
      if (!error) {
        problems.push(`#${i}: resolved`);
        continue;
      }
      const text = errorText(error);
      const leaked = needles.filter((n) => text.includes(n));
      if (leaked.length) problems.push(`#${i} clientCredentials error carries ${leaked.length} encodings of the secret`);
      if (error.code !== variant.code) problems.push(`#${i}: error.code ${error.code}, expected ${variant.code}`);
      if (error.error !== variant.error) problems.push(`#${i}: error.error ${error.error}, expected ${variant.error}`);
      if ("error_description" in error && error.error_description !== undefined) problems.push(`#${i}: error_description copied`);
      const proxy = makeProxy({ endpoint: LOGTO, getAccessToken: clientCredentials({ endpoint, appId: APP_ID, appSecret: SECRET }), authorize: () => true });
      const answer = await direct(proxy, "GET", `${P}?organizationId=${ORG_A}`);
      const answerText = `${answer.status}\n${JSON.stringify([...answer.headers])}\n${await answer.text()}`;
      seen.push(answerText);
      if (answer.status !== 502) problems.push(`#${i}: proxy answered ${answer.status}`);
      const leaked502 = needles.filter((n) => answerText.includes(n));
      if (leaked502.length) problems.push(`#${i} the proxy's 502 carries ${leaked502.length} encodings of the secret`);
    }
  } finally {
    tokenServer.close();
  }
  equal(problems, [], "no secret, in any encoding");
});

// ====== E. a review's findings (each failed before its fix) ======================================
await test("E: authorize changing operation.body in place changes nothing Logto gets (the body is sent as judged, then parsed anew for the checks)", async () => {
  const since = await lastSeq();
  const proxy = makeProxy({ endpoint: LOGTO, getAccessToken: () => "dev-token", organizationIds: () => [ORG_A], authorize: (_r, op) => (Object.assign(op.body, { organizationId: ORG_B, invitee: "moved@bravo.example" }), true) });
  const body = JSON.stringify({ invitee: "stays@alpha-invitee.example", organizationId: ORG_A, expiresAt: future() });
  const answer = await direct(proxy, "POST", P, { headers: { "content-type": "application/json" }, body });
  const created = await answer.json();
  equal([answer.status, created.organizationId, created.invitee], [201, ORG_A, "stays@alpha-invitee.example"], "created in A as sent");
  const posts = (await requestsSince(since)).filter((e) => e.method === "POST" && e.path.startsWith("/api/"));
  equal(posts.map((e) => JSON.parse(e.body).organizationId), [ORG_A], "Logto got organization A");
  await restore();
});

await test("E: a body nested too deep for JSON.stringify is 400 proxy.invalid_json, never forwarded empty", async () => {
  const since = await lastSeq();
  const deep = `{"status":"Revoked","x":${"[".repeat(20000)}${"]".repeat(20000)}}`;
  const answer = await direct(unscoped, "PUT", `${P}/${INV_A}/status`, { headers: { "content-type": "application/json" }, body: deep });
  const json = await answer.json();
  const reached = (await requestsSince(since)).filter((e) => e.path.startsWith("/api/"));
  // Either the proxy cannot write it back (400) or it is sent whole; never an empty body.
  assert((answer.status === 400 && json.code === "proxy.invalid_json" && reached.length === 0) || reached.every((e) => (e.body ?? "").length > 40000), `status ${answer.status} ${json.code}; reached: ${reached.map((e) => `${e.method} ${e.path} ${String(e.body).length}`)}`);
});

await test("E: organizationIds answering an empty, '.' or '..' ID is 403 proxy.forbidden (an empty filter is the whole tenant's list to Logto); nothing reaches Logto", async () => {
  for (const ids of [[""], [ORG_A, ""], ["."], [".."]]) {
    const since = await lastSeq();
    const proxy = makeProxy({ endpoint: LOGTO, getAccessToken: () => "dev-token", organizationIds: () => ids, authorize: () => true, allow: SCOPED_ALLOW });
    for (const path of [P, `${P}?organizationId=`, "/logto/api/organizations"]) {
      const answer = await direct(proxy, "GET", path);
      equal([answer.status, (await answer.json()).code], [403, "proxy.forbidden"], `${JSON.stringify(ids)} ${path}`);
    }
    equal((await requestsSince(since)).filter((e) => e.path.startsWith("/api/")).length, 0, `${JSON.stringify(ids)}: nothing reached Logto`);
  }
});

await test("E: a scoped ID operation whose read of the invitation gets 429, 503 or 403 resolves with Logto's answer (never rejects)", async () => {
  for (const [fault, status] of [["status=429;retry-after=9", 429], ["status=503", 503], ["status=403", 403]]) {
    const armed = await fetch(`${LOGTO}/__mock/faults`, { method: "POST", body: JSON.stringify({ fault, method: "GET", path: `/api/organization-invitations/${INV_A}` }) });
    equal(armed.status, 201, "armed");
    const result = await within(direct(scoped, "DELETE", `${P}/${INV_A}`, { headers: as("ava") }), 3000);
    assert(result.value instanceof Response, `resolved with a Response: ${result.error ? errorText(result.error).split("\n")[0] : "pending"}`);
    equal(result.value.status, status, fault);
    if (status === 429) equal(result.value.headers.get("retry-after"), "9", "Retry-After passed back");
  }
  equal((await invitation(INV_A))?.id, INV_A, "the invitation is still there");
});

await test("E: a get takes no query (400 proxy.invalid_query naming the operation), and the scoped organization list shows authorize no query, as it sends none", async () => {
  const get = await direct(scoped, "GET", `${P}/${INV_A}?organizationId=${ORG_A}`, { headers: as("ava") });
  const json = await get.json();
  equal([get.status, json.code], [400, "proxy.invalid_query"], "a get with a query");
  assert(json.message.includes("getOrganizationInvitation takes no query"), json.message);
  const seenOps = [];
  const proxy = makeProxy({ endpoint: LOGTO, getAccessToken: () => "dev-token", organizationIds: () => [ORG_A], authorize: (_r, op) => (seenOps.push(op), true), allow: SCOPED_ALLOW });
  const since = await lastSeq();
  const orgs = await direct(proxy, "GET", "/logto/api/organizations?q=bravo");
  equal([orgs.status, (await orgs.json()).map((o) => o.id)], [200, [ORG_A]], "only A");
  equal(seenOps.at(-1).query, undefined, "no query shown");
  equal((await requestsSince(since)).filter((e) => e.path.startsWith("/api/")).map((e) => e.path), [`/api/organizations/${ORG_A}`], "read by ID, no query sent");
});

// ====== the harness itself =========================================================================
await test("harness: the tests exercised the local server (its request log) and ran to the end", async () => {
  assert(apiRequestsSeen >= 40, `only ${apiRequestsSeen} Management API requests reached the local server through the proxy`);
  assert(passed + failed >= 34, `only ${passed + failed} tests ran`);
});
await test("D: the app secret (any encoding checked above) and every token issued appear in no answer, error or line of this run", async () => {
  const all = await requestsSince(0);
  const tokens = new Set(all.map((e) => e.headers.authorization).filter((a) => /^Bearer [\w-]{40,}$/.test(a ?? "")).map((a) => a.slice(7)));
  const text = seen.join("\n");
  const leaks = [SECRET, encodeURIComponent(SECRET), SECRET.slice(11), ...tokens].filter((s) => text.includes(s));
  equal(leaks.length, 0, "leaked values");
});

http.closeAllConnections?.();
http.close();
for (const child of children) child.kill();
console.log(`# ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`b2b: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
