// Pieces the invite forms share: the role checkboxes, the organization and user options, and a
// field's error message (aria-invalid with Logto's words).
import type { Directory } from "./directory";
import { el } from "./dom";
import { invitationLink } from "./invitee";

/** One checkbox per organization role (or a note that none are loaded). */
export function roleChecks(directory: Directory, name: string): HTMLElement[] {
  if (directory.roles.length === 0) return [el("span", { class: "muted" }, "No organization roles loaded")];
  return directory.roles.map((role) =>
    el(
      "label",
      { class: "check" },
      el("input", { type: "checkbox", name, value: role.id }),
      el("span", {}, role.name),
    ),
  );
}

export function organizationOptions(directory: Directory): { value: string; label: string }[] {
  return directory.organizations.map((o) => ({ value: o.id, label: o.name }));
}

export function userOptions(directory: Directory): { value: string; label: string }[] {
  return directory.users.map((u) => ({ value: u.id, label: u.primaryEmail === null ? u.label : `${u.label} (${u.primaryEmail})` }));
}

/** Marks `field` invalid with `text` shown in `message`, or clears both (null). */
export function setFieldError(field: HTMLElement, message: HTMLElement, text: string | null): void {
  if (text === null) {
    field.removeAttribute("aria-invalid");
    message.textContent = "";
    message.hidden = true;
  } else {
    field.setAttribute("aria-invalid", "true");
    message.textContent = text;
    message.hidden = false;
  }
}

/** The email's `link` template variable: this page's invitation page, `/invitations/{id}`. */
export function pageInvitationLink(id: string): string {
  return invitationLink(location.origin, id);
}

/** How long the page waits for one call. */
export const REQUEST_TIMEOUT_MS = 20_000;
