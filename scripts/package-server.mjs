// The server entry (`logto-invitations/server`), built into pkg/ by scripts/package.mjs from the
// crate compiled with the cargo feature `server` (scripts/build.sh runs wasm-pack into
// target/server-pkg). A separate WebAssembly module: nothing of it reaches a browser.
//
//   pkg/server.mjs, server.cjs    npm/server.js bundled with that build's glue, the LogtoApiError
//                                 class (npm/error.js) and the .wasm inlined; instantiated
//                                 synchronously on import (no init step; any runtime that may
//                                 compile WebAssembly from bytes: Node, Deno, Bun)
//   pkg/server-workerd.mjs, logto_invitations_server_bg.wasm   the same for Cloudflare Workers
//                                 (export condition "workerd"): the .wasm imported as a module,
//                                 since Workers refuse to compile WebAssembly from bytes
//   pkg/server.d.ts, server.d.cts wasm-bindgen's declarations of what the entry exports and what
//                                 they refer to, plus the LogtoApiError re-exported from index
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { buildSync } from "esbuild";
import ts from "typescript";

const NAME = "logto_invitations_server";

/** The declarations the server entry exports (and the types of its errors' extra members). */
const EXPORTED = [
  "clientCredentials",
  "createInvitationsProxy",
  "createInvitationAcceptance",
  "TokenRequestError",
  "organizationTokenAuthorization",
  "accessTokenUserId",
  "OrganizationTokenAuthorizationOptions",
  "AccessTokenUserIdOptions",
];

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/**
 * Writes the server entry into `pkg` from `root`/target/server-pkg; returns its files and its
 * `exports` entry. Throws with a message when the build output is not shaped as expected.
 */
export function packageServer(root, pkg) {
  const built = join(root, "target", "server-pkg");
  const npm = join(root, "npm");
  const read = (path) => readFileSync(path, "utf8");
  for (const file of [`${NAME}.js`, `${NAME}_bg.wasm`, `${NAME}.d.ts`]) {
    if (!existsSync(join(built, file))) throw new Error(`target/server-pkg/${file} is missing: run scripts/build.sh (wasm-pack ... --features server)`);
  }

  // 1. Stage the glue (its snippets pointed at ./error.js and ./json-body.js, as for the browser
  //    entry), the .wasm, those two files and npm/server.js, then bundle once per module format.
  let glue = read(join(built, `${NAME}.js`));
  const snippets = [...new Set([...glue.matchAll(/from ['"](\.\/snippets\/[^'"]+)['"]/g)].map((m) => m[1]))];
  const snippetName = (path) => /\/npm\/([^/]+)$/.exec(path)?.[1];
  const SNIPPETS = ["error.js", "json-body.js"];
  if (JSON.stringify(snippets.map(snippetName).sort()) !== JSON.stringify(SNIPPETS)) {
    throw new Error(`expected the snippet imports ${SNIPPETS.map((n) => `npm/${n}`).join(", ")} in ${NAME}.js, found ${JSON.stringify(snippets)}`);
  }
  const snippetFiles = walk(join(built, "snippets"));
  if (snippetFiles.length !== SNIPPETS.length || !snippetFiles.every((f) => SNIPPETS.includes(snippetName(f)) && read(f) === read(join(npm, snippetName(f))))) {
    throw new Error(`target/server-pkg/snippets/ should hold only copies of ${SNIPPETS.map((n) => `npm/${n}`).join(", ")}: ${snippetFiles.map((f) => relative(built, f)).join(", ")}`);
  }
  // Only the import specifiers: the import object's keys stay the module names the .wasm imports.
  glue = glue.replace(/(from ['"])(\.\/snippets\/[^'"]+)(['"])/g, (_, from, path, quote) => `${from}./${snippetName(path)}${quote}`);
  // wasm-bindgen imports a snippet once per function (import1, import2, ...: the same module);
  // one key of its import object is enough.
  const keys = new Set();
  glue = glue.replace(/^\s*("\.\/snippets\/[^"]+"): import\d+,\n/gm, (line, key) => (keys.has(key) ? "" : (keys.add(key), line)));
  const stage = mkdtempSync(join(tmpdir(), "logto-invitations-server-"));
  try {
    writeFileSync(join(stage, `${NAME}.js`), glue);
    copyFileSync(join(built, `${NAME}_bg.wasm`), join(stage, `${NAME}_bg.wasm`));
    for (const file of SNIPPETS) copyFileSync(join(npm, file), join(stage, file));
    copyFileSync(join(npm, "server.js"), join(stage, "server.js"));
    copyFileSync(join(npm, "server-workerd.js"), join(stage, "server-workerd.js"));
    for (const [format, out] of [["esm", "server.mjs"], ["cjs", "server.cjs"]]) {
      buildSync({
        entryPoints: [join(stage, "server.js")],
        outfile: join(pkg, out),
        bundle: true,
        format,
        platform: "neutral",
        target: "es2022",
        loader: { ".wasm": "binary" },
        legalComments: "none",
        // The glue's async loader (new URL(..., import.meta.url)) is bundled but never called.
        logOverride: { "empty-import-meta": "silent" },
        banner: { js: "// logto-invitations/server: clientCredentials, createInvitationsProxy and createInvitationAcceptance. The WebAssembly module is inlined below and instantiated on import." },
      });
    }
    buildSync({
      entryPoints: [join(stage, "server-workerd.js")],
      outfile: join(pkg, "server-workerd.mjs"),
      bundle: true,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      external: [`./${NAME}_bg.wasm`],
      legalComments: "none",
      logOverride: { "empty-import-meta": "silent" },
      banner: { js: `// logto-invitations/server for Cloudflare Workers: the WebAssembly module is ./${NAME}_bg.wasm, imported as a module.` },
    });
    copyFileSync(join(built, `${NAME}_bg.wasm`), join(pkg, `${NAME}_bg.wasm`));
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }

  // 2. The types: the entry's declarations and those they refer to, from wasm-bindgen's output
  //    (doc comments included); LogtoApiError and isLogtoApiError from the main entry's types.
  const source = ts.createSourceFile("server.d.ts", read(join(built, `${NAME}.d.ts`)), ts.ScriptTarget.Latest, true);
  const byName = new Map(source.statements.filter((s) => s.name).map((s) => [s.name.text, s]));
  const keep = new Set();
  const visit = (name) => {
    const statement = byName.get(name);
    if (!statement || keep.has(statement) || name === "LogtoApiError") return;
    keep.add(statement);
    const walkNode = (node) => {
      if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) visit(node.typeName.text);
      ts.forEachChild(node, walkNode);
    };
    walkNode(statement);
  };
  for (const name of EXPORTED) {
    if (!byName.has(name)) throw new Error(`${NAME}.d.ts declares no ${name}`);
    visit(name);
  }
  const declarations = source.statements
    .filter((statement) => keep.has(statement))
    .map((statement) =>
      source.text
        .slice(statement.getFullStart(), statement.end)
        .replace(/^\/\* (tslint:|eslint-)disable \*\/\n/gm, "")
        .replace(/^\n+/, ""),
    );
  const withoutComments = declarations.join("\n").replace(/\/\*[\s\S]*?\*\//g, "");
  if (/\bany\b/.test(withoutComments)) throw new Error("the server entry's types contain `any`");
  const types = (index) => `// Types of logto-invitations/server: generated by wasm-bindgen from the Rust sources (feature
// \`server\`): the entry's exports and what they refer to (scripts/package-server.mjs).

import type { LogtoApiError } from "${index}";
export { LogtoApiError, isLogtoApiError } from "${index}";

${declarations.join("\n\n")}
`;
  writeFileSync(join(pkg, "server.d.ts"), types("./index.js"));
  writeFileSync(join(pkg, "server.d.cts"), types("./index.cjs"));

  return {
    files: ["server.mjs", "server.cjs", "server-workerd.mjs", `${NAME}_bg.wasm`, "server.d.ts", "server.d.cts"],
    exports: {
      types: { require: "./server.d.cts", default: "./server.d.ts" },
      workerd: "./server-workerd.mjs",
      require: "./server.cjs",
      default: "./server.mjs",
    },
  };
}
