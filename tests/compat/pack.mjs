// Checks what `npm pack` of pkg/ would publish: exactly the files the package needs (no
// wasm-bindgen leftovers, no contributor files), a package.json whose `exports` resolve to files
// in the tarball with `types` first, the npm README, and entries that really load: the tarball is
// packed, extracted into a scratch node_modules and imported and required from Node (the main
// entry and logto-invitations/server).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = join(root, "pkg");
let passed = 0;
let failed = 0;
function check(label, ok, detail = "") {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? "ok" : "not ok"} - ${label}${ok || !detail ? "" : `\n    ${String(detail).replace(/\n/g, "\n    ")}`}`);
}

const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
const [dry] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--loglevel=error"], { cwd: pkg, encoding: "utf8" }));
const packed = dry.files.map((file) => file.path).sort();
const expected = [...manifest.files, "README.md", "LICENSE", "package.json"].sort();
check("the tarball holds exactly package.json's files plus README.md, LICENSE, package.json", JSON.stringify(packed) === JSON.stringify(expected), `packed: ${packed.join(", ")}\nexpected: ${expected.join(", ")}`);
check("no empty file", dry.files.every((file) => file.size > 0), dry.files.filter((file) => file.size === 0).map((f) => f.path).join(", "));
check("no wasm-bindgen leftovers (snippets/, its .d.ts, .gitignore)", !packed.some((path) => /^snippets\/|^logto_invitations(_bg\.wasm)?\.d\.ts$|gitignore|\.map$/.test(path)), packed.join(", "));

// package.json
const dot = manifest.exports?.["."];
check("exports['.'] lists `types` first", dot && Object.keys(dot)[0] === "types", JSON.stringify(dot));
const serverExport = manifest.exports?.["./server"];
check("exports['./server']: types first, then workerd (server-workerd.mjs), require (server.cjs) and default (server.mjs)", JSON.stringify(serverExport) === JSON.stringify({ types: { require: "./server.d.cts", default: "./server.d.ts" }, workerd: "./server-workerd.mjs", require: "./server.cjs", default: "./server.mjs" }), JSON.stringify(serverExport));
check("conditions: types, node (require/default), browser, worker, default", JSON.stringify(Object.keys(dot ?? {})) === JSON.stringify(["types", "node", "browser", "worker", "default"]) && dot.node.require === "./node.cjs" && dot.node.default === "./node.mjs", JSON.stringify(dot));
// Bundlers resolve `module` and take the browser entry even for require(): no inlined .wasm in a
// browser bundle. Only a runtime that requires with `browser` and no `module` (Jest's jsdom) gets node.cjs.
check("browser: module (index.js) before require (node.cjs), then default (index.js)", JSON.stringify(dot?.browser) === JSON.stringify({ module: "./index.js", require: "./node.cjs", default: "./index.js" }), JSON.stringify(dot?.browser));
const targets = [];
const collect = (value) => (typeof value === "string" ? targets.push(value) : Object.values(value).forEach(collect));
collect(manifest.exports);
for (const field of ["main", "module", "types"]) targets.push(manifest[field]);
const missing = targets.filter((target) => !packed.includes(target.replace(/^\.\//, "")));
check("every exports / main / module / types target is in the tarball", missing.length === 0, missing.join(", "));
check("./package.json is exported (for tools that read it)", manifest.exports["./package.json"] === "./package.json");
// Issue 21: the .wasm's URL for a preload hint, as a module and as the file.
check("exports['./wasm-url'] (types, then wasm-url.js) and the .wasm itself are exported", JSON.stringify(manifest.exports["./wasm-url"]) === JSON.stringify({ types: "./wasm-url.d.ts", default: "./wasm-url.js" }) && manifest.exports["./logto_invitations_bg.wasm"] === "./logto_invitations_bg.wasm", JSON.stringify([manifest.exports["./wasm-url"], manifest.exports["./logto_invitations_bg.wasm"]]));
check("type module, sideEffects false, engines.node >= 20, license, keywords", manifest.type === "module" && manifest.sideEffects === false && manifest.engines?.node === ">=20" && manifest.license === "MIT" && manifest.keywords?.length >= 4, JSON.stringify(manifest));
const links = ["repository", "homepage", "bugs"].filter((field) => field in manifest);
check("repository / homepage / bugs only with real URLs (no placeholders)", links.every((field) => !/example|your-|todo|placeholder|<|>/i.test(JSON.stringify(manifest[field]))), links.map((field) => JSON.stringify(manifest[field])).join(", "));
check("name, version, description from Cargo.toml", manifest.name === "logto-invitations" && /^\d+\.\d+\.\d+/.test(manifest.version) && manifest.description?.length > 20);

// The README is the one for npm users, not the repository's contributor README.
const readme = readFileSync(join(pkg, "README.md"), "utf8");
check("README.md is the npm README (install, usage, errors; no contributor commands)", readme.startsWith("# logto-invitations") && readme.includes("npm install logto-invitations") && readme.includes("LogtoApiError") && !/scripts\/(test|build|demo)\.sh|cargo |wasm-pack/.test(readme), readme.slice(0, 200));
check("README.md equals npm/README.md", readme === readFileSync(join(root, "npm/README.md"), "utf8"));

// The browser entry's relative imports are all in the tarball.
for (const file of ["index.js", "load.js", "logto_invitations.js", "error.js", "json-body.js", "wasm-url.js"]) {
  const source = readFileSync(join(pkg, file), "utf8");
  const imports = [...source.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]);
  const bad = imports.filter((spec) => !spec.startsWith("./") || !packed.includes(spec.slice(2)));
  check(`${file}: imports only files in the tarball (${imports.join(", ")})`, bad.length === 0, bad.join(", "));
}
check("index.d.ts and index.d.cts are the same declarations", readFileSync(join(pkg, "index.d.ts"), "utf8") === readFileSync(join(pkg, "index.d.cts"), "utf8"));

// The real tarball, extracted where Node resolves it by name.
const scratch = mkdtempSync(join(tmpdir(), "logto-invitations-packcheck-"));
try {
  const filename = JSON.parse(execFileSync("npm", ["pack", "--json", "--loglevel=error", "--pack-destination", scratch], { cwd: pkg, encoding: "utf8" }))[0].filename;
  const into = join(scratch, "node_modules/logto-invitations");
  mkdirSync(into, { recursive: true });
  execFileSync("tar", ["-xzf", join(scratch, filename.split("/").pop()), "-C", into, "--strip-components=1"]);
  const probe = `
    const names = (m) => Object.keys(m).sort().join(",");
    const want = "InvitationAcceptanceApi,LogtoApiError,OrganizationInvitationsApi,default,init,isLogtoApiError";
    const check = (m, how) => {
      if (names(m) !== want) throw new Error(how + " exports " + names(m));
      if (m.default !== m.init) throw new Error(how + ": default is not init");
      const api = new m.OrganizationInvitationsApi({ baseUrl: "https://auth.example.com/" });
      if (api.baseUrl !== "https://auth.example.com") throw new Error(how + ": baseUrl " + api.baseUrl);
      api.free();
    };`;
  const esm = execFileSync(process.execPath, ["--input-type=module", "-e", `${probe} const m = await import("logto-invitations"); check(m, "import"); console.log(import.meta.resolve("logto-invitations"));`], { cwd: scratch, encoding: "utf8" });
  check("import resolves node.mjs and loads with no init step", esm.trim().endsWith("/node_modules/logto-invitations/node.mjs"), esm);
  const cjs = execFileSync(process.execPath, ["-e", `${probe} const m = require("logto-invitations"); check(m, "require"); console.log(require.resolve("logto-invitations"));`], { cwd: scratch, encoding: "utf8" });
  check("require resolves node.cjs and loads with no init step", cjs.trim().endsWith("/node_modules/logto-invitations/node.cjs"), cjs);
  // The server entry: its own module, loaded with no init step; its LogtoApiError is the main
  // entry's (one brand), and a handler answers a refused request without any network.
  const serverProbe = `
    const names = (m) => Object.keys(m).sort().join(",");
    const checkServer = async (server, main, how) => {
      if (names(server) !== "LogtoApiError,accessTokenUserId,clientCredentials,createInvitationAcceptance,createInvitationsProxy,isLogtoApiError,organizationTokenAuthorization") throw new Error(how + " exports " + names(server));
      const proxy = server.createInvitationsProxy({ endpoint: "https://auth.example.com", getAccessToken: () => "t", authorize: () => true });
      const response = await proxy(new Request("https://app.example/logto/api/applications"));
      if (response.status !== 404 || (await response.json()).code !== "proxy.not_found") throw new Error(how + ": the handler answered " + response.status);
      if (typeof server.clientCredentials({ endpoint: "https://auth.example.com", appId: "a", appSecret: "s" }) !== "function") throw new Error(how + ": no getAccessToken");
      const error = new main.LogtoApiError("x", { kind: "token" });
      if (!(error instanceof server.LogtoApiError) || !server.isLogtoApiError(error)) throw new Error(how + ": another LogtoApiError");
    };`;
  const serverEsm = execFileSync(process.execPath, ["--input-type=module", "-e", `${serverProbe} await checkServer(await import("logto-invitations/server"), await import("logto-invitations"), "import"); console.log(import.meta.resolve("logto-invitations/server"));`], { cwd: scratch, encoding: "utf8" });
  check("import of logto-invitations/server resolves server.mjs and works with no init step", serverEsm.trim().endsWith("/node_modules/logto-invitations/server.mjs"), serverEsm);
  const serverCjs = execFileSync(process.execPath, ["-e", `${serverProbe} checkServer(require("logto-invitations/server"), require("logto-invitations"), "require").then(() => console.log(require.resolve("logto-invitations/server")), (e) => { console.error(e); process.exit(1); });`], { cwd: scratch, encoding: "utf8" });
  check("require of logto-invitations/server resolves server.cjs and works", serverCjs.trim().endsWith("/node_modules/logto-invitations/server.cjs"), serverCjs);
  // wasm-url is the URL of the .wasm next to it (in Node a file: URL) and fetches nothing.
  const wasmUrl = execFileSync(process.execPath, ["--input-type=module", "-e", `globalThis.fetch = () => { throw new Error("fetched"); }; const { default: url } = await import("logto-invitations/wasm-url"); const { existsSync } = await import("node:fs"); const { fileURLToPath } = await import("node:url"); console.log(typeof url === "string" && existsSync(fileURLToPath(url)) ? url : "missing: " + url);`], { cwd: scratch, encoding: "utf8" });
  check("logto-invitations/wasm-url is the URL of the packed .wasm (nothing fetched)", wasmUrl.trim().endsWith("/node_modules/logto-invitations/logto_invitations_bg.wasm"), wasmUrl);
  // A test's stand-in for fetch that answers a plain object without headers (no `get` to read
  // Logto's request ID or Retry-After with): the call settles with the package's error.
  let standIn;
  try {
    standIn = execFileSync(process.execPath, ["--input-type=module", "-e", `
    const { OrganizationInvitationsApi, isLogtoApiError } = await import("logto-invitations");
    const api = new OrganizationInvitationsApi({ baseUrl: "http://localhost:1", accessToken: "t", retry: { retries: 0 } });
    const pending = setTimeout(() => { console.log("still pending"); process.exit(0); }, 5000);
    const outcomes = [];
    for (const answer of [{ ok: false, status: 500, text: async () => "{}" }, { ok: true, status: 200, json: async () => ({}) }]) {
      globalThis.fetch = async () => answer;
      outcomes.push(await api.getOrganizationInvitation("x").then(() => "resolved", (e) => isLogtoApiError(e) ? e.kind + " " + e.status : "other " + e));
    }
    clearTimeout(pending);
    console.log(outcomes.join(", "));`], { cwd: scratch, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    standIn = `the process failed: ${error.stderr ?? error.message}`;
  }
  check("a fetch stand-in answering an object without headers: the calls reject (http 500, decode 200)", standIn.trim() === "http 500, decode 200", standIn);
} catch (error) {
  check("the extracted tarball loads in Node", false, `${error.message}\n${error.stdout ?? ""}${error.stderr ?? ""}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

console.log(`pack: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
