// A dashboard's use of the package, type-checked by tests/types/check.mjs against pkg/'s types,
// resolved through its package.json `exports` like an installed package, under every setup there
// (default lib with the Bundler resolution, Node-only with NodeNext, ...), all with `strict`,
// `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess` and `skipLibCheck: false`. It must
// compile with no `any` and no casts.
import init, {
  LogtoApiError,
  OrganizationInvitationsApi,
  isLogtoApiError,
  type CreateOrganizationInvitationRequest,
  type ListOrganizationInvitationsQuery,
  type LogtoApiErrorKind,
  type LogtoHttpError,
  type OrganizationInvitation,
  type OrganizationInvitationStatus,
  type OrganizationInvitationsApiConfig,
  type OrganizationRole,
  type ReplaceOrganizationInvitationStatusRequest,
  type RequestOptions,
  type SendMessagePayload,
} from "logto-invitations";
// The .wasm's URL, for a preload hint (README: "The first request").
import wasmUrl from "logto-invitations/wasm-url";

// Values a dashboard has at hand, possibly undefined: with exactOptionalPropertyTypes the
// optional members must still accept them.
declare const maybeToken: string | undefined;
declare const maybeOrganization: string | undefined;
declare const maybeSignal: AbortSignal | undefined;
declare const maybeTimeout: number | undefined;

export async function main(token: string, backendToken: () => Promise<string>): Promise<string[]> {
  const nothing: void = await init(); // optional, idempotent
  const config: OrganizationInvitationsApiConfig = {
    baseUrl: "https://auth.example.com/",
    accessToken: maybeToken,
    headers: { "X-CSRF-Token": "abc" },
    credentials: "include",
    timeoutMs: maybeTimeout,
  };
  const api = new OrganizationInvitationsApi(config);
  const viaProxy = new OrganizationInvitationsApi({ baseUrl: "/logto", accessToken: undefined, getAccessToken: undefined });
  const refreshing = new OrganizationInvitationsApi({ baseUrl: "/logto", getAccessToken: backendToken });
  const syncToken = new OrganizationInvitationsApi({
    baseUrl: "/logto",
    getAccessToken: () => token,
    onRequest: ({ headers }) => {
      headers["traceparent"] = "00-0-0-01";
    },
    onResponse: async ({ status, durationMs }) => {
      if (status === undefined) console.log(durationMs);
    },
  });
  const base: string = api.baseUrl;
  // Every HeadersInit form a user passes: a record, pairs, a Map, a Headers.
  const pairs = new OrganizationInvitationsApi({ baseUrl: "/logto", headers: [["X-CSRF-Token", "abc"]] });
  const mapped = new OrganizationInvitationsApi({ baseUrl: "/logto", headers: new Map([["X-CSRF-Token", "abc"]]) });
  const fetchHeaders = new OrganizationInvitationsApi({ baseUrl: "/logto", headers: new Headers({ "X-CSRF-Token": "abc" }) });
  console.log(pairs.baseUrl, mapped.baseUrl, fetchHeaders.baseUrl);

  const body: CreateOrganizationInvitationRequest = {
    invitee: "ana@example.com",
    organizationId: "org_1",
    expiresAt: Date.now() + 7 * 86_400_000,
    organizationRoleIds: ["role_admin"],
    messagePayload: false,
    inviterId: undefined,
  };
  const created: OrganizationInvitation = await api.createOrganizationInvitation(body);
  const withEmail = await api.createOrganizationInvitation({
    ...body,
    inviterId: null,
    messagePayload: { link: "https://app.example.com/join", locale: "en", customGreeting: "Hi", code: undefined },
  });

  const payload: SendMessagePayload = { link: "https://app.example.com/join", code: "123" };
  const resent: void = await api.createOrganizationInvitationMessage(created.id, payload);

  const options: RequestOptions = { signal: maybeSignal, timeoutMs: 5_000 };
  const fetched = await viaProxy.getOrganizationInvitation(created.id, options);

  const query: ListOrganizationInvitationsQuery = { organizationId: maybeOrganization, invitee: "ANA@example.com" };
  const list: OrganizationInvitation[] = await refreshing.listOrganizationInvitations(query);
  const everything = await syncToken.listOrganizationInvitations(undefined, { signal: maybeSignal });
  const first: OrganizationInvitation | undefined = everything[0]; // noUncheckedIndexedAccess

  const revoke: ReplaceOrganizationInvitationStatusRequest = { status: "Revoked", acceptedUserId: undefined };
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
      const kind: LogtoApiErrorKind = error.kind;
      const maybeStatus: number | undefined = error.status; // any kind
      const asError: Error = error;
      const data: unknown = error.data;
      if (error.kind === "http") {
        const httpStatus: number = error.status; // narrowed by kind
        const attempts: number = error.attempts;
        const code: string | undefined = error.code;
        const requestId: string | undefined = error.requestId;
        if (httpStatus === 404 && code === "entity.not_found") {
          return [asError.message, kind, String(maybeStatus), requestId ?? "", String(data), String(attempts)];
        }
      }
    }
    if (error instanceof LogtoApiError) {
      switch (error.kind) {
        case "invalid_input": {
          const field: string = error.field;
          return [field];
        }
        case "decode":
        case "http": {
          const received: number = error.status;
          return [String(received)];
        }
        case "network": {
          const attempts: number = error.attempts;
          return [String(attempts), String(error.cause)];
        }
        case "token":
        case "aborted":
        case "timeout":
        case "hook":
          return [error.message];
        default: {
          const never: never = error; // every kind is handled
          return [String(never)];
        }
      }
    }
    throw error;
  }

  // An error to stand in for a failed call in the dashboard's own tests.
  const fake: LogtoApiError = new LogtoApiError("Invitation not found", { kind: "http", status: 404, attempts: 1, code: "entity.not_found" });
  const http: LogtoHttpError | undefined = fake.kind === "http" ? fake : undefined;

  const disposable = new OrganizationInvitationsApi({ baseUrl: "https://auth.example.com" });
  disposable[Symbol.dispose]();
  disposable.free();
  return [base, inviter, acceptedBy ?? "", label, expires.toISOString(), resent ?? "", nothing ?? "", first?.id ?? "", http?.message ?? "", disposable.baseUrl, ...names, ...list.map((i) => i.invitee), ...everything.map((i) => i.id)];
}

// The invitation page (the invitee's side) and the lookups an invite form needs.
import {
  InvitationAcceptanceApi,
  type AcceptedInvitation,
  type InvitationAcceptanceApiConfig,
  type InvitationForInvitee,
  type Organization,
  type OrganizationUser,
} from "logto-invitations";

export async function invitationPage(id: string, onSignIn: () => void): Promise<string> {
  const config: InvitationAcceptanceApiConfig = { baseUrl: "/api/invitations", timeoutMs: maybeTimeout, credentials: "same-origin" };
  const invitee = new InvitationAcceptanceApi(config);
  try {
    const invitation: InvitationForInvitee = await invitee.getInvitation(id, { signal: maybeSignal });
    const inviter: string = invitation.inviter?.name ?? "someone";
    const roles: string[] = invitation.organizationRoles.map((role: OrganizationRole) => role.name);
    const expired: boolean = invitation.status === "Expired" || invitation.expiresAt <= Date.now();
    if (expired) return `${invitation.organization.name}: expired`;
    const accepted: AcceptedInvitation = await invitee.acceptInvitation(invitation.id);
    return `${inviter} invited you to ${invitation.organization.name} (${roles.join(", ")}); now in ${accepted.organizationId}`;
  } catch (error) {
    if (error instanceof LogtoApiError && error.kind === "http") {
      const status: number = error.status;
      if (status === 401) onSignIn();
      if (error.code === "proxy.invitation_expired" || error.code === "proxy.invitation_revoked") return "closed";
      return error.code ?? String(status);
    }
    throw error;
  } finally {
    invitee.free();
  }
}

// The README's recipe for accessTokenUserId: the page sends the user's own access token in onRequest.
declare const logtoClient: { getAccessToken(resource: string): Promise<string> };
export const inviteeWithToken = new InvitationAcceptanceApi({
  baseUrl: "/api/invitations",
  onRequest: async ({ headers }) => {
    headers["authorization"] = `Bearer ${await logtoClient.getAccessToken("https://api.example.com")}`;
  },
});

export async function inviteForm(api: OrganizationInvitationsApi, organizationId: string): Promise<string[]> {
  const roles: OrganizationRole[] = await api.listOrganizationRoles({ timeoutMs: 5000 });
  const organization: Organization = await api.getOrganization(organizationId);
  const members: OrganizationUser[] = await api.listOrganizationUsers(organizationId);
  const description: string | null = organization.description;
  const emails: (string | null)[] = members.map((member) => member.primaryEmail);
  const memberRoles: string[] = members.flatMap((member) => member.organizationRoles.map((role) => role.name));
  return [organization.name, description ?? "", ...roles.map((role) => role.name), ...emails.map((email) => email ?? ""), ...memberRoles];
}

/** The preload hint's attributes (React's `preload(href, options)`), from the package's URL. */
export const wasmPreload: { href: string; as: "fetch"; crossOrigin: "anonymous" } = { href: wasmUrl, as: "fetch", crossOrigin: "anonymous" };
