// The servers an end-to-end walk of the demo needs, started as scripts/demo.sh starts them: the
// local Logto-compatible server (`--demo --cors production`, built through scripts/server.sh) and
// scripts/demo-server.mjs in front of it with the local server's machine-to-machine app; and,
// optionally, a second demo server as it runs with a real Logto (no DEMO_LOCAL_SERVER). Used by
// invitation.mjs; dashboard.mjs shares the pieces (it also starts a development-mode Logto).
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const ARTIFACTS = join(ROOT, "artifacts");
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** Chromium's console line for an HTTP error answer (the ones a walk provokes on purpose). */
export const HTTP_ERROR_LINE = "Failed to load resource: the server responded with a status of";
/** The local server's own machine-to-machine app (its defaults), which the demo's server uses. */
export const M2M = { id: "m2m-app", secret: "m2m-secret" };

/**
 * The local server at `url()` (read at each call, once the server is up): `admin` is its
 * Management API with the full-access token (seeding and checking, as an admin would), `mock` its
 * `/__mock` controls. Each resolves `{ status, body }` (the body parsed, `null` when empty).
 */
export function localServer(url) {
  async function call(method, path, body, headers = {}) {
    const response = await fetch(`${url()}${path}`, {
      method,
      headers: body === undefined ? headers : { "Content-Type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text === "" ? null : JSON.parse(text) };
  }
  return {
    admin: (method, path, body) => call(method, `/api${path}`, body, { Authorization: "Bearer dev-token" }),
    mock: (method, path, body) => call(method, `/__mock${path}`, body),
  };
}

/** Starts a process and resolves with the first `http://...` URL it prints. */
export function startPrinting(command, args, options) {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "inherit"] });
  const url = new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      const found = line.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (found) resolve(found[0]);
    });
    child.on("exit", (code) => reject(new Error(`${command} ${args.join(" ")} exited (${code}) before it printed its URL`)));
  });
  return { child, url };
}

/**
 * The local server (with `logtoArgs` added) behind scripts/demo-server.mjs with the demo sign-in
 * (DEMO_LOCAL_SERVER=1); with `real`, a second demo server as with a real Logto. Resolves with
 * `{ pageUrl, realPageUrl, logtoUrl, stop }`.
 */
export async function startDemo({ logtoArgs = [], real = false } = {}) {
  if (!existsSync(join(ROOT, "www", "dist", "index.html"))) throw new Error("www/dist is not built: run `bash scripts/demo.sh` (or `npm --prefix www run build`) first");
  if (!existsSync(join(ROOT, "pkg", "server.mjs"))) throw new Error("pkg/server.mjs is not built: run scripts/build.sh first");
  const built = spawnSync("bash", ["-c", ". scripts/server.sh && build_server"], { cwd: ROOT, env: { ...process.env, ROOT }, stdio: "inherit" });
  if (built.status !== 0) throw new Error("build_server failed");
  const bin = join(ROOT, "tests", "server", "target", "debug", "logto-local-server");
  const logto = startPrinting(bin, ["--port", "0", "--demo", "--cors", "production", ...logtoArgs]);
  const children = [logto.child];
  const stop = () => children.forEach((child) => child.kill());
  process.on("exit", stop);
  const logtoUrl = await logto.url;
  const env = { ...process.env, PORT: "0", LOGTO_ENDPOINT: logtoUrl, LOGTO_M2M_APP_ID: M2M.id, LOGTO_M2M_APP_SECRET: M2M.secret };
  delete env.DEMO_ORGANIZATION_IDS;
  delete env.DEMO_LOCAL_SERVER;
  const demo = startPrinting("node", [join(ROOT, "scripts", "demo-server.mjs")], { cwd: ROOT, env: { ...env, DEMO_LOCAL_SERVER: "1" } });
  children.push(demo.child);
  const asReal = real ? startPrinting("node", [join(ROOT, "scripts", "demo-server.mjs")], { cwd: ROOT, env }) : null;
  if (asReal !== null) children.push(asReal.child);
  return { pageUrl: await demo.url, realPageUrl: asReal === null ? null : await asReal.url, logtoUrl, stop };
}
