// A CommonJS consumer under NodeNext: `require` resolves the package's index.d.cts.
import logto = require("logto-invitations");

export async function names(): Promise<string[]> {
  const api = new logto.OrganizationInvitationsApi({ baseUrl: "http://127.0.0.1:3001", accessToken: undefined });
  try {
    return (await api.listOrganizationInvitations({ organizationId: undefined })).map((i) => i.invitee);
  } catch (error) {
    if (error instanceof logto.LogtoApiError && error.kind === "http") return [String(error.status)];
    throw error;
  } finally {
    await logto.init();
    api.free();
  }
}
