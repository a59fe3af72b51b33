import { chromium } from "playwright-core";
const SERVER = process.env.SERVER_URL, TOKEN = "dev-token";
const api = async (m, p, b, auth = true) => (await fetch(SERVER + p, { method: m, headers: { ...(auth ? { Authorization: `Bearer ${TOKEN}` } : {}), "Content-Type": "application/json" }, body: b && JSON.stringify(b) })).json();
const org = await api("POST", "/api/organizations", { name: "g" + Date.now() });
await api("POST", "/__mock/bulk-invitations", { organizationId: org.id, count: 3 }, false);
const [inv] = await api("GET", `/api/organization-invitations?organizationId=${org.id}`);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--js-flags=--expose-gc"] });
const page = await browser.newPage();
const pageUrl = `${SERVER}/bench/bench.html`;
await page.route(pageUrl, async (route) => { const r = await route.fetch(); await route.fulfill({ response: r, headers: { ...r.headers(), "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" } }); });
await page.goto(pageUrl); await page.unrouteAll();
const out = await page.evaluate(async ({ id, token, N }) => {
  const { OrganizationInvitationsApi, default: init } = await import("/pkg/index.js");
  await init();
  const api = new OrganizationInvitationsApi({ baseUrl: location.origin, accessToken: token });
  const url = `${location.origin}/api/organization-invitations/${id}`;
  const headers = { Authorization: `Bearer ${token}`, Accept: "application/json" };
  const c = {
    fetch: () => fetch(url, { headers }).then((r) => r.json()),
    package: () => api.getOrganizationInvitation(id),
    mimic: () => fetch(url, { method: "GET", headers: { accept: "application/json", authorization: `Bearer ${token}` } }).then((r) => { r.headers.get("logto-core-request-id"); return r.json(); }),
    fetchText: () => fetch(url, { headers }).then((r) => r.text()).then(JSON.parse),
    headersOnly: () => fetch(url, { headers }).then((r) => r.arrayBuffer()),
  };
  performance.setResourceTimingBufferSize(1000000);
  const names = ["fetch", "package"], s = Object.fromEntries(names.map((n) => [n, { total: [], before: [], net: [], after: [], ttfb: [] }]));
  for (let i = -50; i < N; i++) for (let k = 0; k < names.length; k++) {
    const n = names[(i + 50 + k) % names.length];
    performance.clearResourceTimings();
    const t = performance.now(); await c[n](); const e = performance.now();
    const r = performance.getEntriesByType("resource").filter((x) => x.name.includes("/api/organization-invitations/"));
    if (i >= 0 && r.length === 1) { const x = r[0]; s[n].total.push(e - t); s[n].before.push(x.startTime - t); s[n].net.push(x.responseEnd - x.startTime); s[n].after.push(e - x.responseEnd); s[n].ttfb.push(x.responseStart - x.requestStart); }
  }
  const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
  return Object.fromEntries(names.map((n) => [n, Object.fromEntries(Object.entries(s[n]).map(([k, v]) => [k, +med(v).toFixed(3)]))]));
}, { id: inv.id, token: TOKEN, N: Number(process.env.N ?? 400) });
console.log(out);
await browser.close();
