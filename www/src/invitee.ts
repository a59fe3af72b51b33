// The invitee's side, in plain terms: which invitation a path names, what the invitation page
// says for an invitation's state, and what an answer of `createInvitationAcceptance` means for
// the page. Pure (no DOM), unit-tested.
import type { InvitationForInvitee } from "logto-invitations";
import { errorFacts } from "./answers";

/** Where the invitation page lives: `/invitations/{id}` (the link in the email). */
export const INVITATION_PAGE_PREFIX = "/invitations/";

/** The invitation ID in a path (`/invitations/{id}`, one segment), or null for any other page. */
export function invitationIdFrom(pathname: string): string | null {
  if (!pathname.startsWith(INVITATION_PAGE_PREFIX)) return null;
  const rest = pathname.slice(INVITATION_PAGE_PREFIX.length).replace(/\/$/u, "");
  if (rest === "" || rest.includes("/")) return null;
  try {
    const id = decodeURIComponent(rest);
    return id === "" ? null : id;
  } catch {
    return null;
  }
}

/** The link to an invitation's page, for the email (Logto's `link` template variable). */
export function invitationLink(origin: string, id: string): string {
  return `${origin}${INVITATION_PAGE_PREFIX}${encodeURIComponent(id)}`;
}

/** What the page offers for an invitation: accepting only while it is open. */
export type InvitationState = "open" | "expired" | "revoked" | "accepted";

export function invitationState(invitation: Pick<InvitationForInvitee, "status" | "expiresAt">, now: number): InvitationState {
  switch (invitation.status) {
    case "Accepted":
      return "accepted";
    case "Revoked":
      return "revoked";
    case "Expired":
      return "expired";
    case "Pending":
      return invitation.expiresAt <= now ? "expired" : "open";
  }
}

/** What a failed read or accept means for the page (else: show the error as it is). */
export type InviteeFailure = "sign_in" | "not_found" | "expired" | "revoked" | "accepted" | "other";

export function inviteeFailure(error: unknown): InviteeFailure {
  const facts = errorFacts(error);
  if (facts === null || facts.kind !== "http") return "other";
  switch (facts.code) {
    case "proxy.unauthenticated":
      return "sign_in";
    case "entity.not_found":
      return "not_found";
    case "proxy.invitation_expired":
      return "expired";
    case "proxy.invitation_revoked":
      return "revoked";
    case "proxy.invitation_accepted":
      return "accepted";
    default:
      return "other";
  }
}
