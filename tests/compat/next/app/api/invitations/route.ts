// A route handler (server, Node.js runtime): lists invitations through the package. A package
// error becomes a JSON answer with its status, not an empty 500.
import { LogtoApiError, OrganizationInvitationsApi, init, isLogtoApiError } from "logto-invitations";
import { exercise } from "../../../exercise.js";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const api = url.searchParams.get("api") ?? "";
  const refused = url.searchParams.get("refused") ?? "";
  if (url.searchParams.has("exercise")) {
    return Response.json(await exercise({ OrganizationInvitationsApi, LogtoApiError, isLogtoApiError, init }, { api, refused }));
  }
  const client = new OrganizationInvitationsApi({ baseUrl: api, accessToken: url.searchParams.get("token") ?? undefined });
  try {
    const invitations = await client.listOrganizationInvitations({ organizationId: url.searchParams.get("organizationId") ?? undefined });
    return Response.json({ invitations });
  } catch (error) {
    if (isLogtoApiError(error)) {
      return Response.json({ kind: error.kind, message: error.message, status: error.status }, { status: error.kind === "http" ? error.status : 502 });
    }
    throw error;
  } finally {
    client.free();
  }
}
