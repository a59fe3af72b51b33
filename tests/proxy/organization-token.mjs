// organizationTokenAuthorization and accessTokenUserId (logto-invitations/server), installed from
// the `npm pack` tarball of pkg/, in front of the local Logto-compatible server (--demo seed:
// Acme and Globex, alice admin of Acme, bob a member of Acme, carol admin of Globex; the seeded
// organization roles grant the permissions below). Organization tokens come from the local
// server's POST /__mock/oidc/organization-token, in Logto's format (ES384, Logto's claims).
//
// Accepted: a valid token. Refused, each before the proxy reads anything from Logto (checked in
// the server's request log): no token; a token for another organization; another organization's
// invitation ID (404 as an unknown ID); an expired token; a token signed by another key (a known
// kid and a forged one); `alg: none`; `aud` listing two organizations; a token of another app;
// a machine-to-machine token; a token missing the permission. A key rotated into the JWKS is
// picked up, and a key dropped from the JWKS is refused by the request whose read found it gone;
// forged kids make at most one JWKS read per cooldown. `authorize` without its organizationIds
// (the proxy's unscoped mode) refuses what names no organization. The caller's token never
// reaches Logto and never appears in an answer.
//
// Usage: node tests/proxy/organization-token.mjs (after scripts/build.sh and build_server of
// scripts/server.sh). Ends with `organization token: N passed, M failed`.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes, webcrypto } from "node:crypto";
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { assert, createRunner, equal, sleep } from "./runner.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SERVER_BIN = join(ROOT, "tests", "server", "target", "debug", "logto-local-server");
const run = createRunner("organization token");
const { test } = run;
const M2M_ID = "proxy-m2m-app";
const M2M_SECRET = `s3cr3t-${randomBytes(12).toString("base64url")}`;
const SPA = "dashboardspa000000001"; // the dashboard's Logto app (client_id of its tokens)
const ACME = "acme7k2m9q4x";
const GLOBEX = "globex3p8r1v";
const ACME_INVITATION = "invpendgrace000000001";
const GLOBEX_INVITATION = "invrevivan0000000004";
const RESOURCE = "https://api.dashboard.test";
const PERMISSIONS = {
  createOrganizationInvitation: "invite:member",
  createOrganizationInvitationMessage: "invite:member",
  deleteOrganizationInvitation: "manage:invitation",
  getOrganizationInvitation: "read:invitation",
  listOrganizationInvitations: "read:invitation",
  replaceOrganizationInvitationStatus: "manage:invitation",
  "GET /api/organization-roles": "read:member",
};

const seen = []; // every answer's status line, headers and body
const callerTokens = [];
const b64 = (bytes) => Buffer.from(bytes).toString("base64url");
const json64 = (value) => b64(Buffer.from(JSON.stringify(value)));
const decode = (part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));

// ----- the package, from its npm pack tarball ----------------------------------------------------
if (!existsSync(join(ROOT, "pkg", "package.json"))) {
  console.log("not ok - pkg/ is missing: run scripts/build.sh");
  console.log("organization token: 0 passed, 1 failed");
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), "logto-org-token-"));
const tarball = execFileSync("npm", ["pack", join(ROOT, "pkg"), "--pack-destination", work, "--silent"], {
  encoding: "utf8",
})
  .trim()
  .split("\n")
  .pop();
const installed = join(work, "node_modules", "logto-invitations");
mkdirSync(installed, { recursive: true });
execFileSync("tar", ["-xzf", join(work, tarball), "-C", installed, "--strip-components=1"]);
writeFileSync(join(work, "load.mjs"), 'export * from "logto-invitations/server";\n');
const { clientCredentials, createInvitationsProxy, organizationTokenAuthorization, accessTokenUserId } = await import(
  pathToFileURL(join(work, "load.mjs")).href
);

// ----- the local server -----------------------------------------------------------------------
const child = spawn(SERVER_BIN, ["--port", "0", "--demo", "--m2m-app-id", M2M_ID, "--m2m-app-secret", M2M_SECRET], {
  stdio: ["ignore", "pipe", "inherit"],
});
const logto = await new Promise((resolve, reject) => {
  createInterface({ input: child.stdout }).once("line", (line) => resolve(line.match(/http:\/\/\S+/)?.[0]));
  child.once("exit", (code) => reject(new Error(`the local server exited (${code})`)));
});
const lastSeq = async () => (await (await fetch(`${logto}/__mock/requests?since=999999999`)).json()).lastSeq;
const requestsSince = async (since) => (await (await fetch(`${logto}/__mock/requests?since=${since}`)).json()).requests;
const apiRequests = (entries) => entries.filter((e) => e.path.startsWith("/api"));
const jwksReads = (entries) => entries.filter((e) => e.path === "/oidc/jwks");

async function organizationToken(body) {
  const response = await fetch(`${logto}/__mock/oidc/organization-token`, {
    method: "POST",
    body: JSON.stringify({ clientId: SPA, ...body }),
  });
  const answer = await response.json();
  assert(response.status === 200, `the local server issued no token: ${JSON.stringify(answer)}`);
  callerTokens.push(answer.access_token);
  return answer.access_token;
}

const COOLDOWN_MS = 1500;
const authorization = organizationTokenAuthorization({
  endpoint: logto,
  appIds: [SPA],
  permissions: PERMISSIONS,
  jwks: { cooldownMs: COOLDOWN_MS },
});
const proxy = createInvitationsProxy({
  endpoint: logto,
  getAccessToken: clientCredentials({ endpoint: logto, appId: M2M_ID, appSecret: M2M_SECRET }),
  allow: ["GET /api/organization-roles", "GET /api/organizations"],
  ...authorization,
});

/** Calls the proxy as a fetch handler; records what a browser would see. */
async function call(method, path, token, body, handler = proxy) {
  const headers = new Headers();
  if (token !== undefined) headers.set("authorization", `Bearer ${token}`);
  if (body !== undefined) headers.set("content-type", "application/json");
  const response = await handler(
    new Request(`http://dashboard.test/logto${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  const text = await response.text();
  const answer = {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    text,
    json: (() => {
      try {
        return JSON.parse(text);
      } catch {
        return undefined;
      }
    })(),
  };
  seen.push(JSON.stringify(answer));
  return answer;
}

/** Runs `fn`, then asserts that no request reached Logto's API meanwhile. */
async function nothingReadFromLogto(fn) {
  const since = await lastSeq();
  const result = await fn();
  const reached = apiRequests(await requestsSince(since));
  equal(reached.map((e) => `${e.method} ${e.path}`), [], "requests that reached Logto's API");
  return result;
}

function refusedAsInvalidToken(answer, what) {
  equal(answer.status, 401, `${what}: status`);
  equal(answer.json?.code, "proxy.unauthenticated", `${what}: code`);
  assert(
    /^Bearer error="invalid_token"/.test(answer.headers["www-authenticate"] ?? ""),
    `${what}: WWW-Authenticate is ${answer.headers["www-authenticate"]}`,
  );
}

/** A token with Logto's header and claims, signed by `key` (a WebCrypto P-384 private key). */
async function signed(header, claims, key) {
  const input = `${json64(header)}.${json64(claims)}`;
  const signature = await webcrypto.subtle.sign({ name: "ECDSA", hash: "SHA-384" }, key, Buffer.from(input));
  const token = `${input}.${b64(new Uint8Array(signature))}`;
  callerTokens.push(token);
  return token;
}
const otherKey = (
  await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-384" }, false, ["sign", "verify"])
).privateKey;

// ----- tests -------------------------------------------------------------------------------------
const alice = await organizationToken({ userId: "usralice0001", organizationId: ACME });

await test("the local server's organization token has Logto's header and claims", async () => {
  const [header, claims] = alice.split(".").map((part, i) => (i < 2 ? decode(part) : part));
  equal(Object.keys(header), ["alg", "typ", "kid"], "header members");
  equal([header.alg, header.typ], ["ES384", "at+jwt"], "alg and typ");
  equal(Object.keys(claims), ["jti", "sub", "iat", "exp", "scope", "client_id", "iss", "aud"], "claims, in order");
  equal(claims.aud, `urn:logto:organization:${ACME}`, "aud");
  equal(claims.iss, `${logto}/oidc`, "iss");
  equal(claims.exp - claims.iat, 3600, "lifetime");
  equal(claims.scope.split(" ").sort(), ["invite:member", "manage:invitation", "read:invitation", "read:member"], "alice's permissions in Acme");
  const discovery = await (await fetch(`${logto}/oidc/.well-known/openid-configuration`)).json();
  equal([discovery.issuer, discovery.jwks_uri], [`${logto}/oidc`, `${logto}/oidc/jwks`], "discovery");
  const jwks = await (await fetch(discovery.jwks_uri)).json();
  equal(jwks.keys.map((k) => k.kid), [header.kid], "the JWKS lists the signing key");
});

await test("a valid token: the list is Acme's, Logto gets the proxy's own token, never the caller's", async () => {
  const since = await lastSeq();
  const list = await call("GET", "/api/organization-invitations", alice);
  equal(list.status, 200, `status (${list.text})`);
  assert(list.json.length > 0 && list.json.every((i) => i.organizationId === ACME), "only Acme's invitations");
  const reached = apiRequests(await requestsSince(since));
  equal(reached.map((e) => e.path), [`/api/organization-invitations?organizationId=${ACME}`], "what reached Logto");
  assert(!reached[0].headers.authorization.includes(alice), "the caller's token is not forwarded");
  const get = await call("GET", `/api/organization-invitations/${ACME_INVITATION}`, alice);
  equal([get.status, get.json?.organizationId], [200, ACME], "get");
  const roles = await call("GET", "/api/organization-roles", alice);
  equal(roles.status, 200, "a lookup with its permission");
  const create = await call("POST", "/api/organization-invitations", alice, {
    organizationId: ACME,
    invitee: "new.person@example.com",
    expiresAt: Date.now() + 86_400_000,
  });
  equal(create.status, 201, `create (${create.text})`);
});

await test("no token: 401 with a bare Bearer challenge, nothing read from Logto", async () => {
  const answer = await nothingReadFromLogto(() => call("GET", "/api/organization-invitations", undefined));
  equal([answer.status, answer.json?.code, answer.headers["www-authenticate"]], [401, "proxy.unauthenticated", "Bearer"], "answer");
});

await test("a token for another organization: Globex's list and a create in Globex are refused", async () => {
  const list = await nothingReadFromLogto(() => call("GET", `/api/organization-invitations?organizationId=${GLOBEX}`, alice));
  equal([list.status, list.json?.code], [403, "proxy.out_of_scope"], "list");
  const create = await nothingReadFromLogto(() =>
    call("POST", "/api/organization-invitations", alice, { organizationId: GLOBEX, invitee: "x@example.com", expiresAt: Date.now() + 86_400_000 }),
  );
  equal([create.status, create.json?.code], [403, "proxy.out_of_scope"], "create");
  const lookup = await nothingReadFromLogto(() => call("GET", "/api/organizations", alice));
  equal(lookup.status, 403, "a lookup without a configured permission");
});

await test("another organization's invitation ID with a valid token: 404 as an unknown ID, nothing changed", async () => {
  const get = await call("GET", `/api/organization-invitations/${GLOBEX_INVITATION}`, alice);
  const unknown = await call("GET", "/api/organization-invitations/invnosuchid0000000000", alice);
  equal([get.status, get.json?.code], [404, "entity.not_found"], "get");
  equal(get.text, unknown.text, "the same body as an unknown ID");
  const since = await lastSeq();
  const del = await call("DELETE", `/api/organization-invitations/${GLOBEX_INVITATION}`, alice);
  equal(del.status, 404, "delete");
  const reached = apiRequests(await requestsSince(since));
  equal(reached.map((e) => e.method), ["GET"], "only the proxy's own read reached Logto");
  const carol = await organizationToken({ userId: "usrcarol0003", organizationId: GLOBEX });
  const still = await call("GET", `/api/organization-invitations/${GLOBEX_INVITATION}`, carol);
  equal(still.status, 200, "Globex's invitation still exists (for Globex's admin)");
});

await test("an expired token is refused (401 invalid_token), nothing read from Logto", async () => {
  const expired = await organizationToken({ userId: "usralice0001", organizationId: ACME, expiresIn: -120 });
  const answer = await nothingReadFromLogto(() => call("GET", "/api/organization-invitations", expired));
  refusedAsInvalidToken(answer, "expired");
  assert(answer.json.message.endsWith("(the proxy's organizationIds refused it: The token has expired)"), `message: ${answer.json.message}`);
  // Within the 30 s clock tolerance it is still good.
  const just = await organizationToken({ userId: "usralice0001", organizationId: ACME, expiresIn: -5 });
  equal((await call("GET", "/api/organization-invitations", just)).status, 200, "expired 5 s ago");
});

await test("a token signed by another key is refused: Logto's kid, and a kid not in the JWKS", async () => {
  const [header, claims] = alice.split(".").slice(0, 2).map(decode);
  const sameKid = await signed(header, claims, otherKey);
  refusedAsInvalidToken(await nothingReadFromLogto(() => call("GET", "/api/organization-invitations", sameKid)), "same kid");
  const forged = await signed({ ...header, kid: "forged-kid" }, claims, otherKey);
  refusedAsInvalidToken(await nothingReadFromLogto(() => call("GET", "/api/organization-invitations", forged)), "forged kid");
  // Alice's own token with its signature swapped for another's.
  const parts = alice.split(".");
  const swapped = `${parts[0]}.${parts[1]}.${sameKid.split(".")[2]}`;
  refusedAsInvalidToken(await call("GET", "/api/organization-invitations", swapped), "swapped signature");
});

await test("alg: none is refused", async () => {
  const [header, claims] = alice.split(".").slice(0, 2).map(decode);
  for (const token of [
    `${json64({ ...header, alg: "none" })}.${json64(claims)}.`,
    `${json64({ ...header, alg: "none" })}.${json64(claims)}.${alice.split(".")[2]}`,
    `${json64({ ...header, alg: "HS256" })}.${json64(claims)}.${b64(randomBytes(32))}`,
  ]) {
    callerTokens.push(token);
    refusedAsInvalidToken(await nothingReadFromLogto(() => call("GET", "/api/organization-invitations", token)), token.slice(0, 30));
  }
});

await test("a token whose aud lists two organizations is refused", async () => {
  const two = await organizationToken({
    userId: "usralice0001",
    organizationId: ACME,
    claims: { aud: [`urn:logto:organization:${ACME}`, `urn:logto:organization:${GLOBEX}`] },
  });
  refusedAsInvalidToken(await nothingReadFromLogto(() => call("GET", `/api/organization-invitations?organizationId=${ACME}`, two)), "two audiences");
  const resource = await organizationToken({ userId: "usralice0001", organizationId: ACME, claims: { aud: RESOURCE } });
  refusedAsInvalidToken(await call("GET", "/api/organization-invitations", resource), "an API resource's audience");
});

await test("another app's token, a machine-to-machine token and another issuer are refused", async () => {
  const other = await organizationToken({ userId: "usralice0001", organizationId: ACME, clientId: "someotherapp000000001" });
  refusedAsInvalidToken(await nothingReadFromLogto(() => call("GET", "/api/organization-invitations", other)), "other app");
  const machine = await organizationToken({ machine: true, organizationId: ACME, scope: "read:invitation" });
  refusedAsInvalidToken(await nothingReadFromLogto(() => call("GET", "/api/organization-invitations", machine)), "m2m");
  const issuer = await organizationToken({ userId: "usralice0001", organizationId: ACME, claims: { iss: "https://evil.example/oidc" } });
  refusedAsInvalidToken(await call("GET", "/api/organization-invitations", issuer), "issuer");
});

await test("a token missing the permission: 403 insufficient_scope, before the invitation is read", async () => {
  const bob = await organizationToken({ userId: "usrbob000002", organizationId: ACME });
  equal((await call("GET", "/api/organization-invitations", bob)).status, 200, "bob may read");
  const create = await nothingReadFromLogto(() =>
    call("POST", "/api/organization-invitations", bob, { organizationId: ACME, invitee: "y@example.com", expiresAt: Date.now() + 86_400_000 }),
  );
  equal([create.status, create.json?.code], [403, "proxy.forbidden"], "create");
  equal(
    create.headers["www-authenticate"],
    'Bearer error="insufficient_scope", error_description="The token lacks the permission for this operation", scope="invite:member"',
    "challenge",
  );
  const del = await nothingReadFromLogto(() => call("DELETE", `/api/organization-invitations/${ACME_INVITATION}`, bob));
  equal(del.status, 403, "delete: refused without the read-ahead");
  // Alice's token when the app asked only for read:invitation at sign-in.
  const narrow = await organizationToken({ userId: "usralice0001", organizationId: ACME, scope: "read:invitation" });
  const status = await nothingReadFromLogto(() =>
    call("PUT", `/api/organization-invitations/${ACME_INVITATION}/status`, narrow, { status: "Revoked" }),
  );
  equal(status.status, 403, "status with a narrowed scope");
});

await test("a key rotated into the JWKS is picked up", async () => {
  await sleep(COOLDOWN_MS + 100);
  const rotated = await (await fetch(`${logto}/__mock/oidc/rotate-key`, { method: "POST" })).json();
  const fresh = await organizationToken({ userId: "usralice0001", organizationId: ACME });
  equal(decode(fresh.split(".")[0]).kid, rotated.kid, "signed with the new key");
  const since = await lastSeq();
  const answer = await call("GET", "/api/organization-invitations", fresh);
  equal(answer.status, 200, `the new key's token (${answer.text})`);
  equal(jwksReads(await requestsSince(since)).length, 1, "one JWKS read");
  equal((await call("GET", "/api/organization-invitations", alice)).status, 200, "the previous key still verifies");
});

await test("forged kids do not make every request read the JWKS (one read per cooldown)", async () => {
  const [header, claims] = alice.split(".").slice(0, 2).map(decode);
  await sleep(COOLDOWN_MS + 100);
  const since = await lastSeq();
  for (let i = 0; i < 25; i += 1) {
    const token = await signed({ ...header, kid: `forged-${i}-${randomBytes(6).toString("hex")}` }, claims, otherKey);
    refusedAsInvalidToken(await call("GET", "/api/organization-invitations", token), `forged kid ${i}`);
  }
  const concurrent = await Promise.all(
    Array.from({ length: 10 }, async (_, i) =>
      call("GET", "/api/organization-invitations", await signed({ ...header, kid: `together-${i}` }, claims, otherKey)),
    ),
  );
  assert(concurrent.every((a) => a.status === 401), "concurrent forged kids refused");
  const reads = jwksReads(await requestsSince(since)).length;
  equal(reads, 1, "JWKS reads for 35 forged kids within the cooldown");
});

await test("authorize alone re-checks the permission and the organization", async () => {
  const request = () => new Request("http://dashboard.test/x", { headers: { authorization: `Bearer ${alice}` } });
  const op = (operation, organizationId) => ({ operation, method: "GET", path: "/api/x", organizationId });
  equal(await authorization.authorize(request(), op("listOrganizationInvitations", ACME)), true, "Acme list");
  equal(await authorization.authorize(request(), op("listOrganizationInvitations", GLOBEX)), false, "Globex list");
  equal(await authorization.authorize(request(), op("GET /api/organizations")), false, "unmapped lookup");
  const bob = await organizationToken({ userId: "usrbob000002", organizationId: ACME });
  const asBob = new Request("http://dashboard.test/x", { headers: { authorization: `Bearer ${bob}` } });
  equal(await authorization.authorize(asBob, op("deleteOrganizationInvitation", ACME)), false, "bob delete");
  equal(await authorization.organizationIds(request(), { operation: "listOrganizationInvitations" }), [ACME], "organizationIds");
  // An operation whose organization is not named (a get by ID in the proxy's unscoped mode, a
  // lookup of the whole tenant) acts in no known organization: refused, unless this
  // authorization's organizationIds confined that same request to the token's organization.
  equal(await authorization.authorize(request(), op("getOrganizationInvitation")), false, "get with no organization");
  equal(await authorization.authorize(request(), op("GET /api/organization-roles")), false, "lookup, not confined");
  const confined = request();
  equal(await authorization.organizationIds(confined, { operation: "GET /api/organization-roles" }), [ACME], "confined");
  equal(await authorization.authorize(confined, op("GET /api/organization-roles")), true, "lookup, confined");
  equal(await authorization.authorize(request(), op("getOrganizationInvitation", ACME)), true, "get in Acme");
});

await test("authorize without its organizationIds (the proxy's unscoped mode): nothing outside the token's organization", async () => {
  const unscoped = createInvitationsProxy({
    endpoint: logto,
    getAccessToken: clientCredentials({ endpoint: logto, appId: M2M_ID, appSecret: M2M_SECRET }),
    allow: ["GET /api/organization-roles", "GET /api/organizations"],
    authorize: authorization.authorize,
  });
  const as = (method, path, body) => call(method, path, alice, body, unscoped);
  const whole = await nothingReadFromLogto(() => as("GET", "/api/organization-invitations"));
  equal([whole.status, whole.json?.code], [403, "proxy.forbidden"], "the tenant's whole list");
  equal((await as("GET", `/api/organization-invitations?organizationId=${GLOBEX}`)).status, 403, "Globex's list");
  const acme = await as("GET", `/api/organization-invitations?organizationId=${ACME}`);
  equal(acme.status, 200, "Acme's list");
  assert(acme.json.every((i) => i.organizationId === ACME), "only Acme's invitations");
  for (const [method, path, body] of [
    ["GET", `/api/organization-invitations/${GLOBEX_INVITATION}`],
    ["DELETE", `/api/organization-invitations/${GLOBEX_INVITATION}`],
    ["PUT", `/api/organization-invitations/${GLOBEX_INVITATION}/status`, { status: "Revoked" }],
    ["GET", "/api/organizations"],
  ]) {
    const answer = await nothingReadFromLogto(() => as(method, path, body));
    equal(answer.status, 403, `${method} ${path}`);
  }
  const carol = await organizationToken({ userId: "usrcarol0003", organizationId: GLOBEX });
  const still = await call("GET", `/api/organization-invitations/${GLOBEX_INVITATION}`, carol);
  equal([still.status, still.json?.status], [200, "Revoked"], "Globex's invitation is unchanged");
});

await test("options are checked", async () => {
  const throws = (options, field) => {
    try {
      organizationTokenAuthorization(options);
    } catch (error) {
      assert(String(error.message).includes(field), `${field}: ${error.message}`);
      return;
    }
    throw new Error(`no error for ${field}`);
  };
  throws({ endpoint: logto, permissions: PERMISSIONS }, "appIds");
  throws({ endpoint: logto, appIds: [SPA] }, "permissions");
  const { getOrganizationInvitation, ...five } = PERMISSIONS;
  void getOrganizationInvitation;
  throws({ endpoint: logto, appIds: [SPA], permissions: five }, "getOrganizationInvitation");
  throws({ endpoint: "auth.example.com", appIds: [SPA], permissions: PERMISSIONS }, "endpoint");
});

await test("Logto's keys out of reach: 502 proxy.logto_unreachable, within the time limit", async () => {
  const down = createInvitationsProxy({
    endpoint: logto,
    getAccessToken: () => "unused",
    ...organizationTokenAuthorization({
      endpoint: "http://127.0.0.1:9",
      appIds: [SPA],
      permissions: PERMISSIONS,
      jwks: { timeoutMs: 2000 },
    }),
  });
  const started = Date.now();
  const response = await down(
    new Request("http://dashboard.test/logto/api/organization-invitations", { headers: { authorization: `Bearer ${alice}` } }),
  );
  const body = await response.json();
  equal([response.status, body.code], [502, "proxy.logto_unreachable"], "answer");
  assert(Date.now() - started < 3000, "within the time limit");
});

await test("accessTokenUserId: the user of an ordinary access token for the app's resource", async () => {
  const userId = accessTokenUserId({ endpoint: logto, resource: RESOURCE, appIds: [SPA] });
  const tokenFor = async (body) => {
    const response = await fetch(`${logto}/__mock/oidc/access-token`, {
      method: "POST",
      body: JSON.stringify({ clientId: SPA, resource: RESOURCE, ...body }),
    });
    const token = (await response.json()).access_token;
    callerTokens.push(token);
    return new Request("http://dashboard.test/accept", { headers: { authorization: `Bearer ${token}` } });
  };
  equal(await userId(await tokenFor({ userId: "usrerin00005" })), "usrerin00005", "a valid token");
  equal(await userId(await tokenFor({ userId: "usrerin00005", expiresIn: -120 })), null, "expired");
  equal(await userId(await tokenFor({ userId: "usrerin00005", resource: "https://other.test" })), null, "another resource");
  equal(await userId(await tokenFor({ userId: "usrerin00005", clientId: "someotherapp000000001" })), null, "another app");
  equal(await userId(new Request("http://dashboard.test/accept", { headers: { authorization: `Bearer ${alice}` } })), null, "an organization token");
  equal(await userId(new Request("http://dashboard.test/accept")), null, "no token");
});

await test("concurrent first requests share one read of the discovery document and the JWKS", async () => {
  const fresh = organizationTokenAuthorization({ endpoint: logto, appIds: [SPA], permissions: PERMISSIONS });
  const since = await lastSeq();
  const scopes = await Promise.all(
    Array.from({ length: 10 }, () =>
      fresh.organizationIds(new Request("http://dashboard.test/x", { headers: { authorization: `Bearer ${alice}` } }), {
        operation: "listOrganizationInvitations",
      }),
    ),
  );
  assert(scopes.every((scope) => JSON.stringify(scope) === JSON.stringify([ACME])), "every scope is Acme");
  const reads = (await requestsSince(since)).filter((e) => e.path.startsWith("/oidc/")).map((e) => e.path);
  equal(reads, ["/oidc/.well-known/openid-configuration", "/oidc/jwks"], "reads");
});

await test("RS256 (an RSA tenant) and ES256/ES512 keys verify; a key's alg must match the token's", async () => {
  // A stand-in for a Logto whose signing keys are RSA, P-256 and P-521: its discovery document and
  // JWKS only (node:crypto keys), tokens signed here with Logto's claims.
  const { createServer } = await import("node:http");
  const { generateKeyPairSync, sign: nodeSign } = await import("node:crypto");
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const p521 = generateKeyPairSync("ec", { namedCurve: "P-521" });
  const jwk = (pair, kid) => ({ ...pair.publicKey.export({ format: "jwk" }), kid });
  const server = createServer((request, response) => {
    const origin = `http://${request.headers.host}`;
    const body =
      request.url === "/oidc/.well-known/openid-configuration"
        ? { issuer: `${origin}/oidc`, jwks_uri: `${origin}/oidc/jwks` }
        : { keys: [jwk(rsa, "rsa-1"), jwk(p256, "ec256-1"), jwk(p521, "ec521-1")] };
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${server.address().port}`;
  try {
    const other = organizationTokenAuthorization({ endpoint, appIds: [SPA], permissions: PERMISSIONS });
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      jti: "j",
      sub: "usralice0001",
      iat: now,
      exp: now + 3600,
      scope: "read:invitation",
      client_id: SPA,
      iss: `${endpoint}/oidc`,
      aud: `urn:logto:organization:${ACME}`,
    };
    const token = (alg, kid, key, options) => {
      const input = `${json64({ alg, typ: "at+jwt", kid })}.${json64(claims)}`;
      const hash = { RS256: "sha256", ES256: "sha256", ES512: "sha512" }[alg];
      const signature = nodeSign(hash, Buffer.from(input), { key, ...options });
      const value = `${input}.${b64(signature)}`;
      callerTokens.push(value);
      return value;
    };
    const scope = async (value) => {
      try {
        return await other.organizationIds(new Request("http://dashboard.test/x", { headers: { authorization: `Bearer ${value}` } }), {
          operation: "listOrganizationInvitations",
        });
      } catch (thrown) {
        return thrown instanceof Response ? thrown.status : String(thrown);
      }
    };
    equal(await scope(token("RS256", "rsa-1", rsa.privateKey)), [ACME], "RS256");
    equal(await scope(token("ES256", "ec256-1", p256.privateKey, { dsaEncoding: "ieee-p1363" })), [ACME], "ES256");
    equal(await scope(token("ES512", "ec521-1", p521.privateKey, { dsaEncoding: "ieee-p1363" })), [ACME], "ES512");
    // A DER-encoded ECDSA signature is not JWS's r || s.
    equal(await scope(token("ES256", "ec256-1", p256.privateKey, { dsaEncoding: "der" })), 401, "DER signature");
    // The RSA key's kid with an EC algorithm, and an RS256 token signed by another RSA key.
    equal(await scope(token("ES256", "rsa-1", p256.privateKey, { dsaEncoding: "ieee-p1363" })), 401, "kid of another type");
    const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });
    equal(await scope(token("RS256", "rsa-1", stranger.privateKey)), 401, "another RSA key");
  } finally {
    server.close();
  }
});

await test("a key Logto dropped from its JWKS is refused by the request whose read found that out", async () => {
  // Keys cached, then stale: the next request reads the JWKS again; if its key is no longer
  // there, that request is refused too (not verified with the key just found gone). Rotated twice,
  // the local server lists neither alice's key nor the one after it (earlier tests are done with
  // them).
  const quick = organizationTokenAuthorization({
    endpoint: logto,
    appIds: [SPA],
    permissions: PERMISSIONS,
    jwks: { maxAgeMs: 300, cooldownMs: 300 },
  });
  const scope = async (value) => {
    try {
      return await quick.organizationIds(new Request("http://dashboard.test/x", { headers: { authorization: `Bearer ${value}` } }), {
        operation: "listOrganizationInvitations",
      });
    } catch (thrown) {
      return thrown instanceof Response ? thrown.status : String(thrown);
    }
  };
  const dropped = await organizationToken({ userId: "usralice0001", organizationId: ACME });
  equal(await scope(dropped), [ACME], "its key, cached");
  for (let i = 0; i < 2; i += 1) await fetch(`${logto}/__mock/oidc/rotate-key`, { method: "POST" });
  const kids = (await (await fetch(`${logto}/oidc/jwks`)).json()).keys.map((key) => key.kid);
  assert(!kids.includes(decode(dropped.split(".")[0]).kid), "the key is no longer in the JWKS");
  await sleep(400);
  const since = await lastSeq();
  equal(await scope(dropped), 401, "the request that read the JWKS again");
  equal(jwksReads(await requestsSince(since)).length, 1, "one JWKS read");
  equal(await scope(await organizationToken({ userId: "usralice0001", organizationId: ACME })), [ACME], "the current key");
});

await test("the caller's tokens never appear in an answer", async () => {
  const text = seen.join("\n");
  for (const token of callerTokens) {
    for (const part of token.split(".").filter((p) => p.length > 16)) {
      assert(!text.includes(part), "a token part appears in an answer");
    }
  }
  assert(!text.includes(M2M_SECRET), "the app secret appears in an answer");
});

child.kill();
rmSync(work, { recursive: true, force: true });
run.finish();
