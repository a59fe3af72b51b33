// Issue 20, items 2 and 3 in Jest's node environment: no page location, Node's fetch.
const { LogtoApiError, OrganizationInvitationsApi } = require("logto-invitations");

test("a path as baseUrl: the constructor succeeds, a call rejects with the reason", async () => {
  const api = new OrganizationInvitationsApi({ baseUrl: "/logto" });
  expect(api.baseUrl).toBe("/logto");
  const error = await api.listOrganizationInvitations().catch((e) => e);
  expect(error).toBeInstanceOf(LogtoApiError);
  expect(error).toMatchObject({ kind: "invalid_input", field: "config.baseUrl" });
  expect(error.message).toMatch(/is a path, and this environment has no page location to resolve it against/);
});

test("a URL no platform can parse still throws at once", () => {
  expect(() => new OrganizationInvitationsApi({ baseUrl: "http://localhost:30O1" })).toThrow(/not a URL this platform can parse/);
});
