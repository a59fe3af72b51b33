// Which row actions each status allows. Logto changes a status only from Pending (Accepted,
// Revoked and Expired answer 422), resending an unusable invitation helps no one, and renewing an
// Accepted one fails (the invitee is a member). So the page offers only what can work; the one
// control shown but unavailable (Renew on an Accepted row) says why. Logto stays the authority:
// a row changed elsewhere since the list loaded still gets Logto's answer.
import type { OrganizationInvitationStatus } from "logto-invitations";

export type RowAction = "resend" | "revoke" | "renew" | "delete" | "accept";

export interface ActionSpec {
  action: RowAction;
  /** The button's text. */
  label: string;
  /** False: shown as an unavailable control (`aria-disabled`) with `reason`. */
  available: boolean;
  /** Why it is unavailable. */
  reason?: string;
  /** In the row's "More actions" menu rather than a button. */
  inMenu?: boolean;
  /** Destructive (styled as such). */
  danger?: boolean;
  /** Opens a dialog. */
  opensDialog?: boolean;
}

/** The actions shown for an invitation with this status, in display order. */
export function actionsFor(status: OrganizationInvitationStatus): ActionSpec[] {
  const remove: ActionSpec = { action: "delete", label: "Delete", available: true, danger: true, opensDialog: true };
  switch (status) {
    case "Pending":
      return [
        { action: "resend", label: "Resend", available: true },
        { action: "revoke", label: "Revoke", available: true, opensDialog: true },
        remove,
        { action: "accept", label: "Mark accepted…", available: true, inMenu: true, opensDialog: true },
      ];
    case "Accepted":
      return [
        {
          action: "renew",
          label: "Renew",
          available: false,
          reason: "Accepted: the invitee is already a member of the organization, so there is nothing to renew.",
        },
        remove,
      ];
    case "Revoked":
    case "Expired":
      return [{ action: "renew", label: "Renew", available: true, opensDialog: true }, remove];
  }
}
