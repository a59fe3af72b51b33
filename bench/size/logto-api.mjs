// The minimal "import and call list" program, with Logto's own typed client (@logto/api).
import { createApiClient } from "@logto/api/management";

export async function listInvitations(baseUrl, accessToken, organizationId) {
  const client = createApiClient({ baseUrl, getToken: async () => accessToken });
  const { data, error } = await client.GET("/api/organization-invitations", { params: { query: { organizationId } } });
  if (error) throw error;
  return data;
}
