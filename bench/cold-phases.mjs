// Where the first request's lag goes (a step of scripts/bench.sh, after cold-start.mjs): the
// same built pages, loaded cold at the same simulated 50 ms round trip, each with a probe that
// marks the phases from the script's arrival to the API request's start.
//
//   LOGTO_SERVER_BIN=tests/server/target/release/logto-local-server node bench/cold-phases.mjs [--quick]
//
// The pages are the ones bench/cold-start.mjs built (its cache folder, the same key), copied to a
// temporary folder with an inline classic script first in <head>. The probe wraps `fetch`,
// `WebAssembly.instantiateStreaming` and `WebAssembly.instantiate` and the `TextDecoder`
// constructor (the package's glue makes one when its module is evaluated) to take
// `performance.now()`; the script's arrival and the API request's start come from Resource
// Timing. Each phase is a median of the per-load differences. The pages are loaded as
// cold-start.mjs loads them (bench/cdp.mjs `coldBrowser`, no DevTools domain enabled), twice:
// as Chromium runs them (its default, lazy compilation of WebAssembly: each function compiled on
// the main thread on its first call), and with every function compiled while the module is
// compiled (`--js-flags=--no-wasm-lazy-compilation`), which says what lazy compilation costs the
// first call and what compiling all of it up front would cost instead.
//
// Writes bench/results/cold-phases.{md,json}.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os, { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { API_PATH } from "../tests/compat/shared/cold-load.mjs";
import { coldBrowser } from "./cdp.mjs";
import { CHROMIUM_ARGS, LATENCY_MS, median, projectCacheDir, serve } from "./cold-pages.mjs";

const BENCH = dirname(fileURLToPath(import.meta.url));
const QUICK = process.argv.includes("--quick");
const LOADS = QUICK ? 4 : 20;
const PAGES = [
  ["fetch", "plain page, hand-written fetch"],
  ["plain-preload", "plain page, the package, preload hint"],
  ["react-fetch", "React 19 page, hand-written fetch in the effect"],
  ["react-preload", "React 19 page, the package, preload hint"],
];
const MODES = [
  ["lazy", "Chromium's default (lazy compilation)", []],
  ["eager", "everything compiled with the module (--no-wasm-lazy-compilation)", ["--js-flags=--no-wasm-lazy-compilation"]],
];
/** The phases: [label, from mark, to mark]; a page shows those whose marks it has. */
const PHASES = [
  ["the script arrives → the package's module runs", "script", "entry"],
  ["→ the client starts loading the .wasm", "entry", "wasm.fetch"],
  ["→ fetch() of the preloaded .wasm resolves", "wasm.fetch", "wasm.resolved"],
  ["→ compiled and instantiated", "wasm.resolved", "instantiate.end"],
  ["→ the client built and the call made: fetch() called", "instantiate.end", "api.fetch"],
  ["the script arrives → fetch() called", "script", "api.fetch"],
  ["fetch() called → the request starts", "api.fetch", "request"],
  ["the script arrives → the request starts", "script", "request"],
];

// The probe, first in <head>: `window.__marks`, the first time of each mark.
const PROBE = `<script>(() => {
  const marks = (window.__marks = {});
  const mark = (name) => { marks[name] ??= performance.now(); };
  const realFetch = window.fetch;
  window.fetch = function (input, ...rest) {
    const kind = String(input?.url ?? input).split("?")[0].endsWith(".wasm") ? "wasm" : "api";
    mark(kind + ".fetch");
    const answer = realFetch.call(this, input, ...rest);
    answer.then(() => mark(kind + ".resolved"), () => {});
    return answer;
  };
  for (const name of ["instantiateStreaming", "instantiate"]) {
    const real = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      const done = real.apply(this, args);
      done.then(() => mark("instantiate.end"), () => {});
      return done;
    };
  }
  const RealTextDecoder = window.TextDecoder;
  window.TextDecoder = class extends RealTextDecoder {
    constructor(...args) { mark("entry"); super(...args); }
  };
})();</script>`;

/** What a load reads off the page: its marks, the script's arrival, the API request's start. */
function readPhases(apiPath) {
  const entries = performance.getEntriesByType("resource");
  const script = entries.find((entry) => entry.initiatorType === "script" || new URL(entry.name).pathname.endsWith(".js"));
  const api = entries.find((entry) => new URL(entry.name).pathname === apiPath);
  return { result: window.__result, marks: { ...window.__marks, script: script?.responseEnd, request: api?.startTime } };
}

const started = performance.now();
const loadBefore = os.loadavg()[0];
// The pages cold-start.mjs built: the same cache key as its prepare().
const dist = join(projectCacheDir(), "dist");
for (const [name] of PAGES) {
  if (!existsSync(join(dist, name, `${name}.html`))) throw new Error(`${join(dist, name)} is missing: run node bench/cold-start.mjs first (scripts/bench.sh does)`);
}
const copy = mkdtempSync(join(tmpdir(), "logto-invitations-cold-phases-"));
const servers = {};
const samples = {};
const problems = {};
try {
  for (const [name] of PAGES) {
    cpSync(join(dist, name), join(copy, name), { recursive: true });
    const html = join(copy, name, `${name}.html`);
    const page = readFileSync(html, "utf8");
    if (!page.includes("<head>")) throw new Error(`${html} has no <head> to put the probe in`);
    writeFileSync(html, page.replace("<head>", `<head>${PROBE}`));
    servers[name] = await serve(join(copy, name), LATENCY_MS);
  }
  const read = `(${readPhases})(${JSON.stringify(API_PATH)})`;
  for (const [mode, , args] of MODES) {
    const cold = await coldBrowser({ args: [...CHROMIUM_ARGS, ...args] });
    try {
      for (const [name] of PAGES) await cold.load(`${servers[name].url}/${name}.html`, { ready: "window.__result", read }); // warm-up, not counted
      for (let round = 0; round < LOADS; round++) {
        for (const [name] of PAGES) {
          const load = await cold.load(`${servers[name].url}/${name}.html`, { ready: "window.__result", read });
          // A failed call is reported with the figures, not counted (as cold-start.mjs does).
          if (!load.result?.ok) (problems[`${mode}/${name}`] ??= new Set()).add(JSON.stringify(load.result));
          else (samples[`${mode}/${name}`] ??= []).push(load.marks);
        }
      }
    } finally {
      await cold.close();
    }
    process.stdout.write(`${mode}: ${LOADS} loads of each page\n`);
  }
} finally {
  for (const server of Object.values(servers)) server.stop();
  rmSync(copy, { recursive: true, force: true });
}

const rows = [];
for (const [mode] of MODES) {
  for (const [name, label] of PAGES) {
    const loads = samples[`${mode}/${name}`] ?? [];
    const phases = PHASES.filter(([, from, to]) => loads.some((marks) => marks[from] !== undefined && marks[to] !== undefined)).map(([phase, from, to]) => ({ phase, ms: median(loads.map((marks) => marks[to] - marks[from])) }));
    rows.push({ mode, page: name, label, loads: loads.length, phases, problems: [...(problems[`${mode}/${name}`] ?? [])].slice(0, 5) });
  }
}
// The summary's lines (bench/summary.mjs), reported: each package page's phases, lazy and eager.
const short = { script: "script", entry: "module runs", "wasm.fetch": ".wasm load starts", "wasm.resolved": ".wasm fetch() resolves", "instantiate.end": "instantiated", "api.fetch": "fetch() called", request: "request starts" };
const rowOf = (mode, page) => rows.find((r) => r.mode === mode && r.page === page);
const phaseMs = (row, label) => row.phases.find((p) => p.phase === label)?.ms;
const goals = [
  ["plain-preload", "fetch", "Vite plain page"],
  ["react-preload", "react-fetch", "Vite React 19 page"],
].map(([page, baseline, what]) => {
  const lazy = rowOf("lazy", page);
  const eager = rowOf("eager", page);
  const steps = PHASES.slice(0, 5).map(([label, , to]) => `${short[to]} +${phaseMs(lazy, label)?.toFixed(1)}`).join(", ");
  const total = (row) => phaseMs(row, "the script arrives → the request starts");
  return {
    goal: `first request's phases at ${LATENCY_MS} ms RTT, ${what} with the hint, from its script's arrival (reported; median of ${LOADS} cold loads)`,
    met: lazy.loads === LOADS && eager.loads === LOADS,
    value: `${steps} ms; the request starts ${total(lazy)?.toFixed(1)} ms after the script arrives (fetch ${total(rowOf("lazy", baseline))?.toFixed(1)} ms); with every function compiled up front, compile and instantiate ${phaseMs(eager, PHASES[3][0])?.toFixed(1)} ms, the client and the call ${phaseMs(eager, PHASES[4][0])?.toFixed(1)} ms, in all ${total(eager)?.toFixed(1)} ms`,
  };
});
const seconds = (performance.now() - started) / 1000;
const environment = { node: process.version, latencyMs: LATENCY_MS, loads: LOADS, quick: QUICK, cpus: os.cpus().length, loadAverage: [loadBefore, os.loadavg()[0]].map((n) => Number(n.toFixed(2))), seconds: Number(seconds.toFixed(1)) };
const lines = [
  `# The first request's phases after a cold page load (${LATENCY_MS} ms simulated RTT)`,
  "",
  `cold-start.mjs's Vite pages with a probe, ${LOADS} cold loads each per mode, medians of the per-load differences (ms). Load average ${environment.loadAverage.join(" → ")} on ${environment.cpus} cores; ${seconds.toFixed(0)} s.`,
  "",
];
for (const [mode, modeLabel] of MODES) {
  lines.push(`## ${modeLabel}`, "", "| page | phase | ms |", "|---|---|---:|");
  for (const row of rows.filter((r) => r.mode === mode)) {
    for (const { phase, ms } of row.phases) lines.push(`| ${row.label} | ${phase} | ${ms === undefined ? "–" : ms.toFixed(1)} |`);
    if (row.loads < LOADS) lines.push(`| ${row.label} | ${LOADS - row.loads} of ${LOADS} loads failed: ${row.problems.join("; ")} | – |`);
  }
  lines.push("");
}
mkdirSync(join(BENCH, "results"), { recursive: true });
writeFileSync(join(BENCH, "results/cold-phases.json"), `${JSON.stringify({ environment, goals, rows }, null, 2)}\n`);
writeFileSync(join(BENCH, "results/cold-phases.md"), lines.join("\n"));
console.log(lines.join("\n"));
