// End-to-end test of the demo dashboard (www/) in headless Debian Chromium, driven by
// playwright-core: walks the page as a person would (load, filter, invite, resend, revoke, accept,
// delete, connection settings, narrow screen), with the real package from pkg/ (built into
// www/dist by Vite) talking to the local Logto-compatible server.
//
// Usage: SERVER_URL=http://127.0.0.1:PORT node tests/e2e/dashboard.mjs
//   SERVER_URL: a server started with `--demo --static www/dist`. Unset: this script starts one
//   itself through scripts/server.sh (it builds nothing: run `bash scripts/demo.sh` or
//   `bash scripts/build.sh && npm --prefix www run build` first, and build the server).
// Screenshots go to artifacts/screenshots/. Fails on any console error or unhandled rejection,
// except Chromium's "Failed to load resource: the server responded with a status of ..." lines
// (the HTTP errors provoked on purpose). Ends with `dashboard-e2e: N passed, M failed`.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SHOTS = join(ROOT, "artifacts", "screenshots");
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const HTTP_ERROR_LINE = "Failed to load resource: the server responded with a status of";
const started = Date.now();

// ----- the server -----------------------------------------------------------------------------

/** Builds (if needed) and starts `logto-local-server --demo --static www/dist` through scripts/server.sh. */
async function startOwnServer() {
  const dist = join(ROOT, "www", "dist", "index.html");
  if (!existsSync(dist)) throw new Error("www/dist is not built: run `bash scripts/demo.sh` (or `npm --prefix www run build`) first");
  // The shell keeps the server running until our stdin closes (when this process ends, however
  // it ends), then stop_server runs from its EXIT trap.
  const shell = spawn(
    "bash",
    [
      "-c",
      '. scripts/server.sh && build_server && trap stop_server EXIT && start_server --demo --static "$ROOT/www/dist" && echo "SERVER_URL=$SERVER_URL" && while read -r _; do :; done',
    ],
    { cwd: ROOT, env: { ...process.env, ROOT }, stdio: ["pipe", "pipe", "inherit"] },
  );
  const url = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: shell.stdout });
    lines.on("line", (line) => {
      if (line.startsWith("SERVER_URL=")) resolve(line.slice("SERVER_URL=".length));
    });
    shell.on("exit", (code) => reject(new Error(`scripts/server.sh exited (${code}) before the server started`)));
  });
  return { url, stop: () => shell.stdin.end() };
}

/** A local port nothing listens on (connections to it are refused). */
async function closedPort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

// ----- a tiny test runner ---------------------------------------------------------------------

let passed = 0;
let failed = 0;
let problems = [];
let allowedConsole = [];

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Retries `check` until it stops throwing (the page updates asynchronously). */
async function eventually(check, timeout = 10_000) {
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

async function step(name, page, body) {
  const t0 = Date.now();
  try {
    await body();
    passed += 1;
    console.log(`ok - ${name} (${Date.now() - t0} ms)`);
  } catch (error) {
    failed += 1;
    console.log(`not ok - ${name}: ${error instanceof Error ? error.message.split("\n")[0] : error}`);
    if (page) {
      const file = join(SHOTS, `dashboard-failure-${passed + failed}.png`);
      await page.screenshot({ path: file }).catch(() => {});
      console.log(`  screenshot: ${file}`);
    }
  } finally {
    allowedConsole = [];
  }
}

function watch(page, label) {
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const text = message.text();
    if (text.startsWith(HTTP_ERROR_LINE) || allowedConsole.some((pattern) => pattern.test(text))) return;
    problems.push(`${label}: console error: ${text}`);
  });
  page.on("pageerror", (error) => problems.push(`${label}: page error (uncaught exception or unhandled rejection): ${error.message}`));
}

// ----- page helpers ---------------------------------------------------------------------------

const rows = (page) => page.locator("#rows").getByRole("row");
const row = (page, text) => rows(page).filter({ hasText: text });
const filterBar = (page) => page.getByRole("search", { name: "Filter invitations" });
const dialog = (page, name) => page.getByRole("dialog", { name });

async function waitForList(page) {
  await page.locator('#table[aria-busy="false"]').waitFor({ timeout: 15_000 });
}

async function rowTexts(page) {
  await waitForList(page);
  return rows(page).allInnerTexts();
}

async function invite(page, { email, organization, roles = [], inviter, expiry = "7 days", sendEmail = false }) {
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  const form = dialog(page, "Invite to an organization");
  await form.waitFor();
  await form.getByLabel("Invitee email").fill(email);
  await form.getByRole("combobox", { name: "Organization" }).selectOption({ label: organization });
  for (const role of roles) await form.getByRole("checkbox", { name: role, exact: true }).check();
  if (inviter) await form.getByRole("combobox", { name: "Inviter" }).selectOption({ label: inviter });
  await form.getByRole("combobox", { name: "Expires in" }).selectOption({ label: expiry });
  await form.getByRole("checkbox", { name: /Send the invitation email/ }).setChecked(sendEmail);
  await form.getByRole("button", { name: "Create invitation" }).click();
  return form;
}

async function confirmIn(page, title, button) {
  const confirm = dialog(page, title);
  await confirm.waitFor();
  await confirm.getByRole("button", { name: button }).click();
  await confirm.waitFor({ state: "hidden" });
}

// ----- the walk -------------------------------------------------------------------------------

mkdirSync(SHOTS, { recursive: true });
let server = null;
let serverUrl = process.env.SERVER_URL;
if (!serverUrl) {
  server = await startOwnServer();
  serverUrl = server.url;
  console.log(`started the local server at ${serverUrl}`);
}
serverUrl = serverUrl.replace(/\/+$/, "");

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
try {
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const newbie = `newbie-${tag}@example.com`;
  const mailed = `mailed-${tag}@example.com`;
  const joiner = { username: `joiner_${tag}`, email: `joiner-${tag}@example.com`, name: `Jo Iner ${tag}` };

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  watch(page, "desktop");

  await step("loads the dashboard with the demo invitations", page, async () => {
    await page.goto(`${serverUrl}/`);
    await page.getByRole("heading", { name: "Organization invitations" }).waitFor();
    const texts = await eventually(async () => {
      const t = await rowTexts(page);
      assert(t.length >= 8, `expected at least 8 invitations, saw ${t.length}`);
      return t;
    });
    const grace = texts.find((t) => t.includes("grace@example.com"));
    assert(grace, "grace@example.com is listed");
    assert(/Acme Corporation/.test(grace) && /member/.test(grace) && /Pending/.test(grace), `grace's row shows organization, role and status: ${grace}`);
    assert(/expires in \d+ days?/.test(grace), `grace's row shows the expiry in human terms: ${grace}`);
    assert(/by Alice Johnson/.test(grace), `grace's row names the inviter: ${grace}`);
    const judy = texts.find((t) => t.includes("judy@example.com"));
    assert(judy && /Expired/.test(judy) && /expired \d+ days? ago/.test(judy), `judy's row is Expired, "expired N days ago": ${judy}`);
    const footer = await page.getByRole("contentinfo").innerText();
    assert(footer.includes("logto-invitations") && footer.includes("/logto"), `footer names the package and the base URL: ${footer}`);
    await page.screenshot({ path: join(SHOTS, "dashboard-01-list-1280x800.png") });
  });

  await step("filters by organization (sent to Logto)", page, async () => {
    await filterBar(page).getByRole("combobox", { name: "Organization" }).selectOption({ label: "Globex" });
    await eventually(async () => {
      const texts = await rowTexts(page);
      assert(texts.length >= 3, `expected Globex's invitations, saw ${texts.length} rows`);
      assert(texts.every((t) => t.includes("Globex")), `every row is Globex's: ${texts.join(" | ")}`);
      assert(texts.some((t) => t.includes("ivan@example.com")), "ivan@example.com (Globex) is listed");
    });
  });

  await step("combines with the status filter (applied in the page)", page, async () => {
    await filterBar(page).getByRole("combobox", { name: "Status" }).selectOption("Pending");
    await eventually(async () => {
      const texts = await rowTexts(page);
      assert(texts.length >= 1, "at least one pending Globex invitation");
      assert(texts.every((t) => t.includes("Globex") && t.includes("Pending")), `only pending Globex rows: ${texts.join(" | ")}`);
      assert(!texts.some((t) => t.includes("ivan@example.com")), "the revoked ivan@example.com is hidden");
      assert(/shown/.test(await page.locator("#summary").innerText()), "the summary says how many are shown");
    });
    await page.screenshot({ path: join(SHOTS, "dashboard-02-filtered-1280x800.png") });
  });

  await step("filters by inviter", page, async () => {
    await filterBar(page).getByRole("button", { name: "Clear filters" }).click();
    await filterBar(page).getByRole("combobox", { name: "Inviter" }).selectOption({ label: "Carol Nguyen (carol@globex.example)" });
    await eventually(async () => {
      const texts = await rowTexts(page);
      assert(texts.length >= 3, `expected Carol's invitations, saw ${texts.length}`);
      assert(texts.every((t) => t.includes("by Carol Nguyen")), `every row was sent by Carol: ${texts.join(" | ")}`);
    });
  });

  await step("filters by invitee (Logto ignores case)", page, async () => {
    await filterBar(page).getByRole("button", { name: "Clear filters" }).click();
    const input = filterBar(page).getByRole("searchbox", { name: "Invitee email" });
    await input.fill("niaj.patel@EXAMPLE.com");
    await input.press("Enter");
    await eventually(async () => {
      const texts = await rowTexts(page);
      assert(texts.length === 1 && texts[0].includes("Niaj.Patel@Example.com"), `one row, Niaj's: ${texts.join(" | ")}`);
      assert(/admin/.test(texts[0]) && /viewer/.test(texts[0]), "Niaj's row shows both roles");
    });
    await filterBar(page).getByRole("button", { name: "Clear filters" }).click();
    await eventually(async () => assert((await rowTexts(page)).length >= 8, "all invitations again after clearing"));
  });

  await step("the package's own validation error shows with its field", page, async () => {
    const form = await invite(page, { email: "not-an-email", organization: "Acme Corporation" });
    const alert = form.getByRole("alert");
    await eventually(async () => {
      const text = await alert.innerText();
      assert(/invalid_input/.test(text) && /invitee/.test(text), `kind invalid_input, field invitee: ${text}`);
    });
    await form.getByRole("button", { name: "Cancel" }).click();
  });

  await step("invites someone and sees the new row", page, async () => {
    const form = await invite(page, {
      email: newbie,
      organization: "Acme Corporation",
      roles: ["member", "viewer"],
      inviter: "Alice Johnson (alice@acme.example)",
      expiry: "7 days",
    });
    await form.waitFor({ state: "hidden" });
    await eventually(async () => assert((await page.getByRole("status").innerText()).includes(`Invitation created for ${newbie}`), "a notice confirms it"));
    await eventually(async () => {
      const text = await row(page, newbie).innerText();
      assert(/Acme Corporation/.test(text), `organization: ${text}`);
      assert(/member/.test(text) && /viewer/.test(text), `roles: ${text}`);
      assert(/Pending/.test(text), `status: ${text}`);
      assert(/expires in 7 days/.test(text), `expiry: ${text}`);
      assert(/by Alice Johnson/.test(text), `inviter: ${text}`);
    });
    await page.screenshot({ path: join(SHOTS, "dashboard-03-invited-1280x800.png") });
  });

  await step("inviting with an email but no email connector shows Logto's 501 and saves nothing", page, async () => {
    const form = await invite(page, { email: mailed, organization: "Globex", roles: ["admin"], sendEmail: true });
    const alert = form.getByRole("alert");
    await eventually(async () => {
      const text = await alert.innerText();
      assert(/501/.test(text) && /connector\.not_found/.test(text), `501 connector.not_found: ${text}`);
      assert(/Cannot find any available connector for type: Email\./.test(text), `Logto's message: ${text}`);
      assert(/Request ID/.test(text), `the request id: ${text}`);
    });
    await page.screenshot({ path: join(SHOTS, "dashboard-04-invite-501-1280x800.png") });
    await form.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("button", { name: "Refresh" }).click();
    await waitForList(page);
    assert((await row(page, mailed).count()) === 0, "no invitation was saved for the failed email");
  });

  await step("resend without an email connector shows Logto's 501 message", page, async () => {
    await row(page, newbie).getByRole("button", { name: /^Resend/ }).click();
    const alert = page.getByRole("alert").filter({ hasText: "Could not resend" });
    await eventually(async () => {
      const text = await alert.innerText();
      assert(text.includes(newbie), `names the invitee: ${text}`);
      assert(/HTTP status\s*501/.test(text), `status 501: ${text}`);
      assert(/connector\.not_found/.test(text), `Logto code: ${text}`);
      assert(/Cannot find any available connector for type: Email\./.test(text), `Logto's message: ${text}`);
      assert(/Request ID\s*\S+/.test(text), `request id: ${text}`);
    });
    await page.screenshot({ path: join(SHOTS, "dashboard-05-resend-501-1280x800.png") });
    await alert.getByRole("button", { name: "Dismiss this error" }).click();
    await alert.waitFor({ state: "detached" });
  });

  await step("revokes the new invitation", page, async () => {
    await row(page, newbie).getByRole("button", { name: /^Revoke/ }).click();
    await confirmIn(page, "Revoke this invitation?", "Revoke invitation");
    await eventually(async () => {
      const text = await row(page, newbie).innerText();
      assert(/Revoked/.test(text) && /revoked just now/.test(text), `revoked: ${text}`);
    });
  });

  await step("accepting a revoked invitation shows Logto's 422 message", page, async () => {
    await row(page, newbie).getByRole("button", { name: /^Accept/ }).click();
    const form = dialog(page, "Accept on behalf of a user");
    await form.waitFor();
    await form.getByRole("combobox", { name: "Accepting user" }).selectOption({ label: "Alice Johnson (alice@acme.example)" });
    await form.getByRole("button", { name: "Accept invitation" }).click();
    await eventually(async () => {
      const text = await form.getByRole("alert").innerText();
      assert(/HTTP status\s*422/.test(text), `status 422: ${text}`);
      assert(/request\.invalid_input/.test(text), `Logto code: ${text}`);
      assert(/The status of the invitation cannot be changed anymore\./.test(text), `Logto's message: ${text}`);
      assert(/Request ID\s*\S+/.test(text), `request id: ${text}`);
    });
    await page.screenshot({ path: join(SHOTS, "dashboard-06-accept-422-1280x800.png") });
    await form.getByRole("button", { name: "Cancel" }).click();
    await form.waitFor({ state: "hidden" });
  });

  await step("deletes the revoked invitation", page, async () => {
    await row(page, newbie).getByRole("button", { name: /^Delete/ }).click();
    await confirmIn(page, "Delete this invitation?", "Delete invitation");
    await eventually(async () => {
      await waitForList(page);
      assert((await row(page, newbie).count()) === 0, "the row is gone");
    });
    assert((await page.getByRole("status").innerText()).includes(`Invitation to ${newbie} deleted.`), "a notice confirms it");
  });

  await step("accepts an invitation on behalf of the matching user", page, async () => {
    // A new Logto user (created through the same-origin proxy, as an admin tool would).
    const status = await page.evaluate(async (user) => {
      const response = await fetch("/logto/api/users", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: user.username, primaryEmail: user.email, name: user.name }),
      });
      return response.status;
    }, joiner);
    assert(status === 200 || status === 201, `the user was created (${status})`);
    await page.getByRole("button", { name: "Refresh" }).click();
    await waitForList(page);
    const form = await invite(page, { email: joiner.email, organization: "Initech", roles: ["member"] });
    await form.waitFor({ state: "hidden" });
    await row(page, joiner.email).getByRole("button", { name: /^Accept/ }).click();
    const accept = dialog(page, "Accept on behalf of a user");
    await accept.waitFor();
    const chosen = await accept.getByRole("combobox", { name: "Accepting user" }).locator("option:checked").innerText();
    assert(chosen.includes(joiner.name) && chosen.includes("email matches"), `the matching user is preselected: ${chosen}`);
    await accept.getByRole("button", { name: "Accept invitation" }).click();
    await accept.waitFor({ state: "hidden" });
    await eventually(async () => {
      const text = await row(page, joiner.email).innerText();
      assert(/Accepted/.test(text) && text.includes(`by ${joiner.name}`) && /accepted just now/.test(text), `accepted: ${text}`);
    });
    await row(page, joiner.email).getByRole("button", { name: /^Delete/ }).click();
    await confirmIn(page, "Delete this invitation?", "Delete invitation");
    await eventually(async () => assert((await row(page, joiner.email).count()) === 0, "cleaned up"));
  });

  await step("a wrong token shows Logto's 401", page, async () => {
    await page.goto(`${serverUrl}/?baseUrl=${encodeURIComponent(serverUrl)}&token=wrong-token`);
    const alert = page.getByRole("alert").filter({ hasText: "Could not load the invitations" });
    await eventually(async () => {
      const text = await alert.innerText();
      assert(/HTTP status\s*401/.test(text) && /auth\.unauthorized/.test(text), `401 auth.unauthorized: ${text}`);
      assert(/Unauthorized\. Please check credentials and its scope\./.test(text), `Logto's message: ${text}`);
    });
    assert(!page.url().includes("token="), `the token is removed from the address bar: ${page.url()}`);
  });

  await step("a direct base URL with a token works (CORS allowed like Logto's dev mode)", page, async () => {
    await page.getByRole("button", { name: "Connection" }).click();
    const form = dialog(page, "Connection");
    await form.getByLabel("Management API access token (optional)").fill("dev-token");
    await form.getByRole("button", { name: "Save and reload" }).click();
    await eventually(async () => assert((await rowTexts(page)).length >= 8, "the invitations load with the token"));
    const footer = await page.getByRole("contentinfo").innerText();
    assert(footer.includes(serverUrl) && /token …oken/.test(footer), `footer shows the base URL and a masked token: ${footer}`);
  });

  await step("an unreachable Logto shows the package's network error, which names CORS", page, async () => {
    // Chromium logs the refused connections; here they are the point of the test.
    allowedConsole = [/^Failed to load resource: net::ERR_CONNECTION_REFUSED$/];
    const unreachable = `http://127.0.0.1:${await closedPort()}`;
    await page.goto(`${serverUrl}/?baseUrl=${encodeURIComponent(unreachable)}`);
    const alert = page.getByRole("alert").filter({ hasText: "Could not load the invitations" });
    await eventually(async () => {
      const text = await alert.innerText();
      assert(/Kind\s*network/.test(text), `kind network: ${text}`);
      assert(/CORS/.test(text), `the message names CORS: ${text}`);
    });
    assert((await page.getByRole("contentinfo").innerText()).includes(unreachable), "the footer shows the base URL in use");
    await page.screenshot({ path: join(SHOTS, "dashboard-07-network-error-1280x800.png") });
    await page.getByRole("button", { name: "Connection" }).click();
    const form = dialog(page, "Connection");
    await form.getByRole("button", { name: "Use defaults" }).click();
    await form.getByRole("button", { name: "Save and reload" }).click();
    await eventually(async () => assert((await rowTexts(page)).length >= 8, "back on /logto, the invitations load"));
    assert((await page.getByRole("alert").count()) === 0, "no error left");
  });
  await context.close();

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, hasTouch: true, isMobile: true });
  const small = await phone.newPage();
  watch(small, "narrow");
  await step("stays usable at 390x844", small, async () => {
    await small.goto(`${serverUrl}/`);
    await eventually(async () => assert((await rowTexts(small)).length >= 8, "invitations listed"));
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `no horizontal scrolling (${overflow}px too wide)`);
    const box = await row(small, "grace@example.com").getByRole("button", { name: /^Revoke/ }).boundingBox();
    assert(box && box.x >= 0 && box.x + box.width <= 390 && box.height >= 28, `row buttons fit and are tappable: ${JSON.stringify(box)}`);
    await small.screenshot({ path: join(SHOTS, "dashboard-08-narrow-390x844.png") });
    await small.getByRole("button", { name: "Invite", exact: true }).click();
    const form = dialog(small, "Invite to an organization");
    await form.waitFor();
    const dialogBox = await form.boundingBox();
    assert(dialogBox && dialogBox.x >= 0 && dialogBox.x + dialogBox.width <= 390, `the invite dialog fits: ${JSON.stringify(dialogBox)}`);
    await small.screenshot({ path: join(SHOTS, "dashboard-09-narrow-invite-390x844.png") });
    await form.getByRole("button", { name: "Cancel" }).click();
  });
  await phone.close();
} catch (error) {
  failed += 1;
  console.log(`not ok - the walk stopped: ${error instanceof Error ? error.stack : error}`);
} finally {
  await browser.close();
  server?.stop();
}

for (const problem of problems) {
  failed += 1;
  console.log(`not ok - ${problem}`);
}
console.log(`screenshots in ${SHOTS}; took ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`dashboard-e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
