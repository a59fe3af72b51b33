// What the end-to-end walks (dashboard.mjs, invitation.mjs) share: `assert`, `eventually`, and a
// walk of named steps: each timed and counted, a failing step's screenshot under
// artifacts/screenshots, console problems and axe-core results collected, and the closing
// summary line `<name>: N passed, M failed` with the exit code (0 only with no failure and at
// least one step passed).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { axeLine, axeScreen, BLOCKING } from "./axe.mjs";
import { ARTIFACTS, HTTP_ERROR_LINE } from "./servers.mjs";

/** Where the walks' screenshots go. */
export const SHOTS = join(ARTIFACTS, "screenshots");

/** Throws `message` unless `condition`. */
export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Retries `check` until it stops throwing (the page updates asynchronously). */
export async function eventually(check, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * A walk named `name` (its screenshots `<name>-failure-N.png`, its axe-core results
 * artifacts/axe-<name>.json). `afterFailure(page)` runs after a failing step's screenshot.
 */
export function createWalk(name, { afterFailure } = {}) {
  const started = Date.now();
  mkdirSync(SHOTS, { recursive: true });
  for (const file of readdirSync(SHOTS)) if (file.startsWith(`${name}-failure-`)) rmSync(join(SHOTS, file));
  const walk = {
    passed: 0,
    failed: 0,
    /** Console errors and page errors, each a failure at the end. */
    problems: [],
    /** axe-core's results, one per screen. */
    axeResults: [],
    /** Console error lines (patterns) the current step expects; cleared after every step. */
    allowedConsole: [],

    /**
     * Counts `page`'s console errors and uncaught errors as problems, except the browser's line
     * for an HTTP error answer and what the current step allowed.
     */
    watch(page, label) {
      page.on("console", (message) => {
        if (message.type() !== "error") return;
        const text = message.text();
        if (text.startsWith(HTTP_ERROR_LINE) || walk.allowedConsole.some((pattern) => pattern.test(text))) return;
        walk.problems.push(`${label}: console error: ${text}`);
      });
      page.on("pageerror", (error) => walk.problems.push(`${label}: page error (uncaught exception or unhandled rejection): ${error.message}`));
    },

    /** axe-core on the page as it is; fails on any serious or critical violation. */
    async axe(page, screen) {
      const result = await axeScreen(page, screen);
      walk.axeResults.push(result);
      console.log(`  ${axeLine(result)}`);
      const blocking = result.violations.filter((v) => BLOCKING.has(v.impact));
      assert(blocking.length === 0, `axe-core on "${screen}": ${blocking.map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.join(" | ")}`).join("; ")}`);
    },

    /** Runs one step: `ok - name` or `not ok - name: why`, with a screenshot of `page`. */
    async step(title, page, body) {
      const t0 = Date.now();
      try {
        await body();
        walk.passed += 1;
        console.log(`ok - ${title} (${Date.now() - t0} ms)`);
      } catch (error) {
        walk.failed += 1;
        console.log(`not ok - ${title}: ${error instanceof Error ? error.message.split("\n")[0] : error}`);
        if (page) {
          const file = join(SHOTS, `${name}-failure-${walk.passed + walk.failed}.png`);
          await page.screenshot({ path: file }).catch(() => {});
          console.log(`  screenshot: ${file}`);
          await afterFailure?.(page);
        }
      } finally {
        walk.allowedConsole = [];
      }
    },

    /** The walk itself threw: one failure. */
    stopped(error) {
      walk.failed += 1;
      console.log(`not ok - the walk stopped: ${error instanceof Error ? error.stack : error}`);
    },

    /** Counts the problems, writes the axe-core results, prints the summary and exits. */
    finish() {
      for (const problem of walk.problems) {
        walk.failed += 1;
        console.log(`not ok - ${problem}`);
      }
      writeFileSync(join(ARTIFACTS, `axe-${name}.json`), `${JSON.stringify(walk.axeResults, null, 2)}\n`);
      const blocking = walk.axeResults.reduce((n, r) => n + r.counts.serious + r.counts.critical, 0);
      const other = walk.axeResults.reduce((n, r) => n + r.counts.moderate + r.counts.minor, 0);
      console.log(`axe-core: ${walk.axeResults.length} screens, ${blocking} serious or critical violations, ${other} moderate or minor (artifacts/axe-${name}.json)`);
      console.log(`screenshots in ${SHOTS}; took ${((Date.now() - started) / 1000).toFixed(1)} s`);
      console.log(`${name}-e2e: ${walk.passed} passed, ${walk.failed} failed`);
      process.exit(walk.failed === 0 && walk.passed > 0 ? 0 : 1);
    },
  };
  return walk;
}
