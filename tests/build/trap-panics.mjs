// scripts/trap-panics.mjs on hand-made modules (assembled with binaryen's wasm-as from npm):
// --clear-panic-data zeroes the panic data nothing points into, and leaves whole a text of the
// crate's that merely contains a panic text or a ".rs" name, since a pointer to its start is a
// pointer to it; the formatting guard fails the build when anything but std's own formatting takes
// the address of a fmt::Write vtable, the crate's own writers included.
// Usage: node tests/build/trap-panics.mjs
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

// 32-bit words as a WAT data string; a Location record (file pointer, file length, line,
// column) as the data section holds one.
const words = (...values) => values.map((n) => Buffer.from(Uint32Array.of(n).buffer).toString("hex").replace(/../g, "\\$&")).join("");
const location = (file, length) => words(file, length, 12, 5);
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
// The formatting guard (before wasm-opt): a function that takes the address of a writer's
// vtable fails the build, also when the writer is the crate's own (legacy names with a
// `::h<hash>` suffix, core's default write_char compiled for it), next to String's (std's v0
// names), which nothing takes here.
const guarded = (taker) => {
  const h = "::h0123456789abcdef";
  writeFileSync(join(dir, "g.wat"), `(module
  (memory 1)
  (table 4 funcref)
  (func $"__rustc[0123456789abcdef]::rust_begin_unwind")
  (func $"<logto_invitations::text::Probe as core::fmt::Write>::write_str${h}" (param i32 i32 i32) (result i32) (i32.const 0))
  (func $"core::fmt::Write::write_char${h}" (param i32 i32) (result i32) (i32.const 0))
  (func $"${taker}" (export "f") (result i32) (i32.const 2000))
  (func $"<alloc[0123456789abcdef]::string::String as core[0123456789abcdef]::fmt::Write>::write_str" (param i32 i32 i32) (result i32) (i32.const 0))
  (func $"<alloc[0123456789abcdef]::string::String as core[0123456789abcdef]::fmt::Write>::write_char" (param i32 i32) (result i32) (i32.const 0))
  (elem (i32.const 1) func $"<logto_invitations::text::Probe as core::fmt::Write>::write_str${h}" $"core::fmt::Write::write_char${h}"
    $"<alloc[0123456789abcdef]::string::String as core[0123456789abcdef]::fmt::Write>::write_str"
    $"<alloc[0123456789abcdef]::string::String as core[0123456789abcdef]::fmt::Write>::write_char")
  (data (i32.const 2100) "${words(0, 12, 4, 3, 4)}")
  (data (i32.const 2000) "${words(0, 4, 4, 1, 2)}"))`);
  execFileSync(join(root, "node_modules/.bin/wasm-as"), ["-g", join(dir, "g.wat"), "-o", join(dir, "g.wasm")]);
  try {
    execFileSync("node", [join(root, "scripts/trap-panics.mjs"), join(dir, "g.wasm")], { stdio: "pipe" });
    return "";
  } catch (error) {
    return String(error.stderr);
  }
};
for (const taker of ["core::fmt::Write::write_fmt::h0123456789abcdef", "logto_invitations::text::decimal::h0123456789abcdef"]) {
  const refused = guarded(taker);
  check(`a vtable of the crate's own writer taken by ${taker} fails the build`, refused.includes(`${taker} formats text at run time`), refused || "it passed");
}
check("std's own formatting (core[hash]::fmt::...) may take it", guarded("core[0123456789abcdef]::fmt::write") === "", "it failed");
// wasm-bindgen's `throw_str` (its invariant failures: a freed or borrowed object, a dropped
// closure, `unwrap_throw`) traps at once instead of calling the glue's `__wbindgen_throw`, and
// its texts that nothing points at any more are zeroed.
{
  const message = "null pointer passed to rust";
  writeFileSync(join(dir, "t.wat"), `(module
  (import "glue" "__wbindgen_throw" (func $throw (param i32 i32)))
  (memory (export "memory") 1)
  (table 3 funcref)
  (data (i32.const 1024) "${message}")
  (func $"__rustc[0123456789abcdef]::rust_begin_unwind")
  (func $"<alloc[0123456789abcdef]::string::String as core[0123456789abcdef]::fmt::Write>::write_str" (param i32 i32 i32) (result i32) (i32.const 0))
  (func $"<alloc[0123456789abcdef]::string::String as core[0123456789abcdef]::fmt::Write>::write_char" (param i32 i32) (result i32) (i32.const 0))
  (elem (i32.const 1) func $"<alloc[0123456789abcdef]::string::String as core[0123456789abcdef]::fmt::Write>::write_str"
    $"<alloc[0123456789abcdef]::string::String as core[0123456789abcdef]::fmt::Write>::write_char")
  (data (i32.const 2000) "${words(0, 12, 4, 1, 2)}")
  (func $"wasm_bindgen::throw_str::h0123456789abcdef" (param i32 i32) (call $throw (local.get 0) (local.get 1)))
  (func (export "f") (call $"wasm_bindgen::throw_str::h0123456789abcdef" (i32.const 1024) (i32.const ${message.length}))))`);
  execFileSync(join(root, "node_modules/.bin/wasm-as"), ["-g", join(dir, "t.wat"), "-o", join(dir, "t.wasm")]);
  execFileSync("node", [join(root, "scripts/trap-panics.mjs"), join(dir, "t.wasm")], { stdio: ["ignore", "ignore", "inherit"] });
  let thrown = 0;
  const { instance } = await WebAssembly.instantiate(readFileSync(join(dir, "t.wasm")), { glue: { __wbindgen_throw: () => (thrown += 1) } });
  let trapped = false;
  try {
    instance.exports.f();
  } catch (error) {
    trapped = error instanceof WebAssembly.RuntimeError;
  }
  check("wasm-bindgen's throw_str traps without calling __wbindgen_throw", trapped && thrown === 0, `trapped ${trapped}, __wbindgen_throw called ${thrown} times`);
  // After wasm-opt (here: by hand) nothing points at its text.
  writeFileSync(join(dir, "u.wat"), `(module (memory 1) (data (i32.const 1024) "${message}") (func (export "f") unreachable))`);
  execFileSync(join(root, "node_modules/.bin/wasm-as"), [join(dir, "u.wat"), "-o", join(dir, "u.wasm")]);
  execFileSync("node", [join(root, "scripts/trap-panics.mjs"), "--clear-panic-data", join(dir, "u.wasm")], { stdio: ["ignore", "ignore", "inherit"] });
  check("wasm-bindgen's invariant text nothing points at is zeroed", !readFileSync(join(dir, "u.wasm")).toString("latin1").includes(message));
}
rmSync(dir, { recursive: true, force: true });
console.log(`trap-panics: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
