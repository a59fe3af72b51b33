// Study of issue 21: shortens the .wasm's import/export names (wasm-opt
// --minify-imports-and-exports-and-modules) and rewrites wasm-bindgen's glue to match.
// usage: node scripts/minify-wasm-names.mjs in.wasm in-glue.js [out.wasm out-glue.js] (default: in place)
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
const [inWasm, inGlue, outWasm = inWasm, outGlue = inGlue] = process.argv.slice(2);
const out = execFileSync("wasm-opt", ["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-reference-types", "--enable-multivalue", "--minify-imports-and-exports-and-modules", inWasm, "-o", outWasm], { encoding: "utf8" });
const map = JSON.parse(out.slice(out.indexOf("{")));
const mod = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(outWasm)))[0].module;
let glue = readFileSync(inGlue, "utf8");
const oldMod = map.imports[0][0];
if (map.imports.some(([m]) => m !== oldMod)) throw new Error("more than one import module");
const word = (name) => new RegExp(`(?<![\\w$])${name.replace(/\$/g, "\\$")}(?![\\w$])`, "g");
for (const [, name, short] of map.imports) {
  const re = new RegExp(`(?<![\\w$.])${name}(?=\\s*:)`, "g");
  const n = (glue.match(re) ?? []).length;
  if (n !== 1) throw new Error(`import ${name}: ${n} keys`);
  glue = glue.replace(re, JSON.stringify(short));
}
for (const [name, short] of map.exports) glue = glue.replace(new RegExp(`wasm\\.${name}(?![\\w$])`, "g"), `wasm[${JSON.stringify(short)}]`);
glue = glue.split(JSON.stringify(oldMod)).join(JSON.stringify(mod));
writeFileSync(outGlue, glue);
console.error(`module ${JSON.stringify(oldMod)} -> ${JSON.stringify(mod)}; ${map.imports.length} imports, ${map.exports.length} exports renamed`);
