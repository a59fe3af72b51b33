// The server entry (logto-invitations/server) against the local Logto-compatible server:
// clientCredentials (caching, expiry, expires_in as a string or absent, forceRefresh, one
// request for 20 concurrent calls, each token error) and createInvitationsProxy mounted in
// Node's http with the README's adapter
// (the six operations through the package's client; every refused method and path, encoded
// traversal included, with no request reaching Logto, counted in the server's request log;
// authorize false/throw/reject; Sec-Fetch-Site; header stripping both ways; the body cap and
// JSON-only bodies; Logto-Core-Request-Id and Retry-After passed back; no redirect followed;
// Logto or its token endpoint down -> 502; a 401 -> one refresh; no CORS), and called directly as
// a fetch handler, as Deno, Bun, Workers and Next.js call it. Every response, error and log line
// is searched for the app secret and every token issued.
//
// Usage: node tests/proxy/run.mjs   (after scripts/build.sh and build_server of
// scripts/server.sh; it starts its own local servers). Ends with `proxy: N passed, M failed`.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { createServer as createNetServer } from "node:net";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { assert, createRunner, equal, sleep } from "./runner.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SERVER_BIN = join(ROOT, "tests", "server", "target", "debug", "logto-local-server");
const started = Date.now();

// ----- what the test watches: every text a browser or a log could see ---------------------------
const seen = []; // response bodies and headers, error messages and properties, log lines
const SECRET = `s3cr:t+/%${randomBytes(12).toString("base64url")}`; // ':' '+' '/' '%' need RFC 6749 form-encoding
const APP_ID = "proxy-test-app";
const say = (line) => {
  seen.push(line);
  console.log(line);
};
// ----- the runner (tests/proxy/runner.mjs) ------------------------------------------------------
const run = createRunner("proxy", { say });
const { test } = run;
/** An error with every own property, as a log line would show it. */
function describeError(error) {
  const props = Object.fromEntries(Object.getOwnPropertyNames(error).map((k) => [k, String(error[k])]));
  const text = `${error}\n${JSON.stringify(props)}\n${error?.stack ?? ""}`;
  seen.push(text);
  return error;
}

// ----- the package ------------------------------------------------------------------------------
const serverEntry = join(ROOT, "pkg", "server.mjs");
if (!existsSync(serverEntry)) {
  console.log("not ok - pkg/server.mjs is missing: run scripts/build.sh");
  console.log("proxy: 0 passed, 1 failed");
  process.exit(1);
}
const { clientCredentials, createInvitationsProxy } = await import(pathToFileURL(serverEntry).href);

/** The package's client as a Node program loads it. */
async function loadClient() {
  const nodeEntry = join(ROOT, "pkg", "node.mjs");
  if (existsSync(nodeEntry)) return import(pathToFileURL(nodeEntry).href);
  const glue = await import(pathToFileURL(join(ROOT, "pkg", "logto_invitations.js")).href);
  glue.initSync({ module: readFileSync(join(ROOT, "pkg", "logto_invitations_bg.wasm")) });
  return glue;
}
const { OrganizationInvitationsApi } = await loadClient();

// The Node http adapter exactly as the README shows it (scripts/node-adapter.mjs, which the demo
// server uses too, is checked to be the README's block below).
const adapterFile = join(ROOT, "scripts", "node-adapter.mjs");
const adapterSource = readFileSync(adapterFile, "utf8");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const { toNodeListener } = await import(pathToFileURL(adapterFile).href);

// ----- local servers ----------------------------------------------------------------------------
const children = [];
process.on("exit", () => children.forEach((child) => child.kill()));
async function startLogto(flags) {
  if (!existsSync(SERVER_BIN)) throw new Error(`${SERVER_BIN} is missing: build_server (scripts/server.sh) first`);
  const child = spawn(SERVER_BIN, ["--port", "0", "--m2m-app-id", APP_ID, "--m2m-app-secret", SECRET, ...flags], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  child.stderr.on("data", (data) => say(`[local server stderr] ${data}`.trim()));
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", (line) => resolve(line.match(/http:\/\/\S+/)?.[0]));
    child.once("exit", (code) => reject(new Error(`the local server exited (${code})`)));
  });
  return url;
}
async function closedPort() {
  const probe = createNetServer();
  await new Promise((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The local server's request log since `since` (only requests that reached it). */
async function requestsSince(logto, since) {
  const response = await fetch(`${logto}/__mock/requests?since=${since}`);
  return (await response.json()).requests;
}
async function lastSeq(logto) {
  return (await (await fetch(`${logto}/__mock/requests?since=999999999`)).json()).lastSeq;
}
const isUpstream = (entry) => entry.path.startsWith("/api") || entry.path.startsWith("/oidc");
const tokenRequests = (entries) => entries.filter((e) => e.method === "POST" && e.path === "/oidc/token");

// ----- Logto servers: A for tokens (2 s lifetime), B behind the proxy ---------------------------
let logtoA;
let logtoB;
try {
  logtoA = await startLogto(["--token-ttl-seconds", "2"]);
  logtoB = await startLogto(["--demo", "--cors", "production"]);
} catch (error) {
  console.log(`not ok - start the local servers: ${error.message}`);
  console.log("proxy: 0 passed, 1 failed");
  for (const child of children) child.kill();
  process.exit(1);
}
const issuedTokens = new Set();
const remember = (token) => {
  issuedTokens.add(token);
  return token;
};

// ====== clientCredentials ========================================================================
const credentials = (extra = {}) => clientCredentials({ endpoint: logtoA, appId: APP_ID, appSecret: SECRET, ...extra });

await test("clientCredentials: one POST /oidc/token with Basic client auth and a form body; the token works on /api", async () => {
  const since = await lastSeq(logtoA);
  const token = remember(await credentials()());
  assert(typeof token === "string" && token.length > 20, `a token: ${token.length}`);
  const [request, ...more] = await requestsSince(logtoA, since);
  equal(more.length, 0, "one request");
  equal([request.method, request.path, request.status], ["POST", "/oidc/token", 200], "the token request");
  const basic = `Basic ${Buffer.from(`${encodeURIComponent(APP_ID)}:${new URLSearchParams({ s: SECRET }).toString().slice(2)}`).toString("base64")}`;
  equal(request.headers.authorization, basic, "HTTP Basic of the form-urlencoded id and secret");
  equal(request.headers["content-type"], "application/x-www-form-urlencoded", "form body");
  const form = new URLSearchParams(request.body);
  equal([...form.keys()], ["grant_type", "resource", "scope"], "only these fields, no client_secret in the body");
  equal([form.get("grant_type"), form.get("resource"), form.get("scope")], ["client_credentials", "https://default.logto.app/api", "all"], "fields");
  const api = await fetch(`${logtoA}/api/organization-invitations`, { headers: { authorization: `Bearer ${token}` } });
  equal(api.status, 200, "the Management API accepts it");
});

await test("clientCredentials: the token is cached; 20 concurrent calls make one request; forceRefresh asks again", async () => {
  const getToken = credentials();
  const since = await lastSeq(logtoA);
  const tokens = await Promise.all(Array.from({ length: 20 }, () => getToken()));
  equal(new Set(tokens).size, 1, "all 20 get the same token");
  remember(tokens[0]);
  equal(tokenRequests(await requestsSince(logtoA, since)).length, 1, "one token request for 20 calls");
  equal(await getToken(), tokens[0], "cached");
  equal(await getToken({ forceRefresh: false }), tokens[0], "cached (forceRefresh: false)");
  equal(tokenRequests(await requestsSince(logtoA, since)).length, 1, "still one token request");
  const fresh = remember(await getToken({ forceRefresh: true }));
  assert(fresh !== tokens[0], "forceRefresh gives a new token");
  equal(tokenRequests(await requestsSince(logtoA, since)).length, 2, "forceRefresh made a second request");
  const joined = await Promise.all([getToken({ forceRefresh: true }), getToken({ forceRefresh: true }), getToken()]);
  equal(new Set(joined).size, 1, "forced refreshes in flight share one request");
  remember(joined[0]);
  equal(tokenRequests(await requestsSince(logtoA, since)).length, 3, "three token requests in all");
});

await test("clientCredentials: a token is used until shortly before expires_in (2 s here), then renewed", async () => {
  const getToken = credentials();
  const since = await lastSeq(logtoA);
  const first = remember(await getToken());
  await sleep(1500);
  equal(await getToken(), first, "still cached at 1.5 s");
  await sleep(400); // 1.9 s: past 2 s minus a tenth
  const second = remember(await getToken());
  assert(second !== first, "renewed after 1.8 s");
  equal(tokenRequests(await requestsSince(logtoA, since)).length, 2, "two token requests");
  const api = await fetch(`${logtoA}/api/organization-invitations`, { headers: { authorization: `Bearer ${second}` } });
  equal(api.status, 200, "the renewed token works");
});

await test("clientCredentials: expires_in as a numeric string is that number; none is cached (60 s); 0 and a non-number string are not", async () => {
  // The local server always sends a numeric expires_in: a tiny token endpoint answers here with
  // the body `answer` gives, counting the requests.
  let answer = {};
  let count = 0;
  const endpoint = createServer((req, res) => {
    count += 1;
    req.resume().on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ access_token: `token-${count}`, token_type: "Bearer", ...answer }));
    });
  });
  await new Promise((resolve) => endpoint.listen(0, "127.0.0.1", resolve));
  try {
    const url = `http://127.0.0.1:${endpoint.address().port}`;
    const calls = async (body) => {
      answer = body;
      count = 0;
      const getToken = clientCredentials({ endpoint: url, appId: APP_ID, appSecret: SECRET });
      const tokens = [await getToken(), await getToken(), await getToken()];
      return { tokens, requests: count };
    };
    equal(await calls({ expires_in: "3600" }), { tokens: ["token-1", "token-1", "token-1"], requests: 1 }, 'expires_in "3600": cached');
    equal(await calls({}), { tokens: ["token-1", "token-1", "token-1"], requests: 1 }, "no expires_in: cached");
    equal(await calls({ expires_in: 0 }), { tokens: ["token-1", "token-2", "token-3"], requests: 3 }, "expires_in 0: not cached");
    equal(await calls({ expires_in: "0" }), { tokens: ["token-1", "token-2", "token-3"], requests: 3 }, 'expires_in "0": not cached');
    for (const bad of ["an hour", "-1", "", "Infinity"]) {
      answer = { expires_in: bad };
      const error = await clientCredentials({ endpoint: url, appId: APP_ID, appSecret: SECRET })().then(() => null, describeError);
      assert(error?.kind === "token", `expires_in ${JSON.stringify(bad)}: kind token, got ${error}`);
      assert(error.message.includes("answered 200 but not with a usable token: `expires_in` is not a number of seconds"), error.message);
    }
  } finally {
    await new Promise((resolve) => endpoint.close(resolve));
  }
});

await test("clientCredentials: wrong secret -> kind token, 401, oidc.invalid_client, error (never error_description), request id", async () => {
  const error = await credentials({ appSecret: `${SECRET}x` })().then(
    () => null,
    (e) => describeError(e),
  );
  assert(error, "rejects");
  equal([error.name, error.kind, error.status, error.code], ["LogtoApiError", "token", 401, "oidc.invalid_client"], "fields");
  equal([error.error, error.error_description], ["invalid_client", undefined], "OAuth's code, not its free text");
  assert(/^[\w-]{16}$/.test(error.requestId ?? ""), `requestId: ${error.requestId}`);
  assert(error instanceof Error && error.message.includes("Check the machine-to-machine app's ID and secret"), error.message);
});

await test("clientCredentials: unknown client -> 400 invalid_client; unknown resource -> 400 invalid_target with Logto Cloud's form", async () => {
  const unknown = await credentials({ appId: "no-such-app" })().catch(describeError);
  equal([unknown.kind, unknown.status, unknown.code, unknown.error, unknown.error_description], ["token", 400, "oidc.invalid_client", "invalid_client", undefined], "unknown client");
  const target = await credentials({ resource: "https://tenant1.logto.app/api" })().catch(describeError);
  equal([target.kind, target.status, target.code, target.error], ["token", 400, "oidc.invalid_target", "invalid_target"], "unknown resource");
  assert(target.message.includes("https://<tenant-id>.logto.app/api"), target.message);
});

await test("clientCredentials: 5xx, a 2xx that is no token, a dropped connection and an unreachable Logto are kind token", async () => {
  const realFetch = globalThis.fetch;
  const withFault = (fault) => (url, init) => realFetch(url, { ...init, headers: { ...init.headers, "x-mock-fault": fault } });
  try {
    globalThis.fetch = withFault("status=503;body=text");
    const unavailable = await credentials()().catch(describeError);
    equal([unavailable.kind, unavailable.status], ["token", 503], "503");
    globalThis.fetch = withFault("wrongshape=1");
    const shape = await credentials()().catch(describeError);
    equal([shape.kind, shape.status], ["token", 200], "a 200 without a token");
    assert(shape.message.includes("access_token"), shape.message);
    globalThis.fetch = withFault("drop=1");
    const dropped = await credentials()().catch(describeError);
    equal(dropped.kind, "token", "dropped connection");
  } finally {
    globalThis.fetch = realFetch;
  }
  const down = await clientCredentials({ endpoint: `http://127.0.0.1:${await closedPort()}`, appId: APP_ID, appSecret: SECRET })().catch(describeError);
  equal(down.kind, "token", "unreachable");
  assert(down.message.includes("ECONNREFUSED"), down.message);
});

await test("clientCredentials: unusable options throw kind invalid_input naming the option, never quoting the secret", async () => {
  for (const [options, field] of [
    [{ endpoint: "/logto", appId: APP_ID, appSecret: SECRET }, "options.endpoint"],
    [{ endpoint: logtoA, appId: APP_ID, appSecret: "" }, "options.appSecret"],
    [{ endpoint: logtoA, appId: APP_ID }, "options.appSecret"],
    [{ endpoint: logtoA, appId: 5, appSecret: SECRET }, "options.appId"],
    [null, "options"],
  ]) {
    let thrown;
    try {
      clientCredentials(options);
    } catch (error) {
      thrown = describeError(error);
    }
    equal([thrown?.kind, thrown?.field], ["invalid_input", field], `options ${field}`);
  }
});

// ====== createInvitationsProxy in Node's http ===================================================
const ORG = "acme7k2m9q4x"; // the demo seed's Acme
const ALLOW = ["GET /api/organizations", "GET /api/organization-roles", "GET /api/users"];
let authorize = () => true;
const authorizeCalls = [];
const proxyGetToken = clientCredentials({ endpoint: logtoB, appId: APP_ID, appSecret: SECRET });
let tokenCalls = [];
const proxy = createInvitationsProxy({
  endpoint: logtoB,
  getAccessToken: (options) => {
    tokenCalls.push(options);
    return proxyGetToken(options);
  },
  authorize: (request, operation) => {
    authorizeCalls.push({ request, operation });
    return authorize(request, operation);
  },
  allow: ALLOW,
});
let handler = proxy;
const http = createServer();
await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
const BASE = `http://127.0.0.1:${http.address().port}`;
http.on("request", toNodeListener((request) => handler(request), { origin: BASE }));

/** A raw HTTP request (the path exactly as given: no client-side normalisation). */
function raw(method, path, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: http.address().port, method, path, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => {
        seen.push(JSON.stringify(res.headers), text);
        resolve({ status: res.statusCode, headers: res.headers, text, json: text ? JSON.parse(text) : null });
      });
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
/** Sends through the proxy and returns the answer and the requests that reached Logto. */
async function through(method, path, options) {
  const since = await lastSeq(logtoB);
  const answer = await raw(method, path, options);
  await sleep(20);
  const upstream = (await requestsSince(logtoB, since)).filter(isUpstream);
  return { ...answer, upstream };
}
const ALLOWED_ANSWER_HEADERS = ["allow", "cache-control", "connection", "content-type", "date", "keep-alive", "logto-core-request-id", "retry-after", "transfer-encoding", "x-content-type-options"];

await test("proxy: the six operations through the package's client with baseUrl /logto and no token", async () => {
  const api = new OrganizationInvitationsApi({ baseUrl: `${BASE}/logto` });
  const since = await lastSeq(logtoB);
  const created = await api.createOrganizationInvitation({ invitee: "proxy-test@example.com", organizationId: ORG, expiresAt: Date.now() + 86_400_000, organizationRoleIds: ["rolemember000000000m1"] });
  equal(created.status, "Pending", "created");
  equal((await api.getOrganizationInvitation(created.id)).id, created.id, "get");
  assert((await api.listOrganizationInvitations({ invitee: "PROXY-TEST@example.com" })).some((i) => i.id === created.id), "list");
  const message = await api.createOrganizationInvitationMessage(created.id, { link: "https://x/y" }).catch(describeError);
  equal([message.kind, message.status, message.code], ["http", 501, "connector.not_found"], "resend: Logto's 501 passed through");
  equal((await api.replaceOrganizationInvitationStatus(created.id, { status: "Revoked" })).status, "Revoked", "status");
  await api.deleteOrganizationInvitation(created.id);
  const gone = await api.getOrganizationInvitation(created.id).catch(describeError);
  equal([gone.status, gone.code], [404, "entity.not_found"], "Logto's 404 passed through");
  assert(/^[\w-]{16}$/.test(gone.requestId ?? ""), `Logto-Core-Request-Id reaches the client: ${gone.requestId}`);
  const upstream = (await requestsSince(logtoB, since)).filter(isUpstream);
  const api_ = upstream.filter((e) => e.path.startsWith("/api"));
  equal(api_.length, 7, "7 Management API requests");
  equal(tokenRequests(upstream).length, 1, "one token request");
  for (const entry of api_) {
    assert(/^Bearer [\w-]{20,}$/.test(entry.headers.authorization), `a bearer token: ${entry.headers.authorization}`);
    remember(entry.headers.authorization.slice(7));
    assert(entry.headers.authorization !== "Bearer dev-token", "the proxy's own token");
  }
});

await test("proxy: lookups named in allow are forwarded with their query; others are not", async () => {
  const users = await through("GET", "/logto/api/users?page=1&page_size=100");
  equal(users.status, 200, "GET /api/users allowed");
  assert(Array.isArray(users.json) && users.json.length >= 6, "the demo users");
  equal(users.upstream.filter((e) => e.path.startsWith("/api")).map((e) => e.path), ["/api/users?page=1&page_size=100"], "query forwarded");
  equal((await through("GET", "/logto/api/organizations")).status, 200, "organizations");
  equal((await through("GET", "/logto/api/organization-roles")).status, 200, "roles");
  // Dot segments are resolved by the platform's URL parser before matching (as a browser does
  // before sending): what reaches Logto is the resolved, allowed path, never the raw one.
  const resolved = await through("GET", "/logto/api/organization-invitations/x/%2e%2e/../users");
  equal([resolved.status, resolved.upstream.filter((e) => e.path.startsWith("/api")).map((e) => e.path)], [200, ["/api/users"]], "resolved to the allowed lookup");
});

// Every request below is refused before anything reaches Logto.
const REFUSED = [
  // [method, raw path, status, code, note]
  ["GET", "/logto/api/applications", 404, "proxy.not_found", "another Management API route"],
  ["GET", "/logto/api/users/usralice0001", 404, "proxy.not_found", "a lookup not in allow"],
  ["GET", "/logto/api/organizations/acme7k2m9q4x/users", 404, "proxy.not_found", "a lookup not in allow"],
  ["POST", "/logto/api/users", 405, "proxy.method_not_allowed", "writing an allowed lookup's path"],
  ["DELETE", "/logto/api/users", 405, "proxy.method_not_allowed", "deleting on an allowed lookup's path"],
  ["PATCH", "/logto/api/organization-invitations/inv_1", 405, "proxy.method_not_allowed", "PATCH"],
  ["DELETE", "/logto/api/organization-invitations", 405, "proxy.method_not_allowed", "DELETE on the collection"],
  ["PUT", "/logto/api/organization-invitations/inv_1", 405, "proxy.method_not_allowed", "PUT on an invitation"],
  ["GET", "/logto/api/organization-invitations/inv_1/status", 405, "proxy.method_not_allowed", "GET on /status"],
  ["HEAD", "/logto/api/organization-invitations", 405, null, "HEAD"],
  ["OPTIONS", "/logto/api/organization-invitations", 405, "proxy.method_not_allowed", "OPTIONS"],
  ["TRACE", "/logto/api/organization-invitations", 400, null, "TRACE (the Fetch API forbids it: the adapter's 400)"],
  ["PROPFIND", "/logto/api/organization-invitations", 405, "proxy.method_not_allowed", "an unknown method"],
  ["GET", "/logto/api/organization-invitations/%2e%2e/%2e%2e/users", 404, "proxy.not_found", "%2e%2e segments"],
  ["GET", "/logto/api/organization-invitations/..%2F..%2Fusers", 404, "proxy.not_found", "..%2F in one segment"],
  ["GET", "/logto/api/organization-invitations/%2E%2E%2Fusers", 404, "proxy.not_found", "%2E%2E%2F"],
  ["GET", "/logto/api/organization-invitations/../../api/applications", 404, "proxy.not_found", ".. segments"],
  ["GET", "/logto/api/organization-invitations/inv_1/../../users/usralice0001", 404, "proxy.not_found", ".. after an ID"],
  ["PUT", "/logto/api/organization-invitations/%2e/status", 405, "proxy.method_not_allowed", "%2e as the ID (resolved: PUT .../status)"],
  ["DELETE", "/logto/api/organization-invitations/%2e%2e", 404, "proxy.not_found", "%2e%2e as the ID"],
  ["GET", "/logto/api/organization-invitations/a%2Fb", 404, "proxy.not_found", "%2F inside the ID"],
  ["GET", "/logto/api/organization-invitations/a%5Cb", 404, "proxy.not_found", "%5C inside the ID"],
  ["GET", "/logto/api/organization-invitations/a\\..\\..\\applications", 404, "proxy.not_found", "backslashes"],
  ["GET", "/logto//api/organization-invitations", 404, "proxy.not_found", "a double slash after the prefix"],
  ["GET", "//logto/api/organization-invitations", 404, "proxy.not_found", "a leading double slash"],
  ["GET", "/logto/api/organization-invitations//status", 404, "proxy.not_found", "an empty ID"],
  ["GET", "/logto/api/organization-invitations/", 404, "proxy.not_found", "a trailing slash"],
  ["GET", "/logto%2Fapi/organization-invitations", 404, "proxy.not_found", "%2F in the prefix"],
  ["GET", "/logto/api%2Forganization-invitations", 404, "proxy.not_found", "%2F after api"],
  ["GET", "/LOGTO/api/organization-invitations", 404, "proxy.not_found", "another case"],
  ["GET", "/api/organization-invitations", 404, "proxy.not_found", "outside the prefix"],
  ["GET", "/logto/oidc/token", 404, "proxy.not_found", "the token endpoint"],
  ["POST", "/logto/oidc/token", 404, "proxy.not_found", "the token endpoint"],
  ["GET", "/logto/api/organization-invitations%3Fx=1", 404, "proxy.not_found", "an encoded ?"],
  ["GET", "/logto/api/./applications", 404, "proxy.not_found", "a . segment"],
  ["GET", "/logto/api/organization-invitations/%2e%2e/%2e%2e/../logto/api/applications", 404, "proxy.not_found", "out of the prefix and back"],
  ["GET", "/logto/api/users/..%2f..%2fapplications", 404, "proxy.not_found", "encoded traversal after an allowed lookup"],
  ["GET", "/logto/api/users%2f..%2fapplications", 404, "proxy.not_found", "encoded traversal in an allowed lookup's segment"],
  ["GET", "/logto/api/organization-invitations/inv_1/message", 405, "proxy.method_not_allowed", "GET on /message"],
];
await test(`proxy: ${REFUSED.length} methods and paths outside the list are refused (404/405, Logto-shaped JSON) and never reach Logto`, async () => {
  const problems = [];
  for (const [method, path, status, code, note] of REFUSED) {
    const answer = await through(method, path);
    if (answer.status !== status) problems.push(`${method} ${path} (${note}): ${answer.status}, expected ${status}`);
    if (code && answer.json?.code !== code) problems.push(`${method} ${path}: code ${answer.json?.code}`);
    if (code && typeof answer.json?.message !== "string") problems.push(`${method} ${path}: no message`);
    if (status === 405 && !answer.headers.allow) problems.push(`${method} ${path}: 405 without Allow`);
    if (answer.upstream.length) problems.push(`${method} ${path}: reached Logto: ${answer.upstream.map((e) => `${e.method} ${e.path}`)}`);
  }
  assert(problems.length === 0, problems.join("\n"));
  equal(authorizeCalls.filter((c) => c.operation === undefined).length, 0, "authorize is never asked about them");
});

await test("proxy: a CORS preflight gets no Access-Control-* header, and no answer carries one", async () => {
  const preflight = await through("OPTIONS", "/logto/api/organization-invitations", {
    headers: { origin: "https://evil.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
  });
  equal(preflight.status, 405, "405");
  equal(Object.keys(preflight.headers).filter((h) => h.startsWith("access-control-")), [], "no CORS headers");
  equal(preflight.upstream.length, 0, "not forwarded");
  const get = await through("GET", "/logto/api/organization-invitations", { headers: { origin: "https://evil.example" } });
  equal(get.status, 200, "a GET with an Origin (same-origin proxies see their own)");
  equal(Object.keys(get.headers).filter((h) => h.startsWith("access-control-") || h === "vary"), [], "no CORS headers on a forwarded answer");
});

await test("proxy: Sec-Fetch-Site cross-site or same-site -> 403 proxy.cross_origin, not forwarded; same-origin is", async () => {
  for (const site of ["cross-site", "same-site"]) {
    const answer = await through("DELETE", "/logto/api/organization-invitations/invpendgrace000000001", { headers: { "sec-fetch-site": site } });
    equal([answer.status, answer.json?.code, answer.upstream.length], [403, "proxy.cross_origin", 0], site);
  }
  const same = await through("GET", "/logto/api/organization-invitations", { headers: { "sec-fetch-site": "same-origin" } });
  equal(same.status, 200, "same-origin");
});

await test("proxy: authorize false, a throw, a rejection, a non-boolean -> 403 proxy.forbidden, nothing forwarded", async () => {
  try {
    for (const [name, fn] of [
      ["false", () => false],
      ["Promise<false>", async () => false],
      ["a throw", () => {
        throw new Error("no session");
      }],
      ["a rejection", () => Promise.reject(new Error("session store down"))],
      // Promise.resolve hands a native promise back as it is: waiting for it must not call its
      // own `then`, which may throw.
      ["a promise of true whose own then throws", () => {
        const promise = Promise.resolve(true);
        promise.then = () => {
          throw new Error("then threw");
        };
        return promise;
      }],
      ["a truthy non-boolean", () => "yes"],
      ["undefined", () => undefined],
    ]) {
      authorize = fn;
      const answer = await through("POST", "/logto/api/organization-invitations", {
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ invitee: "x@example.com", organizationId: ORG, expiresAt: Date.now() + 1e7 }),
      });
      equal([answer.status, answer.json?.code, answer.upstream.length], [403, "proxy.forbidden", 0], name);
    }
  } finally {
    authorize = () => true;
  }
});

await test("proxy: authorize gets the Request and { operation, method, path, id, body }; an async true forwards", async () => {
  authorizeCalls.length = 0;
  authorize = async (request, operation) => request.headers.get("x-session") === "admin" && operation.operation === "replaceOrganizationInvitationStatus";
  try {
    const answer = await through("PUT", "/logto/api/organization-invitations/inv%20x/status", {
      headers: { "content-type": "application/json", "x-session": "admin" },
      body: JSON.stringify({ status: "Revoked" }),
    });
    equal(answer.status, 404, "forwarded: Logto's 404 for the unknown ID");
    equal(answer.upstream.filter((e) => e.path.startsWith("/api")).map((e) => `${e.method} ${e.path}`), ["PUT /api/organization-invitations/inv%20x/status"], "the path as sent");
    const { request, operation } = authorizeCalls.at(-1);
    assert(request instanceof Request, "a Request");
    equal({ ...operation }, { operation: "replaceOrganizationInvitationStatus", method: "PUT", path: "/api/organization-invitations/inv%20x/status", id: "inv x", body: { status: "Revoked" } }, "operation");
    assert(Object.isFrozen(operation), "frozen");
    const lookup = await through("GET", "/logto/api/users", { headers: { "x-session": "admin" } });
    equal([lookup.status, authorizeCalls.at(-1).operation.operation], [403, "GET /api/users"], "a lookup is asked about by name");
  } finally {
    authorize = () => true;
  }
});

await test("proxy: only Accept, Accept-Language and trace context are forwarded (Authorization, Cookie, hop-by-hop, Origin, forwarding, method-override and any other header are not)", async () => {
  const answer = await through("POST", "/logto/api/organization-invitations", {
    headers: {
      "content-type": "application/json; charset=utf-8",
      authorization: "Bearer dashboard-session-token",
      cookie: "session=dashboard-cookie",
      connection: "keep-alive, x-hop",
      "x-hop": "1",
      "keep-alive": "timeout=5",
      te: "trailers",
      "proxy-authorization": "Basic cHJveHk6cHc=",
      "x-http-method-override": "DELETE",
      "x-forwarded-for": "10.0.0.1",
      forwarded: "for=10.0.0.1",
      origin: BASE,
      referer: `${BASE}/`,
      "sec-fetch-dest": "empty",
      "x-request-id": "dropped-too",
      "accept-language": "de",
      traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    },
    body: JSON.stringify({ invitee: "headers@example.com", organizationId: ORG, expiresAt: Date.now() + 1e7 }),
  });
  equal(answer.status, 201, "created");
  const [forwarded] = answer.upstream.filter((e) => e.path.startsWith("/api"));
  equal([forwarded.method, forwarded.path], ["POST", "/api/organization-invitations"], "POST, not the override");
  const names = Object.keys(forwarded.headers);
  for (const gone of ["cookie", "x-hop", "keep-alive", "te", "proxy-authorization", "x-http-method-override", "x-forwarded-for", "forwarded", "origin", "referer", "sec-fetch-dest", "x-request-id"]) {
    assert(!names.includes(gone), `${gone} was forwarded: ${names}`);
  }
  assert(forwarded.headers.authorization.startsWith("Bearer ") && !forwarded.headers.authorization.includes("dashboard-session-token"), "the proxy's token replaces the session's");
  equal([forwarded.headers["accept-language"], forwarded.headers.traceparent, forwarded.headers["content-type"]], ["de", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "application/json"], "allowed headers kept; the proxy's own Content-Type for the re-serialised body");
  const extra = Object.keys(answer.headers).filter((h) => !ALLOWED_ANSWER_HEADERS.includes(h));
  equal(extra, [], "only Content-Type, Logto-Core-Request-Id, Retry-After (and the proxy's no-store/nosniff) come back");
  assert(/^[\w-]{16}$/.test(answer.headers["logto-core-request-id"]), "request id passed back");
  equal(answer.headers["content-type"], "application/json; charset=utf-8", "content type passed back");
  await fetch(`${logtoB}/api/organization-invitations/${answer.json.id}`, { method: "DELETE", headers: { authorization: "Bearer dev-token" } });
});

/** Arms a local-server fault for the next request to `path` (the proxy forwards no x-mock-fault header). */
async function armFault(logto, fault, path, method = "GET") {
  const armed = await fetch(`${logto}/__mock/faults`, { method: "POST", body: JSON.stringify({ fault, path, method }) });
  equal(armed.status, 201, `armed ${fault}`);
}

await test("proxy: Logto's Retry-After and status pass back; a redirect from Logto is passed back, not followed", async () => {
  await armFault(logtoB, "status=429;retry-after=7", "/api/organization-invitations");
  const busy = await through("GET", "/logto/api/organization-invitations", { headers: { "x-mock-fault": "status=500" } });
  equal([busy.status, busy.headers["retry-after"], busy.json?.code], [429, "7", "mock.fault"], "429 with Retry-After (a client's x-mock-fault header is not forwarded)");
  await armFault(logtoB, `redirect=${logtoB}/api/users`, "/api/organization-invitations");
  const moved = await through("GET", "/logto/api/organization-invitations");
  equal(moved.status, 307, "the 307 itself");
  equal(moved.headers.location, undefined, "no Location passed back");
  equal(moved.upstream.map((e) => e.path), ["/api/organization-invitations"], "the redirect was not followed with the token");
});

await test("proxy: bodies must be JSON (415) and at most 64 KiB (413, declared or streamed); neither reaches Logto", async () => {
  const json = JSON.stringify({ invitee: "x@example.com", organizationId: ORG, expiresAt: Date.now() + 1e7 });
  for (const [contentType, note] of [["text/plain", "text/plain"], ["application/x-www-form-urlencoded", "a form"], [undefined, "no Content-Type"]]) {
    const answer = await through("POST", "/logto/api/organization-invitations", { headers: contentType ? { "content-type": contentType } : {}, body: json });
    equal([answer.status, answer.json?.code, answer.upstream.length], [415, "proxy.unsupported_media_type", 0], note);
  }
  const big = JSON.stringify({ invitee: "x@example.com", organizationId: ORG, expiresAt: 1e13, messagePayload: { link: "x".repeat(70_000) } });
  const declared = await through("POST", "/logto/api/organization-invitations", { headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(big)) }, body: big });
  equal([declared.status, declared.json?.code, declared.upstream.length], [413, "proxy.payload_too_large", 0], "declared Content-Length");
  const streamed = await through("POST", "/logto/api/organization-invitations", { headers: { "content-type": "application/json", "transfer-encoding": "chunked" }, body: big });
  equal([streamed.status, streamed.upstream.length], [413, 0], "chunked, no Content-Length");
  const fits = JSON.stringify({ invitee: "fits@example.com", organizationId: ORG, expiresAt: Date.now() + 1e7, extra: "x".repeat(60_000) });
  const ok = await through("POST", "/logto/api/organization-invitations", { headers: { "content-type": "application/json" }, body: fits });
  equal(ok.status, 201, "60 KB is forwarded");
  await fetch(`${logtoB}/api/organization-invitations/${ok.json.id}`, { method: "DELETE", headers: { authorization: "Bearer dev-token" } });
});

await test("proxy (fetch handler): an oversized stream is read only up to the cap, then cancelled", async () => {
  let pulled = 0;
  let cancelled = false;
  const chunk = new Uint8Array(16 * 1024).fill(0x20);
  const body = new ReadableStream({
    pull(controller) {
      pulled += chunk.length;
      controller.enqueue(chunk);
    },
    cancel() {
      cancelled = true;
    },
  });
  const response = await proxy(new Request(`${BASE}/logto/api/organization-invitations`, { method: "POST", headers: { "content-type": "application/json" }, body, duplex: "half" }));
  equal(response.status, 413, "413");
  await sleep(20);
  assert(pulled <= 64 * 1024 + 3 * chunk.length, `pulled ${pulled} bytes of an endless body`);
  assert(cancelled, "the stream was cancelled");
});

await test("proxy (fetch handler): a chunk that only claims to be a Uint8Array (its tag, its own length) is 400 proxy.unreadable_body, never copied; another realm's Uint8Array is read", async () => {
  const send = (chunks) =>
    proxy(new Request(`${BASE}/logto/api/organization-invitations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new ReadableStream({ start(c) { for (const chunk of chunks) c.enqueue(chunk); c.close(); } }),
      duplex: "half",
    }));
  const json = JSON.stringify({ invitee: "realm@example.com", organizationId: ORG, expiresAt: Date.now() + 1e7 });
  let reads = 0;
  // A length that grows between reads: sized by it, a copy would write past its buffer.
  const growing = { [Symbol.toStringTag]: "Uint8Array", get length() { return reads++ < 3 ? 2 : 4000; }, 0: 123, 1: 125 };
  const claimed = { [Symbol.toStringTag]: "Uint8Array", length: 2, 0: 123, 1: 125 };
  const ownLength = new TextEncoder().encode(json);
  let ownReads = 0;
  Object.defineProperty(ownLength, "length", { get: () => (ownReads++ < 3 ? 1 : ownLength.byteLength) });
  const floats = new Float32Array([1.5, 2.5]);
  Object.defineProperty(floats, Symbol.toStringTag, { value: "Uint8Array" });
  for (const [chunks, note] of [[[growing], "a length that changes"], [[claimed], "a plain object with the tag"], [[floats], "a Float32Array with the tag"]]) {
    const since = await lastSeq(logtoB);
    const answer = await send(chunks);
    const upstream = (await requestsSince(logtoB, since)).filter(isUpstream);
    equal([answer.status, (await answer.json()).code, upstream.length], [400, "proxy.unreadable_body", 0], note);
  }
  // A real Uint8Array whose own `length` lies: its bytes, all of them.
  const own = await send([ownLength]);
  const ownBody = await own.json();
  equal([own.status, ownBody.invitee], [201, "realm@example.com"], "a Uint8Array with its own length property");
  await fetch(`${logtoB}/api/organization-invitations/${ownBody.id}`, { method: "DELETE", headers: { authorization: "Bearer dev-token" } });
  const { runInNewContext } = await import("node:vm");
  const foreign = runInNewContext("new Uint8Array(bytes)", { bytes: [...new TextEncoder().encode(json)] });
  assert(!(foreign instanceof Uint8Array), "the chunk is from another realm");
  const other = await send([foreign.subarray(0, 10), foreign.subarray(10)]);
  const otherBody = await other.json();
  equal([other.status, otherBody.invitee], [201, "realm@example.com"], "another realm's Uint8Array chunks");
  await fetch(`${logtoB}/api/organization-invitations/${otherBody.id}`, { method: "DELETE", headers: { authorization: "Bearer dev-token" } });
});

await test("proxy: Logto answering 401 -> one token refresh and one repeat; a second 401 is passed back", async () => {
  await fetch(`${logtoB}/__mock/tokens/expire`, { method: "POST" });
  tokenCalls = [];
  const since = await lastSeq(logtoB);
  const answer = await raw("GET", "/logto/api/organization-invitations");
  equal(answer.status, 200, "answered after the refresh");
  const upstream = (await requestsSince(logtoB, since)).filter(isUpstream);
  equal(upstream.map((e) => `${e.method} ${e.path} ${e.status}`), ["GET /api/organization-invitations 401", "POST /oidc/token 200", "GET /api/organization-invitations 200"], "401, one new token, one repeat");
  equal(tokenCalls, [{ forceRefresh: false }, { forceRefresh: true }], "getAccessToken asked once more with forceRefresh");
  remember(upstream[2].headers.authorization.slice(7));
  // A getter whose tokens Logto never accepts: two attempts, then Logto's 401.
  handler = createInvitationsProxy({ endpoint: logtoB, getAccessToken: () => "not-a-logto-token", authorize: () => true });
  try {
    const again = await through("GET", "/logto/api/organization-invitations");
    equal([again.status, again.json?.code], [401, "auth.unauthorized"], "Logto's 401 passed back");
    equal(again.upstream.length, 2, "exactly one repeat");
  } finally {
    handler = proxy;
  }
});

await test("proxy: 20 concurrent requests with a fresh clientCredentials -> one token request", async () => {
  handler = createInvitationsProxy({ endpoint: logtoB, getAccessToken: clientCredentials({ endpoint: logtoB, appId: APP_ID, appSecret: SECRET }), authorize: () => true });
  try {
    const since = await lastSeq(logtoB);
    const answers = await Promise.all(Array.from({ length: 20 }, () => raw("GET", "/logto/api/organization-invitations")));
    equal(answers.map((a) => a.status), Array(20).fill(200), "all 200");
    const upstream = (await requestsSince(logtoB, since)).filter(isUpstream);
    equal(tokenRequests(upstream).length, 1, "one token request");
  } finally {
    handler = proxy;
  }
});

await test("proxy: Logto down -> 502 proxy.logto_unreachable; token endpoint failing -> 502 proxy.token_unavailable, no API request", async () => {
  const closed = `http://127.0.0.1:${await closedPort()}`;
  handler = createInvitationsProxy({ endpoint: closed, getAccessToken: () => "static-token", authorize: () => true });
  try {
    const down = await raw("GET", "/logto/api/organization-invitations");
    equal([down.status, down.json?.code], [502, "proxy.logto_unreachable"], "Logto down");
    assert(down.json.message.includes("ECONNREFUSED") && !down.text.includes(closed), down.text);
    handler = createInvitationsProxy({ endpoint: closed, getAccessToken: clientCredentials({ endpoint: closed, appId: APP_ID, appSecret: SECRET }), authorize: () => true });
    const noToken = await raw("GET", "/logto/api/organization-invitations");
    equal([noToken.status, noToken.json?.code], [502, "proxy.token_unavailable"], "token endpoint down");
    handler = createInvitationsProxy({ endpoint: logtoB, getAccessToken: clientCredentials({ endpoint: logtoB, appId: APP_ID, appSecret: "wrong" }), authorize: () => true });
    const refused = await through("GET", "/logto/api/organization-invitations");
    equal([refused.status, refused.json?.code], [502, "proxy.token_unavailable"], "wrong secret");
    assert(refused.json.message.includes("oidc.invalid_client"), refused.text);
    equal(refused.upstream.map((e) => e.path), ["/oidc/token"], "only the token request reached Logto");
    handler = createInvitationsProxy({ endpoint: logtoB, getAccessToken: () => Promise.reject(new Error(`secret ${SECRET}`)), authorize: () => true });
    const thrown = await raw("GET", "/logto/api/organization-invitations");
    equal([thrown.status, thrown.json?.code], [502, "proxy.token_unavailable"], "a getter's rejection");
  } finally {
    handler = proxy;
  }
});

await test("proxy: unusable options throw kind invalid_input naming the option", async () => {
  const base = { endpoint: logtoB, getAccessToken: () => "t", authorize: () => true };
  for (const [options, field] of [
    [{ ...base, authorize: undefined }, "options.authorize"],
    [{ ...base, getAccessToken: undefined }, "options.getAccessToken"],
    [{ ...base, endpoint: "/logto" }, "options.endpoint"],
    [{ ...base, prefix: "/logto/" }, "options.prefix"],
    [{ ...base, allow: ["GET /api/applications"] }, "options.allow"],
    [{ ...base, allow: ["POST /api/users"] }, "options.allow"],
    [{ ...base, allow: "GET /api/users" }, "options.allow"],
  ]) {
    let thrown;
    try {
      createInvitationsProxy(options);
    } catch (error) {
      thrown = describeError(error);
    }
    equal([thrown?.kind, thrown?.field], ["invalid_input", field], field);
  }
  const wrong = await proxy({ url: "http://x/logto/api/organization-invitations" }).catch(describeError);
  equal([wrong.kind, wrong.field], ["invalid_input", "request"], "a handler given no Request rejects");
});

await test("proxy (fetch handler, prefix \"\"): mounted where the framework strips the path, as a Worker or Deno.serve calls it", async () => {
  const bare = createInvitationsProxy({ endpoint: logtoB, getAccessToken: proxyGetToken, authorize: () => true, prefix: "" });
  const response = await bare(new Request("https://dashboard.example/api/organization-invitations?organizationId=acme7k2m9q4x"));
  equal(response.status, 200, "forwarded");
  const list = await response.json();
  assert(list.length > 0 && list.every((i) => i.organizationId === ORG), "the query was forwarded");
  equal((await bare(new Request("https://dashboard.example/logto/api/organization-invitations"))).status, 404, "the default prefix is gone");
});

await test("the README's Node http adapter is the one tested here", async () => {
  assert(readme.includes(adapterSource.trim()), "README.md shows scripts/node-adapter.mjs verbatim");
  const npmReadme = readFileSync(join(ROOT, "npm", "README.md"), "utf8");
  assert(npmReadme.includes(adapterSource.trim()), "npm/README.md (the package's README) shows it too");
  const demo = readFileSync(join(ROOT, "scripts", "demo-server.mjs"), "utf8");
  assert(
    demo.includes('import { toNodeListener } from "./node-adapter.mjs";') && !demo.includes("function toNodeListener"),
    "scripts/demo-server.mjs imports this adapter rather than a copy of it",
  );
  // The Express 5 recipe mounts it as tests/compat/express/app.mjs does (the compat matrix runs that).
  const mount = 'app.all("/logto/{*rest}", toNodeListener(';
  const express = readFileSync(join(ROOT, "tests", "compat", "express", "app.mjs"), "utf8");
  assert(readme.includes(mount) && npmReadme.includes(mount) && express.includes(mount), `both READMEs and the Express compat app mount it with ${mount}`);
  assert(express.indexOf(mount) < express.indexOf("app.use(express.json())"), "the Express compat app mounts the proxy before express.json()");
});

await test("the app secret and every token issued appear in no response, error or log line", async () => {
  assert(issuedTokens.size >= 6, `tokens seen: ${issuedTokens.size}`);
  const text = seen.join("\n");
  const leaks = [SECRET, encodeURIComponent(SECRET), Buffer.from(`${APP_ID}:`).toString("base64").slice(0, 12), ...issuedTokens].filter((s) => text.includes(s));
  equal(leaks.length, 0, "leaked values");
});

http.close();
for (const child of children) child.kill();
console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
run.finish();
