// The invitation page, `/invitations/{id}`: the link in the invitation email. It shows the
// signed-in person their own invitation (the organization's name, who invited them, the roles,
// the expiry) through the package's `InvitationAcceptanceApi` and the server's
// `createInvitationAcceptance`, and accepts it. Not signed in: the sign-in, then back here.
// Someone else's invitation or an unknown ID: "not found" (the server answers both alike).
// Expired, revoked, already accepted: said so, with nothing to accept. Accepted: a way to switch
// to the organization. Owns the invitation shown and the accept in flight.
import type { InvitationAcceptanceApi, InvitationForInvitee } from "logto-invitations";
import { el } from "../dom";
import { errorPanel, isAbort } from "../errors";
import { REQUEST_TIMEOUT_MS } from "../forms";
import { absoluteTime, relativeTime } from "../format";
import { invitationState, inviteeFailure } from "../invitee";

export interface InvitationPageOptions {
  /** The invitation's ID (from the path). */
  id: string;
  api: InvitationAcceptanceApi;
  /** Who is signed in, as the page names them (null: nobody, or unknown). */
  signedInAs: string | null;
  /** Nobody is signed in (the server's 401): show the sign-in instead of this page. */
  signIn: () => void;
  /** Offered when the invitation is not found: sign in with another account (null: no such thing here). */
  switchUser: (() => Promise<void>) | null;
  /** Where "switch to the organization" leads. */
  organizationHref: (organizationId: string) => string;
}

type View =
  | { kind: "loading" }
  | { kind: "invitation"; invitation: InvitationForInvitee; note?: string }
  | { kind: "joined"; invitation: InvitationForInvitee; organizationId: string }
  | { kind: "not_found" }
  | { kind: "failed"; error: unknown };

export class InvitationScreen {
  /** The accept in flight (a second click does nothing). */
  private accepting = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly options: InvitationPageOptions,
  ) {}

  async load(): Promise<void> {
    this.show({ kind: "loading" }, false);
    try {
      const invitation = await this.options.api.getInvitation(this.options.id, { timeoutMs: REQUEST_TIMEOUT_MS });
      this.show({ kind: "invitation", invitation });
    } catch (error) {
      this.showFailure(error, null);
    }
  }

  private showFailure(error: unknown, invitation: InvitationForInvitee | null): void {
    if (isAbort(error)) return;
    const failure = inviteeFailure(error);
    if (failure === "sign_in") {
      this.root.hidden = true;
      this.options.signIn();
      return;
    }
    if (failure === "not_found") {
      this.show({ kind: "not_found" });
      return;
    }
    if (invitation !== null && (failure === "expired" || failure === "revoked" || failure === "accepted")) {
      // The state changed since the page was loaded: the server's answer says how.
      const status = failure === "expired" ? "Expired" : failure === "revoked" ? "Revoked" : "Accepted";
      const facts = error instanceof Error ? error.message : String(error);
      this.show({ kind: "invitation", invitation: { ...invitation, status }, note: `Not accepted: ${facts}` });
      return;
    }
    this.show({ kind: "failed", error });
  }

  private async accept(invitation: InvitationForInvitee, button: HTMLButtonElement): Promise<void> {
    if (this.accepting) return;
    this.accepting = true;
    button.setAttribute("aria-disabled", "true");
    button.textContent = "Accepting…";
    try {
      const { organizationId } = await this.options.api.acceptInvitation(invitation.id, { timeoutMs: REQUEST_TIMEOUT_MS });
      this.show({ kind: "joined", invitation, organizationId });
    } catch (error) {
      this.showFailure(error, invitation);
    } finally {
      this.accepting = false;
    }
  }

  /** Renders a view and moves focus to its heading (so that the change is announced). */
  private show(view: View, focus = true): void {
    this.root.hidden = false;
    const title = el("h2", { id: "invitation-title", tabindex: "-1" });
    const body: (Node | null)[] = [];
    switch (view.kind) {
      case "loading":
        title.textContent = "Your invitation";
        body.push(el("p", { class: "muted", role: "status" }, "Loading the invitation…"));
        break;
      case "invitation":
        body.push(...this.invitationView(view.invitation, title, view.note));
        break;
      case "joined": {
        const name = view.invitation.organization.name;
        title.textContent = `You joined ${name}`;
        body.push(
          el("p", { role: "status" }, `You are now a member of ${name}${rolesPhrase(view.invitation)}.`),
          this.facts(view.invitation),
          el(
            "p",
            { class: "invitation-actions" },
            el("a", { class: "btn btn-primary", href: this.options.organizationHref(view.organizationId), id: "switch-organization" }, `Switch to ${name}`),
          ),
          el("p", { class: "muted" }, "A real app switches to the organization here (its organization context, or an organization token for this organization ID)."),
        );
        break;
      }
      case "not_found":
        title.textContent = "Invitation not found";
        body.push(
          el(
            "p",
            {},
            this.options.signedInAs === null
              ? "No invitation with this link is addressed to you."
              : `No invitation with this link is addressed to ${this.options.signedInAs}.`,
            " It may have been sent to another email address (sign in with that account), or it no longer exists.",
          ),
        );
        if (this.options.switchUser !== null) body.push(this.switchUserButton(this.options.switchUser));
        break;
      case "failed":
        title.textContent = "The invitation could not be loaded";
        body.push(
          errorPanel("Could not load the invitation", view.error, () => this.root.querySelector(".error")?.remove()),
          el("p", {}, this.retryButton()),
        );
        break;
    }
    this.root.replaceChildren(el("section", { class: "card invitation", "aria-labelledby": "invitation-title" }, title, ...body));
    if (focus) title.focus();
  }

  private invitationView(invitation: InvitationForInvitee, title: HTMLElement, note: string | undefined): Node[] {
    const name = invitation.organization.name;
    const state = invitationState(invitation, Date.now());
    const parts: Node[] = [];
    const who = this.options.signedInAs;
    const line = (text: string, role?: string): HTMLElement => el("p", role === undefined ? {} : { role }, text);
    if (note !== undefined) parts.push(el("p", { class: "invitation-note", role: "alert" }, note));
    switch (state) {
      case "open": {
        title.textContent = `Join ${name}`;
        const inviter = invitation.inviter === null ? "You are invited" : `${invitation.inviter.name} invited you`;
        parts.push(line(`${inviter} to join ${name}${rolesPhrase(invitation)}.`));
        parts.push(this.facts(invitation));
        const button = el("button", { type: "button", class: "btn btn-primary", id: "accept-invitation" }, `Accept and join ${name}`);
        button.addEventListener("click", () => void this.accept(invitation, button));
        parts.push(el("p", { class: "invitation-actions" }, button));
        if (who !== null) parts.push(el("p", { class: "muted" }, `Signed in as ${who}.`));
        break;
      }
      case "expired":
        title.textContent = "This invitation has expired";
        parts.push(line(`The invitation to join ${name} expired ${relativeTime(invitation.expiresAt, Date.now())} (${absoluteTime(invitation.expiresAt)}). Ask ${invitation.inviter?.name ?? "the organization"} for a new one.`));
        parts.push(this.facts(invitation));
        break;
      case "revoked":
        title.textContent = "This invitation was revoked";
        parts.push(line(`The invitation to join ${name} was withdrawn. Ask ${invitation.inviter?.name ?? "the organization"} for a new one if you still need access.`));
        parts.push(this.facts(invitation));
        break;
      case "accepted":
        title.textContent = "This invitation was already accepted";
        parts.push(line(`The invitation to join ${name} has been accepted: it cannot be accepted again.`));
        parts.push(this.facts(invitation));
        parts.push(
          el("p", { class: "invitation-actions" }, el("a", { class: "btn btn-ghost", href: this.options.organizationHref(invitation.organization.id), id: "switch-organization" }, `Go to ${name}`)),
        );
        break;
    }
    return parts;
  }

  private facts(invitation: InvitationForInvitee): HTMLElement {
    const fact = (term: string, value: Node | string): HTMLElement => el("div", {}, el("dt", {}, term), el("dd", {}, value));
    const now = Date.now();
    const expiry = `${invitation.expiresAt <= now ? "expired" : "expires"} ${relativeTime(invitation.expiresAt, now)} (${absoluteTime(invitation.expiresAt)})`;
    return el(
      "dl",
      { class: "invitation-facts" },
      fact("Organization", invitation.organization.name),
      fact("Invited by", invitation.inviter?.name ?? "not named"),
      fact(
        "Roles",
        invitation.organizationRoles.length === 0
          ? "no roles"
          : el("ul", { class: "chips", "aria-label": "Roles" }, ...invitation.organizationRoles.map((r) => el("li", { class: "chip" }, r.name))),
      ),
      fact("Expiry", expiry),
    );
  }

  private switchUserButton(switchUser: () => Promise<void>): HTMLElement {
    const status = el("span", { class: "signin-status", role: "alert" });
    const button = el("button", { type: "button", class: "btn btn-ghost", id: "invitation-switch-user" }, "Sign in with another account");
    button.addEventListener("click", () => {
      switchUser().catch((error: unknown) => {
        status.textContent = error instanceof Error ? error.message : String(error);
      });
    });
    return el("p", { class: "invitation-actions" }, button, status);
  }

  private retryButton(): HTMLElement {
    const button = el("button", { type: "button", class: "btn btn-ghost" }, "Try again");
    button.addEventListener("click", () => void this.load());
    return button;
  }
}

function rolesPhrase(invitation: InvitationForInvitee): string {
  const names = invitation.organizationRoles.map((r) => r.name);
  return names.length === 0 ? "" : ` as ${names.join(", ")}`;
}
