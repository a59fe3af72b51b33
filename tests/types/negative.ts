// Each line after a `@ts-expect-error` marker must be a type error against pkg/'s .d.ts.
// `tsc` passes on this file only if every marked line really fails (an unused marker is an
// error), and tests/types/check.mjs also compiles it with the markers removed and requires
// exactly one error per marker.
import init, { InvitationAcceptanceApi, LogtoApiError, OrganizationInvitationsApi, isLogtoApiError, type OrganizationInvitation } from "logto-invitations";

export async function misuse(api: OrganizationInvitationsApi, invitation: OrganizationInvitation): Promise<void> {
  // @ts-expect-error "Pending" cannot be set through the status endpoint
  await api.replaceOrganizationInvitationStatus("id", { status: "Pending" });
  // @ts-expect-error "Expired" cannot be set either
  await api.replaceOrganizationInvitationStatus("id", { status: "Expired" });
  // @ts-expect-error messagePayload is an object or the literal false, never true
  await api.createOrganizationInvitation({ invitee: "a@b.co", organizationId: "o", expiresAt: 1, messagePayload: true });
  // @ts-expect-error expiresAt is epoch milliseconds, not a string
  await api.createOrganizationInvitation({ invitee: "a@b.co", organizationId: "o", expiresAt: "tomorrow" });
  // @ts-expect-error invitee is required
  await api.createOrganizationInvitation({ organizationId: "o", expiresAt: 1 });
  // @ts-expect-error inviterId is string | null: it needs a null check before use as a string
  const inviter: string = invitation.inviterId;
  // @ts-expect-error acceptedUserId is string | null too
  invitation.acceptedUserId.toUpperCase();
  // @ts-expect-error ids are strings
  await api.getOrganizationInvitation(42);
  // @ts-expect-error the status union has no "Active"
  const active: boolean = invitation.status === "Active";
  // @ts-expect-error list filters are strings
  await api.listOrganizationInvitations({ organizationId: 7 });
  // @ts-expect-error credentials accepts only fetch's three modes
  new OrganizationInvitationsApi({ baseUrl: "/logto", credentials: "always" });
  // @ts-expect-error baseUrl is required
  new OrganizationInvitationsApi({ accessToken: "t" });
  // @ts-expect-error getAccessToken returns a string or a promise of one
  new OrganizationInvitationsApi({ baseUrl: "/logto", getAccessToken: () => 42 });
  // @ts-expect-error the message payload's known members are strings
  await api.createOrganizationInvitationMessage("id", { link: 123 });
  // @ts-expect-error deleting resolves with nothing
  const deleted: OrganizationInvitation = await api.deleteOrganizationInvitation("id");
  // @ts-expect-error a token is a string, even where optional members accept undefined
  new OrganizationInvitationsApi({ baseUrl: "/logto", accessToken: 42 });
  // @ts-expect-error init() resolves with nothing (not wasm-bindgen's exports)
  const loaded: object = await init();
  console.log(inviter, active, deleted, loaded);
}

export function narrowing(error: unknown): void {
  // @ts-expect-error an unknown value needs isLogtoApiError (or instanceof) first
  console.log(error.kind);
  if (isLogtoApiError(error)) {
    // @ts-expect-error before the kind is checked, status may be undefined
    const status: number = error.status;
    // @ts-expect-error before the kind is checked, field may be undefined
    const field: string = error.field;
    // @ts-expect-error "fetch" is not a kind
    if (error.kind === "fetch") console.log(status, field);
    if (error.kind === "network") {
      // @ts-expect-error a network error has no HTTP status
      const none: number = error.status;
      console.log(none);
    }
    if (error.kind === "http") {
      // @ts-expect-error an HTTP error names no field
      const nothing: string = error.field;
      console.log(nothing);
    }
  }
  if (error instanceof LogtoApiError && error.kind === "invalid_input") {
    // @ts-expect-error an invalid_input error has no status
    const status: number = error.status;
    console.log(status);
  }
  // @ts-expect-error an http LogtoApiError needs its status
  console.log(new LogtoApiError("x", { kind: "http", attempts: 1 }));

}

export async function misuseTheInviteeSide(api: OrganizationInvitationsApi): Promise<void> {
  // @ts-expect-error the invitee's client takes no Management API token
  console.log(new InvitationAcceptanceApi({ baseUrl: "/api/invitations", accessToken: "t" }));
  const invitee = new InvitationAcceptanceApi({ baseUrl: "/api/invitations" });
  const shown = await invitee.getInvitation("inv_1");
  // @ts-expect-error the invitee's view of an invitation carries no email
  console.log(shown.invitee);
  // @ts-expect-error the inviter may be null
  console.log(shown.inviter.name);
  // @ts-expect-error an ID is a string
  await invitee.acceptInvitation(42);
  // @ts-expect-error getOrganization needs the organization's ID
  await api.getOrganization();
}
