// A dashboard's use of the package, type-checked with `tsc --strict` against the generated
// pkg/logto_invitations.d.ts. It must compile with no `any` and no casts.
import init, {
  OrganizationInvitationsApi,
  isLogtoApiError,
  type CreateOrganizationInvitationRequest,
  type ListOrganizationInvitationsQuery,
  type LogtoApiError,
  type LogtoApiErrorKind,
  type OrganizationInvitation,
  type OrganizationInvitationStatus,
  type OrganizationInvitationsApiConfig,
  type OrganizationRole,
  type ReplaceOrganizationInvitationStatusRequest,
  type RequestOptions,
  type SendMessagePayload,
} from "logto-invitations";

export async function main(token: string, backendToken: () => Promise<string>): Promise<string[]> {
  await init();
  const config: OrganizationInvitationsApiConfig = {
    baseUrl: "https://auth.example.com/",
    accessToken: token,
    headers: { "X-CSRF-Token": "abc" },
    credentials: "include",
    timeoutMs: 10_000,
  };
  const api = new OrganizationInvitationsApi(config);
  const viaProxy = new OrganizationInvitationsApi({ baseUrl: "/logto" });
  const refreshing = new OrganizationInvitationsApi({ baseUrl: "/logto", getAccessToken: backendToken });
  const syncToken = new OrganizationInvitationsApi({ baseUrl: "/logto", getAccessToken: () => token });
  const base: string = api.baseUrl;

  const body: CreateOrganizationInvitationRequest = {
    invitee: "ana@example.com",
    organizationId: "org_1",
    expiresAt: Date.now() + 7 * 86_400_000,
    organizationRoleIds: ["role_admin"],
    messagePayload: false,
  };
  const created: OrganizationInvitation = await api.createOrganizationInvitation(body);
  const withEmail = await api.createOrganizationInvitation({
    ...body,
    inviterId: null,
    messagePayload: { link: "https://app.example.com/join", locale: "en", customGreeting: "Hi" },
  });

  const payload: SendMessagePayload = { link: "https://app.example.com/join", code: "123" };
  const resent: void = await api.createOrganizationInvitationMessage(created.id, payload);

  const controller = new AbortController();
  const options: RequestOptions = { signal: controller.signal, timeoutMs: 5_000 };
  const fetched = await viaProxy.getOrganizationInvitation(created.id, options);

  const query: ListOrganizationInvitationsQuery = { organizationId: "org_1", invitee: "ANA@example.com" };
  const list: OrganizationInvitation[] = await refreshing.listOrganizationInvitations(query);
  const everything = await syncToken.listOrganizationInvitations();

  const revoke: ReplaceOrganizationInvitationStatusRequest = { status: "Revoked" };
  const revoked = await api.replaceOrganizationInvitationStatus(created.id, revoke);
  const accepted = await api.replaceOrganizationInvitationStatus(withEmail.id, {
    status: "Accepted",
    acceptedUserId: "user_1",
  });
  await api.deleteOrganizationInvitation(revoked.id, { timeoutMs: 2_000 });

  // The response types are exact: nullable members need a check before use as strings.
  const inviter: string = fetched.inviterId ?? "(nobody)";
  const acceptedBy: string | null = accepted.acceptedUserId;
  const status: OrganizationInvitationStatus = fetched.status;
  const roles: OrganizationRole[] = fetched.organizationRoles;
  const names: string[] = roles.map((role) => role.name);
  const expires: Date = new Date(fetched.expiresAt + fetched.createdAt - fetched.updatedAt);
  const label = status === "Expired" ? "expired" : status.toLowerCase();

  try {
    await api.getOrganizationInvitation("missing");
  } catch (error: unknown) {
    if (isLogtoApiError(error)) {
      const narrowed: LogtoApiError = error;
      const kind: LogtoApiErrorKind = narrowed.kind;
      const httpStatus: number | undefined = narrowed.status;
      const code: string | undefined = narrowed.code;
      const requestId: string | undefined = narrowed.requestId;
      const asError: Error = narrowed;
      const data: unknown = narrowed.data;
      if (kind === "http" && httpStatus === 404 && code === "entity.not_found") {
        return [asError.message, requestId ?? "", String(data)];
      }
    }
    throw error;
  }

  using disposable = new OrganizationInvitationsApi({ baseUrl: "https://auth.example.com" });
  return [base, inviter, acceptedBy ?? "", label, expires.toISOString(), resent ?? "", disposable.baseUrl, ...names, ...list.map((i) => i.invitee), ...everything.map((i) => i.id)];
}
