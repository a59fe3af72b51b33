// What bench/cold-start.mjs and bench/cold-phases.mjs share: the pages' project and its cached
// install (the compatibility matrix's folder and key), the simulated round trip, Chromium's flags,
// the local server that serves a page and its API, and the median.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
/** The pages' Vite project (the compatibility row `preload` uses it too). */
export const PROJECT = join(ROOT, "tests/compat/preload");
/** The simulated round trip: the local server holds every answer this long after its request. */
export const LATENCY_MS = 50;
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const SERVER_BIN = process.env.LOGTO_SERVER_BIN ?? process.env.SERVER_BIN ?? join(ROOT, "tests/server/target/release/logto-local-server");
const CACHE = process.env.LOGTO_COMPAT_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "logto-invitations/compat");

/** The project's cached install: $LOGTO_COMPAT_CACHE/preload-<hash of its manifest and lock file>. */
export function projectCacheDir() {
  const hash = createHash("sha256").update(readFileSync(join(PROJECT, "package.json"))).update(readFileSync(join(PROJECT, "package-lock.json"))).digest("hex");
  return join(CACHE, `preload-${hash.slice(0, 12)}`);
}

/** Serves `dir` (and the API) with an instance of the local server, every answer held
 * `latencyMs` after its request; resolves with its URL and a stop. */
export function serve(dir, latencyMs) {
  return new Promise((done, fail) => {
    const child = spawn(SERVER_BIN, ["--port", "0", "--static", dir, "--latency-ms", String(latencyMs)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const timer = setTimeout(() => fail(new Error(`the local server printed no URL within 10 s:\n${out}`)), 10_000);
    const collect = (chunk) => {
      out += chunk;
      const url = out.match(/http:\/\/127\.0\.0\.1:\d+/)?.[0];
      if (url) {
        clearTimeout(timer);
        done({ url, stop: () => child.kill() });
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", fail);
  });
}

/** The median of the finite values (undefined when there is none). */
export function median(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
