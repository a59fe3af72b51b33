// createInvitationAcceptance (logto-invitations/server) and InvitationAcceptanceApi (the main
// entry) from the `npm pack` tarball, installed into a scratch node_modules, against the local
// Logto-compatible server: the handler mounted in Node's http with the README's adapter, the
// signed-in user given by a cookie (the app's session, here `session=<Logto user ID>`).
//
// Covered: the invitee sees their invitation (organization, inviter and role names, no email);
// another signed-in user, a user without a primary email or unknown to Logto, and an unknown ID
// all get one byte-identical 404 (status, body, headers); not signed in is 401 before anything
// reaches Logto; the order of checks (a stranger to an expired, revoked or accepted invitation
// gets the 404; so does a stranger to an invitation with a member the handler cannot read, whose
// invitee alone gets 502); accept sets Accepted with the user's ID and Logto adds the membership with the
// invitation's roles (read back through the Management API); expired, revoked and already
// accepted each get their own answer; cross-site and non-JSON POSTs are refused; other paths and
// methods never reach Logto; `accessTokenUserId` as `userId` with the page's own token sent in
// `onRequest` (the README's recipe); timeouts of each step; a 401 from Logto -> one token refresh; the
// secret and every token appear in no answer. Every Logto request is counted in the local
// server's request log (`GET /__mock/requests?since=N`).
//
// Usage: node tests/acceptance/run.mjs  (after scripts/build.sh and build_server of
// scripts/server.sh; it packs pkg/ and starts its own local server). Ends with
// `acceptance: N passed, M failed`.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { assert, createRunner, equal, sleep } from "../proxy/runner.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SERVER_BIN = join(ROOT, "tests", "server", "target", "debug", "logto-local-server");
const started = Date.now();

const seen = []; // every answer's headers and body, every error: searched for secrets at the end
const SECRET = `acc:${randomBytes(12).toString("base64url")}`;
const APP_ID = "acceptance-test-app";
const say = (line) => {
  seen.push(line);
  console.log(line);
};
const run = createRunner("acceptance", { say });
const { test } = run;
const children = [];
const scratch = mkdtempSync(join(tmpdir(), "logto-invitations-acceptance-"));
process.on("exit", () => {
  for (const child of children) child.kill();
  rmSync(scratch, { recursive: true, force: true });
});
function bail(message) {
  console.log(`not ok - ${message}`);
  console.log("acceptance: 0 passed, 1 failed");
  process.exit(1);
}

// ----- the package, from its npm pack tarball -----------------------------------------------------
if (!existsSync(join(ROOT, "pkg", "server.mjs"))) bail("pkg/server.mjs is missing: run scripts/build.sh");
let server;
let main;
try {
  const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--loglevel=error", "--pack-destination", scratch], { cwd: join(ROOT, "pkg"), encoding: "utf8" }))[0].filename;
  const into = join(scratch, "node_modules", "logto-invitations");
  mkdirSync(into, { recursive: true });
  execFileSync("tar", ["-xzf", join(scratch, packed.split("/").pop()), "-C", into, "--strip-components=1"]);
  // Resolved by name from a module in the scratch project, as an installed package is.
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ type: "module", private: true }));
  writeFileSync(join(scratch, "load.mjs"), 'export * as server from "logto-invitations/server";\nexport * as main from "logto-invitations";\n');
  ({ server, main } = await import(pathToFileURL(join(scratch, "load.mjs")).href));
} catch (error) {
  bail(`install the npm pack tarball: ${error.message}`);
}
const { clientCredentials, createInvitationAcceptance } = server;
const { InvitationAcceptanceApi, LogtoApiError, OrganizationInvitationsApi } = main;
const { toNodeListener } = await import(pathToFileURL(join(ROOT, "scripts", "node-adapter.mjs")).href);

// ----- the local server -------------------------------------------------------------------------
if (!existsSync(SERVER_BIN)) bail(`${SERVER_BIN} is missing: build_server (scripts/server.sh) first`);
const logto = await new Promise((resolve, reject) => {
  const child = spawn(SERVER_BIN, ["--port", "0", "--demo", "--cors", "production", "--m2m-app-id", APP_ID, "--m2m-app-secret", SECRET], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  child.stderr.on("data", (data) => say(`[local server stderr] ${data}`.trim()));
  createInterface({ input: child.stdout }).once("line", (line) => resolve(line.match(/http:\/\/\S+/)?.[0]));
  child.once("exit", (code) => reject(new Error(`the local server exited (${code})`)));
}).catch((error) => bail(`start the local server: ${error.message}`));

const admin = { authorization: "Bearer dev-token", "content-type": "application/json" };
async function management(method, path, body) {
  const response = await fetch(`${logto}${path}`, { method, headers: admin, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}
async function lastSeq() {
  return (await (await fetch(`${logto}/__mock/requests?since=999999999`)).json()).lastSeq;
}
/** The requests that reached the local server since `since`: the Management API's and the token endpoint's. */
async function logtoRequests(since) {
  const { requests } = await (await fetch(`${logto}/__mock/requests?since=${since}`)).json();
  return requests.filter((entry) => entry.path.startsWith("/api") || entry.path.startsWith("/oidc"));
}
const apiOnly = (entries) => entries.filter((entry) => entry.path.startsWith("/api")).map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
async function armFault(fault, path, method = "GET") {
  const armed = await fetch(`${logto}/__mock/faults`, { method: "POST", body: JSON.stringify({ fault, path, method }) });
  equal(armed.status, 201, `armed ${fault}`);
}

// ----- the data: an organization, an inviter, the invitee, strangers ----------------------------
const ORG = "acme7k2m9q4x"; // the demo seed's Acme Corporation
const MEMBER = "rolemember000000000m1";
const VIEWER = "roleviewer000000000v1";
const ALICE = "usralice0001"; // Alice Johnson, Acme's admin
const users = {};
for (const [key, body] of [
  ["ivy", { username: "ivy", primaryEmail: "Ivy.Test@Example.com", name: "Ivy Test" }],
  ["stranger", { username: "stranger", primaryEmail: "stranger@example.com", name: "Stranger" }],
  ["noEmail", { username: "noemail", name: "No Email" }],
  ["judy", { username: "judy", primaryEmail: "judy@example.com" }], // the seed's expired invitation (Globex)
  ["ivan", { username: "ivan", primaryEmail: "IVAN@example.com" }], // the seed's revoked one (Globex)
  ["nameless", { username: "nameless_inviter" }],
]) {
  const created = await management("POST", "/api/users", body);
  if (created.status !== 200) bail(`create user ${key}: ${created.status} ${JSON.stringify(created.json)}`);
  users[key] = created.json.id;
}
users.erin = "usrerin00005"; // the seed's accepted invitation to Acme
const invitation = (await management("POST", "/api/organization-invitations", { invitee: "ivy.test@example.com", organizationId: ORG, inviterId: ALICE, expiresAt: Date.now() + 86_400_000, organizationRoleIds: [VIEWER, MEMBER] })).json;
const EXPIRED = "invexpjudy0000000005";
const REVOKED = "invrevivan0000000004";
const ACCEPTED = "invaccerin0000000003";
const UNKNOWN = "inv-no-such-id-0000001";

// ----- the handler, mounted in Node's http with the README's adapter ----------------------------
const PREFIX = "/api/invitations";
const issued = new Set();
const tokenCalls = [];
const getToken = clientCredentials({ endpoint: logto, appId: APP_ID, appSecret: SECRET });
const sessionUser = (request) => /(?:^|;\s*)session=([^;]*)/.exec(request.headers.get("cookie") ?? "")?.[1] ?? null;
const options = {
  endpoint: logto,
  getAccessToken: async (args) => {
    tokenCalls.push(args);
    const token = await getToken(args);
    issued.add(token);
    return token;
  },
  userId: (request) => sessionUser(request),
  prefix: PREFIX,
};
const acceptance = createInvitationAcceptance(options);
let handler = acceptance;
const http = createServer();
await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
const BASE = `http://127.0.0.1:${http.address().port}`;
const listener = toNodeListener((request) => handler(request), { origin: BASE });
// Besides the handler: the tarball's browser entry at /pkg/ and an empty page, for Chromium.
const PACKAGE_DIR = join(scratch, "node_modules", "logto-invitations");
const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };
http.on("request", (req, res) => {
  const file = req.url === "/page.html" ? null : /^\/pkg\/([\w.-]+)$/.exec(req.url ?? "")?.[1];
  if (req.url === "/page.html") {
    res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>invitation</title><p>invitation page</p>");
  } else if (file && existsSync(join(PACKAGE_DIR, file))) {
    res.writeHead(200, { "content-type": TYPES[file.slice(file.lastIndexOf("."))] ?? "application/octet-stream" }).end(readFileSync(join(PACKAGE_DIR, file)));
  } else {
    listener(req, res);
  }
});

/** A raw request to the handler; `as` is the signed-in user's ID (the session cookie). */
function raw(method, path, { as, headers = {}, body } = {}) {
  const all = { ...headers, ...(as ? { cookie: `session=${as}` } : {}) };
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: http.address().port, method, path, headers: all }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => {
        seen.push(JSON.stringify(res.headers), text);
        let json = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {}
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
/** `raw`, and the requests that reached Logto meanwhile. */
async function through(method, path, options) {
  const since = await lastSeq();
  const answer = await raw(method, path, options);
  await sleep(20);
  return { ...answer, upstream: await logtoRequests(since) };
}
const JSON_POST = { "content-type": "application/json" };
/** The headers an answer of the handler itself carries (the adapter's own left out). */
const ownHeaders = (headers) => Object.fromEntries(Object.entries(headers).filter(([name]) => !["date", "connection", "keep-alive", "transfer-encoding"].includes(name)));

// ====== GET {prefix}/{id} ========================================================================
let calls = { get: null, accept: null };
await test("the invitee sees their own invitation: organization, inviter and role names, status and expiry, no email", async () => {
  const answer = await through("GET", `${PREFIX}/${invitation.id}`, { as: users.ivy });
  equal(answer.status, 200, "200");
  equal(answer.json, {
    id: invitation.id,
    status: "Pending",
    expiresAt: invitation.expiresAt,
    organization: { id: ORG, name: "Acme Corporation" },
    inviter: { name: "Alice Johnson" },
    organizationRoles: [{ id: MEMBER, name: "member" }, { id: VIEWER, name: "viewer" }],
  }, "the invitation as its invitee sees it");
  assert(!answer.text.includes("@"), `no email address in ${answer.text}`);
  equal([answer.headers["content-type"], answer.headers["cache-control"], answer.headers["x-content-type-options"]], ["application/json; charset=utf-8", "no-store", "nosniff"], "headers");
  equal(answer.headers["access-control-allow-origin"], undefined, "no CORS");
  calls.get = apiOnly(answer.upstream);
  equal(calls.get.map((line) => line.split(" ").slice(0, 2).join(" ")), [`GET /api/users/${users.ivy}`, `GET /api/organization-invitations/${invitation.id}`, `GET /api/organizations/${ORG}`, `GET /api/users/${ALICE}`], "4 Logto reads: the user, the invitation, the organization, the inviter");
});

await test("the inviter's name is their username without a name, and null without an inviter or a name", async () => {
  const nameless = (await management("POST", "/api/organization-invitations", { invitee: "ivy.test@example.com", organizationId: "initech5w2z6", inviterId: users.nameless, expiresAt: Date.now() + 86_400_000 })).json;
  const byUsername = await raw("GET", `${PREFIX}/${nameless.id}`, { as: users.ivy });
  equal([byUsername.status, byUsername.json?.inviter, byUsername.json?.organizationRoles], [200, { name: "nameless_inviter" }, []], "username");
  const none = (await management("POST", "/api/organization-invitations", { invitee: "ivy.test@example.com", organizationId: "globex3p8r1v", expiresAt: Date.now() + 86_400_000 })).json;
  const answer = await through("GET", `${PREFIX}/${none.id}`, { as: users.ivy });
  equal([answer.status, answer.json?.inviter, answer.json?.organization], [200, null, { id: "globex3p8r1v", name: "Globex" }], "no inviter: null");
  equal(apiOnly(answer.upstream).length, 3, "3 Logto reads without an inviter");
  for (const id of [nameless.id, none.id]) await management("DELETE", `/api/organization-invitations/${id}`);
});

const NOT_FOUND = { code: "entity.not_found", message: "The resource does not exist." };
let unknownAnswer;
await test("another signed-in user, a user without a primary email, a user Logto does not know and an unknown ID get one byte-identical 404", async () => {
  unknownAnswer = await through("GET", `${PREFIX}/${UNKNOWN}`, { as: users.ivy });
  equal([unknownAnswer.status, unknownAnswer.json], [404, NOT_FOUND], "unknown ID");
  equal(unknownAnswer.headers["logto-core-request-id"], undefined, "composed: no Logto-Core-Request-Id");
  const reference = { status: unknownAnswer.status, text: unknownAnswer.text, headers: ownHeaders(unknownAnswer.headers) };
  for (const [as, note] of [[users.stranger, "another user"], [users.noEmail, "no primary email"], ["usr-not-in-logto", "a user Logto does not know"], [users.erin, "a member of the organization"]]) {
    for (const path of [`${PREFIX}/${invitation.id}`, `${PREFIX}/${UNKNOWN}`]) {
      const answer = await through("GET", path, { as });
      equal({ status: answer.status, text: answer.text, headers: ownHeaders(answer.headers) }, reference, `${note}, ${path}`);
      assert(!answer.upstream.some((e) => e.path.startsWith("/api/organizations")), `${note}: nothing more than the user and the invitation was read`);
    }
  }
  const stranger = await through("GET", `${PREFIX}/${invitation.id}`, { as: users.stranger });
  equal(apiOnly(stranger.upstream).map((l) => l.split(" ")[1]), [`/api/users/${users.stranger}`, `/api/organization-invitations/${invitation.id}`], "a stranger costs the same two reads as an unknown ID");
  const accept = await raw("POST", `${PREFIX}/${invitation.id}/accept`, { as: users.stranger, headers: JSON_POST, body: "{}" });
  equal({ status: accept.status, text: accept.text, headers: ownHeaders(accept.headers) }, reference, "accepting someone else's invitation: the same 404");
  equal((await management("GET", `/api/organization-invitations/${invitation.id}`)).json.status, "Pending", "still Pending");
});

await test("order of checks: a stranger to an expired, a revoked and an accepted invitation gets the unknown ID's 404, not its state", async () => {
  for (const id of [EXPIRED, REVOKED, ACCEPTED]) {
    for (const [method, suffix, extra] of [["GET", "", {}], ["POST", "/accept", { headers: JSON_POST, body: "{}" }]]) {
      const answer = await raw(method, `${PREFIX}/${id}${suffix}`, { as: users.stranger, ...extra });
      equal([answer.status, answer.text, ownHeaders(answer.headers)], [404, unknownAnswer.text, ownHeaders(unknownAnswer.headers)], `${method} ${id}`);
    }
  }
});

await test("an invitation the handler cannot read whole (a role without a name, an unknown status, no expiresAt, no invitee): a stranger still gets the unknown ID's 404, its invitee 502", async () => {
  // A Logto whose invitations each lack something the handler reads: only the invitee may learn
  // that (502 proxy.bad_answer); to anyone else it must be the unknown ID's answer, byte for byte.
  const invitations = {
    inv_roles: { organizationRoles: [{ id: MEMBER }] },
    inv_status: { status: "Cancelled" },
    inv_expiry: { expiresAt: "tomorrow" },
    inv_invitee: { invitee: undefined },
  };
  const fake = createServer((req, res) => {
    const user = { "/api/users/usr_fake_invitee": "invitee@example.com", "/api/users/usr_fake_stranger": "stranger@example.com" }[req.url];
    const id = /^\/api\/organization-invitations\/([^/]+)$/.exec(req.url)?.[1];
    const body = user !== undefined
      ? { id: req.url.split("/").pop(), primaryEmail: user }
      : id in invitations
        ? { id, invitee: "Invitee@example.com", status: "Pending", expiresAt: Date.now() + 86_400_000, organizationId: ORG, inviterId: null, organizationRoles: [], ...invitations[id] }
        : null;
    res.writeHead(body === null ? 404 : 200, { "content-type": "application/json", "logto-core-request-id": "fake" });
    res.end(JSON.stringify(body ?? { code: "entity.not_found", message: "The resource does not exist." }));
  });
  await new Promise((resolve) => fake.listen(0, "127.0.0.1", resolve));
  try {
    handler = createInvitationAcceptance({ ...options, endpoint: `http://127.0.0.1:${fake.address().port}`, getAccessToken: () => "fake-token" });
    const unknown = await raw("GET", `${PREFIX}/inv_unknown`, { as: "usr_fake_stranger" });
    equal([unknown.status, unknown.json], [404, NOT_FOUND], "the unknown ID");
    for (const id of Object.keys(invitations)) {
      for (const [method, suffix, extra] of [["GET", "", {}], ["POST", "/accept", { headers: JSON_POST, body: "{}" }]]) {
        const answer = await raw(method, `${PREFIX}/${id}${suffix}`, { as: "usr_fake_stranger", ...extra });
        equal([answer.status, answer.text, ownHeaders(answer.headers)], [404, unknown.text, ownHeaders(unknown.headers)], `a stranger, ${method} ${id}`);
      }
      const mine = await raw("GET", `${PREFIX}/${id}`, { as: "usr_fake_invitee" });
      equal([mine.status, mine.json?.code], id === "inv_invitee" ? [404, "entity.not_found"] : [502, "proxy.bad_answer"], `its invitee, ${id}`);
    }
  } finally {
    handler = acceptance;
    fake.close();
  }
});

await test("not signed in: 401 proxy.unauthenticated, and nothing reaches Logto (not even the token endpoint)", async () => {
  for (const [method, path, extra] of [["GET", `${PREFIX}/${invitation.id}`, {}], ["GET", `${PREFIX}/${UNKNOWN}`, {}], ["POST", `${PREFIX}/${invitation.id}/accept`, { headers: JSON_POST, body: "{}" }], ["GET", `${PREFIX}/${EXPIRED}`, { headers: { cookie: "session=" } }]]) {
    const answer = await through(method, path, extra);
    equal([answer.status, answer.json?.code, answer.upstream.length], [401, "proxy.unauthenticated", 0], `${method} ${path}`);
  }
});

await test("userId that throws, rejects or answers something else: 403 proxy.forbidden, nothing reaches Logto", async () => {
  for (const [userId, note] of [[() => { throw new Error("session store down"); }, "throws"], [() => Promise.reject(new Error("x")), "rejects"], [() => 42, "a number"], [() => "..", "'..'"], [() => ({ id: "x" }), "an object"]]) {
    handler = createInvitationAcceptance({ ...options, userId });
    const answer = await through("GET", `${PREFIX}/${invitation.id}`);
    equal([answer.status, answer.json?.code, answer.upstream.length], [403, "proxy.forbidden", 0], note);
  }
  handler = createInvitationAcceptance({ ...options, userId: async () => undefined });
  equal((await raw("GET", `${PREFIX}/${invitation.id}`)).status, 401, "undefined: nobody");
  handler = acceptance;
});

// ====== POST {prefix}/{id}/accept =================================================================
await test("cross-site and non-preflighted accepts are refused before anything reaches Logto; cross-site reads too", async () => {
  for (const [headers, status, code, note] of [
    [{ "content-type": "application/json", "sec-fetch-site": "cross-site" }, 403, "proxy.cross_origin", "Sec-Fetch-Site: cross-site"],
    [{ "content-type": "application/json", "sec-fetch-site": "same-site" }, 403, "proxy.cross_origin", "Sec-Fetch-Site: same-site"],
    [{}, 415, "proxy.unsupported_media_type", "no Content-Type"],
    [{ "content-type": "text/plain" }, 415, "proxy.unsupported_media_type", "text/plain (a simple request)"],
    [{ "content-type": "application/x-www-form-urlencoded" }, 415, "proxy.unsupported_media_type", "a form"],
    [{ "content-type": "multipart/form-data; boundary=x" }, 415, "proxy.unsupported_media_type", "multipart"],
  ]) {
    const answer = await through("POST", `${PREFIX}/${invitation.id}/accept`, { as: users.ivy, headers, body: "{}" });
    equal([answer.status, answer.json?.code, answer.upstream.length], [status, code, 0], note);
  }
  const read = await through("GET", `${PREFIX}/${invitation.id}`, { as: users.ivy, headers: { "sec-fetch-site": "cross-site" } });
  equal([read.status, read.json?.code, read.upstream.length], [403, "proxy.cross_origin", 0], "a cross-site read (no page of another site learns 200 from 404)");
  const sameOrigin = await raw("GET", `${PREFIX}/${invitation.id}`, { as: users.ivy, headers: { "sec-fetch-site": "same-origin" } });
  equal(sameOrigin.status, 200, "same-origin is served");
  equal((await management("GET", `/api/organization-invitations/${invitation.id}`)).json.status, "Pending", "still Pending");
});

await test("expired, revoked and already accepted each get their own answer, for their invitee", async () => {
  for (const [as, id, status, code, shown] of [
    [users.judy, EXPIRED, 410, "proxy.invitation_expired", "Expired"],
    [users.ivan, REVOKED, 410, "proxy.invitation_revoked", "Revoked"],
    [users.erin, ACCEPTED, 409, "proxy.invitation_accepted", "Accepted"],
  ]) {
    const read = await raw("GET", `${PREFIX}/${id}`, { as });
    equal([read.status, read.json?.status], [200, shown], `the invitee reads ${id} as ${shown}`);
    const answer = await through("POST", `${PREFIX}/${id}/accept`, { as, headers: JSON_POST, body: "{}" });
    equal([answer.status, answer.json?.code], [status, code], `accept ${id}`);
    assert(!answer.upstream.some((e) => e.method === "PUT"), `${id}: no status change was sent`);
  }
});

await test("accept: Accepted with the user's ID, the user is a member with the invitation's roles (read back through the Management API)", async () => {
  const before = (await management("GET", `/api/organizations/${ORG}/users`)).json;
  assert(!before.some((member) => member.id === users.ivy), "not a member before");
  const answer = await through("POST", `${PREFIX}/${invitation.id}/accept`, { as: users.ivy, headers: JSON_POST, body: "{}" });
  equal([answer.status, answer.json], [200, { organizationId: ORG }], "answers the organization");
  calls.accept = apiOnly(answer.upstream);
  equal(calls.accept, [`GET /api/users/${users.ivy} 200`, `GET /api/organization-invitations/${invitation.id} 200`, `PUT /api/organization-invitations/${invitation.id}/status 200`], "3 Logto calls");
  const put = answer.upstream.find((e) => e.method === "PUT");
  equal(JSON.parse(put.body), { status: "Accepted", acceptedUserId: users.ivy }, "what was sent to Logto");
  const stored = (await management("GET", `/api/organization-invitations/${invitation.id}`)).json;
  equal([stored.status, stored.acceptedUserId], ["Accepted", users.ivy], "Accepted by the user");
  const member = (await management("GET", `/api/organizations/${ORG}/users`)).json.find((m) => m.id === users.ivy);
  equal(member?.organizationRoles, [{ id: MEMBER, name: "member" }, { id: VIEWER, name: "viewer" }], "a member with the invitation's roles");
  const again = await raw("POST", `${PREFIX}/${invitation.id}/accept`, { as: users.ivy, headers: JSON_POST, body: "{}" });
  equal([again.status, again.json?.code], [409, "proxy.invitation_accepted"], "a second accept");
});

await test("the package's client: InvitationAcceptanceApi.getInvitation and acceptInvitation, and its errors as LogtoApiError", async () => {
  const fresh = (await management("POST", "/api/organization-invitations", { invitee: "STRANGER@example.com", organizationId: "initech5w2z6", inviterId: "usrdan000004", expiresAt: Date.now() + 3_600_000, organizationRoleIds: [VIEWER] })).json;
  const as = (user) => new InvitationAcceptanceApi({ baseUrl: `${BASE}${PREFIX}/`, headers: user ? { cookie: `session=${user}` } : {} });
  const invitee = as(users.stranger);
  equal(invitee.baseUrl, `${BASE}${PREFIX}`, "baseUrl");
  const shown = await invitee.getInvitation(fresh.id);
  equal([shown.status, shown.organization.name, shown.inviter?.name, shown.organizationRoles.map((r) => r.name)], ["Pending", "Initech", "Dan Lee", ["viewer"]], "getInvitation");
  const failure = async (promise) => promise.then(() => null, (error) => (seen.push(String(error)), error));
  const other = await failure(as(users.ivy).getInvitation(fresh.id));
  assert(other instanceof LogtoApiError, `a LogtoApiError: ${other}`);
  equal([other.kind, other.status, other.code], ["http", 404, "entity.not_found"], "another user");
  const nobody = await failure(as(null).acceptInvitation(fresh.id));
  equal([nobody.kind, nobody.status, nobody.code], ["http", 401, "proxy.unauthenticated"], "not signed in");
  equal(await invitee.acceptInvitation(fresh.id), { organizationId: "initech5w2z6" }, "acceptInvitation");
  const twice = await failure(invitee.acceptInvitation(fresh.id));
  equal([twice.kind, twice.status, twice.code, twice.attempts], ["http", 409, "proxy.invitation_accepted", 1], "a second accept (never repeated)");
  const expired = await failure(as(users.judy).acceptInvitation(EXPIRED));
  equal([expired.status, expired.code], [410, "proxy.invitation_expired"], "expired");
  const bad = await failure(invitee.getInvitation(""));
  equal([bad.kind, bad.field], ["invalid_input", "id"], "an empty ID is refused before sending");
  let thrown;
  try {
    new InvitationAcceptanceApi({ baseUrl: "/x", accessToken: "t" });
  } catch (error) {
    thrown = error;
  }
  equal([thrown?.kind, thrown?.field], ["invalid_input", "config.accessToken"], "no tokens in the invitee's client");
  invitee.free();
  const disposed = await failure(invitee.getInvitation(fresh.id));
  equal([disposed.kind, disposed.field], ["invalid_input", "this"], "disposed");
  assert(disposed.message.includes("This InvitationAcceptanceApi was disposed"), disposed.message);
});

await test("userId: accessTokenUserId, the page sending the user's own access token in onRequest (the README's recipe; InvitationAcceptanceApi takes no getAccessToken)", async () => {
  const { accessTokenUserId } = server;
  const RESOURCE = "https://api.acceptance.test";
  const fresh = (await management("POST", "/api/organization-invitations", { invitee: "stranger@example.com", organizationId: "globex3p8r1v", expiresAt: Date.now() + 3_600_000, organizationRoleIds: [VIEWER] })).json;
  const userToken = async (userId) => {
    const response = await fetch(`${logto}/__mock/oidc/access-token`, { method: "POST", body: JSON.stringify({ clientId: "localdashboardspa0001", resource: RESOURCE, userId }) });
    const token = (await response.json()).access_token;
    issued.add(token);
    return token;
  };
  handler = createInvitationAcceptance({ ...options, userId: accessTokenUserId({ endpoint: logto, resource: RESOURCE }) });
  try {
    let thrown;
    try {
      new InvitationAcceptanceApi({ baseUrl: `${BASE}${PREFIX}`, getAccessToken: () => "t" });
    } catch (error) {
      thrown = error;
    }
    equal([thrown?.kind, thrown?.field], ["invalid_input", "config.getAccessToken"], "getAccessToken is refused, naming it");
    assert(thrown.message.startsWith("`config.getAccessToken` is not taken by InvitationAcceptanceApi"), thrown.message);
    const as = (userId) =>
      new InvitationAcceptanceApi({
        baseUrl: `${BASE}${PREFIX}`,
        onRequest: async ({ headers }) => {
          headers["authorization"] = `Bearer ${await userToken(userId)}`;
        },
      });
    const other = await as(users.ivy).getInvitation(fresh.id).then(() => null, (error) => error);
    equal([other?.status, other?.code], [404, "entity.not_found"], "another user's token");
    const nobody = await new InvitationAcceptanceApi({ baseUrl: `${BASE}${PREFIX}` }).getInvitation(fresh.id).then(() => null, (error) => error);
    equal([nobody?.status, nobody?.code], [401, "proxy.unauthenticated"], "no token");
    const invitee = as(users.stranger);
    equal((await invitee.getInvitation(fresh.id)).organization.name, "Globex", "the invitee's token: getInvitation");
    equal(await invitee.acceptInvitation(fresh.id), { organizationId: "globex3p8r1v" }, "acceptInvitation");
    equal((await management("GET", `/api/organization-invitations/${fresh.id}`)).json.acceptedUserId, users.stranger, "Accepted by the token's user");
  } finally {
    handler = acceptance;
  }
});

// ====== in Chromium: the browser entry on the app's origin, and a page of another site ===========
await test("in Chromium: the invitation page's own origin reads and accepts through InvitationAcceptanceApi; another site cannot", async () => {
  const { chromium } = await import(pathToFileURL(join(ROOT, "node_modules", "playwright-core", "index.mjs")).href);
  const wren = (await management("POST", "/api/users", { username: "wren", primaryEmail: "wren@example.com", name: "Wren" })).json.id;
  const invite = async (organizationId) => (await management("POST", "/api/organization-invitations", { invitee: "wren@example.com", organizationId, inviterId: ALICE, expiresAt: Date.now() + 3_600_000, organizationRoleIds: [MEMBER] })).json.id;
  const first = await invite(ORG);
  const second = await invite("globex3p8r1v");
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  try {
    const context = await browser.newContext();
    const problems = [];
    const page = await context.newPage();
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(`${BASE}/page.html`);
    const since = await lastSeq();
    const result = await page.evaluate(async ({ id, user, prefix }) => {
      const m = await import("/pkg/index.js");
      const api = new m.InvitationAcceptanceApi({ baseUrl: prefix });
      const error = (e) => ({ kind: e.kind, status: e.status, code: e.code, typed: e instanceof m.LogtoApiError });
      const signedOut = await api.getInvitation(id).then(() => null, error);
      document.cookie = `session=${user}; path=/; SameSite=Strict`;
      const shown = await api.getInvitation(id);
      const accepted = await api.acceptInvitation(id);
      const again = await api.acceptInvitation(id).then(() => null, error);
      return { signedOut, shown, accepted, again };
    }, { id: first, user: wren, prefix: PREFIX });
    equal(result.signedOut, { kind: "http", status: 401, code: "proxy.unauthenticated", typed: true }, "no session: 401");
    equal([result.shown.organization.name, result.shown.inviter, result.shown.status], ["Acme Corporation", { name: "Alice Johnson" }, "Pending"], "getInvitation");
    equal(result.accepted, { organizationId: ORG }, "acceptInvitation");
    equal(result.again, { kind: "http", status: 409, code: "proxy.invitation_accepted", typed: true }, "a second accept");
    const fromPage = (await logtoRequests(since)).filter((e) => e.path.startsWith("/api"));
    equal(fromPage.length, 0 + 4 + 3 + 2, "Logto calls: the 401 none, the read 4, the accept 3, the refused second accept 2");
    const member = (await management("GET", `/api/organizations/${ORG}/users`)).json.find((m) => m.id === wren);
    equal(member?.organizationRoles, [{ id: MEMBER, name: "member" }], "Wren is a member with the role");

    // A page of another site (localhost is not 127.0.0.1's site), with Wren's cookie in the browser.
    const other = await context.newPage();
    await other.goto(`${BASE.replace("127.0.0.1", "localhost")}/page.html`);
    const before = await lastSeq();
    const attempts = await other.evaluate(async (url) => {
      const json = await fetch(url, { method: "POST", credentials: "include", headers: { "content-type": "application/json" }, body: "{}" }).then((r) => `answered ${r.status}`, (e) => `refused: ${e.name}`);
      const simple = await fetch(url, { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": "text/plain" }, body: "{}" }).then((r) => r.type, (e) => `refused: ${e.name}`);
      const read = await fetch(url.replace(/\/accept$/, ""), { credentials: "include" }).then((r) => `answered ${r.status}`, (e) => `refused: ${e.name}`);
      return { json, simple, read };
    }, `${BASE}${PREFIX}/${second}/accept`);
    equal(attempts, { json: "refused: TypeError", simple: "opaque", read: "refused: TypeError" }, "the JSON POST needs a preflight, which is never granted; nothing is readable");
    equal((await logtoRequests(before)).length, 0, "nothing from the other site reached Logto");
    equal((await management("GET", `/api/organization-invitations/${second}`)).json.status, "Pending", "the other invitation is still Pending");
    equal(problems, [], "no page errors");
  } finally {
    await browser.close();
  }
});

// ====== the email flow: create without an email, then send the link built from the new ID ========
await test("the README's inviteWithLink: the link names the new invitation; a failed send (501, 429) leaves the invitation, and says so", async () => {
  const { inviteWithLink } = await import(pathToFileURL(join(ROOT, "scripts", "invite-with-link.mjs")).href);
  const api = new OrganizationInvitationsApi({ baseUrl: logto, accessToken: "dev-token" });
  const link = (id) => `https://app.example/invitations/${encodeURIComponent(id)}`;
  const body = (invitee) => ({ invitee, organizationId: ORG, inviterId: ALICE, expiresAt: Date.now() + 86_400_000, organizationRoleIds: [MEMBER] });
  await fetch(`${logto}/__mock/email-connector`, { method: "PUT", body: JSON.stringify({ enabled: true }) });
  const since = await lastSeq();
  const sent = await inviteWithLink(api, body("linked@example.com"), link);
  equal([sent.invitation.status, sent.messageError], ["Pending", undefined], "created and emailed");
  const create = (await logtoRequests(since)).find((e) => e.method === "POST" && e.path === "/api/organization-invitations");
  equal(JSON.parse(create.body).messagePayload, false, "the create sends no email");
  const emails = await (await fetch(`${logto}/__mock/emails`)).json();
  const email = emails.find((e) => e.invitationId === sent.invitation.id);
  equal([email?.to, email?.payload?.link], ["linked@example.com", link(sent.invitation.id)], "the email carries the link to the new invitation");
  await fetch(`${logto}/__mock/message-rate-limit`, { method: "PUT", body: JSON.stringify({ max: 0 }) });
  const limited = await inviteWithLink(api, body("limited@example.com"), link);
  equal([limited.messageError?.status, limited.messageError?.code, limited.messageError instanceof LogtoApiError], [429, "request.message_rate_limited", true], "429");
  equal((await management("GET", `/api/organization-invitations/${limited.invitation.id}`)).json.status, "Pending", "the invitation exists");
  await fetch(`${logto}/__mock/message-rate-limit`, { method: "PUT", body: JSON.stringify({ max: 10 }) });
  await fetch(`${logto}/__mock/email-connector`, { method: "PUT", body: JSON.stringify({ enabled: false }) });
  const unsent = await inviteWithLink(api, body("unsent@example.com"), link);
  equal([unsent.messageError?.status, unsent.messageError?.code], [501, "connector.not_found"], "no email connector: 501");
  equal((await management("GET", `/api/organization-invitations/${unsent.invitation.id}`)).json.invitee, "unsent@example.com", "the invitation exists");
  const refused = await inviteWithLink(api, body("unsent@example.com"), link).then(() => null, (error) => error);
  equal([refused?.status, refused?.code], [422, "entity.unique_integrity_violation"], "a refused create rejects (nothing invited)");
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const npmReadme = readFileSync(join(ROOT, "npm", "README.md"), "utf8");
  const recipe = readFileSync(join(ROOT, "scripts", "invite-with-link.mjs"), "utf8").trim();
  assert(readme.includes(recipe) && npmReadme.includes(recipe), "both READMEs show scripts/invite-with-link.mjs verbatim");
  assert(!readme.includes("join?id=") && !npmReadme.includes("join?id="), "no README puts a link into messagePayload before any ID exists");
});

// ====== nothing else ============================================================================
const OTHER = [
  ["GET", PREFIX, 404], ["GET", `${PREFIX}/`, 404], ["POST", PREFIX, 404],
  ["PUT", `${PREFIX}/${invitation.id}`, 405], ["DELETE", `${PREFIX}/${invitation.id}`, 405], ["PATCH", `${PREFIX}/${invitation.id}`, 405],
  ["POST", `${PREFIX}/${invitation.id}`, 405], ["OPTIONS", `${PREFIX}/${invitation.id}`, 405], ["HEAD", `${PREFIX}/${invitation.id}`, 405],
  ["GET", `${PREFIX}/${invitation.id}/accept`, 405], ["PUT", `${PREFIX}/${invitation.id}/accept`, 405], ["OPTIONS", `${PREFIX}/${invitation.id}/accept`, 405],
  ["GET", `${PREFIX}/${invitation.id}/status`, 404], ["PUT", `${PREFIX}/${invitation.id}/status`, 404], ["POST", `${PREFIX}/${invitation.id}/message`, 404],
  ["GET", `${PREFIX}/${invitation.id}/accept/`, 404], ["GET", `${PREFIX}//accept`, 404], ["GET", `${PREFIX}/a/b`, 404],
  ["GET", `${PREFIX}/%2e%2e`, 404], ["GET", `${PREFIX}/..%2Fusers`, 404], ["GET", `${PREFIX}/a%2Fb`, 404], ["GET", `${PREFIX}/a%5Cb`, 404], ["GET", `${PREFIX}/%FF`, 404],
  ["GET", `${PREFIX}/%2e%2e/%2e%2e/organization-invitations`, 404], ["GET", "/api/organization-invitations", 404], ["GET", "/invitations/x", 404],
  ["GET", `${PREFIX.toUpperCase()}/${invitation.id}`, 404], ["GET", `/api/users/${users.ivy}`, 404], ["POST", "/oidc/token", 404],
];
await test(`${OTHER.length} other paths and methods, signed in as the invitee, are refused (404 proxy.not_found, 405 with Allow) and never reach Logto`, async () => {
  for (const [method, path, status] of OTHER) {
    const answer = await through(method, path, { as: users.ivy, headers: method === "POST" || method === "PUT" ? JSON_POST : {}, body: method === "POST" || method === "PUT" ? "{}" : undefined });
    equal(answer.status, status, `${method} ${path}`);
    if (method !== "HEAD") equal(answer.json?.code, status === 404 ? "proxy.not_found" : "proxy.method_not_allowed", `${method} ${path} code`);
    if (status === 405) assert(["GET", "POST"].includes(answer.headers.allow), `${method} ${path}: Allow ${answer.headers.allow}`);
    equal(answer.upstream.length, 0, `${method} ${path} reached Logto`);
  }
});

// ====== limits, tokens, options ===================================================================
await test("time limits: userId, getAccessToken and Logto each answer 504 proxy.timeout naming the step", async () => {
  const never = () => new Promise(() => {});
  handler = createInvitationAcceptance({ ...options, userId: never, timeouts: { userId: 150 } });
  const slowSession = await raw("GET", `${PREFIX}/${UNKNOWN}`, { as: users.ivy });
  equal([slowSession.status, slowSession.json?.code], [504, "proxy.timeout"], "userId");
  assert(slowSession.json.message.startsWith("userId did not answer within 150 ms"), slowSession.json.message);
  handler = createInvitationAcceptance({ ...options, getAccessToken: never, timeouts: { getAccessToken: 150 } });
  const slowToken = await raw("GET", `${PREFIX}/${UNKNOWN}`, { as: users.ivy });
  equal([slowToken.status, slowToken.json?.code], [504, "proxy.timeout"], "getAccessToken");
  assert(slowToken.json.message.startsWith("getAccessToken did not answer"), slowToken.json.message);
  handler = createInvitationAcceptance({ ...options, timeouts: { logto: 300 } });
  await armFault("delay=2000", `/api/users/${users.stranger}`);
  const t0 = Date.now();
  const slowLogto = await raw("GET", `${PREFIX}/${UNKNOWN}`, { as: users.stranger });
  equal([slowLogto.status, slowLogto.json?.code], [504, "proxy.timeout"], "Logto");
  assert(Date.now() - t0 < 1500, `answered after ${Date.now() - t0} ms`);
  handler = acceptance;
});

await test("Logto answering 401 -> one forced token refresh and one repeat, as the proxy does; Logto down -> 502", async () => {
  await fetch(`${logto}/__mock/tokens/expire`, { method: "POST" });
  tokenCalls.length = 0;
  const answer = await through("GET", `${PREFIX}/${UNKNOWN}`, { as: users.stranger });
  equal(answer.status, 404, "answered after the refresh");
  equal(answer.upstream.map((e) => `${e.method} ${e.path.split("?")[0]} ${e.status}`), [`GET /api/users/${users.stranger} 401`, "POST /oidc/token 200", `GET /api/users/${users.stranger} 200`, `GET /api/organization-invitations/${UNKNOWN} 404`], "401, one new token, one repeat");
  equal(tokenCalls, [{ forceRefresh: false }, { forceRefresh: true }], "getAccessToken asked once more with forceRefresh");
  handler = createInvitationAcceptance({ ...options, endpoint: "http://127.0.0.1:9", getAccessToken: clientCredentials({ endpoint: "http://127.0.0.1:9", appId: APP_ID, appSecret: SECRET }) });
  const down = await raw("GET", `${PREFIX}/${UNKNOWN}`, { as: users.ivy });
  equal([down.status, down.json?.code], [502, "proxy.token_unavailable"], "no token");
  handler = createInvitationAcceptance({ ...options, endpoint: "http://127.0.0.1:9", getAccessToken: () => "t" });
  const unreachable = await raw("GET", `${PREFIX}/${UNKNOWN}`, { as: users.ivy });
  equal([unreachable.status, unreachable.json?.code], [502, "proxy.logto_unreachable"], "Logto down");
  handler = acceptance;
});

await test("unusable options throw kind invalid_input naming the option; a handler given no Request rejects", async () => {
  for (const [bad, field] of [
    [{ ...options, userId: undefined }, "options.userId"],
    [{ ...options, getAccessToken: undefined }, "options.getAccessToken"],
    [{ ...options, endpoint: "/logto" }, "options.endpoint"],
    [{ ...options, prefix: "/invitations/" }, "options.prefix"],
    [{ ...options, timeouts: { logto: -1 } }, "options.timeouts.logto"],
    [null, "options"],
  ]) {
    let thrown;
    try {
      createInvitationAcceptance(bad);
    } catch (error) {
      thrown = error;
    }
    equal([thrown?.kind, thrown?.field], ["invalid_input", field], field);
  }
  const wrong = await acceptance({ url: `${BASE}${PREFIX}/x` }).catch((error) => error);
  equal([wrong.kind, wrong.field], ["invalid_input", "request"], "no Request");
  // As Deno, Bun and Workers call it, with the default prefix.
  const direct = createInvitationAcceptance({ ...options, prefix: undefined });
  const response = await direct(new Request(`https://app.example/invitations/${UNKNOWN}`, { headers: { cookie: `session=${users.ivy}` } }));
  equal([response.status, (await response.json()).code], [404, "entity.not_found"], "the default prefix /invitations");
});

await test("the app secret and every token issued appear in no answer, error or log line", async () => {
  assert(issued.size >= 2, `tokens seen: ${issued.size}`);
  const text = seen.join("\n");
  const leaks = [SECRET, encodeURIComponent(SECRET), ...issued].filter((s) => text.includes(s));
  equal(leaks.length, 0, "leaked values");
});

http.close();
console.log(`Logto calls: GET ${calls.get?.length ?? "?"} (the invitee, with an inviter), accept ${calls.accept?.length ?? "?"}`);
console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
run.finish();
