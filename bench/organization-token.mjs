// organizationTokenAuthorization's cost (a step of bash scripts/bench.sh; it never fails on
// figures, only when it cannot run). Against the local server it starts (release build, --demo),
// with one organization token from POST /__mock/oidc/organization-token:
//   verify      organizationIds(new Request(...), operation): a full verification per call (a new
//               Request each time, so nothing is reused from the per-request cache): parse, the
//               cached key, WebCrypto ES384, the claims, the permission; sequential and 16 at once;
//   proxy       a scoped list through createInvitationsProxy with the token, against the same
//               proxy with organizationIds: () => [organization] and authorize: () => true.
// Prints a Markdown table and writes bench/results/organization-token.{md,json}.
//
//   node bench/organization-token.mjs [--quick]
//
// The server binary: $LOGTO_SERVER_BIN, else tests/server/target/release/logto-local-server.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const QUICK = process.argv.includes("--quick");
const VERIFICATIONS = QUICK ? 500 : 5000;
const REQUESTS = QUICK ? 50 : 300;
const BIN = process.env.LOGTO_SERVER_BIN ?? join(ROOT, "tests", "server", "target", "release", "logto-local-server");
const ORG = "acme7k2m9q4x";
const SPA = "benchdashboardspa0001";
const PERMISSIONS = {
  createOrganizationInvitation: "invite:member",
  createOrganizationInvitationMessage: "invite:member",
  deleteOrganizationInvitation: "manage:invitation",
  getOrganizationInvitation: "read:invitation",
  listOrganizationInvitations: "read:invitation",
  replaceOrganizationInvitationStatus: "manage:invitation",
};
if (!existsSync(BIN) || !existsSync(join(ROOT, "pkg", "server.mjs"))) {
  console.error("bench/organization-token.mjs: build pkg/ (scripts/build.sh) and the release local server first");
  process.exit(1);
}
const { clientCredentials, createInvitationsProxy, organizationTokenAuthorization } = await import(
  pathToFileURL(join(ROOT, "pkg", "server.mjs")).href
);
const child = spawn(BIN, ["--port", "0", "--demo", "--m2m-app-id", "bench-m2m", "--m2m-app-secret", "bench-secret"], {
  stdio: ["ignore", "pipe", "inherit"],
});
const logto = await new Promise((resolve, reject) => {
  createInterface({ input: child.stdout }).once("line", (line) => resolve(line.match(/http:\/\/\S+/)?.[0]));
  child.once("exit", (code) => reject(new Error(`the local server exited (${code})`)));
});
const token = (
  await (
    await fetch(`${logto}/__mock/oidc/organization-token`, {
      method: "POST",
      body: JSON.stringify({ userId: "usralice0001", organizationId: ORG, clientId: SPA }),
    })
  ).json()
).access_token;
const authorization = organizationTokenAuthorization({ endpoint: logto, appIds: [SPA], permissions: PERMISSIONS });
const request = () => new Request("http://dashboard.test/logto/api/organization-invitations", { headers: { authorization: `Bearer ${token}` } });
const operation = { operation: "listOrganizationInvitations", method: "GET", path: "/api/organization-invitations" };
await authorization.organizationIds(request(), operation); // reads the discovery document and the JWKS

const results = {};
{
  // The floor: WebCrypto's own ES384 verify of a token-sized input, nothing else.
  const { subtle } = globalThis.crypto;
  const keys = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-384" }, false, ["sign", "verify"]);
  const data = new TextEncoder().encode(token.slice(0, token.lastIndexOf(".")));
  const signature = await subtle.sign({ name: "ECDSA", hash: "SHA-384" }, keys.privateKey, data);
  const t = performance.now();
  for (let i = 0; i < VERIFICATIONS; i += 1) await subtle.verify({ name: "ECDSA", hash: "SHA-384" }, keys.publicKey, signature, data);
  results.webCryptoPerSecond = Math.round(VERIFICATIONS / ((performance.now() - t) / 1000));
}
{
  let t = performance.now();
  for (let i = 0; i < VERIFICATIONS; i += 1) await authorization.organizationIds(request(), operation);
  results.sequentialPerSecond = Math.round(VERIFICATIONS / ((performance.now() - t) / 1000));
  t = performance.now();
  const batch = 16;
  for (let i = 0; i < VERIFICATIONS; i += batch) {
    await Promise.all(Array.from({ length: batch }, () => authorization.organizationIds(request(), operation)));
  }
  results.concurrentPerSecond = Math.round(VERIFICATIONS / ((performance.now() - t) / 1000));
}
const getAccessToken = clientCredentials({ endpoint: logto, appId: "bench-m2m", appSecret: "bench-secret" });
const withToken = createInvitationsProxy({ endpoint: logto, getAccessToken, ...authorization });
const withSession = createInvitationsProxy({ endpoint: logto, getAccessToken, organizationIds: () => [ORG], authorize: () => true });
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const time = async (proxy) => {
  const times = [];
  for (let i = 0; i < REQUESTS; i += 1) {
    const t = performance.now();
    const response = await proxy(request());
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`status ${response.status}`);
    times.push(performance.now() - t);
  }
  return median(times);
};
await time(withSession);
await time(withToken);
results.listMedianMs = { scopedBySession: +(await time(withSession)).toFixed(3), scopedByToken: +(await time(withToken)).toFixed(3) };
child.kill();

const md = [
  `organizationTokenAuthorization on ${os.cpus()[0]?.model ?? "?"} (${os.cpus().length} cores), Node ${process.version}${QUICK ? ", --quick" : ""}`,
  "",
  "| measure | value |",
  "|---|---:|",
  `| crypto.subtle.verify alone, ES384 (the floor) | ${results.webCryptoPerSecond} |`,
  `| verifications per second, one at a time (ES384, ${VERIFICATIONS}) | ${results.sequentialPerSecond} |`,
  `| verifications per second, 16 at once | ${results.concurrentPerSecond} |`,
  `| scoped list through the proxy, organizationIds from a session (median ms, ${REQUESTS}) | ${results.listMedianMs.scopedBySession} |`,
  `| the same with organizationTokenAuthorization (median ms) | ${results.listMedianMs.scopedByToken} |`,
].join("\n");
console.log(md);
mkdirSync(join(BENCH, "results"), { recursive: true });
writeFileSync(join(BENCH, "results", "organization-token.md"), `${md}\n`);
writeFileSync(join(BENCH, "results", "organization-token.json"), `${JSON.stringify(results, null, 2)}\n`);
