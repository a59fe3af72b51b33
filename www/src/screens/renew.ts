// "Renew": a new invitation like an old one (same invitee, organization, roles, inviter) with a
// fresh expiry, then the old one deleted or kept (../renew.ts does the calls). Owns its form and
// the invitation it renews.
import type { OrganizationInvitation } from "logto-invitations";
import { busy, dialogErrors, isBusy, onSubmit } from "../dialogs";
import { byId, el } from "../dom";
import { pageInvitationLink, REQUEST_TIMEOUT_MS } from "../forms";
import { relativeTime } from "../format";
import { renewInvitation, type PreviousInvitation, type RenewResult } from "../renew";
import type { DashboardContext } from "./context";

export class RenewScreen {
  private invitation: OrganizationInvitation | null = null;
  private readonly dialog = byId("renew-dialog", HTMLDialogElement);
  private readonly form = byId("renew-form", HTMLFormElement);
  private readonly text = byId("renew-text", HTMLParagraphElement);
  private readonly summary = byId("renew-summary", HTMLDListElement);
  private readonly expiry = byId("renew-expiry", HTMLSelectElement);
  private readonly sendEmail = byId("renew-send-email", HTMLInputElement);

  constructor(private readonly context: DashboardContext) {
    onSubmit(this.form, () => this.submit());
  }

  open(invitation: OrganizationInvitation): void {
    const { directory } = this.context;
    this.invitation = invitation;
    // Each renewal starts from the defaults (7 days, delete the old one, no email).
    this.form.reset();
    this.context.messages.clearErrors(dialogErrors(this.dialog));
    this.text.textContent = `A new invitation for ${invitation.invitee}, like the ${invitation.status.toLowerCase()} one, with a fresh expiry.`;
    const fact = (term: string, value: string): HTMLElement => el("div", {}, el("dt", {}, term), el("dd", {}, value));
    this.summary.replaceChildren(
      fact("Invitee", invitation.invitee),
      fact("Organization", directory.organizationName(invitation.organizationId)),
      fact("Roles", invitation.organizationRoles.length === 0 ? "no roles" : invitation.organizationRoles.map((r) => r.name).join(", ")),
      fact("Inviter", invitation.inviterId === null ? "no inviter" : directory.userLabel(invitation.inviterId)),
    );
    this.context.dialogs.open(this.dialog, this.expiry);
  }

  private async submit(): Promise<void> {
    const old = this.invitation;
    const client = this.context.api();
    if (client === null || old === null || isBusy(this.form)) return;
    const { messages, list } = this.context;
    const errors = dialogErrors(this.dialog);
    messages.clearErrors(errors);
    const previous: PreviousInvitation = new FormData(this.form).get("previous") === "keep" ? "keep" : "delete";
    const link = this.sendEmail.checked ? pageInvitationLink : null;
    let result: RenewResult;
    try {
      result = await busy(this.form, () =>
        renewInvitation(client, old, {
          expiresAt: Date.now() + Number(this.expiry.value),
          link,
          previous,
          timeoutMs: REQUEST_TIMEOUT_MS,
        }),
      );
    } catch (error) {
      messages.showError(`Could not renew the invitation to ${old.invitee} (nothing was removed)`, error, errors);
      this.expiry.focus();
      return;
    }
    this.dialog.close();
    list.highlight(result.invitation.id);
    const expires = relativeTime(result.invitation.expiresAt, Date.now());
    const sent = result.email.outcome === "sent" ? ", email sent" : result.email.outcome === "failed" ? ", but its email was not sent" : "";
    switch (result.previous.outcome) {
      case "kept":
        messages.notify(`Renewed: a new invitation for ${old.invitee} expires ${expires}${sent}; the old one is kept.`);
        break;
      case "deleted":
        messages.notify(`Renewed: a new invitation for ${old.invitee} expires ${expires}${sent}; the old one was deleted.`);
        break;
      case "delete_failed":
        messages.notify(`Renewed: a new invitation for ${old.invitee} expires ${expires}${sent}.`);
        messages.showError(`The new invitation to ${old.invitee} exists, but the old one could not be deleted`, result.previous.error);
        break;
    }
    if (result.email.outcome === "failed") {
      // The new invitation exists: its row offers Resend.
      messages.showError(`The new invitation to ${old.invitee} exists, but its email was not sent (Resend is in its row)`, result.email.error);
    }
    await list.showInList(result.invitation);
  }
}
