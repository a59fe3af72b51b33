// The invitation email names the invitation: create the invitation without `messagePayload` (no
// email yet: Logto sends one only with it), then send the email with a link built from the new
// invitation's ID (`createOrganizationInvitationMessage(id, { link })`). If sending fails (501
// `connector.not_found` without an email connector, 429 `request.message_rate_limited`), the
// invitation exists: the result says so, with the package's error, so the page can offer to send
// it again. Used by invite, bulk invite and renew. This is the README's `inviteWithLink`
// ("Invitations by email", scripts/invite-with-link.mjs) with the page's request options (time
// limits), a "no email" case, and the send on its own for Resend.
import type { CreateOrganizationInvitationRequest, OrganizationInvitation, OrganizationInvitationsApi, RequestOptions } from "logto-invitations";

/** What happened to the email of a new invitation. */
export type EmailResult =
  | { outcome: "not_requested" }
  | { outcome: "sent"; link: string }
  /** The invitation exists; the email was not sent (the package's error, e.g. Logto's 501 or 429). */
  | { outcome: "failed"; link: string; error: unknown };

export interface CreatedInvitation {
  invitation: OrganizationInvitation;
  email: EmailResult;
}

/** The two calls it needs (an `OrganizationInvitationsApi` has them). */
export type InvitationEmailClient = Pick<OrganizationInvitationsApi, "createOrganizationInvitation" | "createOrganizationInvitationMessage">;

/** The create's body: everything but the email, which is sent afterwards. */
export type InvitationBody = Omit<CreateOrganizationInvitationRequest, "messagePayload">;

/**
 * Creates the invitation, then (when `link` is given) sends its email with `link(id)`. Rejects
 * only when the create fails (then nothing exists); a failed email resolves with `failed`.
 * Neither call is retried: a repeated create could invite twice.
 */
export async function createInvitation(
  client: InvitationEmailClient,
  body: InvitationBody,
  link: ((id: string) => string) | null,
  options: RequestOptions = {},
): Promise<CreatedInvitation> {
  const invitation = await client.createOrganizationInvitation(body, options);
  if (link === null) return { invitation, email: { outcome: "not_requested" } };
  return { invitation, email: await sendInvitationEmail(client, invitation.id, link(invitation.id), options) };
}

/** Sends (or sends again) an invitation's email with this link; never rejects. */
export async function sendInvitationEmail(
  client: Pick<OrganizationInvitationsApi, "createOrganizationInvitationMessage">,
  id: string,
  link: string,
  options: RequestOptions = {},
): Promise<Exclude<EmailResult, { outcome: "not_requested" }>> {
  try {
    await client.createOrganizationInvitationMessage(id, { link }, options);
    return { outcome: "sent", link };
  } catch (error) {
    return { outcome: "failed", link, error };
  }
}
