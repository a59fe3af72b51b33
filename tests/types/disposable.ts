// `using` with the client, where the consumer's lib has explicit resource management (ESNext).
import { OrganizationInvitationsApi } from "logto-invitations";

export async function count(): Promise<number> {
  using api = new OrganizationInvitationsApi({ baseUrl: "/logto" });
  return (await api.listOrganizationInvitations()).length;
}
