// Renew: a fresh invitation for the invitee of a Revoked or Expired one. Logto has no "extend"
// and resending does not move `expiresAt`, so renewing is: create a new invitation with the same
// invitee, organization, roles and inviter and a new expiry (then its email, if asked, with a
// link to the new invitation), then,
// only once that exists, keep or delete the old one. If the create fails, nothing is removed.
//
// The old invitation is kept or deleted, not revoked: Logto changes a status only from Pending
// (422 for Accepted, Revoked and Expired), and while the old one is Pending Logto refuses a
// second Pending invitation for the same invitee and organization (422
// `entity.unique_integrity_violation`). So a Pending invitation is never renewed in place: revoke
// it first, then renew. These are Logto's rules and its answer is shown as is; nothing here
// checks the status beforehand.
import type { OrganizationInvitation, OrganizationInvitationsApi } from "logto-invitations";
import { createInvitation, type EmailResult, type InvitationEmailClient } from "./invitation-email";

/** What to do with the old invitation once the new one exists. */
export type PreviousInvitation = "keep" | "delete";

export interface RenewOptions {
  /** The new expiry, epoch milliseconds. */
  expiresAt: number;
  /** Send the new invitation's email with this link (its ID given), or null for no email. */
  link: ((id: string) => string) | null;
  /** Keep the old invitation (as a record) or delete it. */
  previous: PreviousInvitation;
  /** Per-call time limit passed to the package. */
  timeoutMs?: number;
}

/** What happened to the old invitation. */
export type PreviousOutcome =
  | { outcome: "kept" }
  | { outcome: "deleted" }
  /** The new invitation exists, but deleting the old one failed (the error is the package's). */
  | { outcome: "delete_failed"; error: unknown };

export interface RenewResult {
  /** The new invitation. */
  invitation: OrganizationInvitation;
  /** Its email (sent after the create; a failure leaves the new invitation in place). */
  email: EmailResult;
  previous: PreviousOutcome;
}

/** The calls renewing needs (an `OrganizationInvitationsApi` has them). */
export type RenewClient = InvitationEmailClient & Pick<OrganizationInvitationsApi, "deleteOrganizationInvitation">;

/**
 * Creates a new invitation like `old` with a fresh expiry; then keeps or deletes `old`. Rejects
 * with the create's `LogtoApiError` if the create fails (then nothing was removed). A failed
 * delete does not reject: the new invitation exists, so it resolves with `delete_failed`.
 */
export async function renewInvitation(client: RenewClient, old: OrganizationInvitation, options: RenewOptions): Promise<RenewResult> {
  const callOptions = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  // Never retried: a repeated create could invite (and email) twice.
  const { invitation, email } = await createInvitation(
    client,
    {
      invitee: old.invitee,
      organizationId: old.organizationId,
      inviterId: old.inviterId,
      organizationRoleIds: old.organizationRoles.map((role) => role.id),
      expiresAt: options.expiresAt,
    },
    options.link,
    callOptions,
  );
  if (options.previous === "keep") return { invitation, email, previous: { outcome: "kept" } };
  try {
    await client.deleteOrganizationInvitation(old.id, callOptions);
    return { invitation, email, previous: { outcome: "deleted" } };
  } catch (error) {
    return { invitation, email, previous: { outcome: "delete_failed", error } };
  }
}
