// A backend's use of the server entry, logto-invitations/server: the proxy as a fetch handler
// (types of its options, authorize's arguments, the lookups allow may name), the token
// provider, and its errors narrowed as LogtoApiError with OAuth's extra members.
import {
  clientCredentials,
  createInvitationsProxy,
  isLogtoApiError,
  LogtoApiError,
  type InvitationsProxy,
  type LookupName,
  type ProxyOperation,
  type TokenRequestError,
} from "logto-invitations/server";

const endpoint = "https://auth.example.com";
const getAccessToken = clientCredentials({ endpoint, appId: "app", appSecret: "secret", resource: "https://t1.logto.app/api" });
const lookups: LookupName[] = ["GET /api/organizations", "GET /api/users"];

const authorize = async (request: Request, operation: ProxyOperation): Promise<boolean> => {
  const session = request.headers.get("cookie") ?? "";
  const organizationId = operation.operation === "createOrganizationInvitation" && typeof operation.body === "object" && operation.body !== null ? (operation.body as { organizationId?: unknown }).organizationId : undefined;
  return session.includes("admin") && operation.method !== "DELETE" && organizationId !== "org_locked" && operation.id !== "";
};

export const proxy: InvitationsProxy = createInvitationsProxy({ endpoint, getAccessToken, authorize, prefix: "/logto", allow: lookups });
export const handler: (request: Request) => Promise<Response> = proxy;
export const optOut = createInvitationsProxy({ endpoint, getAccessToken: () => "static-token", authorize: () => true });

export async function token(): Promise<string> {
  try {
    return await getAccessToken({ forceRefresh: true });
  } catch (error) {
    if (error instanceof LogtoApiError && error.kind === "token") {
      const oauth: TokenRequestError = error as LogtoApiError & TokenRequestError;
      return `${error.status ?? 0} ${error.code ?? ""} ${oauth.error ?? ""} ${oauth.error_description ?? ""}`;
    }
    if (isLogtoApiError(error)) return error.message;
    throw error;
  }
}
