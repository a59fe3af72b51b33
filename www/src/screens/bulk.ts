// The bulk invite dialog: pasted addresses (folded, counted), one organization, roles, inviter
// and expiry; then a run with at most BULK_CONCURRENCY creates in flight, a progress bar and a
// result per address read from Logto's answer (../bulk.ts does the calls). Cancel (or Escape)
// stops what has not started. Owns its form and the run in progress.
import { bulkInvite, OUTCOME_LABELS, parseAddresses, tally, type BulkOutcome, type BulkResult } from "../bulk";
import { dialogErrors, onSubmit } from "../dialogs";
import { all, byId, el, setOptions } from "../dom";
import { organizationOptions, pageInvitationLink, REQUEST_TIMEOUT_MS, roleChecks, userOptions } from "../forms";
import { sendInvitationEmail } from "../invitation-email";
import type { DashboardContext } from "./context";

/** Creates in flight at most, in a bulk invite. */
const BULK_CONCURRENCY = 4;

function summaryText(results: readonly (BulkResult | undefined)[], folded: number, cancelled: boolean): string {
  const counts = tally(results);
  const parts: string[] = [];
  const order: [BulkOutcome, string, string][] = [
    ["created", "invited", "invited"],
    ["email_not_sent", "invited without the email (not sent)", "invited without the email (not sent)"],
    ["already_pending", "already pending", "already pending"],
    ["already_member", "already a member", "already members"],
    ["not_an_email", "not an email address", "not email addresses"],
    ["rate_limited", "rate limited", "rate limited"],
    ["no_answer", "without an answer", "without an answer"],
    ["refused", "refused", "refused"],
    ["cancelled", "not sent (cancelled)", "not sent (cancelled)"],
  ];
  for (const [outcome, one, many] of order) if (counts[outcome] > 0) parts.push(`${counts[outcome]} ${counts[outcome] === 1 ? one : many}`);
  const head = cancelled ? "Cancelled" : "Done";
  return `${head}: ${parts.join(", ")}${folded === 0 ? "" : `; ${folded} repeated ${folded === 1 ? "address" : "addresses"} folded`}.`;
}

export class BulkScreen {
  private run: AbortController | null = null;
  private readonly dialog = byId("bulk-dialog", HTMLDialogElement);
  private readonly form = byId("bulk-form", HTMLFormElement);
  private readonly addresses = byId("bulk-addresses", HTMLTextAreaElement);
  private readonly parsed = byId("bulk-parsed", HTMLParagraphElement);
  private readonly organization = byId("bulk-organization", HTMLSelectElement);
  private readonly inviter = byId("bulk-inviter", HTMLSelectElement);
  private readonly roles = byId("bulk-roles", HTMLDivElement);
  private readonly expiry = byId("bulk-expiry", HTMLSelectElement);
  private readonly sendEmail = byId("bulk-send-email", HTMLInputElement);
  private readonly fields = byId("bulk-fields", HTMLDivElement);
  private readonly setup = byId("bulk-setup", HTMLParagraphElement);
  private readonly runArea = byId("bulk-run", HTMLElement);
  private readonly progressBar = byId("bulk-progress", HTMLProgressElement);
  private readonly count = byId("bulk-count", HTMLSpanElement);
  private readonly summary = byId("bulk-summary", HTMLParagraphElement);
  private readonly results = byId("bulk-results", HTMLTableSectionElement);
  private readonly closeButton = byId("bulk-close", HTMLButtonElement);
  private readonly cancelButton = byId("bulk-cancel", HTMLButtonElement);
  private readonly again = byId("bulk-again", HTMLButtonElement);
  private readonly start = byId("bulk-start", HTMLButtonElement);

  constructor(private readonly context: DashboardContext) {
    this.addresses.addEventListener("input", () => this.describeParsed());
    // Ctrl+Enter in the address list starts the run (Enter alone is a new line).
    this.addresses.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.form.requestSubmit();
      }
    });
    onSubmit(this.form, () => this.submit());
    this.cancelButton.addEventListener("click", () => this.cancel());
    this.again.addEventListener("click", () => {
      this.reset();
      this.addresses.value = "";
      this.describeParsed();
      this.addresses.focus();
    });
    // Escape during a run cancels what has not started, and keeps the results on screen.
    this.dialog.addEventListener("cancel", (event) => {
      if (this.run === null) return;
      event.preventDefault();
      this.cancel();
    });
    this.dialog.addEventListener("close", () => this.cancel());
  }

  /** The lookups changed: the organizations, inviters and roles offered. */
  showLookups(): void {
    const { directory } = this.context;
    setOptions(this.organization, organizationOptions(directory));
    setOptions(this.inviter, [{ value: "", label: "No inviter" }, ...userOptions(directory)]);
    this.roles.replaceChildren(...roleChecks(directory, "bulk-role"));
  }

  open(): void {
    if (this.run !== null) return;
    const { directory, list } = this.context;
    this.context.messages.clearErrors(dialogErrors(this.dialog));
    if (!this.again.hidden) {
      // After a run, reopening starts afresh ("New list" keeps the settings for another batch).
      this.form.reset();
      this.reset();
    }
    const organizationId = list.view.organizationId;
    if (organizationId !== "" && directory.organizations.some((o) => o.id === organizationId)) {
      this.organization.value = organizationId;
    }
    this.describeParsed();
    this.context.dialogs.open(this.dialog, this.addresses);
  }

  private controls(): (HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement)[] {
    return [this.addresses, this.organization, this.inviter, this.expiry, this.sendEmail, ...all(this.roles, "input", HTMLInputElement)];
  }

  private describeParsed(): number {
    const parsed = parseAddresses(this.addresses.value);
    const count = parsed.addresses.length;
    const folded = parsed.duplicates.length;
    this.parsed.textContent =
      count === 0
        ? "Separate addresses with commas, spaces or new lines. Repeats are folded (ignoring case)."
        : `${count} ${count === 1 ? "address" : "addresses"}${folded === 0 ? "" : ` (${folded} ${folded === 1 ? "repeat" : "repeats"} folded)`}. Logto checks each one.`;
    this.start.textContent = count === 0 ? "Invite" : `Invite ${count} ${count === 1 ? "address" : "addresses"}`;
    return count;
  }

  private reset(): void {
    this.fields.hidden = false;
    this.setup.hidden = true;
    this.runArea.hidden = true;
    this.results.replaceChildren();
    this.summary.textContent = "";
    this.start.hidden = false;
    this.again.hidden = true;
    this.cancelButton.hidden = true;
    this.closeButton.hidden = false;
    for (const control of this.controls()) control.disabled = false;
    this.describeParsed();
  }

  private async submit(): Promise<void> {
    const client = this.context.api();
    if (client === null || this.run !== null) return;
    const { directory, messages, list } = this.context;
    const errors = dialogErrors(this.dialog);
    messages.clearErrors(errors);
    const parsed = parseAddresses(this.addresses.value);
    if (parsed.addresses.length === 0) {
      this.parsed.textContent = "Paste at least one address first.";
      this.addresses.focus();
      return;
    }
    const roleIds = all(this.roles, 'input[name="bulk-role"]:checked', HTMLInputElement).map((i) => i.value);
    const sendEmail = this.sendEmail.checked;
    const expiresAt = Date.now() + Number(this.expiry.value);
    const organizationId = this.organization.value;

    const run = new AbortController();
    this.run = run;
    for (const control of this.controls()) control.disabled = true;
    // The results take the form's place; "New list" brings it back.
    const roleNames = directory.roles.filter((r) => roleIds.includes(r.id)).map((r) => r.name);
    this.setup.textContent = [
      directory.organizationName(organizationId),
      roleNames.length === 0 ? "no roles" : `roles: ${roleNames.join(", ")}`,
      this.inviter.value === "" ? "no inviter" : `inviter: ${directory.userLabel(this.inviter.value)}`,
      `expires in ${this.expiry.selectedOptions[0]?.textContent ?? ""}`,
      sendEmail ? "with emails" : "no emails",
    ].join(" · ");
    this.setup.hidden = false;
    this.fields.hidden = true;
    this.start.hidden = true;
    this.closeButton.hidden = true;
    this.cancelButton.hidden = false;
    this.cancelButton.focus();
    this.runArea.hidden = false;
    const total = parsed.addresses.length;
    this.progressBar.max = total;
    this.progressBar.value = 0;
    this.summary.textContent = `Inviting ${total} ${total === 1 ? "address" : "addresses"} to ${directory.organizationName(organizationId)}…`;
    const cells = parsed.addresses.map((address) => {
      // Explicit roles: on phones the rows are restyled as blocks, which would drop table semantics.
      const result = el("td", { role: "cell", class: "result result-waiting" }, "Waiting");
      const answer = el("td", { role: "cell", class: "answer" });
      this.results.append(el("tr", { role: "row", "data-address": address }, el("td", { role: "cell", class: "address" }, address), result, answer));
      return { result, answer };
    });
    const settled: (BulkResult | undefined)[] = parsed.addresses.map(() => undefined);
    const progress = (): void => {
      const done = settled.filter((r) => r !== undefined && r.outcome !== "cancelled").length;
      this.progressBar.value = done;
      this.count.textContent = `${done} of ${total}`;
    };
    progress();

    const results = await bulkInvite(
      client,
      parsed.addresses,
      {
        organizationId,
        expiresAt,
        inviterId: this.inviter.value || null,
        organizationRoleIds: roleIds,
      },
      {
        // Each email links to its own invitation's page, sent once the invitation exists.
        link: sendEmail ? pageInvitationLink : null,
        concurrency: BULK_CONCURRENCY,
        signal: run.signal,
        timeoutMs: REQUEST_TIMEOUT_MS,
        onResult: (result, index) => {
          settled[index] = result;
          const cell = cells[index];
          if (cell !== undefined) {
            cell.result.className = `result result-${result.outcome}`;
            cell.result.textContent = OUTCOME_LABELS[result.outcome];
            const facts = [result.status, result.code].filter((f) => f !== undefined).join(" ");
            cell.answer.textContent =
              result.outcome === "created"
                ? "201 Created"
                : result.outcome === "email_not_sent"
                  ? `201 Created; the email: ${facts === "" ? "" : `${facts}: `}${result.message ?? ""}`
                  : `${facts === "" ? "" : `${facts}: `}${result.message ?? ""}`;
            if (result.outcome === "email_not_sent" && result.invitation !== undefined) cell.answer.append(" ", this.resendButton(result.invitation.id, result.address, cell));
          }
          progress();
        },
      },
    );
    this.run = null;
    const cancelled = run.signal.aborted;
    this.summary.textContent = summaryText(results, parsed.duplicates.length, cancelled);
    this.cancelButton.hidden = true;
    this.closeButton.hidden = false;
    this.again.hidden = false;
    this.again.focus();
    messages.notify(`Bulk invite ${this.summary.textContent.charAt(0).toLowerCase()}${this.summary.textContent.slice(1)}`);
    await list.load();
  }

  /** The invitation exists but its email failed: a button that sends it again. */
  private resendButton(id: string, address: string, cell: { result: HTMLElement; answer: HTMLElement }): HTMLElement {
    const button = el("button", { type: "button", class: "btn btn-small", "aria-label": `Resend the email to ${address}` }, "Resend");
    button.addEventListener("click", () => {
      const client = this.context.api();
      if (client === null || button.getAttribute("aria-disabled") === "true") return;
      button.setAttribute("aria-disabled", "true");
      void sendInvitationEmail(client, id, pageInvitationLink(id), { timeoutMs: REQUEST_TIMEOUT_MS }).then((sent) => {
        if (sent.outcome === "sent") {
          cell.result.className = "result result-created";
          cell.result.textContent = "Invited; email sent again";
          cell.answer.textContent = "201 Created; the email: sent";
          this.context.messages.notify(`Invitation email sent to ${address}.`);
        } else {
          button.removeAttribute("aria-disabled");
          this.context.messages.showError(`Could not resend the invitation email to ${address}`, sent.error, dialogErrors(this.dialog));
        }
      });
    });
    return button;
  }

  private cancel(): void {
    if (this.run === null || this.run.signal.aborted) return;
    this.run.abort();
    this.summary.textContent = "Cancelling: the invitations already sent finish; the rest are not sent.";
  }
}
