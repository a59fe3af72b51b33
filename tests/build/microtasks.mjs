// scripts/microtasks.mjs: wasm-bindgen-futures' microtasks queued through `then` of one resolved
// promise instead of the global `queueMicrotask` (issue 21: a get after a pause in Chromium).
// On sample glue: the rewrite, and the build failing when wasm-bindgen's glue has changed. On the
// built package (pkg/node.mjs, the same glue as the browser entry's), with `fetch` stubbed: a get
// calls `queueMicrotask` no more often than a hand-written fetch + json (once, in Node's body
// reading; the build before called it three times), and still settles within the microtasks of
// its turn (before a `setTimeout(0)` fires), as with wasm-bindgen-futures' own queue.
// Usage: node tests/build/microtasks.mjs (after scripts/build.sh)
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { quickerMicrotasks } from "../../scripts/microtasks.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
let passed = 0;
let failed = 0;
const check = (name, ok, detail = "") => {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? "ok" : "not ok"} - ${name}${ok ? "" : `: ${detail}`}`);
};
const throws = (fn) => {
  try {
    fn();
    return "";
  } catch (error) {
    return String(error.message);
  }
};

const sample = `let wasm;
function __wbg_get_imports() {
    const import0 = {
        "ha": function(arg0) {
            queueMicrotask(arg0);
        },
    };
}
`;
const rewritten = quickerMicrotasks(sample, "sample.js");
check("the import queues through then of one resolved promise", /^ {12}RESOLVED\.then\(arg0\);$/m.test(rewritten) && !rewritten.includes("queueMicrotask"), rewritten);
check("the promise is made once, before the import object, and marked pure for bundlers", rewritten.includes("const RESOLVED = /* @__PURE__ */ Promise.resolve();\nfunction __wbg_get_imports() {"), rewritten);
check("glue without the import fails the build", /found 0: has wasm-bindgen's glue changed\?/.test(throws(() => quickerMicrotasks("function __wbg_get_imports() {}", "x.js"))));
const twice = sample.replace("        },\n", "        },\n        \"hb\": function(arg0) {\n            queueMicrotask(arg0);\n        },\n");
check("glue with the import twice fails the build", /found 2/.test(throws(() => quickerMicrotasks(twice, "x.js"))));
check("glue without __wbg_get_imports fails the build", /no function __wbg_get_imports/.test(throws(() => quickerMicrotasks(sample.replace("function __wbg_get_imports() {", "function imports() {"), "x.js"))));
check("glue that has a RESOLVED already fails the build", /already has a RESOLVED/.test(throws(() => quickerMicrotasks(`const RESOLVED = 1;\n${sample}`, "x.js"))));

// The built package, through its Node entry.
const invitation = { tenantId: "default", id: "inv_1", inviterId: null, invitee: "a@example.com", acceptedUserId: null, organizationId: "org_1", status: "Pending", createdAt: 1, updatedAt: 1, expiresAt: 2, organizationRoles: [] };
globalThis.fetch = async () => new Response(JSON.stringify(invitation), { status: 200, headers: { "content-type": "application/json" } });
let queued = 0;
const realQueueMicrotask = globalThis.queueMicrotask;
globalThis.queueMicrotask = (callback) => {
  queued += 1;
  realQueueMicrotask(callback);
};
const { OrganizationInvitationsApi } = await import(pathToFileURL(join(root, "pkg/node.mjs")).href);
const api = new OrganizationInvitationsApi({ baseUrl: "https://logto.test", accessToken: "t" });
await api.getOrganizationInvitation("inv_1"); // the module is loaded
// The platform's own: Node's Response body reading queues one.
queued = 0;
await fetch("https://logto.test/api/organization-invitations/inv_1").then((r) => r.json());
const platform = queued;
queued = 0;
let timerFired = false;
const timer = new Promise((resolve) => setTimeout(() => resolve((timerFired = true)), 0));
const got = await api.getOrganizationInvitation("inv_1");
check("a get settles before a setTimeout(0) queued with it (its polls are microtasks)", got?.id === "inv_1" && !timerFired, `id ${got?.id}, timer fired first: ${timerFired}`);
check("a get calls the global queueMicrotask no more than fetch + json does", queued === platform, `called ${queued} times, fetch + json ${platform}`);
await timer;

console.log(`microtasks: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
