// Type tests: consumer.ts must compile under `tsc --strict`; negative.ts must fail exactly on
// each line marked `@ts-expect-error` (checked twice: with the markers, where an unused marker
// fails, and without them, where each marked line must produce its own error).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const tsc = resolve(here, "../../node_modules/typescript/bin/tsc");
const base = JSON.parse(readFileSync(join(here, "tsconfig.json"), "utf8"));
let failures = 0;
let passed = 0;

function compile(file, label) {
  const dir = mkdtempSync(join(here, ".tmp-"));
  const config = { ...base, compilerOptions: { ...base.compilerOptions, paths: { "logto-invitations": [resolve(here, "../../pkg/logto_invitations.d.ts")] } }, files: [file] };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config));
  try {
    execFileSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")], { encoding: "utf8" });
    return { ok: true, output: "" };
  } catch (error) {
    return { ok: false, output: `${error.stdout}${error.stderr}` };
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

const consumer = compile(join(here, "consumer.ts"));
expect(consumer.ok, "consumer.ts type-checks with --strict", consumer.output);

const negative = compile(join(here, "negative.ts"));
expect(negative.ok, "negative.ts: every @ts-expect-error line is an error", negative.output);

const source = readFileSync(join(here, "negative.ts"), "utf8").split("\n");
const marked = [];
const stripped = source.map((line, i) => {
  if (line.trim().startsWith("// @ts-expect-error")) {
    marked.push(i + 2); // the next line, 1-based
    return "// (marker removed)";
  }
  return line;
});
const strippedFile = join(here, ".negative-stripped.ts");
writeFileSync(strippedFile, stripped.join("\n"));
const bare = compile(strippedFile);
rmSync(strippedFile, { force: true });
expect(!bare.ok, "negative.ts without markers fails tsc", "it compiled");
const errorLines = new Set([...bare.output.matchAll(/\.negative-stripped\.ts\((\d+),\d+\): error/g)].map((m) => Number(m[1])));
for (const line of marked) {
  expect(errorLines.has(line), `negative.ts line ${line}: "${source[line - 1].trim()}" is a type error`, bare.output);
}
const unexpected = [...errorLines].filter((line) => !marked.includes(line));
expect(unexpected.length === 0, "no type errors on unmarked lines", `unexpected errors on lines ${unexpected.join(", ")}\n${bare.output}`);

console.log(`types: ${passed} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
