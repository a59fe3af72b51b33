// Turns wasm-pack's output in pkg/ (--target web) into the publishable npm package, in place.
// Run by scripts/build.sh after `wasm-pack build`; fails loudly if wasm-pack's output is not
// shaped as expected, rather than shipping a broken package.
//
//   pkg/index.js               browser / worker / bundler entry (npm/index.js): the class with no
//                              init step, loading the .wasm asynchronously (npm/load.js)
//   pkg/load.js, error.js      its loader and the LogtoApiError class (also used by the .wasm's glue)
//   pkg/json-body.js           the response checks' reads of a JSON body (used by the glue)
//   pkg/wasm-url.js, .d.ts     logto-invitations/wasm-url: the .wasm's URL for a preload hint
//                              (npm/wasm-url.js; not imported by the entries)
//   pkg/logto_invitations.js   wasm-bindgen's glue, its snippet imports pointed at ./error.js
//                              and ./json-body.js, its microtasks queued through a resolved
//                              promise (scripts/microtasks.mjs)
//   pkg/logto_invitations_bg.wasm
//   pkg/node.mjs, node.cjs     Node entries: the same code bundled by esbuild with the .wasm inlined
//                              (base64) and loaded synchronously on first use (npm/load-node.js),
//                              Node's globals from its modules (npm/node-globals.js); node.cjs is
//                              also the `browser` + `require` entry (Jest's jsdom environment)
//   pkg/index.d.ts, index.d.cts  the types: wasm-bindgen's, post-processed, plus npm/entry.d.ts
//   pkg/server.mjs, server.cjs, server.d.ts, server.d.cts   the server entry (logto-invitations/
//                              server), from the build with the feature `server`: see
//                              scripts/package-server.mjs
//   pkg/package.json, README.md (npm/README.md), LICENSE
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { packageServer } from "./package-server.mjs";
import { quickerMicrotasks } from "./microtasks.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(root, "pkg");
const npm = join(root, "npm");
const GLUE = "logto_invitations.js";
const WASM = "logto_invitations_bg.wasm";

function fail(message) {
  console.error(`package.mjs: ${message}`);
  process.exit(1);
}
const read = (path) => readFileSync(path, "utf8");
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

for (const file of [GLUE, WASM, "logto_invitations.d.ts", "package.json"]) {
  if (!existsSync(join(pkg, file))) fail(`pkg/${file} is missing: run wasm-pack build --release --target web --out-dir pkg first`);
}
const generated = JSON.parse(read(join(pkg, "package.json")));

// 1. The glue imports wasm-bindgen snippets: npm/error.js (the LogtoApiError class) and
//    npm/json-body.js (the reads of the response checks); point each at ./<name>, a copy in pkg/,
//    which for error.js the entries import too, so that there is one class.
const SNIPPETS = ["error.js", "json-body.js"];
let glue = read(join(pkg, GLUE));
const snippetImports = [...new Set([...glue.matchAll(/from ['"](\.\/snippets\/[^'"]+)['"]/g)].map((m) => m[1]))];
const snippetName = (path) => /\/npm\/([^/]+)$/.exec(path)?.[1];
if (JSON.stringify(snippetImports.map(snippetName).sort()) !== JSON.stringify(SNIPPETS)) {
  fail(`expected the snippet imports ${SNIPPETS.map((n) => `npm/${n}`).join(", ")} in ${GLUE}, found: ${JSON.stringify(snippetImports)}`);
}
const snippetFiles = walk(join(pkg, "snippets"));
if (snippetFiles.length !== SNIPPETS.length || !snippetFiles.every((f) => SNIPPETS.includes(snippetName(f)) && read(f) === read(join(npm, snippetName(f))))) {
  fail(`pkg/snippets/ should hold only copies of ${SNIPPETS.map((n) => `npm/${n}`).join(", ")}, found: ${snippetFiles.map((f) => relative(pkg, f)).join(", ")}`);
}
// Only the import specifiers: the import object's keys stay the module names the .wasm imports.
glue = glue.replace(/(from ['"])(\.\/snippets\/[^'"]+)(['"])/g, (_, from, path, quote) => `${from}./${snippetName(path)}${quote}`);
// The browser loader (npm/load.js) instantiates the module itself, with the glue's own import
// object and its own finishing step, so that wasm-bindgen's general loader (a Response, bytes or
// a module; deprecated parameters; its warnings) is not in the page.
for (const name of ["__wbg_get_imports", "__wbg_finalize_init"]) {
  if (!new RegExp(`^function ${name}\\(`, "m").test(glue)) fail(`${GLUE} has no function ${name}: has wasm-bindgen's glue changed?`);
  if (new RegExp(`^export [^\\n]*\\b${name}\\b`, "m").test(glue)) fail(`${GLUE} exports ${name} already: has wasm-bindgen's glue changed?`);
}
glue += "export { __wbg_get_imports, __wbg_finalize_init };\n";
// wasm-bindgen-futures' polls queued through `then` of a resolved promise, not `queueMicrotask`.
try {
  glue = quickerMicrotasks(glue, GLUE);
} catch (error) {
  fail(error.message);
}
writeFileSync(join(pkg, GLUE), glue);
rmSync(join(pkg, "snippets"), { recursive: true });

// 2. The browser entry and its modules, as written.
for (const file of ["index.js", "load.js", ...SNIPPETS, "wasm-url.js", "wasm-url.d.ts", "README.md"]) copyFileSync(join(npm, file), join(pkg, file));
copyFileSync(join(root, "LICENSE"), join(pkg, "LICENSE"));

// 3. The Node entries: index.js bundled with load-node.js in place of load.js and the .wasm
//    inlined. One file each, so that server bundlers have nothing to resolve or copy.
const stage = mkdtempSync(join(tmpdir(), "logto-invitations-node-"));
try {
  for (const file of ["index.js", ...SNIPPETS, GLUE, WASM]) copyFileSync(join(pkg, file), join(stage, file));
  copyFileSync(join(npm, "load-node.js"), join(stage, "load.js"));
  for (const [format, out] of [["esm", "node.mjs"], ["cjs", "node.cjs"]]) {
    buildSync({
      entryPoints: [join(stage, "index.js")],
      outfile: join(pkg, out),
      bundle: true,
      format,
      platform: "node",
      target: "node20",
      loader: { ".wasm": "base64" },
      inject: [join(npm, "node-globals.js")],
      legalComments: "none",
      // The glue's async loader (new URL(..., import.meta.url)) is bundled but never called here.
      logOverride: { "empty-import-meta": "silent" },
      banner: { js: "// logto-invitations for Node (>= 20): the WebAssembly module is inlined below and loaded on first use." },
    });
  }
} finally {
  rmSync(stage, { recursive: true, force: true });
}

// 4. The types: wasm-bindgen's declarations without its init functions (the entries export
//    `init(): Promise<void>` instead), optional members that accept `undefined` (for
//    `exactOptionalPropertyTypes`), documented disposal, then npm/entry.d.ts.
let types = read(join(pkg, "logto_invitations.d.ts"));
// Each class's calls go through one export, `invoke` (npm/index.js defines the methods); their
// declarations, a typescript section `interface <Class>Calls` of src/js/api.rs, move into the
// class, each where wasm-bindgen puts a method: free and [Symbol.dispose] first, then the methods
// and the constructor (as `new`) by name, a name before its prefix, then the getters.
for (const [className, count] of [["OrganizationInvitationsApi", 9], ["InvitationAcceptanceApi", 2]]) {
  const callsStart = types.indexOf(`\ninterface ${className}Calls {\n`);
  const callsEnd = types.indexOf("\n}\n", callsStart + 1);
  if (callsStart < 0 || callsEnd < 0) fail(`logto_invitations.d.ts: no interface ${className}Calls`);
  // A member: its doc comment (if any) and its declaration line.
  const members = (text) => text.match(/(?: {4}\/\*\*\n(?: {5}\*[^\n]*\n)*?)? {4}[^\s*/][^\n]*(?:\n|$)/g) ?? [];
  const calls = members(types.slice(types.indexOf("{\n", callsStart) + 2, callsEnd + 1));
  if (calls.length !== count) fail(`interface ${className}Calls: ${calls.length} declarations, expected ${count}`);
  types = types.slice(0, callsStart).trimEnd() + types.slice(callsEnd + 2);
  const classStart = types.indexOf(`\nexport class ${className} {\n`);
  const classEnd = types.indexOf("\n}\n", classStart + 1);
  if (classStart < 0 || classEnd < 0) fail(`logto_invitations.d.ts: no class ${className}`);
  const head = types.slice(0, types.indexOf("{\n", classStart) + 2);
  const own = members(types.slice(head.length, classEnd + 1));
  const name = (member) => {
    const declaration = member.trimEnd().split("\n").pop().trim();
    return declaration.startsWith("constructor(") ? "new" : declaration.match(/^[\w[\].]+/)[0];
  };
  const first = own.filter((m) => ["free", "[Symbol.dispose]"].includes(name(m)));
  const getters = own.filter((m) => /^ {4}readonly /m.test(m.trimEnd().split("\n").pop()));
  const key = (member) => `${name(member)}\uffff`;
  const methods = [...own.filter((m) => !first.includes(m) && !getters.includes(m)), ...calls].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  types = head + [...first, ...methods, ...getters].join("") + types.slice(classEnd + 1);
}
const initStart = types.indexOf("export type InitInput =");
if (initStart < 0) fail("logto_invitations.d.ts has no `export type InitInput` (wasm-bindgen's init types) to replace");
const initPart = types.slice(initStart);
const initExports = [...initPart.matchAll(/^export (?:default )?(?:type|interface|function) ?(\w+)/gm)].map((m) => m[1]).sort();
if (JSON.stringify(initExports) !== JSON.stringify(["InitInput", "InitOutput", "SyncInitInput", "__wbg_init", "initSync"])) {
  fail(`unexpected declarations after InitInput in logto_invitations.d.ts: ${initExports.join(", ")}`);
}
types = types.slice(0, initStart).trimEnd();
types = types.replace(/^\/\* tslint:disable \*\/\n\/\* eslint-disable \*\/\n/, "");
// `name?: T;` members (interfaces, one per line) and `{ name?: T; ... }` type literals.
const orUndefined = (type) => {
  if (/\bundefined\b/.test(type) || type === "unknown") return type;
  // A function type needs parentheses: `(x) => void | undefined` would widen its return type.
  const topLevel = type.replace(/\([^()]*\)|\{[^{}]*\}/g, "").replace(/\([^()]*\)|\{[^{}]*\}/g, "");
  return `${topLevel.includes("=>") ? `(${type})` : type} | undefined`;
};
types = types.replace(/^(\s+(?:readonly )?\w+\?: )(.+);$/gm, (line, head, type) => `${head}${orUndefined(type)};`);
types = types.replace(/^(export type \w+ = \{.*\};)$/gm, (line) => line.replace(/(\w+\?: )([^;]+);/g, (member, head, type) => `${head}${orUndefined(type)};`));
const disposal = [
  ["    free(): void;", "Releases the client's WebAssembly memory. Later calls reject with a `LogtoApiError`\n     * (`kind: \"invalid_input\"`, `field: \"this\"`); `baseUrl` still answers. Calling it again does nothing."],
  ["    [Symbol.dispose](): void;", "The same as `free()`, for `using api = new ...(...)` (explicit resource management)."],
];
// Both classes (OrganizationInvitationsApi, InvitationAcceptanceApi) get the same notes.
for (const [line, doc] of disposal) {
  if (!types.includes(`\n${line}\n`)) fail(`logto_invitations.d.ts has no "${line.trim()}" member to document`);
  types = types.replaceAll(`\n${line}\n`, `\n    /**\n     * ${doc}\n     */\n${line}\n`);
}
const constructorDoc = /(\n {4}\/\*\*\n(?:(?! {5}\*\/)[^\n]*\n)*)( {5}\*\/\n {4}constructor\()/g;
if (!constructorDoc.test(types)) fail("logto_invitations.d.ts: no documented constructor found");
types = types.replace(
  constructorDoc,
  "$1     *\n     * In a browser, before the WebAssembly module has loaded (no `await init()` yet), the\n     * configuration is checked when it has: a configuration error then rejects the calls.\n$2",
);
types = `// Types of the logto-invitations package: generated by wasm-bindgen from the Rust sources,
// post-processed by scripts/package.mjs, plus npm/entry.d.ts.

${types}

${read(join(npm, "entry.d.ts")).trim()}
`;
// Every export, and every member of the class, is documented (a /** ... */ right above it).
const undocumented = [];
const lines = types.split("\n");
let inClass = false;
lines.forEach((line, i) => {
  if (/^export (declare )?class /.test(line)) inClass = true;
  else if (inClass && line === "}") inClass = false;
  const declaration = /^export (?!default )/.test(line) || (inClass && /^ {4}[^\s*/]/.test(line));
  if (declaration && !lines[i - 1].trim().endsWith("*/")) undocumented.push(line.trim());
});
if (undocumented.length) fail(`undocumented declarations in the generated types:\n  ${undocumented.join("\n  ")}`);
const withoutComments = types.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
if (/\bany\b/.test(withoutComments)) fail("the generated types contain `any`");
for (const global of ["RequestInfo", "BufferSource", "WebAssembly", "Response"]) {
  if (new RegExp(`\\b${global}\\b`).test(withoutComments)) fail(`the generated types refer to ${global}, which a Node-only setup lacks`);
}
writeFileSync(join(pkg, "index.d.ts"), types);
writeFileSync(join(pkg, "index.d.cts"), types);
for (const file of ["logto_invitations.d.ts", "logto_invitations_bg.wasm.d.ts", ".gitignore"]) rmSync(join(pkg, file), { force: true });

// 5. The server entry (its own .wasm, inlined in it).
let server;
try {
  server = packageServer(root, pkg);
} catch (error) {
  fail(`server entry: ${error.message}`);
}

// 6. package.json: name, version, description, license, keywords from Cargo.toml (through
//    wasm-pack's file). No repository/homepage/bugs: there is no public URL to give yet.
const files = ["index.js", "load.js", ...SNIPPETS, "wasm-url.js", "wasm-url.d.ts", GLUE, WASM, "node.mjs", "node.cjs", "index.d.ts", "index.d.cts", ...server.files];
const manifest = {
  name: generated.name,
  version: generated.version,
  description: generated.description,
  license: generated.license,
  keywords: [...new Set([...(generated.keywords ?? []), "organization", "invitation", "typescript", "webassembly"])],
  type: "module",
  exports: {
    ".": {
      types: { require: "./index.d.cts", default: "./index.d.ts" },
      node: { require: "./node.cjs", default: "./node.mjs" },
      // `module` first: bundlers (webpack, Rollup, esbuild, Vite, Turbopack) take the browser
      // entry even for require(); a runtime that requires with `browser` (Jest's jsdom
      // environment, which runs on Node) gets the Node entry, whose .wasm is inlined.
      browser: { module: "./index.js", require: "./node.cjs", default: "./index.js" },
      worker: "./index.js",
      default: "./index.js",
    },
    "./server": server.exports,
    // For a preload hint (README: "The first request"): the .wasm's URL as a module, and the
    // file itself for bundlers that import assets by path (Vite's `?url`).
    "./wasm-url": { types: "./wasm-url.d.ts", default: "./wasm-url.js" },
    [`./${WASM}`]: `./${WASM}`,
    "./package.json": "./package.json",
  },
  main: "./node.cjs",
  module: "./index.js",
  types: "./index.d.ts",
  files,
  sideEffects: false,
  engines: { node: ">=20" },
};
writeFileSync(join(pkg, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);

const present = readdirSync(pkg).sort();
const expected = [...files, "LICENSE", "README.md", "package.json"].sort();
if (JSON.stringify(present) !== JSON.stringify(expected)) fail(`pkg/ holds ${present.join(", ")}; expected ${expected.join(", ")}`);
console.log(`package.mjs: pkg/ is the npm package (${files.length + 3} files; entries index.js, node.mjs, node.cjs; server.mjs, server.cjs)`);
