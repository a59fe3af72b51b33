// Type tests against pkg/'s types, resolved the way an installed package is: each setup gets a
// scratch project with node_modules/logto-invitations -> pkg/ (its package.json `exports` and
// `types` conditions), and `tsc` runs with every strict flag named in tests/types/README.md:
//
//   dom       the default lib of target ES2022 (ES2022 + DOM), moduleResolution Bundler
//   node      Node only: types ["node"], lib ES2022 (no DOM), module/moduleResolution NodeNext,
//             an ES module consumer and a CommonJS one (require.cts -> index.d.cts)
//   esnext    lib ESNext + DOM, where `using` works (disposable.ts)
//   dom-node  the default lib (ES2022 + DOM) and types ["node"], Bundler: a backend whose
//             tsconfig has both, where the README's Node adapter once failed (TS2353, `duplex`
//             is not in the DOM lib's RequestInit)
//
// consumer.ts must compile in each, with TypeScript 5.9, 6.0 and 7.0 (package.json's typescript,
// typescript-6 and typescript-7; 7.0 is the native port, whose `tsc` launcher in bin/ runs a
// Go binary from an @typescript/typescript-<platform> package, with the same flags and output);
// the Node adapter (scripts/node-adapter.mjs, or ADAPTER_FILE) is checked with allowJs and
// checkJs, with adapter-use.ts importing it, in node and dom-node, with each version;
// negative.ts must fail exactly on each line marked `@ts-expect-error` (checked twice with 5.9:
// with the markers, where an unused marker fails, and without them, where each marked line
// must produce its own error; with the markers with 6.0 and 7.0).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const compilers = {
  [JSON.parse(readFileSync(join(root, "node_modules/typescript/package.json"), "utf8")).version]: join(root, "node_modules/typescript/bin/tsc"),
  [JSON.parse(readFileSync(join(root, "node_modules/typescript-6/package.json"), "utf8")).version]: join(root, "node_modules/typescript-6/bin/tsc"),
  [JSON.parse(readFileSync(join(root, "node_modules/typescript-7/package.json"), "utf8")).version]: join(root, "node_modules/typescript-7/bin/tsc"),
};
const [tsc] = Object.values(compilers);
let failures = 0;
let passed = 0;

const strict = {
  strict: true,
  noEmit: true,
  skipLibCheck: false,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noUnusedLocals: true,
  noImplicitOverride: true,
  noPropertyAccessFromIndexSignature: true,
  verbatimModuleSyntax: false,
};
const setups = {
  dom: { target: "ES2022", module: "ESNext", moduleResolution: "Bundler", types: [] },
  node: { target: "ES2022", lib: ["ES2022"], module: "NodeNext", moduleResolution: "NodeNext", types: ["node"] },
  esnext: { target: "ES2022", lib: ["ESNext", "DOM"], module: "ESNext", moduleResolution: "Bundler", types: [] },
  "dom-node": { target: "ES2022", module: "ESNext", moduleResolution: "Bundler", types: ["node"] },
};
// The adapter is JavaScript: checked as a project with allowJs and checkJs checks it.
const checkJs = { allowJs: true, checkJs: true };

// Compiles `files` (name -> source) in a scratch project; resolves with tsc's verdict and output.
async function compile(setup, files, compiler = tsc, options = {}) {
  const dir = mkdtempSync(join(here, ".tmp-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(join(root, "pkg"), join(dir, "node_modules/logto-invitations"), "dir");
    // @types/node comes from the repository's node_modules (types: ["node"] looks upwards).
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
    for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
    const config = { compilerOptions: { ...strict, ...setups[setup], ...options, typeRoots: [join(root, "node_modules/@types")] }, files: Object.keys(files) };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config, null, 2));
    await promisify(execFile)(process.execPath, [compiler, "-p", join(dir, "tsconfig.json")], { encoding: "utf8" });
    return { ok: true, output: "" };
  } catch (error) {
    return { ok: false, output: `${error.stdout ?? ""}${error.stderr ?? error.message}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function expect(condition, label, detail) {
  if (condition) {
    passed += 1;
    console.log(`ok - ${label}`);
  } else {
    failures += 1;
    console.log(`not ok - ${label}\n${detail}`);
  }
}

const source = (name) => readFileSync(join(here, name), "utf8");
const consumer = source("consumer.ts");

// The compilations are independent: two at a time (the machines have two cores).
const jobs = [];
for (const [setup, files, label] of [
  ["dom", { "consumer.ts": consumer, "server.ts": source("server.ts") }, "consumer.ts and server.ts (logto-invitations/server): default lib (ES2022 + DOM), Bundler resolution"],
  ["node", { "consumer.ts": consumer, "require.cts": source("require.cts"), "server.ts": source("server.ts") }, "consumer.ts (ESM), require.cts (CommonJS) and server.ts (logto-invitations/server): Node only (types node, lib ES2022), NodeNext"],
  ["esnext", { "consumer.ts": consumer, "disposable.ts": source("disposable.ts") }, "consumer.ts and disposable.ts (`using`): lib ESNext + DOM"],
]) {
  for (const [version, compiler] of Object.entries(compilers)) jobs.push({ label: `TypeScript ${version}: ${label}`, run: () => compile(setup, files, compiler) });
}
const adapter = readFileSync(resolve(process.env.ADAPTER_FILE ?? join(root, "scripts/node-adapter.mjs")), "utf8");
for (const [setup, label] of [
  ["node", "Node only (types node, lib ES2022), NodeNext"],
  ["dom-node", "default lib (ES2022 + DOM) and types node, Bundler"],
]) {
  const files = { "node-adapter.mjs": adapter, "adapter-use.ts": source("adapter-use.ts") };
  for (const [version, compiler] of Object.entries(compilers)) {
    jobs.push({ label: `TypeScript ${version}: the README's Node adapter (checkJs) and adapter-use.ts: ${label}`, run: () => compile(setup, files, compiler, checkJs) });
  }
}
const negative = source("negative.ts");
const lines = negative.split("\n");
const markers = [];
const stripped = lines.map((line, i) => {
  if (line.trim().startsWith("// @ts-expect-error")) {
    markers.push(i + 2); // the next line, 1-based
    return "// (marker removed)";
  }
  return line;
});
for (const [version, compiler] of Object.entries(compilers).slice(1)) {
  jobs.push({ label: `TypeScript ${version}: negative.ts: every @ts-expect-error line is an error`, run: () => compile("dom", { "negative.ts": negative }, compiler) });
}
jobs.push({ label: "negative", run: () => compile("dom", { "negative.ts": negative }) });
jobs.push({ label: "bare", run: () => compile("dom", { "negative.ts": stripped.join("\n") }) });
const results = new Map();
let next = 0;
await Promise.all(
  [0, 1].map(async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      results.set(job.label, await job.run());
    }
  }),
);
for (const { label } of jobs.slice(0, -2)) expect(results.get(label).ok, label, results.get(label).output);

// The package's own declarations carry no `any`.
const declarations = readFileSync(join(root, "pkg/index.d.ts"), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
expect(!/\bany\b/.test(declarations), "pkg/index.d.ts has no `any`", declarations.match(/.*\bany\b.*/g)?.join("\n"));

const marked = results.get("negative");
expect(marked.ok, `TypeScript ${Object.keys(compilers)[0]}: negative.ts: every @ts-expect-error line is an error`, marked.output);
const bare = results.get("bare");
expect(!bare.ok, "negative.ts without markers fails tsc", "it compiled");
const errorLines = new Set([...bare.output.matchAll(/negative\.ts\((\d+),\d+\): error/g)].map((m) => Number(m[1])));
for (const line of markers) {
  expect(errorLines.has(line), `negative.ts line ${line}: "${lines[line - 1].trim()}" is a type error`, bare.output);
}
const unexpected = [...errorLines].filter((line) => !markers.includes(line));
expect(unexpected.length === 0, "no type errors on unmarked lines", `unexpected errors on lines ${unexpected.join(", ")}\n${bare.output}`);

console.log(`types: ${passed} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
