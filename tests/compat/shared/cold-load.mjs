// One cold load of a built page in headless Chromium, shared by the compatibility row `preload`
// (tests/compat/run.mjs) and the cold-start benchmark (bench/cold-start.mjs).
//
// Cold: a fresh browser context (empty cache, no cookies, no service worker). The round trip is
// simulated by Chromium itself (DevTools' Network.emulateNetworkConditions `latency`): every
// request of the page, the document, its script, the .wasm and the API call, gets its response
// `latencyMs` after it was sent, which is what one round trip per request on a warm connection
// costs (no bandwidth limit, the files are small). Timings are the page's own Resource Timing
// entries, relative to the navigation's start: `requestStart` is the API request's `startTime`
// (when the page called fetch: the request leaving the page), `answered` its `responseEnd`.

/** The API request the pages make (tests/compat/preload/src/page.js and its callers). */
export const API_PATH = "/api/organization-invitations";

/**
 * What a load reads off the page, run in the page: the call's outcome (`window.__result`), the
 * API request's Resource Timing and the page's `.wasm` entries. `apiPath` is API_PATH.
 */
export function readLoad(apiPath) {
  const entries = performance.getEntriesByType("resource");
  const api = entries.find((entry) => new URL(entry.name).pathname === apiPath);
  return {
    result: window.__result,
    requestStart: api?.startTime,
    answered: api?.responseEnd,
    wasmEntries: entries.filter((entry) => new URL(entry.name).pathname.endsWith(".wasm")).map((entry) => ({ url: entry.name, initiatorType: entry.initiatorType, startTime: entry.startTime, responseEnd: entry.responseEnd })),
  };
}

/**
 * Loads `url` cold and waits for the page's `window.__result`. Resolves with the result, the API
 * request's timings, the page's `.wasm` requests (from DevTools: URL, resource type, initiator)
 * and Resource Timing entries, and the console messages. `settleMs`: how long to stay on the page
 * afterwards (Chromium warns of an unused preload a few seconds after the load event).
 */
export async function coldLoad(browser, url, { latencyMs = 0, settleMs = 0, timeoutMs = 30_000 } = {}) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    if (latencyMs > 0) await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: latencyMs, downloadThroughput: -1, uploadThroughput: -1 });
    const wasmRequests = [];
    cdp.on("Network.requestWillBeSent", (event) => {
      if (new URL(event.request.url).pathname.endsWith(".wasm")) wasmRequests.push({ url: event.request.url, type: event.type, initiator: event.initiator?.type });
    });
    const messages = [];
    page.on("console", (message) => messages.push(`${message.type()}: ${message.text()}`));
    page.on("pageerror", (error) => messages.push(`pageerror: ${error.message}`));
    await page.goto(url);
    await page.waitForFunction(() => window.__result, null, { timeout: timeoutMs, polling: 5 });
    const seen = await page.evaluate(readLoad, API_PATH);
    if (settleMs > 0) await page.waitForTimeout(settleMs);
    return { ...seen, wasmRequests, messages };
  } finally {
    await context.close();
  }
}

/** Problems with how a page with the preload hint got its .wasm: none when exactly one request
 * was made, by the `<link rel="preload">` (initiator `parser`, Resource Timing `link`), the
 * glue's fetch took that response, and Chromium reported no unused or mismatched preload. */
export function preloadProblems(load) {
  const problems = [];
  if (load.wasmRequests.length !== 1) problems.push(`${load.wasmRequests.length} .wasm requests (${load.wasmRequests.map((r) => `${r.type} by ${r.initiator}`).join(", ")}), expected the preload's one`);
  else if (load.wasmRequests[0].initiator !== "parser") problems.push(`the .wasm request was initiated by ${load.wasmRequests[0].initiator}, not by the page's <link> (parser)`);
  if (load.wasmEntries.length !== 1 || load.wasmEntries[0].initiatorType !== "link") problems.push(`Resource Timing: ${JSON.stringify(load.wasmEntries.map((e) => e.initiatorType))}, expected one "link" entry`);
  const warnings = load.messages.filter((m) => /preload/i.test(m));
  if (warnings.length) problems.push(...warnings);
  return problems;
}
