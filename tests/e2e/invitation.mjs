// End-to-end test of the invitee's side of the demo (www/) in headless Debian Chromium, driven by
// playwright-core, in the production shape: scripts/demo-server.mjs serves the built page, the
// package's proxy at /logto and the package's createInvitationAcceptance at /api/invitations,
// in front of the local Logto-compatible server (production-mode CORS, the fake email connector).
//
// Covers: Acme's admin invites from the dashboard (create without messagePayload, then the
// message); the link is taken from the fake email connector (`GET /__mock/emails`); the invitee,
// not signed in, gets the sign-in, signs in with their account (primary email matching in
// another case) and is back on the page, which shows the organization's name, the inviter, the
// roles and the expiry; accepting makes them a member with the roles (read back through the
// Management API) and offers to switch to the organization; a second accept is refused (409,
// and a stale page says so); another user, and an unknown ID, get the same "not found"; an
// expired and a revoked invitation say so and cannot be accepted; the demo with a real Logto says
// how the app's own sign-in provides `userId`; the page at phone size; the demo server's own reads
// of Logto end within their 10 s limit (`/demo/session` 502). axe-core on each screen
// (fails on a serious or critical violation).
//
// Usage: node tests/e2e/invitation.mjs (after scripts/build.sh and `npm --prefix www run build`;
// it starts its own servers). Screenshots go to artifacts/screenshots/, the axe-core results to
// artifacts/axe-invitation.json. Fails on any console error or unhandled rejection, except
// Chromium's "Failed to load resource: the server responded with a status of ..." lines (the
// 401, 404, 409 and 410 answers provoked on purpose). Ends with `invitation-e2e: N passed, M failed`.
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, localServer, startDemo } from "./servers.mjs";
import { assert, createWalk, eventually, SHOTS } from "./walk.mjs";

const ACME = "acme7k2m9q4x";
const GLOBEX = "globex3p8r1v";
const INITECH = "initech5w2z6";
const ROLE_MEMBER = "rolemember000000000m1";
const ROLE_VIEWER = "roleviewer000000000v1";
const FRANK = { id: "usrfrank0006", label: "Frank Miller", email: "frank.miller@example.com" }; // primary email Frank.Miller@example.com
const DAY = 86_400_000;

const walk = createWalk("invitation");
const { step, watch, axe } = walk;


// ----- the local server's controls (not under test) --------------------------------------------

let logtoUrl;
let pageUrl;

const { admin, mock } = localServer(() => logtoUrl);

/** A new invitation made behind the page's back (for the expired, revoked and stale cases). */
async function seedInvitation(invitee, organizationId, expiresAt, organizationRoleIds = []) {
  const created = await admin("POST", "/organization-invitations", { invitee, organizationId, expiresAt, organizationRoleIds });
  assert(created.status === 201, `seeded an invitation for ${invitee}: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.id;
}

// ----- page helpers ---------------------------------------------------------------------------

/** The demo sign-in from the dashboard's start page (as someone opening the demo would). */
async function signInOnDashboard(page, who) {
  await page.goto(`${pageUrl}/`);
  await page.getByRole("heading", { name: "Sign in to the demo" }).waitFor();
  await page.getByRole("button", { name: new RegExp(`^${who}`) }).click();
  await page.getByRole("button", { name: "Switch user" }).waitFor();
}

/** fetch() from the page (as someone editing the requests would): status, code, text. */
function pageFetch(page, method, path, { json = true } = {}) {
  return page.evaluate(
    async ([method, path, json]) => {
      const response = await fetch(path, { method, headers: json && method === "POST" ? { "Content-Type": "application/json" } : {}, body: method === "POST" ? "{}" : undefined });
      const text = await response.text();
      let code = null;
      try {
        code = JSON.parse(text).code ?? null;
      } catch {
        // not JSON
      }
      const headers = [...response.headers].filter(([name]) => name !== "date").sort();
      return { status: response.status, code, text, headers };
    },
    [method, path, json],
  );
}

const heading = (page) => page.locator("#invitation h2, #signin h2").first();

async function headingIs(page, text) {
  await eventually(async () => assert((await heading(page).innerText()) === text, `the heading is "${text}": "${await heading(page).innerText().catch(() => "")}"`));
}

// ----- the walk -------------------------------------------------------------------------------

const servers = await startDemo({ logtoArgs: ["--email-connector"], real: true });
({ logtoUrl, pageUrl } = servers);
const { realPageUrl } = servers;
console.log(`the page, its proxy and the acceptance endpoint at ${pageUrl}; Logto (production-mode CORS, email connector) at ${logtoUrl}`);

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
try {
  let invitationId = null;
  let link = null;

  // ----- Acme's admin invites Frank -----
  const adminContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const ap = await adminContext.newPage();
  watch(ap, "Acme's admin");
  await step("Acme's admin invites frank.miller@example.com (member, viewer) from the dashboard; the email's link is the invitation's page", ap, async () => {
    await signInOnDashboard(ap, "Alice Johnson");
    const emailsBefore = (await mock("GET", "/emails")).body.length;
    await ap.getByRole("button", { name: "Invite", exact: true }).click();
    const form = ap.getByRole("dialog", { name: "Invite to an organization" });
    await form.waitFor();
    await form.getByLabel("Invitee email").fill(FRANK.email);
    await form.getByRole("checkbox", { name: "member", exact: true }).check();
    await form.getByRole("checkbox", { name: "viewer", exact: true }).check();
    await form.getByRole("combobox", { name: "Inviter" }).selectOption({ label: "Alice Johnson (alice@acme.example)" });
    await form.getByRole("checkbox", { name: /Send the invitation email/ }).check();
    await form.getByRole("button", { name: "Create invitation" }).click();
    await form.waitFor({ state: "hidden" });
    await eventually(async () => assert(/Invitation created for frank\.miller@example\.com and the email sent/.test(await ap.locator("#notice").innerText()), "the notice"));
    const emails = await eventually(async () => {
      const all = (await mock("GET", "/emails")).body.slice(emailsBefore);
      assert(all.length === 1, `one email: ${JSON.stringify(all)}`);
      return all;
    });
    assert(emails[0].to.toLowerCase() === FRANK.email, `to Frank: ${emails[0].to}`);
    invitationId = emails[0].invitationId;
    link = emails[0].payload.link;
    assert(link === `${pageUrl}/invitations/${invitationId}`, `the link is the invitation's page: ${link}`);
  });
  await adminContext.close();

  // ----- the invitee -----
  const inviteeContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await inviteeContext.newPage();
  watch(page, "invitee");
  await step("not signed in, the link opens the sign-in; the invitee picks their account and is back on the invitation", page, async () => {
    assert(link !== null, "a link from the email");
    await page.goto(link);
    await headingIs(page, "Sign in to see your invitation");
    assert(!(await page.locator("#main").isVisible()), "no dashboard on the invitation page");
    const text = await page.locator("#signin").innerText();
    assert(/Demo sign-in, not a real session/.test(text) && /invited person's account/.test(text), `says what it is: ${text}`);
    const answer = await pageFetch(page, "GET", `/api/invitations/${invitationId}`);
    assert(answer.status === 401 && answer.code === "proxy.unauthenticated", `401 proxy.unauthenticated: ${answer.status} ${answer.text}`);
    await page.screenshot({ path: join(SHOTS, "invitation-01-sign-in-1280x800.png") });
    await axe(page, "invitation: sign in");
    await page.getByRole("button", { name: new RegExp(`^${FRANK.label}`) }).click();
    await page.waitForURL(link);
    await headingIs(page, "Join Acme Corporation");
  });

  await step("the invitation shows the organization's name, the inviter, the roles and the expiry, and no email", page, async () => {
    const text = await page.locator("#invitation").innerText();
    assert(/Alice Johnson invited you to join Acme Corporation as member, viewer\./.test(text), `the sentence: ${text}`);
    const facts = await page.locator(".invitation-facts").innerText();
    assert(/Organization\s+Acme Corporation/.test(facts) && /Invited by\s+Alice Johnson/.test(facts), `the facts: ${facts}`);
    assert(/Roles\s+member\s+viewer/.test(facts) && /Expiry\s+expires in 7 days/.test(facts), `roles and expiry: ${facts}`);
    assert(/Signed in as Frank Miller/.test(text), `who is signed in: ${text}`);
    const answer = await pageFetch(page, "GET", `/api/invitations/${invitationId}`);
    assert(answer.status === 200 && !answer.text.includes("@"), `200 and no email in the answer: ${answer.text}`);
    assert(await page.evaluate(() => document.activeElement?.id === "invitation-title"), "focus is on the heading");
    await page.screenshot({ path: join(SHOTS, "invitation-02-pending-1280x800.png") });
    await axe(page, "invitation: pending");
  });

  await step("accepting makes Frank a member of Acme with the roles (Management API) and offers to switch to it", page, async () => {
    await page.getByRole("button", { name: "Accept and join Acme Corporation" }).click();
    await headingIs(page, "You joined Acme Corporation");
    const href = await page.getByRole("link", { name: "Switch to Acme Corporation" }).getAttribute("href");
    assert(href === `/?organizationId=${ACME}`, `switches to the organization: ${href}`);
    const members = await admin("GET", `/organizations/${ACME}/users?page=1&page_size=100`);
    const frank = members.body.find((u) => u.id === FRANK.id);
    const roles = (frank?.organizationRoles ?? []).map((r) => r.id).sort();
    assert(JSON.stringify(roles) === JSON.stringify([ROLE_MEMBER, ROLE_VIEWER]), `a member with the roles: ${JSON.stringify(frank)}`);
    const stored = await admin("GET", `/organization-invitations/${invitationId}`);
    assert(stored.body.status === "Accepted" && stored.body.acceptedUserId === FRANK.id, `Accepted by Frank: ${JSON.stringify(stored.body)}`);
    await page.screenshot({ path: join(SHOTS, "invitation-03-joined-1280x800.png") });
    await axe(page, "invitation: joined");
  });

  await step("a second accept is refused: 409 proxy.invitation_accepted; the page says it was accepted", page, async () => {
    const again = await pageFetch(page, "POST", `/api/invitations/${invitationId}/accept`);
    assert(again.status === 409 && again.code === "proxy.invitation_accepted", `409 proxy.invitation_accepted: ${again.status} ${again.text}`);
    await page.reload();
    await headingIs(page, "This invitation was already accepted");
    assert((await page.getByRole("button", { name: /^Accept/ }).count()) === 0, "nothing to accept");
    // A page opened before someone accepted it: its Accept gets the 409, and says so.
    const stale = await seedInvitation(FRANK.email, GLOBEX, Date.now() + DAY, [ROLE_MEMBER]);
    await page.goto(`${pageUrl}/invitations/${stale}`);
    await headingIs(page, "Join Globex");
    const first = await pageFetch(page, "POST", `/api/invitations/${stale}/accept`);
    assert(first.status === 200 && JSON.parse(first.text).organizationId === GLOBEX, `accepted elsewhere: ${first.status} ${first.text}`);
    await page.getByRole("button", { name: "Accept and join Globex" }).click();
    await headingIs(page, "This invitation was already accepted");
    const note = await page.locator(".invitation-note").innerText();
    assert(/Not accepted/.test(note), `the refusal is said: ${note}`);
    await axe(page, "invitation: already accepted");
  });

  await step("another user gets \"not found\", exactly as for an unknown ID, and can switch account", page, async () => {
    const pending = await seedInvitation("someone-else@example.com", ACME, Date.now() + DAY);
    const theirs = await pageFetch(page, "GET", `/api/invitations/${pending}`);
    const unknown = await pageFetch(page, "GET", `/api/invitations/inv_does_not_exist`);
    assert(theirs.status === 404 && theirs.code === "entity.not_found", `404 entity.not_found: ${theirs.status} ${theirs.text}`);
    assert(theirs.text === unknown.text && JSON.stringify(theirs.headers) === JSON.stringify(unknown.headers), "byte-identical to an unknown ID");
    const acceptTheirs = await pageFetch(page, "POST", `/api/invitations/${pending}/accept`);
    assert(acceptTheirs.status === 404 && acceptTheirs.text === unknown.text, `accepting it: the same 404: ${acceptTheirs.status}`);
    await page.goto(`${pageUrl}/invitations/${pending}`);
    await headingIs(page, "Invitation not found");
    const text = await page.locator("#invitation").innerText();
    assert(/addressed to Frank Miller \(Frank\.Miller@example\.com\)/.test(text) && !text.includes("someone-else"), `names who is signed in, not the invitee: ${text}`);
    await page.screenshot({ path: join(SHOTS, "invitation-04-not-found-1280x800.png") });
    await axe(page, "invitation: not found");
    await page.goto(`${pageUrl}/invitations/inv_does_not_exist`);
    await headingIs(page, "Invitation not found");
    const stored = await admin("GET", `/organization-invitations/${pending}`);
    assert(stored.body.status === "Pending", "their invitation is untouched");
    await page.getByRole("button", { name: "Sign in with another account" }).click();
    await headingIs(page, "Sign in to see your invitation");
  });

  await step("an expired invitation says so and cannot be accepted (410 proxy.invitation_expired); a revoked one too", page, async () => {
    await page.getByRole("button", { name: /^Bob Smith/ }).click();
    await headingIs(page, "Invitation not found");
    const expiring = await seedInvitation("bob@acme.example", GLOBEX, Date.now() + 1_500);
    const revoked = await seedInvitation("bob@acme.example", INITECH, Date.now() + DAY);
    assert((await admin("PUT", `/organization-invitations/${revoked}/status`, { status: "Revoked" })).status === 200, "revoked");
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await page.goto(`${pageUrl}/invitations/${expiring}`);
    await headingIs(page, "This invitation has expired");
    const text = await page.locator("#invitation").innerText();
    assert(/The invitation to join Globex expired/.test(text), `says it expired: ${text}`);
    assert((await page.getByRole("button", { name: /^Accept/ }).count()) === 0, "nothing to accept");
    const accept = await pageFetch(page, "POST", `/api/invitations/${expiring}/accept`);
    assert(accept.status === 410 && accept.code === "proxy.invitation_expired", `410 proxy.invitation_expired: ${accept.status} ${accept.text}`);
    await page.screenshot({ path: join(SHOTS, "invitation-05-expired-1280x800.png") });
    await axe(page, "invitation: expired");
    await page.goto(`${pageUrl}/invitations/${revoked}`);
    await headingIs(page, "This invitation was revoked");
    const refused = await pageFetch(page, "POST", `/api/invitations/${revoked}/accept`);
    assert(refused.status === 410 && refused.code === "proxy.invitation_revoked", `410 proxy.invitation_revoked: ${refused.status} ${refused.text}`);
    const members = await admin("GET", `/organizations/${GLOBEX}/users?page=1&page_size=100`);
    assert(!members.body.some((u) => u.id === "usrbob000002"), "Bob did not join Globex");
  });

  await step("the accept is JSON only and same-origin: a form-like POST is 415", page, async () => {
    const pendingForBob = await seedInvitation("bob@acme.example", GLOBEX, Date.now() + DAY);
    const plain = await pageFetch(page, "POST", `/api/invitations/${pendingForBob}/accept`, { json: false });
    assert(plain.status === 415 && plain.code === "proxy.unsupported_media_type", `415: ${plain.status} ${plain.text}`);
    assert((await admin("GET", `/organization-invitations/${pendingForBob}`)).body.status === "Pending", "still Pending");
  });
  await inviteeContext.close();

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, hasTouch: true, isMobile: true });
  const small = await phone.newPage();
  watch(small, "phone");
  await step("the invitation page at 390x844", small, async () => {
    const id = await seedInvitation("dan@initech.example", ACME, Date.now() + 3 * DAY, [ROLE_VIEWER]);
    await small.goto(`${pageUrl}/invitations/${id}`);
    await headingIs(small, "Sign in to see your invitation");
    await small.getByRole("button", { name: /^Dan Lee/ }).click();
    await headingIs(small, "Join Acme Corporation");
    const overflow = await small.evaluate(() => Math.max(document.documentElement.scrollWidth, window.innerWidth) - 390);
    assert(overflow <= 0, `no horizontal scrolling (${overflow}px too wide)`);
    const box = await small.getByRole("button", { name: "Accept and join Acme Corporation" }).boundingBox();
    assert(box && box.x >= 0 && box.x + box.width <= 390 && box.height >= 28, `the button fits and is tappable: ${JSON.stringify(box)}`);
    await small.screenshot({ path: join(SHOTS, "invitation-06-phone-390x844.png") });
    await axe(small, "invitation: pending (phone)");
  });
  await phone.close();

  // ----- the demo with a real Logto: no demo sign-in -----
  const realContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const rp = await realContext.newPage();
  watch(rp, "real Logto");
  await step("with a real Logto the page says how the app's own sign-in provides userId; nothing reaches Logto", rp, async () => {
    const seq = (await mock("GET", "/requests?since=999999999")).body.lastSeq;
    await rp.goto(`${realPageUrl}/invitations/${invitationId}`);
    await headingIs(rp, "Sign in to see your invitation");
    const text = await rp.locator("#signin").innerText();
    assert(/userId/.test(text) && /Logto sign-in/.test(text) && /sub/.test(text), `says how userId is provided: ${text}`);
    assert((await rp.getByRole("button", { name: /Frank Miller/ }).count()) === 0, "no demo sign-in");
    // A forged demo cookie changes nothing: with a real Logto, userId is the app's session's.
    await realContext.addCookies([{ name: "demo_user", value: `user:${FRANK.id}`, url: realPageUrl }]);
    const answer = await pageFetch(rp, "GET", `/api/invitations/${invitationId}`);
    assert(answer.status === 401 && answer.code === "proxy.unauthenticated", `401: ${answer.status} ${answer.text}`);
    const reached = (await mock("GET", `/requests?since=${seq}`)).body.requests.filter((r) => r.path.startsWith("/api/"));
    assert(reached.length === 0, `nothing reached Logto: ${JSON.stringify(reached.map((r) => r.path))}`);
    await rp.screenshot({ path: join(SHOTS, "invitation-07-real-logto-1280x800.png") });
    await axe(rp, "invitation: real Logto, no sign-in");
  });
  await realContext.close();

  // ----- the demo's own reads of Logto have a time limit -----
  await step("a Logto that never answers the demo's own reads: /demo/session (the invitation page's first request) answers 502 within the demo's 10 s limit", null, async () => {
    await new Promise((resolve) => setTimeout(resolve, 5_500)); // the demo's directory cache (5 s) has expired
    const armed = await mock("POST", "/faults", { fault: "delay=60000", method: "GET", path: "/api/users" });
    assert(armed.status === 201, `armed the delay: ${armed.status}`);
    const t0 = Date.now();
    const answer = await fetch(`${pageUrl}/demo/session`, { signal: AbortSignal.timeout(20_000) }).then(
      async (response) => ({ status: response.status, code: (await response.json().catch(() => ({}))).code }),
      (error) => ({ status: null, code: error.name }),
    );
    const took = Date.now() - t0;
    assert(answer.status === 502 && answer.code === "demo.logto_unavailable", `502 demo.logto_unavailable: ${JSON.stringify(answer)} after ${took} ms`);
    assert(took >= 9_000 && took < 15_000, `within the limit: ${took} ms`);
  });
} catch (error) {
  walk.stopped(error);
} finally {
  await browser.close();
  servers.stop();
}

walk.finish();
