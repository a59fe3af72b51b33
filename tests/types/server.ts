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
  type ProxyTimeouts,
  type TokenRequestError,
} from "logto-invitations/server";
import {
  accessTokenUserId,
  organizationTokenAuthorization,
  type AccessTokenUserId,
  type OrganizationPermissions,
  type OrganizationTokenAuthorization,
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

// Scoped mode: the organizations from the app's session; a thrown Response refuses; time limits.
const timeouts: ProxyTimeouts = { organizationIds: 2000, authorize: 2000, getAccessToken: 5000, logto: 10000, body: 5000 };
export const scoped: InvitationsProxy = createInvitationsProxy({
  endpoint,
  getAccessToken: clientCredentials({ endpoint, appId: "app", appSecret: "secret", timeoutMs: 3000 }),
  organizationIds: async (request: Request): Promise<readonly string[]> => {
    const user = request.headers.get("cookie");
    if (user === null) throw new Response(null, { status: 401, headers: { "www-authenticate": 'Bearer error="invalid_token"' } });
    return ["org_a", "org_b"] as const;
  },
  authorize: (_request, operation) => {
    const organization: string | undefined = operation.organizationId;
    const invitee: string | undefined = operation.query?.["invitee"];
    return organization !== "org_locked" && invitee !== "blocked@example.com";
  },
  allow: ["GET /api/organizations", "GET /api/organizations/{id}/users", "GET /api/organization-roles"],
  timeouts,
});
export const syncScope = createInvitationsProxy({ endpoint, getAccessToken, authorize: () => true, organizationIds: () => ["org_a"] });
// @ts-expect-error organizationIds answers organization IDs, not a boolean
createInvitationsProxy({ endpoint, getAccessToken, authorize: () => true, organizationIds: () => true });
// @ts-expect-error a time limit is a number of milliseconds
createInvitationsProxy({ endpoint, getAccessToken, authorize: () => true, timeouts: { logto: "30s" } });

export async function token(): Promise<string> {
  try {
    return await getAccessToken({ forceRefresh: true });
  } catch (error) {
    if (error instanceof LogtoApiError && error.kind === "token") {
      const oauth: TokenRequestError = error as LogtoApiError & TokenRequestError;
      return `${error.status ?? 0} ${error.code ?? ""} ${oauth.error ?? ""}`;
    }
    if (isLogtoApiError(error)) return error.message;
    throw error;
  }
}

// The invitee's side: the acceptance handler, with the user from the app's own session.
import { createInvitationAcceptance, type InvitationAcceptance, type InvitationAcceptanceOptions, type InvitationAcceptanceTimeouts } from "logto-invitations/server";

declare function getSession(request: Request): Promise<{ userId: string } | null>;
const acceptanceTimeouts: InvitationAcceptanceTimeouts = { userId: 2000, getAccessToken: 5000, logto: 10000 };
const acceptanceOptions: InvitationAcceptanceOptions = {
  endpoint,
  getAccessToken,
  userId: async (request: Request): Promise<string | null> => (await getSession(request))?.userId ?? null,
  prefix: "/api/invitations",
  timeouts: acceptanceTimeouts,
};
export const acceptance: InvitationAcceptance = createInvitationAcceptance(acceptanceOptions);
export const acceptanceHandler: (request: Request) => Promise<Response> = acceptance;
export const syncUser = createInvitationAcceptance({ endpoint, getAccessToken, userId: (request) => request.headers.get("x-user") });
// @ts-expect-error userId is required: the handler never guesses who is signed in
createInvitationAcceptance({ endpoint, getAccessToken });
// @ts-expect-error userId answers a user ID or null, not a user object
createInvitationAcceptance({ endpoint, getAccessToken, userId: () => ({ id: "u" }) });

// Authorization from Logto's organization tokens: the few lines of a B2B backend.
const permissions: OrganizationPermissions = {
  createOrganizationInvitation: "invite:member",
  createOrganizationInvitationMessage: "invite:member",
  deleteOrganizationInvitation: "manage:invitation",
  getOrganizationInvitation: "read:invitation",
  listOrganizationInvitations: "read:invitation",
  replaceOrganizationInvitationStatus: "manage:invitation",
  "GET /api/organization-roles": "read:member",
};
const byToken: OrganizationTokenAuthorization = organizationTokenAuthorization({
  endpoint,
  appIds: ["dashboard-spa"],
  permissions,
  machineToMachine: false,
  clockToleranceSeconds: 30,
  jwks: { cooldownMs: 30000, maxAgeMs: 600000, timeoutMs: 10000 },
});
export const b2b: InvitationsProxy = createInvitationsProxy({ endpoint, getAccessToken, ...byToken });
export const b2bWithLookups = createInvitationsProxy({
  endpoint,
  getAccessToken: clientCredentials({ endpoint, appId: "app", appSecret: "secret" }),
  allow: ["GET /api/organization-roles"],
  ...organizationTokenAuthorization({ endpoint, appIds: ["dashboard-spa"], permissions }),
});
export const scopeOf: Promise<readonly string[]> = byToken.organizationIds(new Request("https://x.test"));
// @ts-expect-error the six operations each need a permission
organizationTokenAuthorization({ endpoint, appIds: ["a"], permissions: { listOrganizationInvitations: "read:invitation" } });
// @ts-expect-error appIds is required: any app of the tenant can get an organization token
organizationTokenAuthorization({ endpoint, permissions });
// @ts-expect-error a lookup's permission is a string
organizationTokenAuthorization({ endpoint, appIds: ["a"], permissions: { ...permissions, "GET /api/organizations": true } });
// @ts-expect-error not a lookup the proxy knows
organizationTokenAuthorization({ endpoint, appIds: ["a"], permissions: { ...permissions, "GET /api/applications": "x" } });

// The user of an ordinary access token, for createInvitationAcceptance's userId.
const userId: AccessTokenUserId = accessTokenUserId({ endpoint, resource: "https://api.example.com", appIds: ["dashboard-spa"] });
export const acceptingUser: (request: Request) => Promise<string | null> = userId;
// @ts-expect-error the resource indicator is required
accessTokenUserId({ endpoint });
// accessTokenUserId is createInvitationAcceptance's userId as it is.
export const acceptanceByToken: InvitationAcceptance = createInvitationAcceptance({ endpoint, getAccessToken, userId });
