// @vitest-environment jsdom
// Issue 20, item 4: in Vitest's jsdom environment `window` and `document` exist, but `fetch`,
// `Request` and their streams are still Node's own, and the test's code runs in jsdom's realm.
// The client sends a cookie header as Node's fetch does, and the server entry's proxy reads a
// request body whose chunks are another realm's Uint8Array.
import { expect, test } from "vitest";
import { OrganizationInvitationsApi } from "logto-invitations";
import { clientCredentials, createInvitationsProxy } from "logto-invitations/server";

const { LOGTO_URL } = process.env;
const admin = (method, path, body) => fetch(`${LOGTO_URL}${path}`, { method, headers: { authorization: "Bearer dev-token", "content-type": "application/json" }, body: body && JSON.stringify(body) }).then((r) => r.json());

test("jsdom over Node's fetch: a cookie header is sent, not refused as in a browser", async () => {
  expect(typeof window).toBe("object");
  const api = new OrganizationInvitationsApi({ baseUrl: LOGTO_URL, accessToken: "dev-token", headers: { cookie: "session=vitest-jsdom" } });
  const { lastSeq } = await (await fetch(`${LOGTO_URL}/__mock/requests?since=999999999`)).json();
  await api.listOrganizationInvitations();
  const { requests } = await (await fetch(`${LOGTO_URL}/__mock/requests?since=${lastSeq}`)).json();
  const list = requests.find((r) => r.method === "GET" && r.path === "/api/organization-invitations");
  expect(list?.headers.cookie).toBe("session=vitest-jsdom");
});

test("jsdom: the proxy reads a POST body from another realm (201, not proxy.unreadable_body)", async () => {
  const org = await admin("POST", "/api/organizations", { name: `Vitest jsdom ${Date.now()}` });
  const proxy = createInvitationsProxy({
    endpoint: LOGTO_URL,
    getAccessToken: clientCredentials({ endpoint: LOGTO_URL, appId: process.env.LOGTO_M2M_APP_ID, appSecret: process.env.LOGTO_M2M_APP_SECRET }),
    authorize: () => true,
  });
  const response = await proxy(new Request("http://localhost:3000/logto/api/organization-invitations", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ invitee: `vitest_jsdom_${Date.now()}@example.com`, organizationId: org.id, expiresAt: Date.now() + 86_400_000 }),
  }));
  const body = await response.json();
  expect([response.status, body.code]).toEqual([201, undefined]);
  expect(body.organizationId).toBe(org.id);
});

test("jsdom: a path as baseUrl resolves against jsdom's location, also with Node's fetch (which takes no path)", async () => {
  // Vitest exposes its JSDOM as `jsdom`: the page is on the local server's origin.
  jsdom.reconfigure({ url: `${LOGTO_URL}/dashboard/` });
  const api = new OrganizationInvitationsApi({ baseUrl: "", accessToken: "dev-token" });
  expect(api.baseUrl).toBe("");
  const urls = [];
  const invitations = await api.listOrganizationInvitations().catch((e) => e);
  expect(Array.isArray(invitations) ? "a list" : `${invitations.kind}: ${invitations.message}`).toBe("a list");
  const hooked = new OrganizationInvitationsApi({ baseUrl: "", accessToken: "dev-token", onRequest: ({ url }) => void urls.push(url) });
  await hooked.listOrganizationInvitations();
  expect(urls).toEqual([`${LOGTO_URL}/api/organization-invitations`]);
});
