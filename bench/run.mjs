// The benchmark runner (bash scripts/bench.sh): sizes of pkg/ and of the same minimal bundle
// with two JS peers, then speed and memory in headless Chromium against the local server, in one
// page and one run. Writes bench/results/latest.{md,json} and prints the table.
// Usage: SERVER_URL=http://127.0.0.1:PORT node bench/run.mjs [--quick]
// (the server must serve the repository root: --static <repo>).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { openPage } from "./cdp.mjs";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const SERVER = process.env.SERVER_URL;
const TOKEN = process.env.LOGTO_TOKEN ?? "dev-token";
const QUICK = process.argv.includes("--quick");
if (!SERVER) {
  console.error("SERVER_URL is not set: run through bash scripts/bench.sh");
  process.exit(2);
}

// Iteration counts: the whole browser part takes about a minute (--quick: a smoke run).
const scale = (n) => (QUICK ? Math.max(3, Math.round(n / 10)) : n);
const CONFIG = {
  token: TOKEN,
  get: { warmup: scale(50), iterations: scale(400) },
  lists: [
    { count: 10, warmup: scale(50), iterations: scale(400) },
    { count: 1000, warmup: scale(20), iterations: scale(150) },
    { count: 10000, warmup: scale(5), iterations: scale(30) },
  ],
  memoryCalls: QUICK ? 1000 : 10000,
  memoryConcurrency: 4,
  breakdownIterations: scale(10),
  getPhaseIterations: scale(200),
  stubbedIterations: scale(3000),
};
// Issue 21's goals: package ÷ fetch (medians) for a get and for lists of 1,000 and 10,000 (gc()
// before each list call), no growth of the .wasm's memory over the memory phase's calls.
const GOALS = { getRatio: 1.05, listRatio: 1.2, goalLists: [1000, 10000], wasmGrowthBytes: 0 };

const started = performance.now();
const loadBefore = os.loadavg()[0];
const fmt = (n) => Math.round(n).toLocaleString("en-US");
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
const ms = (n) => (n >= 10 ? n.toFixed(1) : n.toFixed(3));
/** The package's own work: (package − fetch) medians, in µs per item of a list (per call for a get). */
const perItem = (s) => (((s.stats.package.median - s.stats.fetch.median) * 1000) / s.count).toFixed(2);
const gzip9 = (bytes) => spawnSync("gzip", ["-9", "-c"], { input: bytes, maxBuffer: 1 << 28 }).stdout.length;
const version = (dir) => JSON.parse(readFileSync(join(BENCH, "node_modules", dir, "package.json"), "utf8")).version;

// ---------------------------------------------------------------------------------------- size
/** esbuild --bundle --minify --format=esm of bench/size/<entry>; the bundle is kept in bench/dist/size/. */
async function bundle(entry) {
  const outfile = join(BENCH, "dist", "size", entry.replace(/\.mjs$/, ".js"));
  await build({ entryPoints: [join(BENCH, "size", entry)], bundle: true, minify: true, format: "esm", outfile, logLevel: "warning" });
  return readFileSync(outfile);
}

async function measureSizes() {
  const file = (path) => {
    const bytes = readFileSync(join(ROOT, path));
    return { raw: bytes.length, gzip: gzip9(bytes) };
  };
  const wasm = file("pkg/logto_invitations_bg.wasm");
  // The JS the browser entry is made of: the class with no init step, its loader, the error
  // class and wasm-bindgen's glue (unminified; bundlers minify it, see the bundles below).
  const parts = ["pkg/index.js", "pkg/load.js", "pkg/error.js", "pkg/json-body.js", "pkg/logto_invitations.js"].map(file);
  const glue = { raw: parts.reduce((sum, part) => sum + part.raw, 0), gzip: parts.reduce((sum, part) => sum + part.gzip, 0) };
  const sized = (bytes) => ({ raw: bytes.length, gzip: gzip9(bytes) });
  const ours = sized(await bundle("logto-invitations.mjs"));
  return {
    wasm,
    glue,
    packageTotal: { raw: wasm.raw + glue.raw, gzip: wasm.gzip + glue.gzip },
    bundles: [
      { name: "logto-invitations (this package)", js: ours, wasm, total: { raw: ours.raw + wasm.raw, gzip: ours.gzip + wasm.gzip } },
      { name: `@logto/api ${version("@logto/api")}`, js: sized(await bundle("logto-api.mjs")) },
      { name: `openapi-fetch ${version("openapi-fetch")}`, js: sized(await bundle("openapi-fetch.mjs")) },
    ],
  };
}

// ---------------------------------------------------------------------------------------- data
async function api(method, path, body, auth = true) {
  const response = await fetch(`${SERVER}${path}`, {
    method,
    headers: { ...(auth ? { Authorization: `Bearer ${TOKEN}` } : {}), "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** One organization per list size, filled with pending invitations; a single invitation to get. */
async function seed() {
  const tag = Date.now().toString(36);
  for (const list of CONFIG.lists) {
    const org = await api("POST", "/api/organizations", { name: `bench ${list.count} ${tag}` });
    await api("POST", "/__mock/bulk-invitations", { organizationId: org.id, count: list.count }, false);
    list.organizationId = org.id;
  }
  const [first] = await api("GET", `/api/organization-invitations?organizationId=${CONFIG.lists[0].organizationId}`);
  CONFIG.invitationId = first.id;
}

// --------------------------------------------------------------------------------------- browser
async function runPage() {
  await build({
    stdin: { contents: 'export { default } from "openapi-fetch";', resolveDir: BENCH, sourcefile: "openapi-fetch-entry.mjs" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    outfile: join(BENCH, "dist", "openapi-fetch.js"),
    logLevel: "warning",
  });
  // Not Playwright: bench/cdp.mjs drives the page with Runtime only, so that no request pays for
  // DevTools' network recording. The page is cross-origin isolated (COOP/COEP added to its own
  // response), so performance.now() ticks in 5 µs, not 100 µs.
  const page = await openPage(`${SERVER}/bench/bench.html`, {
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--enable-precise-memory-info", "--js-flags=--expose-gc",
    ],
    ready: 'typeof window.runBench === "function"',
    onLog: (text) => console.log(`  [page] ${text}`),
  });
  try {
    const result = await page.evaluate(`window.runBench(${JSON.stringify(CONFIG)})`);
    if (page.errors.length) throw new Error(`the page reported errors:\n${page.errors.join("\n")}`);
    return { chromium: page.version, ...result };
  } finally {
    await page.close();
  }
}

// ------------------------------------------------------------------------------------- analysis
function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { n: sorted.length, median: at(0.5), p95: at(0.95), mean: samples.reduce((a, b) => a + b, 0) / samples.length, min: sorted[0] };
}

function analyse(sizes, browser) {
  const speed = browser.speed.map(({ name, samples, ...rest }) => {
    const s = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v)]));
    // paired: the median of each call's time over the other contender's call of the same round
    // (made next to it): steadier than the ratio of medians when the machine's speed drifts.
    const paired = (other) => stats(samples.package.map((v, i) => v / samples[other][i])).median;
    const ratio = (other) => ({ median: s.package.median / s[other].median, p95: s.package.p95 / s[other].p95, paired: paired(other) });
    return { name, ...rest, stats: s, vsFetch: ratio("fetch"), vsOpenapiFetch: ratio("openapi-fetch") };
  });
  const points = browser.memory.points;
  const [first, last] = [points[0], points[points.length - 1]];
  const memory = { ...browser.memory, wasmGrowth: last.wasmBytes - first.wasmBytes, jsHeapGrowth: last.jsHeapBytes - first.jsHeapBytes };
  const get = speed.find((s) => s.name === "get");
  const vs = (s) => `${s.vsFetch.median.toFixed(3)}x (${ms(s.stats.package.median)} vs ${ms(s.stats.fetch.median)} ms; paired ${s.vsFetch.paired.toFixed(3)}x; the package's own work ${perItem(s)} µs per ${s.count > 1 ? "invitation" : "call"})`;
  const goals = [
    { goal: `getOrganizationInvitation median ≤ ${GOALS.getRatio.toFixed(2)}x fetch(url).then(r => r.json())`, met: get.vsFetch.median <= GOALS.getRatio, value: vs(get) },
    ...GOALS.goalLists.map((count) => {
      const list = speed.find((s) => s.name === `list ${count}`);
      return { goal: `listOrganizationInvitations (${fmt(count)} items) median ≤ ${GOALS.listRatio.toFixed(2)}x fetch(url).then(r => r.json()), gc() before each call`, met: list.vsFetch.median <= GOALS.listRatio, value: vs(list) };
    }),
    { goal: `wasm memory growth over ${fmt(memory.calls)} calls: ${fmt(GOALS.wasmGrowthBytes)} B`, met: memory.wasmGrowth <= GOALS.wasmGrowthBytes, value: `${memory.wasmGrowth >= 0 ? "+" : ""}${fmt(memory.wasmGrowth)} B (${fmt(first.wasmBytes)} → ${fmt(last.wasmBytes)})` },
    { goal: `JS heap after gc() over ${fmt(memory.calls)} calls: reported`, met: first.jsHeapBytes !== null && last.jsHeapBytes !== null, value: `${memory.jsHeapGrowth >= 0 ? "+" : ""}${fmt(memory.jsHeapGrowth)} B (${fmt(first.jsHeapBytes)} → ${fmt(last.jsHeapBytes)})` },
  ];
  let breakdown = null;
  if (browser.breakdown) {
    const p = Object.fromEntries(Object.entries(browser.breakdown.phases).map(([k, v]) => [k, stats(v).median]));
    breakdown = { ...browser.breakdown, medians: p, bodyBytes: browser.bodyBytes };
  }
  const getPhases = browser.getPhases
    ? { iterations: browser.getPhases.iterations, medians: Object.fromEntries(Object.entries(browser.getPhases.phases).map(([name, p]) => [name, Object.fromEntries(Object.entries(p).map(([k, v]) => [k, stats(v).median]))])) }
    : null;
  const stubbed = browser.stubbed
    ? { iterations: browser.stubbed.iterations, medians: Object.fromEntries(Object.entries(browser.stubbed.samples).map(([k, v]) => [k, stats(v).median])) }
    : null;
  return { speed, memory, goals, breakdown, getPhases, stubbed };
}

function markdown(sizes, browser, { speed, memory, goals, breakdown, getPhases, stubbed }, seconds) {
  const lines = [];
  const row = (...cells) => lines.push(`| ${cells.join(" | ")} |`);
  lines.push(`# logto-invitations benchmark${QUICK ? " (--quick: smoke run, numbers are rough)" : ""}`, "");
  lines.push(`${new Date().toISOString()} · Chromium ${browser.chromium} (headless) · Node ${process.version} · ${os.cpus()[0]?.model ?? "cpu"} × ${os.cpus().length} · local server ${SERVER}`);
  lines.push(`timer: ${fmt(browser.timerResolutionMs * 1000)} µs steps (cross-origin isolated: ${browser.crossOriginIsolated ? "yes" : "no"}) · run took ${seconds.toFixed(0)} s · 1-min load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after`, "");

  lines.push("## Goals", "");
  row("goal", "result", "measured");
  row("---", "---", "---");
  for (const g of goals) row(g.goal, g.met ? "met" : "**not met**", g.value);

  lines.push("", "## Size (gzip -9)", "");
  row("artifact", "raw", "gzip");
  row("---", "---:", "---:");
  row("`pkg/logto_invitations_bg.wasm`", fmt(sizes.wasm.raw), fmt(sizes.wasm.gzip));
  row("`pkg/index.js`, `load.js`, `error.js`, `json-body.js`, `logto_invitations.js` (JS, unminified)", fmt(sizes.glue.raw), fmt(sizes.glue.gzip));
  row("**package total** (wasm + glue)", fmt(sizes.packageTotal.raw), `**${fmt(sizes.packageTotal.gzip)}**`);
  lines.push("", "Minimal \"import and call list\" program (`bench/size/*.mjs`), `esbuild --bundle --minify --format=esm`:", "");
  row("bundle", "JS raw", "JS gzip", "+ wasm gzip", "total gzip");
  row("---", "---:", "---:", "---:", "---:");
  for (const b of sizes.bundles) {
    row(b.name, fmt(b.js.raw), fmt(b.js.gzip), b.wasm ? fmt(b.wasm.gzip) : "–", `**${fmt(b.total ? b.total.gzip : b.js.gzip)}**`);
  }

  lines.push("", "## Speed (ms per call; contenders interleaved round-robin in one page; lists with an untimed gc() before each call)", "");
  row("call", "iterations", "package median / p95", "fetch median / p95 (the divisor)", "openapi-fetch median / p95", "package ÷ fetch (p95)", "package ÷ openapi-fetch (p95)", "package − fetch (µs per item)");
  row("---", "---:", "---:", "---:", "---:", "---:", "---:", "---:");
  for (const s of speed) {
    const c = (name) => `${ms(s.stats[name].median)} / ${ms(s.stats[name].p95)}`;
    const r = (x) => `**${x.median.toFixed(2)}x** (${x.p95.toFixed(2)}x)`;
    row(s.name === "get" ? "getOrganizationInvitation" : `listOrganizationInvitations: ${fmt(s.count)} items`, s.iterations, c("package"), c("fetch"), c("openapi-fetch"), r(s.vsFetch), r(s.vsOpenapiFetch), perItem(s));
  }

  lines.push("", `## Memory (${fmt(memory.calls)} getOrganizationInvitation calls, ${memory.concurrency} at a time, ${memory.seconds.toFixed(1)} s)`, "");
  row("after calls", ...memory.points.map((p) => fmt(p.calls)), "growth");
  row("---", ...memory.points.map(() => "---:"), "---:");
  const sign = (n) => `${n >= 0 ? "+" : ""}${fmt(n)}`;
  row("wasm linear memory (B)", ...memory.points.map((p) => fmt(p.wasmBytes)), sign(memory.wasmGrowth));
  row("JS heap after gc() (B)", ...memory.points.map((p) => fmt(p.jsHeapBytes)), sign(memory.jsHeapGrowth));
  lines.push("", `At the end of the run (after the speed part): wasm memory ${fmt(browser.wasmBytesAtEnd)} B, JS heap ${fmt(browser.jsHeapBytesAtEnd)} B.`);

  if (breakdown) {
    const m = breakdown.medians;
    lines.push("", `## Where the time goes: list of ${fmt(breakdown.list)} (${fmt(breakdown.bodyBytes)} B body, medians of ${breakdown.iterations}, gc() before each)`, "");
    row("phase", "ms");
    row("---", "---:");
    row("fetch → response headers (server + network)", ms(m.headers));
    row("response.text() (body transfer)", ms(m.text));
    row("JSON.parse(text)", ms(m.parse));
    row("fetch(...).then(r => r.json()) in one go", ms(m.fetchJson));
    row("package listOrganizationInvitations", ms(m.package));
    row("package − fetch+json (the package's own work)", ms(m.package - m.fetchJson));
  }
  if (getPhases) {
    const m = getPhases.medians;
    lines.push("", `## Where a get's time goes (Resource Timing of each call, and when the page's fetch() and json() were called and settled; medians of ${fmt(getPhases.iterations)}, package and fetch interleaved)`, "");
    row("phase", "package ms", "fetch ms", "package − fetch µs");
    row("---", "---:", "---:", "---:");
    const phase = (label, key) => row(label, ms(m.package[key]), ms(m.fetch[key]), ((m.package[key] - m.fetch[key]) * 1000).toFixed(0));
    phase("the whole call", "total");
    phase("call → fetch() called (arguments, request, headers)", "toFetch");
    phase("fetch() called → request start (the browser)", "fetchToStart");
    phase("request start → response end (network and server)", "request");
    phase("fetch() settled → json() called (status, hooks)", "headersToJson");
    phase("json() called → body parsed", "json");
    phase("body parsed → call settled (checks, resolving)", "jsonToResult");
  }
  if (stubbed) {
    const m = stubbed.medians;
    const us = (v) => `${(v * 1000).toFixed(1)} µs`;
    lines.push("", `## CPU cost of one get without the network (fetch stubbed to answer at once, medians of ${fmt(stubbed.iterations)})`, "");
    row("contender", "per call");
    row("---", "---:");
    for (const [name, value] of Object.entries(m)) row(name, us(value));
    lines.push("", `The package's own work per get: ${us(m.package - m.fetch)} more than hand-written fetch + json.`);
  }
  return `${lines.join("\n")}\n`;
}

// ------------------------------------------------------------------------------------------ main
console.log("size: bundling the minimal list programs with esbuild");
const sizes = await measureSizes();
console.log("seeding the local server");
await seed();
console.log(`browser: ${relative(ROOT, join(BENCH, "bench.html"))} in headless Chromium`);
const browser = await runPage();
const analysis = analyse(sizes, browser);
const seconds = (performance.now() - started) / 1000;
const md = markdown(sizes, browser, analysis, seconds);
mkdirSync(join(BENCH, "results"), { recursive: true });
writeFileSync(join(BENCH, "results", "latest.md"), md);
const json = {
  date: new Date().toISOString(),
  quick: QUICK,
  seconds,
  environment: { chromium: browser.chromium, userAgent: browser.userAgent, node: process.version, cpu: os.cpus()[0]?.model, cpus: os.cpus().length, loadAverage: { before: loadBefore, after: os.loadavg()[0] }, timerResolutionMs: browser.timerResolutionMs, crossOriginIsolated: browser.crossOriginIsolated },
  config: CONFIG,
  goals: analysis.goals,
  sizes,
  speed: analysis.speed,
  memory: analysis.memory,
  breakdown: analysis.breakdown,
  getPhases: analysis.getPhases,
  samples: Object.fromEntries(browser.speed.map((s) => [s.name, s.samples])),
};
writeFileSync(join(BENCH, "results", "latest.json"), `${JSON.stringify(json, null, 2)}\n`);
console.log(`\n${md}`);
for (const g of analysis.goals) console.log(`goal ${g.met ? "met" : "NOT MET"}: ${g.goal}: ${g.value}`);
console.log("\nwritten: bench/results/latest.md, bench/results/latest.json");
