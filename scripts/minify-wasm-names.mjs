// Shortens the browser .wasm's import and export names and rewrites wasm-bindgen's glue to match.
// Every import wasm-bindgen makes is named `__wbg_<name>_<16 hex digits>` and many exports are long
// (`organizationinvitationsapi_replaceOrganizationInvitationStatus`); each name is paid twice, in
// the .wasm and in the glue, and the hashes do not compress (issue 21: -1.8 KB of the .wasm gzip,
// -1.3 KB of the minified entry). wasm-opt's --minify-imports-and-exports-and-modules renames them
// and prints the map, which this script applies to the glue: each import key of the import object
// (`name: function ...`) and each `wasm.name` use. Run by scripts/build.sh after wasm-opt.
//
// It fails, saying what it found, when the glue does not look as expected: the imports come from
// more than one module, or an import's key is not found exactly once. (Exports the glue never uses,
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
const oldModule = map.imports[0]?.[0];
const others = map.imports.filter(([module]) => module !== oldModule).map(([module]) => module);
if (others.length > 0) fail(`the .wasm imports from more than one module (${oldModule}, ${[...new Set(others)].join(", ")}); the glue rewrite expects one`);
const newModule = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(outWasm)))[0].module;

let glue = readFileSync(inGlue, "utf8");
// An import object key: the name, not after a word character, `$` or `.`, followed by `:`.
for (const [, name, short] of map.imports) {
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
glue = glue.split(JSON.stringify(oldModule)).join(JSON.stringify(newModule));
writeFileSync(outGlue, glue);
console.error(`minify-wasm-names: module ${JSON.stringify(oldModule)} -> ${JSON.stringify(newModule)}; ${map.imports.length} imports, ${map.exports.length} exports renamed`);
