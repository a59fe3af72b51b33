// The minimal "import and call list" program, with this package (pkg/, the release build).
// `init()` loads logto_invitations_bg.wasm next to the bundle: its size is counted separately.
import init, { OrganizationInvitationsApi } from "../../pkg/logto_invitations.js";

export async function listInvitations(baseUrl, accessToken, organizationId) {
  await init();
  const api = new OrganizationInvitationsApi({ baseUrl, accessToken });
  return api.listOrganizationInvitations({ organizationId });
}
