// Headless Chromium driven over the DevTools protocol with only what the benchmarks need:
// `openPage`, one page with Runtime (evaluate, console, errors) and, until the page has loaded,
// Fetch (to add the COOP/COEP headers to the page's own response); `coldBrowser`, cold loads of
// built pages (bench/cold-start.mjs), each in a fresh browser context, with no domain enabled.
// Not Playwright: Playwright enables the Network domain on every page it drives, and then
// Chromium records every request for DevTools, with a stack trace of the code that started it. Measured for issue 21 (bench/README.md): that costs
// each request about 0.5 ms, and more the deeper the stack that calls fetch(), which no user's
// page pays. Chromium is started with --remote-debugging-pipe (messages are JSON, each ended by a
// NUL byte, on file descriptors 3 and 4), so nothing else is needed.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** Starts headless Chromium (`args` added to its command line) with the protocol on a pipe.
 * Returns { send(method, params, sessionId), listeners, gone(), close() }. */
function launch(args) {
  const profile = mkdtempSync(join(tmpdir(), "logto-bench-chromium-"));
  const chromium = spawn(CHROMIUM, ["--headless=new", "--remote-debugging-pipe", `--user-data-dir=${profile}`, ...args, "about:blank"], {
    stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"],
    detached: true, // its own process group, so that close() ends its helper processes too
  });
  let stderr = "";
  chromium.stdio[2].on("data", (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const pending = new Map();
  const listeners = [];
  let nextId = 0;
  let buffer = "";
  // Once Chromium is gone (it exited, or could not be started), every request in flight and
  // every later one rejects with why; the pipes' errors then (EPIPE, ECONNRESET) say nothing more.
  let gone;
  const exited = new Promise((resolve) => {
    chromium.once("exit", resolve);
    chromium.once("error", resolve);
  });
  exited.then((why) => {
    const detail = why instanceof Error ? why.message : stderr.trim().split("\n").slice(-3).join(" / ");
    gone = new Error(`Chromium exited: ${detail}`);
    for (const { reject } of pending.values()) reject(gone);
    pending.clear();
  });
  for (const pipe of [chromium.stdio[3], chromium.stdio[4]]) pipe.on("error", () => {});
  chromium.stdio[4].on("data", (chunk) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf("\0")) >= 0) {
      const message = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      if (message.id !== undefined && pending.has(message.id)) {
        const { resolve, reject, method } = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result);
      } else if (message.method) {
        for (const listener of listeners) listener(message);
      }
    }
  });
  const send = (method, params = {}, sessionId = undefined) =>
    new Promise((resolve, reject) => {
      if (gone) return reject(gone);
      const id = (nextId += 1);
      pending.set(id, { resolve, reject, method });
      chromium.stdio[3].write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });
  const close = async () => {
    chromium.stdio[3].end();
    const group = (signal) => {
      try {
        process.kill(-chromium.pid, signal);
      } catch {
        // already gone
      }
    };
    const killed = setTimeout(() => group("SIGKILL"), 5000);
    group("SIGTERM");
    await exited;
    clearTimeout(killed);
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  return { send, listeners, gone: () => gone, close };
}

/**
 * Opens `url` in a fresh headless Chromium (`args` added to its command line), cross-origin
 * isolated (performance.now() then ticks in 5 µs), and waits until `ready` (an expression) is
 * true. Returns { version, evaluate(expression), errors, close() }; `onLog(text)` gets the page's
 * console.log lines.
 */
export async function openPage(url, { args = [], ready, onLog = () => {}, timeoutMs = 30_000 } = {}) {
  const { send, listeners, gone: goneNow, close } = launch(args);
  try {
    const { product } = await send("Browser.getVersion");
    const { targetId } = await send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
    const page = (method, params) => send(method, params, sessionId);
    const errors = [];
    listeners.push(async ({ method, params, sessionId: from }) => {
      if (from !== sessionId) return;
      if (method === "Runtime.consoleAPICalled") {
        const text = params.args.map((a) => a.value ?? a.description ?? "").join(" ");
        if (params.type === "log") onLog(text);
        else if (params.type === "error") errors.push(text);
      } else if (method === "Runtime.exceptionThrown") {
        errors.push(params.exceptionDetails.exception?.description ?? params.exceptionDetails.text);
      } else if (method === "Fetch.requestPaused") {
        const body = await page("Fetch.getResponseBody", { requestId: params.requestId });
        await page("Fetch.fulfillRequest", {
          requestId: params.requestId,
          responseCode: params.responseStatusCode,
          responseHeaders: [
            ...params.responseHeaders,
            { name: "Cross-Origin-Opener-Policy", value: "same-origin" },
            { name: "Cross-Origin-Embedder-Policy", value: "require-corp" },
          ],
          body: body.base64Encoded ? body.body : Buffer.from(body.body).toString("base64"),
        });
      }
    });
    await page("Runtime.enable");
    await page("Fetch.enable", { patterns: [{ urlPattern: url, requestStage: "Response" }] });
    await page("Page.navigate", { url });
    const evaluate = async (expression) => {
      const { result, exceptionDetails } = await page("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value;
    };
    const deadline = Date.now() + timeoutMs;
    while (!(await evaluate(`Boolean(${ready})`).catch(() => false))) {
      if (goneNow()) throw goneNow();
      if (Date.now() > deadline) throw new Error(`${url} was not ready (${ready}) within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await page("Fetch.disable");
    return { version: product.replace(/^[^/]*\//, ""), evaluate, errors, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Starts headless Chromium for cold loads (`args` added to its command line). Returns
 * { version, load(url, { ready, read, timeoutMs }), close() }: `load` opens `url` in a fresh
 * browser context (empty cache, no cookies), waits until the expression `ready` is true, resolves
 * with the value of the expression `read`, and disposes of the context. No protocol domain is
 * enabled in the page (`Runtime.evaluate` needs none), so nothing records its requests.
 */
export async function coldBrowser({ args = [] } = {}) {
  const { send, gone, close } = launch(args);
  try {
    const { product } = await send("Browser.getVersion");
    const load = async (url, { ready, read, timeoutMs = 30_000 }) => {
      const { browserContextId } = await send("Target.createBrowserContext");
      try {
        const { targetId } = await send("Target.createTarget", { url: "about:blank", browserContextId });
        const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
        const evaluate = async (expression) => {
          const { result, exceptionDetails } = await send("Runtime.evaluate", { expression, returnByValue: true }, sessionId);
          if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
          return result.value;
        };
        await send("Page.navigate", { url }, sessionId);
        const deadline = Date.now() + timeoutMs;
        while (!(await evaluate(`Boolean(${ready})`).catch(() => false))) {
          if (gone()) throw gone();
          if (Date.now() > deadline) throw new Error(`${url} was not ready (${ready}) within ${timeoutMs} ms`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        return await evaluate(read);
      } finally {
        await send("Target.disposeBrowserContext", { browserContextId }).catch(() => {});
      }
    };
    return { version: product.replace(/^[^/]*\//, ""), load, close };
  } catch (error) {
    await close();
    throw error;
  }
}
