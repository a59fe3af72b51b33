// Jest's default environment, `node`, has Node's fetch: nothing to configure.
const { LogtoApiError, OrganizationInvitationsApi } = require("logto-invitations");

const api = new OrganizationInvitationsApi({ baseUrl: process.env.LOGTO_URL, accessToken: process.env.LOGTO_TOKEN });

test("an unknown invitation is Logto's 404", async () => {
  const error = await api.getOrganizationInvitation("no-such-invitation").catch((e) => e);
  expect(error).toBeInstanceOf(LogtoApiError);
  expect(error).toMatchObject({ kind: "http", status: 404, code: "entity.not_found" });
});
