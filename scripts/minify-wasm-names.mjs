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
// The glue's own module (wasm-bindgen's shims): the one most imports come from.
const counts = map.imports.reduce((c, [m]) => c.set(m, (c.get(m) ?? 0) + 1), new Map());
const oldMod = [...counts].sort((a, b) => b[1] - a[1])[0][0];
// Functions of a wasm-bindgen snippet (npm/json-body.js) are imported from its module directly,
// a namespace object in the glue (`import * as import1 from "./snippets/..."`): wasm-opt puts
// them in the one short module too, so they move into the glue's main import object.
const direct = map.imports.filter(([m]) => m !== oldMod);
const moved = [];
for (const [module, name, short] of direct) {
  const ns = new RegExp(`import \\* as (\\w+) from "${module.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}"`).exec(glue)?.[1];
  if (!ns) throw new Error(`import ${module} ${name}: no namespace import in the glue`);
  moved.push(`        ${JSON.stringify(short)}: ${ns}.${name},`);
}
for (const module of new Set(direct.map(([m]) => m))) {
  const line = new RegExp(`^\\s*${JSON.stringify(module).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: \\w+,\\n`, "gm");
  if (!line.test(glue)) throw new Error(`import ${module}: not in the glue's import object`);
  glue = glue.replace(line, "");
}
if (moved.length) glue = glue.replace("const import0 = {\n        __proto__: null,\n", (head) => `${head}${moved.join("\n")}\n`);
if (moved.length && !glue.includes(moved[0])) throw new Error("the glue has no `const import0 = {` to move the snippet imports into");
for (const [module, name, short] of map.imports.filter(([m]) => m === oldMod)) {
  const re = new RegExp(`(?<![\\w$.])${name}(?=\\s*:)`, "g");
  const n = (glue.match(re) ?? []).length;
  if (n !== 1) throw new Error(`import ${name}: ${n} keys`);
  glue = glue.replace(re, JSON.stringify(short));
}
for (const [name, short] of map.exports) glue = glue.replace(new RegExp(`wasm\\.${name}(?![\\w$])`, "g"), `wasm[${JSON.stringify(short)}]`);
glue = glue.split(JSON.stringify(oldMod)).join(JSON.stringify(mod));
writeFileSync(outGlue, glue);
console.error(`module ${JSON.stringify(oldMod)} -> ${JSON.stringify(mod)}; ${map.imports.length} imports, ${map.exports.length} exports renamed`);
