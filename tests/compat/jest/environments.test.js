/** @jest-environment jsdom */
// Issue 20, item 3: the package in Jest's jsdom environment with no configuration. jsdom has a
// page location (http://localhost/) and no fetch; a call names the missing fetch, and once the test
// provides one (component.test.js) the calls work. Not the READMEs' recipe: the scenario's own checks.
const { LogtoApiError, OrganizationInvitationsApi, isLogtoApiError } = require("logto-invitations");

test("require() loads the package (the browser + require condition)", () => {
  expect(typeof OrganizationInvitationsApi).toBe("function");
  expect(isLogtoApiError(new LogtoApiError("x", { kind: "http", status: 404, attempts: 1 }))).toBe(true);
});

test("a path as baseUrl resolves against jsdom's location", () => {
  expect(new OrganizationInvitationsApi({ baseUrl: "/logto" }).baseUrl).toBe("/logto");
});

test("without a fetch, a call rejects naming the missing fetch (not config.baseUrl)", async () => {
  expect(typeof globalThis.fetch).toBe("undefined");
  const api = new OrganizationInvitationsApi({ baseUrl: "/logto" });
  const error = await api.listOrganizationInvitations().catch((e) => e);
  expect(error).toBeInstanceOf(LogtoApiError);
  expect(error.kind).toBe("invalid_input");
  expect(error.field).toBe("globalThis.fetch");
  expect(error.message).toMatch(/no fetch/);
});

test("outside a browser's fetch rules, a cookie header is the caller's to send", () => {
  expect(() => new OrganizationInvitationsApi({ baseUrl: "/logto", headers: { cookie: "session=abc" } })).not.toThrow();
});
