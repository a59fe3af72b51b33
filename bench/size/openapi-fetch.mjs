// The minimal "import and call list" program, with openapi-fetch (what @logto/api is built on).
import createClient from "openapi-fetch";

export async function listInvitations(baseUrl, accessToken, organizationId) {
  const client = createClient({ baseUrl, headers: { Authorization: `Bearer ${accessToken}` } });
  const { data, error } = await client.GET("/api/organization-invitations", { params: { query: { organizationId } } });
  if (error) throw error;
  return data;
}
