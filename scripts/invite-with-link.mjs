/** Invites `body.invitee` without an email (no invitation ID exists before the create), then emails
 * the link that `link(id)` builds from the new invitation's ID. Resolves with the invitation and,
 * when sending failed, that error: the invitation exists all the same (Logto's 501
 * `connector.not_found` without an email connector, 429 `request.message_rate_limited`, or a
 * network error), so show its link to copy, or send it again later with
 * `createOrganizationInvitationMessage`. A failed create rejects: then nothing was invited.
 * @param {import("logto-invitations").OrganizationInvitationsApi} api
 * @param {Omit<import("logto-invitations").CreateOrganizationInvitationRequest, "messagePayload">} body
 * @param {(id: string) => string} link
 * @returns {Promise<{ invitation: import("logto-invitations").OrganizationInvitation, messageError?: unknown }>} */
export async function inviteWithLink(api, body, link) {
  const invitation = await api.createOrganizationInvitation({ ...body, messagePayload: false });
  try {
    await api.createOrganizationInvitationMessage(invitation.id, { link: link(invitation.id) });
    return { invitation };
  } catch (messageError) {
    return { invitation, messageError };
  }
}
