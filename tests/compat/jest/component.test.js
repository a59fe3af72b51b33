/** @jest-environment jsdom */
// Jest's jsdom environment has no fetch: give it one (node-fetch here), or stub it per test.
globalThis.fetch = require("node-fetch");
const { OrganizationInvitationsApi } = require("logto-invitations");

test("a dashboard's list, in jsdom", async () => {
  const api = new OrganizationInvitationsApi({ baseUrl: process.env.LOGTO_URL, accessToken: process.env.LOGTO_TOKEN });
  expect(Array.isArray(await api.listOrganizationInvitations())).toBe(true);
});
