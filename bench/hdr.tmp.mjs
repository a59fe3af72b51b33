import { chromium } from "playwright-core";
const SERVER = process.env.SERVER_URL, TOKEN = "dev-token";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox"] });
const page = await browser.newPage();
page.on("request", async (r) => { if (r.url().includes("/api/")) console.log(r.method(), r.url(), JSON.stringify(await r.allHeaders())); });
await page.goto(`${SERVER}/bench/bench.html`);
await page.evaluate(async ({ token }) => {
  const { OrganizationInvitationsApi, default: init } = await import("/pkg/index.js");
  await init();
  const api = new OrganizationInvitationsApi({ baseUrl: location.origin, accessToken: token });
  await api.getOrganizationInvitation("x").catch(() => {});
  await fetch(`${location.origin}/api/organization-invitations/x`, { headers: { Authorization: `Bearer ${token}`, Accept: "application/json" } });
}, { token: TOKEN });
await browser.close();
