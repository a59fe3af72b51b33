// The cold-start benchmark (a step of scripts/bench.sh): when does the first API request leave
// a freshly loaded page, with the package, against hand-written fetch, at a simulated 50 ms
// round trip? Issue 21's method: built production pages (Vite 8), each loaded cold 30 times
// (--quick: 5) in headless Chromium, every file and API answer delayed by one simulated round trip.
//
//   LOGTO_SERVER_BIN=tests/server/target/release/logto-local-server node bench/cold-start.mjs [--quick]
//
// The pages are tests/compat/preload/ (the compatibility row `preload` uses the same project):
// a plain page and a React 19 page (client at module level, the call in an effect), each with and
// without the README's preload hint, hand-written fetch in a plain and in a React page, and
// openapi-fetch for scale. Each page is built alone (PAGE=<page> vite build) and served with its
// API on one origin by its own instance of the local server (--static). The project's install is
// the compatibility matrix's (same cache folder and key: $LOGTO_COMPAT_CACHE/preload-<hash>), so a
// run after the matrix installs nothing but the fresh tarball of pkg/.
//
// The round trip: the local server holds every answer until 50 ms after its request arrived
// (`--latency-ms 50`): the document, its script, the .wasm and the API call each take one round
// trip on a kept-alive connection. The pages are driven without Playwright and with no DevTools
// domain enabled (bench/cdp.mjs `coldBrowser`): with DevTools' Network domain on, as Playwright
// enables it on every page, Chromium records each request with a stack trace of the script that
// made it, which costs the package's page, with more script on that stack, more than the
// baseline's. For comparison the goal pages are also loaded the earlier way, in the same run:
// Playwright, every answer delayed by DevTools' Network.emulateNetworkConditions `latency`
// (tests/compat/shared/cold-load.mjs, as the compatibility row `preload` does).
//
// Figures: medians over the loads, from the page's Resource Timing (relative to the navigation's
// start): "request leaves" is the API request's startTime, "first answer" its responseEnd (the
// cold-start figure). "Behind fetch" is a page's median minus its baseline's: the plain pages
// against the plain fetch page, the React pages against the React fetch page. Loads are
// interleaved (one of each page per round) so that the machine's load spreads over all pages.
//
// Writes bench/results/cold-start.json ({ goals: [{ goal, met, value }], rows }) and .md.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os, { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { API_PATH, coldLoad, readLoad } from "../tests/compat/shared/cold-load.mjs";
import { coldBrowser } from "./cdp.mjs";
import { CHROMIUM_ARGS, LATENCY_MS, median, PROJECT, projectCacheDir, serve } from "./cold-pages.mjs";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const QUICK = process.argv.includes("--quick");
const LOADS = QUICK ? 5 : 30;
const GOAL_MS = 20;

/** The pages: [name, label, baseline, kind]. */
const PAGES = [
  ["fetch", "plain page, hand-written fetch", null, "baseline"],
  ["plain", "plain page, the package, no hint", "fetch", "before"],
  ["plain-preload", "plain page, the package, preload hint", "fetch", "after"],
  ["react-fetch", "React 19 page, hand-written fetch in the effect", null, "baseline"],
  ["react", "React 19 page, the package, no hint", "react-fetch", "before"],
  ["react-preload", "React 19 page, the package, preload hint", "react-fetch", "after"],
  ["openapi-fetch", "plain page, openapi-fetch (for scale)", "fetch", "scale"],
];

function sh(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 1 << 26, ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${(result.stdout ?? "").slice(-2000)}${(result.stderr ?? "").slice(-2000)}`);
  return result.stdout;
}

/** The project folder: the compatibility matrix's cached install (installed here if missing),
 * with this checkout's sources and the tarball of pkg/. */
function prepare() {
  const dir = projectCacheDir();
  if (!existsSync(join(dir, ".installed"))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    cpSync(join(PROJECT, "package.json"), join(dir, "package.json"));
    cpSync(join(PROJECT, "package-lock.json"), join(dir, "package-lock.json"));
    console.log(`installing ${dir} from its lock file`);
    sh("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir });
    writeFileSync(join(dir, ".installed"), new Date().toISOString());
  }
  for (const entry of readdirSync(dir)) {
    if (!["package.json", "package-lock.json", "node_modules", ".installed"].includes(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
  }
  for (const entry of readdirSync(PROJECT)) {
    if (!["package.json", "package-lock.json", "node_modules"].includes(entry)) cpSync(join(PROJECT, entry), join(dir, entry), { recursive: true });
  }
  const packDir = mkdtempSync(join(tmpdir(), "logto-invitations-cold-start-"));
  const packed = JSON.parse(sh("npm", ["pack", "--json", "--pack-destination", packDir], { cwd: join(ROOT, "pkg") }).replace(/^[^[]*/, ""));
  sh("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", join(packDir, packed[0].filename)], { cwd: dir });
  rmSync(packDir, { recursive: true, force: true });
  return dir;
}

const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
const ms = (n) => `${n.toFixed(1)} ms`;
const signed = (n) => `${n >= 0 ? "+" : "−"}${Math.abs(n).toFixed(1)} ms`;

const started = performance.now();
const loadBefore = os.loadavg()[0];
const dir = prepare();
const vite = join(dir, "node_modules/.bin/vite");
const versions = Object.fromEntries(["vite", "react", "react-dom", "openapi-fetch"].map((name) => [name, JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8")).version]));
for (const [name] of PAGES) sh(vite, ["build", "--logLevel", "error"], { cwd: dir, env: { ...process.env, PAGE: name } });
console.log(`built ${PAGES.length} pages in ${dir}/dist (Vite ${versions.vite}, React ${versions.react})`);

// The goal pages and their baselines, loaded the earlier way too (Playwright, DevTools' latency).
const DEVTOOLS_PAGES = ["fetch", "plain-preload", "react-fetch", "react-preload"];
const servers = {};
const devtoolsServers = {};
// Per page: the API request's start and answer per round (undefined where a load failed).
const newSamples = (names) => Object.fromEntries(names.map((name) => [name, { leaves: [], answered: [], problems: [] }]));
const samples = newSamples(PAGES.map(([name]) => name));
const devtoolsSamples = newSamples(DEVTOOLS_PAGES);
const cold = await coldBrowser({ args: CHROMIUM_ARGS });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
// What a load reads off the page: the same as the Playwright loads (tests/compat/shared/cold-load.mjs).
const READ = `(${readLoad})(${JSON.stringify(API_PATH)})`;
const loadCold = (name) => cold.load(`${servers[name].url}/${name}.html`, { ready: "window.__result", read: READ });
const loadDevtools = (name) => coldLoad(browser, `${devtoolsServers[name].url}/${name}.html`, { latencyMs: LATENCY_MS });
/** Records one load of a page of `kind` in `sample`: its timings, or what went wrong. */
function record(sample, kind, load, round) {
  if (!load.result?.ok || load.requestStart === undefined) sample.problems.push(`load ${round + 1}: ${JSON.stringify(load.result)}`);
  else {
    sample.leaves[round] = load.requestStart;
    sample.answered[round] = load.answered;
  }
  // The package's pages download the .wasm exactly once; with the hint, by the preload (one
  // Resource Timing entry, initiator "link": the glue's fetch took the preload's response).
  const wasm = load.wasmEntries;
  if (kind === "after" && (wasm.length !== 1 || wasm[0].initiatorType !== "link")) sample.problems.push(`load ${round + 1}: .wasm entries ${JSON.stringify(wasm.map((e) => e.initiatorType))}, expected the preload's one ("link")`);
  if (kind === "before" && wasm.length !== 1) sample.problems.push(`load ${round + 1}: ${wasm.length} .wasm requests`);
}
const kindOf = Object.fromEntries(PAGES.map(([name, , , kind]) => [name, kind]));
try {
  for (const [name] of PAGES) servers[name] = await serve(join(dir, "dist", name), LATENCY_MS);
  for (const name of DEVTOOLS_PAGES) devtoolsServers[name] = await serve(join(dir, "dist", name), 0);
  // One warm-up load of each page (not counted): Chromium's own first-use costs.
  for (const [name] of PAGES) await loadCold(name);
  for (const name of DEVTOOLS_PAGES) await loadDevtools(name);
  for (let round = 0; round < LOADS; round++) {
    for (const [name, , , kind] of PAGES) record(samples[name], kind, await loadCold(name), round);
    for (const name of DEVTOOLS_PAGES) record(devtoolsSamples[name], kindOf[name], await loadDevtools(name), round);
    if (!QUICK || round === LOADS - 1) process.stdout.write(`\rround ${round + 1}/${LOADS}`);
  }
  process.stdout.write("\n");
} finally {
  await cold.close();
  await browser.close();
  for (const server of [...Object.values(servers), ...Object.values(devtoolsServers)]) server.stop();
}

const present = (values) => values.filter((value) => value !== undefined);
/** One row per page of `pages` ([name, label, baseline, kind]) from `samples`, with its lag behind its baseline. */
function summarize(pages, samples) {
  const rows = pages.map(([name, label, baseline, kind]) => {
    const s = samples[name];
    const leaves = present(s.leaves);
    return {
      page: name,
      label,
      kind,
      baseline,
      loads: leaves.length,
      requestLeavesMs: median(leaves),
      requestLeavesP25Ms: quantile(leaves, 0.25),
      requestLeavesP75Ms: quantile(leaves, 0.75),
      firstAnswerMs: median(present(s.answered)),
      problems: [...new Set(s.problems)].slice(0, 5),
    };
  });
  const byPage = Object.fromEntries(rows.map((row) => [row.page, row]));
  for (const row of rows) {
    if (row.baseline) {
      // The issue's figure: the difference of the medians. Beside it, the median of the per-round
      // differences (the page and its baseline loaded one after the other), less sensitive to the
      // machine's load changing during the run.
      row.behindFetchMs = row.requestLeavesMs - byPage[row.baseline].requestLeavesMs;
      row.firstAnswerBehindFetchMs = row.firstAnswerMs - byPage[row.baseline].firstAnswerMs;
      const base = samples[row.baseline].leaves;
      row.pairedBehindFetchMs = median(present(samples[row.page].leaves.map((value, round) => (value === undefined || base[round] === undefined ? undefined : value - base[round]))));
    }
  }
  return { rows, byPage };
}
const { rows, byPage } = summarize(PAGES, samples);
const devtools = summarize(PAGES.filter(([name]) => DEVTOOLS_PAGES.includes(name)), devtoolsSamples);

const goal = (page, before, what) => {
  const row = byPage[page];
  const old = byPage[before];
  const clean = row.problems.length === 0 && row.loads === LOADS;
  return {
    goal: `first request at ${LATENCY_MS} ms RTT, ${what} with the preload hint: within ${GOAL_MS} ms of fetch (median of ${LOADS} cold loads)`,
    met: clean && row.behindFetchMs <= GOAL_MS,
    value: `${signed(row.behindFetchMs)} behind fetch (per round ${signed(row.pairedBehindFetchMs)}; leaves at ${ms(row.requestLeavesMs)} vs ${ms(byPage[row.baseline].requestLeavesMs)}; first answer ${ms(row.firstAnswerMs)}, ${signed(row.firstAnswerBehindFetchMs)}); without the hint ${signed(old.behindFetchMs)}; under DevTools' network emulation (Playwright, the earlier method) ${signed(devtools.byPage[page].behindFetchMs)}${clean ? "" : `; problems: ${row.problems.join("; ")}`}`,
  };
};
const goals = [goal("plain-preload", "plain", "Vite plain page"), goal("react-preload", "react", "Vite React 19 page")];

const seconds = (performance.now() - started) / 1000;
const environment = {
  chromium: cold.version,
  node: process.version,
  ...versions,
  latencyMs: LATENCY_MS,
  loads: LOADS,
  quick: QUICK,
  cpus: os.cpus().length,
  loadAverage: [loadBefore, os.loadavg()[0]].map((n) => Number(n.toFixed(2))),
  seconds: Number(seconds.toFixed(1)),
};
/** The markdown table of `rows`. */
function table(rows) {
  return [
    "| page | request leaves (median) | p25–p75 | behind fetch | per-round median | first answer (cold start) | answer behind fetch | problems |",
    "|---|---:|---:|---:|---:|---:|---:|---|",
    ...rows.map((r) => `| ${r.label} | ${ms(r.requestLeavesMs)} | ${r.requestLeavesP25Ms.toFixed(0)}–${r.requestLeavesP75Ms.toFixed(0)} | ${r.baseline ? signed(r.behindFetchMs) : "(baseline)"} | ${r.baseline ? signed(r.pairedBehindFetchMs) : ""} | ${ms(r.firstAnswerMs)} | ${r.baseline ? signed(r.firstAnswerBehindFetchMs) : ""} | ${r.problems.join("; ") || "none"} |`),
  ];
}
const lines = [
  `# Cold start: the first request after a page load (${LATENCY_MS} ms simulated RTT)`,
  "",
  `Vite ${versions.vite} production builds (tests/compat/preload/), ${LOADS} cold loads each (fresh context, no cache), headless Chromium ${environment.chromium}, every answer held by the local server until ${LATENCY_MS} ms after its request (\`--latency-ms\`), pages driven with no DevTools domain enabled (bench/cdp.mjs). Medians from the page's Resource Timing, from the navigation's start. Load average ${environment.loadAverage.join(" → ")} on ${environment.cpus} cores; ${seconds.toFixed(0)} s.`,
  "",
  "| goal | result | value |",
  "|---|---|---|",
  ...goals.map((g) => `| ${g.goal} | ${g.met ? "met" : "**not met**"} | ${g.value} |`),
  "",
  ...table(rows),
  "",
  `The goal pages and their baselines loaded the earlier way in the same rounds: Playwright (DevTools' Network domain on, every request recorded with the stack of the script that made it), the ${LATENCY_MS} ms round trip from DevTools' Network.emulateNetworkConditions, the server adding none:`,
  "",
  ...table(devtools.rows),
  "",
];
mkdirSync(join(BENCH, "results"), { recursive: true });
writeFileSync(join(BENCH, "results/cold-start.json"), `${JSON.stringify({ environment, goals, rows, devtoolsRows: devtools.rows }, null, 2)}\n`);
writeFileSync(join(BENCH, "results/cold-start.md"), lines.join("\n"));
console.log(lines.join("\n"));
for (const g of goals) console.log(`goal ${g.met ? "met" : "NOT MET"}: ${g.goal}: ${g.value}`);
