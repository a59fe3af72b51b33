// axe-core (from www/node_modules, an npm dev dependency of the dashboard) run inside a page
// driven by playwright-core. Used by dashboard.mjs on each screen of the demo dashboard.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const AXE = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "www", "node_modules", "axe-core", "axe.min.js");

/** Impacts that fail the test. */
export const BLOCKING = new Set(["serious", "critical"]);

/**
 * Runs axe-core on the whole document (WCAG 2.x A and AA rules plus axe's best practices) and
 * returns `{ screen, counts: {minor, moderate, serious, critical}, violations: [...] }`.
 */
export async function axeScreen(page, screen) {
  if (!existsSync(AXE)) throw new Error(`${AXE} is missing: run npm ci in www/`);
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join(" ").trim() ?? ""}`),
    }));
  });
  const counts = { minor: 0, moderate: 0, serious: 0, critical: 0 };
  for (const v of violations) counts[v.impact] = (counts[v.impact] ?? 0) + v.nodes.length;
  return { screen, counts, violations };
}

/** One line per screen for the log and the README. */
export function axeLine(result) {
  const { minor, moderate, serious, critical } = result.counts;
  const ids = result.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`).join(", ");
  return `axe ${result.screen}: ${critical} critical, ${serious} serious, ${moderate} moderate, ${minor} minor${ids ? ` [${ids}]` : ""}`;
}
