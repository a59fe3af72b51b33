// Loads pkg/ (the optimised release build, after wasm-opt) in headless Debian Chromium from
// pages served by the local server: release.html runs a full invitation life cycle, reentrancy.html hooks that run within
// their method call (free(), calls of the same client, a promise whose `then` throws), fuzz.html
// feeds 10,000 hostile argument combinations to every method, and loader.html loads the .wasm as a
// route serves it (as application/octet-stream, as application/wasm with a parameter, or a 404). Each page reports its steps.
// Usage: SERVER_URL=http://127.0.0.1:PORT node tests/e2e/release.mjs [page.html ...]
// (the server serves the repository root).
import { chromium } from "playwright-core";

const server = process.env.SERVER_URL;
if (!server) {
  console.error("SERVER_URL is not set: run through scripts/test.sh");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let passed = 0;
let failed = 0;
const pages = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ["entry.html", "release.html", "reentrancy.html", "fuzz.html", "loader.html?served=octet-stream", "loader.html?served=wasm-charset", "loader.html?served=404"];
// How loader.html's .wasm is served: the real bytes with another content type, or a 404.
const withType = (contentType) => async (route) => {
  const response = await route.fetch();
  await route.fulfill({ status: 200, contentType, body: await response.body() });
};
const SERVED = {
  "octet-stream": withType("application/octet-stream"),
  // A parameter: streaming compilation refuses any, so the bytes must be compiled instead.
  "wasm-charset": withType("application/wasm; charset=utf-8"),
  404: (route) => route.fulfill({ status: 404, contentType: "text/plain", body: "not here" }),
};
try {
  for (const name of pages) {
    const page = await browser.newPage();
    const problems = [];
    page.on("console", (message) => {
      // Chromium logs every 4xx/5xx fetch as "Failed to load resource": those are the HTTP errors
      // the life cycle provokes on purpose, not page errors.
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource: the server responded with a status of")) {
        problems.push(`console error: ${message.text()}`);
      }
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    const served = SERVED[new URLSearchParams(name.split("?")[1] ?? "").get("served")];
    if (served) await page.route("**/logto_invitations_bg.wasm", served);
    await page.goto(`${server}/tests/e2e/${name}`);
    const result = await page.waitForFunction(() => window.__result, null, { timeout: 300_000, polling: 500 }).then((handle) => handle.jsonValue());
    console.log(`# ${name}`);
    for (const step of result.steps) {
      if (step.ok) passed += 1;
      else failed += 1;
      console.log(`${step.ok ? "ok" : "not ok"} - ${step.name}${step.ok ? "" : `: ${step.detail}`}`);
    }
    if (result.error) {
      failed += 1;
      console.log(`not ok - life cycle threw ${result.error}`);
    }
    for (const problem of problems) {
      failed += 1;
      console.log(`not ok - ${problem}`);
    }
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(`release-e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
