// The last step of scripts/bench.sh: issue 21's goals in one table. It measures the browser
// download itself (the method) and takes the other goal lines from the steps before it:
// bench/results/latest.json (bench/run.mjs: get, lists, memory) and cold-start.json
// (bench/cold-start.mjs: the first request after a cold page load, and the cold-start figure),
// cold-phases.json (bench/cold-phases.mjs: that request's phases) and first-run.json
// (bench/first-run.mjs: what V8 compiles lazily for the first call).
// Writes bench/results/summary.{md,json} and prints the table.
//
//   node bench/summary.mjs        (after bench/run.mjs, bench/cold-start.mjs, bench/cold-phases.mjs and bench/first-run.mjs)
//
// The download, as issue 21 defines it: `gzip -9` of pkg/logto_invitations_bg.wasm plus the
// browser entry pkg/index.js bundled by `esbuild --bundle --minify --format=esm` and gzipped with
// -9 (everything a page downloads for the package; the bundle is kept in bench/dist/entry.js).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const RESULTS = join(BENCH, "results");
const DOWNLOAD_GOAL = 36 * 1024;

const fmt = (n) => Math.round(n).toLocaleString("en-US");
const gzip9 = (bytes) => spawnSync("gzip", ["-9", "-c"], { input: bytes, maxBuffer: 1 << 28 }).stdout.length;

async function download() {
  const wasm = readFileSync(join(ROOT, "pkg/logto_invitations_bg.wasm"));
  const outfile = join(BENCH, "dist", "entry.js");
  await build({ entryPoints: [join(ROOT, "pkg/index.js")], bundle: true, minify: true, format: "esm", outfile, logLevel: "warning" });
  const entry = readFileSync(outfile);
  const total = gzip9(wasm) + gzip9(entry);
  return {
    section: "download",
    goal: `browser download ≤ ${fmt(DOWNLOAD_GOAL)} B: .wasm gzip -9 + pkg/index.js bundled (esbuild --bundle --minify) gzip -9`,
    met: total <= DOWNLOAD_GOAL,
    value: `${fmt(total)} B (.wasm ${fmt(gzip9(wasm))} + entry ${fmt(gzip9(entry))}; raw ${fmt(wasm.length)} + ${fmt(entry.length)})`,
  };
}

/** The goal lines a step wrote, or one "not measured" line when it did not run. */
function goalsOf(file, section) {
  const path = join(RESULTS, file);
  if (!existsSync(path)) return [{ section, goal: `${section}: bench/results/${file} is missing`, met: false, value: "not measured (the step did not run)" }];
  const json = JSON.parse(readFileSync(path, "utf8"));
  const lines = json.goals.map((g) => ({ section, ...g }));
  if (section === "first request") {
    // The cold-start figure: navigation start to the first API answer, beside fetch's.
    const row = (page) => json.rows.find((r) => r.page === page);
    for (const [page, label] of [["plain-preload", "Vite plain page"], ["react-preload", "Vite React 19 page"]]) {
      const r = row(page);
      const base = r && row(r.baseline);
      if (!r || !base) continue;
      lines.push({
        section: "cold start",
        goal: `cold start at ${json.environment.latencyMs} ms RTT, ${label} with the hint: navigation → first API answer (reported)`,
        met: r.problems.length === 0,
        value: `${r.firstAnswerMs.toFixed(0)} ms (fetch ${base.firstAnswerMs.toFixed(0)} ms, ${r.firstAnswerBehindFetchMs >= 0 ? "+" : ""}${r.firstAnswerBehindFetchMs.toFixed(1)} ms; without the hint ${row(page.replace("-preload", "")).firstAnswerMs.toFixed(0)} ms)`,
      });
    }
  }
  return lines;
}

const goals = [await download(), ...goalsOf("cold-start.json", "first request"), ...goalsOf("cold-phases.json", "first request's phases"), ...goalsOf("first-run.json", "first run"), ...goalsOf("latest.json", "speed and memory")];
const lines = ["# Issue 21's goals (bash scripts/bench.sh)", "", "| goal | result | measured |", "|---|---|---|"];
for (const g of goals) lines.push(`| ${g.goal} | ${g.met ? "met" : "**not met**"} | ${g.value} |`);
lines.push("", "Details: bench/results/latest.md (size, speed, memory), cold-start.md, cold-phases.md, first-run.md, proxy.md.", "");
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, "summary.md"), lines.join("\n"));
writeFileSync(join(RESULTS, "summary.json"), `${JSON.stringify({ date: new Date().toISOString(), goals }, null, 2)}\n`);
console.log(lines.join("\n"));
