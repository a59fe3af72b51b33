// Shortens the browser .wasm's import and export names and rewrites wasm-bindgen's glue to match.
// Every import wasm-bindgen makes is named `__wbg_<name>_<16 hex digits>` and many exports are long
// (`organizationinvitationsapi_replaceOrganizationInvitationStatus`); each name is paid twice, in
// the .wasm and in the glue, and the hashes do not compress (issue 21: -1.8 KB of the .wasm gzip,
// -1.3 KB of the minified entry). wasm-opt's --minify-imports-and-exports-and-modules renames them
// and prints the map, which this script applies to the glue: each import key of the import object
// (`name: function ...`) and each `wasm.name` use. Run by scripts/build.sh after wasm-opt.
//
// It fails, saying what it found, when the glue does not look as expected: a snippet's namespace
// import or the import object is missing, or an import's key is not found exactly once. (Exports the glue never uses,
// such as wasm-bindgen's `__abort_handler` global, are renamed all the same.)
//
// usage: node scripts/minify-wasm-names.mjs in.wasm in-glue.js [out.wasm out-glue.js]
// (default: in place)
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const fail = (message) => {
  console.error(`minify-wasm-names: ${message}`);
  process.exit(1);
};

const [inWasm, inGlue, outWasm = inWasm, outGlue = inGlue] = process.argv.slice(2);
if (!inWasm || !inGlue) fail("usage: node scripts/minify-wasm-names.mjs in.wasm in-glue.js [out.wasm out-glue.js]");

const printed = execFileSync(
  "wasm-opt",
  ["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-reference-types", "--enable-multivalue", "--minify-imports-and-exports-and-modules", inWasm, "-o", outWasm],
  { encoding: "utf8" },
);
// The map is printed as JSON: { "imports": [[module, name, short], ...], "exports": [[name, short], ...] }.
const json = printed.indexOf("{");
if (json < 0) fail(`wasm-opt printed no name map (${JSON.stringify(printed.slice(0, 200))})`);
const map = JSON.parse(printed.slice(json));
// The glue's own module (wasm-bindgen's shims) is the one most imports come from. Functions of a
// wasm-bindgen snippet (npm/json-body.js) are imported from their own module, a namespace object
// in the glue (`import * as import1 from "./snippets/..."`); wasm-opt puts every import in one
// short module, so the snippet's functions move into the glue's main import object.
const counts = map.imports.reduce((c, [module]) => c.set(module, (c.get(module) ?? 0) + 1), new Map());
const oldModule = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
if (oldModule === undefined) fail("the .wasm imports nothing; this is not wasm-bindgen's output");
const newModules = new Set(WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(outWasm))).map((i) => i.module));
if (newModules.size !== 1) fail(`wasm-opt left ${newModules.size} import modules, not 1`);
const [newModule] = newModules;
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

let glue = readFileSync(inGlue, "utf8");
const direct = map.imports.filter(([module]) => module !== oldModule);
const moved = [];
for (const [module, name, short] of direct) {
  const namespace = new RegExp(`import \\* as (\\w+) from "${escape(module)}"`).exec(glue)?.[1];
  if (!namespace) fail(`the glue has no namespace import of ${module} (for its ${name})`);
  moved.push(`        ${JSON.stringify(short)}: ${namespace}.${name},`);
}
for (const module of new Set(direct.map(([m]) => m))) {
  const line = new RegExp(`^\\s*${escape(JSON.stringify(module))}: \\w+,\\n`, "gm");
  if (!line.test(glue)) fail(`${module} is not in the glue's import object`);
  glue = glue.replace(line, "");
}
const head = "const import0 = {\n        __proto__: null,\n";
if (moved.length > 0) {
  if (!glue.includes(head)) fail("the glue has no `const import0 = {` to move the snippet's imports into");
  glue = glue.replace(head, `${head}${moved.join("\n")}\n`);
}
// An import object key: the name, not after a word character, `$` or `.`, followed by `:`.
for (const [, name, short] of map.imports.filter(([module]) => module === oldModule)) {
  const key = new RegExp(`(?<![\\w$.])${name}(?=\\s*:)`, "g");
  const found = glue.match(key)?.length ?? 0;
  if (found !== 1) fail(`the import ${name} is the key of ${found} properties in the glue, not 1`);
  glue = glue.replace(key, JSON.stringify(short));
}
// An export use: `wasm.name`, not followed by a word character or `$`.
for (const [name, short] of map.exports) {
  const use = new RegExp(`wasm\\.${name.replace(/\$/g, "\\$")}(?![\\w$])`, "g");
  glue = glue.replace(use, `wasm[${JSON.stringify(short)}]`);
}
// The glue's functions for imports the optimised .wasm no longer makes (wasm-opt dropped their
// last call, such as `__wbindgen_throw` once scripts/trap-panics.mjs made `throw_str` trap): each
// is still a property of the import object, and the entry would ship it.
// Every import the .wasm makes has its short, quoted key by now (the loop above fails otherwise),
// so a `__wbg_` key still unquoted is one it no longer makes. (A dropped import written in another
// form stays: that costs only its bytes.)
let dropped = 0;
glue = glue.replace(/^ {8}__wbg_\w+: function\([^)\n]*\) \{\n[\s\S]*?^ {8}\},\n/gm, () => {
  dropped += 1;
  return "";
});
glue = glue.split(JSON.stringify(oldModule)).join(JSON.stringify(newModule));
writeFileSync(outGlue, glue);
if (dropped > 0) console.error(`minify-wasm-names: ${dropped} glue function(s) for imports the .wasm no longer makes dropped`);
console.error(`minify-wasm-names: module ${JSON.stringify(oldModule)} -> ${JSON.stringify(newModule)}; ${map.imports.length} imports, ${map.exports.length} exports renamed`);
