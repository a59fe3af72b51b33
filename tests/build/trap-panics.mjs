// scripts/trap-panics.mjs --clear-panic-data on hand-made modules (assembled with binaryen's
// wasm-as from npm): the panic data nothing points into is zeroed, and a text of the crate's that
// merely contains a panic text or a ".rs" name is left whole, since a pointer to its start is
// a pointer to it. Usage: node tests/build/trap-panics.mjs
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const dir = mkdtempSync(join(tmpdir(), "trap-panics-"));
let passed = 0;
let failed = 0;
const check = (name, ok, detail = "") => {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? "ok" : "not ok"} - ${name}${ok ? "" : `: ${detail}`}`);
};

// A Location record (file pointer, file length, line, column) as the data section holds one.
const location = (file, length) =>
  [file, length, 12, 5].map((n) => Buffer.from(Uint32Array.of(n).buffer).toString("hex").replace(/../g, "\\$&")).join("");
const texts = {
  1024: "queue: capacity overflow (retry later)", // the crate's, pointed at by f
  2048: "docs at https://docs.rs/logto", // the crate's, pointed at by f
  3072: "capacity overflow", // core's, nothing points at it
  3136: "src/a.rs", // a path only the record below names
};
const wat = `(module
  (memory 1)
  ${Object.entries(texts).map(([at, text]) => `(data (i32.const ${at}) "${text}")`).join("\n  ")}
  (data (i32.const 4096) "${location(3136, 8)}")
  (func (export "f") (result i32) (i32.add (i32.const 1024) (i32.const 2048))))`;
writeFileSync(join(dir, "m.wat"), wat);
execFileSync(join(root, "node_modules/.bin/wasm-as"), [join(dir, "m.wat"), "-o", join(dir, "m.wasm")]);
const before = readFileSync(join(dir, "m.wasm"));
execFileSync("node", [join(root, "scripts/trap-panics.mjs"), "--clear-panic-data", join(dir, "m.wasm")], { stdio: ["ignore", "ignore", "inherit"] });
const after = readFileSync(join(dir, "m.wasm"));
const bytes = (module, text) => {
  const at = module.indexOf(Buffer.from(text, "latin1"));
  return at >= 0;
};
check("the crate's text containing \"capacity overflow\" is left whole", bytes(after, texts[1024]), "it was partly zeroed");
check("the crate's text containing \"docs.rs\" is left whole", bytes(after, texts[2048]), "it was partly zeroed");
const count = (module, text) => module.toString("latin1").split(text).length - 1;
check("core's \"capacity overflow\" that nothing points at is zeroed", count(after, "capacity overflow") === 1 && count(before, "capacity overflow") === 2, `${count(after, "capacity overflow")} left`);
check("the unused path and its Location record are zeroed", !after.toString("latin1").includes("src/a.rs") && before.toString("latin1").includes("src/a.rs"));
check("the module is as long as before", after.length === before.length);
rmSync(dir, { recursive: true, force: true });
console.log(`trap-panics: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
