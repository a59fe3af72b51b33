// The invite dialog: one invitee, an organization, roles, an inviter and an expiry (a duration or
// a date), optionally with Logto's email. What is valid is Logto's to say: its answer is shown,
// and the field it is about is marked. Owns its form.
import type { OrganizationInvitation } from "logto-invitations";
import { classifyCreateFailure, fieldsAtFault } from "../answers";
import { busy, dialogErrors, isBusy, onSubmit } from "../dialogs";
import { all, byId, setOptions } from "../dom";
import { organizationOptions, pageInvitationLink, REQUEST_TIMEOUT_MS, roleChecks, setFieldError, userOptions } from "../forms";
import { createInvitation, sendInvitationEmail } from "../invitation-email";
import type { DashboardContext } from "./context";

export class InviteScreen {
  private readonly dialog = byId("invite-dialog", HTMLDialogElement);
  private readonly form = byId("invite-form", HTMLFormElement);
  private readonly email = byId("invite-email", HTMLInputElement);
  private readonly emailError = byId("invite-email-error", HTMLParagraphElement);
  private readonly organization = byId("invite-organization", HTMLSelectElement);
  private readonly roles = byId("invite-roles", HTMLDivElement);
  private readonly inviter = byId("invite-inviter", HTMLSelectElement);
  private readonly expiry = byId("invite-expiry", HTMLSelectElement);
  private readonly expiryError = byId("invite-expiry-error", HTMLParagraphElement);
  private readonly expiryDateField = byId("invite-expiry-date-field", HTMLDivElement);
  private readonly expiryDate = byId("invite-expiry-date", HTMLInputElement);
  private readonly sendEmail = byId("invite-send-email", HTMLInputElement);

  constructor(private readonly context: DashboardContext) {
    this.expiry.addEventListener("change", () => this.showExpiryDate());
    onSubmit(this.form, () => this.submit());
  }

  /** The lookups changed: the organizations, inviters and roles offered. */
  showLookups(): void {
    const { directory } = this.context;
    setOptions(this.organization, organizationOptions(directory));
    setOptions(this.inviter, [{ value: "", label: "No inviter" }, ...userOptions(directory)]);
    this.roles.replaceChildren(...roleChecks(directory, "role"));
  }

  open(): void {
    const { directory, list } = this.context;
    this.context.messages.clearErrors(dialogErrors(this.dialog));
    this.clearFieldErrors();
    const organizationId = list.view.organizationId;
    if (organizationId !== "" && directory.organizations.some((o) => o.id === organizationId)) {
      this.organization.value = organizationId;
    }
    this.showExpiryDate();
    this.context.dialogs.open(this.dialog, this.email);
  }

  private clearFieldErrors(): void {
    setFieldError(this.email, this.emailError, null);
    setFieldError(this.expiry, this.expiryError, null);
    this.expiryDate.removeAttribute("aria-invalid");
  }

  private showExpiryDate(): void {
    this.expiryDateField.hidden = this.expiry.value !== "date";
  }

  /** The expiry the form asks for: a duration from now, or a date (never checked here). */
  private expiresAt(): number {
    if (this.expiry.value !== "date") return Date.now() + Number(this.expiry.value);
    // `datetime-local` is local time without a zone; an empty field is NaN (the package refuses it).
    return new Date(this.expiryDate.value).getTime();
  }

  /** Marks the field Logto's answer is about, with Logto's words, and focuses it. */
  private markFields(error: unknown): void {
    const failure = classifyCreateFailure(error);
    const fields = fieldsAtFault(error);
    const inviteeText =
      fields.get("invitee") ??
      (failure === "already_pending" ? "Already has a pending invitation to this organization." : failure === "already_member" ? "Already a member of this organization." : null);
    const expiryTextFor = fields.get("expiresAt") ?? (failure === "expiry_not_in_future" ? "Logto needs an expiry in the future." : null);
    setFieldError(this.email, this.emailError, inviteeText);
    setFieldError(this.expiry, this.expiryError, expiryTextFor);
    if (expiryTextFor !== null && this.expiry.value === "date") this.expiryDate.setAttribute("aria-invalid", "true");
    if (inviteeText !== null) this.email.focus();
    else if (expiryTextFor !== null) (this.expiry.value === "date" ? this.expiryDate : this.expiry).focus();
  }

  private async submit(): Promise<void> {
    const client = this.context.api();
    if (client === null || isBusy(this.form)) return;
    const { messages, list } = this.context;
    const errors = dialogErrors(this.dialog);
    messages.clearErrors(errors);
    this.clearFieldErrors();
    const invitee = this.email.value.trim();
    const roleIds = all(this.roles, 'input[name="role"]:checked', HTMLInputElement).map((i) => i.value);
    // The email, if asked, is sent once the invitation exists, with a link to its page.
    const link = this.sendEmail.checked ? pageInvitationLink : null;
    let result;
    try {
      // What is valid (an email, an expiry in the future, ...) is Logto's to say: its answer shows below.
      result = await busy(this.form, () =>
        createInvitation(
          client,
          {
            invitee,
            organizationId: this.organization.value,
            expiresAt: this.expiresAt(),
            inviterId: this.inviter.value || null,
            organizationRoleIds: roleIds,
          },
          link,
          { timeoutMs: REQUEST_TIMEOUT_MS },
        ),
      );
    } catch (error) {
      messages.showError("Could not create the invitation", error, errors);
      this.markFields(error);
      return;
    }
    const { invitation: created, email } = result;
    this.dialog.close();
    this.form.reset();
    this.showExpiryDate();
    list.highlight(created.id);
    if (email.outcome === "failed") {
      messages.notify(`Invitation created for ${created.invitee}, but its email was not sent.`);
      this.offerResend(created, email.error);
    } else {
      messages.notify(`Invitation created for ${created.invitee}${email.outcome === "sent" ? " and the email sent" : ""}.`);
    }
    await list.showInList(created);
  }

  /** The invitation exists but its email failed: says so, and offers to send it again. */
  private offerResend(invitation: OrganizationInvitation, error: unknown): void {
    const { messages } = this.context;
    const title = `The invitation to ${invitation.invitee} exists, but its email was not sent`;
    const panel = messages.showError(title, error, undefined, {
      label: `Resend the email to ${invitation.invitee}`,
      run: () => void resend(),
    });
    const resend = async (): Promise<void> => {
      const client = this.context.api();
      if (client === null) return;
      const sent = await sendInvitationEmail(client, invitation.id, pageInvitationLink(invitation.id), { timeoutMs: REQUEST_TIMEOUT_MS });
      if (sent.outcome === "sent") {
        panel?.remove();
        messages.notify(`Invitation email sent to ${invitation.invitee}.`);
      } else {
        this.offerResend(invitation, sent.error);
      }
    };
  }
}
