// The first request's own CPU cost once the .wasm is there (a step of scripts/bench.sh), measured
// without a browser so that it repeats to a tenth of a millisecond where bench/cold-start.mjs
// moves by ±4 ms. V8 compiles a WebAssembly module function by function, each the first time it
// is called (lazy compilation, the default in Chromium and Node): before the first request
// leaves, every function that constructing a client and making one call touch is compiled on
// the page's main thread, whether its code then runs or not. This step reports how much that is
// and what it costs:
//
// - which functions, and how many of the module's code bytes, are compiled from the module's
//   instantiation to the first call's fetch() (V8's --trace-wasm-compilation-times, one run);
// - the time of each phase (compile, instantiate, `new OrganizationInvitationsApi`, the first
//   `listOrganizationInvitations` up to its fetch()), median of ROUNDS fresh modules, with lazy
//   compilation (what users get) and, in the same run as its baseline, with every function
//   compiled up front (--no-wasm-lazy-compilation: the first call then costs what a call costs).
//
// Each round compiles new bytes (the module with a custom section that holds the round's number,
// so that V8's module cache cannot answer) and evaluates a new copy of wasm-bindgen's glue. The
// fetch is stubbed (a promise that never settles): nothing leaves the process.
//
//   node bench/first-run.mjs [--quick] [--pkg DIR]      (pkg/ built by scripts/build.sh)
//
// Writes bench/results/first-run.{md,json}. Node's V8 is older than Chromium's, and Chromium on
// the same machine takes 2 to 3 times as long (its page shares the cores with the browser's other
// processes): the figures are for comparing builds, the function and byte counts for any engine.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
// --pkg DIR measures another build of the package (a "before" kept aside); pkg/ by default.
const PKG = process.argv.includes("--pkg") ? process.argv[process.argv.indexOf("--pkg") + 1] : join(ROOT, "pkg");
const WASM = join(PKG, "logto_invitations_bg.wasm");
const GLUE = pathToFileURL(join(PKG, "logto_invitations.js")).href;
const QUICK = process.argv.includes("--quick");
const ROUNDS = QUICK ? 6 : 40; // per mode, in two halves
const PHASES = ["compile", "instantiate", "construct", "firstCall", "secondCall"];

// ------------------------------------------------------------------------- the child: one mode
if (process.argv[2] === "--child") {
  const rounds = Number(process.argv[3]);
  const base = readFileSync(WASM);
  let fetched = 0;
  globalThis.fetch = () => {
    fetched += 1;
    return new Promise(() => {});
  };
  const samples = [];
  for (let round = 0; round < rounds; round += 1) {
    // A custom section "x" holding the round's number: new bytes, the same code.
    const section = Buffer.from([0, 4, 1, 0x78, round & 255, (round >> 8) & 255]);
    const bytes = Buffer.concat([base, section]);
    const glue = await import(`${GLUE}?round=${round}`);
    const config = { baseUrl: "https://logto.example", accessToken: "token" };
    const t0 = performance.now();
    const module = new WebAssembly.Module(bytes);
    const t1 = performance.now();
    glue.initSync({ module });
    const t2 = performance.now();
    const api = new glue.OrganizationInvitationsApi(config);
    const t3 = performance.now();
    api.invoke(4, { organizationId: "org_first_run" }); // listOrganizationInvitations
    const t4 = performance.now();
    api.invoke(4, { organizationId: "org_first_run" });
    const t5 = performance.now();
    samples.push([t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4]);
  }
  if (fetched !== 2 * rounds) throw new Error(`expected ${2 * rounds} fetch() calls, saw ${fetched}`);
  process.stdout.write(`@@samples ${JSON.stringify(samples)}\n`);
  process.exit(0);
}

// ------------------------------------------------------------------------------- the runner
/** The number of functions and code bytes of a module (its code section). */
function codeOf(bytes) {
  let at = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return value;
    }
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    const end = at + size;
    if (id === 10) {
      const count = leb();
      let total = 0;
      for (let i = 0; i < count; i += 1) {
        const body = leb();
        total += body;
        at += body;
      }
      return { functions: count, bytes: total };
    }
    at = end;
  }
  throw new Error("the module has no code section");
}

function child(flags, rounds) {
  const result = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url), "--child", String(rounds), "--pkg", PKG], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`node ${flags.join(" ")} first-run.mjs --child failed (${result.status}):\n${result.stdout.slice(-2000)}${result.stderr.slice(-2000)}`);
  return result.stdout;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const module = codeOf(readFileSync(WASM));
// One round with V8's compilation trace: the functions compiled lazily, from instantiation (the
// start function) to the second call. Liftoff lines only (not the import wrappers).
const trace = child(["--trace-wasm-compilation-times"], 1);
const compiled = trace.split("\n").filter((l) => l.includes("using Liftoff"));
const compiledBytes = compiled.reduce((sum, l) => sum + Number(l.match(/bodysize (\d+)/)?.[1] ?? 0), 0);
if (compiled.length === 0) throw new Error(`V8 traced no lazy compilation:\n${trace.slice(0, 2000)}`);
// The two modes, interleaved in halves so that the machine's load falls on both.
const lazy = [];
const eager = [];
for (let half = 0; half < 2; half += 1) {
  lazy.push(child([], ROUNDS / 2));
  eager.push(child(["--no-wasm-lazy-compilation"], ROUNDS / 2));
}
const samplesOf = (stdout) => JSON.parse(stdout.split("\n").find((l) => l.startsWith("@@samples ")).slice("@@samples ".length));
const merge = (outputs) => {
  const all = outputs.flatMap(samplesOf);
  return Object.fromEntries(PHASES.map((phase, i) => [phase, median(all.map((s) => s[i]))]));
};
const byMode = { lazy: merge(lazy), eager: merge(eager) };
const firstRun = (m) => m.construct + m.firstCall;

const ms = (n) => `${n.toFixed(2)} ms`;
const fmt = (n) => n.toLocaleString("en-US");
const goals = [
  {
    goal: "first request's own work once the .wasm is there: what V8 compiles lazily for instantiating, `new OrganizationInvitationsApi` and its first calls (reported)",
    met: true,
    value: `${fmt(compiled.length)} of ${fmt(module.functions)} functions, ${fmt(compiledBytes)} of ${fmt(module.bytes)} code bytes (${((100 * compiledBytes) / module.bytes).toFixed(0)}%); construct + first call ${ms(firstRun(byMode.lazy))}, ${ms(firstRun(byMode.eager))} with everything compiled up front (Node ${process.version}, median of ${ROUNDS} fresh modules)`,
  },
];
const lines = [
  "# The first request's own work once the .wasm is there (Node's V8, no browser)",
  "",
  `Median of ${ROUNDS} fresh modules per mode (new bytes each, a new copy of the glue), fetch stubbed. Node ${process.version}. Lazily compiled: from V8's --trace-wasm-compilation-times, one run.`,
  "",
  "| goal | result | value |",
  "|---|---|---|",
  ...goals.map((g) => `| ${g.goal} | reported | ${g.value} |`),
  "",
  "| phase | lazy compilation (the default) | everything compiled up front |",
  "|---|---:|---:|",
  ...PHASES.map((phase) => `| ${phase} | ${ms(byMode.lazy[phase])} | ${ms(byMode.eager[phase])} |`),
  `| construct + first call | ${ms(firstRun(byMode.lazy))} | ${ms(firstRun(byMode.eager))} |`,
  "",
];
mkdirSync(join(BENCH, "results"), { recursive: true });
writeFileSync(join(BENCH, "results/first-run.json"), `${JSON.stringify({ node: process.version, rounds: ROUNDS, module, lazilyCompiled: { functions: compiled.length, bytes: compiledBytes }, phases: byMode, goals }, null, 2)}\n`);
writeFileSync(join(BENCH, "results/first-run.md"), lines.join("\n"));
console.log(lines.join("\n"));
