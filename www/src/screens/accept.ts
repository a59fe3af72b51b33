// "Mark accepted…": accepts a pending invitation on behalf of a user the operator picks (the
// users whose primary email matches first). Logto checks the rest (acceptedUserId required, the
// status, the email match). Owns its form and the invitation it is for.
import type { OrganizationInvitation } from "logto-invitations";
import { busy, dialogErrors, isBusy, onSubmit } from "../dialogs";
import { byId, el } from "../dom";
import { REQUEST_TIMEOUT_MS } from "../forms";
import type { User } from "../lookups";
import type { DashboardContext } from "./context";

export class AcceptScreen {
  private invitation: OrganizationInvitation | null = null;
  private readonly dialog = byId("accept-dialog", HTMLDialogElement);
  private readonly form = byId("accept-form", HTMLFormElement);
  private readonly text = byId("accept-text", HTMLParagraphElement);
  private readonly user = byId("accept-user", HTMLSelectElement);

  constructor(private readonly context: DashboardContext) {
    onSubmit(this.form, () => this.submit());
  }

  open(invitation: OrganizationInvitation): void {
    const { directory } = this.context;
    this.invitation = invitation;
    this.context.messages.clearErrors(dialogErrors(this.dialog));
    this.text.textContent = `${invitation.invitee} is invited to ${directory.organizationName(invitation.organizationId)} (status: ${invitation.status}).`;
    const matches = (u: User): boolean => u.primaryEmail !== null && u.primaryEmail.toLowerCase() === invitation.invitee.toLowerCase();
    const users = [...directory.users].sort((a, b) => Number(matches(b)) - Number(matches(a)));
    this.user.replaceChildren(
      el("option", { value: "" }, "Choose a user…"),
      ...users.map((u) =>
        el("option", { value: u.id }, `${u.label}${u.primaryEmail === null ? "" : ` (${u.primaryEmail})`}${matches(u) ? " ✓ email matches" : ""}`),
      ),
    );
    this.user.value = users.find(matches)?.id ?? "";
    this.context.dialogs.open(this.dialog, this.user);
  }

  private async submit(): Promise<void> {
    const invitation = this.invitation;
    const client = this.context.api();
    if (client === null || invitation === null || isBusy(this.form)) return;
    const { directory, messages, list } = this.context;
    const errors = dialogErrors(this.dialog);
    messages.clearErrors(errors);
    const userId = this.user.value;
    try {
      // No user chosen is sent as is: Logto answers that `acceptedUserId` is required.
      const updated = await busy(this.form, () =>
        client.replaceOrganizationInvitationStatus(invitation.id, { status: "Accepted", acceptedUserId: userId || null }, { timeoutMs: REQUEST_TIMEOUT_MS }),
      );
      this.dialog.close();
      messages.notify(`${updated.invitee} joined ${directory.organizationName(updated.organizationId)}: invitation accepted on behalf of ${directory.userLabel(userId)}.`);
      list.highlight(updated.id);
      await list.load();
    } catch (error) {
      messages.showError(`Could not mark the invitation to ${invitation.invitee} accepted`, error, errors);
      this.user.focus();
    }
  }
}
