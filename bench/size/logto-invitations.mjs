// The minimal "import and call list" program, with this package (pkg/, the release build, its
// browser entry). It loads logto_invitations_bg.wasm next to the bundle: its size is counted
// separately.
import { OrganizationInvitationsApi } from "../../pkg/index.js";

export async function listInvitations(baseUrl, accessToken, organizationId) {
  const api = new OrganizationInvitationsApi({ baseUrl, accessToken });
  return api.listOrganizationInvitations({ organizationId });
}
