// bench/cdp.mjs when Chromium goes away: a page whose Chromium exited (a crash, the OOM killer)
// rejects every later evaluate at once, naming the exit, instead of leaving the benchmark
// waiting forever; close() still ends and removes the profile directory. Kills only the
// Chromium this test started (the child of this process, by its PID).
// Usage: node tests/bench/cdp.mjs
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { coldBrowser, openPage } from "../../bench/cdp.mjs";

let failed = 0;
const check = (name, ok, detail = "") => {
  if (!ok) failed += 1;
  console.log(`${ok ? "ok" : "not ok"} - ${name}${ok ? "" : `: ${detail}`}`);
};
const profiles = () => readdirSync(tmpdir()).filter((name) => name.startsWith("logto-bench-chromium-"));
const before = new Set(profiles());
const within = (promise, ms) =>
  Promise.race([promise.then((value) => ({ value }), (error) => ({ error })), new Promise((resolve) => setTimeout(() => resolve({ timedOut: true }), ms))]);

const page = await openPage("data:text/html,<p>bench</p>", { args: ["--no-sandbox"], ready: "document.readyState === 'complete'" });
check("a page opens and evaluates", (await page.evaluate("6 * 7")) === 42);
const [chromium] = execFileSync("ps", ["-o", "pid=", "--ppid", String(process.pid)]).toString().trim().split(/\s+/).map(Number);
process.kill(chromium, "SIGKILL");
await new Promise((resolve) => setTimeout(resolve, 500));
const after = await within(page.evaluate("1"), 5000);
check("an evaluate after Chromium exited rejects within 5 s", after.error !== undefined, after.timedOut ? "still pending after 5 s" : JSON.stringify(after.value));
check("and says that Chromium exited", /Chromium exited/.test(after.error?.message ?? ""), after.error?.message);
const closed = await within(page.close(), 10_000);
check("close() ends after Chromium exited", !closed.timedOut && !closed.error, closed.error?.message ?? "still pending after 10 s");
const left = profiles().filter((name) => !before.has(name));
check("the profile directory is removed", left.length === 0, left.join(", "));

// Chromium exits while openPage waits for the page to be ready: the error says so, not that the
// page was not ready in time.
const killSoon = setTimeout(() => {
  const [pid] = execFileSync("ps", ["-o", "pid=", "--ppid", String(process.pid)]).toString().trim().split(/\s+/).map(Number);
  if (pid) process.kill(pid, "SIGKILL");
}, 1500);
const opened = await within(openPage("data:text/html,<p>never ready</p>", { args: ["--no-sandbox"], ready: "false", timeoutMs: 4000 }), 10_000);
clearTimeout(killSoon);
check("an exit while waiting for the page rejects openPage saying that Chromium exited", /Chromium exited/.test(opened.error?.message ?? ""), opened.error?.message ?? JSON.stringify(opened));
const leftToo = profiles().filter((name) => !before.has(name));
check("and removes the profile directory", leftToo.length === 0, leftToo.join(", "));
// coldBrowser (bench/cold-start.mjs): each load in a fresh browser context, read once ready; a
// page that never gets ready rejects in time, and the next load still works.
const cold = await coldBrowser({ args: ["--no-sandbox"] });
try {
  const page = "data:text/html,<script>setTimeout(() => { window.__result = { seen: window.name || 'fresh' }; window.name = 'used'; }, 50)</script>";
  const first = await cold.load(page, { ready: "window.__result", read: "window.__result" });
  const second = await cold.load(page, { ready: "window.__result", read: "window.__result" });
  check("coldBrowser: a load resolves with what `read` reads once `ready` is true", first?.seen === "fresh", JSON.stringify(first));
  check("coldBrowser: the next load is a new page (window.name not carried over)", second?.seen === "fresh", JSON.stringify(second));
  const never = await within(cold.load("data:text/html,<p>never ready</p>", { ready: "false", read: "1", timeoutMs: 1000 }), 10_000);
  check("coldBrowser: a page never ready rejects within its time limit", /was not ready/.test(never.error?.message ?? ""), never.error?.message ?? JSON.stringify(never));
  const after = await within(cold.load(page, { ready: "window.__result", read: "window.__result.seen" }), 10_000);
  check("coldBrowser: and the next load still works", after.value === "fresh", JSON.stringify(after));
} finally {
  await cold.close();
}
const leftCold = profiles().filter((name) => !before.has(name));
check("coldBrowser: close() removes its profile directory", leftCold.length === 0, leftCold.join(", "));
console.log(`cdp: ${failed} failed`);
process.exit(failed ? 1 : 0);
